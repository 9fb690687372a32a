// Argument validation and defaults: pure functions, no Pulumi engine involved.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { checkArguments, defaults, type MilvusL7LoadBalancerArgs } from "../components";
import { resolveSettings } from "../components/settings";
import { milvusFullname } from "../components/objectNames";
import { MilvusL7ConfigError } from "../components/problems";
import { messagesFor, problemKeys } from "./argumentProblems";

describe("defaults", () => {
    test("a domain alone is a complete, valid set of arguments", () => {
        const { settings, problems } = resolveSettings({ domain: "my-release.milvus.io" });
        assert.deepEqual(problems, []);
        assert.equal(settings.certMode, "self-managed");
        assert.equal(settings.namespace, "default");
        assert.equal(settings.releaseName, "my-release");
        assert.equal(settings.milvusMode, "cluster");
        assert.equal(settings.chartVersion, "5.0.19");
        assert.equal(settings.manageRelease, true);
        assert.equal(settings.serveAnyHost, true);
        assert.ok(settings.helmTimeoutSeconds > 300, "Helm's 300 s default is too short for a Milvus cluster");
    });

    test("the production edge is on by default: reserved IP, TLS 1.2+, auth, protection, long backend timeout", () => {
        const { settings } = resolveSettings({ domain: "my-release.milvus.io" });
        assert.equal(settings.createStaticIp, true);
        assert.equal(settings.staticIpName, undefined);
        assert.equal(settings.dnsZone, undefined);
        assert.equal(settings.minTlsVersion, "TLS_1_2");
        assert.equal(settings.allowedSourceRanges, undefined, "no Cloud Armor policy unless ranges are given");
        assert.ok(settings.backendTimeoutSec >= 600, "GKE's 30 s default ends long gRPC calls");
        assert.ok(settings.drainingTimeoutSec > 0);
        assert.ok(settings.logSampleRate > 0 && settings.logSampleRate <= 1, "logging on");
        assert.equal(settings.auth, true);
        assert.equal(settings.protect, true);
    });

    test("staticIpName alone uses that address and creates none", () => {
        const { settings, problems } = resolveSettings({ domain: "a.example.com", staticIpName: "milvus-prod-ip" });
        assert.deepEqual(problems, []);
        assert.equal(settings.createStaticIp, false);
        assert.equal(settings.staticIpName, "milvus-prod-ip");
    });

    test("explicit undefined takes the default", () => {
        const { settings } = resolveSettings({ domain: "a.example.com", certMode: undefined, namespace: undefined });
        assert.equal(settings.certMode, defaults.certMode);
        assert.equal(settings.namespace, defaults.namespace);
    });

    test("derived object names follow the Milvus Service name", () => {
        const { settings } = resolveSettings({ domain: "a.example.com", releaseName: "vectors", namespace: "ml" });
        assert.equal(settings.serviceName, "vectors-milvus");
        assert.equal(settings.backendTlsSecretName, "vectors-milvus-backend-tls");
        assert.equal(settings.frontendTlsSecretName, "vectors-milvus-frontend-tls");
        assert.equal(settings.backendConfigName, "vectors-milvus-backend");
        assert.equal(settings.managedCertificateName, "vectors-milvus-cert");
        assert.equal(settings.ingressName, "vectors-milvus-l7");
        assert.equal(settings.frontendConfigName, "vectors-milvus-frontend");
        assert.equal(settings.rootPasswordSecretName, "vectors-milvus-root-password");
    });
});

describe("the chart's Service name (milvus.fullname)", () => {
    test("is <release>-milvus", () => assert.equal(milvusFullname("my-release"), "my-release-milvus"));
    test("is the release name when it already contains milvus", () =>
        assert.equal(milvusFullname("milvus-dev"), "milvus-dev"));
    test("honours fullnameOverride", () => assert.equal(milvusFullname("my-release", undefined, "vdb"), "vdb"));
    test("honours nameOverride", () => assert.equal(milvusFullname("my-release", "vdb"), "my-release-vdb"));
    test("is truncated to 63 characters, then loses a trailing '-'", () => {
        assert.equal(milvusFullname("r", undefined, `${"a".repeat(62)}-b`), "a".repeat(62));
        assert.equal(milvusFullname(`${"m".repeat(50)}-01`), `${"m".repeat(50)}-01-milvus`);
        assert.equal(milvusFullname(`${"m".repeat(56)}-x`), `${"m".repeat(56)}-x-milv`);
    });
    test("helmValues.fullnameOverride renames the Service the load balancer targets", () => {
        const { settings } = resolveSettings({ domain: "a.example.com", helmValues: { fullnameOverride: "vdb" } });
        assert.equal(settings.serviceName, "vdb");
    });
});

describe("domain", () => {
    const bad: Record<string, string> = {
        empty: "",
        blank: "  ",
        "a single label": "localhost",
        "an IPv4 address": "203.0.113.7",
        "an IPv6 address": "2001:db8::1",
        "upper case": "Milvus.Example.com",
        "an underscore": "my_release.example.com",
        "a label starting with '-'": "-a.example.com",
        "a label over 63 characters": `${"a".repeat(64)}.example.com`,
        "over 253 characters": `${Array.from({ length: 5 }, () => "a".repeat(60)).join(".")}.com`,
        "a trailing dot": "a.example.com.",
        "a wildcard inside a label": "a*.example.com",
        "a wildcard below the first label": "a.*.example.com",
    };
    for (const [what, domain] of Object.entries(bad)) {
        test(`is refused with ${what}`, () => assert.ok(problemKeys({ domain }).includes("domain"), domain));
    }
    test("is required", () => assert.ok(problemKeys({} as MilvusL7LoadBalancerArgs).includes("domain")));
    test("must be a string", () =>
        assert.ok(problemKeys({ domain: 42 } as unknown as MilvusL7LoadBalancerArgs).includes("domain")));
    test("accepts a wildcard first label with a self-managed certificate", () =>
        assert.deepEqual(problemKeys({ domain: "*.milvus.example.com" }), []));
    test("refuses a wildcard with a Google-managed certificate", () =>
        assert.match(
            messagesFor({ domain: "*.milvus.example.com", certMode: "google-managed" }, "domain"),
            /wildcard/,
        ));
    test("is at most 63 characters with a Google-managed certificate", () => {
        const domain = `${"a".repeat(40)}.${"b".repeat(30)}.io`;
        assert.deepEqual(problemKeys({ domain }), []);
        assert.match(messagesFor({ domain, certMode: "google-managed" }, "domain"), /at most 63/);
    });
});

