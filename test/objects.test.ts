// The plain objects the component applies, checked against the guide, the real schemas and the GKE controller
// rules: pure functions, no Pulumi engine involved.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as YAML from "yaml";
import { chartService, gkeRuleProblems, validateObject, validateVolume, validateVolumeMount } from "../checks";
import type { MilvusL7LoadBalancerArgs, PlainObject } from "../components";
import { backendConfig, frontendConfig, ingress, ingressScopes, managedCertificate } from "../components/ingress";
import type { KubeObject } from "../components/types";
import { milvusHelmValues, rootPasswordEnvName } from "../components/chartValues";
import { frontEndModel } from "../components/frontEnd";
import { resolveSettings } from "../components/settings";
import { withPlainNames } from "./argumentProblems";
import type { MilvusL7Settings } from "../components/types";

const settingsOf = (args: Partial<MilvusL7LoadBalancerArgs> = {}): MilvusL7Settings<string> => {
    const { settings, problems } = resolveSettings({ domain: "my-release.milvus.io", ...args });
    assert.deepEqual(problems, []);
    return withPlainNames(settings);
};

/** Names GCP gives the resources the objects point at. */
const refs = {
    staticIpName: "milvus-ip-0a1b2c3",
    sslPolicyName: "milvus-ssl-policy-0a1b2c3",
    securityPolicyName: "milvus-armor-0a1b2c3",
};

/** The Milvus Service the chart renders from the values for these settings. */
const chartServiceOf = (s: MilvusL7Settings<string>) =>
    chartService({ name: s.serviceName, namespace: s.namespace }, milvusHelmValues(s));

/**
 * The objects applied together (BackendConfig, the chart's Service, the front-end certificate, Ingress,
 * FrontendConfig), with the front-end Secret as its shape (its data is made by @pulumi/tls).
 */
function objectsOf(s: MilvusL7Settings<string>): KubeObject[] {
    const front =
        s.certMode === "self-managed"
            ? {
                  apiVersion: "v1",
                  kind: "Secret",
                  type: "kubernetes.io/tls",
                  metadata: { name: s.frontendTlsSecretName, namespace: s.namespace },
                  stringData: { "tls.crt": "PEM", "tls.key": "PEM" },
              }
            : managedCertificate(frontEndModel(s));
    return [
        backendConfig(frontEndModel(s), refs),
        chartServiceOf(s),
        front,
        ingress(frontEndModel(s), refs),
        ...(ingressScopes[s.loadBalancerScope].frontendConfig ? [frontendConfig(frontEndModel(s), refs)] : []),
    ];
}

const userYamlOf = (values: PlainObject) =>
    YAML.parse((values.extraConfigFiles as Record<string, string>)["user.yaml"]) as PlainObject;
const spec = (o: KubeObject) => o.spec as Record<string, any>;

