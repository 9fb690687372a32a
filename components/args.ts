import type * as pulumi from "@pulumi/pulumi";
import {
    bucketLocationProblems,
    chartVersionProblems,
    dnsLabelProblems,
    domainProblems,
    gcpNameProblems,
    gcsBucketNameProblems,
    proxyOnlySubnetRangeProblems,
    regionProblems,
} from "./formats";
import {
    CertMode,
    LoadBalancerApi,
    LoadBalancerScope,
    MilvusMode,
    MinTlsVersion,
    ObjectStorage,
    type ArgumentWithDefault,
    type MilvusL7LoadBalancerArgs,
    type PlainObject,
} from "./types";

/** How one argument is declared: its kind, default, allowed values or range, and a one-line doc. */
type ArgumentSpec<T> = { doc: string; required?: true } & ([T] extends [string]
    ? { kind: "string"; default?: T; oneOf?: readonly T[]; check?: (value: string) => string[] }
    : [T] extends [boolean]
      ? { kind: "boolean"; default?: boolean; notInPulumiYaml?: string }
      : [T] extends [number]
        ? { kind: "integer" | "number"; default: number; min: number; max: number; unit?: string }
        : [T] extends [readonly string[]]
          ? { kind: "list"; what: string }
          : { kind: "object"; default: PlainObject; what: string });

type Args = MilvusL7LoadBalancerArgs;

/**
 * The arguments types.ts lets be Outputs (`pulumi.Input<string>`): names that decide no resource's existence. The
 * table marks them `acceptsOutput`, and the compiler holds the two to each other.
 */
type OutputArgument = {
    [K in keyof Args]-?: [Extract<NonNullable<Args[K]>, Promise<unknown>>] extends [never] ? never : K;
}[keyof Args];

/** The value an argument holds, an Output's or a Promise's for those that may be one. */
type ValueOf<T> = T extends pulumi.OutputInstance<infer U> | Promise<infer U> ? U : T;

/** The chart version the component installs by default (Milvus 2.6.15). */
const defaultChartVersion = "5.0.19";

// A day bounds every wait and timeout: anything longer is a typo (milliseconds for seconds), not a setting.
const seconds = { kind: "integer", min: 1, max: 86400, unit: "seconds" } as const;

/**
 * Every argument, declared once. The defaults, the argument checks (components/settings.ts), the stack-config
 * reader (stackConfig.ts) and Pulumi.yaml's declarations are derived from or checked against this table
 * (test/args.test.ts also holds the README's table to it). `doc` is Pulumi.yaml's description; the TSDoc above is
 * the full story. `check` adds the rules of a string's format; rules that join arguments live in resolveSettings.
 * `acceptsOutput` marks the names that may be Outputs, checked by the same `check` once their value is known.
 */