describe("enumerations and names", () => {
    test("certMode must be self-managed or google-managed", () =>
        assert.match(
            messagesFor({ domain: "a.example.com", certMode: "letsencrypt" as never }, "certMode"),
            /self-managed/,
        ));
    test("milvusMode must be cluster or standalone", () =>
        assert.match(
            messagesFor({ domain: "a.example.com", milvusMode: "distributed" as never }, "milvusMode"),
            /cluster/,
        ));
    test("namespace must be a DNS label", () =>
        assert.ok(problemKeys({ domain: "a.example.com", namespace: "ML_Team" }).includes("namespace")));
    test("namespace must not be empty", () =>
        assert.ok(problemKeys({ domain: "a.example.com", namespace: "" }).includes("namespace")));
    test("releaseName must be a DNS label", () =>
        assert.ok(problemKeys({ domain: "a.example.com", releaseName: "My.Release" }).includes("releaseName")));
    test("releaseName is at most 53 characters (Helm's limit)", () => {
        // An existing release: the limits of the sub-charts' objects (below) are not this component's to check.
        const existing = { domain: "a.example.com", milvusMode: "standalone", manageRelease: false } as const;
        assert.deepEqual(problemKeys({ ...existing, releaseName: "r".repeat(53) }), []);
        assert.match(messagesFor({ ...existing, releaseName: "r".repeat(54) }, "releaseName"), /53/);
    });
    test("the sub-charts' StatefulSets (<release>-pulsarv3-zookeeper, <release>-minio) fit their 52 characters", () => {
        assert.deepEqual(problemKeys({ domain: "a.example.com", releaseName: "r".repeat(33) }), []);
        assert.match(
            messagesFor({ domain: "a.example.com", releaseName: "r".repeat(34) }, "releaseName"),
            /pulsarv3 sub-chart makes a StatefulSet "r{34}-pulsarv3-zookeeper"/,
        );
        assert.deepEqual(
            problemKeys({ domain: "a.example.com", milvusMode: "standalone", releaseName: "r".repeat(46) }),
            [],
        );
        assert.match(
            messagesFor(
                { domain: "a.example.com", milvusMode: "standalone", releaseName: "r".repeat(47) },
                "releaseName",
            ),
            /minio sub-chart/,
        );
        const external = {
            etcd: { enabled: false },
            minio: { enabled: false },
            pulsarv3: { enabled: false },
            kafka: { enabled: true },
        };
        assert.deepEqual(
            problemKeys({ domain: "a.example.com", releaseName: "r".repeat(40), helmValues: external }),
            [],
            "only the sub-charts that run count",
        );
    });
    test("in cluster mode the chart's <name>-streamingnode Service must fit in 63 characters too", () => {
        assert.deepEqual(
            problemKeys({ domain: "a.example.com", manageRelease: false, releaseName: "r".repeat(42) }),
            [],
            "r*42-milvus is 49",
        );
        assert.match(
            messagesFor({ domain: "a.example.com", manageRelease: false, releaseName: "r".repeat(43) }, "releaseName"),
            /-streamingnode", and Service names are at most 63/,
        );
        assert.match(
            messagesFor(
                {
                    domain: "a.example.com",
                    milvusMode: "standalone",
                    helmValues: {
                        fullnameOverride: "w".repeat(44),
                        woodpecker: { enabled: true },
                        standalone: { messageQueue: "woodpecker" },
                    },
                },
                "helmValues.fullnameOverride",
            ),
            /woodpecker-headless/,
        );
    });
    test("chartVersion must be one exact SemVer 2 version, never a range that moves under existing data", () => {
        for (const bad of [
            "5.0 .19",
            "^5.0",
            ">=5.0.0",
            "5.x",
            "~5.0.19",
            "v5.0.19",
            "=5.0.19",
            " 5.0.19",
            "5.0",
            "latest",
        ])
            assert.deepEqual(problemKeys({ domain: "a.example.com", chartVersion: bad }), ["chartVersion"], bad);
        for (const good of ["5.0.19", "4.2.0", "5.1.0-rc.1", "5.0.19+build.7"])
            assert.deepEqual(problemKeys({ domain: "a.example.com", chartVersion: good }), [], good);
        assert.match(
            messagesFor({ domain: "a.example.com", chartVersion: "^5.0" }, "chartVersion"),
            /ranges are not taken/,
        );
    });
    test("manageRelease must be a boolean", () =>
        assert.ok(problemKeys({ domain: "a.example.com", manageRelease: "yes" as never }).includes("manageRelease")));
    test("helmTimeoutSeconds must be a whole number from 1 to 86400", () => {
        for (const bad of [0, -5, 1.5, 86401, "600" as never]) {
            assert.ok(
                problemKeys({ domain: "a.example.com", helmTimeoutSeconds: bad }).includes("helmTimeoutSeconds"),
                String(bad),
            );
        }
    });
    test("helmValues and milvusConfig must be objects", () => {
        const keys = problemKeys({
            domain: "a.example.com",
            helmValues: [] as never,
            milvusConfig: "tls: {}" as never,
        });
        assert.deepEqual(keys.sort(), ["helmValues", "milvusConfig"]);
    });
});

