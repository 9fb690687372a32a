// The ingress mode: the GCE Ingress and the GKE objects it reads (BackendConfig, FrontendConfig, ManagedCertificate),
// built from the front-end model as plain data, and the realizer that creates them, for the external (`gce`) and the
// internal (`gce-internal`) Application Load Balancer.
import { securityPolicyOf, type FrontEnd, type FrontEndRealizer } from "./frontEnd";
import { milvusPorts } from "./ports";
import * as k8s from "./sdk/kubernetes";
import type { CloudRefs, LoadBalancerScope, MilvusL7Settings, StringOrOutput } from "./types";

/**
 * What differs between the Ingress of the global external load balancer and of the regional internal one
 * (kubernetes/ingress-gce pkg/annotations/ingress.go: classes `gce` and `gce-internal`, `GlobalStaticIPNameKey` and
 * `RegionalStaticIPNameKey`):
 * - `frontendConfig`: the FrontendConfig's only use here is its SSL policy, which ingress-gce resolves as a global
 *   policy, one a regional proxy cannot use: the internal Ingress has none.
 * - `securityPolicy`: any `securityPolicy` in a BackendConfig, even `name: ""`, fails on a regional backend service
 *   ("cloud armor security policies not supported": pkg/backends/features/securitypolicy.go), so the internal
 *   Ingress's BackendConfig has no such field at all.
 */
export const ingressScopes = {
    external: {
        className: "gce",
        staticIpAnnotation: "kubernetes.io/ingress.global-static-ip-name",
        frontendConfig: true,
        securityPolicy: true,
    },
    internal: {
        className: "gce-internal",
        staticIpAnnotation: "kubernetes.io/ingress.regional-static-ip-name",
        frontendConfig: false,
        securityPolicy: false,
    },
} as const satisfies Record<LoadBalancerScope, unknown>;

/**
 * The BackendConfig (cloud.google.com/v1) the Milvus Service points at. With NEGs GKE infers nothing from the
 * pods' readiness probe on a different port, so without it the health check probes 19530 with plain HTTP and fails;
 * Milvus answers `/healthz` on 9091 over plain HTTP (200 "OK" when healthy), a containerPort of the serving pod.
 */
export function backendConfig<Ref = string, Name extends StringOrOutput = string>(
    fe: FrontEnd<Name>,
    refs: Pick<CloudRefs<Ref>, "securityPolicyName">,
) {
    return {
        apiVersion: "cloud.google.com/v1" as const,
        kind: "BackendConfig" as const,
        metadata: { name: fe.names.backendConfigName, namespace: fe.namespace },
        spec: {
            healthCheck: fe.backend.healthCheck,
            // GKE's 30 s default bounds a whole request or stream on an HTTP/2 backend; the default 600 s matches the
            // front end's 600 s keep-alive toward backends (GKE Ingress docs, "BackendConfig timeoutSec").
            timeoutSec: fe.backend.timeoutSec,
            connectionDraining: { drainingTimeoutSec: fe.backend.drainingTimeoutSec },
            logging: { enable: fe.backend.logging.enabled, sampleRate: fe.backend.logging.sampleRate },
            ...(ingressScopes[fe.scope].securityPolicy ? { securityPolicy: { name: securityPolicyOf(refs) } } : {}),
        },
    };
}

/**
 * The FrontendConfig (networking.gke.io/v1beta1) that puts the SSL policy on the load balancer's HTTPS proxy. No
 * HTTPS redirect: it would need port 80, which stays closed.
 */
