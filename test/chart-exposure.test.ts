// helmValues that would expose the release beside the load balancer, break it at deploy, or leave a credential in
// clear: chart 5.0.19 rules (docs/chart-exposure.md lists each switch with its template line).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { MilvusL7LoadBalancerArgs } from "../components";
import { chartCredentials } from "../components/chartCredentials";
import { asSecretValues } from "../components/ownedValues";
import { resolveSettings } from "../components/settings";
import { messagesFor, problemKeys, withDomain as a } from "./argumentProblems";
import { root } from "./stack";

const problems = (args: Partial<MilvusL7LoadBalancerArgs>) => resolveSettings(a(args)).problems;
const keys = (args: Partial<MilvusL7LoadBalancerArgs>) => problemKeys(a(args));
const message = (args: Partial<MilvusL7LoadBalancerArgs>, key: string) => messagesFor(a(args), key);

describe("nothing of the release is exposed beside the load balancer", () => {
    const exposing: [string, Record<string, unknown>, string][] = [
        [
            "a LoadBalancer MinIO (default keys minioadmin)",
            { minio: { service: { type: "LoadBalancer" } } },
            "helmValues.minio.service.type",
        ],
        ["a NodePort etcd", { etcd: { service: { type: "NodePort" } } }, "helmValues.etcd.service.type"],
        [
            "a LoadBalancer Attu",
            { attu: { enabled: true, service: { type: "LoadBalancer" } } },
            "helmValues.attu.service.type",
        ],
        ["Attu's Ingress", { attu: { enabled: true, ingress: { enabled: true } } }, "helmValues.attu.ingress.enabled"],
        [
            "Attu's OpenShift Route",
            { attu: { enabled: true, route: { enabled: true } } },
            "helmValues.attu.route.enabled",
        ],
        ["MinIO's Ingress", { minio: { ingress: { enabled: true } } }, "helmValues.minio.ingress.enabled"],
        [
            "a LoadBalancer Pulsar proxy",
            { pulsarv3: { proxy: { service: { type: "LoadBalancer" } } } },
            "helmValues.pulsarv3.proxy.service.type",
        ],
        [
            "Pulsar's proxy Ingress",
            { pulsarv3: { proxy: { ingress: { enabled: true } } } },
            "helmValues.pulsarv3.proxy.ingress.enabled",
        ],
        [
            "a LoadBalancer Pulsar manager admin Service",
            { pulsarv3: { pulsar_manager: { adminService: { type: "LoadBalancer" } } } },
            "helmValues.pulsarv3.pulsar_manager.adminService.type",
        ],
        ["a type in another case", { minio: { service: { type: "clusterip" } } }, "helmValues.minio.service.type"],
        [
            "a deleted type (the sub-chart's default LoadBalancer applies)",
            { pulsarv3: { proxy: { service: { type: null } } } },
            "helmValues.pulsarv3.proxy.service.type",
        ],
        ["a deleted Service block", { pulsarv3: { proxy: { service: null } } }, "helmValues.pulsarv3.proxy.service"],
        ["a deleted proxy block", { pulsarv3: { proxy: null } }, "helmValues.pulsarv3.proxy"],
        [
            "Pulsar's monitoring stack (node exporter on hostNetwork)",
            { pulsarv3: { "kube-prometheus-stack": { enabled: true } } },
            "helmValues.pulsarv3.kube-prometheus-stack.enabled",
        ],
        [
            "Pulsar's monitoring stack by null",
            { pulsarv3: { "kube-prometheus-stack": { enabled: null } } },
            "helmValues.pulsarv3.kube-prometheus-stack.enabled",
        ],
        [
            "Kafka external access",
            { kafka: { externalAccess: { enabled: true } } },
            "helmValues.kafka.externalAccess.enabled",
        ],
        [
            "Pulsar v2's Grafana (LoadBalancer by default)",
            { pulsar: { monitoring: { grafana: true } } },
            "helmValues.pulsar.monitoring.grafana",
        ],
        ["externalIPs", { etcd: { service: { externalIPs: ["203.0.113.9"] } } }, "helmValues.etcd.service.externalIPs"],
        [
            "loadBalancerIP",
            { minio: { service: { loadBalancerIP: "203.0.113.9" } } },
            "helmValues.minio.service.loadBalancerIP",
        ],
        ["a nodePort on the Milvus Service", { service: { nodePort: 31953 } }, "helmValues.service.nodePort"],
        [
            "etcd nodePorts",
            { etcd: { service: { nodePorts: { client: 30379 } } } },
            "helmValues.etcd.service.nodePorts",
        ],
        ["hostNetwork", { kafka: { hostNetwork: true } }, "helmValues.kafka.hostNetwork"],
        [
            "a hostPort in a sidecar",
            { etcd: { sidecars: [{ name: "x", ports: [{ containerPort: 80, hostPort: 80 }] }] } },
            "helmValues.etcd.sidecars[0].ports[0].hostPort",
        ],
        [
            "extra objects",
            { etcd: { extraDeploy: [{ apiVersion: "v1", kind: "Service", spec: { type: "LoadBalancer" } }] } },
            "helmValues.etcd.extraDeploy",
        ],
        [
            "a Service type given as a secret (cannot be checked)",
            { minio: { service: { type: pulumi.secret("ClusterIP") } } },
            "helmValues.minio.service.type",
        ],
    ];
    for (const [what, helmValues, key] of exposing) {
        test(`refused: ${what}`, () => {
            assert.ok(keys({ helmValues }).includes(key), `${key} in ${JSON.stringify(keys({ helmValues }))}`);
            assert.match(message({ helmValues }, key), /docs\/chart-exposure\.md/);
        });
    }

    test("the charts' own safe values pass: ClusterIP, ingresses off, empty exposure keys, headless Services", () =>
        assert.deepEqual(
            keys({
                helmValues: {
                    minio: {
                        service: { type: "ClusterIP", externalIPs: [], loadBalancerIP: "" },
                        ingress: { enabled: false },
                    },
                    etcd: { service: { type: "ClusterIP", nodePorts: { client: "", peer: "" } }, extraDeploy: [] },
                    attu: {
                        enabled: true,
                        service: { type: "ClusterIP" },
                        ingress: { enabled: false },
                        route: { enabled: false },
                    },
                    pulsarv3: {
                        proxy: { service: { type: "ClusterIP" } },
                        "kube-prometheus-stack": { enabled: false },
                    },
                    kafka: { hostNetwork: false },
                },
            }),
            [],
        ));

    test("a stack's secret helmValues keeps the values these rules read plain, so safe values still pass", () => {
        const helmValues = {
            minio: { service: { type: "ClusterIP" }, ingress: { enabled: false } },
            attu: { enabled: true },
            proxy: { enabled: true, tls: { secretName: "certs" } },
            volumeMounts: [{ name: "data", mountPath: "/data" }],
            etcd: { auth: { rbac: { rootPassword: "kept-secret" } } },
        };
        const { settings } = resolveSettings(a({ helmValues }));
        const secretValues = asSecretValues(helmValues, settings, false) as Record<string, any>;
        assert.ok(
            pulumi.Output.isInstance(secretValues.etcd.auth.rbac.rootPassword),
            "a value no rule reads is still wrapped",
        );
        assert.deepEqual(keys({ helmValues: secretValues }), []);
        const literal = asSecretValues(
            { etcd: { extraEnvVars: [{ name: "ETCD_ROOT_PASSWORD", value: "x" }] } },
            settings,
            false,
        );
        assert.deepEqual(
            keys({ helmValues: literal }),
            ["helmValues.etcd.extraEnvVars[0]"],
            "the variable's name stays readable",
        );
    });

    test("Pulsar v2's Grafana passes with its Service ClusterIP; its Prometheus (headless) needs nothing", () => {
        assert.deepEqual(
            keys({
                helmValues: { pulsar: { monitoring: { grafana: true }, grafana: { service: { type: "ClusterIP" } } } },
            }),
            [],
        );
        assert.deepEqual(keys({ helmValues: { pulsar: { monitoring: { prometheus: true } } } }), []);
    });

    test("the Milvus Service's own type and ingress stay reported once, as owned", () => {
        assert.deepEqual(
            keys({ helmValues: { service: { type: "LoadBalancer" }, ingress: { enabled: true } } }).sort(),
            ["helmValues.ingress.enabled", "helmValues.service.type"],
        );
        assert.deepEqual(keys({ helmValues: { service: null } }), ["helmValues.service"]);
    });
});