describe("production edge arguments", () => {
    const a = (args: Partial<MilvusL7LoadBalancerArgs>): MilvusL7LoadBalancerArgs => ({
        domain: "a.example.com",
        ...args,
    });
    test("minTlsVersion must be TLS_1_2 or TLS_1_3", () => {
        assert.deepEqual(problemKeys(a({ minTlsVersion: "TLS_1_3" })), []);
        assert.deepEqual(problemKeys(a({ minTlsVersion: "TLS_1_0" as never })), ["minTlsVersion"]);
        assert.match(messagesFor(a({ minTlsVersion: "1.2" as never }), "minTlsVersion"), /"TLS_1_2", "TLS_1_3"/);
    });
    test("allowedSourceRanges accepts IPv4 and IPv6 CIDRs", () =>
        assert.deepEqual(
            problemKeys(a({ allowedSourceRanges: ["203.0.113.0/24", "10.0.0.0/8", "2001:db8::/32", "0.0.0.0/0"] })),
            [],
        ));
    for (const range of [
        "203.0.113.7",
        "203.0.113.0/33",
        "2001:db8::/129",
        "example.com/24",
        "10.0.0.0/8 ",
        "",
        "300.1.1.0/24",
    ]) {
        test(`allowedSourceRanges refuses ${JSON.stringify(range)}, naming its index`, () =>
            assert.deepEqual(problemKeys(a({ allowedSourceRanges: ["10.0.0.0/8", range] })), [
                "allowedSourceRanges[1]",
            ]));
    }
    test("allowedSourceRanges must be a non-empty list (an empty one would deny every client)", () => {
        assert.match(messagesFor(a({ allowedSourceRanges: [] }), "allowedSourceRanges"), /deny every client/);
        assert.deepEqual(problemKeys(a({ allowedSourceRanges: "10.0.0.0/8" as never })), ["allowedSourceRanges"]);
    });
    test("logSampleRate must be within 0..1", () => {
        assert.deepEqual(problemKeys(a({ logSampleRate: 0 })), []);
        assert.deepEqual(problemKeys(a({ logSampleRate: 0.5 })), []);
        for (const bad of [-0.1, 1.5, Number.NaN, "0.5" as never])
            assert.deepEqual(problemKeys(a({ logSampleRate: bad })), ["logSampleRate"], String(bad));
    });
    for (const key of ["backendTimeoutSec", "drainingTimeoutSec"] as const) {
        test(`${key} must be at least 1 and not absurd`, () => {
            for (const bad of [0, -5, 86401, 1.5])
                assert.deepEqual(problemKeys(a({ [key]: bad })), [key], `${key}=${bad}`);
            assert.deepEqual(problemKeys(a({ [key]: 1 })), []);
        });
    }
    test("drainingTimeoutSec stays within GCP's 3600 s", () => {
        assert.deepEqual(problemKeys(a({ drainingTimeoutSec: 3600 })), []);
        assert.deepEqual(problemKeys(a({ drainingTimeoutSec: 3601 })), ["drainingTimeoutSec"]);
    });
    test("backendTimeoutSec may be a day", () => assert.deepEqual(problemKeys(a({ backendTimeoutSec: 86400 })), []));
    test("dnsZone must not be empty and must be a zone name", () => {
        assert.deepEqual(problemKeys(a({ dnsZone: "" })), ["dnsZone"]);
        assert.deepEqual(problemKeys(a({ dnsZone: "example.com." })), ["dnsZone"]);
        assert.deepEqual(problemKeys(a({ dnsZone: "example-com" })), []);
    });
    test("staticIpName together with an explicit createStaticIp: true is refused", () => {
        assert.match(
            messagesFor(a({ staticIpName: "reserved", createStaticIp: true }), "staticIpName"),
            /createStaticIp must be false or unset/,
        );
        assert.deepEqual(problemKeys(a({ staticIpName: "reserved", createStaticIp: false })), []);
    });
    test("staticIpName must be a GCP resource name", () =>
        assert.deepEqual(problemKeys(a({ staticIpName: "My_IP" })), ["staticIpName"]));
    test("createStaticIp: false without staticIpName leaves an ephemeral IP", () => {
        const { settings, problems } = resolveSettings(a({ createStaticIp: false }));
        assert.deepEqual(problems, []);
        assert.deepEqual([settings.createStaticIp, settings.staticIpName], [false, undefined]);
    });
    test("auth, protect and createStaticIp must be booleans", () =>
        assert.deepEqual(
            problemKeys(a({ auth: "yes" as never, protect: 1 as never, createStaticIp: "no" as never })).sort(),
            ["auth", "createStaticIp", "protect"],
        ));
    test("helmValues may not set the root password variable while auth is on", () => {
        const helmValues = {
            mixCoordinator: { extraEnv: [{ name: "COMMON_SECURITY_DEFAULTROOTPASSWORD", value: "Milvus" }] },
        };
        const fromSecret = {
            mixCoordinator: {
                extraEnv: [
                    {
                        name: "COMMON_SECURITY_DEFAULTROOTPASSWORD",
                        valueFrom: { secretKeyRef: { name: "mine", key: "pw" } },
                    },
                ],
            },
        };
        assert.match(
            messagesFor(a({ helmValues: fromSecret }), "helmValues.mixCoordinator.extraEnv[0]"),
            /generated root password/,
        );
        assert.deepEqual(
            problemKeys(a({ helmValues: fromSecret, auth: false })),
            [],
            "with auth off the user's own Secret may set it",
        );
        assert.match(
            messagesFor(a({ helmValues, auth: false }), "helmValues.mixCoordinator.extraEnv[0]"),
            /in clear/,
            "never as a literal value",
        );
    });
    test("milvusConfig may never carry a root password (it would sit in the ConfigMap in clear)", () => {
        const milvusConfig = { common: { security: { defaultRootPassword: "hunter2" } } };
        for (const auth of [true, false]) {
            assert.match(
                messagesFor(a({ milvusConfig, auth }), "milvusConfig.common.security.defaultRootPassword"),
                /in clear/,
            );
        }
    });
    test("milvusConfig may not turn authorization off while auth is on", () => {
        const milvusConfig = { common: { security: { authorizationEnabled: false } } };
        assert.match(
            messagesFor(a({ milvusConfig }), "milvusConfig.common.security.authorizationEnabled"),
            /set auth instead/,
        );
        assert.deepEqual(problemKeys(a({ milvusConfig, auth: false })), []);
    });
});