export const argumentSpecs = {
    domain: {
        kind: "string",
        required: true,
        check: domainProblems,
        doc: "Public host name clients connect to (Ingress host rule and certificate name), e.g. my-release.milvus.io.",
    },
    certMode: {
        kind: "string",
        default: "self-managed",
        oneOf: Object.values(CertMode),
        doc: "Front-end certificate: self-managed (self-signed, clients trust the certificatePem output), google-managed (ManagedCertificate) or certificate-manager (gateway mode: DNS-authorized, issued before the load balancer).",
    },
    loadBalancerApi: {
        kind: "string",
        default: "ingress",
        oneOf: Object.values(LoadBalancerApi),
        doc: "ingress (GCE Ingress) or gateway (GKE Gateway gke-l7-global-external-managed; the cluster needs the Gateway API).",
    },
    loadBalancerScope: {
        kind: "string",
        default: "external",
        oneOf: Object.values(LoadBalancerScope),
        doc: "external (global external Application Load Balancer, public IP) or internal (regional internal, VPC only: needs region, network, subnetwork and a proxy-only subnet).",
    },
    namespace: {
        kind: "string",
        default: "default",
        acceptsOutput: true,
        check: (value) => dnsLabelProblems(value, 63),
        doc: "Existing Kubernetes namespace of Milvus and of every object this program creates.",
    },
    releaseName: {
        kind: "string",
        default: "my-release",
        // Helm refuses release names over 53 characters (its objects append suffixes within the 63 limit).
        check: (value) => dnsLabelProblems(value, 53),
        doc: "Helm release name of Milvus (at most 53 characters); the Service is <releaseName>-milvus.",
    },
    milvusMode: {
        kind: "string",
        default: "cluster",
        oneOf: Object.values(MilvusMode),
        doc: "cluster (proxy, coordinators and nodes as separate pods) or standalone (one pod, for development).",
    },
    chartVersion: {
        kind: "string",
        default: defaultChartVersion,
        check: (value) => chartVersionProblems(value, defaultChartVersion),
        doc: "Exact version (SemVer 2, no range) of the milvus chart from https://zilliztech.github.io/milvus-helm/.",
    },
    helmValues: {
        kind: "object",
        default: {},
        what: "an object of chart values",
        doc: "Extra chart values, deep-merged under the ones the component owns (see README).",
    },
    milvusConfig: {
        kind: "object",
        default: {},
        what: "an object of Milvus settings",
        doc: "Extra Milvus settings for user.yaml, deep-merged under the ones the component owns (see README).",
    },
    manageRelease: {
        kind: "boolean",
        default: true,
        doc: 'Install Milvus as a Helm release; false fronts an existing release (see README, "Fronting an existing release").',
    },
    serveAnyHost: {
        kind: "boolean",
        default: true,
        doc: "Route requests for any HTTP/2 authority (clients dialling the IP) to Milvus through the Ingress defaultBackend.",
    },
    helmTimeoutSeconds: {
        ...seconds,
        default: 1200,
        doc: "Seconds to wait for the Milvus release to become ready (1..86400).",
    },
    createStaticIp: {
        kind: "boolean",
        notInPulumiYaml:
            'unset means "true unless staticIpName is set", which no default can say, and the CLI requires a declared key without one',
        doc: "Reserve a global static IP for the load balancer (default true; false when staticIpName is set).",
    },
    staticIpName: {
        kind: "string",
        acceptsOutput: true,
        check: (value) => gcpNameProblems(value),
        doc: "Name of an existing reserved global address to use instead of creating one.",
    },
    dnsZone: {
        kind: "string",
        acceptsOutput: true,
        check: (value) => gcpNameProblems(value),
        doc: "Cloud DNS managed zone name (not its DNS name); when set, an A record <domain>. points at the load balancer.",
    },
    minTlsVersion: {
        kind: "string",
        default: "TLS_1_2",
        oneOf: Object.values(MinTlsVersion),
        doc: "Lowest TLS version clients may use: TLS_1_2 (SSL policy profile MODERN) or TLS_1_3 (RESTRICTED). An internal Ingress has no SSL policy: it accepts TLS 1.0 and up, GCP's default.",
    },
    allowedSourceRanges: {
        kind: "list",
        what: "a list of CIDR ranges",
        doc: "Client CIDR ranges allowed through Cloud Armor (everything else gets 403); every client when unset.",
    },
    backendTimeoutSec: {
        ...seconds,
        default: 600,
        doc: "Seconds one request or gRPC stream may run through the load balancer (1..86400).",
    },
    // GCP backend services drain connections for at most 3600 s (Compute API, connectionDraining.drainingTimeoutSec).
    drainingTimeoutSec: {
        ...seconds,
        default: 60,
        max: 3600,
        doc: "Seconds a leaving Milvus pod keeps its open requests (1..3600).",
    },
    // BackendConfig logging.sampleRate is a fraction from 0.0 to 1.0 (GKE Ingress docs).
    logSampleRate: {
        kind: "number",
        default: 1,
        min: 0,
        max: 1,
        doc: "Fraction of requests the load balancer logs, 0.0..1.0 (0 turns logging off).",
    },
    auth: {
        kind: "boolean",
        default: true,
        doc: "Milvus authentication with a generated root password (output rootPassword, user root).",
    },
    healthCheckFirewall: {
        kind: "boolean",
        default: true,
        doc: "Gateway mode: a VPC firewall rule letting Google's health checkers (internal: and the proxy-only subnet) reach the Milvus pods on 9091 and 19530 (needs network).",
    },
    network: {
        kind: "string",
        check: (value) => gcpNameProblems(value),
        doc: "Name of the cluster's VPC network, for the health-check firewall rule (gateway mode) and the proxy-only subnet (internal).",
    },
    region: {
        kind: "string",
        check: regionProblems,
        doc: "Internal: the cluster's region (e.g. us-central1), where the regional load balancer is; default the region of gkeLocation.",
    },
    subnetwork: {
        kind: "string",
        check: (value) => gcpNameProblems(value),
        doc: "Internal: name of the cluster's subnet in region, where the internal address is reserved.",
    },
    proxyOnlySubnet: {
        kind: "string",
        check: (value) => gcpNameProblems(value),
        doc: "Internal: name of the existing proxy-only subnet (REGIONAL_MANAGED_PROXY) of network in region; or give proxyOnlySubnetCidr.",
    },
    proxyOnlySubnetCidr: {
        kind: "string",
        check: proxyOnlySubnetRangeProblems,
        doc: "Internal: IPv4 range (/26 or larger, /23 recommended) of a proxy-only subnet to create in network and region, when the VPC has none there.",
    },
    allowGlobalAccess: {
        kind: "boolean",
        default: false,
        doc: "Gateway mode, internal: let clients in every region of the VPC reach the load balancer (otherwise only those in region).",
    },
    protect: {
        kind: "boolean",
        default: true,
        doc: "Protect the Milvus release, the root password, the reserved address and the created bucket from deletion.",
    },
    objectStorage: {
        kind: "string",
        default: "minio",
        oneOf: Object.values(ObjectStorage),
        doc: "Where Milvus stores its data: minio (the chart's in-cluster MinIO) or gcs (a Cloud Storage bucket through Workload Identity).",
    },
    bucketName: {
        kind: "string",
        check: gcsBucketNameProblems,
        doc: "With objectStorage gcs: the Cloud Storage bucket's name (created unless createBucket is false).",
    },
    createBucket: {
        kind: "boolean",
        default: true,
        doc: "With objectStorage gcs: create the bucket (false: use an existing bucket named bucketName).",
    },
    bucketLocation: {
        kind: "string",
        check: bucketLocationProblems,
        doc: "With objectStorage gcs: location of the created bucket (region, dual- or multi-region); default the cluster's region.",
    },
    bucketForceDestroy: {
        kind: "boolean",
        default: false,
        doc: "Let a destroy delete the created bucket while it holds Milvus's data (with protect false).",
    },
} as const satisfies {
    [K in keyof Args]-?: ArgumentSpec<ValueOf<NonNullable<Args[K]>>> &
        (K extends OutputArgument ? { acceptsOutput: true } : { acceptsOutput?: never });
};

