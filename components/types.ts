// The component's types, on the ground floor: this module imports nothing of ours (only Pulumi's types), so every other
// module may import it without making a circle (the builders and the checks read MilvusL7Settings; the settings are
// made from the args).
import type * as pulumi from "@pulumi/pulumi";

/** Where the front-end (client-facing) certificate comes from. */
export const CertMode = {
    /** A key and self-signed certificate made here, in a `kubernetes.io/tls` Secret. */
    SelfManaged: "self-managed",
    /** A Google-managed certificate, issued once `domain` resolves to the load balancer. */
    GoogleManaged: "google-managed",
    /**
     * A Google-managed Certificate Manager certificate with DNS authorization, issued before the load balancer exists,
     * in a certificate map the Gateway names (gateway mode only).
     */
    CertificateManager: "certificate-manager",
} as const;
// An `as const` object with a type of the same name is the enum form Pulumi's component analyzer turns into a schema
// enum (@pulumi/pulumi provider/experimental/analyzer.js); plain string literals still type-check.
export type CertMode = (typeof CertMode)[keyof typeof CertMode];

/** Which Kubernetes API builds the GCP load balancer. */
export const LoadBalancerApi = {
    /** A GCE Ingress with BackendConfig, FrontendConfig and ManagedCertificate: the classic external Application Load Balancer. */
    Ingress: "ingress",
    /**
     * A GKE Gateway (`gke-l7-global-external-managed`) with an HTTPRoute and GKE's policies: the Envoy-based global
     * external Application Load Balancer.
     */
    Gateway: "gateway",
} as const;
export type LoadBalancerApi = (typeof LoadBalancerApi)[keyof typeof LoadBalancerApi];

/** Who can reach the load balancer: anyone on the internet, or clients inside the cluster's VPC only. */
export const LoadBalancerScope = {
    /** The global external Application Load Balancer, on a public IP. */
    External: "external",
    /**
     * The regional internal Application Load Balancer (Gateway `gke-l7-rilb`, Ingress `gce-internal`), on an internal
     * address of the cluster's subnet, reachable from the VPC (and networks connected to it) only.
     */
    Internal: "internal",
} as const;
export type LoadBalancerScope = (typeof LoadBalancerScope)[keyof typeof LoadBalancerScope];

/** How the Milvus chart runs Milvus. */
export const MilvusMode = {
    /** Proxy, coordinators and worker nodes as separate pods (the chart's default). */
    Cluster: "cluster",
    /** One Milvus pod, for development. */
    Standalone: "standalone",
} as const;
export type MilvusMode = (typeof MilvusMode)[keyof typeof MilvusMode];

/** The lowest TLS version the load balancer accepts from clients (a GCP SSL policy's `minTlsVersion`). */
export const MinTlsVersion = {
    /** TLS 1.2 and 1.3 (SSL policy profile MODERN). */
    Tls12: "TLS_1_2",
    /** TLS 1.3 only (SSL policy profile RESTRICTED). */
    Tls13: "TLS_1_3",
} as const;
export type MinTlsVersion = (typeof MinTlsVersion)[keyof typeof MinTlsVersion];

/** Where Milvus keeps its segments, indexes and (standalone) Woodpecker log. */
export const ObjectStorage = {
    /** The chart's in-cluster MinIO, on persistent disks (the chart's default). */
    Minio: "minio",
    /** A Cloud Storage bucket reached through Workload Identity: no access key exists. */
    Gcs: "gcs",
} as const;
export type ObjectStorage = (typeof ObjectStorage)[keyof typeof ObjectStorage];

/** The kind of the Kubernetes object that makes the load balancer (an output: which object to look at). */
export const FrontEndKind = {
    /** A GCE Ingress (loadBalancerApi ingress). */
    Ingress: "Ingress",
    /** A GKE Gateway (loadBalancerApi gateway). */
    Gateway: "Gateway",
} as const;
export type FrontEndKind = (typeof FrontEndKind)[keyof typeof FrontEndKind];