describe("helmValues never fight the values this component owns", () => {
    const conflicts: [string, Record<string, unknown>, string][] = [
        ["a LoadBalancer Service", { service: { type: "LoadBalancer" } }, "helmValues.service.type"],
        ["another Service port", { service: { port: 443 } }, "helmValues.service.port"],
        ["another port name", { service: { portName: "grpc" } }, "helmValues.service.portName"],
        ["cluster.enabled against milvusMode", { cluster: { enabled: false } }, "helmValues.cluster.enabled"],
        [
            "a replacement user.yaml",
            { extraConfigFiles: { "user.yaml": "common: {}" } },
            "helmValues.extraConfigFiles.user.yaml",
        ],
        ["a customConfigMap", { customConfigMap: "my-config" }, "helmValues.customConfigMap"],
        ["other proxy volumes", { proxy: { volumes: [] } }, "helmValues.proxy.volumes"],
        ["the chart's nginx ingress", { ingress: { enabled: true } }, "helmValues.ingress.enabled"],
        [
            "the load balancer's Service annotations",
            { service: { annotations: { "cloud.google.com/neg": '{"ingress": false}' } } },
            'helmValues.service.annotations["cloud.google.com/neg"]',
        ],
    ];
    for (const [what, helmValues, key] of conflicts) {
        test(`refuses ${what}, naming ${key}`, () =>
            assert.ok(problemKeys({ domain: "a.example.com", helmValues }).includes(key)));
    }
    test("in standalone mode the top-level volumes are owned", () =>
        assert.ok(
            problemKeys({ domain: "a.example.com", milvusMode: "standalone", helmValues: { volumes: [] } }).includes(
                "helmValues.volumes",
            ),
        ));
    test("the conflict message says what to use instead", () =>
        assert.match(
            messagesFor(
                { domain: "a.example.com", helmValues: { cluster: { enabled: false } } },
                "helmValues.cluster.enabled",
            ),
            /milvusMode/,
        ));
    test("values equal to ours, and values we do not own, are accepted", () => {
        const helmValues = {
            service: { type: "ClusterIP", labels: { team: "ml" } },
            proxy: { replicas: 3 },
            cluster: { enabled: true },
        };
        assert.deepEqual(problemKeys({ domain: "a.example.com", helmValues }), []);
    });
});

describe("milvusConfig never weakens the TLS settings", () => {
    test("refuses mutual TLS (the load balancer has no client certificate)", () =>
        assert.ok(
            problemKeys({ domain: "a.example.com", milvusConfig: { common: { security: { tlsMode: 2 } } } }).includes(
                "milvusConfig.common.security.tlsMode",
            ),
        ));
    test("refuses TLS off", () =>
        assert.ok(
            problemKeys({ domain: "a.example.com", milvusConfig: { common: { security: { tlsMode: 0 } } } }).includes(
                "milvusConfig.common.security.tlsMode",
            ),
        ));
    test("refuses REST back on the gRPC port", () =>
        assert.ok(
            problemKeys({ domain: "a.example.com", milvusConfig: { proxy: { http: { port: 19530 } } } }).includes(
                "milvusConfig.proxy.http.port",
            ),
        ));
    test("refuses other certificate paths", () =>
        assert.ok(
            problemKeys({ domain: "a.example.com", milvusConfig: { tls: { serverPemPath: "/x.pem" } } }).includes(
                "milvusConfig.tls.serverPemPath",
            ),
        ));
    test("accepts unrelated Milvus settings", () =>
        assert.deepEqual(
            problemKeys({
                domain: "a.example.com",
                milvusConfig: { proxy: { maxTaskNum: 2048 }, common: { security: { authorizationEnabled: true } } },
            }),
            [],
        ));
});

test("every problem is reported at once, each naming its argument", () => {
    const keys = problemKeys({
        domain: "Not A Domain",
        certMode: "acme" as never,
        milvusMode: "micro" as never,
        namespace: "Bad_NS",
        releaseName: "",
        helmValues: { service: { type: "NodePort" } },
        milvusConfig: { common: { security: { tlsMode: 0 } } },
    });
    for (const key of [
        "domain",
        "certMode",
        "milvusMode",
        "namespace",
        "releaseName",
        "helmValues.service.type",
        "milvusConfig.common.security.tlsMode",
    ]) {
        assert.ok(keys.includes(key), `missing ${key} in ${keys.join(", ")}`);
    }
});