describe("Milvus chart values", () => {
    test("the Service is ClusterIP on 19530, port name milvus", () => {
        const values = milvusHelmValues(settingsOf());
        const { annotations, ...service } = values.service as PlainObject;
        assert.deepEqual(service, { type: "ClusterIP", port: 19530, portName: "milvus" });
        assert.ok(annotations, "the load balancer's annotations are on the Service from the start");
    });

    test("Milvus settings go in extraConfigFiles user.yaml, not chart values (chart >= 4.0.0)", () => {
        const values = milvusHelmValues(settingsOf());
        assert.equal(values.common, undefined, "a common.* chart value does nothing");
        assert.equal(values.customConfigMap, "", "customConfigMap would replace user.yaml");
        const user = userYamlOf(values);
        assert.equal((user.common as any).security.tlsMode, 1);
    });

    test("REST moves off 19530 so Milvus 2.6's proxy starts with TLS on", () => {
        const port = (userYamlOf(milvusHelmValues(settingsOf())).proxy as any).http.port;
        assert.equal(typeof port, "number");
        assert.notEqual(port, 19530);
    });

    for (const milvusMode of ["cluster", "standalone"] as const) {
        test(`${milvusMode}: the certificate paths in user.yaml are files of the mounted backend Secret`, () => {
            const s = settingsOf({ milvusMode });
            const values = milvusHelmValues(s);
            const holder = (milvusMode === "cluster" ? values.proxy : values) as {
                volumes: any[];
                volumeMounts: any[];
            };
            assert.equal(holder.volumes.length, 1);
            const [volume] = holder.volumes;
            const [mount] = holder.volumeMounts;
            validateVolume(volume);
            validateVolumeMount(mount);
            assert.equal(volume.secret.secretName, s.backendTlsSecretName);
            assert.equal(mount.name, volume.name);
            assert.equal(mount.readOnly, true);
            const tls = userYamlOf(values).tls as { serverPemPath: string; serverKeyPath: string };
            // A kubernetes.io/tls Secret holds tls.crt and tls.key.
            assert.equal(tls.serverPemPath, `${mount.mountPath}/tls.crt`);
            assert.equal(tls.serverKeyPath, `${mount.mountPath}/tls.key`);
            assert.notEqual(mount.mountPath, "/milvus/configs", "must not shadow the chart's config files");
        });
    }

    test("cluster mode mounts into the proxy only; standalone into the standalone pod", () => {
        const cluster = milvusHelmValues(settingsOf({ milvusMode: "cluster" }));
        assert.equal(cluster.volumes, undefined);
        assert.deepEqual(cluster.cluster, { enabled: true });
        const standalone = milvusHelmValues(settingsOf({ milvusMode: "standalone" }));
        assert.equal((standalone.proxy as PlainObject | undefined)?.volumes, undefined);
        assert.deepEqual(standalone.cluster, { enabled: false });
    });

    test("standalone mode sizes etcd, MinIO and the message queue for one pod, and the user can override that", () => {
        const values = milvusHelmValues(settingsOf({ milvusMode: "standalone" }));
        assert.deepEqual(
            [values.etcd, values.minio, values.pulsarv3],
            [{ replicaCount: 1 }, { mode: "standalone" }, { enabled: false }],
        );
        const overridden = milvusHelmValues(
            settingsOf({ milvusMode: "standalone", helmValues: { etcd: { replicaCount: 3 } } }),
        );
        assert.deepEqual(overridden.etcd, { replicaCount: 3 });
    });

    test("helmValues are deep-merged under ours", () => {
        const values = milvusHelmValues(
            settingsOf({ helmValues: { proxy: { replicas: 3 }, service: { labels: { team: "ml" } } } }),
        );
        const proxy = values.proxy as PlainObject;
        assert.equal(proxy.replicas, 3);
        assert.ok(Array.isArray(proxy.volumes), "our proxy volumes survive the merge");
        const service = values.service as PlainObject;
        assert.deepEqual([service.type, service.labels], ["ClusterIP", { team: "ml" }]);
    });

    test("milvusConfig is merged into user.yaml under ours", () => {
        const user = userYamlOf(milvusHelmValues(settingsOf({ milvusConfig: { proxy: { maxTaskNum: 2048 } } })));
        assert.equal((user.proxy as any).maxTaskNum, 2048);
        assert.equal((user.proxy as any).http.port, 8080);
    });

    test("the values never depend on the domain, the certificate mode or the routing", () => {
        const base = milvusHelmValues(settingsOf());
        for (const args of [
            { domain: "other.example.org" },
            { certMode: "google-managed" as const },
            { serveAnyHost: false },
            { domain: "*.vectors.example.net" },
            { minTlsVersion: "TLS_1_3" as const },
            { allowedSourceRanges: ["203.0.113.0/24"] },
            { createStaticIp: false },
            { staticIpName: "reserved" },
            { dnsZone: "example-zone" },
            { backendTimeoutSec: 3600, drainingTimeoutSec: 5, logSampleRate: 0.1 },
            { protect: false },
        ]) {
            assert.deepEqual(milvusHelmValues(settingsOf(args)), base, JSON.stringify(args));
        }
    });
});

