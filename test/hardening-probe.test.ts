// Third probe of issue 19's classes (the probe list itself is kept outside the repository): mounts over the folders
// Milvus reads its owned settings from, chart files beside user.yaml, the alpha app-protocols annotation, the proxy
// switched off, keys JavaScript calls, secrets echoed through any config key, and stack scalars render read otherwise
// than the CLI. Each refusal cites its source.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { MilvusL7ConfigError } from "../components";
import { asSecretValues } from "../components/ownedValues";
import { resolveSettings } from "../components/settings";
import { messagesFor, problemKeys, withDomain as a } from "./argumentProblems";
import { stackConfigValues } from "../render/project";
import { readStackConfig } from "../stackConfig";
import { setStackConfig } from "./stack";

describe("nothing is mounted over the folders holding Milvus's owned settings (chart templates/*-deployment.yaml)", () => {
    // Top-level volumeMounts reach every Milvus pod, the proxy's included, in both modes.
    for (const mountPath of [
        "/milvus/configs",
        "/milvus/configs/user.yaml",
        "/milvus//configs/./default.yaml",
        "milvus/configs",
        "/milvus/tls/",
        "/milvus/tls/tls.key",
        "/milvus",
        "/",
    ]) {
        test(`a cluster's top-level volumeMounts at ${JSON.stringify(mountPath)} is refused`, () =>
            assert.match(
                messagesFor(
                    a({
                        milvusMode: "cluster",
                        helmValues: {
                            volumes: [{ name: "x", emptyDir: {} }],
                            volumeMounts: [{ name: "x", mountPath }],
                        },
                    }),
                    "helmValues.volumeMounts[0].mountPath",
                ),
                // Under /milvus/tls, chartConflicts.ts words it.
                /over \/milvus\/(configs|tls)|must not be \/milvus\/tls or under it/,
            ));
    }
    test("log.persistence.mountPath and standalone.persistence.mountPath are mount paths too", () => {
        const helmValues = {
            log: { persistence: { enabled: true, mountPath: "/milvus/configs" } },
            standalone: { persistence: { mountPath: "/milvus/tls" } },
        };
        assert.deepEqual(problemKeys(a({ milvusMode: "standalone", helmValues })), [
            "helmValues.log.persistence.mountPath",
            "helmValues.standalone.persistence.mountPath",
        ]);
    });
    test("a mount path that is an Output cannot be checked, so it is refused", () =>
        assert.deepEqual(
            problemKeys(
                a({ helmValues: { volumeMounts: [{ name: "x", mountPath: pulumi.output("/milvus/configs") }] } }),
            ),
            ["helmValues.volumeMounts[0].mountPath"],
        ));
    test("a mount elsewhere is accepted", () =>
        assert.deepEqual(
            problemKeys(
                a({
                    milvusMode: "cluster",
                    helmValues: {
                        volumes: [{ name: "x", emptyDir: {} }],
                        volumeMounts: [{ name: "x", mountPath: "/milvus/configs-extra" }],
                    },
                }),
            ),
            [],
        ));
    test("a volume named like the pod's own (milvus-config, tools, milvus-backend-tls) is refused", () =>
        assert.deepEqual(
            problemKeys(
                a({
                    milvusMode: "cluster",
                    helmValues: {
                        volumes: ["milvus-config", "tools", "milvus-backend-tls"].map((name) => ({
                            name,
                            emptyDir: {},
                        })),
                    },
                }),
            ),
            ["helmValues.volumes[0].name", "helmValues.volumes[1].name", "helmValues.volumes[2].name"],
        ));
});

test("in a helmValues set with --secret, the mount paths and proxy.enabled stay plain, so the component can check them", () => {
    const helmValues = {
        volumes: [{ name: "x", emptyDir: {} }],
        volumeMounts: [{ name: "x", mountPath: "/data" }],
        log: { persistence: { mountPath: "/logs" } },
        proxy: { enabled: true },
    };
    const { settings } = resolveSettings(a({ milvusMode: "cluster", helmValues }));
    assert.deepEqual(
        problemKeys(a({ milvusMode: "cluster", helmValues: asSecretValues(helmValues, settings, false) })),
        [],
    );
});

