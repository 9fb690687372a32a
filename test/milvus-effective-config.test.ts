// Milvus's effective configuration: every input that reaches an owned setting, as Milvus resolves it
// (milvus-io/milvus pkg/config, pkg/util/paramtable, internal/http), is refused before anything is created; and
// arguments that are not plain data get a clear problem, not a crash.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { milvusEnvKeys, milvusKey } from "../components/milvusConfigModel";
import { asSecretValues } from "../components/ownedValues";
import { maxValueCount, maxValueDepth } from "../components/plainData";
import { resolveSettings } from "../components/settings";
import { messagesFor, problemKeys, withDomain as a } from "./argumentProblems";

const env = (component: string, name: string, value?: string) => ({
    [component]: { extraEnv: [{ name, ...(value === undefined ? {} : { value }) }] },
});

describe("Milvus's key formatting, as its Go code does it", () => {
    test("formatKey: lower case, without '/', '_' and '.' (pkg/config/config.go)", () =>
        assert.equal(milvusKey("Common/Security_TLS.Mode"), "commonsecuritytlsmode"));
    test("formatKey keeps keys starting knowhere. as written, case-sensitively (strings.HasPrefix)", () => {
        assert.equal(milvusKey("knowhere.A_b"), "knowhere.A_b");
        assert.equal(milvusKey("Knowhere.A_b"), "knowhereab");
    });
    test("an env name loses a leading milvus. (base_table.go strings.TrimPrefix), not milvus_", () => {
        assert.ok(milvusEnvKeys("MILVUS.COMMON_SECURITY_TLSMODE").includes("commonsecuritytlsmode"));
        assert.ok(!milvusEnvKeys("MILVUS_COMMON_SECURITY_TLSMODE").includes("commonsecuritytlsmode"));
    });
    test("MILVUS_CONF_ is stripped case-sensitively, before the formatter (env_source.go NewEnvSource)", () => {
        assert.ok(milvusEnvKeys("MILVUS_CONF_MILVUS.COMMON_SECURITY_TLSMODE").includes("commonsecuritytlsmode"));
        assert.ok(!milvusEnvKeys("milvus_conf_common_security_tlsmode").includes("commonsecuritytlsmode"));
    });
});