describe("GKE objects", () => {
    for (const certMode of ["self-managed", "google-managed"] as const) {
        test(`${certMode}: every object is valid against its schema`, () => {
            for (const object of objectsOf(settingsOf({ certMode }))) validateObject(object);
        });
        test(`${certMode}: the objects obey the GKE Ingress controller's rules`, () => {
            assert.deepEqual(gkeRuleProblems(objectsOf(settingsOf({ certMode }))), []);
        });
    }

    test("BackendConfig: HTTP health check on 9091 /healthz", () => {
        const hc = spec(backendConfig(frontEndModel(settingsOf()), {})).healthCheck;
        assert.deepEqual([hc.type, hc.port, hc.requestPath], ["HTTP", 9091, "/healthz"]);
    });

    test("BackendConfig: backend timeout well above GKE's 30 s default", () => {
        assert.ok(spec(backendConfig(frontEndModel(settingsOf()), {})).timeoutSec >= 600);
    });

    test("BackendConfig: timeouts, draining and logging from the arguments", () => {
        const bc = spec(
            backendConfig(
                frontEndModel(settingsOf({ backendTimeoutSec: 900, drainingTimeoutSec: 30, logSampleRate: 0.25 })),
                {},
            ),
        );
        assert.equal(bc.timeoutSec, 900);
        assert.deepEqual(bc.connectionDraining, { drainingTimeoutSec: 30 });
        assert.deepEqual(bc.logging, { enable: true, sampleRate: 0.25 });
    });

    test("BackendConfig: draining on and logging on by default; logSampleRate 0 turns logging off", () => {
        const bc = spec(backendConfig(frontEndModel(settingsOf()), {}));
        assert.ok(bc.connectionDraining.drainingTimeoutSec > 0);
        assert.deepEqual(bc.logging, { enable: true, sampleRate: 1 });
        assert.equal(spec(backendConfig(frontEndModel(settingsOf({ logSampleRate: 0 })), {})).logging.enable, false);
    });

    test("BackendConfig: Cloud Armor attached by name only when there is a policy", () => {
        assert.deepEqual(spec(backendConfig(frontEndModel(settingsOf()), refs)).securityPolicy, {
            name: refs.securityPolicyName,
        });
        assert.deepEqual(
            spec(backendConfig(frontEndModel(settingsOf()), {})).securityPolicy,
            { name: "" },
            "an empty name detaches a policy attached before",
        );
    });

    test("FrontendConfig: applies the SSL policy by name, no HTTP redirect", () => {
        const s = settingsOf();
        const fc = frontendConfig(frontEndModel(s), refs);
        assert.deepEqual(
            [fc.apiVersion, fc.kind, fc.metadata.name],
            ["networking.gke.io/v1beta1", "FrontendConfig", s.frontendConfigName],
        );
        assert.deepEqual(fc.spec, { sslPolicy: refs.sslPolicyName });
    });

    test("Service annotations (chart values): NEG, HTTP2 keyed by port name, and the BackendConfig", () => {
        const s = settingsOf();
        const annotations = chartServiceOf(s).metadata.annotations ?? {};
        assert.deepEqual(JSON.parse(annotations["cloud.google.com/neg"]), { ingress: true });
        assert.deepEqual(JSON.parse(annotations["cloud.google.com/app-protocols"]), { milvus: "HTTP2" });
        assert.deepEqual(JSON.parse(annotations["cloud.google.com/backend-config"]), { default: s.backendConfigName });
        assert.equal(chartServiceOf(s).metadata.name, "my-release-milvus");
    });

    test("Ingress: the FrontendConfig and the reserved address by annotation", () => {
        const s = settingsOf();
        const annotations = ingress(frontEndModel(s), refs).metadata.annotations ?? {};
        assert.equal(annotations["networking.gke.io/v1beta1.FrontendConfig"], s.frontendConfigName);
        assert.equal(annotations["kubernetes.io/ingress.global-static-ip-name"], refs.staticIpName);
        assert.equal(
            ingress(frontEndModel(s), {}).metadata.annotations?.["kubernetes.io/ingress.global-static-ip-name"],
            undefined,
        );
    });

    test("Ingress: gce class by annotation, never ingressClassName", () => {
        const ing = ingress(frontEndModel(settingsOf()), refs);
        assert.equal(ing.metadata.annotations?.["kubernetes.io/ingress.class"], "gce");
        assert.equal(spec(ing).ingressClassName, undefined);
    });

    test("Ingress: port 80 closed", () =>
        assert.equal(
            ingress(frontEndModel(settingsOf()), refs).metadata.annotations?.["kubernetes.io/ingress.allow-http"],
            "false",
        ));

    test("Ingress: host rule on the domain, path / Prefix to the Milvus Service port 19530", () => {
        const [rule] = spec(ingress(frontEndModel(settingsOf()), refs)).rules;
        assert.equal(rule.host, "my-release.milvus.io");
        assert.deepEqual(rule.http.paths, [
            {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: "my-release-milvus", port: { number: 19530 } } },
            },
        ]);
    });

    test("Ingress: self-managed TLS comes from the front-end Secret", () => {
        const s = settingsOf();
        assert.deepEqual(spec(ingress(frontEndModel(s), refs)).tls, [
            { hosts: [s.domain], secretName: s.frontendTlsSecretName },
        ]);
        assert.equal(
            ingress(frontEndModel(s), refs).metadata.annotations?.["networking.gke.io/managed-certificates"],
            undefined,
        );
    });

    test("Ingress: google-managed TLS comes from the ManagedCertificate annotation", () => {
        const s = settingsOf({ certMode: "google-managed" });
        assert.equal(
            ingress(frontEndModel(s), refs).metadata.annotations?.["networking.gke.io/managed-certificates"],
            s.managedCertificateName,
        );
        assert.equal(spec(ingress(frontEndModel(s), refs)).tls, undefined);
        assert.deepEqual(spec(managedCertificate(frontEndModel(s))).domains, [s.domain]);
    });

    test("Ingress: clients dialling the IP reach Milvus through the defaultBackend unless serveAnyHost is false", () => {
        assert.deepEqual(spec(ingress(frontEndModel(settingsOf()), refs)).defaultBackend, {
            service: { name: "my-release-milvus", port: { number: 19530 } },
        });
        assert.equal(spec(ingress(frontEndModel(settingsOf({ serveAnyHost: false })), refs)).defaultBackend, undefined);
    });
});

