// A stack that names its cluster: the program builds its own kubernetes provider and every child uses it.
import { engine, explicitProviders, plainStrings, runIndex } from "./engine";
import assert from "node:assert/strict";
import { test } from "node:test";
import { isSecretValue } from "../harness/engine";
import { setStackConfig } from "./stack";

test("kubeconfig and kubeContext select the cluster for every Kubernetes resource", async () => {
    const kubeconfig = "apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: s3cr3t}}]\n";
    setStackConfig(
        {
            "milvus-l7:domain": "milvus.example.com",
            "milvus-l7:kubeconfig": kubeconfig,
            "milvus-l7:kubeContext": "gke_project_us-central1_vectors",
        },
        ["milvus-l7:kubeconfig"],
    );
    await runIndex();

    const providers = explicitProviders("kubernetes");
    assert.equal(providers.length, 1);
    const [provider] = providers;
    assert.equal(provider.rawInputs.context, "gke_project_us-central1_vectors");
    // A kubeconfig carries credentials: it must reach the provider as a secret, never in clear.
    assert.ok(isSecretValue(provider.rawInputs.kubeconfig), "kubeconfig marked secret");
    assert.ok(!plainStrings(provider.rawInputs).includes(kubeconfig), "kubeconfig in clear");

    const kube = engine.resources.filter((r) => r.type.startsWith("kubernetes:"));
    assert.equal(kube.length, 8);
    for (const r of kube) assert.equal(r.provider, "pulumi:providers:kubernetes::kubernetes", r.name);
});
