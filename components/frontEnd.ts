// The front end as one model: the facts of the load balancer both Kubernetes APIs build it from, decided once from
// the settings. Each API turns the model into its own objects in a module of its own (ingress.ts, gateway.ts), behind
// the FrontEndRealizer interface; frontEnds.ts maps each `loadBalancerApi` to its realizer.
import type * as pulumi from "@pulumi/pulumi";
import { milvusObjectNames } from "./objectNames";
import { milvusPorts } from "./ports";
import type { StepContext } from "./stepContext";
import type {
    CloudRefs,
    FrontEndKind,
    LoadBalancerScope,
    MilvusL7Settings,
    MilvusObjectNames,
    StringOrOutput,
} from "./types";

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
 * The front end's facts, whichever API builds it. GCP names (policies, address, certificate) come as refs. `Name` is
 * the namespace's type: a string, or in the component an Output when the `namespace` argument is one.
 */
export interface FrontEnd<Name extends StringOrOutput = StringOrOutput> {
    /** The global external load balancer, or the regional internal one: each API builds both, differently. */
    scope: LoadBalancerScope;
    namespace: Name;
    /** Names of the objects made; each API uses its own. */
    names: MilvusObjectNames;
    /** Clients name `domain`; with `anyHost`, a request for any other authority (a client dialling the IP) is served too. */
    hosts: { domain: string; anyHost: boolean };
    /** Where requests go and how the load balancer treats the backend: HTTP/2 over TLS to Milvus's gRPC port. */
    backend: {
        serviceName: string;
        port: number;
        healthCheck: typeof backendHealthCheck;
        /** Bounds one request or gRPC stream. */
        timeoutSec: number;
        /** How long a leaving pod keeps its open requests. */
        drainingTimeoutSec: number;
        /** Request logging; `sampleRate` is the fraction logged (0..1). */
        logging: { enabled: boolean; sampleRate: number };
    };
    /**
     * The certificate clients see: a `kubernetes.io/tls` Secret made here, or one Google issues for `domains` (a
     * ManagedCertificate or Compute certificate, a Certificate Manager certificate in a map, or a regional Certificate
     * Manager certificate named directly: regional load balancers take no maps).
     */
    certificate:
        | { source: "secret"; secretName: string }
        | { source: "google-managed" | "certificate-map" | "regional-certificate"; domains: string[] };
    /** Internal only: clients in every region of the VPC may connect, not only the load balancer's. */
    allowGlobalAccess: boolean;
}

/**
 * Where the front-end certificate comes from, for each scope and `certMode`. A regional load balancer names regional
 * Certificate Manager certificates, never a map (GKE docs, "Secure a Gateway": certificate maps are not supported on
 * regional Gateways); google-managed is refused with internal (settings.ts).
 */
const certificateSources = {
    external: {
        "self-managed": "secret",
        "google-managed": "google-managed",
        "certificate-manager": "certificate-map",
    },
    internal: {
        "self-managed": "secret",
        "google-managed": "google-managed",
        "certificate-manager": "regional-certificate",
    },
} as const;

/** The front-end model of these settings. */
export function frontEndModel<Name extends StringOrOutput>(s: MilvusL7Settings<Name>): FrontEnd<Name> {
    const { serviceName } = s;
    return {
        scope: s.loadBalancerScope,
        namespace: s.namespace,
        names: milvusObjectNames(serviceName),
        hosts: { domain: s.domain, anyHost: s.serveAnyHost },
        backend: {
            serviceName,
            port: milvusPorts.grpc.port,
            healthCheck: backendHealthCheck,
            timeoutSec: s.backendTimeoutSec,
            drainingTimeoutSec: s.drainingTimeoutSec,
            logging: { enabled: s.logSampleRate > 0, sampleRate: s.logSampleRate },
        },
        certificate:
            s.certMode === "self-managed"
                ? { source: "secret", secretName: s.frontendTlsSecretName }
                : { source: certificateSources[s.loadBalancerScope][s.certMode], domains: [s.domain] },
        allowGlobalAccess: s.allowGlobalAccess,
    };
}