/** Plain (JSON-like) values, as Helm values and Milvus's user.yaml are. */
export type PlainObject = { [key: string]: unknown };
/**
 * A JSON object as an argument or output of the component: {@link PlainObject} to the code that reads it, but typed
 * with `any` because Pulumi's component analyzer maps `{ [key: string]: any }` to a map of `pulumi.json#/Any` and
 * refuses `unknown` (@pulumi/pulumi provider/experimental/analyzer.js), and other languages see the schema.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = { [key: string]: any };

/**
 * A name an argument may give as an Output (`namespace`, `dnsZone`, `staticIpName`): a plain string, checked before
 * anything is created, or an Output (a Promise becomes one), whose value is checked when it is known.
 */
export type StringOrOutput = string | pulumi.Output<string>;

/**
 * Arguments of {@link MilvusL7LoadBalancer}.
 *
 * They are plain values, not Outputs: they are all validated before anything is created, and they decide which
 * resources exist (a ManagedCertificate or a TLS Secret, a Helm release or none) or are checked together with others
 * (`domain` with `certMode`, `releaseName` with `helmValues`, ...). Three are only names the children are given and
 * decide nothing: `namespace`, `dnsZone` and `staticIpName` may be Outputs, so that a stack can pass the name of a
 * Namespace, managed zone or address it creates beside the component (`ns.metadata.name`, `zone.name`). Whether
 * `dnsZone` and `staticIpName` are given still decides which resources exist, and that is known when the component
 * is constructed; their values are checked as plain ones are, with the same messages, once known (not in a preview
 * while unknown), and a bad one fails the resources that read it at deploy time.
 */