describe("A: authentication and TLS stay on under every input Milvus reads", () => {
    test("extraEnv MILVUS.COMMON_SECURITY_AUTHORIZATIONENABLED=false is refused (Milvus strips milvus.)", () =>
        assert.match(
            messagesFor(
                a({ helmValues: env("proxy", "MILVUS.COMMON_SECURITY_AUTHORIZATIONENABLED", "false") }),
                "helmValues.proxy.extraEnv[0]",
            ),
            /sets common\.security\.authorizationEnabled through the environment/,
        ));
    test("extraEnv Milvus.common.security.tlsMode=0 is refused", () =>
        assert.match(
            messagesFor(
                a({ helmValues: env("queryNode", "Milvus.common.security.tlsMode", "0") }),
                "helmValues.queryNode.extraEnv[0]",
            ),
            /common\.security\.tlsMode through the environment/,
        ));
    test("a MILVUS_CONF_ prefix over the milvus. prefix is followed too", () =>
        assert.deepEqual(
            problemKeys(a({ helmValues: env("proxy", "MILVUS_CONF_MILVUS.COMMON_SECURITY_TLSMODE", "0") })),
            ["helmValues.proxy.extraEnv[0]"],
        ));
    test("MILVUS_COMMON_SECURITY_TLSMODE is no Milvus setting (milvus_ is not stripped), so it is accepted", () =>
        assert.deepEqual(problemKeys(a({ helmValues: env("proxy", "MILVUS_COMMON_SECURITY_TLSMODE", "0") })), []));
    test("a literal MILVUS.COMMON_SECURITY_DEFAULTROOTPASSWORD is refused, without echoing it", () => {
        for (const auth of [true, false]) {
            const message = messagesFor(
                a({ auth, helmValues: env("dataNode", "MILVUS.COMMON_SECURITY_DEFAULTROOTPASSWORD", "hunter2") }),
                "helmValues.dataNode.extraEnv[0]",
            );
            assert.match(message, /in clear/);
            assert.ok(!message.includes("hunter2"), message);
        }
    });
    test("the root password from a Secret under another spelling is refused where the component sets it", () => {
        const helmValues = {
            mixCoordinator: {
                extraEnv: [
                    {
                        name: "milvus.common.security.defaultRootPassword",
                        valueFrom: { secretKeyRef: { name: "s", key: "k" } },
                    },
                ],
            },
        };
        assert.match(
            messagesFor(a({ helmValues }), "helmValues.mixCoordinator.extraEnv[0]"),
            /generated root password/,
        );
    });
    test("milvusConfig with a capital İ (U+0130) in a key is refused: Go and JavaScript lower-case it differently", () => {
        const milvusConfig = { common: { securİty: { tlsMode: 0 } } };
        assert.match(
            messagesFor(a({ milvusConfig }), 'milvusConfig.common["securİty"]'),
            /outside printable ASCII.*strings\.ToLower/,
        );
    });
    test("milvusConfig keys with control characters are refused, and named escaped", () =>
        assert.deepEqual(problemKeys(a({ milvusConfig: { "proxy\nport": 1 } })), ['milvusConfig["proxy\\nport"]']));
    test("a YAML merge key << in milvusConfig is refused (yaml.v2 would merge its map over ours)", () => {
        const milvusConfig = { "<<": { common: { security: { authorizationEnabled: false } } } };
        assert.match(messagesFor(a({ milvusConfig }), 'milvusConfig["<<"]'), /merge key.*yaml\.v2/);
    });
    test("a key YAML 1.1 reads as another type (yes, on, 1_000) is refused; ordinary keys are not", () => {
        assert.match(
            messagesFor(a({ milvusConfig: { queryNode: { yes: 1 } } }), "milvusConfig.queryNode.yes"),
            /the boolean true by YAML 1\.1/,
        );
        assert.deepEqual(problemKeys(a({ milvusConfig: { queryNode: { "1_000": 1, on: 2 } } })).sort(), [
            "milvusConfig.queryNode.on",
            'milvusConfig.queryNode["1_000"]',
        ]);
        assert.deepEqual(
            problemKeys(
                a({
                    milvusConfig: {
                        queryNode: { segcore: { knowhereThreadPoolNumRatio: 4 } },
                        "dataCoord.segment.maxSize": 1024,
                    },
                }),
            ),
            [],
        );
        assert.deepEqual(
            problemKeys(a({ milvusConfig: { queryNode: { "1:20": 1, "2001-12-14": 2 } } })),
            [],
            "yaml.v2 reads no base-60 numbers, and keeps timestamps as strings",
        );
    });
    for (const component of ["proxy", "queryNode", "mixCoordinator", "etcd"]) {
        test(`extraEnv MILVUSCONF in ${component} is refused: user.yaml would never be read`, () =>
            assert.match(
                messagesFor(
                    a({ helmValues: env(component, "MILVUSCONF", "/tmp/") }),
                    `helmValues.${component}.extraEnv[0]`,
                ),
                /user\.yaml .* would never be read/,
            ));
    }
    test("MILVUSCONF under a spelling older releases read through the config manager is refused too", () =>
        assert.deepEqual(problemKeys(a({ helmValues: env("proxy", "MILVUS.MILVUS_CONF", "/tmp/") })), [
            "helmValues.proxy.extraEnv[0]",
        ]));
    test("an Output standing for a user.yaml section above an owned setting is refused (it may hold tlsMode: 0)", () =>
        assert.match(
            messagesFor(
                a({ milvusConfig: { "common.security": pulumi.secret({ tlsMode: 0 }) } }),
                "milvusConfig.common.security",
            ),
            /Output, which may hold common\.security\.tlsMode/,
        ));
    test("an Output standing for a whole component of the chart is refused (it may hold extraEnv)", () =>
        assert.deepEqual(
            problemKeys(
                a({
                    helmValues: {
                        queryNode: pulumi.secret({ extraEnv: [{ name: "COMMON_SECURITY_TLSMODE", value: "0" }] }),
                    },
                }),
            ),
            ["helmValues.queryNode"],
        ));
    test("an Output for a value elsewhere stays allowed", () =>
        assert.deepEqual(
            problemKeys(
                a({
                    milvusConfig: { minio: { bucketName: pulumi.secret("s") } },
                    helmValues: { externalS3: pulumi.secret({ host: "x" }) },
                }),
            ),
            [],
        ));
});

