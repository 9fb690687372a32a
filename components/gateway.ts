// The gateway mode's objects as plain data: the GKE Gateway (gke-l7-global-external-managed, or gke-l7-rilb for the
// internal load balancer), its HTTPRoute, GKE's policies (networking.gke.io/v1, GoogleCloudPlatform/gke-gateway-api)
// and the Milvus Service's appProtocol.
import * as pulumi from "@pulumi/pulumi";
import { securityPolicyOf, type FrontEnd, type FrontEndRealizer } from "./frontEnd";
import { managedSslCertificateArgs } from "./gcpResources";
import { sampleRateMillionths } from "./limits";
import { milvusPorts } from "./ports";
import * as gcp from "./sdk/gcp";
import * as k8s from "./sdk/kubernetes";
import type { CloudRefs, LoadBalancerScope, StringOrOutput } from "./types";
import { statusWaitTimeout, waitForAnnotation } from "./waits";

/** The GatewayClass of the global external Application Load Balancer (Envoy-based), the one Ingress's front end maps to. */
export const gatewayClassName = "gke-l7-global-external-managed";
/** The GatewayClass of the regional internal Application Load Balancer (GKE docs, "GatewayClass capabilities"). */
export const internalGatewayClassName = "gke-l7-rilb";
/**
 * GKE's listener TLS option naming regional Certificate Manager certificates, which regional Gateways take in place of a
 * certificate map (GKE docs, "Secure a Gateway").
 */
export const certificateManagerCertsOption = "networking.gke.io/cert-manager-certs";

/**
 * What differs between the Gateway of the global external load balancer and of the regional internal one:
 * - `securityPolicy`: the GCPBackendPolicy's Cloud Armor field. Cloud Armor is refused with internal (settings.ts) and
 *   no source says a regional internal backend takes any `securityPolicy`, not even `""` (an Ingress's fails:
 *   ingress-gce pkg/backends/features/securitypolicy.go), so the internal one has none, and nothing to detach.
 * - `globalAccess`: GCPGatewayPolicy `allowGlobalAccess` (gke-gateway-api GCPGatewayPolicyConfig) applies to internal
 *   load balancers only; it is written for them, false too, so that turning it off takes effect.
 */
export const gatewayScopes = {
    external: { className: gatewayClassName, securityPolicy: true, globalAccess: false },
    internal: { className: internalGatewayClassName, securityPolicy: false, globalAccess: true },
} as const satisfies Record<LoadBalancerScope, unknown>;
/** The Gateway's only listener: HTTPS on 443. No port-80 listener, so the endpoint is TLS-only. */
export const httpsListenerName = "https";
/** GKE's listener TLS option that names Compute SSL certificates (GKE docs, "Secure a Gateway", pre-shared certificates). */
export const preSharedCertsOption = "networking.gke.io/pre-shared-certs";
/** The Gateway annotation naming a Certificate Manager certificate map (GKE docs, "Secure a Gateway"; global Gateways only). */
export const certificateMapAnnotation = "networking.gke.io/certmap";

/**
 * GKE's policies report whether they apply to their target in the condition `Attached` (False with reason
 * Conflicted, Invalid or TargetNotFound: gke-gateway-api apis/networking/v1 shared_types.go); `pulumi up` waits for it.
 */
const policyWait = waitForAnnotation([{ type: "Attached" }]);

/** Where the Gateway's names of GCP resources come from (the component passes outputs, tests and render strings). */
export interface GatewayRefs<Ref = string> extends Pick<CloudRefs<Ref>, "staticIpName"> {
    /** The Compute ManagedSslCertificate the listener presents (google-managed mode). */
    sslCertificateName?: Ref;
    /** The Certificate Manager map the Gateway names (certificate-manager mode). */
    certificateMapName?: Ref;
    /** The regional Certificate Manager certificate the listener names (certificate-manager mode, internal). */
    certificateName?: Ref;
}

const serviceTarget = (fe: FrontEnd) => ({ group: "", kind: "Service", name: fe.backend.serviceName });

/**
 * The Milvus Service's gRPC port with `appProtocol: HTTP2`, applied by server-side apply (the chart has no value for
 * it). GKE Gateway has no GRPCRoute (GoogleCloudPlatform/gke-gateway-api#31): gRPC goes through an HTTPRoute, and the
 * load balancer speaks HTTP/2 to the pods only when the port says so; otherwise gRPC fails with "protocol error".
 * `port` and `protocol` are the keys of the Service's ports list under server-side apply. Skips Pulumi's Service
 * await, as the annotation patch of the ingress mode does.
 */
export function milvusServiceAppProtocolPatch<Name extends StringOrOutput = string>(fe: FrontEnd<Name>) {
    return {
        apiVersion: "v1" as const,
        kind: "Service" as const,
        metadata: {
            name: fe.backend.serviceName,
            namespace: fe.namespace,
            annotations: { "pulumi.com/skipAwait": "true" },
        },
        spec: {
            ports: [
                { name: milvusPorts.grpc.name, port: milvusPorts.grpc.port, protocol: "TCP", appProtocol: "HTTP2" },
            ],
        },
    };
}

