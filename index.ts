import "./leakCheckTraces";
import { kubernetesProvider } from "./cluster";
import { defaults, MilvusL7LoadBalancer } from "./components";
import { readStackConfig } from "./stackConfig";

const stack = readStackConfig();
const kubernetes = kubernetesProvider(stack);
// Nothing is created, in GCP either, until the cluster's provider exists (with gkeCluster: its lookup succeeded).
const milvus = new MilvusL7LoadBalancer(
    "milvus",
    stack.args,
    kubernetes ? { providers: [kubernetes], dependsOn: [kubernetes] } : undefined,
);
const certMode = stack.args.certMode ?? defaults.certMode;
const selfManaged = certMode === "self-managed";
const certificateManager = certMode === "certificate-manager";
const auth = stack.args.auth ?? defaults.auth;

// The stack outputs, as the language host takes them: the module's exports (@pulumi/pulumi cmd/run/run.js). An
// output a mode never has is left out, not exported undefined: the SDK warns about every exported value that resolves
// to undefined ("Undefined value (<name>) will not show as a stack output", runtime/stack.js), on every preview and
// update.
export = {
    loadBalancerIp: milvus.loadBalancerIp,
    endpoint: milvus.endpoint,
    ...(selfManaged && {
        /** The self-signed front-end certificate clients must trust (google-managed: none, they use system roots). */
        certificatePem: milvus.certificatePem,
    }),
    ...(auth && {
        /** The Milvus root user's password (user `root`), a secret: `pulumi stack output --show-secrets rootPassword`. */
        rootPassword: milvus.rootPassword,
    }),
    /** What an existing release must carry when manageRelease is false (see README). */
    milvusHelmValues: milvus.milvusHelmValues,
    /** The Milvus Service the load balancer sends traffic to (`npm run render` checks it against the GKE rules). */
    serviceName: milvus.serviceName,
    ...(certificateManager && {
        /** Certificate Manager's state of the certificate: ACTIVE once issued (`pulumi refresh` reads it anew). */
        certificateState: milvus.certificateState,
    }),
    ...(certificateManager &&
        stack.args.dnsZone === undefined && {
            /** The CNAME record to create in your DNS so that Google issues the certificate (no dnsZone given). */
            dnsAuthorizationRecord: milvus.dnsAuthorizationRecord,
        }),
};
