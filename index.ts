import "./leakCheckTraces";
import { kubernetesProvider } from "./cluster";
import { MilvusL7LoadBalancer, outputsWithValues } from "./components";
import { readStackConfig } from "./stackConfig";

const stack = readStackConfig();
const kubernetes = kubernetesProvider(stack);
// Nothing is created, in GCP either, until the cluster's provider exists (with gkeCluster: its lookup succeeded).
const milvus = new MilvusL7LoadBalancer(
    "milvus",
    stack.args,
    kubernetes ? { providers: [kubernetes], dependsOn: [kubernetes] } : undefined,
);

// The stack outputs, as the language host takes them: the module's exports (@pulumi/pulumi cmd/run/run.js). Only
// those this mode gives a value (components/outputs.ts): the SDK warns about every exported value that resolves to
// undefined ("Undefined value (<name>) will not show as a stack output", runtime/stack.js), on every preview and update.
export = outputsWithValues(milvus, stack.args);
