// The gateway mode's plain objects, checked against the issue's design, the real schemas (@kubernetes-models/
// gateway-api, @kubernetes-models/gke) and the GKE Gateway rules: pure functions, no Pulumi engine involved.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chartService, gatewayRuleProblems, gkeRuleProblems, objectProblems, validateObject } from "../checks";
import { hostnamesIntersect } from "../checks/gatewayRules";
import type { MilvusL7LoadBalancerArgs } from "../components";
import {
    backendPolicy,
    gateway,
    gatewayClassName,
    gatewayPolicy,
    healthCheckPolicy,
    httpRoute,
    milvusServiceAppProtocolPatch,
    certificateManagerCertsOption,
    preSharedCertsOption,
} from "../components/gateway";
import type { KubeObject } from "../components/types";
import { milvusHelmValues } from "../components/chartValues";
import { frontEndModel } from "../components/frontEnd";
import { resolveSettings } from "../components/settings";
import { withPlainNames } from "./argumentProblems";
import type { MilvusL7Settings } from "../components/types";

const settingsOf = (args: Partial<MilvusL7LoadBalancerArgs> = {}): MilvusL7Settings<string> => {
    const { settings, problems } = resolveSettings({
        domain: "my-release.milvus.io",
        loadBalancerApi: "gateway",
        network: "default",
        ...args,
    });
    assert.deepEqual(problems, []);
    return withPlainNames(settings);
};

/** Names GCP gives the resources the objects point at. */
const refs = {
    staticIpName: "milvus-ip-0a1b2c3",
    sslPolicyName: "milvus-ssl-policy-0a1b2c3",
    securityPolicyName: "milvus-armor-0a1b2c3",
    sslCertificateName: "milvus-ssl-cert-0a1b2c3",
};

/** The objects applied together in gateway mode, by role, with the chart's Service and the front-end Secret's shape. */
function objectsOf(s: MilvusL7Settings<string>) {
    const frontendSecret = {
        apiVersion: "v1",
        kind: "Secret",
        type: "kubernetes.io/tls",
        metadata: { name: s.frontendTlsSecretName, namespace: s.namespace },
        stringData: { "tls.crt": "PEM", "tls.key": "PEM" },
    };
    return {
        chartService: chartService({ name: s.serviceName, namespace: s.namespace }, milvusHelmValues(s)),
        servicePatch: milvusServiceAppProtocolPatch(frontEndModel(s)) as KubeObject,
        ...(s.certMode === "self-managed" ? { frontendSecret } : {}),
        healthCheck: healthCheckPolicy(frontEndModel(s)) as KubeObject,
        backendPolicy: backendPolicy(frontEndModel(s), refs) as KubeObject,
        gatewayPolicy: gatewayPolicy(frontEndModel(s), refs) as KubeObject,
        gateway: gateway(frontEndModel(s), refs) as KubeObject,
        route: httpRoute(frontEndModel(s)) as KubeObject,
    };
}
type GatewayObjects = ReturnType<typeof objectsOf>;
const list = (o: GatewayObjects): KubeObject[] => Object.values(o);
const spec = (o: KubeObject) => o.spec as Record<string, any>;

