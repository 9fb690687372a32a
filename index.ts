import "./leakCheckTraces";
import { kubernetesProvider } from "./cluster";
import { MilvusL7LoadBalancer } from "./components";
import { readStackConfig } from "./stackConfig";

const stack = readStackConfig();
const kubernetes = kubernetesProvider(stack);
// Nothing is created, in GCP either, until the cluster's provider exists (with gkeCluster: its lookup succeeded).
const milvus = new MilvusL7LoadBalancer("milvus", stack.args, kubernetes ? { providers: [kubernetes], dependsOn: [kubernetes] } : undefined);

export const loadBalancerIp = milvus.loadBalancerIp;
export const endpoint = milvus.endpoint;
export const certificatePem = milvus.certificatePem;
/** The Milvus root user's password (user `root`), a secret: `pulumi stack output --show-secrets rootPassword`. */
export const rootPassword = milvus.rootPassword;
/** What an existing release must carry when manageRelease is false (see README). */
export const milvusHelmValues = milvus.milvusHelmValues;
