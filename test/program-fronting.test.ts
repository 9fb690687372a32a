// The program (index.ts) run under mocks fronting an existing release on an ephemeral IP (manageRelease false,
// createStaticIp false): the outputs those modes leave unset (releaseStatus, reservedAddressName) are not exported.
import { runIndexWithWarnings } from "./engine";
import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { valueOf } from "../harness/engine";
import { setStackConfig, stackFileConfig } from "./stack";

describe("the program fronting an existing release on an ephemeral IP", () => {
    let program: Record<string, pulumi.Output<unknown>>;
    let warnings: string[];
    before(async () => {
        setStackConfig({
            ...stackFileConfig("dev"),
            "milvus-l7:manageRelease": false,
            "milvus-l7:createStaticIp": false,
        });
        ({ exports: program, warnings } = await runIndexWithWarnings<Record<string, pulumi.Output<unknown>>>());
    });

    test("exports neither releaseStatus nor reservedAddressName: no release is installed, no address reserved", () => {
        assert.deepEqual(Object.keys(program).sort(), [
            "certificatePem",
            "endpoint",
            "frontEndKind",
            "frontEndName",
            "loadBalancerIp",
            "milvusHelmValues",
            "releaseName",
            "rootPassword",
            "serviceName",
            "sslPolicyName",
        ]);
    });

    test("releaseName names the existing release, frontEndName the Ingress", async () => {
        assert.equal(await valueOf(program.releaseName), stackFileConfig("dev")["milvus-l7:releaseName"]);
        assert.equal(await valueOf(program.frontEndKind), "Ingress");
        assert.equal(await valueOf(program.frontEndName), "milvus-dev-l7");
    });

    test("exports no value that resolves to undefined, and the SDK warns of nothing", async () => {
        for (const [name, output] of Object.entries(program)) assert.notEqual(await valueOf(output), undefined, name);
        assert.deepEqual(warnings, []);
    });
});