describe("gateway-mode objects", () => {
    for (const certMode of ["self-managed", "google-managed"] as const) {
        const objects = objectsOf(settingsOf({ certMode, serveAnyHost: false }));
        test(`${certMode}: every object is valid against its schema`, () => {
            for (const object of list(objects)) validateObject(object);
        });
        test(`${certMode}: the objects obey the GKE Gateway rules, and the Ingress rules find nothing to check`, () => {
            assert.deepEqual(gatewayRuleProblems(list(objects)), []);
            assert.deepEqual(gkeRuleProblems(list(objects)), []);
        });
        test(`${certMode}: objectProblems (render's check) finds nothing`, () => {
            const { chartService: service, ...applied } = objects;
            assert.deepEqual(objectProblems(Object.values(applied) as KubeObject[], service), []);
        });
    }

    test("Service: appProtocol HTTP2 on the gRPC port, keyed by port and protocol for server-side apply, no await", () => {
        const patch = milvusServiceAppProtocolPatch(frontEndModel(settingsOf()));
        assert.deepEqual(patch.spec.ports, [{ name: "milvus", port: 19530, protocol: "TCP", appProtocol: "HTTP2" }]);
        assert.equal(patch.metadata.annotations["pulumi.com/skipAwait"], "true");
    });

    test("Gateway: class gke-l7-global-external-managed on the reserved address by name", () => {
        const gw = gateway(frontEndModel(settingsOf()), refs);
        assert.equal(gw.spec.gatewayClassName, gatewayClassName);
        assert.equal(gatewayClassName, "gke-l7-global-external-managed");
        assert.deepEqual(gw.spec.addresses, [{ type: "NamedAddress", value: refs.staticIpName }]);
        assert.equal(
            gateway(frontEndModel(settingsOf()), { ...refs, staticIpName: undefined }).spec.addresses,
            undefined,
            "no reserved address: an ephemeral IP",
        );
    });

    test("Gateway: one HTTPS listener on 443, no port-80 listener", () => {
        const listeners = gateway(frontEndModel(settingsOf()), refs).spec.listeners;
        assert.deepEqual(
            listeners.map((l) => [l.name, l.protocol, l.port]),
            [["https", "HTTPS", 443]],
        );
    });

    test("Gateway: self-managed TLS names the front-end Secret in the core group", () => {
        const s = settingsOf();
        assert.deepEqual(gateway(frontEndModel(s), refs).spec.listeners[0].tls, {
            mode: "Terminate",
            certificateRefs: [{ group: "", kind: "Secret", name: s.frontendTlsSecretName }],
        });
    });

    test("Gateway: google-managed TLS names the Compute certificate as a pre-shared certificate", () => {
        assert.deepEqual(
            gateway(frontEndModel(settingsOf({ certMode: "google-managed" })), refs).spec.listeners[0].tls,
            {
                mode: "Terminate",
                options: { [preSharedCertsOption]: refs.sslCertificateName },
            },
        );
        assert.equal(preSharedCertsOption, "networking.gke.io/pre-shared-certs");
    });

    test("Gateway: Pulumi waits until GKE has programmed it", () => {
        assert.equal(
            gateway(frontEndModel(settingsOf()), refs).metadata.annotations["pulumi.com/waitFor"],
            "condition=Programmed",
        );
    });

    test("serveAnyHost (default): neither the listener nor the route names a host, so clients dialling the IP are served", () => {
        const s = settingsOf();
        assert.equal("hostname" in gateway(frontEndModel(s), refs).spec.listeners[0], false);
        assert.equal("hostnames" in httpRoute(frontEndModel(s)).spec, false);
    });

    test("serveAnyHost false: the listener and the route are for the domain only", () => {
        const s = settingsOf({ serveAnyHost: false });
        assert.equal((gateway(frontEndModel(s), refs).spec.listeners[0] as { hostname?: string }).hostname, s.domain);
        assert.deepEqual((httpRoute(frontEndModel(s)).spec as { hostnames?: string[] }).hostnames, [s.domain]);
    });

    test("HTTPRoute: the https listener, PathPrefix / to the Milvus Service port 19530, no timeouts", () => {
        const s = settingsOf();
        const route = httpRoute(frontEndModel(s));
        assert.deepEqual(route.spec.parentRefs, [{ name: s.gatewayName, sectionName: "https" }]);
        assert.deepEqual(route.spec.rules, [
            {
                matches: [{ path: { type: "PathPrefix", value: "/" } }],
                backendRefs: [{ name: s.serviceName, port: 19530 }],
            },
        ]);
    });

    test("HealthCheckPolicy: HTTP /healthz on the fixed port 9091, targeting the Milvus Service", () => {
        const s = settingsOf();
        const policy = healthCheckPolicy(frontEndModel(s));
        assert.deepEqual(policy.spec.default.config, {
            type: "HTTP",
            httpHealthCheck: { portSpecification: "USE_FIXED_PORT", port: 9091, requestPath: "/healthz" },
        });
        assert.deepEqual(policy.spec.targetRef, { group: "", kind: "Service", name: s.serviceName });
    });

    test("GCPBackendPolicy: backend timeout, draining, logging in millionths and Cloud Armor by name", () => {
        const policy = backendPolicy(
            frontEndModel(settingsOf({ backendTimeoutSec: 900, drainingTimeoutSec: 30, logSampleRate: 0.25 })),
            refs,
        );
        assert.deepEqual(policy.spec.default, {
            timeoutSec: 900,
            connectionDraining: { drainingTimeoutSec: 30 },
            logging: { enabled: true, sampleRate: 250000 },
            securityPolicy: refs.securityPolicyName,
        });
    });

    test("GCPBackendPolicy: logSampleRate 0 turns logging off with no sampleRate; no policy, the empty name that detaches one", () => {
        const policy = backendPolicy(frontEndModel(settingsOf({ logSampleRate: 0 })), {
            securityPolicyName: undefined,
        });
        assert.deepEqual(policy.spec.default.logging, { enabled: false });
        // As for the Ingress's BackendConfig: leaving the field out is not documented to detach a policy attached before.
        assert.equal(policy.spec.default.securityPolicy, "");
    });

    test("GCPGatewayPolicy: the SSL policy by name on the Gateway", () => {
        const s = settingsOf();
        const policy = gatewayPolicy(frontEndModel(s), refs);
        assert.deepEqual(policy.spec, {
            default: { sslPolicy: refs.sslPolicyName },
            targetRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name: s.gatewayName },
        });
    });

    test("every object is in the Milvus namespace", () => {
        for (const object of list(objectsOf(settingsOf({ namespace: "vectors" }))))
            assert.equal(object.metadata.namespace, "vectors", object.kind);
    });
});

