import type { CloudRefs, MilvusL7Settings } from "./types";
import { milvusPorts } from "./ports";

/**
 * How the load balancer checks a Milvus pod, in both modes: plain-HTTP `/healthz` on 9091 (200 "OK" when healthy),
 * every 10 s, 5 s to answer, healthy after one success, out after three failures.
 */
export const backendHealthCheck = {
    type: "HTTP",
    port: milvusPorts.metrics.port,
    requestPath: "/healthz",
    checkIntervalSec: 10,
    timeoutSec: 5,
    healthyThreshold: 1,
    unhealthyThreshold: 3,
} as const;

/**
 * The BackendConfig (cloud.google.com/v1) the Milvus Service points at. With NEGs GKE infers nothing from the
 * pods' readiness probe on a different port, so without it the health check probes 19530 with plain HTTP and fails;
 * Milvus answers `/healthz` on 9091 over plain HTTP (200 "OK" when healthy), a containerPort of the serving pod.
 */
export function backendConfig<Ref = string>(s: MilvusL7Settings, refs: Pick<CloudRefs<Ref>, "securityPolicyName">) {
    return {
        apiVersion: "cloud.google.com/v1" as const,
        kind: "BackendConfig" as const,
        metadata: { name: s.backendConfigName, namespace: s.namespace },
        spec: {
            healthCheck: backendHealthCheck,
            // GKE's 30 s default bounds a whole request or stream on an HTTP/2 backend; the default 600 s matches the
            // front end's 600 s keep-alive toward backends (GKE Ingress docs, "BackendConfig timeoutSec").
            timeoutSec: s.backendTimeoutSec,
            connectionDraining: { drainingTimeoutSec: s.drainingTimeoutSec },
            logging: { enable: s.logSampleRate > 0, sampleRate: s.logSampleRate },
            // An empty name detaches a policy attached before; leaving the field out would keep it enforced
            // (kubernetes/ingress-gce pkg/backends/features/securitypolicy.go skips a nil securityPolicy).
            securityPolicy: { name: refs.securityPolicyName ?? "" },
        },
    };
}

/**
 * The FrontendConfig (networking.gke.io/v1beta1) that puts the SSL policy on the load balancer's HTTPS proxy. No
 * HTTPS redirect: it would need port 80, which stays closed.
 */
export function frontendConfig<Ref = string>(s: MilvusL7Settings, refs: Pick<CloudRefs<Ref>, "sslPolicyName">) {
    return {
        apiVersion: "networking.gke.io/v1beta1" as const,
        kind: "FrontendConfig" as const,
        metadata: { name: s.frontendConfigName, namespace: s.namespace },
        spec: { sslPolicy: refs.sslPolicyName },
    };
}

/**
 * Annotations the load balancer needs on the Milvus Service: container-native load balancing (NEG), HTTP/2 to the
 * gRPC port (`app-protocols` is keyed by the Service's port NAME), and the BackendConfig for the health check.
 * They go in through the chart's `service.annotations`, so the Service has them from its first moment.
 */
export function serviceAnnotations(s: Pick<MilvusL7Settings, "backendConfigName">): Record<string, string> {
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

/**
 * The annotations applied to the Milvus Service by server-side apply, as the guide's "Service annotations" step: for
 * a release this component does not manage (its Service exists before the Ingress), and for a managed one as well,
 * where the chart's `service.annotations` carry the same values from the Service's first moment. Skips Pulumi's
 * Service await (ready endpoints): a managed release's own await covers Milvus's readiness, and for an existing
 * release `npm run verify` checks it end to end.
 */
export function milvusServicePatch(s: MilvusL7Settings) {
    return {
        apiVersion: "v1" as const,
        kind: "Service" as const,
        metadata: {
            name: s.serviceName,
            namespace: s.namespace,
            annotations: { ...serviceAnnotations(s), "pulumi.com/skipAwait": "true" },
        },
    };
}

/** A Google-managed certificate (networking.gke.io/v1) for the domain; google-managed mode only. */
export function managedCertificate(s: MilvusL7Settings) {
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "ManagedCertificate" as const,
        metadata: { name: s.managedCertificateName, namespace: s.namespace },
        spec: { domains: [s.domain] },
    };
}

/**
 * The GCE Ingress that makes the external Application Load Balancer. The class goes in the annotation, never in
 * `spec.ingressClassName` (GKE ignores an Ingress with ingressClassName and no gce annotation); port 80 is closed
 * (`allow-http: "false"`) so the endpoint is TLS-only; the FrontendConfig sets the minimum TLS version and the
 * reserved address, when there is one, keeps the IP across re-creations.
 */
export function ingress<Ref = string>(s: MilvusL7Settings, refs: Pick<CloudRefs<Ref>, "staticIpName">) {
    const milvusBackend = { service: { name: s.serviceName, port: { number: milvusPorts.grpc.port } } };
    const selfManaged = s.certMode === "self-managed";
    return {
        apiVersion: "networking.k8s.io/v1" as const,
        kind: "Ingress" as const,
        metadata: {
            name: s.ingressName,
            namespace: s.namespace,
            annotations: {
                "kubernetes.io/ingress.class": "gce",
                "kubernetes.io/ingress.allow-http": "false",
                "networking.gke.io/v1beta1.FrontendConfig": s.frontendConfigName,
                ...(refs.staticIpName === undefined ? {} : { "kubernetes.io/ingress.global-static-ip-name": refs.staticIpName }),
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