describe("the GKE rule check catches each broken rule", () => {
    const broken: [string, (objects: KubeObject[]) => void, RegExp][] = [
        ["ingressClassName set", (o) => void (spec(o[3]).ingressClassName = "gce"), /ingressClassName/],
        [
            "no gce class annotation",
            (o) => void delete o[3].metadata.annotations?.["kubernetes.io/ingress.class"],
            /ingress\.class/,
        ],
        [
            "port 80 open",
            (o) => void (o[3].metadata.annotations!["kubernetes.io/ingress.allow-http"] = "yes"),
            /allow-http/,
        ],
        [
            "pre-shared and managed certificates together",
            (o) => {
                o[3].metadata.annotations!["networking.gke.io/managed-certificates"] = "x";
                o[3].metadata.annotations!["ingress.gcp.kubernetes.io/pre-shared-cert"] = "y";
            },
            /pre-shared-cert/,
        ],
        [
            "no certificate at all",
            (o) => void delete spec(o[3]).tls,
            /no certificate: with allow-http "false" the load balancer has no front end/,
        ],
        [
            "a host no certificate covers",
            (o) => void (spec(o[3]).rules[0].host = "other.example.com"),
            /covered by no certificate/,
        ],
        ["a TLS Secret of the wrong type", (o) => void (o[2].type = "Opaque"), /kubernetes\.io\/tls/],
        ["no NEG annotation", (o) => void delete o[1].metadata.annotations?.["cloud.google.com/neg"], /neg/],
        [
            "app-protocols keyed by port number",
            (o) => void (o[1].metadata.annotations!["cloud.google.com/app-protocols"] = '{"19530":"HTTP2"}'),
            /not a Service port name/,
        ],
        [
            "gRPC port not HTTP2",
            (o) => void (o[1].metadata.annotations!["cloud.google.com/app-protocols"] = '{"milvus":"HTTPS"}'),
            /HTTP2/,
        ],
        [
            "backend-config naming a missing BackendConfig",
            (o) => void (o[0].metadata.name = "renamed"),
            /not a BackendConfig/,
        ],
        [
            "no backend-config",
            (o) => void delete o[1].metadata.annotations?.["cloud.google.com/backend-config"],
            /must name a BackendConfig/,
        ],
        [
            "health check on a port the pod does not declare",
            (o) => void (spec(o[0]).healthCheck.port = 8080),
            /containerPort/,
        ],
        ["health check timeout above its interval", (o) => void (spec(o[0]).healthCheck.timeoutSec = 30), /timeoutSec/],
        [
            "Ingress to a port the Service lacks",
            (o) => void (spec(o[3]).rules[0].http.paths[0].backend.service.port.number = 443),
            /does not have/,
        ],
        [
            "IAP and CDN together",
            (o) => Object.assign(spec(o[0]), { iap: { enabled: true }, cdn: { enabled: true } }),
            /IAP and Cloud CDN/,
        ],
        [
            "a FrontendConfig that is not there",
            (o) => void (o[4].metadata.name = "renamed"),
            /FrontendConfig "my-release-milvus-frontend"/,
        ],
        [
            "an HTTPS redirect with port 80 closed",
            (o) => void (spec(o[4]).redirectToHttps = { enabled: true }),
            /redirectToHttps/,
        ],
        [
            "an empty static IP name",
            (o) => void (o[3].metadata.annotations!["kubernetes.io/ingress.global-static-ip-name"] = ""),
            /global-static-ip-name/,
        ],
        [
            "a draining timeout above GCP's 3600 s",
            (o) => void (spec(o[0]).connectionDraining.drainingTimeoutSec = 7200),
            /drainingTimeoutSec/,
        ],
        ["a log sample rate above 1", (o) => void (spec(o[0]).logging.sampleRate = 2), /sampleRate/],
        [
            "a Cloud Armor reference without a name",
            (o) => void (spec(o[0]).securityPolicy = {}),
            /securityPolicy\.name must name a Cloud Armor policy/,
        ],
        [
            "an empty SSL policy name",
            (o) => void (spec(o[4]).sslPolicy = ""),
            /sslPolicy must name a global SSL policy/,
        ],
        [
            "a backend Service that is not among the objects",
            (o) => void (o[1].metadata.name = "renamed"),
            /backend service "my-release-milvus" gets no load-balancer annotations/,
        ],
        [
            "app-protocols that is not JSON",
            (o) => void (o[1].metadata.annotations!["cloud.google.com/app-protocols"] = "milvus: HTTP2"),
            /app-protocols must be a JSON map/,
        ],
        [
            "app-protocols naming a protocol GKE does not know",
            (o) => void (o[1].metadata.annotations!["cloud.google.com/app-protocols"] = '{"milvus":"GRPC"}'),
            /"GRPC" is not HTTP, HTTPS or HTTP2/,
        ],
    ];
    for (const [what, breakIt, expected] of broken) {
        test(what, () => {
            const objects = structuredClone(objectsOf(settingsOf({ serveAnyHost: false })));
            breakIt(objects);
            assert.match(gkeRuleProblems(objects).join("\n"), expected);
        });
    }
    const brokenManaged: [string, (certificate: KubeObject) => void, RegExp][] = [
        ["a wildcard ManagedCertificate", (c) => void (spec(c).domains = ["*.milvus.io"]), /wildcards/],
        [
            "a ManagedCertificate that is not there",
            (c) => void (c.metadata.name = "renamed"),
            /managed certificate "my-release-milvus-cert" is not among the objects/,
        ],
        [
            "a ManagedCertificate with no domains",
            (c) => void (spec(c).domains = []),
            /spec\.domains must list 1 to 100 domains/,
        ],
        [
            "a ManagedCertificate with 101 domains",
            (c) => void (spec(c).domains = Array.from({ length: 101 }, (_, i) => `d${i}.milvus.io`)),
            /spec\.domains must list 1 to 100 domains/,
        ],
        [
            "a ManagedCertificate domain of 64 characters",
            (c) => void (spec(c).domains = [`${"a".repeat(54)}.milvus.io`]),
            /is longer than 63 characters/,
        ],
    ];
    for (const [what, breakIt, expected] of brokenManaged) {
        test(what, () => {
            const objects = structuredClone(objectsOf(settingsOf({ certMode: "google-managed" })));
            breakIt(objects[2]);
            assert.match(gkeRuleProblems(objects).join("\n"), expected);
        });
    }
});