describe("chart values accepted by Helm that break the load balancer are refused", () => {
    test("proxy.enabled false in cluster mode: no Milvus Service renders (templates/service.yaml:1)", () => {
        assert.match(
            message({ helmValues: { proxy: { enabled: false } } }, "helmValues.proxy.enabled"),
            /templates\/service\.yaml:1/,
        );
        assert.deepEqual(
            keys({ milvusMode: "standalone", helmValues: { proxy: { enabled: false } } }),
            [],
            "standalone serves from its own pod",
        );
    });

    test("the alpha app-protocols annotation, which ingress-gce reads before the GA one", () =>
        assert.match(
            message(
                {
                    helmValues: {
                        service: { annotations: { "service.alpha.kubernetes.io/app-protocols": '{"milvus":"HTTP"}' } },
                    },
                },
                'helmValues.service.annotations["service.alpha.kubernetes.io/app-protocols"]',
            ),
            /ingress-gce.*cleartext/,
        ));

    test("top-level volumes and mounts that reuse the certificate's volume name or mount path (cluster mode)", () => {
        const helmValues = {
            volumes: [{ name: "milvus-backend-tls", emptyDir: {} }],
            volumeMounts: [
                { name: "milvus-backend-tls", mountPath: "/data" },
                { name: "other", mountPath: "/milvus/tls/" },
                { name: "other", mountPath: "/milvus/x/../tls/tls.crt" },
                { name: "fine", mountPath: "/milvus/tlsx" },
            ],
        };
        assert.deepEqual(keys({ helmValues }).sort(), [
            "helmValues.volumeMounts[0].name",
            "helmValues.volumeMounts[1].mountPath",
            "helmValues.volumeMounts[2].mountPath",
            "helmValues.volumes[0].name",
        ]);
    });

    test("proxy.tls naming a Secret this component makes", () => {
        for (const secretName of [
            "my-release-milvus-backend-tls",
            "my-release-milvus-frontend-tls",
            "my-release-milvus-root-password",
        ]) {
            assert.match(
                message(
                    { helmValues: { proxy: { tls: { enabled: true, secretName } } } },
                    "helmValues.proxy.tls.secretName",
                ),
                /replace it/,
            );
        }
        assert.deepEqual(keys({ helmValues: { proxy: { tls: { enabled: false, secretName: "certs" } } } }), []);
    });

    test("a Milvus Service name that is a sub-chart's Service name", () => {
        assert.match(
            message({ helmValues: { nameOverride: "minio" } }, "helmValues.nameOverride"),
            /"my-release-minio".*minio sub-chart/,
        );
        assert.match(
            message({ helmValues: { fullnameOverride: "my-release-etcd" } }, "helmValues.fullnameOverride"),
            /etcd sub-chart/,
        );
        assert.match(message({ releaseName: "store-minio-milvus" }, "releaseName"), /minio sub-chart/);
        assert.deepEqual(
            keys({ helmValues: { nameOverride: "minio", minio: { enabled: false } } }),
            [],
            "a sub-chart that does not run takes no name",
        );
        assert.deepEqual(keys({ helmValues: { fullnameOverride: "my-release-kafka" } }), [], "Kafka is off");
    });
});

