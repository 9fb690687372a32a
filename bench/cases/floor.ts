// Floor: what every run of the program pays before its own code does anything. It loads the Pulumi SDKs the program
// uses, touches the SDK modules the dev stack's resource classes live in (the SDKs load those lazily, on first use),
// starts the same in-process engine as render/engine.ts (mocks, config, the root Stack) and runs an empty program.
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { failOn, reportAtExit } from "../lib/child";

const resourceClasses = [
    gcp.compute.GlobalAddress,
    gcp.compute.SSLPolicy,
    k8s.core.v1.Secret,
    k8s.networking.v1.Ingress,
    k8s.helm.v3.Release,
    k8s.apiextensions.CustomResource,
    tls.PrivateKey,
    tls.SelfSignedCert,
    random.RandomPassword,
];

async function main(): Promise<void> {
    await pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: args.name, state: args.inputs as Record<string, unknown> }), call: (args) => args.inputs as Record<string, unknown> },
        "milvus-l7",
        "dev",
        false,
    );
    pulumi.runtime.setAllConfig({}, []);
    await pulumi.runtime.runInPulumiStack(() => Promise.resolve({}));
    await pulumi.runtime.disconnect();
}

reportAtExit(() => ({ resourceClasses: resourceClasses.length }));
main().catch(failOn);