describe("authentication (chart values)", () => {
    const envOf = (values: PlainObject, component: string) =>
        ((values[component] as PlainObject | undefined)?.extraEnv ?? []) as any[];

    for (const [milvusMode, components] of [
        ["cluster", ["mixCoordinator", "rootCoordinator"]],
        ["standalone", ["standalone"]],
    ] as const) {
        test(`${milvusMode}: the root coordinator gets the password from the Secret, by reference`, () => {
            const s = settingsOf({ milvusMode });
            const values = milvusHelmValues(s);
            for (const component of components) {
                assert.deepEqual(envOf(values, component), [
                    {
                        name: rootPasswordEnvName,
                        valueFrom: { secretKeyRef: { name: s.rootPasswordSecretName, key: "password" } },
                    },
                ]);
            }
        });
    }

    test("user.yaml turns authorization on", () => {
        const user = userYamlOf(milvusHelmValues(settingsOf()));
        assert.equal((user.common as any).security.authorizationEnabled, true);
        assert.equal(
            (user.common as any).security.defaultRootPassword,
            undefined,
            "the password is never in user.yaml",
        );
    });

    test("auth: false sets neither authorization nor the password variable", () => {
        const values = milvusHelmValues(settingsOf({ auth: false }));
        assert.equal((userYamlOf(values).common as any).security.authorizationEnabled, undefined);
        assert.equal(JSON.stringify(values).includes(rootPasswordEnvName), false);
    });

    test("the user's own extraEnv for the root coordinator is kept", () => {
        const mine = { name: "GODEBUG", value: "madvdontneed=1" };
        const values = milvusHelmValues(settingsOf({ helmValues: { mixCoordinator: { extraEnv: [mine] } } }));
        assert.deepEqual(
            envOf(values, "mixCoordinator").map((e) => e.name),
            ["GODEBUG", rootPasswordEnvName],
        );
    });
});