describe("chart values that change what the load balancer reaches", () => {
    test("extraConfigFiles beside user.yaml (a second default.yaml in the ConfigMap) is refused (templates/configmap.yaml)", () =>
        assert.deepEqual(
            problemKeys(
                a({
                    helmValues: { extraConfigFiles: { "default.yaml": "proxy:\n  port: 19531\n", "milvus.yaml": "" } },
                }),
            ),
            ['helmValues.extraConfigFiles["default.yaml"]', 'helmValues.extraConfigFiles["milvus.yaml"]'],
        ));
    test("service.alpha.kubernetes.io/app-protocols is refused: ingress-gce reads it before the GA key (pkg/annotations/service.go)", () =>
        assert.match(
            messagesFor(
                a({
                    helmValues: {
                        service: { annotations: { "service.alpha.kubernetes.io/app-protocols": '{"milvus":"HTTP"}' } },
                    },
                }),
                'helmValues.service.annotations["service.alpha.kubernetes.io/app-protocols"]',
            ),
            /before cloud\.google\.com\/app-protocols/,
        ));
    for (const enabled of [false, "false", 0, null]) {
        test(`proxy.enabled ${JSON.stringify(enabled)} in cluster mode is refused: no Milvus Service renders (templates/service.yaml)`, () =>
            assert.deepEqual(
                problemKeys(a({ milvusMode: "cluster", helmValues: { proxy: { enabled: enabled as boolean } } })),
                ["helmValues.proxy.enabled"],
            ));
    }
    test("proxy.enabled true, or anything in standalone mode (no proxy there), is accepted", () => {
        assert.deepEqual(problemKeys(a({ milvusMode: "cluster", helmValues: { proxy: { enabled: true } } })), []);
        assert.deepEqual(problemKeys(a({ milvusMode: "standalone", helmValues: { proxy: { enabled: false } } })), []);
    });
});

describe("keys JavaScript calls on an object are refused, not a crash in Pulumi's SDK (runtime/rpc.ts safeToString)", () => {
    for (const key of ["toString", "valueOf"]) {
        test(`helmValues.${key} and milvusConfig.common.${key}`, () =>
            assert.deepEqual(problemKeys(a({ helmValues: { [key]: 2 }, milvusConfig: { common: { [key]: 1 } } })), [
                `helmValues.${key}`,
                `milvusConfig.common.${key}`,
            ]));
    }
});

