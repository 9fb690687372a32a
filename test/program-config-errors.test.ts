// Bad stack config: every problem reported at once, named as the user typed it (`milvus-l7:<key>`), nothing created.
import { registered } from "./mocks";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MilvusL7ConfigError } from "../components";
import { readStackConfig } from "../stackConfig";
import { setStackConfig } from "./stack";

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
    test("a missing domain says how to set it", () => {
        const error = problemsFor({});
        assert.match(error.message, /milvus-l7:domain: is required: pulumi config set domain/);
        assert.equal(error.problems.filter((p) => p.key === "domain").length, 1, "reported once, not again as invalid");
    });

    test("booleans must be true or false", () => {
        const error = problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:manageRelease": "yes", "milvus-l7:serveAnyHost": "1" });
        assert.deepEqual(error.problems.map((p) => p.key).sort(), ["manageRelease", "serveAnyHost"]);
    });

    test("helmTimeoutSeconds must be a whole number", () => {
        const error = problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:helmTimeoutSeconds": "ten minutes" });
        assert.deepEqual(error.problems.map((p) => p.key), ["helmTimeoutSeconds"]);
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
            "milvus-l7:dnsZone": "",
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
        assert.throws(() => readStackConfig(new pulumi.Config("milvus-l7")), /milvus-l7:allowedSourceRanges: must be a list/);
    });

    test("gkeCluster and gkeLocation go together and exclude a kubeconfig", () => {
        assert.deepEqual(problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:gkeCluster": "vectors" }).problems.map((p) => p.key), ["gkeLocation"]);
        assert.deepEqual(problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:gkeLocation": "us-central1" }).problems.map((p) => p.key), ["gkeCluster"]);
        const both = problemsFor({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:gkeCluster": "vectors",
            "milvus-l7:gkeLocation": "us-central1",
            "milvus-l7:kubeContext": "other",
        });
        assert.match(both.message, /milvus-l7:gkeCluster: selects the cluster itself/);
        assert.match(problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:gkeCluster": "v", "milvus-l7:gkeLocation": "Iowa" }).message, /gkeLocation: "Iowa" is not a GCP region/);
    });

    test("helmValues must be an object", () => {
        setStackConfig({ "milvus-l7:domain": "a.example.com" });
        pulumi.runtime.setConfig("milvus-l7:helmValues", "{not json");
        assert.throws(() => readStackConfig(new pulumi.Config("milvus-l7")), /milvus-l7:helmValues: must be an object/);
    });

    test("structured helmValues from `pulumi config set --path` reach the component's conflict check", () => {
        const error = problemsFor({ "milvus-l7:domain": "a.example.com", "milvus-l7:helmValues": { service: { type: "LoadBalancer" } } });
        assert.match(error.message, /milvus-l7:helmValues\.service\.type: is set by this component/);
    });

    test("a good config reads into the component's arguments", () => {
        setStackConfig({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:manageRelease": "false",
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
            certMode: undefined,
            namespace: undefined,
            releaseName: undefined,
            milvusMode: undefined,
            chartVersion: undefined,
            manageRelease: false,
            helmTimeoutSeconds: 900,
            milvusConfig: { proxy: { maxTaskNum: 2048 } },
            minTlsVersion: undefined,
            staticIpName: undefined,
            dnsZone: undefined,
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
    await assert.rejects(import("../index"), (error: unknown) => {
        assert.ok(error instanceof MilvusL7ConfigError);
        for (const key of ["domain", "certMode", "releaseName", "manageRelease"]) assert.match(error.message, new RegExp(`milvus-l7:${key}:`));
        return true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(registered, []);
});
