// Validation of emitted objects against the real schemas: Kubernetes core types from kubernetes-models, GKE CRDs
// from @kubernetes-models/gke, the Gateway API from @kubernetes-models/gateway-api. They check types and shapes
// (unknown fields pass, and none has the CRDs' CEL rules); GKE controller rules are checked separately by
// gkeRuleProblems and gatewayRuleProblems.
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { BackendConfig } from "@kubernetes-models/gke/cloud.google.com/v1/BackendConfig";
import { GCPBackendPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/GCPBackendPolicy";
import { GCPGatewayPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/GCPGatewayPolicy";
import { HealthCheckPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/HealthCheckPolicy";
import { FrontendConfig } from "@kubernetes-models/gke/networking.gke.io/v1beta1/FrontendConfig";
import { ManagedCertificate } from "@kubernetes-models/gke/networking.gke.io/v1/ManagedCertificate";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { Volume } from "kubernetes-models/v1/Volume";
import { VolumeMount } from "kubernetes-models/v1/VolumeMount";

type Validatable = { validate(): void };
const models: Record<string, (object: never) => Validatable> = {
    "v1/Secret": (o) => new Secret(o),
    "v1/Service": (o) => new Service(o),
    "networking.k8s.io/v1/Ingress": (o) => new Ingress(o),
    "cloud.google.com/v1/BackendConfig": (o) => new BackendConfig(o),
    "networking.gke.io/v1/ManagedCertificate": (o) => new ManagedCertificate(o),
    "networking.gke.io/v1beta1/FrontendConfig": (o) => new FrontendConfig(o),
    "networking.gke.io/v1/HealthCheckPolicy": (o) => new HealthCheckPolicy(o),
    "networking.gke.io/v1/GCPBackendPolicy": (o) => new GCPBackendPolicy(o),
    "networking.gke.io/v1/GCPGatewayPolicy": (o) => new GCPGatewayPolicy(o),
    "gateway.networking.k8s.io/v1/Gateway": (o) => new Gateway(o),
    "gateway.networking.k8s.io/v1/HTTPRoute": (o) => new HTTPRoute(o),
};

/** Throws (with the schema's error list) unless `object` is a valid instance of its apiVersion/kind. */
export function validateObject(object: { apiVersion?: unknown; kind?: unknown }): void {
    const model = models[`${String(object.apiVersion)}/${String(object.kind)}`];
    if (!model) throw new Error(`no schema for ${String(object.apiVersion)}/${String(object.kind)}`);
    model(object as never).validate();
}

/** Throws (with the schema's error list) unless `volume` is a valid core/v1 Volume. */
export function validateVolume(volume: unknown): void {
    new Volume(volume as never).validate();
}

/** Throws (with the schema's error list) unless `mount` is a valid core/v1 VolumeMount. */
export function validateVolumeMount(mount: unknown): void {
    new VolumeMount(mount as never).validate();
}