/**
 * The Cloud Armor policy as both APIs write it: its name, or `""` when there is none. The empty name detaches a policy
 * attached before; leaving the field out would keep it enforced for the Ingress (kubernetes/ingress-gce
 * pkg/backends/features/securitypolicy.go skips a nil securityPolicy; ingress-gce#2209), and nothing documents that
 * omission detaches it from a Gateway's backend either, while GKE's GCPBackendPolicy CRD accepts `""`. A policy left
 * attached also makes deleting the SecurityPolicy fail as "in use".
 */
export function securityPolicyOf<Ref>(refs: Pick<CloudRefs<Ref>, "securityPolicyName">): Ref | "" {
    return refs.securityPolicyName ?? "";
}

/** Names of GCP resources the load balancer's objects point at, once they exist. */
export interface LoadBalancerRefs extends CloudRefs<pulumi.Output<string>> {
    /** The Compute certificate a Gateway names (google-managed certificates in gateway mode). */
    sslCertificateName?: pulumi.Output<string>;
    /** The Certificate Manager map a Gateway names by annotation (certificate-manager mode). */
    certificateMapName?: pulumi.Output<string>;
    /** The regional Certificate Manager certificate a regional Gateway names (certificate-manager mode, internal). */
    certificateName?: pulumi.Output<string>;
    /** The reserved address's IP, when there is one: the IP to report until GKE reports its own. */
    reservedIp?: pulumi.Output<string>;
}

/** The certificate object a Google-managed certificate needs, in one API's form. */
export interface ManagedCertificate {
    resource: pulumi.Resource;
    /** The Compute certificate's name, when the API names it on the load balancer (a Gateway). */
    sslCertificateName?: pulumi.Output<string>;
}

/** The object that makes the load balancer, as the component reports it. */
export interface LoadBalancer {
    /** The load balancer's IP once GKE has built it. */
    ip: pulumi.Output<string>;
    /** The object's name, from the object (so whoever reads it waits for the object to exist). */
    name: pulumi.Output<string>;
}
/** Which SSL policy a load balancer names: a global one, a regional one, or none (edge.ts sslPolicy). */
export type SslPolicyKind = "global" | "regional" | "none";

/**
 * One Kubernetes API that builds the load balancer from the {@link FrontEnd} model. The component calls these in
 * order; adding an API is adding a realizer. Each realizer builds both scopes (`fe.scope`), keeping what differs
 * between them in one table of its own (ingress.ts ingressScopes, gateway.ts gatewayScopes, and sslPolicyKind here).
 */
export interface FrontEndRealizer {
    /** The kind of the object {@link FrontEndRealizer.loadBalancer} makes. */
    kind: FrontEndKind;
    /**
     * The SSL policy the load balancer of each scope names (edge.ts makes it): global for a global load balancer,
     * regional for a regional one, none where the API has no way to name one.
     */
    sslPolicyKind: Record<LoadBalancerScope, SslPolicyKind>;
    /** Objects the Milvus Service's annotations name, created before the Helm release, which waits for them. */
    backendObjects(
        ctx: StepContext,
        fe: FrontEnd,
        refs: Pick<LoadBalancerRefs, "securityPolicyName">,
    ): pulumi.Resource[];
    /** What the load balancer needs on the Milvus Service, applied to it by server-side apply. */
    servicePatch(ctx: StepContext, fe: FrontEnd, options: pulumi.CustomResourceOptions): pulumi.Resource;
    /** The Google-managed certificate for `fe.certificate.domains`. */
    managedCertificate(ctx: StepContext, fe: FrontEnd): ManagedCertificate;
    /** The load balancer itself, created with `options(waitsFor)` so that it waits for what it names. */
    loadBalancer(
        ctx: StepContext,
        fe: FrontEnd,
        refs: LoadBalancerRefs,
        options: (waitsFor: pulumi.Resource[]) => pulumi.CustomResourceOptions,
    ): LoadBalancer;
}
