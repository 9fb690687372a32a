// A stack that names its GKE cluster: the program looks it up and builds a Kubernetes provider for it.
import { deployed, engine, explicitProviders, plainStrings, runIndex } from "./engine";
import assert from "node:assert/strict";
import { test } from "node:test";
import * as YAML from "yaml";
import { setStackConfig } from "./stack";

test("gkeCluster + gkeLocation: a provider from gcp.container.getCluster with gke-gcloud-auth-plugin", async () => {
    setStackConfig({
        "milvus-l7:domain": "milvus.example.com",
        "milvus-l7:gkeCluster": "vectors",
        "milvus-l7:gkeLocation": "europe-west4",
    });
    await runIndex();

    const lookup = engine.invokes.find((c) => c.token === "gcp:container/getCluster:getCluster");
    assert.deepEqual([lookup?.inputs.name, lookup?.inputs.location], ["vectors", "europe-west4"]);

    const providers = explicitProviders("kubernetes");
    assert.equal(providers.length, 1);
    const kubeconfigText = plainStrings(providers[0].rawInputs.kubeconfig).join("");
    const kubeconfig = YAML.parse(kubeconfigText);
    const context = `gke_${deployed.cluster.project}_europe-west4_vectors`;
    assert.equal(kubeconfig["current-context"], context);
    assert.equal(kubeconfig.clusters[0].cluster.server, `https://${deployed.cluster.endpoint}`);
    assert.equal(kubeconfig.clusters[0].cluster["certificate-authority-data"], deployed.cluster.clusterCaCertificate);
    // No credential in the kubeconfig: a short-lived token comes from the caller's gcloud login at each call.
    assert.equal(kubeconfig.users[0].user.exec.command, "gke-gcloud-auth-plugin");
    assert.equal(kubeconfig.users[0].user.token, undefined);

    const kube = engine.resources.filter((r) => r.type.startsWith("kubernetes:"));
    assert.ok(kube.length > 0);
    for (const r of kube) assert.equal(r.provider, "pulumi:providers:kubernetes::kubernetes", r.name);
});