describe("the GKE Gateway rule check catches each broken rule", () => {
    const broken: [string, (o: GatewayObjects) => void, RegExp][] = [
        [
            "a health-check port without USE_FIXED_PORT",
            (o) => void (spec(o.healthCheck).default.config.httpHealthCheck.portSpecification = "USE_SERVING_PORT"),
            /only for portSpecification USE_FIXED_PORT/,
        ],
        [
            "a fixed port the pods do not declare",
            (o) => void (spec(o.healthCheck).default.config.httpHealthCheck.port = 8080),
            /containerPort/,
        ],
        [
            "a check block that does not match its type",
            (o) => void (spec(o.healthCheck).default.config.type = "HTTP2"),
            /must hold exactly http2HealthCheck/,
        ],
        [
            "a second check block",
            (o) => void (spec(o.healthCheck).default.config.tcpHealthCheck = {}),
            /must hold exactly httpHealthCheck/,
        ],
        [
            "a health-check timeout above its interval",
            (o) => void (spec(o.healthCheck).default.timeoutSec = 30),
            /exceeds checkIntervalSec/,
        ],
        [
            "a timeout above the default interval (5 s)",
            (o) => {
                delete spec(o.healthCheck).default.checkIntervalSec;
                spec(o.healthCheck).default.timeoutSec = 6;
            },
            /exceeds checkIntervalSec 5/,
        ],
        [
            "two GCPBackendPolicies for one Service",
            (o) =>
                Object.assign(o, {
                    second: { ...o.backendPolicy, metadata: { ...o.backendPolicy.metadata, name: "other" } },
                }),
            /GKE attaches only one/,
        ],
        [
            "a policy in another namespace than its Service",
            (o) => void (o.backendPolicy.metadata.namespace = "elsewhere"),
            /not in its namespace/,
        ],
        [
            "a policy aiming across namespaces",
            (o) => void (spec(o.healthCheck).targetRef.namespace = "elsewhere"),
            /must be in its target's namespace/,
        ],
        [
            "a GCPGatewayPolicy aimed at a Service",
            (o) => void (spec(o.gatewayPolicy).targetRef = { group: "", kind: "Service", name: "x" }),
            /must be a Gateway/,
        ],
        [
            "a fractional log sample rate",
            (o) => void (spec(o.backendPolicy).default.logging.sampleRate = 0.25),
            /whole number of millionths/,
        ],
        [
            "a sample rate with logging off",
            (o) => void (spec(o.backendPolicy).default.logging.enabled = false),
            /only allowed with logging\.enabled/,
        ],
        [
            "a certificateRef outside the core group",
            (o) => void (spec(o.gateway).listeners[0].tls.certificateRefs[0].group = "networking.gke.io"),
            /group "" kind Secret/,
        ],
        [
            "a certificateRef to a ManagedCertificate",
            (o) => void (spec(o.gateway).listeners[0].tls.certificateRefs[0].kind = "ManagedCertificate"),
            /group "" kind Secret/,
        ],
        [
            "a certificateRef to a missing Secret",
            (o) => void (spec(o.gateway).listeners[0].tls.certificateRefs[0].name = "missing"),
            /no kubernetes\.io\/tls Secret/,
        ],
        ["an HTTPS listener without tls", (o) => void delete spec(o.gateway).listeners[0].tls, /needs tls/],
        [
            "Terminate without a certificate",
            (o) => void (spec(o.gateway).listeners[0].tls.certificateRefs = []),
            /needs certificateRefs or options/,
        ],
        [
            "a port-80 listener",
            (o) => void (spec(o.gateway).listeners as unknown[]).push({ name: "http", protocol: "HTTP", port: 80 }),
            /only HTTPS listeners/,
        ],
        [
            "route hostnames outside the listener's",
            (o) => void (spec(o.route).hostnames = ["other.example.com"]),
            /do not intersect/,
        ],
        [
            "a route to a listener the Gateway lacks",
            (o) => void (spec(o.route).parentRefs[0].sectionName = "http"),
            /has no listener "http"/,
        ],
        [
            "a route to a Gateway that is not there",
            (o) => void (spec(o.route).parentRefs[0].name = "missing"),
            /parentRef Gateway "missing"/,
        ],
        [
            "route timeouts",
            (o) => void (spec(o.route).rules[0].timeouts = { request: "600s" }),
            /rules\[0\]\.timeouts is refused/,
        ],
        [
            "a gRPC port without appProtocol HTTP2",
            (o) => void (spec(o.servicePatch).ports[0].appProtocol = "HTTPS"),
            /appProtocol must be HTTP2/,
        ],
        [
            "a route to a port the Service lacks",
            (o) => void (spec(o.route).rules[0].backendRefs[0].port = 443),
            /no such port/,
        ],
    ];
    for (const [what, breakIt, expected] of broken) {
        test(what, () => {
            const objects = structuredClone(objectsOf(settingsOf({ serveAnyHost: false })));
            breakIt(objects);
            assert.match(gatewayRuleProblems(list(objects)).join("\n"), expected);
        });
    }
    test("google-managed: an empty pre-shared certificate name", () => {
        const objects = structuredClone(objectsOf(settingsOf({ certMode: "google-managed" })));
        spec(objects.gateway).listeners[0].tls.options[preSharedCertsOption] = "";
        assert.match(gatewayRuleProblems(list(objects)).join("\n"), /must name something/);
    });
});