export function frontendConfig<Ref = string, Name extends StringOrOutput = string>(
    fe: FrontEnd<Name>,
    refs: Pick<CloudRefs<Ref>, "sslPolicyName">,
) {
    return {
        apiVersion: "networking.gke.io/v1beta1" as const,
        kind: "FrontendConfig" as const,
        metadata: { name: fe.names.frontendConfigName, namespace: fe.namespace },
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
export function milvusServicePatch<Name extends StringOrOutput = string>(fe: FrontEnd<Name>) {
    return {
        apiVersion: "v1" as const,
        kind: "Service" as const,
        metadata: {
            name: fe.backend.serviceName,
            namespace: fe.namespace,
            annotations: { ...serviceAnnotations(fe.names), "pulumi.com/skipAwait": "true" },
        },
    };
}

/** A Google-managed certificate (networking.gke.io/v1) for the domain; google-managed mode only. */
export function managedCertificate<Name extends StringOrOutput = string>(fe: FrontEnd<Name>) {
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "ManagedCertificate" as const,
        metadata: { name: fe.names.managedCertificateName, namespace: fe.namespace },
        spec: { domains: [fe.hosts.domain] },
    };
}

/**
 * The GCE Ingress that makes the external Application Load Balancer (or, class `gce-internal`, the internal one). The
 * class goes in the annotation, never in `spec.ingressClassName` (GKE ignores an Ingress with ingressClassName and no
 * gce annotation); port 80 is closed (`allow-http: "false"`) so the endpoint is TLS-only; the FrontendConfig, where
 * the scope has one, sets the minimum TLS version and the reserved address (global or regional), when there is one,
 * keeps the IP across re-creations.
 */
export function ingress<Ref = string, Name extends StringOrOutput = string>(
    fe: FrontEnd<Name>,
    refs: Pick<CloudRefs<Ref>, "staticIpName">,
) {
    const milvusBackend = { service: { name: fe.backend.serviceName, port: { number: fe.backend.port } } };
    const { certificate, hosts, names } = fe;
    const scope = ingressScopes[fe.scope];
    const annotations: Record<string, string | Ref> = {
        "kubernetes.io/ingress.class": scope.className,
        "kubernetes.io/ingress.allow-http": "false",
        ...(scope.frontendConfig ? { "networking.gke.io/v1beta1.FrontendConfig": names.frontendConfigName } : {}),
        ...(refs.staticIpName === undefined ? {} : { [scope.staticIpAnnotation]: refs.staticIpName }),
        ...(certificate.source === "secret"
            ? {}
            : { "networking.gke.io/managed-certificates": names.managedCertificateName }),
    };
    return {
        apiVersion: "networking.k8s.io/v1" as const,
        kind: "Ingress" as const,
        metadata: {
            name: names.ingressName,
            namespace: fe.namespace,
            annotations,
        },
        spec: {
            ...(hosts.anyHost ? { defaultBackend: milvusBackend } : {}),
            ...(certificate.source === "secret"
                ? { tls: [{ hosts: [hosts.domain], secretName: certificate.secretName }] }
                : {}),
            rules: [
                {
                    host: hosts.domain,
                    http: { paths: [{ path: "/", pathType: "Prefix", backend: milvusBackend }] },
                },
            ],
        },
    };
}

/**
 * The ingress mode's resources. A Gateway ignores BackendConfig and FrontendConfig (GKE docs, "Deploying Gateways",
 * limitations), so these exist in this mode only.
 */
export const ingressFrontEnd: FrontEndRealizer = {
    kind: "Ingress",
    sslPolicyKind: { external: "global", internal: "none" },
    backendObjects: ({ name, child }, fe, refs) => [
        new k8s.apiextensions.CustomResource(`${name}-backend-config`, backendConfig(fe, refs), child),
    ],
    servicePatch: ({ name }, fe, options) =>
        new k8s.core.v1.ServicePatch(`${name}-service`, milvusServicePatch(fe), options),
    // Provisioning needs DNS pointing at the load balancer and takes 15-60 min; nothing waits on it.
    managedCertificate: ({ name, child }, fe) => ({
        resource: new k8s.apiextensions.CustomResource(`${name}-managed-cert`, managedCertificate(fe), child),
    }),
    loadBalancer({ name, child }, fe, refs, options) {
        const config = ingressScopes[fe.scope].frontendConfig
            ? [new k8s.apiextensions.CustomResource(`${name}-frontend-config`, frontendConfig(fe, refs), child)]
            : [];
        const gceIngress = new k8s.networking.v1.Ingress(`${name}-ingress`, ingress(fe, refs), options(config));
        return {
            ip: gceIngress.status.apply((status) => status?.loadBalancer?.ingress?.[0]?.ip ?? ""),
            name: gceIngress.metadata.name,
        };
    },
};