describe("a value set with --secret is never echoed, whichever key holds it", () => {
    const refusal = (config: Record<string, unknown>, secretKeys: string[]) => {
        setStackConfig({ "milvus-l7:domain": "a.example.com", ...config }, secretKeys);
        try {
            readStackConfig(new pulumi.Config("milvus-l7"));
        } catch (error) {
            assert.ok(error instanceof MilvusL7ConfigError);
            return error.message;
        }
        assert.fail("accepted");
    };
    const cases: [string, unknown][] = [
        ["domain", "Hunter2.example..com"],
        ["certMode", "hunter2"],
        ["releaseName", "hunter2_"],
        ["namespace", "hunter2_"],
        ["staticIpName", "hunter2_"],
        ["dnsZone", "hunter2_"],
        ["gkeLocation", "hunter2"],
        ["allowedSourceRanges", ["hunter2/33"]],
        ["helmValues", { nameOverride: "hunter2_" }],
        ["helmValues", { proxy: { extraEnv: [{ name: "A=hunter2", value: "1" }] } }],
        ["helmValues", { volumeMounts: [{ name: "x", mountPath: '/milvus/configs/"hunter2' }] }],
    ];
    for (const [key, value] of cases) {
        test(`${key} ${JSON.stringify(value)}`, () => {
            const message = refusal(
                { [`milvus-l7:${key}`]: value, ...(key === "gkeLocation" ? { "milvus-l7:gkeCluster": "c" } : {}) },
                [`milvus-l7:${key}`],
            );
            assert.match(message, /\[secret\]/);
            assert.doesNotMatch(message, /hunter2/);
        });
    }
    test("a secret release name is hidden inside the Service name another key's message quotes", () => {
        const message = refusal({ "milvus-l7:releaseName": "hunter2_" }, ["milvus-l7:releaseName"]);
        assert.doesNotMatch(message, /hunter2/);
    });
    test("a plaintext value is still shown", () =>
        assert.match(refusal({ "milvus-l7:certMode": "hunter2" }, []), /got "hunter2"/));
    test("a megabyte-long value is quoted cut short with its length, not echoed whole", () => {
        const message = refusal(
            { "milvus-l7:domain": `${"a".repeat(1_000_000)}.com`, "milvus-l7:releaseName": "b".repeat(200) },
            [],
        );
        assert.ok(message.length < 3000, `${message.length} characters`);
        assert.match(message, /\.\.\." \(1000004 characters\)/);
    });
});

describe("refusals print control characters escaped: a stack file's key cannot rewrite the operator's screen", () => {
    test("a key holding ESC [2J (clear screen), NUL and a bidi override", () => {
        setStackConfig({
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:\u001b[2Jdomain": "x",
            "milvus-l7:a\u0000\u202eb": "y",
        });
        assert.throws(
            () => readStackConfig(new pulumi.Config("milvus-l7")),
            (error: Error) => {
                assert.doesNotMatch(error.message, /[\u0000-\u0009\u000b-\u001f\u202e]/);
                assert.match(error.message, /milvus-l7:\\x1b\[2Jdomain: is not a config key/);
                assert.match(error.message, /milvus-l7:a\\x00\\u202eb: is not a config key/);
                return true;
            },
        );
    });
});

describe("render reads what the CLI's yaml.v3 reads (expected texts from gopkg.in/yaml.v3 itself, as test/cli-config.test.ts)", () => {
    const work = mkdtempSync(join(tmpdir(), "milvus-l7-hardening-"));
    after(() => rmSync(work, { recursive: true, force: true }));
    let n = 0;
    const textOf = (yaml: string) => {
        const dir = join(work, `f${n++}`);
        mkdirSync(dir);
        writeFileSync(join(dir, "Pulumi.yaml"), "name: test\n");
        writeFileSync(join(dir, "Pulumi.dev.yaml"), `config:\n  test:v: ${yaml}\n`);
        return stackConfigValues(dir, "dev").values.config["test:v"];
    };
    // yaml.v3 knows no !!omap or !!pairs: each item is decoded as the one-key mapping it is written as.
    for (const [yaml, text] of [
        ["!!omap [x: 1, y: 2]", '[{"x":1},{"y":2}]'],
        ["!!pairs [{x: 1}]", '[{"x":1}]'],
        ["{a: !!omap [x: 1]}", '{"a":[{"x":1}]}'],
    ]) {
        test(`${yaml} keeps its items`, () => assert.equal(textOf(yaml), text));
    }
    // resolve.go: strconv.ParseFloat fails with ErrRange beyond float64, so the scalar stays a string.
    for (const [yaml, text] of [
        ["{a: 1e400}", '{"a":"1e400"}'],
        ["{a: -1e400}", '{"a":"-1e400"}'],
        ["{a: .5e400}", '{"a":".5e400"}'],
        ["{a: 1_e400}", '{"a":"1_e400"}'],
    ]) {
        test(`${yaml} is text, not an infinite number`, () => assert.equal(textOf(yaml), text));
    }
    test("!!float 1e400 is refused as yaml.v3 refuses it", () =>
        assert.throws(() => textOf("!!float 1e400"), /cannot decode !!str `1e400` as a !!float/));
    test("a second document is refused, saying the CLI would ignore it (yaml.v3 Unmarshal reads the first only)", () =>
        assert.throws(
            () => textOf("1\n---\nconfig:\n  test:v: 2"),
            /:3:1: a second YAML document \('---'\); the Pulumi CLI reads only the first/,
        ));
});