describe("hostname intersection (Gateway API hostname matching)", () => {
    const cases: [string, string, boolean][] = [
        ["a.example.com", "a.example.com", true],
        ["a.example.com", "b.example.com", false],
        ["*.example.com", "a.example.com", true],
        ["a.example.com", "*.example.com", true],
        ["*.example.com", "*.a.example.com", true],
        ["*.example.com", "example.com", false],
        ["*.example.com", "a.example.org", false],
    ];
    for (const [a, b, expected] of cases)
        test(`${a} and ${b}: ${expected}`, () => assert.equal(hostnamesIntersect(a, b), expected));
});

describe("gateway-mode settings", () => {
    test("loadBalancerApi must be ingress or gateway, named in the error", () => {
        const { problems } = resolveSettings({ domain: "my-release.milvus.io", loadBalancerApi: "gatway" as never });
        assert.deepEqual(
            problems.map((p) => p.key),
            ["loadBalancerApi"],
        );
        assert.match(problems[0].message, /"ingress", "gateway"/);
    });

    test("a log sample rate below one in a million is refused in gateway mode only", () => {
        const gatewayMode = resolveSettings({
            domain: "my-release.milvus.io",
            loadBalancerApi: "gateway",
            network: "default",
            logSampleRate: 1e-7,
        });
        assert.deepEqual(
            gatewayMode.problems.map((p) => p.key),
            ["logSampleRate"],
        );
        assert.deepEqual(resolveSettings({ domain: "my-release.milvus.io", logSampleRate: 1e-7 }).problems, []);
    });

    test("google-managed keeps its rules in gateway mode: no wildcard domain", () => {
        const { problems } = resolveSettings({
            domain: "*.milvus.io",
            loadBalancerApi: "gateway",
            network: "default",
            certMode: "google-managed",
        });
        assert.deepEqual(
            problems.map((p) => p.key),
            ["domain"],
        );
    });

    test("certificate-manager is refused in ingress mode, saying why and what to use", () => {
        const { problems } = resolveSettings({ domain: "my-release.milvus.io", certMode: "certificate-manager" });
        assert.deepEqual(
            problems.map((p) => p.key),
            ["certMode"],
        );
        assert.match(
            problems[0].message,
            /needs loadBalancerApi "gateway": a GKE Ingress cannot serve a Certificate Manager certificate map; use "google-managed"/,
        );
    });

    test("certificate-manager takes a wildcard domain in gateway mode (DNS authorization covers it)", () => {
        assert.deepEqual(
            settingsOf({ domain: "*.milvus.io", certMode: "certificate-manager" }).certMode,
            "certificate-manager",
        );
    });

    test("gateway mode needs the cluster's network for the health-check firewall rule, named in the error with how to find it", () => {
        const { problems } = resolveSettings({ domain: "my-release.milvus.io", loadBalancerApi: "gateway" });
        assert.deepEqual(
            problems.map((p) => p.key),
            ["network"],
        );
        assert.match(
            problems[0].message,
            /required in gateway mode while healthCheckFirewall is on.*gcloud container clusters describe.*healthCheckFirewall false/,
        );
    });

    test("without the firewall rule, gateway mode needs no network", () => {
        assert.deepEqual(
            resolveSettings({ domain: "my-release.milvus.io", loadBalancerApi: "gateway", healthCheckFirewall: false })
                .problems,
            [],
        );
    });

    test("network is refused in ingress mode, where nothing would use it", () => {
        const { problems } = resolveSettings({ domain: "my-release.milvus.io", network: "default" });
        assert.deepEqual(
            problems.map((p) => p.key),
            ["network"],
        );
        assert.match(problems[0].message, /only used in gateway mode/);
    });

    test("the Helm values are the same in both modes: switching never touches the release", () => {
        const ingressMode = resolveSettings({ domain: "my-release.milvus.io" }).settings;
        assert.deepEqual(milvusHelmValues(settingsOf()), milvusHelmValues(ingressMode));
    });
});