export interface MilvusL7LoadBalancerArgs {
    /**
     * The public host name clients connect to, e.g. `my-release.milvus.io`: the Ingress host rule and the name the
     * front-end certificate is issued for. Lowercase RFC 1123, at most 253 characters. A wildcard (`*.example.com`)
     * only works with certMode `self-managed` or `certificate-manager`; with `google-managed` the name is at most 63
     * characters.
     * Required.
     */
    domain: string;
    /**
     * Where the certificate the load balancer presents comes from:
     * - `"self-managed"`: a key and self-signed certificate made here, stored in a `kubernetes.io/tls` Secret; clients
     *   trust it through the `certificatePem` output.
     * - `"google-managed"`: a GKE `ManagedCertificate` (with loadBalancerApi `gateway`, a Compute
     *   `ManagedSslCertificate`); Google issues it once `domain` resolves to the load balancer's IP (about 15 minutes
     *   with DNS in place, up to 60 otherwise). Clients use their system roots.
     * - `"certificate-manager"` (gateway mode only): a Certificate Manager `Certificate` authorized by DNS (a
     *   `DnsAuthorization` whose CNAME record is made in `dnsZone`, or exported as `dnsAuthorizationRecord` for you to
     *   create), served through a `CertificateMap` the Gateway names by annotation. Google issues it as soon as the
     *   CNAME resolves, before the load balancer exists, so the first deploy has no window of TLS errors; wildcards
     *   (`*.example.com`) are allowed. Clients use their system roots. GKE Ingress cannot use certificate maps.
     *
     * Default `"self-managed"`.
     */
    certMode?: CertMode;
    /**
     * Which Kubernetes API builds the load balancer:
     * - `"ingress"`: a GCE Ingress with a BackendConfig, a FrontendConfig and (google-managed) a `ManagedCertificate`.
     * - `"gateway"`: a GKE Gateway of class `gke-l7-global-external-managed` (the Envoy-based global external
     *   Application Load Balancer) with an HTTPRoute, a HealthCheckPolicy, a GCPBackendPolicy, a GCPGatewayPolicy and
     *   (google-managed) a Compute `ManagedSslCertificate`; the cluster needs the Gateway API enabled.
     *
     * Every other argument means the same in both. Default `"ingress"`.
     */
    loadBalancerApi?: LoadBalancerApi;
    /**
     * Who can reach the load balancer:
     * - `"external"`: the global external Application Load Balancer, on a public IP.
     * - `"internal"`: the regional internal Application Load Balancer (Gateway class `gke-l7-rilb`, Ingress class
     *   `gce-internal`) in `region`, on an internal address of `subnetwork`, reachable from inside the VPC only. It
     *   needs a proxy-only subnet in that region and VPC (`proxyOnlySubnet`, or `proxyOnlySubnetCidr` to create one)
     *   and `network`. Refused with it: `allowedSourceRanges` (Cloud Armor does not guard an internal load balancer;
     *   use VPC firewall rules), certMode `google-managed` (global certificates only) and, with the Ingress, a
     *   minTlsVersion other than `"TLS_1_2"` and `allowGlobalAccess` (use the gateway mode).
     *
     * Default `"external"`.
     */
    loadBalancerScope?: LoadBalancerScope;
    /**
     * Kubernetes namespace of Milvus and of every object made here (an RFC 1123 label of at most 63 characters). It
     * must exist. May be an Output, e.g. `ns.metadata.name` of a Namespace made in the same stack: the namespace decides
     * no resource's existence, only where each lives, so its value need not be known before anything is created; a
     * plain string is checked up front, an Output when its value is known (a bad value fails the resources placed in
     * it, at deploy time). Default `"default"`.
     */
    namespace?: pulumi.Input<string>;
    /**
     * Helm release name of Milvus (at most 53 characters, Helm's limit). The Milvus Service is `<releaseName>-milvus`,
     * or just `<releaseName>` when the name already contains "milvus" (the chart's naming rule). Default `"my-release"`.
     */
    releaseName?: string;
    /**
     * `"cluster"`: proxy, coordinators and worker nodes as separate pods (the chart's default). `"standalone"`: one
     * Milvus pod with embedded etcd/MinIO defaults sized for one replica, for development. Default `"cluster"`.
     */
    milvusMode?: MilvusMode;
    /** Version of the `milvus` chart from https://zilliztech.github.io/milvus-helm/. Default `"5.0.19"` (Milvus 2.6.15). */
    chartVersion?: string;
    /**
     * Extra chart values, deep-merged under the values this component sets (objects merge, lists and scalars replace).
     * Setting a value the component owns to something else is an error naming the key: `service.type`/`port`/
     * `portName`, `cluster.enabled` (use `milvusMode`), `extraConfigFiles` and `customConfigMap` (use `milvusConfig`),
     * the TLS volumes and mounts, `ingress.enabled`, and the Service annotations the load balancer needs. Nothing of
     * the chart or its sub-charts may be exposed beside the load balancer (every `service.type` ClusterIP, every
     * `*ingress.enabled` false, no `externalIPs`/`loadBalancerIP`/`nodePort`/`hostNetwork`/`hostPort`), and a
     * credential the chart writes in clear (`externalS3.secretKey`, `minio.secretKey`, ...) is refused, even as a
     * secret: see docs/chart-exposure.md. The message
     * queue is pinned to chart 5.0.19's (Pulsar in cluster mode, embedded Woodpecker standalone); another may be
     * chosen here at install, as long as exactly one queue remains. An `extraEnv` variable of any component may not
     * set an owned Milvus setting (see `milvusConfig`) under any name Milvus reads as it, nor `MILVUSCONF` or
     * `METRICS_PORT`. Values must be plain JSON data (no getters, class instances, cycles; at most 64 levels deep),
     * copied once; a value the component does not read may be an Output (a Pulumi secret, for one), and a secret
     * stays secret in the release's values. Default `{}`.
     */
    helmValues?: JsonObject;
    /**
     * Extra Milvus settings for `user.yaml` (e.g. settings under `queryNode`), deep-merged under the ones this
     * component sets. `common.security.tlsMode`, `tls.serverPemPath`, `tls.serverKeyPath` and `proxy.http.port` are
     * owned: setting them to something else, under any spelling Milvus reads as the same key (it ignores case, '_'
     * and '.'), is an error; `proxy.port` stays 19530; `common.security.defaultRootPassword` is refused (use
     * `auth`). Keys are printable ASCII, not `<<` or a word YAML 1.1 reads as a boolean or number. A credential
     * (`minio.secretAccessKey`, `pulsar.authParams`, ...) is refused even as a secret: user.yaml sits in clear in the
     * chart's ConfigMap; give it to Milvus through an `extraEnv` variable from a Secret. Another value may be an
     * Output (a secret): user.yaml, and the `milvusHelmValues` output, then become secrets. Default `{}`.
     */
    milvusConfig?: JsonObject;
    /**
     * Whether this component installs Milvus as a Helm release. `false` fronts an existing release you manage
     * yourself: everything else is created, and the release must carry the values in the `milvusHelmValues` output
     * (TLS settings, backend certificate mount, ClusterIP Service). Default `true`.
     */
    manageRelease?: boolean;
    /**
     * Also route requests whose HTTP/2 authority is not `domain` to Milvus, through the Ingress `defaultBackend` (in
     * gateway mode: no hostname on the Gateway's listener and the HTTPRoute).
     * Clients that dial the load balancer's IP with only a TLS server-name override (pymilvus `server_name`, the
     * Node SDK's `tls.serverName`) send the IP as authority; without this the host rule misses and GKE's default
     * backend answers 404. Default `true`.
     */
    serveAnyHost?: boolean;
    /**
     * How long `pulumi up` waits for the Milvus release to become ready, in seconds (1..86400). A Milvus cluster
     * with Pulsar often needs more than Helm's 300 s default. Default `1200`.
     */
    helmTimeoutSeconds?: number;
    /**
     * Reserve a global static IPv4 address (`gcp.compute.GlobalAddress`, EXTERNAL) and give it to the load balancer
     * (Ingress annotation `kubernetes.io/ingress.global-static-ip-name`, or the Gateway's `NamedAddress`). The IP then
     * survives the Ingress or Gateway being re-created, which DNS records and Google-managed certificates rely on. With
     * loadBalancerScope `internal`, a regional INTERNAL address in `subnetwork` instead (`gcp.compute.Address`;
     * Ingress annotation `kubernetes.io/ingress.regional-static-ip-name`). Default `true`, or `false` when
     * `staticIpName` is given.
     */
    createStaticIp?: boolean;
    /**
     * Name of an existing reserved global address (EXTERNAL, IPv4, in the provider's project) to use instead of
     * creating one; with loadBalancerScope `internal`, of an existing INTERNAL address in `region`. Cannot be combined
     * with createStaticIp `true`. May be an Output, e.g. the `name` of a `gcp.compute.GlobalAddress` made in the same
     * stack: that it is given (known when the component is constructed) decides that no address is created here; its
     * value only names the address to look up and use. A plain string is checked up front, an Output when its value is
     * known (a bad value fails the lookup and what reads it, at deploy time). Default: none.
     */
    staticIpName?: pulumi.Input<string>;
    /**
     * Name of a Cloud DNS managed zone (not its DNS name) that holds `domain`. When set, an A record `<domain>.`
     * (TTL 300) points at the load balancer's IP; with a reserved address it is made at once, without waiting for
     * the load balancer, so a Google-managed certificate can provision as early as possible. May be an Output, e.g.
     * `zone.name` of a `gcp.dns.ManagedZone` made in the same stack: that it is given (known when the component is
     * constructed) decides that the records are made; its value only says in which zone. A plain string is checked up
     * front, an Output when its value is known (a bad value fails the records, at deploy time). Default: no record.
     */
    dnsZone?: pulumi.Input<string>;
    /**
     * The lowest TLS version clients may use: `"TLS_1_2"` (SSL policy profile MODERN) or `"TLS_1_3"` (profile
     * RESTRICTED). Applied through a `gcp.compute.SSLPolicy` and a GKE FrontendConfig (in gateway mode, a
     * GCPGatewayPolicy). Default `"TLS_1_2"`. An internal Ingress can name no SSL policy (ingress-gce resolves a
     * FrontendConfig's as global), so it accepts TLS 1.0 and up, GCP's default policy, whatever this says.
     */
    minTlsVersion?: MinTlsVersion;
    /**
     * Client IPv4/IPv6 ranges in CIDR notation (`"203.0.113.0/24"`, `"2001:db8::/32"`) allowed to reach Milvus.
     * When given, a Cloud Armor security policy allows exactly these and denies everything else (HTTP 403), attached
     * through the BackendConfig (in gateway mode, the GCPBackendPolicy). Default: no policy, every client may connect (authentication still applies).
     */
    allowedSourceRanges?: string[];
    /**
     * How long the load balancer lets one request or gRPC stream run, in seconds (1..86400). GKE's 30 s default
     * ends long searches, bulk inserts and index builds with 502. Default `600`.
     */
    backendTimeoutSec?: number;
    /**
     * How long a Milvus pod that is leaving (rollout, scale-in) keeps its open requests, in seconds (1..3600, GCP's
     * limit for connection draining).
     * Default `60`.
     */
    drainingTimeoutSec?: number;
    /**
     * Fraction of requests the load balancer logs to Cloud Logging, 0.0..1.0; `0` turns request logging off.
     * Default `1`.
     */
    logSampleRate?: number;
    /**
     * Turn on Milvus authentication (`common.security.authorizationEnabled`) with a generated root password, kept in
     * a Kubernetes Secret and handed to the root coordinator as `COMMON_SECURITY_DEFAULTROOTPASSWORD`; read it from
     * the `rootPassword` output. Milvus uses it only when it first creates the root user: on a Milvus that already
     * has one, change the password with the SDK (see README). Default `true`.
     */
    auth?: boolean;
    /**
     * In gateway mode, create a VPC firewall rule allowing Google's health checkers (35.191.0.0/16, 130.211.0.0/22) to
     * reach the Milvus pods on 9091 (`/healthz`) and 19530. ingress-gce opens a BackendConfig's health-check port in
     * its own firewall rule; no source says GKE's Gateway controller does so for a HealthCheckPolicy's fixed port, and
     * a dropped check leaves every backend unhealthy ("no healthy upstream"). With loadBalancerScope `internal` the
     * rule also admits the proxy-only subnet's range, where the regional load balancer's proxies run. Needs
     * `network`. Not used in ingress mode (ingress-gce's own rule admits those ranges, the proxy-only subnet included:
     * pkg/firewalls/controller.go). Default `true`.
     */
    healthCheckFirewall?: boolean;
    /**
     * Name of the cluster's VPC network (e.g. `default`), where the health-check firewall rule is made and, with
     * loadBalancerScope `internal`, where the proxy-only subnet is (created, or checked to be). Required in gateway
     * mode while `healthCheckFirewall` is on, and with internal; refused otherwise, where nothing uses it. Default:
     * none.
     */
    network?: string;
    /**
     * With loadBalancerScope `internal`: the cluster's region (e.g. `us-central1`), where the regional load
     * balancer, its address, its SSL policy (gateway mode) and the proxy-only subnet are. Required with internal;
     * the program fills it in from `gkeLocation`. Default: none.
     */
    region?: string;
    /**
     * With loadBalancerScope `internal`: name of the cluster's subnet in `region`, where the internal address is
     * reserved (`gcp.compute.Address`, INTERNAL). Looked up, so a mistyped name fails at preview. Required with
     * internal while the address is created here (`createStaticIp`). Default: none.
     */
    subnetwork?: string;
    /**
     * With loadBalancerScope `internal`: name of the existing proxy-only subnet (`purpose:
     * REGIONAL_MANAGED_PROXY`, `role: ACTIVE`) of `network` in `region`. Envoy-based regional load balancers run
     * their proxies in it; a VPC has at most one active per region. Looked up, so a mistyped name fails at preview.
     * Give this or `proxyOnlySubnetCidr`. Default: none.
     */
    proxyOnlySubnet?: string;
    /**
     * With loadBalancerScope `internal`: create the proxy-only subnet in `network` and `region` from this IPv4
     * range (a `/26` or larger, GCP's minimum; `/23` is what GCP recommends), unused elsewhere in the VPC. Only when
     * the VPC has none in the region yet: GCP allows one active proxy-only subnet per region and VPC, shared by
     * every Envoy-based load balancer there. Give this or `proxyOnlySubnet`. Default: none.
     */
    proxyOnlySubnetCidr?: string;
    /**
     * Gateway mode with loadBalancerScope `internal`: let clients in other regions of the VPC reach the internal
     * load balancer (GCPGatewayPolicy `allowGlobalAccess`); otherwise only clients in `region` can. The Ingress has
     * no such setting, so `true` is refused there. Default `false`.
     */
    allowGlobalAccess?: boolean;
    /**
     * Protect the Milvus release, the root password, the reserved address and (objectStorage `gcs`) the created
     * bucket from deletion: Pulumi's `protect`, and deletionPolicy `PREVENT` on the address. Removing them then takes turning this off first. Default `true`.
     */
    protect?: boolean;
    /**
     * Where Milvus stores its data (segments, indexes; standalone, the embedded Woodpecker log):
     * - `"minio"`: the chart's in-cluster MinIO on persistent disks.
     * - `"gcs"`: the Cloud Storage bucket `bucketName`, reached through Workload Identity: a Google service account
     *   with object access on that bucket only, impersonated by the pods' Kubernetes service account (annotated
     *   `iam.gke.io/gcp-service-account`); no access key exists. The chart's MinIO is switched off. The cluster and
     *   its node pools need Workload Identity (Autopilot has it). In this mode `externalS3`, `minio.enabled` and
     *   `serviceAccount` of `helmValues`, and Milvus's `minio.*` connection settings (in `milvusConfig` or any
     *   `extraEnv`), are the component's.
     *
     * Switching a release that holds data is a data migration, not a setting: see README. Default `"minio"`.
     */
    objectStorage?: ObjectStorage;
    /**
     * With objectStorage `gcs`: the Cloud Storage bucket's name (GCS naming rules: 3 to 63 characters of
     * lowercase letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit, no `goog` prefix, no
     * `google`, not an IP address). Created here unless `createBucket` is false. Required in gcs mode.
     */
    bucketName?: string;
    /**
     * With objectStorage `gcs`: create the bucket (uniform bucket-level access, public access prevention
     * enforced, 7-day soft delete, protected with `protect`), or, `false`, use an existing bucket of that name (its
     * settings are left alone; only the service account's access is granted on it). Default `true`.
     */
    createBucket?: boolean;
    /**
     * Location of the bucket created with objectStorage `gcs`: a region (`us-central1`, where the cluster
     * runs, avoids cross-region transfer charges and latency), a dual-region (`nam4`) or a multi-region (`us`).
     * Default: the cluster's region with `gkeLocation`, else the gcp provider's region (`gcp:region`).
     */
    bucketLocation?: string;
    /**
     * Let `pulumi destroy` (or a replacement) delete the created bucket while it still holds objects, i.e. Milvus's
     * data. Takes protect `false` as well. Default `false`: deleting a non-empty bucket fails.
     */
    bucketForceDestroy?: boolean;
}