describe("A: helmValues and milvusConfig are plain data, read once", () => {
    test("a getter in helmValues that answers differently when checked and when used is refused", () => {
        let reads = 0;
        const service = {};
        Object.defineProperty(service, "type", {
            enumerable: true,
            get: () => (reads++ === 0 ? "ClusterIP" : "LoadBalancer"),
        });
        assert.match(
            messagesFor(a({ helmValues: { service } }), "helmValues.service.type"),
            /accessor \(getter or setter\)/,
        );
    });
    test("a getter in milvusConfig is refused", () => {
        const security = {};
        Object.defineProperty(security, "tlsMode", { enumerable: true, get: () => 1 });
        assert.deepEqual(problemKeys(a({ milvusConfig: { common: { security } } })), [
            "milvusConfig.common.security.tlsMode",
        ]);
    });
    test("class instances, symbols, functions and symbol keys are refused", () => {
        class Replicas {
            count = 2;
        }
        const keys = problemKeys(
            a({ helmValues: { proxy: new Replicas(), tag: Symbol("x"), hook: () => 1, [Symbol("k")]: 1 } }),
        );
        assert.deepEqual(keys.sort(), ["helmValues", "helmValues.hook", "helmValues.proxy", "helmValues.tag"]);
    });
    test("a __proto__ key is refused, not silently made the object's prototype", () =>
        assert.deepEqual(
            problemKeys(
                a({
                    helmValues: JSON.parse('{"__proto__": {"service": {"type": "LoadBalancer"}}}') as Record<
                        string,
                        unknown
                    >,
                }),
            ),
            ["helmValues.__proto__"],
        ));
    test("what is checked is what is used: a Proxy that reads one way and describes itself another gives one answer", () => {
        const target = { proxy: { replicas: 2 } };
        const helmValues = new Proxy(target, {
            get: (t, key) => (key === "proxy" ? { replicas: 3 } : Reflect.get(t, key)),
        });
        const { settings, problems } = resolveSettings(a({ helmValues }));
        assert.deepEqual(problems, []);
        assert.equal(
            (settings.helmValues.proxy as { replicas: number }).replicas,
            2,
            "the values deployed are the values checked",
        );
    });
    test("what is checked is what is used: a snapshot, unchanged when the caller's object changes afterwards", () => {
        const helmValues = { proxy: { replicas: 2 } };
        const { settings, problems } = resolveSettings(a({ helmValues }));
        helmValues.proxy.replicas = 3;
        assert.deepEqual(problems, []);
        assert.deepEqual(settings.helmValues, { proxy: { replicas: 2 } });
    });
});

describe("C: Milvus settings that break the load balancer at deploy are refused first", () => {
    test("extraEnv METRICS_PORT moves /healthz off 9091: refused; 9091 itself is harmless", () => {
        assert.match(
            messagesFor(a({ helmValues: env("proxy", "METRICS_PORT", "9092") }), "helmValues.proxy.extraEnv[0]"),
            /off 9091 .*internal\/http\/server\.go/,
        );
        assert.deepEqual(problemKeys(a({ helmValues: env("proxy", "METRICS_PORT", "9091") })), []);
    });
    for (const port of [19531, 8080, "19531"]) {
        test(`milvusConfig.proxy.port ${JSON.stringify(port)} is refused: the Service routes to 19530`, () =>
            assert.match(
                messagesFor(a({ milvusConfig: { proxy: { port } } }), "milvusConfig.proxy.port"),
                /off 19530, where the chart's Service/,
            ));
    }
    test("proxy.port 8080 also names the collision with the REST port", () =>
        assert.match(
            messagesFor(a({ milvusConfig: { proxy: { port: 8080 } } }), "milvusConfig.proxy.port"),
            /8080 is also where this component moves REST/,
        ));
    test("proxy.port through the environment (PROXY_PORT) is refused", () =>
        assert.match(
            messagesFor(
                a({ helmValues: env("standalone", "PROXY_PORT", "19531"), milvusMode: "standalone" }),
                "helmValues.standalone.extraEnv[0]",
            ),
            /sets proxy\.port through the environment/,
        ));
    test("proxy.port 19530, Milvus's own value, is accepted", () =>
        assert.deepEqual(problemKeys(a({ milvusConfig: { proxy: { port: 19530 } } })), []));
    for (const [what, name] of [
        ["empty", ""],
        ["with NUL", "A\u0000B"],
        ["with '='", "A=B"],
        ["outside ASCII", "TLSMODÉ"],
    ]) {
        test(`an env name ${what} is refused, naming Kubernetes's rule`, () =>
            assert.match(
                messagesFor(a({ helmValues: env("proxy", name, "1") }), "helmValues.proxy.extraEnv[0]"),
                /IsRelaxedEnvVarName/,
            ));
    }
    test("env names with dots and dashes are accepted: Kubernetes takes them", () =>
        assert.deepEqual(problemKeys(a({ helmValues: env("proxy", "my.env-name", "1") })), []));
});

