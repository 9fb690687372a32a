// The program (index.ts) run on the dev stack's config under mocks, and Pulumi.yaml kept in step with it.
import { deployed, engine, explicitProviders, runIndex } from "./engine";
import * as pulumiRuntime from "@pulumi/pulumi";
import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import * as YAML from "yaml";
import { defaults, MilvusL7LoadBalancer } from "../components";
import { valueOf } from "../render/engine";
import { stackConfigKeys } from "../stackConfig";
import { root, setStackConfig, stackFileConfig } from "./stack";

type Exports = {
    loadBalancerIp: pulumi.Output<string>;
    endpoint: pulumi.Output<string>;
    certificatePem: pulumi.Output<string | undefined>;
    rootPassword: pulumi.Output<string | undefined>;
    milvusHelmValues: pulumi.Output<Record<string, unknown>>;
};

describe("the program on the dev stack", () => {
    const dev = stackFileConfig("dev");
    let program: Exports;
    before(async () => {
        setStackConfig(dev);
        program = await runIndex<Exports>();
    });

    test("exports exactly loadBalancerIp, endpoint, certificatePem, rootPassword and milvusHelmValues", () => {
        assert.deepEqual(Object.keys(program).filter((k) => k !== "default").sort(), [
            "certificatePem",
            "endpoint",
            "loadBalancerIp",
            "milvusHelmValues",
            "rootPassword",
        ]);
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
        assert.deepEqual((release?.rawInputs.values as { cluster: unknown }).cluster, { enabled: dev["milvus-l7:milvusMode"] === "cluster" });
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

describe("Pulumi.yaml", () => {
    const project = YAML.parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as {
        name: string;
        runtime: string | { name: string };
        config: Record<string, { type: string; default?: unknown; description?: string }>;
    };
    const typeOf = (value: unknown) => (typeof value === "number" ? "integer" : typeof value);

    test("is the milvus-l7 nodejs project", () => {
        assert.equal(project.name, "milvus-l7");
        assert.equal(typeof project.runtime === "string" ? project.runtime : project.runtime.name, "nodejs");
    });

    test("declares every scalar argument with the component's own default and type", () => {
        for (const [key, value] of Object.entries(defaults)) {
            if (typeof value === "object") continue; // objects cannot be typed in project config
            const declared = project.config[key];
            assert.ok(declared, `${key} is not declared`);
            if (key === "logSampleRate") {
                // Project config has no number type: a fraction is a string the program parses.
                assert.equal(declared.type, "string", key);
                assert.equal(Number(declared.default), value, key);
                continue;
            }
            assert.equal(declared.type, typeOf(value), key);
            assert.equal(declared.default, value, key);
        }
    });

    test("declares the arguments without a default, typed, and createStaticIp without one (it follows staticIpName)", () => {
        for (const key of ["staticIpName", "dnsZone", "createStaticIp"]) {
            assert.ok(project.config[key], key);
            assert.equal(project.config[key].default, undefined, key);
        }
        assert.equal(project.config.createStaticIp.type, "boolean");
        assert.deepEqual(project.config.allowedSourceRanges, { ...project.config.allowedSourceRanges, type: "array", items: { type: "string" } });
    });

    test("declares domain without a default, and the cluster selection keys", () => {
        assert.equal(project.config.domain.type, "string");
        assert.equal(project.config.domain.default, undefined);
        for (const key of ["kubeconfig", "kubeContext", "gkeCluster", "gkeLocation"]) assert.equal(project.config[key]?.type, "string", key);
    });

    test("describes every key", () => {
        for (const [key, declared] of Object.entries(project.config)) assert.ok(declared.description, key);
    });

    test("declares exactly the keys the program reads, besides the object keys it cannot type", () => {
        assert.deepEqual([...Object.keys(project.config), "helmValues", "milvusConfig"].sort(), [...stackConfigKeys].sort());
    });

    test("the dev stack sets only declared or object keys of this project", () => {
        const known = new Set([...Object.keys(project.config), "helmValues", "milvusConfig"]);
        for (const key of Object.keys(stackFileConfig("dev"))) {
            assert.ok(key.startsWith("milvus-l7:") && known.has(key.slice("milvus-l7:".length)), key);
        }
    });
});
