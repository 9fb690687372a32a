import * as gcp from "./components/sdk/gcp";
import * as k8s from "./components/sdk/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import type { StackConfig } from "./stackConfig";

/** What a kubeconfig for a GKE cluster needs from `gcp.container.getCluster`. */
export interface GkeClusterInfo {
    project: string;
    location: string;
    name: string;
    /** The control plane's IP or host name. */
    endpoint: string;
    /** Base64 PEM of the cluster CA (`masterAuths[0].clusterCaCertificate`). */
    clusterCaCertificate: string;
}

/**
 * A kubeconfig for a GKE cluster that holds no credential: kubectl and the provider run gke-gcloud-auth-plugin
 * (the only supported GKE auth since 1.26) for a short-lived token from the caller's gcloud login. The context name
 * is the one `gcloud container clusters get-credentials` writes.
 */
export function gkeKubeconfig(cluster: GkeClusterInfo): string {
    const context = `gke_${cluster.project}_${cluster.location}_${cluster.name}`;
    return YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: context,
                cluster: {
                    server: `https://${cluster.endpoint}`,
                    "certificate-authority-data": cluster.clusterCaCertificate,
                },
            },
        ],
        users: [
            {
                name: context,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "gke-gcloud-auth-plugin",
                        provideClusterInfo: true,
                        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                    },
                },
            },
        ],
        contexts: [{ name: context, context: { cluster: context, user: context } }],
        "current-context": context,
    });
}

/**
 * With objectStorage "gcs" the pods reach the bucket through the cluster's Workload Identity pool, which must be the
 * gcp provider's project's, `<project>.svc.id.goog`, the pool the component grants on (GKE Workload Identity docs). A
 * cluster without it fails here, before anything is created (every resource waits for this provider), rather than
 * with Milvus pods that cannot reach their bucket.
 */
export function workloadIdentityChecked(
    c: { project?: string; workloadIdentityConfigs?: { workloadPool: string }[] },
    name: string,
    needed: boolean,
): true {
    const pool = c.workloadIdentityConfigs?.[0]?.workloadPool ?? "";
    const expected = `${c.project ?? "<project>"}.svc.id.goog`;
    if (needed && pool !== expected) {
        throw new Error(
            pool === ""
                ? `gkeCluster ${name} has no Workload Identity, which objectStorage "gcs" needs: gcloud container clusters update ${name} --workload-pool=${expected} (and --workload-metadata=GKE_METADATA on its node pools)`
                : `gkeCluster ${name} uses the Workload Identity pool ${pool}, not ${expected} of the gcp provider's project, which objectStorage "gcs" grants on; set gcp:project to the cluster's project`,
        );
    }
    return true;
}

/**
 * The Kubernetes provider the stack asks for: built from its GKE cluster, or from its kubeconfig and context, or
 * none (the ambient kubeconfig) so each stack can target its own cluster.
 */
export function kubernetesProvider(
    config: Pick<StackConfig, "gkeCluster" | "kubeconfig" | "kubeContext"> & Partial<Pick<StackConfig, "args">>,
): k8s.Provider | undefined {
    if (config.gkeCluster) {
        const { name, location } = config.gkeCluster;
        const cluster = gcp.container.getClusterOutput({ name, location });
        const needsWorkloadIdentity = config.args?.objectStorage === "gcs";
        const kubeconfig = cluster.apply(
            (c) =>
                workloadIdentityChecked(c, name, needsWorkloadIdentity) &&
                gkeKubeconfig({
                    project: c.project ?? "",
                    location,
                    name,
                    endpoint: c.endpoint,
                    clusterCaCertificate: c.masterAuths[0]?.clusterCaCertificate ?? "",
                }),
        );
        return new k8s.Provider("kubernetes", { kubeconfig });
    }
    if (config.kubeconfig !== undefined || config.kubeContext !== undefined) {
        return new k8s.Provider("kubernetes", {
            // A kubeconfig may carry credentials.
            kubeconfig: config.kubeconfig === undefined ? undefined : pulumi.secret(config.kubeconfig),
            context: config.kubeContext,
        });
    }
    return undefined;
}