describe("credentials the chart writes in clear are refused, never echoed", () => {
    const secret = "s3cr3t-value-9876";
    for (const { path } of chartCredentials) {
        test(`${path}, as a literal or a Pulumi secret`, () => {
            const helmValues: Record<string, unknown> = {};
            let node = helmValues;
            const steps = path.split(".");
            steps.slice(0, -1).forEach((step) => (node = (node[step] = {}) as Record<string, unknown>));
            for (const value of [secret, pulumi.secret(secret)]) {
                node[steps[steps.length - 1]] = value;
                const text = message({ helmValues }, `helmValues.${path}`);
                assert.match(text, /in clear/);
                assert.ok(!text.includes(secret));
            }
        });
    }

    const freeForm: [string, Record<string, unknown>, string][] = [
        [
            "a storage key in a Milvus component's extraEnv",
            { queryNode: { extraEnv: [{ name: "MINIO_SECRETACCESSKEY", value: secret }] } },
            "helmValues.queryNode.extraEnv[0]",
        ],
        [
            "a password in etcd's extraEnvVars",
            { etcd: { extraEnvVars: [{ name: "ETCD_ROOT_PASSWORD", value: secret }] } },
            "helmValues.etcd.extraEnvVars[0]",
        ],
        [
            "a password in MinIO's environment map",
            { minio: { environment: { MINIO_ROOT_PASSWORD: secret } } },
            "helmValues.minio.environment.MINIO_ROOT_PASSWORD",
        ],
        [
            "a token in Pulsar's configData (a ConfigMap)",
            { pulsarv3: { broker: { configData: { brokerClientAuthenticationParameters: secret } } } },
            "helmValues.pulsarv3.broker.configData.brokerClientAuthenticationParameters",
        ],
    ];
    for (const [what, helmValues, key] of freeForm) {
        test(`by name in the charts' free-form values: ${what}`, () => {
            const text = message({ helmValues }, key);
            assert.match(text, /in clear/);
            assert.ok(!text.includes(secret));
        });
    }

    test("free-form values pass from a Secret, as a file reference, or when they are not credentials", () =>
        assert.deepEqual(
            keys({
                helmValues: {
                    queryNode: {
                        extraEnv: [
                            {
                                name: "MINIO_SECRETACCESSKEY",
                                valueFrom: { secretKeyRef: { name: "s3", key: "secret" } },
                            },
                            { name: "GOGC", value: "100" },
                        ],
                    },
                    etcd: { extraEnvVars: [{ name: "ETCD_QUOTA_BACKEND_BYTES", value: "4294967296" }] },
                    pulsarv3: {
                        broker: {
                            configData: {
                                tokenSecretKey: "file:///pulsar/keys/token/secret.key",
                                maxMessageSize: "104857600",
                            },
                        },
                    },
                },
            }),
            [],
        ));

    test("the root password as a literal extraEnv value is reported once", () => {
        const helmValues = {
            mixCoordinator: { extraEnv: [{ name: "COMMON_SECURITY_DEFAULTROOTPASSWORD", value: secret }] },
        };
        assert.equal(
            problems({ helmValues, auth: false }).filter((p) => p.key === "helmValues.mixCoordinator.extraEnv[0]")
                .length,
            1,
        );
    });

    test("the chart's empty defaults and a Secret reference pass", () =>
        assert.deepEqual(
            keys({
                helmValues: { externalS3: { accessKey: "", secretKey: "" }, minio: { existingSecret: "minio-keys" } },
            }),
            [],
        ));

    test("every credential is listed in docs/chart-exposure.md", () => {
        const doc = readFileSync(join(root, "docs", "chart-exposure.md"), "utf8");
        for (const { path } of chartCredentials) assert.ok(doc.includes(`\`${path}\``), path);
    });
});

