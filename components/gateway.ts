// The gateway mode's objects as plain data: the GKE Gateway (gke-l7-global-external-managed), its HTTPRoute, GKE's
// policies (networking.gke.io/v1, GoogleCloudPlatform/gke-gateway-api) and the Milvus Service's appProtocol.
import { backendHealthCheck } from "./ingress";
import { sampleRateMillionths } from "./limits";
import { milvusPorts } from "./ports";
import type { CloudRefs, MilvusL7Settings } from "./types";

/** The GatewayClass of the global external Application Load Balancer (Envoy-based), the one Ingress's front end maps to. */
export const gatewayClassName = "gke-l7-global-external-managed";
/** The Gateway's only listener: HTTPS on 443. No port-80 listener, so the endpoint is TLS-only. */
export const httpsListenerName = "https";
/** GKE's listener TLS option that names Compute SSL certificates (GKE docs, "Secure a Gateway", pre-shared certificates). */
export const preSharedCertsOption = "networking.gke.io/pre-shared-certs";

/** Where the Gateway's names of GCP resources come from (the component passes outputs, tests and render strings). */
export interface GatewayRefs<Ref = string> extends Pick<CloudRefs<Ref>, "staticIpName"> {
    /** The Compute ManagedSslCertificate the listener presents (google-managed mode). */
    sslCertificateName?: Ref;
}

const serviceTarget = (s: MilvusL7Settings) => ({ group: "", kind: "Service", name: s.serviceName });

/**
 * The Milvus Service's gRPC port with `appProtocol: HTTP2`, applied by server-side apply (the chart has no value for
 * it). GKE Gateway has no GRPCRoute (GoogleCloudPlatform/gke-gateway-api#31): gRPC goes through an HTTPRoute, and the
 * load balancer speaks HTTP/2 to the pods only when the port says so; otherwise gRPC fails with "protocol error".
 * `port` and `protocol` are the keys of the Service's ports list under server-side apply. Skips Pulumi's Service
 * await, as the annotation patch of the ingress mode does.
 */
export function milvusServiceAppProtocolPatch(s: MilvusL7Settings) {
    return {
        apiVersion: "v1" as const,
        kind: "Service" as const,
        metadata: { name: s.serviceName, namespace: s.namespace, annotations: { "pulumi.com/skipAwait": "true" } },
        spec: { ports: [{ name: milvusPorts.grpc.name, port: milvusPorts.grpc.port, protocol: "TCP", appProtocol: "HTTP2" }] },
    };
}

/**
 * The health check of the Milvus backend: HTTP `/healthz` on 9091, a containerPort of the serving pods. Without it GKE
 * probes `GET /` on the serving port, which Milvus answers with nothing the load balancer counts as healthy ("no
 * healthy upstream"). The port is fixed, so `portSpecification` must be USE_FIXED_PORT (the CRD's CEL rule).
 */
export function healthCheckPolicy(s: MilvusL7Settings) {
    const { type, port, requestPath, ...timing } = backendHealthCheck;
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "HealthCheckPolicy" as const,
        metadata: { name: s.healthCheckPolicyName, namespace: s.namespace },
        spec: {
            default: { ...timing, config: { type, httpHealthCheck: { portSpecification: "USE_FIXED_PORT", port, requestPath } } },
            targetRef: serviceTarget(s),
        },
    };
}

/**
 * The GCPBackendPolicy of the Milvus Service: the backend timeout (GKE's 30 s default ends gRPC streams), connection
 * draining, request logging and, when asked for, the Cloud Armor policy by name.
 */
export function backendPolicy<Ref = string>(s: MilvusL7Settings, refs: Pick<CloudRefs<Ref>, "securityPolicyName">) {
    const logging = s.logSampleRate > 0 ? { enabled: true, sampleRate: sampleRateMillionths(s.logSampleRate) } : { enabled: false };
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "GCPBackendPolicy" as const,
        metadata: { name: s.backendPolicyName, namespace: s.namespace },
        spec: {
            default: {
                timeoutSec: s.backendTimeoutSec,
                connectionDraining: { drainingTimeoutSec: s.drainingTimeoutSec },
                // sampleRate "can only be specified if logging is enabled" (gke-gateway-api LoggingConfig).
                logging,
                ...(refs.securityPolicyName === undefined ? {} : { securityPolicy: refs.securityPolicyName }),
            },
            targetRef: serviceTarget(s),
        },
    };
}

/** The GCPGatewayPolicy that puts the SSL policy (minimum TLS version) on the Gateway's HTTPS proxy. */
export function gatewayPolicy<Ref = string>(s: MilvusL7Settings, refs: Pick<CloudRefs<Ref>, "sslPolicyName">) {
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "GCPGatewayPolicy" as const,
        metadata: { name: s.gatewayPolicyName, namespace: s.namespace },
        spec: { default: { sslPolicy: refs.sslPolicyName }, targetRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name: s.gatewayName } },
    };
}

/**
 * The Gateway: one HTTPS listener on 443 terminating TLS with the front-end certificate, on the reserved address when
 * there is one. Self-managed mode names the `kubernetes.io/tls` Secret (core group `""`, the only group GKE takes);
 * google-managed mode names a Compute ManagedSslCertificate, since the Gateway controller does not read the
 * ManagedCertificate resource (GKE docs, "Secure a Gateway"). `serveAnyHost` leaves the hostname out, so clients that
 * dial the IP are served. Pulumi waits until GKE has programmed the load balancer.
 */
export function gateway<Ref = string>(s: MilvusL7Settings, refs: GatewayRefs<Ref>) {
    const tls =
        s.certMode === "self-managed"
            ? { mode: "Terminate" as const, certificateRefs: [{ group: "", kind: "Secret", name: s.frontendTlsSecretName }] }
            : { mode: "Terminate" as const, options: { [preSharedCertsOption]: refs.sslCertificateName } };
    return {
        apiVersion: "gateway.networking.k8s.io/v1" as const,
        kind: "Gateway" as const,
        metadata: { name: s.gatewayName, namespace: s.namespace, annotations: { "pulumi.com/waitFor": "condition=Programmed" } },
        spec: {
            gatewayClassName,
            ...(refs.staticIpName === undefined ? {} : { addresses: [{ type: "NamedAddress", value: refs.staticIpName }] }),
            listeners: [{ name: httpsListenerName, protocol: "HTTPS", port: 443, ...(s.serveAnyHost ? {} : { hostname: s.domain }), tls }],
        },
    };
}

/**
 * The HTTPRoute from the Gateway's HTTPS listener to Milvus's gRPC port. No `timeouts`: GKE refuses a route that has
 * them (the GCPBackendPolicy's timeoutSec bounds requests instead).
 */
export function httpRoute(s: MilvusL7Settings) {
    return {
        apiVersion: "gateway.networking.k8s.io/v1" as const,
        kind: "HTTPRoute" as const,
        metadata: { name: s.httpRouteName, namespace: s.namespace },
        spec: {
            parentRefs: [{ name: s.gatewayName, sectionName: httpsListenerName }],
            ...(s.serveAnyHost ? {} : { hostnames: [s.domain] }),
            rules: [
                {
                    matches: [{ path: { type: "PathPrefix", value: "/" } }],
                    backendRefs: [{ name: s.serviceName, port: milvusPorts.grpc.port }],
                },
            ],
        },
    };
}
