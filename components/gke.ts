import type { CertMode } from "./args";
import { milvusPorts } from "./milvus";

/** A Kubernetes object as plain data: what the component applies and what tests and renderers check. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string; annotations?: Record<string, string>; labels?: Record<string, string> };
    [field: string]: unknown;
}

/** Names and choices the GKE objects depend on. */
export interface GkeSettings {
    domain: string;
    certMode: CertMode;
    namespace: string;
    serveAnyHost: boolean;
    /** The Milvus Service the load balancer sends traffic to. */
    serviceName: string;
    backendConfigName: string;
    ingressName: string;
    /** The `kubernetes.io/tls` Secret with the front-end certificate (self-managed mode). */
    frontendTlsSecretName: string;
    /** The ManagedCertificate (google-managed mode). */
    managedCertificateName: string;
}

/**
 * Backend timeout in seconds. GKE's default of 30 s bounds the whole request or stream on an HTTP/2 backend, so
 * longer gRPC calls (bulk inserts, index builds, big searches) would end in 502; 600 s matches the front end's
 * 600 s keep-alive toward backends (GKE Ingress docs, "BackendConfig timeoutSec").
 */
export const backendTimeoutSec = 600;

/**
 * The BackendConfig (cloud.google.com/v1) the Milvus Service points at. With NEGs GKE infers nothing from the
 * pods' readiness probe on a different port, so without it the health check probes 19530 with plain HTTP and fails;
 * Milvus answers `/healthz` on 9091 over plain HTTP (200 "OK" when healthy), a containerPort of the serving pod.
 */
export function backendConfig(s: GkeSettings): KubeObject {
    return {
        apiVersion: "cloud.google.com/v1",
        kind: "BackendConfig",
        metadata: { name: s.backendConfigName, namespace: s.namespace },
        spec: {
            healthCheck: {
                type: "HTTP",
                port: milvusPorts.metrics.port,
                requestPath: "/healthz",
                checkIntervalSec: 10,
                timeoutSec: 5,
                healthyThreshold: 1,
                unhealthyThreshold: 3,
            },
            timeoutSec: backendTimeoutSec,
        },
    };
}

/**
 * Annotations the load balancer needs on the Milvus Service: container-native load balancing (NEG), HTTP/2 to the
 * gRPC port (`app-protocols` is keyed by the Service's port NAME), and the BackendConfig for the health check.
 */
export function serviceAnnotations(s: GkeSettings): Record<string, string> {
    return {
        "cloud.google.com/neg": JSON.stringify({ ingress: true }),
        "cloud.google.com/app-protocols": JSON.stringify({ [milvusPorts.grpc.name]: "HTTP2" }),
        "cloud.google.com/backend-config": JSON.stringify({ default: s.backendConfigName }),
    };
}

/** The annotation keys of {@link serviceAnnotations}: the component owns them on the Service. */
export const ownedServiceAnnotationKeys = [
    "cloud.google.com/neg",
    "cloud.google.com/app-protocols",
    "cloud.google.com/backend-config",
] as const;

/** What is applied to the chart's Service: only the annotations (server-side apply leaves the rest to Helm). */
export function milvusServicePatch(s: GkeSettings): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: s.serviceName, namespace: s.namespace, annotations: serviceAnnotations(s) },
    };
}

/** A Google-managed certificate (networking.gke.io/v1) for the domain; google-managed mode only. */
export function managedCertificate(s: GkeSettings): KubeObject {
    return {
        apiVersion: "networking.gke.io/v1",
        kind: "ManagedCertificate",
        metadata: { name: s.managedCertificateName, namespace: s.namespace },
        spec: { domains: [s.domain] },
    };
}

/**
 * The GCE Ingress that makes the external Application Load Balancer. The class goes in the annotation, never in
 * `spec.ingressClassName` (GKE ignores an Ingress with ingressClassName and no gce annotation); port 80 is closed
 * (`allow-http: "false"`) so the endpoint is TLS-only.
 */
export function ingress(s: GkeSettings): KubeObject {
    const milvusBackend = { service: { name: s.serviceName, port: { number: milvusPorts.grpc.port } } };
    const selfManaged = s.certMode === "self-managed";
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
            name: s.ingressName,
            namespace: s.namespace,
            annotations: {
                "kubernetes.io/ingress.class": "gce",
                "kubernetes.io/ingress.allow-http": "false",
                ...(selfManaged ? {} : { "networking.gke.io/managed-certificates": s.managedCertificateName }),
            },
        },
        spec: {
            ...(s.serveAnyHost ? { defaultBackend: milvusBackend } : {}),
            ...(selfManaged ? { tls: [{ hosts: [s.domain], secretName: s.frontendTlsSecretName }] } : {}),
            rules: [
                {
                    host: s.domain,
                    http: { paths: [{ path: "/", pathType: "Prefix", backend: milvusBackend }] },
                },
            ],
        },
    };
}