describe("no typo, stray value or Output slips through (hardening)", () => {
    const a = (args: Record<string, unknown>): MilvusL7LoadBalancerArgs => ({ domain: "a.example.com", ...args });

    test("an unknown argument is refused with the closest real one (a misspelt allow-list would leave Milvus open)", () => {
        assert.deepEqual(problemKeys(a({ allowedSourceRange: ["203.0.113.0/24"] })), ["allowedSourceRange"]);
        assert.match(
            messagesFor(a({ allowedSourceRange: ["203.0.113.0/24"] }), "allowedSourceRange"),
            /did you mean allowedSourceRanges\?/,
        );
        assert.match(messagesFor(a({ certmode: "google-managed" }), "certmode"), /did you mean certMode\?/);
    });

    test("a missing domain is reported once", () => {
        const problems = resolveSettings({} as MilvusL7LoadBalancerArgs).problems.filter((p) => p.key === "domain");
        assert.equal(problems.length, 1);
        assert.match(problems[0].message, /is required/);
    });

    test("an Output as a plain argument is refused once, in one short sentence", () => {
        const problems = resolveSettings(
            a({ domain: pulumi.output("a.example.com"), releaseName: pulumi.secret("ml") }),
        ).problems;
        assert.deepEqual(problems.map((p) => p.key).sort(), ["domain", "releaseName"]);
        for (const p of problems) {
            assert.match(p.message, /must be a plain value, not an Output/);
            assert.ok(p.message.length < 200 && !p.message.includes("toJSON"), p.message);
        }
    });

    test("NaN and Infinity are named as such, not as JSON's null", () => {
        assert.match(messagesFor(a({ logSampleRate: Number.NaN }), "logSampleRate"), /got NaN$/);
        assert.match(
            messagesFor(a({ backendTimeoutSec: Number.POSITIVE_INFINITY }), "backendTimeoutSec"),
            /got Infinity$/,
        );
    });

    test("helmValues and milvusConfig hold only JSON data: no Date, Map, function or hole", () => {
        const keys = problemKeys(
            a({
                helmValues: {
                    proxy: { startedAt: new Date(0), labels: new Map([["a", "b"]]) },
                    hook: () => 1,
                    list: [1, undefined],
                },
                milvusConfig: { queryNode: { limit: Number.POSITIVE_INFINITY } },
            }),
        );
        assert.deepEqual(keys.sort(), [
            "helmValues.hook",
            "helmValues.list[1]",
            "helmValues.proxy.labels",
            "helmValues.proxy.startedAt",
            "milvusConfig.queryNode.limit",
        ]);
        assert.match(
            messagesFor(a({ helmValues: { at: new Date(0) } }), "helmValues.at"),
            /must be JSON data.*got a Date/,
        );
        assert.deepEqual(
            problemKeys(a({ helmValues: { proxy: { replicas: 2, note: null, dropped: undefined } } })),
            [],
            "undefined members drop as in JSON",
        );
    });

    for (const range of ["fe80::1%eth0/64", "10.0.0.0/008", "010.0.0.0/8", "10.0.0.0/08"]) {
        test(`allowedSourceRanges refuses ${range} (GCP takes no zone ids or leading zeros)`, () =>
            assert.deepEqual(problemKeys(a({ allowedSourceRanges: [range] })), ["allowedSourceRanges[0]"]));
    }

    test("allowedSourceRanges fits one Cloud Armor policy: at most 199 rules of 10 ranges beside the default rule", () => {
        const ranges = (n: number) => Array.from({ length: n }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
        assert.deepEqual(problemKeys(a({ allowedSourceRanges: ranges(1990) })), []);
        assert.match(messagesFor(a({ allowedSourceRanges: ranges(1991) }), "allowedSourceRanges"), /at most 1990/);
    });

    for (const domain of ["10.0.0.256", "milvus.example.123"]) {
        test(`domain refuses ${domain}: a DNS name never ends in an all-numeric label`, () =>
            assert.deepEqual(problemKeys(a({ domain })), ["domain"]));
    }

    test("fullnameOverride and nameOverride must make a valid Milvus Service name, never one the chart would cut", () => {
        assert.match(
            messagesFor(a({ helmValues: { fullnameOverride: "MyMilvus" } }), "helmValues.fullnameOverride"),
            /RFC 1035/,
        );
        assert.match(
            messagesFor(a({ helmValues: { fullnameOverride: `m${"x".repeat(63)}` } }), "helmValues.fullnameOverride"),
            /64 characters long/,
        );
        assert.match(
            messagesFor(
                a({ releaseName: "r".repeat(40), helmValues: { nameOverride: "n".repeat(23) } }),
                "helmValues.nameOverride",
            ),
            /64 characters long/,
        );
        assert.match(messagesFor(a({ releaseName: "1-release" }), "releaseName"), /starting with a letter/);
        assert.deepEqual(problemKeys(a({ helmValues: { fullnameOverride: "vdb", nameOverride: "vector" } })), []);
    });

    test("manageRelease: false refuses the settings that only a managed release uses", () => {
        const unmanaged = { manageRelease: false };
        assert.deepEqual(
            problemKeys(
                a({
                    ...unmanaged,
                    helmValues: { proxy: { replicas: 2 } },
                    chartVersion: "5.0.20",
                    helmTimeoutSeconds: 60,
                }),
            ).sort(),
            ["chartVersion", "helmTimeoutSeconds", "helmValues"],
        );
        assert.match(
            messagesFor(a({ ...unmanaged, chartVersion: "5.0.20" }), "chartVersion"),
            /no effect with manageRelease: false/,
        );
        assert.deepEqual(
            problemKeys(
                a({
                    ...unmanaged,
                    helmValues: {},
                    chartVersion: defaults.chartVersion,
                    helmTimeoutSeconds: defaults.helmTimeoutSeconds,
                }),
            ),
            [],
            "defaults are not settings",
        );
    });
});

describe("owned Milvus settings under every spelling Milvus accepts", () => {
    const a = (args: Partial<MilvusL7LoadBalancerArgs>): MilvusL7LoadBalancerArgs => ({
        domain: "a.example.com",
        ...args,
    });
    const spellings: [string, Record<string, unknown>, string][] = [
        ["TLS off in another case", { common: { security: { TLSMode: 0 } } }, "milvusConfig.common.security.TLSMode"],
        ["TLS off as one dotted key", { "common.security.tlsMode": 0 }, "milvusConfig.common.security.tlsMode"],
        [
            "TLS off with underscores",
            { common: { security: { tls_mode: 0 } } },
            "milvusConfig.common.security.tls_mode",
        ],
        ["REST back on the gRPC port as a dotted key", { "proxy.http.port": 19530 }, "milvusConfig.proxy.http.port"],
        [
            "the owned value under a second spelling",
            { common: { security: { TLSMode: 1 } } },
            "milvusConfig.common.security.TLSMode",
        ],
        [
            "a root password in lower case",
            { common: { security: { defaultrootpassword: "x" } } },
            "milvusConfig.common.security.defaultrootpassword",
        ],
    ];
    for (const [what, milvusConfig, key] of spellings) {
        test(`refuses ${what}`, () =>
            assert.ok(problemKeys(a({ milvusConfig })).includes(key), problemKeys(a({ milvusConfig })).join(", ")));
    }
    test("the message names the setting Milvus reads it as", () =>
        assert.match(
            messagesFor(
                a({ milvusConfig: { common: { security: { TLSMode: 0 } } } }),
                "milvusConfig.common.security.TLSMode",
            ),
            /reads it as common\.security\.tlsMode/,
        ));
    test("refuses two spellings of one setting: Milvus would keep either", () => {
        const milvusConfig = { queryNode: { gracefulTime: 1 }, querynode: { graceful_time: 2 } };
        assert.match(
            messagesFor(a({ milvusConfig }), "milvusConfig.querynode.graceful_time"),
            /same Milvus setting as milvusConfig\.queryNode\.gracefulTime/,
        );
    });
    test("accepts the owned value as we spell it, and settings of its own", () =>
        assert.deepEqual(
            problemKeys(a({ milvusConfig: { common: { security: { tlsMode: 1 } }, "queryNode.gracefulTime": 5 } })),
            [],
        ));
    test("refuses an environment variable that sets an owned setting in any component", () => {
        const helmValues = {
            queryNode: {
                extraEnv: [
                    { name: "COMMON_SECURITY_TLSMODE", value: "0" },
                    { name: "GOGC", value: "200" },
                ],
            },
        };
        assert.deepEqual(problemKeys(a({ helmValues })), ["helmValues.queryNode.extraEnv[0]"]);
        assert.match(
            messagesFor(a({ helmValues }), "helmValues.queryNode.extraEnv[0]"),
            /common\.security\.tlsMode through the environment/,
        );
    });
    test("folds the MILVUS_CONF_ prefix newer Milvus releases read", () =>
        assert.deepEqual(
            problemKeys(
                a({ helmValues: { proxy: { extraEnv: [{ name: "MILVUS_CONF_PROXY_HTTP_PORT", value: "19530" }] } } }),
            ),
            ["helmValues.proxy.extraEnv[0]"],
        ));
    test("keys under knowhere. are kept as written by Milvus, so they are not folded together", () =>
        assert.deepEqual(problemKeys(a({ milvusConfig: { knowhere: { a_b: 1, ab: 2 } } })), []));
    for (const auth of [true, false]) {
        test(`refuses the root password as a literal environment value anywhere (auth ${auth})`, () => {
            const helmValues = {
                dataNode: { extraEnv: [{ name: "COMMON_SECURITY_DEFAULTROOTPASSWORD", value: "Milvus" }] },
            };
            assert.match(messagesFor(a({ helmValues, auth }), "helmValues.dataNode.extraEnv[0]"), /in clear/);
        });
    }
});

describe("secrets inside helmValues and milvusConfig", () => {
    const a = (args: Partial<MilvusL7LoadBalancerArgs>): MilvusL7LoadBalancerArgs => ({
        domain: "a.example.com",
        ...args,
    });
    test("may sit where the component does not read", () =>
        assert.deepEqual(
            problemKeys(
                a({
                    helmValues: { etcd: { auth: { rbac: { rootPassword: pulumi.secret("s3cr3t") } } } },
                    milvusConfig: { minio: { bucketName: pulumi.secret("s3cr3t") } },
                }),
            ),
            [],
        ));
    test("may not stand for a value the component owns or reads (it cannot be checked)", () => {
        assert.deepEqual(
            problemKeys(
                a({
                    helmValues: {
                        service: { type: pulumi.secret("ClusterIP") },
                        fullnameOverride: pulumi.secret("vdb"),
                        proxy: { extraEnv: [{ name: pulumi.secret("X") }] },
                    },
                    milvusConfig: { common: { security: { tlsMode: pulumi.secret(1) } } },
                }),
            ).sort(),
            [
                "helmValues.fullnameOverride",
                "helmValues.proxy.extraEnv[0]",
                "helmValues.service.type",
                "milvusConfig.common.security.tlsMode",
            ],
        );
    });
});

describe("helmValues choose exactly one message queue", () => {
    const a = (args: Partial<MilvusL7LoadBalancerArgs>): MilvusL7LoadBalancerArgs => ({
        domain: "a.example.com",
        ...args,
    });
    test("another queue replaces the pinned one when the pinned one is switched off", () => {
        assert.deepEqual(
            problemKeys(a({ helmValues: { pulsarv3: { enabled: false }, kafka: { enabled: true } } })),
            [],
        );
        assert.deepEqual(
            problemKeys(a({ milvusMode: "standalone", helmValues: { standalone: { messageQueue: "rocksmq" } } })),
            [],
        );
        assert.deepEqual(
            problemKeys(
                a({
                    milvusMode: "standalone",
                    helmValues: { standalone: { messageQueue: "kafka" }, kafka: { enabled: true } },
                }),
            ),
            [],
        );
    });
    test("two queues at once are refused (the chart would write two messageQueue keys)", () => {
        assert.match(
            messagesFor(a({ helmValues: { kafka: { enabled: true } } }), "helmValues.kafka.enabled"),
            /pulsarv3\.enabled and kafka\.enabled are chosen/,
        );
        assert.match(
            messagesFor(
                a({ milvusMode: "standalone", helmValues: { pulsarv3: { enabled: true } } }),
                "helmValues.pulsarv3.enabled",
            ),
            /pulsarv3\.enabled and standalone\.messageQueue: woodpecker are chosen/,
        );
    });
    test("no queue at all is refused", () =>
        assert.match(
            messagesFor(a({ helmValues: { pulsarv3: { enabled: false } } }), "helmValues.pulsarv3.enabled"),
            /none is chosen/,
        ));
    test("a standalone pod names the queue it uses", () =>
        assert.match(
            messagesFor(
                a({
                    milvusMode: "standalone",
                    helmValues: { standalone: { messageQueue: "pulsar" }, kafka: { enabled: true } },
                }),
                "helmValues.kafka.enabled",
            ),
            /must name the queue kafka\.enabled runs/,
        ));
    test('switches are booleans: Helm takes the string "false" as true', () =>
        assert.deepEqual(problemKeys(a({ helmValues: { kafka: { enabled: "false" } } })), [
            "helmValues.kafka.enabled",
        ]));
});

describe("checkArguments: the check a program runs first, once", () => {
    const secretOf = (value: unknown) =>
        pulumi.Output.isInstance(value) ? pulumi.isSecret(value) : Promise.resolve(false);

    test("valid arguments come back frozen and known to the constructor: resolving them again checks nothing", () => {
        const { problems, args } = checkArguments({
            domain: "a.example.com",
            helmValues: { queryNode: { replicas: 2 } },
        });
        assert.deepEqual(problems, []);
        assert.ok(
            Object.isFrozen(args) && Object.isFrozen(args.helmValues) && Object.isFrozen(args.helmValues?.queryNode),
        );
        assert.equal(
            resolveSettings(args).settings,
            resolveSettings(args).settings,
            "the settings remembered, not made again",
        );
        assert.notEqual(
            resolveSettings({ ...args }).settings,
            resolveSettings(args).settings,
            "a copy is checked anew",
        );
    });

    test("secretValues: each value the component does not read becomes a secret, in the arguments and the settings", async () => {
        const { args } = checkArguments(
            { domain: "a.example.com", helmValues: { nameOverride: "vdb", queryNode: { replicas: 2 } } },
            { secretValues: ["helmValues"] },
        );
        const helmValues = args.helmValues as { nameOverride: unknown; queryNode: { replicas: unknown } };
        assert.equal(await secretOf(helmValues.queryNode.replicas), true);
        assert.equal(helmValues.nameOverride, "vdb", "a name the component reads stays plain");
        assert.equal(resolveSettings(args).settings.helmValues, args.helmValues, "what is built is what came back");
    });

    test("arguments with problems: every problem, nothing frozen or remembered", () => {
        const given = { domain: "", namespace: "Bad_NS" };
        const { problems, args } = checkArguments(given);
        assert.deepEqual(problems.map((p) => p.key).sort(), ["domain", "namespace"]);
        assert.equal(args, given);
        assert.equal(Object.isFrozen(given), false);
    });
});

describe("namespace, dnsZone and staticIpName may be Outputs, checked once known", () => {
    const a = (args: Partial<MilvusL7LoadBalancerArgs>): MilvusL7LoadBalancerArgs => ({
        domain: "a.example.com",
        ...args,
    });
    /**
     * What a checked name settles to: its value, or the error it fails with. A failed Output's `isKnown` and
     * `isSecret` reject as well (@pulumi/pulumi output.js), where a program's language host reports them; here they
     * are read, so that they are no unhandled rejections of the test.
     */
    const settled = (name: unknown): Promise<unknown> => {
        assert.ok(pulumi.Output.isInstance(name), "an Output in the settings");
        // Members of @pulumi/pulumi's OutputImpl that its typings leave out.
        const output = name as unknown as {
            promise(): Promise<unknown>;
            isKnown: Promise<boolean>;
            isSecret: Promise<boolean>;
        };
        for (const facet of [output.isKnown, output.isSecret]) facet.catch(() => undefined);
        return output.promise().then(
            (value) => value,
            (error: unknown) => error,
        );
    };
    const problemsOf = (error: unknown) => {
        assert.ok(error instanceof MilvusL7ConfigError, `a MilvusL7ConfigError, got ${String(error)}`);
        return error.problems;
    };
    // An Output whose value is unknown, as in a preview of a stack that creates the Namespace.
    const unknownOutput = () =>
        new (pulumi.Output as unknown as new (...args: unknown[]) => pulumi.Output<string>)(
            new Set(),
            Promise.resolve(undefined),
            Promise.resolve(false),
            Promise.resolve(false),
            Promise.resolve(new Set()),
        );

    test("Outputs and Promises for the three names are accepted, with no problem up front", async () => {
        const { settings, problems } = resolveSettings(
            a({
                namespace: pulumi.output("vectors"),
                dnsZone: Promise.resolve("example-com"),
                staticIpName: pulumi.secret("search-ip"),
            }),
        );
        assert.deepEqual(problems, []);
        assert.equal(await settled(settings.namespace), "vectors");
        assert.equal(await settled(settings.dnsZone), "example-com");
        assert.equal(await settled(settings.staticIpName), "search-ip");
        assert.equal(await pulumi.isSecret(settings.staticIpName as pulumi.Output<string>), true, "a secret stays one");
    });

    test("an Output staticIpName, being given, means no address is created, and cannot go with createStaticIp: true", () => {
        assert.equal(resolveSettings(a({ staticIpName: pulumi.output("search-ip") })).settings.createStaticIp, false);
        assert.deepEqual(problemKeys(a({ staticIpName: pulumi.output("search-ip"), createStaticIp: true })), [
            "staticIpName",
        ]);
    });

    for (const [key, bad] of [
        ["namespace", "Bad_NS"],
        ["dnsZone", "example.com"],
        ["staticIpName", "-ip"],
    ] as const) {
        test(`a bad ${key} Output fails, once known, with the problems of the same plain value`, async () => {
            const { settings, problems } = resolveSettings(a({ [key]: pulumi.output(bad) }));
            assert.deepEqual(problems, [], "nothing is known to refuse up front");
            const plain = resolveSettings(a({ [key]: bad })).problems.filter((p) => p.key === key);
            assert.ok(plain.length > 0);
            assert.deepEqual(problemsOf(await settled(settings[key])), plain);
        });
    }

    test("a known value that is no string fails as a plain one is refused", async () => {
        const { settings } = resolveSettings(a({ namespace: pulumi.output(5 as unknown as string) }));
        assert.deepEqual(problemsOf(await settled(settings.namespace)), [
            { key: "namespace", message: "must be a string; got 5" },
        ]);
    });

    test("a bad secret value fails without showing the value", async () => {
        const { settings } = resolveSettings(a({ namespace: pulumi.secret("Secret_Team_NS") }));
        const [problem] = problemsOf(await settled(settings.namespace));
        assert.equal(problem.key, "namespace");
        assert.match(problem.message, /^a secret value is not an RFC 1123 DNS label/);
        assert.ok(!problem.message.includes("Secret_Team_NS"), problem.message);
    });

    test("an unknown value (a preview) is not checked and stays unknown", async () => {
        const { settings, problems } = resolveSettings(a({ namespace: unknownOutput() }));
        assert.deepEqual(problems, []);
        const namespace = settings.namespace as pulumi.Output<string>;
        assert.equal(await (namespace as unknown as { isKnown: Promise<boolean> }).isKnown, false);
    });

    test("plain bad names are still refused up front, every one at once", () => {
        assert.deepEqual(
            problemKeys(a({ namespace: "Bad_NS", dnsZone: "example.com", staticIpName: "-ip", createStaticIp: false })),
            ["namespace", "staticIpName", "dnsZone"],
        );
    });

    test("every other argument is still refused as an Output", () => {
        for (const key of ["releaseName", "certMode", "network", "bucketName"] as const) {
            assert.match(
                messagesFor(a({ [key]: pulumi.output("x") }), key),
                /must be a plain value, not an Output/,
                key,
            );
        }
    });
});

describe("loadBalancerScope", () => {
    test("external is the default and builds today's load balancer", () => {
        const { settings, problems } = resolveSettings({ domain: "a.example.com" });
        assert.deepEqual(problems, []);
        assert.equal(settings.loadBalancerScope, "external");
    });

    test("a value other than external or internal is refused", () => {
        assert.match(
            messagesFor({ domain: "a.example.com", loadBalancerScope: "private" as never }, "loadBalancerScope"),
            /external|internal/,
        );
    });

    /** An internal load balancer with everything it needs, in the given mode. */
    const internal = (loadBalancerApi: "ingress" | "gateway" = "ingress"): MilvusL7LoadBalancerArgs => ({
        domain: "milvus.internal.example.com",
        loadBalancerApi,
        loadBalancerScope: "internal",
        region: "us-central1",
        network: "vpc-a",
        subnetwork: "nodes-a",
        proxyOnlySubnet: "proxy-only-a",
    });

    test("an internal Ingress with region, network, subnetwork and a proxy-only subnet is accepted", () => {
        assert.deepEqual(problemKeys(internal()), []);
        assert.deepEqual(
            problemKeys({ ...internal(), proxyOnlySubnet: undefined, proxyOnlySubnetCidr: "10.129.0.0/23" }),
            [],
        );
    });

    test("internal without what it needs names each missing key at once", () => {
        const args: MilvusL7LoadBalancerArgs = { domain: "a.example.com", loadBalancerScope: "internal" };
        assert.deepEqual(problemKeys(args), ["region", "network", "proxyOnlySubnet", "subnetwork"]);
        assert.match(messagesFor(args, "region"), /cluster's region.*gkeLocation/);
        assert.match(messagesFor(args, "proxyOnlySubnet"), /REGIONAL_MANAGED_PROXY.*proxyOnlySubnetCidr/);
        assert.match(messagesFor(args, "subnetwork"), /cluster's subnet.*staticIpName/);
    });

    test("an existing internal address needs no subnetwork, and then refuses one", () => {
        const existing = { ...internal(), subnetwork: undefined, staticIpName: "milvus-internal-ip" };
        assert.deepEqual(problemKeys(existing), []);
        assert.match(
            messagesFor({ ...existing, subnetwork: "nodes-a" }, "subnetwork"),
            /only used to reserve the internal address/,
        );
    });

    test("a proxy-only subnet is named or created, not both", () => {
        assert.match(
            messagesFor({ ...internal(), proxyOnlySubnetCidr: "10.129.0.0/23" }, "proxyOnlySubnetCidr"),
            /one active proxy-only subnet per region/,
        );
    });

    test("a proxy-only subnet range is IPv4 and at least a /26", () => {
        const cidr = (proxyOnlySubnetCidr: string) =>
            messagesFor({ ...internal(), proxyOnlySubnet: undefined, proxyOnlySubnetCidr }, "proxyOnlySubnetCidr");
        assert.match(cidr("10.129.0.0/27"), /smaller than \/26/);
        assert.match(cidr("fd00::/64"), /IPv6/);
        assert.match(cidr("10.129.0.0"), /not an IPv4 or IPv6 CIDR/);
        assert.equal(cidr("10.129.0.0/26"), "");
    });

    test("region is a region, not a zone", () => {
        assert.match(messagesFor({ ...internal(), region: "us-central1-a" }, "region"), /is a zone.*"us-central1"/);
        assert.match(messagesFor({ ...internal(), region: "central" }, "region"), /not a GCP region/);
    });

    test("the internal-only arguments are refused with external rather than ignored", () => {
        const args: MilvusL7LoadBalancerArgs = {
            domain: "a.example.com",
            region: "us-central1",
            subnetwork: "nodes-a",
            proxyOnlySubnet: "proxy-only-a",
            proxyOnlySubnetCidr: "10.129.0.0/23",
            allowGlobalAccess: true,
        };
        assert.deepEqual(problemKeys(args), [
            "region",
            "subnetwork",
            "proxyOnlySubnet",
            "proxyOnlySubnetCidr",
            "allowGlobalAccess",
        ]);
        assert.match(messagesFor(args, "region"), /only used with loadBalancerScope "internal"/);
    });

    test("network is accepted with an internal Ingress (the proxy-only subnet is in it), still refused with an external one", () => {
        assert.deepEqual(problemKeys(internal()), []);
        assert.match(
            messagesFor({ domain: "a.example.com", network: "vpc-a" }, "network"),
            /only used in gateway mode or with loadBalancerScope "internal"/,
        );
    });

    test("an internal Ingress refuses allowGlobalAccess, naming the gateway mode", () => {
        assert.match(
            messagesFor({ ...internal(), allowGlobalAccess: true }, "allowGlobalAccess"),
            /internal Ingress.*"gateway"/,
        );
    });

    test("an internal Gateway with what it needs is accepted, with allowGlobalAccess, TLS 1.3 and certificate-manager", () => {
        assert.deepEqual(problemKeys(internal("gateway")), []);
        assert.deepEqual(
            problemKeys({
                ...internal("gateway"),
                allowGlobalAccess: true,
                minTlsVersion: "TLS_1_3",
                certMode: "certificate-manager",
            }),
            [],
        );
    });

    test("an internal Gateway refuses google-managed (a global Compute certificate), naming certificate-manager", () => {
        assert.match(
            messagesFor({ ...internal("gateway"), certMode: "google-managed" }, "certMode"),
            /cannot serve a regional Gateway; use "certificate-manager"/,
        );
    });

    test("an internal Gateway without network names it once, with or without the health-check firewall", () => {
        for (const healthCheckFirewall of [true, false]) {
            const args = { ...internal("gateway"), network: undefined, healthCheckFirewall };
            assert.deepEqual(problemKeys(args), ["network"]);
        }
    });

    test("internal with Cloud Armor is refused in both modes, naming VPC firewall rules", () => {
        for (const loadBalancerApi of ["ingress", "gateway"] as const) {
            assert.match(
                messagesFor(
                    { ...internal(loadBalancerApi), allowedSourceRanges: ["10.0.0.0/8"] },
                    "allowedSourceRanges",
                ),
                /Cloud Armor cannot guard the internal load balancer.*VPC firewall rules/,
            );
        }
    });

    test("an internal Ingress refuses google-managed and TLS 1.3 at once, each naming the gateway mode", () => {
        const args = { ...internal(), certMode: "google-managed", minTlsVersion: "TLS_1_3" } as const;
        assert.deepEqual(problemKeys(args), ["certMode", "minTlsVersion"]);
        assert.match(messagesFor(args, "certMode"), /global load balancers only.*"gateway"/);
        assert.match(messagesFor(args, "minTlsVersion"), /TLS_1_3 .*cannot name.*"gateway"/);
    });

    test("an internal Ingress refuses certificate-manager without suggesting google-managed, refused there too", () => {
        const message = messagesFor({ ...internal(), certMode: "certificate-manager" }, "certMode");
        assert.match(message, /"self-managed"/);
        assert.doesNotMatch(message, /use "google-managed"/);
        assert.match(
            messagesFor({ domain: "a.example.com", certMode: "certificate-manager" }, "certMode"),
            /use "google-managed"/,
        );
    });

    test("external keeps google-managed, TLS 1.3 and Cloud Armor", () => {
        const args: MilvusL7LoadBalancerArgs = {
            domain: "a.example.com",
            certMode: "google-managed",
            minTlsVersion: "TLS_1_3",
            allowedSourceRanges: ["10.0.0.0/8"],
        };
        assert.deepEqual(problemKeys({ ...args, loadBalancerScope: "external" }), []);
    });
});