describe("credentials in milvusConfig: user.yaml sits in clear in the chart's ConfigMap", () => {
    const cases: [what: string, milvusConfig: Record<string, unknown>, key: string][] = [
        [
            "MinIO's secret key as text",
            { minio: { secretAccessKey: "minio-s3cr3t" } },
            "milvusConfig.minio.secretAccessKey",
        ],
        [
            "MinIO's access key as a Pulumi secret",
            { minio: { accessKeyID: pulumi.secret("minio-s3cr3t") } },
            "milvusConfig.minio.accessKeyID",
        ],
        ["Pulsar's auth parameters", { pulsar: { authParams: "token:s3cr3t" } }, "milvusConfig.pulsar.authParams"],
        [
            "Kafka's SASL password as one dotted key",
            { "mq.kafka.saslPassword": "s3cr3t" },
            "milvusConfig.mq.kafka.saslPassword",
        ],
    ];
    for (const [what, milvusConfig, key] of cases) {
        test(`${what} is refused, without its value, naming the Secret way`, () => {
            const { problems } = resolveSettings({ domain: "a.example.com", milvusConfig });
            assert.deepEqual(
                problems.map((p) => p.key),
                [key],
            );
            assert.match(problems[0].message, /ConfigMap.*valueFrom\.secretKeyRef/);
            assert.doesNotMatch(problems[0].message, /s3cr3t/);
        });
    }
    test("a setting named like a credential that holds a number, or nothing, is no credential", () => {
        assert.deepEqual(
            resolveSettings({
                domain: "a.example.com",
                milvusConfig: { proxy: { maxPasswordLength: 64 }, minio: { secretAccessKey: "" } },
            }).problems,
            [],
        );
    });
});