describe("the message queue is pinned to what chart 5.0.19 runs (a chart bump must not switch it under existing data)", () => {
    const switches = (values: PlainObject) =>
        Object.fromEntries(
            ["externalPulsar", "pulsar", "woodpecker", "pulsarv3", "externalKafka", "kafka"].map((n) => [
                n,
                (values[n] as PlainObject).enabled,
            ]),
        );

    test("cluster mode: Pulsar from the pulsarv3 sub-chart, every other switch off", () => {
        assert.deepEqual(switches(milvusHelmValues(settingsOf({ milvusMode: "cluster" }))), {
            externalPulsar: false,
            pulsar: false,
            woodpecker: false,
            pulsarv3: true,
            externalKafka: false,
            kafka: false,
        });
    });

    test("standalone mode: the embedded Woodpecker, every switch off", () => {
        const values = milvusHelmValues(settingsOf({ milvusMode: "standalone" }));
        assert.equal((values.standalone as PlainObject).messageQueue, "woodpecker");
        assert.ok(Object.values(switches(values)).every((on) => on === false));
    });

    test("a queue chosen in helmValues at install replaces the pin", () => {
        const values = milvusHelmValues(
            settingsOf({ helmValues: { pulsarv3: { enabled: false }, kafka: { enabled: true } } }),
        );
        assert.deepEqual([switches(values).pulsarv3, switches(values).kafka], [false, true]);
    });
});

