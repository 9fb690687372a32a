// Bad stack config: every problem reported at once, named as the user typed it (`milvus-l7:<key>`), nothing created.
import { engine, runIndex } from "./engine";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MilvusL7ConfigError } from "../components";
import { readStackConfig } from "../stackConfig";
import { setStackConfig, stackFileConfig } from "./stack";

/** The problems readStackConfig reports for a config, as `key: message` lines. */
function problemsFor(config: Record<string, unknown>): MilvusL7ConfigError {
    setStackConfig(config);
    try {
        readStackConfig(new pulumi.Config("milvus-l7"));
    } catch (error) {
        assert.ok(error instanceof MilvusL7ConfigError);
        return error;
    }
    assert.fail("no error for a bad config");
}

describe("stack config parsing", () => {
    test('Pulumi.yaml\'s empty defaults ("", [], {}) are read as not set', () => {
        setStackConfig({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:staticIpName": "",
            "milvus-l7:dnsZone": "",
            "milvus-l7:allowedSourceRanges": [],
            "milvus-l7:helmValues": {},
            "milvus-l7:kubeconfig": "",
            "milvus-l7:kubeContext": "",
            "milvus-l7:gkeCluster": "",
            "milvus-l7:gkeLocation": "",
        });
        const stack = readStackConfig(new pulumi.Config("milvus-l7"));
        assert.deepEqual(
            [stack.args.staticIpName, stack.args.dnsZone, stack.args.allowedSourceRanges],
            [undefined, undefined, undefined],
        );
        assert.deepEqual([stack.kubeconfig, stack.kubeContext, stack.gkeCluster], [undefined, undefined, undefined]);
    });

    for (const namespace of ["milvus-I7", "Milvus-l7", "milvus_l7", "milvus-l8"]) {
        test(`keys under the near-miss namespace ${namespace} are refused with "did you mean"`, () => {
            const error = problemsFor({
                "milvus-l7:domain": "a.example.com",
                [`${namespace}:allowedSourceRanges`]: ["203.0.113.0/24"],
            });
            assert.deepEqual(
                error.problems.map((p) => p.key),
                [`${namespace}:allowedSourceRanges`],
            );
            assert.match(
                error.message,
                new RegExp(`  - ${namespace}:allowedSourceRanges: .*did you mean milvus-l7:allowedSourceRanges\\?`),
            );
        });
    }

    test("a gateway stack written before the health-check firewall (no network) stops, naming milvus-l7:network, rather than deploying without the rule", () => {
        const before = Object.fromEntries(
            Object.entries(stackFileConfig("gateway-example")).filter(([key]) => key !== "milvus-l7:network"),
        );
        const error = problemsFor(before);
        assert.deepEqual(
            error.problems.map((p) => p.key),
            ["network"],
        );
        assert.match(error.message, /milvus-l7:network: is required in gateway mode .*healthCheckFirewall false/);
    });

    test("a stack set to loadBalancerScope internal stops, naming each key it lacks and Cloud Armor at once, rather than building a public load balancer", () => {
        const error = problemsFor({
            ...stackFileConfig("gateway-example"),
            "milvus-l7:loadBalancerApi": "ingress",
            "milvus-l7:minTlsVersion": "TLS_1_2",
            "milvus-l7:certMode": "self-managed",
            "milvus-l7:loadBalancerScope": "internal",
        });
        assert.deepEqual(
            error.problems.map((p) => p.key),
            ["region", "proxyOnlySubnet", "subnetwork", "allowedSourceRanges"],
        );
        assert.match(error.message, /milvus-l7:region: is required with internal/);
        assert.match(error.message, /milvus-l7:allowedSourceRanges: Cloud Armor cannot guard .*VPC firewall rules/);
    });

    test("an internal stack with gkeLocation takes its region from it (a zone's region); an external one gets none", () => {
        const internal = {
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:gkeCluster": "vectors",
            "milvus-l7:gkeLocation": "europe-west4-b",
            "milvus-l7:loadBalancerScope": "internal",
            "milvus-l7:network": "vpc-a",
            "milvus-l7:subnetwork": "nodes-a",
            "milvus-l7:proxyOnlySubnet": "proxy-only-a",
        };
        setStackConfig(internal);
        assert.equal(readStackConfig(new pulumi.Config("milvus-l7")).args.region, "europe-west4");
        setStackConfig({ ...internal, "milvus-l7:region": "europe-west4" });
        assert.equal(readStackConfig(new pulumi.Config("milvus-l7")).args.region, "europe-west4", "the same, given");
        setStackConfig({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:gkeCluster": "vectors",
            "milvus-l7:gkeLocation": "europe-west4-b",
        });
        assert.equal(readStackConfig(new pulumi.Config("milvus-l7")).args.region, undefined);
    });

    test("an internal stack whose region is not its cluster's stops, naming region: GKE looks the address up in the cluster's region", () => {
        const error = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:gkeCluster": "vectors",
            "milvus-l7:gkeLocation": "europe-west4-b",
            "milvus-l7:loadBalancerScope": "internal",
            "milvus-l7:region": "europe-west1",
            "milvus-l7:network": "vpc-a",
            "milvus-l7:subnetwork": "nodes-a",
            "milvus-l7:proxyOnlySubnet": "proxy-only-a",
        });
        assert.deepEqual(
            error.problems.map((p) => p.key),
            ["region"],
        );
        assert.match(
            error.message,
            /milvus-l7:region: "europe-west1" is not the region of gkeCluster .*"europe-west4"/,
        );
    });

    test("a stack whose program keys are all under another namespace (a renamed Pulumi.yaml) is told so", () => {
        const error = problemsFor({ "vectors:domain": "a.example.com", "gcp:project": "p" });
        assert.match(error.message, /vectors:domain: is under vectors:, but this project is milvus-l7/);
        assert.doesNotMatch(error.message, /gcp:project/, "other providers' keys are theirs");
    });

    test("a secret that is not the JSON its key needs is refused without echoing it", () => {
        setStackConfig(
            {
                "milvus-l7:domain": "a.example.com",
                "milvus-l7:helmValues": "hunter2-not-json",
                "milvus-l7:milvusConfig": '["s3cr3t"]',
            },
            ["milvus-l7:helmValues", "milvus-l7:milvusConfig"],
        );
        try {
            readStackConfig(new pulumi.Config("milvus-l7"));
            assert.fail("accepted");
        } catch (error) {
            assert.ok(error instanceof MilvusL7ConfigError);
            assert.deepEqual(error.problems.map((p) => p.key).sort(), ["helmValues", "milvusConfig"]);
            assert.doesNotMatch(error.message, /hunter2|s3cr3t/);
        }
    });

    test("a kubeconfig set without --secret is refused (Pulumi.yaml cannot declare it secret: see Pulumi.yaml)", () => {
        const error = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:kubeconfig": "/home/me/.kube/config",
        });
        assert.deepEqual(
            error.problems.map((p) => p.key),
            ["kubeconfig"],
        );
        assert.match(error.message, /pulumi config set --secret kubeconfig/);
    });

    test("a missing domain says how to set it", () => {
        const error = problemsFor({});
        assert.match(error.message, /milvus-l7:domain: is required: pulumi config set domain/);
        assert.equal(error.problems.filter((p) => p.key === "domain").length, 1, "reported once, not again as invalid");
    });

    test("booleans must be true or false", () => {
        const error = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:manageRelease": "yes",
            "milvus-l7:serveAnyHost": "1",
        });
        assert.deepEqual(error.problems.map((p) => p.key).sort(), ["manageRelease", "serveAnyHost"]);
    });

    test("helmTimeoutSeconds must be a whole number", () => {
        const error = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:helmTimeoutSeconds": "ten minutes",
        });
        assert.deepEqual(
            error.problems.map((p) => p.key),
            ["helmTimeoutSeconds"],
        );
    });

    test("production edge keys are parsed by type and checked by the component", () => {
        const error = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:auth": "on",
            "milvus-l7:backendTimeoutSec": "10m",
            "milvus-l7:logSampleRate": "half",
            "milvus-l7:drainingTimeoutSec": "0",
            "milvus-l7:minTlsVersion": "TLS_1_1",
            "milvus-l7:allowedSourceRanges": ["10.0.0.0/8", "everyone"],
            "milvus-l7:staticIpName": "reserved",
            "milvus-l7:createStaticIp": "true",
            "milvus-l7:dnsZone": "Not_A_Zone",
        });
        assert.deepEqual(error.problems.map((p) => p.key).sort(), [
            "allowedSourceRanges[1]",
            "auth",
            "backendTimeoutSec",
            "dnsZone",
            "drainingTimeoutSec",
            "logSampleRate",
            "minTlsVersion",
            "staticIpName",
        ]);
    });

    test("allowedSourceRanges must be a list", () => {
        setStackConfig({ "milvus-l7:domain": "a.example.com" });
        pulumi.runtime.setConfig("milvus-l7:allowedSourceRanges", "10.0.0.0/8");
        assert.throws(
            () => readStackConfig(new pulumi.Config("milvus-l7")),
            /milvus-l7:allowedSourceRanges: must be a list/,
        );
    });

    test("gkeCluster and gkeLocation go together and exclude a kubeconfig", () => {
        assert.deepEqual(
            problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:gkeCluster": "vectors" }).problems.map(
                (p) => p.key,
            ),
            ["gkeLocation"],
        );
        assert.deepEqual(
            problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:gkeLocation": "us-central1" }).problems.map(
                (p) => p.key,
            ),
            ["gkeCluster"],
        );
        const both = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:gkeCluster": "vectors",
            "milvus-l7:gkeLocation": "us-central1",
            "milvus-l7:kubeContext": "other",
        });
        assert.match(both.message, /milvus-l7:gkeCluster: selects the cluster itself/);
        assert.match(
            problemsFor({
                "milvus-l7:domain": "a.example.com",
                "milvus-l7:gkeCluster": "v",
                "milvus-l7:gkeLocation": "Iowa",
            }).message,
            /gkeLocation: "Iowa" is not a GCP region/,
        );
    });

    test("helmValues must be an object", () => {
        setStackConfig({ "milvus-l7:domain": "a.example.com" });
        pulumi.runtime.setConfig("milvus-l7:helmValues", "{not json");
        assert.throws(() => readStackConfig(new pulumi.Config("milvus-l7")), /milvus-l7:helmValues: must be an object/);
    });

    test("structured helmValues from `pulumi config set --path` reach the component's conflict check", () => {
        const error = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:helmValues": { service: { type: "LoadBalancer" } },
        });
        assert.match(error.message, /milvus-l7:helmValues\.service\.type: is set by this component/);
    });

    test("a good config reads into the component's arguments, and only the keys that are set", () => {
        setStackConfig({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:manageRelease": "true",
            "milvus-l7:helmTimeoutSeconds": "900",
            "milvus-l7:milvusConfig": { proxy: { maxTaskNum: 2048 } },
            "milvus-l7:kubeContext": "gke_proj_zone_cluster",
            "milvus-l7:logSampleRate": "0.25",
            "milvus-l7:allowedSourceRanges": ["203.0.113.0/24"],
            "milvus-l7:protect": "false",
            "milvus-l7:backendTimeoutSec": "1800",
        });
        const read = readStackConfig(new pulumi.Config("milvus-l7"));
        assert.deepEqual(read.args, {
            domain: "a.example.com",
            manageRelease: true,
            helmTimeoutSeconds: 900,
            milvusConfig: { proxy: { maxTaskNum: 2048 } },
            protect: false,
            backendTimeoutSec: 1800,
            logSampleRate: 0.25,
            allowedSourceRanges: ["203.0.113.0/24"],
        });
        assert.equal(read.kubeContext, "gke_proj_zone_cluster");
        assert.equal(read.kubeconfig, undefined);
    });
});

