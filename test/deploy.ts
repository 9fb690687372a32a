// Deploying one component on the in-process engine, for the component tests: what it registers, named by role.
import { engine, reveal } from "./engine";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { chartService, objectProblems } from "../checks";
import { MilvusL7LoadBalancer, type MilvusL7LoadBalancerArgs } from "../components";
import type { KubeObject } from "../components/types";
import { milvusHelmValues } from "../components/chartValues";
import { resolveSettings } from "../components/settings";
import { withPlainNames } from "./argumentProblems";
import type { MilvusL7Settings } from "../components/types";
import type { Registration } from "../harness/engine";

export const T = {
    key: "tls:index/privateKey:PrivateKey",
    cert: "tls:index/selfSignedCert:SelfSignedCert",
    secret: "kubernetes:core/v1:Secret",
    release: "kubernetes:helm.sh/v3:Release",
    backendConfig: "kubernetes:cloud.google.com/v1:BackendConfig",
    frontendConfig: "kubernetes:networking.gke.io/v1beta1:FrontendConfig",
    servicePatch: "kubernetes:core/v1:ServicePatch",
    managedCert: "kubernetes:networking.gke.io/v1:ManagedCertificate",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    address: "gcp:compute/globalAddress:GlobalAddress",
    internalAddress: "gcp:compute/address:Address",
    subnetwork: "gcp:compute/subnetwork:Subnetwork",
    regionSslPolicy: "gcp:compute/regionSslPolicy:RegionSslPolicy",
    sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
    securityPolicy: "gcp:compute/securityPolicy:SecurityPolicy",
    dns: "gcp:dns/recordSet:RecordSet",
    password: "random:index/randomPassword:RandomPassword",
    gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    healthCheckPolicy: "kubernetes:networking.gke.io/v1:HealthCheckPolicy",
    backendPolicy: "kubernetes:networking.gke.io/v1:GCPBackendPolicy",
    gatewayPolicy: "kubernetes:networking.gke.io/v1:GCPGatewayPolicy",
    sslCertificate: "gcp:compute/managedSslCertificate:ManagedSslCertificate",
    firewall: "gcp:compute/firewall:Firewall",
    dnsAuthorization: "gcp:certificatemanager/dnsAuthorization:DnsAuthorization",
    cmCertificate: "gcp:certificatemanager/certificate:Certificate",
    certificateMap: "gcp:certificatemanager/certificateMap:CertificateMap",
    certificateMapEntry: "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry",
};

export interface Deployed {
    component: MilvusL7LoadBalancer;
    settings: MilvusL7Settings;
    children: Registration[];
    one(type: string): Registration;
    all(type: string): Registration[];
}

/** A transformation for a component's options, inherited by every child: lists each resource as it is constructed. */
export function constructionList(): { refs: string[]; transformation: pulumi.ResourceTransformation } {
    const refs: string[] = [];
    return { refs, transformation: ({ type, name }) => void refs.push(`${type}::${name}`) };
}

export async function deploy(
    name: string,
    args: Partial<MilvusL7LoadBalancerArgs> = {},
    opts: pulumi.ComponentResourceOptions = {},
): Promise<Deployed> {
    const constructed = constructionList();
    const fullArgs = { domain: "my-release.milvus.io", ...args };
    const component = new MilvusL7LoadBalancer(name, fullArgs, {
        ...opts,
        transformations: [engine.transformation, constructed.transformation],
    });
    await engine.settled();
    const own = new Set(constructed.refs.filter((ref) => !ref.startsWith(`${MilvusL7LoadBalancer.typeToken}::`)));
    const children = engine.resources.filter((r) => own.has(`${r.type}::${r.name}`));
    const all = (type: string) => children.filter((c) => c.type === type);
    const one = (type: string) => {
        const found = all(type);
        assert.equal(found.length, 1, `exactly one ${type}`);
        return found[0];
    };
    return { component, settings: resolveSettings(fullArgs).settings, children, one, all };
}

/**
 * Constructs a component and waits for every registration, collecting what a program's language host would report as
 * the program's failure: a resource whose input fails rejects unhandled (@pulumi/pulumi runtime/resource.js,
 * runAsyncResourceOp), which node's test runner would otherwise count against the test.
 */
export async function failuresOf(construct: () => void): Promise<unknown[]> {
    const runners = process.listeners("unhandledRejection");
    const failures: unknown[] = [];
    const collect = (reason: unknown) => void failures.push(reason);
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", collect);
    try {
        construct();
        await engine.settled().catch((error: unknown) => failures.push(error));
        // Node reports a rejection as unhandled once the microtasks of the task that made it have run.
        await new Promise((resolve) => setImmediate(resolve));
    } finally {
        process.off("unhandledRejection", collect);
        for (const runner of runners) process.on("unhandledRejection", runner);
    }
    return failures;
}

/** Names of the resources a child was told to wait for. */
export const dependsOnOf = (c: Registration) => c.dependsOn.map((ref) => ref.split("::").pop()!).sort();
export const kubeObject = (c: Registration) => reveal(c.rawInputs) as KubeObject;
export const byName = (d: Deployed, name: string) => d.children.find((c) => c.name === name)!;
/** The children that are Kubernetes objects (everything from the kubernetes provider but the Helm release). */
export const objectChildren = (d: Deployed) =>
    d.children.filter((c) => c.type.startsWith("kubernetes:") && c.type !== T.release);

/** The Milvus Service the chart renders from the values for these settings. */
export const chartServiceOf = (s: MilvusL7Settings) =>
    chartService({ name: s.serviceName, namespace: withPlainNames(s).namespace }, milvusHelmValues(s));

/**
 * Every object applied is valid against its schema and, with the Service the chart renders from the release's values,
 * fits the GKE Ingress and Gateway rules (render's own check).
 */
export function assertValidObjects(d: Deployed): void {
    assert.deepEqual(objectProblems(objectChildren(d).map(kubeObject), chartServiceOf(d.settings)), []);
}