type Specs = typeof argumentSpecs;
/** What kind of value an argument takes: it decides how stack config is parsed and how Pulumi.yaml declares it. */
export type ArgumentKind = Specs[keyof Specs]["kind"];
/** Every argument's name: anything else given is a mistake (a misspelt `allowedSourceRange` would leave Milvus open). */
export type ArgumentName = keyof Specs;
export const argumentNames = Object.keys(argumentSpecs) as ArgumentName[];
// Compile-time completeness: an argument added to the interface but not to the table fails here.
type Undeclared = Exclude<keyof MilvusL7LoadBalancerArgs, ArgumentName>;
const allArgumentsDeclared: [Undeclared] extends [never] ? true : Undeclared = true;
void allArgumentsDeclared;

/**
 * Whether `key` may be an Output: its value is then checked, by the same `check`, when it is known (see
 * MilvusL7LoadBalancerArgs). Every other argument is plain data, checked before anything is created.
 */
export function acceptsOutput(key: ArgumentName): boolean {
    return "acceptsOutput" in argumentSpecs[key];
}

/**
 * What an optional argument without a default holds in stack config when it is not set. The Pulumi CLI requires
 * every key Pulumi.yaml declares without a default (pulumi/pulumi pkg/workspace/config.go, mergeConfig: "Stack '<s>'
 * is missing configuration value"), so Pulumi.yaml gives these keys the empty value of their type, and the program
 * reads it as "not set".
 */
export const unsetConfigText = { string: "", list: "[]", object: "{}" } as const;

/** The value each optional argument takes when it is not given. */
export const defaults = Object.fromEntries(
    Object.entries(argumentSpecs).flatMap(([name, spec]) => ("default" in spec ? [[name, spec.default]] : [])),
) as {
    [K in ArgumentName as Specs[K] extends { default: unknown } ? K : never]: Specs[K] extends { default: infer D }
        ? D
        : never;
};

// Compile-time agreement with types.ts: the arguments the settings always hold are exactly those with a default here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const defaultsAgree: Same<keyof typeof defaults, ArgumentWithDefault | "helmValues" | "milvusConfig"> = true;
void defaultsAgree;
