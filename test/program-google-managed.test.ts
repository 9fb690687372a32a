// The program (index.ts) run under mocks on the production-like stack (Pulumi.prod.yaml: google-managed), with
// authentication off: what it exports when neither a certificate nor a password exists.
import { engine, runIndexWithWarnings } from "./engine";
import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { valueOf } from "../harness/engine";
import { setStackConfig, stackFileConfig } from "./stack";

describe("the program with a Google-managed certificate and auth off", () => {
    const prod = stackFileConfig("prod");
    let program: Record<string, pulumi.Output<unknown>>;
    let warnings: string[];
    before(async () => {
        setStackConfig({ ...prod, "milvus-l7:auth": false });
        ({ exports: program, warnings } = await runIndexWithWarnings<Record<string, pulumi.Output<unknown>>>());
    });

    test("the stack is google-managed and the program made no front-end certificate or root password", () => {
        assert.equal(prod["milvus-l7:certMode"], "google-managed");
        assert.equal(
            engine.resources.filter((r) => r.type === "tls:index/selfSignedCert:SelfSignedCert").length,
            1,
            "the backend's only",
        );
        assert.equal(engine.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword").length, 0);
    });

    test("exports neither certificatePem nor rootPassword: they have no value in this mode", () => {
        assert.deepEqual(Object.keys(program).sort(), [
            "endpoint",
            "frontEndKind",
            "frontEndName",
            "loadBalancerIp",
            "milvusHelmValues",
            "releaseName",
            "releaseStatus",
            "reservedAddressName",
            "securityPolicyName",
            "serviceName",
            "sslPolicyName",
        ]);
    });

    test("exports no value that resolves to undefined, and the SDK warns of nothing", async () => {
        for (const [name, output] of Object.entries(program)) assert.notEqual(await valueOf(output), undefined, name);
        assert.deepEqual(warnings, []);
    });
});