/** Arguments that always have a value in the settings: the default applies when they are not given. */
export type ArgumentWithDefault = Exclude<
    keyof MilvusL7LoadBalancerArgs,
    | "domain"
    | "createStaticIp"
    | "staticIpName"
    | "dnsZone"
    | "allowedSourceRanges"
    | "helmValues"
    | "milvusConfig"
    | "bucketName"
    | "bucketLocation"
    | "network"
    | "region"
    | "subnetwork"
    | "proxyOnlySubnet"
    | "proxyOnlySubnetCidr"
>;

/** The Kubernetes objects the component makes, named after the Milvus Service they serve. */
export interface MilvusObjectNames {
    /** The Milvus Service the load balancer sends traffic to. */
    serviceName: string;
    /** Kubernetes Secret (type kubernetes.io/tls) with the backend key and certificate. */
    backendTlsSecretName: string;
    /** The `kubernetes.io/tls` Secret with the front-end certificate (self-managed mode). */
    frontendTlsSecretName: string;
    /** The BackendConfig the Service annotation names (its health check is what makes backends healthy). */
    backendConfigName: string;
    /** The ManagedCertificate (google-managed mode). */
    managedCertificateName: string;
    /** The GCE Ingress (ingress mode). */
    ingressName: string;
    /** The FrontendConfig that applies the SSL policy. */
    frontendConfigName: string;
    /** The Gateway and the HTTPRoute (gateway mode), named like the Ingress they stand in for. */
    gatewayName: string;
    httpRouteName: string;
    /** The HealthCheckPolicy on the Milvus Service (gateway mode). */
    healthCheckPolicyName: string;
    /** The GCPBackendPolicy on the Milvus Service (gateway mode). */
    backendPolicyName: string;
    /** The GCPGatewayPolicy on the Gateway that applies the SSL policy (gateway mode). */
    gatewayPolicyName: string;
    /** Kubernetes Secret holding the initial root password. */
    rootPasswordSecretName: string;
}

