/** Where the front-end (client-facing) certificate comes from. */
export const certModes = ["self-managed", "google-managed"] as const;
export type CertMode = (typeof certModes)[number];

/** How the Milvus chart runs Milvus. */
export const milvusModes = ["cluster", "standalone"] as const;
export type MilvusMode = (typeof milvusModes)[number];

/** Plain (JSON-like) values, as Helm values and Milvus's user.yaml are. */
export type PlainObject = { [key: string]: unknown };

/**
 * Arguments of {@link MilvusL7LoadBalancer}.
 *
 * They are plain values, not Outputs: they are all validated before anything is created, and they decide which
 * resources exist (a ManagedCertificate or a TLS Secret, a Helm release or none).
 */
export interface MilvusL7LoadBalancerArgs {
    /**
     * The public host name clients connect to, e.g. `my-release.milvus.io`: the Ingress host rule and the name the
     * front-end certificate is issued for. Lowercase RFC 1123, at most 253 characters. A wildcard (`*.example.com`)
     * only works with `certMode: "self-managed"`; with `"google-managed"` the name is at most 63 characters.
     * Required.
     */
    domain: string;
    /**
     * Where the certificate the load balancer presents comes from:
     * - `"self-managed"`: a key and self-signed certificate made here, stored in a `kubernetes.io/tls` Secret; clients
     *   trust it through the `certificatePem` output.
     * - `"google-managed"`: a GKE `ManagedCertificate`; Google issues it once `domain` resolves to the load balancer's
     *   IP (about 15 minutes with DNS in place, up to 60 otherwise). Clients use their system roots.
     *
     * Default `"self-managed"`.
     */
    certMode?: CertMode;
    /** Kubernetes namespace of Milvus and of every object made here. It must exist. Default `"default"`. */
    namespace?: string;
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
     * the TLS volumes and mounts, `ingress.enabled`, and the Service annotations the load balancer needs.
     * Default `{}`.
     */
    helmValues?: PlainObject;
    /**
     * Extra Milvus settings for `user.yaml` (e.g. `{ queryNode: { ... } }`), deep-merged under the ones this
     * component sets. `common.security.tlsMode`, `tls.serverPemPath`, `tls.serverKeyPath` and `proxy.http.port` are
     * owned: setting them to something else is an error. Default `{}`.
     */
    milvusConfig?: PlainObject;
    /**
     * Whether this component installs Milvus as a Helm release. `false` fronts an existing release you manage
     * yourself: everything else is created, and the release must carry the values in the `milvusHelmValues` output
     * (TLS settings, backend certificate mount, ClusterIP Service). Default `true`.
     */
    manageRelease?: boolean;
    /**
     * Also route requests whose HTTP/2 authority is not `domain` to Milvus, through the Ingress `defaultBackend`.
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
}

/** The value each optional argument takes when it is not given. */
export const defaults = {
    certMode: "self-managed",
    namespace: "default",
    releaseName: "my-release",
    milvusMode: "cluster",
    chartVersion: "5.0.19",
    helmValues: {},
    milvusConfig: {},
    manageRelease: true,
    serveAnyHost: true,
    helmTimeoutSeconds: 1200,
} as const satisfies Required<Omit<MilvusL7LoadBalancerArgs, "domain">>;