/**
 * The health check of the Milvus backend: HTTP `/healthz` on 9091, a containerPort of the serving pods. Without it GKE
 * probes `GET /` on the serving port, which Milvus answers with nothing the load balancer counts as healthy ("no
 * healthy upstream"). The port is fixed, so `portSpecification` must be USE_FIXED_PORT (the CRD's CEL rule).
 */
export function healthCheckPolicy<Name extends StringOrOutput = string>(fe: FrontEnd<Name>) {
    const { type, port, requestPath, ...timing } = fe.backend.healthCheck;
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "HealthCheckPolicy" as const,
        metadata: { name: fe.names.healthCheckPolicyName, namespace: fe.namespace, annotations: policyWait },
        spec: {
            default: {
                ...timing,
                config: { type, httpHealthCheck: { portSpecification: "USE_FIXED_PORT", port, requestPath } },
            },
            targetRef: serviceTarget(fe),
        },
    };
}

/**
 * The GCPBackendPolicy of the Milvus Service: the backend timeout (GKE's 30 s default ends gRPC streams), connection
 * draining, request logging and, when asked for, the Cloud Armor policy by name.
 */
export function backendPolicy<Ref = string, Name extends StringOrOutput = string>(
    fe: FrontEnd<Name>,
    refs: Pick<CloudRefs<Ref>, "securityPolicyName">,
) {
    const { enabled, sampleRate } = fe.backend.logging;
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "GCPBackendPolicy" as const,
        metadata: { name: fe.names.backendPolicyName, namespace: fe.namespace, annotations: policyWait },
        spec: {
            default: {
                timeoutSec: fe.backend.timeoutSec,
                connectionDraining: { drainingTimeoutSec: fe.backend.drainingTimeoutSec },
                // sampleRate "can only be specified if logging is enabled" (gke-gateway-api LoggingConfig).
                logging: enabled ? { enabled, sampleRate: sampleRateMillionths(sampleRate) } : { enabled },
                ...(gatewayScopes[fe.scope].securityPolicy ? { securityPolicy: securityPolicyOf(refs) } : {}),
            },
            targetRef: serviceTarget(fe),
        },
    };
}

/**
 * The GCPGatewayPolicy that puts the SSL policy (minimum TLS version) on the Gateway's HTTPS proxy (a regional policy
 * for the internal Gateway: a raw name resolves in the load balancer's region, gke-gateway-api
 * GCPGatewayPolicyConfig) and, internal, whether clients of other regions may connect.
 */
export function gatewayPolicy<Ref = string, Name extends StringOrOutput = string>(
    fe: FrontEnd<Name>,
    refs: Pick<CloudRefs<Ref>, "sslPolicyName">,
) {
    return {
        apiVersion: "networking.gke.io/v1" as const,
        kind: "GCPGatewayPolicy" as const,
        metadata: { name: fe.names.gatewayPolicyName, namespace: fe.namespace, annotations: policyWait },
        spec: {
            default: {
                sslPolicy: refs.sslPolicyName,
                ...(gatewayScopes[fe.scope].globalAccess ? { allowGlobalAccess: fe.allowGlobalAccess } : {}),
            },
            targetRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name: fe.names.gatewayName },
        },
    };
}

/** The listener's `tls` for the front-end certificate: see {@link gateway}. */
function listenerTls<Ref>(certificate: FrontEnd["certificate"], refs: GatewayRefs<Ref>) {
    switch (certificate.source) {
        case "secret":
            return {
                tls: {
                    mode: "Terminate" as const,
                    certificateRefs: [{ group: "", kind: "Secret", name: certificate.secretName }],
                },
            };
        case "google-managed":
            return {
                tls: { mode: "Terminate" as const, options: { [preSharedCertsOption]: refs.sslCertificateName } },
            };
        case "certificate-map":
            return {};
        case "regional-certificate":
            return {
                tls: { mode: "Terminate" as const, options: { [certificateManagerCertsOption]: refs.certificateName } },
            };
    }
}

/**
 * The Gateway: one HTTPS listener on 443 terminating TLS with the front-end certificate, on the reserved address when
 * there is one. Self-managed mode names the `kubernetes.io/tls` Secret (core group `""`, the only group GKE takes);
 * google-managed mode names a Compute ManagedSslCertificate, since the Gateway controller does not read the
 * ManagedCertificate resource (GKE docs, "Secure a Gateway"). certificate-manager mode names the certificate map by
 * annotation and gives the listener no `tls`: GKE treats a certmap together with `tls.certificateRefs` as an error
 * (GKE docs, "Secure a Gateway", Restrictions), and its Certificate Manager example listener has none. The internal
 * Gateway (gke-l7-rilb) takes no map: its listener names the regional certificate in the `cert-manager-certs` option.
 * `serveAnyHost` leaves the hostname out, so clients that dial the IP are served. Pulumi waits until GKE has
 * programmed the load balancer.
 */