describe("the internal Gateway (gke-l7-rilb)", () => {
    const internalArgs = {
        loadBalancerScope: "internal",
        region: "us-central1",
        network: "vpc-a",
        subnetwork: "nodes-a",
        proxyOnlySubnet: "proxy-only-a",
    } as const;
    const internal = (args: Partial<MilvusL7LoadBalancerArgs> = {}) => settingsOf({ ...internalArgs, ...args });
    const internalRefs = { ...refs, securityPolicyName: undefined, certificateName: "milvus-managed-cert-0a1b2c3" };
    const objectsOfInternal = (s: MilvusL7Settings<string>) => {
        const objects = objectsOf(s);
        return {
            ...objects,
            backendPolicy: backendPolicy(frontEndModel(s), internalRefs) as KubeObject,
            gateway: gateway(frontEndModel(s), internalRefs) as KubeObject,
        };
    };

    for (const certMode of ["self-managed", "certificate-manager"] as const) {
        test(`${certMode}: every object is valid against its schema and obeys the GKE Gateway rules`, () => {
            const objects = objectsOfInternal(internal({ certMode }));
            for (const object of list(objects)) validateObject(object);
            assert.deepEqual(gatewayRuleProblems(list(objects)), []);
            const { chartService: service, ...applied } = objects;
            assert.deepEqual(objectProblems(Object.values(applied) as KubeObject[], service), []);
        });
    }

    test("class gke-l7-rilb on the reserved internal address, as a NamedAddress", () => {
        const gw = gateway(frontEndModel(internal()), internalRefs);
        assert.equal(gw.spec.gatewayClassName, "gke-l7-rilb");
        assert.deepEqual(gw.spec.addresses, [{ type: "NamedAddress", value: refs.staticIpName }]);
    });

    test("certificate-manager: the listener names the regional certificate in cert-manager-certs, no certificate map", () => {
        const gw = gateway(frontEndModel(internal({ certMode: "certificate-manager" })), internalRefs);
        assert.deepEqual(gw.spec.listeners[0].tls, {
            mode: "Terminate",
            options: { [certificateManagerCertsOption]: internalRefs.certificateName },
        });
        assert.equal(gw.metadata.annotations["networking.gke.io/certmap" as never], undefined);
    });

    test("GCPGatewayPolicy: the regional SSL policy by name, and allowGlobalAccess as given, false written too", () => {
        assert.deepEqual(spec(gatewayPolicy(frontEndModel(internal()), refs) as KubeObject).default, {
            sslPolicy: refs.sslPolicyName,
            allowGlobalAccess: false,
        });
        assert.equal(
            spec(gatewayPolicy(frontEndModel(internal({ allowGlobalAccess: true })), refs) as KubeObject).default
                .allowGlobalAccess,
            true,
        );
        assert.equal(
            "allowGlobalAccess" in spec(gatewayPolicy(frontEndModel(settingsOf()), refs) as KubeObject).default,
            false,
        );
    });

    test("GCPBackendPolicy: no securityPolicy field at all", () => {
        assert.equal(
            "securityPolicy" in spec(backendPolicy(frontEndModel(internal()), refs) as KubeObject).default,
            false,
        );
    });

    const broken: [string, (o: ReturnType<typeof objectsOfInternal>) => void, RegExp][] = [
        [
            "an IPAddress in place of the reserved address",
            (o) => void (spec(o.gateway).addresses = [{ type: "IPAddress", value: "10.0.0.9" }]),
            /address type IPAddress; use a NamedAddress/,
        ],
        [
            "a global SSL policy's path",
            (o) => void (spec(o.gatewayPolicy).default.sslPolicy = "projects/p/global/sslPolicies/x"),
            /is global; an internal Gateway takes a regional SSL policy/,
        ],
        [
            "allowGlobalAccess on an external Gateway",
            (o) => void (spec(o.gateway).gatewayClassName = gatewayClassName),
            /allowGlobalAccess applies to an internal \(gke-l7-rilb\) Gateway only/,
        ],
        [
            "a certificate map",
            (o) => void (o.gateway.metadata.annotations!["networking.gke.io/certmap"] = "m"),
            /is regional; only global Gateways take a certificate map/,
        ],
    ];
    for (const [what, breakIt, expected] of broken) {
        test(`the rule check catches ${what}`, () => {
            const objects = structuredClone(objectsOfInternal(internal()));
            breakIt(objects);
            assert.match(gatewayRuleProblems(list(objects)).join("\n"), expected);
        });
    }
});