describe("F: clear refusals", () => {
    // toString and valueOf are refused with their own reason (Pulumi's SDK calls them): test/hardening-probe.test.ts.
    test("constructor and hasOwnProperty keys are ordinary keys, not settings of this component", () => {
        assert.deepEqual(problemKeys(a({ helmValues: { constructor: { a: 1 }, proxy: { hasOwnProperty: 1 } } })), []);
        assert.deepEqual(problemKeys(a({ milvusConfig: { constructor: 1, proxy: { hasOwnProperty: 2 } } })), []);
    });
    test("a cyclic helmValues is a problem naming the path, not a RangeError", () => {
        const proxy: Record<string, unknown> = { replicas: 1 };
        proxy.self = { back: proxy };
        assert.match(
            messagesFor(a({ helmValues: { proxy } }), "helmValues.proxy.self.back"),
            /refers back to helmValues\.proxy: JSON data cannot hold a cycle/,
        );
    });
    test("a value nested 2,000 deep is a problem naming the limit, not a RangeError", () => {
        let deep: Record<string, unknown> = {};
        for (let i = 0; i < 2000; i++) deep = { d: deep };
        const problems = resolveSettings(a({ milvusConfig: deep })).problems;
        assert.equal(problems.length, 1);
        assert.match(problems[0].message, new RegExp(`nests more than ${maxValueDepth} levels deep`));
        assert.ok(problems[0].key.startsWith("milvusConfig.d.d."), problems[0].key);
    });
    test("a value that shares one object under 2^60 paths is bounded by the value count, not walked", () => {
        let shared: Record<string, unknown> = {};
        for (let i = 0; i < 60; i++) shared = { a: shared, b: shared };
        assert.match(
            messagesFor(a({ helmValues: { x: shared } }), "helmValues"),
            new RegExp(`holds more than ${maxValueCount} values`),
        );
    });
    test("arguments as a class instance are refused as such, not as a missing domain", () => {
        class Args {
            domain = "a.example.com";
        }
        const problems = resolveSettings(new Args()).problems;
        assert.deepEqual(
            problems.map((p) => p.key),
            ["args"],
        );
        assert.match(problems[0].message, /must be a plain object of arguments.*got a Args/);
    });
    test("an Output inside allowedSourceRanges is refused in one sentence, without Pulumi's toJSON text", () => {
        const message = messagesFor(
            a({ allowedSourceRanges: [pulumi.output("10.0.0.0/8")] as never }),
            "allowedSourceRanges[0]",
        );
        assert.match(message, /must be a plain string, not an Output/);
        assert.ok(!message.includes("toJSON"), message);
    });
    test("a cyclic list as a string argument is described, not thrown on", () => {
        const list: unknown[] = [];
        list.push(list);
        assert.match(messagesFor(a({ namespace: list as never }), "namespace"), /must be a string; got a list/);
    });
});

describe("a stack config key set with --secret keeps the values these checks read plain", () => {
    const settings = resolveSettings(a({})).settings;
    test("proxy.port 19530 in milvusConfig and METRICS_PORT 9091 in extraEnv stay checkable", () => {
        const milvusConfig = asSecretValues({ proxy: { port: 19530 } }, settings, true);
        const helmValues = asSecretValues(
            {
                proxy: {
                    extraEnv: [
                        { name: "METRICS_PORT", value: "9091" },
                        { name: "LOG_LEVEL", value: "debug" },
                    ],
                },
            },
            settings,
            false,
        );
        assert.deepEqual(problemKeys(a({ milvusConfig, helmValues })), []);
        const entries = (helmValues.proxy as { extraEnv: { value: unknown }[] }).extraEnv;
        assert.ok(pulumi.Output.isInstance(entries[1].value), "other variables' values stay secret");
    });
});
