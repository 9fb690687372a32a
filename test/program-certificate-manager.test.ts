// The program (index.ts) run under mocks on the certificate-manager stack (Pulumi.certificate-manager.yaml) without its
// DNS zone: it exports the certificate's state and the CNAME record the user must create, and no certificatePem.
import { engine, runIndexWithWarnings } from "./engine";
import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { valueOf } from "../harness/engine";
import { setStackConfig, stackFileConfig } from "./stack";

describe("the program with a Certificate Manager certificate and no dnsZone", () => {
    const stack = stackFileConfig("certificate-manager");
    let program: Record<string, pulumi.Output<unknown>>;
    let warnings: string[];
    before(async () => {
        setStackConfig({ ...stack, "milvus-l7:dnsZone": "" });
        ({ exports: program, warnings } = await runIndexWithWarnings<Record<string, pulumi.Output<unknown>>>());
    });

    test("exports certificateState and dnsAuthorizationRecord, and no certificatePem", () => {
        assert.deepEqual(Object.keys(program).sort(), [
            "certificateState",
            "dnsAuthorizationRecord",
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

    test("the record to create is the authorization's CNAME for the domain, and no DNS record is made", async () => {
        assert.equal(
            await valueOf(program.dnsAuthorizationRecord),
            "_acme-challenge.milvus-cm.example.com. CNAME <computed>",
        );
        assert.equal(engine.resources.filter((r) => r.type === "gcp:dns/recordSet:RecordSet").length, 0);
    });

    test("exports no value that resolves to undefined, and the SDK warns of nothing", async () => {
        for (const [name, output] of Object.entries(program)) assert.notEqual(await valueOf(output), undefined, name);
        assert.deepEqual(warnings, []);
    });
});
