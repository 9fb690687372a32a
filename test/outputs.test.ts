// The component's outputs under Pulumi's mocks, in every mode that changes one: each value, which ones are unset (as
// components/outputs.ts declares, which is what the program exports by), and which are secrets; with dnsZone and
// staticIpName given as Outputs too.
import { deployed } from "./engine";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FrontEndKind, outputNames, secretOutputs, type MilvusL7LoadBalancerArgs } from "../components";
import { hasValue } from "../components/outputs";
import { valueOf } from "../harness/engine";
import { deploy, kubeObject, objectChildren, type Deployed } from "./deploy";

/** Every output's value, by name. */
async function values(d: Deployed): Promise<Record<string, unknown>> {
    return Object.fromEntries(
        await Promise.all(outputNames.map(async (name) => [name, await valueOf<unknown>(d.component[name])])),
    );
}

/** Deploys a component in one mode and checks what holds for every output in every mode. */
function mode(name: string, args: Partial<MilvusL7LoadBalancerArgs>, expected: Record<string, unknown>): void {
    describe(`outputs: ${name}`, async () => {
        const d = await deploy(name, args);
        const got = await values(d);

        test("each output holds a value exactly when components/outputs.ts says the mode gives it one", () => {
            const unset = outputNames.filter((output) => got[output] === undefined);
            assert.deepEqual(
                unset,
                outputNames.filter((output) => !hasValue(output, d.settings)),
            );
        });

        test("each output that holds a value is a secret exactly when it is declared one", async () => {
            for (const output of outputNames.filter((o) => got[o] !== undefined))
                assert.equal(
                    await pulumi.isSecret(d.component[output] as pulumi.Output<unknown>),
                    secretOutputs.includes(output),
                    output,
                );
        });

        test("frontEndKind and frontEndName are the kind and name of the one object of that kind made", () => {
            const objects = objectChildren(d).map(kubeObject);
            const frontEnds = objects.filter((o) => o.kind === "Ingress" || o.kind === "Gateway");
            assert.deepEqual(
                frontEnds.map((o) => [o.kind, o.metadata.name]),
                [[got.frontEndKind, got.frontEndName]],
            );
        });

        test("the front end, address, policies and release outputs have this mode's values", () => {
            const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, got[key]]));
            assert.deepEqual(picked, expected);
        });
    });
}

mode(
    "defaults",
    {},
    {
        frontEndKind: FrontEndKind.Ingress,
        frontEndName: "my-release-milvus-l7",
        reservedAddressName: "defaults-ip-0a1b2c3",
        sslPolicyName: "defaults-ssl-policy-0a1b2c3",
        securityPolicyName: undefined,
        releaseName: "my-release",
        releaseStatus: deployed.releaseStatus,
        rootPassword: deployed.password,
        certificatePem: deployed.pem("CERTIFICATE", "defaults-frontend-tls-cert"),
        certificateState: undefined,
        dnsAuthorizationRecord: undefined,
    },
);

mode(
    "gateway",
    {
        loadBalancerApi: "gateway",
        certMode: "google-managed",
        network: "default",
        staticIpName: "vectors-ip",
        allowedSourceRanges: ["203.0.113.0/24"],
        releaseName: "vectors",
        auth: false,
    },
    {
        frontEndKind: FrontEndKind.Gateway,
        frontEndName: "vectors-milvus-l7",
        reservedAddressName: "vectors-ip",
        sslPolicyName: "gateway-ssl-policy-0a1b2c3",
        securityPolicyName: "gateway-security-policy-0a1b2c3",
        releaseName: "vectors",
        releaseStatus: deployed.releaseStatus,
        rootPassword: undefined,
        certificatePem: undefined,
    },
);

mode(
    "fronting",
    { manageRelease: false, createStaticIp: false, releaseName: "search-milvus", namespace: "search" },
    {
        frontEndKind: FrontEndKind.Ingress,
        frontEndName: "search-milvus-l7",
        reservedAddressName: undefined,
        releaseName: "search-milvus",
        releaseStatus: undefined,
    },
);

mode(
    "cm-record",
    { loadBalancerApi: "gateway", certMode: "certificate-manager", network: "default" },
    {
        frontEndKind: FrontEndKind.Gateway,
        certificatePem: undefined,
        certificateState: "<computed>",
        dnsAuthorizationRecord: "_acme-challenge.my-release.milvus.io. CNAME <computed>",
    },
);

mode(
    "cm-zone",
    { loadBalancerApi: "gateway", certMode: "certificate-manager", network: "default", dnsZone: "example-zone" },
    { certificateState: "<computed>", dnsAuthorizationRecord: undefined },
);

mode(
    "from-outputs",
    {
        loadBalancerApi: "gateway",
        certMode: "certificate-manager",
        network: "default",
        dnsZone: pulumi.output("example-zone"),
        staticIpName: pulumi.output("vectors-ip"),
    },
    { reservedAddressName: "vectors-ip", dnsAuthorizationRecord: undefined },
);

const internal = {
    loadBalancerScope: "internal",
    region: "us-central1",
    network: "vpc-a",
    subnetwork: "nodes-a",
    proxyOnlySubnet: "proxy-only-a",
} as const;

mode(
    "internal-ingress",
    { ...internal, releaseName: "inner" },
    {
        frontEndKind: FrontEndKind.Ingress,
        reservedAddressName: "internal-ingress-ip-0a1b2c3",
        sslPolicyName: undefined,
        securityPolicyName: undefined,
    },
);

mode(
    "internal-gateway",
    { ...internal, loadBalancerApi: "gateway", certMode: "certificate-manager", releaseName: "rilb" },
    {
        frontEndKind: FrontEndKind.Gateway,
        reservedAddressName: "internal-gateway-ip-0a1b2c3",
        sslPolicyName: "internal-gateway-ssl-policy-0a1b2c3",
        certificateState: "<computed>",
    },
);