export function gateway<Ref = string, Name extends StringOrOutput = string>(
    fe: FrontEnd<Name>,
    refs: GatewayRefs<Ref>,
) {
    const { certificate, hosts } = fe;
    const tls = listenerTls(certificate, refs);
    const certificateMap: Record<string, Ref> =
        certificate.source === "certificate-map" && refs.certificateMapName !== undefined
            ? { [certificateMapAnnotation]: refs.certificateMapName }
            : {};
    return {
        apiVersion: "gateway.networking.k8s.io/v1" as const,
        kind: "Gateway" as const,
        metadata: {
            name: fe.names.gatewayName,
            namespace: fe.namespace,
            annotations: { ...waitForAnnotation([{ type: "Programmed" }]), ...certificateMap },
        },
        spec: {
            gatewayClassName: gatewayScopes[fe.scope].className,
            ...(refs.staticIpName === undefined
                ? {}
                : { addresses: [{ type: "NamedAddress", value: refs.staticIpName }] }),
            listeners: [
                {
                    name: httpsListenerName,
                    protocol: "HTTPS",
                    port: 443,
                    ...(hosts.anyHost ? {} : { hostname: hosts.domain }),
                    ...tls,
                },
            ],
        },
    };
}

/**
 * The HTTPRoute from the Gateway's HTTPS listener to Milvus's gRPC port. No `timeouts`: GKE refuses a route that has
 * them (the GCPBackendPolicy's timeoutSec bounds requests instead). `pulumi up` waits until the Gateway has accepted
 * it and resolved its backend (`status.parents[]` conditions Accepted and ResolvedRefs, Gateway API RouteStatus):
 * otherwise an `up` could succeed with clients getting "no healthy upstream".
 */
export function httpRoute<Name extends StringOrOutput = string>(fe: FrontEnd<Name>) {
    const parentName = fe.names.gatewayName;
    return {
        apiVersion: "gateway.networking.k8s.io/v1" as const,
        kind: "HTTPRoute" as const,
        metadata: {
            name: fe.names.httpRouteName,
            namespace: fe.namespace,
            annotations: waitForAnnotation([
                { type: "Accepted", parentName },
                { type: "ResolvedRefs", parentName },
            ]),
        },
        spec: {
            parentRefs: [{ name: parentName, sectionName: httpsListenerName }],
            ...(fe.hosts.anyHost ? {} : { hostnames: [fe.hosts.domain] }),
            rules: [
                {
                    matches: [{ path: { type: "PathPrefix", value: "/" } }],
                    backendRefs: [{ name: fe.backend.serviceName, port: fe.backend.port }],
                },
            ],
        },
    };
}

/** What GKE writes into a Gateway's status that the component reads: the load balancer's addresses. */
interface GatewayStatus {
    addresses?: { type?: string; value?: string }[];
}

/** The gateway mode's resources: GKE's policies stand in for BackendConfig and FrontendConfig, a Gateway for the Ingress. */
export const gatewayFrontEnd: FrontEndRealizer = {
    kind: "Gateway",
    sslPolicyKind: { external: "global", internal: "regional" },
    backendObjects: () => [],
    servicePatch: ({ name }, fe, options) =>
        new k8s.core.v1.ServicePatch(`${name}-service`, milvusServiceAppProtocolPatch(fe), options),
    managedCertificate({ name, child }, fe) {
        // The Gateway controller does not read ManagedCertificate: a Compute certificate, named on the listener.
        // Provisioning needs DNS pointing at the load balancer and takes 15-60 min; nothing waits on it.
        const certificate = new gcp.compute.ManagedSslCertificate(
            `${name}-ssl-cert`,
            managedSslCertificateArgs(fe.hosts),
            child,
        );
        return { resource: certificate, sslCertificateName: certificate.name };
    },
    loadBalancer({ name, child }, fe, refs, options) {
        // Side by side with the Gateway, each waiting for GKE's verdict on it: GKE reports a route's Accepted and the
        // GCPGatewayPolicy's Attached only once the Gateway exists, so a Gateway that waited for them would wait
        // forever. `pulumi up` succeeds only once all are accepted and attached.
        const reported = { ...child, customTimeouts: { create: statusWaitTimeout, update: statusWaitTimeout } };
        new k8s.apiextensions.CustomResource(`${name}-health-check`, healthCheckPolicy(fe), reported);
        new k8s.apiextensions.CustomResource(`${name}-backend-policy`, backendPolicy(fe, refs), reported);
        new k8s.apiextensions.CustomResource(`${name}-gateway-policy`, gatewayPolicy(fe, refs), reported);
        new k8s.apiextensions.CustomResource(`${name}-route`, httpRoute(fe), reported);
        // `status` is read back for the address GKE gives it.
        const gatewayResource = new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            { ...gateway(fe, refs), status: undefined },
            options([]),
        ) as k8s.apiextensions.CustomResource & {
            status: pulumi.Output<GatewayStatus | undefined>;
        };
        return {
            ip: pulumi
                .all([gatewayResource.status, refs.reservedIp])
                .apply(([status, reserved]) => status?.addresses?.[0]?.value ?? reserved ?? ""),
            name: gatewayResource.metadata.name,
        };
    },
};