test("the program refuses a bad stack with every problem at once and creates nothing", async () => {
    setStackConfig({
        "milvus-l7:domain": "not a domain",
        "milvus-l7:certMode": "acme",
        "milvus-l7:releaseName": "Release!",
        "milvus-l7:manageRelease": "maybe",
    });
    await assert.rejects(runIndex(), (error: unknown) => {
        assert.ok(error instanceof MilvusL7ConfigError);
        for (const key of ["domain", "certMode", "releaseName", "manageRelease"])
            assert.match(error.message, new RegExp(`milvus-l7:${key}:`));
        return true;
    });
    assert.deepEqual(
        engine.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
        [],
    );
});

describe("stack config: no typo changes what is deployed (hardening)", () => {
    test("a misspelt key is an error naming it and the key meant, with every other problem", () => {
        const error = problemsFor({
            "milvus-l7:domian": "a.example.com",
            "milvus-l7:allowedSourceRange": ["203.0.113.0/24"],
            "milvus-l7:certmode": "google-managed",
        });
        assert.match(error.message, /milvus-l7:domian: is not a config key of this project; did you mean domain\?/);
        assert.match(error.message, /milvus-l7:allowedSourceRange: .*did you mean allowedSourceRanges\?/);
        assert.match(error.message, /milvus-l7:certmode: .*did you mean certMode\?/);
        assert.match(error.message, /milvus-l7:domain: is required/);
    });

    test("keys of other namespaces (gcp:project, kubernetes:...) are not this program's to judge", () => {
        setStackConfig({ "milvus-l7:domain": "a.example.com", "gcp:project": "p", "kubernetes:context": "c" });
        assert.equal(readStackConfig(new pulumi.Config("milvus-l7")).args.domain, "a.example.com");
    });

    test("a negative whole number is out of range, not 'not a whole number'", () => {
        const error = problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:backendTimeoutSec": "-5" });
        assert.match(
            error.message,
            /milvus-l7:backendTimeoutSec: must be a whole number of seconds from 1 to 86400; got -5/,
        );
    });

    for (const text of ["0x1", " 1", "1_0", "Infinity", ""]) {
        test(`logSampleRate ${JSON.stringify(text)} is not a number as people write one`, () =>
            assert.deepEqual(
                problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:logSampleRate": text }).problems.map(
                    (p) => p.key,
                ),
                ["logSampleRate"],
            ));
    }

    test("a secret helmValues key keeps its values secret, all but those the component reads", async () => {
        setStackConfig(
            {
                "milvus-l7:domain": "a.example.com",
                "milvus-l7:helmValues": {
                    etcd: { auth: { rbac: { rootPassword: "etcd-key" } } },
                    fullnameOverride: "vdb",
                    proxy: { extraEnv: [{ name: "GOGC", value: "100" }] },
                },
                "milvus-l7:milvusConfig": {
                    minio: { bucketName: "minio-bucket" },
                    common: { security: { tlsMode: 1 } },
                },
            },
            ["milvus-l7:helmValues", "milvus-l7:milvusConfig"],
        );
        const { helmValues, milvusConfig } = readStackConfig(new pulumi.Config("milvus-l7")).args as Record<
            string,
            any
        >;
        const secretAt = async (value: unknown) => pulumi.Output.isInstance(value) && (await pulumi.isSecret(value));
        assert.ok(await secretAt(helmValues.etcd.auth.rbac.rootPassword));
        assert.ok(await secretAt(helmValues.proxy.extraEnv[0].value));
        assert.ok(await secretAt(milvusConfig.minio.bucketName));
        assert.equal(helmValues.fullnameOverride, "vdb", "the Service name is read, and public anyway");
        assert.equal(helmValues.proxy.extraEnv[0].name, "GOGC");
        assert.equal(milvusConfig.common.security.tlsMode, 1);
    });

    test("a plain helmValues key stays plain", () => {
        setStackConfig({ "milvus-l7:domain": "a.example.com", "milvus-l7:helmValues": { proxy: { replicas: 2 } } });
        assert.deepEqual(readStackConfig(new pulumi.Config("milvus-l7")).args.helmValues, { proxy: { replicas: 2 } });
    });
});
