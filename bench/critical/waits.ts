// How long each kind of create keeps the engine (or the endpoint) waiting, with where each figure comes from. Two
// figures per wait: `typical`, what a deploy usually sees, and `bound`, the longest before something gives up or the
// documentation's upper figure. The analysis runs with both, so its conclusion does not rest on one guess.

export interface Source {
    title: string;
    url: string;
    /** What the source says that the figure rests on. */
    says: string;
}

export const sources = {
    managedCerts: {
        title: "GKE: Using Google-managed SSL certificates",
        url: "https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs",
        says: "a ManagedCertificate provisions once the domain resolves to the load balancer: about 15 minutes with DNS in place, up to 60 minutes",
    },
    certManagerTroubleshooting: {
        title: "Certificate Manager: Troubleshooting",
        url: "https://cloud.google.com/certificate-manager/docs/troubleshooting",
        says: "provisioning a Google-managed certificate can take up to 60 minutes after your DNS and load balancer configuration changes propagate",
    },
    ingressLoadBalancer: {
        title: "GKE: Configure Ingress for external Application Load Balancers",
        url: "https://cloud.google.com/kubernetes-engine/docs/how-to/load-balance-ingress",
        says: "it might take a few minutes for GKE to allocate an external IP address and prepare the load balancer",
    },
    pulumiIngressAwait: {
        title: "pulumi-kubernetes: Ingress await (provider/pkg/await/ingress.go)",
        url: "https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/await/ingress.go",
        says: "an Ingress create waits for status.loadBalancer.ingress and for the Endpoints object of every backend Service (existence, not readiness); 10 minutes by default",
    },
    pulumiHelmRelease: {
        title: "Pulumi Registry: kubernetes.helm.sh/v3.Release",
        url: "https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/",
        says: "the Release waits until every chart object is ready unless skipAwait; timeout 300 s by default",
    },
    milvusHelm: {
        title: "Milvus: Run Milvus in Kubernetes with Helm",
        url: "https://milvus.io/docs/install_cluster-helm.md",
        says: "cluster mode starts etcd, MinIO, Pulsar and the Milvus components; the release is ready when all their pods are (FACTS.md: a cluster with Pulsar often needs longer than Helm's 300 s)",
    },
    milvusGuide: {
        title: "Milvus: Set up a Layer-7 Load Balancer for Milvus on GCP",
        url: "https://milvus.io/docs/gcp_layer7.md",
        says: "the guide's steps, each run after the previous one finished",
    },
    estimate: {
        title: "Estimate (no documented figure)",
        url: "",
        says: "one API request or one cloud operation with no await of its own: seconds",
    },
} satisfies Record<string, Source>;

export type SourceId = keyof typeof sources;

export interface Wait {
    what: string;
    typical: number;
    bound: number;
    source: SourceId;
}

/** Waits of at least this many seconds (typical) are the long ones that must overlap, not add up. */
export const longWaitSeconds = 60;

const seconds = (what: string, typical: number, bound: number, source: SourceId): Wait => ({ what, typical, bound, source });

/**
 * The create wait of a registered resource, from its type and its own inputs (the Release's timeout, its chart's
 * cluster mode). `ingressTimeoutSeconds` is the component's Ingress create timeout, which records do not carry.
 */
export function createWait(type: string, inputs: Record<string, unknown>, ingressTimeoutSeconds: number): Wait {
    if (type === "kubernetes:helm.sh/v3:Release") {
        const values = inputs.values as { cluster?: { enabled?: unknown } } | undefined;
        const cluster = values?.cluster?.enabled !== false;
        const timeout = typeof inputs.timeout === "number" ? inputs.timeout : 300;
        return seconds(`Milvus ${cluster ? "cluster" : "standalone"} ready (Helm await)`, cluster ? 600 : 300, timeout, "pulumiHelmRelease");
    }
    if (type === "kubernetes:networking.k8s.io/v1:Ingress") {
        return seconds("load balancer programmed, IP in Ingress status", 300, ingressTimeoutSeconds, "ingressLoadBalancer");
    }
    if (type.startsWith("gcp:compute/")) return seconds("Compute Engine global operation", 15, 60, "estimate");
    if (type.startsWith("gcp:dns/")) return seconds("Cloud DNS change", 5, 30, "estimate");
    if (type.startsWith("kubernetes:")) return seconds("one Kubernetes API request, no await", 2, 5, "estimate");
    if (type.startsWith("tls:") || type.startsWith("random:")) return seconds("computed locally", 1, 1, "estimate");
    return seconds("unknown type: one cloud operation", 15, 60, "estimate");
}

/** Provisioning of a ManagedCertificate, which GKE starts once the load balancer serves the domain and DNS points at it. */
export const certificateProvisioning = seconds("Google-managed certificate provisioned", 15 * 60, 60 * 60, "managedCerts");
