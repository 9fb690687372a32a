// The program (index.ts) run on the dev stack's config under mocks.
import { deployed, engine, explicitProviders, runIndexWithWarnings } from "./engine";
import * as pulumiRuntime from "@pulumi/pulumi";
import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { MilvusL7LoadBalancer } from "../components";
import { valueOf } from "../harness/engine";
import { setStackConfig, stackFileConfig } from "./stack";

type Exports = {
    loadBalancerIp: pulumi.Output<string>;
    endpoint: pulumi.Output<string>;
    certificatePem: pulumi.Output<string>;
    rootPassword: pulumi.Output<string>;
    milvusHelmValues: pulumi.Output<Record<string, unknown>>;
};

describe("the program on the dev stack", () => {
    const dev = stackFileConfig("dev");
    let program: Exports;
    let warnings: string[];
    before(async () => {
        setStackConfig(dev);
        ({ exports: program, warnings } = await runIndexWithWarnings<Exports>());
    });

    test("exports every output with a value in this mode: certificatePem, rootPassword, the reserved address; no Cloud Armor policy", () => {
        assert.deepEqual(Object.keys(program).sort(), [
            "certificatePem",
            "endpoint",
            "frontEndKind",
            "frontEndName",
            "loadBalancerIp",
            "milvusHelmValues",
            "releaseName",
            "releaseStatus",
            "reservedAddressName",
            "rootPassword",
            "serviceName",
            "sslPolicyName",
        ]);
    });

    test("exports no value that resolves to undefined, and the SDK warns of nothing", async () => {
        for (const [name, output] of Object.entries(program))
            assert.notEqual(await valueOf<unknown>(output), undefined, name);
        assert.deepEqual(warnings, []);
    });

    test("exports the root password as a secret", async () => {
        assert.equal(await pulumiRuntime.isSecret(program.rootPassword), true);
        assert.equal(await valueOf(program.rootPassword), deployed.password);
    });

    test("the dev stack protects nothing, so it can be torn down", () => {
        assert.equal(dev["milvus-l7:protect"], false);
        const address = engine.resources.find((r) => r.type === "gcp:compute/globalAddress:GlobalAddress");
        assert.equal(address?.rawInputs.deletionPolicy, "DELETE");
    });

    test("exports the Ingress IP, <domain>:443 and the self-signed front-end certificate", async () => {
        assert.equal(await valueOf(program.loadBalancerIp), deployed.ingressIp);
        assert.equal(await valueOf(program.endpoint), `${String(dev["milvus-l7:domain"])}:443`);
        assert.equal(await valueOf(program.certificatePem), deployed.pem("CERTIFICATE", "milvus-frontend-tls-cert"));
        const service = (await valueOf(program.milvusHelmValues)).service as Record<string, unknown>;
        assert.deepEqual([service.type, service.port, service.portName], ["ClusterIP", 19530, "milvus"]);
    });

    test("builds one MilvusL7LoadBalancer from the stack config", () => {
        const components = engine.resources.filter((r) => r.type === MilvusL7LoadBalancer.typeToken);
        assert.equal(components.length, 1);
        const release = engine.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
        assert.equal(release?.rawInputs.name, dev["milvus-l7:releaseName"]);
        assert.equal(release?.rawInputs.namespace, dev["milvus-l7:namespace"]);
        assert.deepEqual((release?.rawInputs.values as { cluster: unknown }).cluster, {
            enabled: dev["milvus-l7:milvusMode"] === "cluster",
        });
        const ingress = engine.resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress");
        assert.equal((ingress?.rawInputs.spec as { rules: { host: string }[] }).rules[0].host, dev["milvus-l7:domain"]);
    });

    test("uses the ambient kubeconfig: no provider of its own, none passed to the children", () => {
        assert.equal(explicitProviders("kubernetes").length, 0);
        for (const r of engine.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            assert.equal(r.provider, undefined, r.name);
        }
    });
});