/**
 * The arguments after validation: every default applied (`createStaticIp` resolved), the JSON-valued ones as the plain
 * snapshot that was checked, plus the names of the objects made from them. What every builder reads. `Name` is what
 * `namespace`, `dnsZone` and `staticIpName` hold: plain strings when the arguments gave plain strings (tests and
 * render), otherwise a string or an Output, checked when its value is known.
 */
export type MilvusL7Settings<Name extends StringOrOutput = StringOrOutput> = Required<
    Pick<MilvusL7LoadBalancerArgs, Exclude<ArgumentWithDefault, "namespace"> | "domain">
> &
    Pick<
        MilvusL7LoadBalancerArgs,
        | "allowedSourceRanges"
        | "bucketName"
        | "bucketLocation"
        | "network"
        | "region"
        | "subnetwork"
        | "proxyOnlySubnet"
        | "proxyOnlySubnetCidr"
    > & {
        namespace: Name;
        staticIpName?: Name;
        dnsZone?: Name;
        helmValues: PlainObject;
        milvusConfig: PlainObject;
        /** Whether a GlobalAddress is created (false when `staticIpName` names an existing one, or none is wanted). */
        createStaticIp: boolean;
    } & MilvusObjectNames;

/**
 * A Kubernetes object as plain data, as the checks and render read it. The builders below return their objects'
 * own (inferred) types, `apiVersion` and `kind` as literals, so the component passes them to the resources as they
 * are and the compiler checks them against @pulumi/kubernetes's input types there.
 */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: {
        name: string;
        namespace: string;
        annotations?: Record<string, string>;
        labels?: Record<string, string>;
    };
    [field: string]: unknown;
}

/**
 * Names of the GCP resources the GKE objects point at. They exist once those resources are created, so the
 * component passes Pulumi outputs; tests and the renderer pass strings.
 */
export interface CloudRefs<Ref = string> {
    /** The reserved global address the Ingress uses; none gives the load balancer an ephemeral IP. */
    staticIpName?: Ref;
    /** The SSL policy (minimum TLS version) the FrontendConfig applies; none where the load balancer names none. */
    sslPolicyName?: Ref;
    /** The Cloud Armor policy the BackendConfig attaches; none lets every source through. */
    securityPolicyName?: Ref;
}