describe("the internal Ingress (gce-internal)", () => {
    const internal = settingsOf({
        loadBalancerScope: "internal",
        region: "us-central1",
        network: "vpc-a",
        subnetwork: "nodes-a",
        proxyOnlySubnet: "proxy-only-a",
    });
    const internalRefs = { staticIpName: "milvus-ip-0a1b2c3" };
    const ing = () => ingress(frontEndModel(internal), internalRefs);

    test("every object is valid against its schema and obeys the GKE Ingress controller's rules", () => {
        for (const object of objectsOf(internal)) validateObject(object);
        assert.deepEqual(gkeRuleProblems(objectsOf(internal)), []);
    });

    test("class gce-internal, on the reserved regional address, with no FrontendConfig", () => {
        const annotations = ing().metadata.annotations;
        assert.equal(annotations["kubernetes.io/ingress.class"], "gce-internal");
        assert.equal(annotations["kubernetes.io/ingress.regional-static-ip-name"], internalRefs.staticIpName);
        assert.equal(annotations["kubernetes.io/ingress.global-static-ip-name"], undefined);
        assert.equal(annotations["networking.gke.io/v1beta1.FrontendConfig"], undefined);
        assert.equal(ing().spec.tls?.[0].secretName, internal.frontendTlsSecretName);
    });

    test("BackendConfig: no securityPolicy field at all, not even an empty name (it fails on a regional backend)", () => {
        const bc = backendConfig(frontEndModel(internal), { securityPolicyName: "armor" });
        assert.equal("securityPolicy" in bc.spec, false);
        assert.equal(spec(bc).healthCheck.port, 9091, "the rest of the BackendConfig is the external one's");
    });

    const broken: [string, (objects: KubeObject[]) => void, RegExp][] = [
        [
            "a securityPolicy with an empty name",
            (o) => void (spec(o[0]).securityPolicy = { name: "" }),
            /securityPolicy, even name "", fails on the internal load balancer/,
        ],
        [
            "a ManagedCertificate",
            (o) => void (o[3].metadata.annotations!["networking.gke.io/managed-certificates"] = "cert"),
            /managed certificate "cert" cannot serve the internal load balancer/,
        ],
        [
            "a FrontendConfig with an SSL policy",
            (o) => {
                o[3].metadata.annotations!["networking.gke.io/v1beta1.FrontendConfig"] = internal.frontendConfigName;
                o.push(frontendConfig(frontEndModel(internal), { sslPolicyName: "ssl" }));
            },
            /sslPolicy cannot apply to the internal load balancer/,
        ],
        [
            "the global static-IP annotation",
            (o) => {
                const annotations = o[3].metadata.annotations!;
                annotations["kubernetes.io/ingress.global-static-ip-name"] = "ip";
                delete annotations["kubernetes.io/ingress.regional-static-ip-name"];
            },
            /global-static-ip-name is not read for class gce-internal; use kubernetes\.io\/ingress\.regional-static-ip-name/,
        ],
    ];
    for (const [what, breakIt, expected] of broken) {
        test(`the rule check catches ${what}`, () => {
            const objects = structuredClone(objectsOf(internal));
            breakIt(objects);
            assert.match(gkeRuleProblems(objects).join("\n"), expected);
        });
    }
});
