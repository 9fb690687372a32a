// The component in gateway mode under Pulumi's mocks: what it registers instead of the Ingress and its configs, with
// which inputs, parents, providers, dependencies and secrecy, and what it outputs.
import { deployed, plainStrings } from "./engine";
// The providers' modules, not the packages' indexes: typing @pulumi/gcp's index alone loads ~2,100 declaration files
// into the program `npm run check` builds (bench/results.md, "npm test").
import * as gcp from "@pulumi/gcp/provider";
import * as k8s from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { MilvusL7LoadBalancerArgs } from "../components";
import { isSecretValue, valueOf } from "../harness/engine";
import { assertValidObjects, byName, deploy, dependsOnOf, kubeObject, T, type Deployed } from "./deploy";

const viaGateway = (
    name: string,
    args: Partial<MilvusL7LoadBalancerArgs> = {},
    opts: pulumi.ComponentResourceOptions = {},
) => deploy(name, { loadBalancerApi: "gateway", network: "default", ...args }, opts);
const specOf = (d: Deployed, type: string) => kubeObject(d.one(type)).spec as Record<string, any>;
/** The objects a Gateway ignores (GKE docs): never made in gateway mode. */
const ingressOnly = [T.ingress, T.backendConfig, T.frontendConfig, T.managedCert];

describe("gateway mode, self-managed certificate", async () => {
    const d = await viaGateway("gw", { releaseName: "gw" });

    test("creates the Gateway, its route and policies once each, named <name>-<role>, and nothing of the Ingress", () => {
        const names = d.children.map((c) => `${c.type} ${c.name}`).sort();
        assert.deepEqual(
            names,
            [
                `${T.gateway} gw-gateway`,
                `${T.httpRoute} gw-route`,
                `${T.healthCheckPolicy} gw-health-check`,
                `${T.backendPolicy} gw-backend-policy`,
                `${T.gatewayPolicy} gw-gateway-policy`,
                `${T.release} gw-milvus`,
                `${T.servicePatch} gw-service`,
                `${T.secret} gw-backend-tls`,
                `${T.secret} gw-root-password`,
                `${T.password} gw-root-password`,
                `${T.address} gw-ip`,
                `${T.sslPolicy} gw-ssl-policy`,
                `${T.secret} gw-frontend-tls`,
                `${T.key} gw-backend-tls-key`,
                `${T.key} gw-frontend-tls-key`,
                `${T.cert} gw-backend-tls-cert`,
                `${T.cert} gw-frontend-tls-cert`,
                `${T.firewall} gw-health-check-fw`,
            ].sort(),
        );
        for (const type of [...ingressOnly, T.sslCertificate]) assert.equal(d.all(type).length, 0, type);
    });

    test("every child's parent is the component", () => {
        for (const c of d.children) assert.equal(c.parent, "milvus-l7:index:MilvusL7LoadBalancer::gw", c.name);
    });

    test("every Kubernetes object is valid against its schema and the GKE Ingress and Gateway rules", () =>
        assertValidObjects(d));

    test("the Gateway presents the front-end Secret and sits on the reserved address, by name", () => {
        const gateway = specOf(d, T.gateway);
        assert.deepEqual(gateway.listeners[0].tls.certificateRefs, [
            { group: "", kind: "Secret", name: kubeObject(byName(d, "gw-frontend-tls")).metadata.name },
        ]);
        assert.deepEqual(gateway.addresses, [{ type: "NamedAddress", value: deployed.autoName("gw-ip") }]);
        assert.ok(d.one(T.gateway).inputDependencies.includes(`${T.address}::gw-ip`));
    });

    test("the Gateway waits for its certificate, never for Milvus, nor for its route and policies, and Pulumi waits 30 minutes for it to be Programmed", () => {
        const gateway = d.one(T.gateway);
        // GKE reports on the route and the GCPGatewayPolicy only once the Gateway exists: waiting for them first would
        // wait forever.
        assert.deepEqual(dependsOnOf(gateway), ["gw-frontend-tls"]);
        assert.deepEqual(gateway.options.customTimeouts, { create: "30m", update: "30m" });
        assert.equal(kubeObject(gateway).metadata.annotations?.["pulumi.com/waitFor"], "condition=Programmed");
    });

    test("the route waits, up to 30 minutes, until the Gateway has Accepted it and resolved its backend (ResolvedRefs)", () => {
        const route = d.one(T.httpRoute);
        assert.deepEqual(JSON.parse(kubeObject(route).metadata.annotations?.["pulumi.com/waitFor"] ?? "null"), [
            'jsonpath={.status.parents[?(@.parentRef.name=="gw-milvus-l7")].conditions[?(@.type=="Accepted")].status}=True',
            'jsonpath={.status.parents[?(@.parentRef.name=="gw-milvus-l7")].conditions[?(@.type=="ResolvedRefs")].status}=True',
        ]);
        assert.deepEqual(route.options.customTimeouts, { create: "30m", update: "30m" });
    });

    test("each GKE policy waits, up to 30 minutes, until it is Attached", () => {
        for (const type of [T.healthCheckPolicy, T.backendPolicy, T.gatewayPolicy]) {
            assert.equal(
                kubeObject(d.one(type)).metadata.annotations?.["pulumi.com/waitFor"],
                "condition=Attached",
                type,
            );
            assert.deepEqual(d.one(type).options.customTimeouts, { create: "30m", update: "30m" }, type);
        }
    });

    test("a firewall rule in the cluster's network lets Google's health checkers reach the pods on 9091 and 19530, and only them", () => {
        const rule = d.one(T.firewall).rawInputs;
        assert.deepEqual(
            [rule.network, rule.direction, rule.sourceRanges, rule.allows],
            [
                "default",
                "INGRESS",
                ["35.191.0.0/16", "130.211.0.0/22"],
                [{ protocol: "tcp", ports: ["9091", "19530"] }],
            ],
        );
    });

    test("a replaced Gateway lets go of the reserved address first (one forwarding rule per address)", () => {
        assert.equal(d.one(T.gateway).options.deleteBeforeReplace, true);
    });

    test("the route and the policies wait for nothing: GKE reconciles them as their targets appear", () => {
        for (const type of [T.httpRoute, T.healthCheckPolicy, T.backendPolicy, T.gatewayPolicy])
            assert.deepEqual(dependsOnOf(d.one(type)), [], type);
    });

    test("the release waits only for what its pods read (no BackendConfig, nothing of the front end)", () => {
        assert.deepEqual(dependsOnOf(d.one(T.release)), ["gw-backend-tls", "gw-root-password"]);
    });

    test("the Service patch sets appProtocol HTTP2 on 19530 after the release, and carries no Ingress annotations", () => {
        const patch = kubeObject(d.one(T.servicePatch));
        assert.deepEqual((patch.spec as { ports: unknown }).ports, [
            { name: "milvus", port: 19530, protocol: "TCP", appProtocol: "HTTP2" },
        ]);
        assert.deepEqual(patch.metadata.annotations, { "pulumi.com/skipAwait": "true" });
        assert.deepEqual(dependsOnOf(d.one(T.servicePatch)), ["gw-milvus"]);
    });

    test("GCPGatewayPolicy applies the SSL policy (TLS 1.2, MODERN) to the Gateway by name", () => {
        assert.deepEqual(
            [d.one(T.sslPolicy).rawInputs.minTlsVersion, d.one(T.sslPolicy).rawInputs.profile],
            ["TLS_1_2", "MODERN"],
        );
        assert.equal(specOf(d, T.gatewayPolicy).default.sslPolicy, deployed.autoName("gw-ssl-policy"));
        assert.equal(specOf(d, T.gatewayPolicy).targetRef.name, kubeObject(d.one(T.gateway)).metadata.name);
    });

    test("GCPBackendPolicy: 600 s timeout, draining and every request logged (1,000,000 millionths), no Cloud Armor (the empty name)", () => {
        const policy = specOf(d, T.backendPolicy).default;
        assert.deepEqual(policy, {
            timeoutSec: 600,
            connectionDraining: { drainingTimeoutSec: 60 },
            logging: { enabled: true, sampleRate: 1_000_000 },
            securityPolicy: "",
        });
    });

    test("the front-end Secret's data is secret, and no private key appears outside a secret in any input", () => {
        assert.ok(isSecretValue(byName(d, "gw-frontend-tls").rawInputs.stringData));
        const keys = ["gw-backend-tls-key", "gw-frontend-tls-key"].map((n) => deployed.pem("RSA PRIVATE KEY", n));
        for (const c of d.children)
            for (const s of plainStrings(c.rawInputs))
                assert.ok(!keys.includes(s), `${c.name} carries a private key in clear`);
    });

    test("protected as in ingress mode: the release, the password and the address", () => {
        const protectedChildren = d.children.filter((c) => c.options.protect).map((c) => `${c.type} ${c.name}`);
        assert.deepEqual(
            protectedChildren.sort(),
            [
                `${T.address} gw-ip`,
                `${T.release} gw-milvus`,
                `${T.secret} gw-root-password`,
                `${T.password} gw-root-password`,
            ].sort(),
        );
    });

    test("outputs: the Gateway's status address, <domain>:443, the front-end certificate and a secret root password", async () => {
        assert.equal(await valueOf(d.component.loadBalancerIp), deployed.ingressIp);
        assert.equal(await valueOf(d.component.endpoint), "my-release.milvus.io:443");
        assert.equal(await valueOf(d.component.certificatePem), deployed.pem("CERTIFICATE", "gw-frontend-tls-cert"));
        assert.equal(await pulumi.isSecret(d.component.rootPassword), true);
    });
});

describe("gateway mode, google-managed certificate", async () => {
    const d = await viaGateway("gm", { releaseName: "gm", certMode: "google-managed", dnsZone: "zone" });

    test("a Compute ManagedSslCertificate for the domain, no ManagedCertificate and no front-end Secret", () => {
        assert.deepEqual(d.one(T.sslCertificate).rawInputs.managed, { domains: ["my-release.milvus.io"] });
        assert.equal(d.all(T.managedCert).length, 0, "the Gateway controller ignores ManagedCertificate");
        assert.equal(byName(d, "gm-frontend-tls"), undefined);
    });

    test("the Gateway names it as a pre-shared certificate and waits for it", () => {
        const tlsConfig = specOf(d, T.gateway).listeners[0].tls;
        assert.deepEqual(tlsConfig, {
            mode: "Terminate",
            options: { "networking.gke.io/pre-shared-certs": deployed.autoName("gm-ssl-cert") },
        });
        assert.ok(dependsOnOf(d.one(T.gateway)).includes("gm-ssl-cert"));
    });

    test("the certificate waits for nothing, so it can be issued as soon as DNS points at the address", () => {
        assert.deepEqual(dependsOnOf(d.one(T.sslCertificate)), []);
        assert.deepEqual(d.one(T.sslCertificate).inputDependencies, []);
    });

    test("the certificate's description never names the domain (a changed description would replace it)", () => {
        assert.ok(!String(d.one(T.sslCertificate).rawInputs.description).includes("milvus.io"));
    });

    test("the DNS record points at the reserved address at once, without waiting for the Gateway", () => {
        const record = d.one(T.dns);
        assert.deepEqual(record.rawInputs.rrdatas, [deployed.reservedIp]);
        assert.ok(!record.inputDependencies.includes(`${T.gateway}::gm-gateway`));
    });

    test("every Kubernetes object is valid against its schema and the GKE Ingress and Gateway rules", () =>
        assertValidObjects(d));

    test("certificatePem is undefined: clients use their system roots", async () => {
        assert.equal(await valueOf(d.component.certificatePem), undefined);
    });
});

describe("gateway mode with the production options", async () => {
    const d = await viaGateway("armor", {
        releaseName: "armor",
        allowedSourceRanges: ["203.0.113.0/24"],
        minTlsVersion: "TLS_1_3",
        backendTimeoutSec: 3000,
        drainingTimeoutSec: 10,
        logSampleRate: 0,
        serveAnyHost: false,
        staticIpName: "reserved",
    });

    test("the GCPBackendPolicy attaches the Cloud Armor policy by name, with the timeouts, logging off", () => {
        assert.deepEqual(specOf(d, T.backendPolicy).default, {
            timeoutSec: 3000,
            connectionDraining: { drainingTimeoutSec: 10 },
            logging: { enabled: false },
            securityPolicy: deployed.autoName("armor-security-policy"),
        });
    });

    test("TLS 1.3 uses the RESTRICTED profile", () => assert.equal(d.one(T.sslPolicy).rawInputs.profile, "RESTRICTED"));

    test("an existing address is named on the Gateway, which lets go of it before a replacement", () => {
        assert.deepEqual(specOf(d, T.gateway).addresses, [{ type: "NamedAddress", value: "reserved" }]);
        assert.equal(d.all(T.address).length, 0);
        assert.equal(d.one(T.gateway).options.deleteBeforeReplace, true);
    });

    test("serveAnyHost false: the listener and the route are for the domain", () => {
        assert.equal(specOf(d, T.gateway).listeners[0].hostname, "my-release.milvus.io");
        assert.deepEqual(specOf(d, T.httpRoute).hostnames, ["my-release.milvus.io"]);
    });

    test("every Kubernetes object is valid against its schema and the GKE Ingress and Gateway rules", () =>
        assertValidObjects(d));
});

describe("gateway mode without a reserved address", async () => {
    const d = await viaGateway("ephemeral", { releaseName: "ephemeral", createStaticIp: false });

    test("the Gateway has no addresses (GKE gives it an ephemeral IP), and may be replaced create-first", () => {
        assert.equal(specOf(d, T.gateway).addresses, undefined);
        assert.equal(d.one(T.gateway).options.deleteBeforeReplace, false);
    });

    test("loadBalancerIp comes from the Gateway's status", async () => {
        assert.equal(await valueOf(d.component.loadBalancerIp), deployed.ingressIp);
    });
});

describe("switching modes never changes the Milvus release (no data at risk)", async () => {
    const [ingressMode, gatewayMode] = await Promise.all([
        deploy("switch-a", { releaseName: "same" }),
        viaGateway("switch-b", { releaseName: "same", certMode: "google-managed" }),
    ]);
    test("identical release inputs in both modes", () => {
        assert.deepEqual(gatewayMode.one(T.release).rawInputs, ingressMode.one(T.release).rawInputs);
    });
    test("the same milvusHelmValues output", async () => {
        assert.deepEqual(
            await valueOf(gatewayMode.component.milvusHelmValues),
            await valueOf(ingressMode.component.milvusHelmValues),
        );
    });
});

describe("gateway mode, manageRelease: false", async () => {
    const d = await viaGateway("existing", { releaseName: "existing", manageRelease: false });
    test("the existing Service gets appProtocol before the Gateway is built", () => {
        assert.equal(d.all(T.release).length, 0);
        assert.ok(dependsOnOf(d.one(T.gateway)).includes("existing-service"));
        assert.deepEqual(dependsOnOf(d.one(T.servicePatch)), []);
    });
});

describe("gateway mode, providers", async () => {
    const kubernetes = new k8s.Provider("cluster-g", { context: "cluster-g" });
    const tlsProvider = new tls.Provider("tls-g", {});
    const gcpProvider = new gcp.Provider("project-g", { project: "project-g" });
    const randomProvider = new random.Provider("random-g", {});
    const d = await viaGateway(
        "routed",
        { releaseName: "routed", certMode: "google-managed", allowedSourceRanges: ["10.0.0.0/8"], dnsZone: "zone-g" },
        { providers: [kubernetes, tlsProvider, gcpProvider, randomProvider] },
    );
    test("every Kubernetes child uses the caller's kubernetes provider", () => {
        const kube = d.children.filter((c) => c.type.startsWith("kubernetes:"));
        assert.equal(kube.length, 9);
        for (const c of kube) assert.equal(c.provider, "pulumi:providers:kubernetes::cluster-g", c.name);
    });
    test("every GCP child, the managed certificate too, uses the caller's gcp provider", () => {
        const made = d.children.filter((c) => c.type.startsWith("gcp:"));
        assert.deepEqual(
            made.map((c) => c.type).sort(),
            [T.address, T.securityPolicy, T.sslPolicy, T.dns, T.sslCertificate, T.firewall].sort(),
        );
        for (const c of made) assert.equal(c.provider, "pulumi:providers:gcp::project-g", c.name);
    });
    test("every TLS child uses the caller's tls provider", () => {
        for (const c of d.children.filter((c) => c.type.startsWith("tls:")))
            assert.equal(c.provider, "pulumi:providers:tls::tls-g", c.name);
    });
});

describe("gateway mode, healthCheckFirewall false", async () => {
    const d = await viaGateway("nofw", { releaseName: "nofw", healthCheckFirewall: false, network: undefined });
    test("no firewall rule, and no network needed", () => assert.equal(d.all(T.firewall).length, 0));
});

describe("gateway mode, certificate-manager", async () => {
    const d = await viaGateway("cm", { releaseName: "cm", certMode: "certificate-manager", dnsZone: "example-zone" });

    test("a DNS authorization, a certificate using it, a map and its entry for the domain; no Compute certificate and no front-end Secret", () => {
        assert.equal(d.one(T.dnsAuthorization).rawInputs.domain, "my-release.milvus.io");
        const managed = d.one(T.cmCertificate).rawInputs.managed as { domains: string[]; dnsAuthorizations: unknown[] };
        assert.deepEqual(managed.domains, ["my-release.milvus.io"]);
        assert.ok(d.one(T.cmCertificate).inputDependencies.includes(`${T.dnsAuthorization}::cm-cert-auth`));
        const entry = d.one(T.certificateMapEntry);
        assert.equal(entry.rawInputs.hostname, "my-release.milvus.io");
        assert.ok(entry.inputDependencies.includes(`${T.certificateMap}::cm-cert-map`));
        assert.ok(entry.inputDependencies.includes(`${T.cmCertificate}::cm-managed-cert`));
        assert.equal(d.all(T.sslCertificate).length + d.all(T.managedCert).length, 0);
        assert.equal(byName(d, "cm-frontend-tls"), undefined);
    });

    test("the Gateway names the map by annotation, its listener has no tls (GKE: a certmap with tls.certificateRefs is an error), and it waits for the map's entry", () => {
        const gateway = kubeObject(d.one(T.gateway));
        assert.equal(gateway.metadata.annotations?.["networking.gke.io/certmap"], deployed.autoName("cm-cert-map"));
        assert.equal((gateway.spec as { listeners: Record<string, unknown>[] }).listeners[0].tls, undefined);
        assert.deepEqual(dependsOnOf(d.one(T.gateway)), ["cm-cert-map-entry"]);
    });

    test("with dnsZone, the authorization's CNAME record is made in the zone, waiting on no load balancer", () => {
        const records = d.all(T.dns).filter((r) => r.name === "cm-dns-authorization");
        assert.equal(records.length, 1);
        assert.equal(records[0].rawInputs.managedZone, "example-zone");
        assert.ok(records[0].inputDependencies.includes(`${T.dnsAuthorization}::cm-cert-auth`));
        assert.deepEqual(dependsOnOf(records[0]), []);
    });

    test("every Kubernetes object is valid against its schema and the GKE Ingress and Gateway rules", () =>
        assertValidObjects(d));

    test("certificatePem is undefined: clients use their system roots", async () => {
        assert.equal(await valueOf(d.component.certificatePem), undefined);
    });
});

describe("gateway mode, certificate-manager with a wildcard domain and no dnsZone", async () => {
    const d = await viaGateway("wild", { releaseName: "wild", domain: "*.milvus.io", certMode: "certificate-manager" });

    test("the authorization is for the domain the wildcard covers; the certificate and the map entry are for the wildcard", () => {
        assert.equal(d.one(T.dnsAuthorization).rawInputs.domain, "milvus.io");
        assert.deepEqual((d.one(T.cmCertificate).rawInputs.managed as { domains: string[] }).domains, ["*.milvus.io"]);
        assert.equal(d.one(T.certificateMapEntry).rawInputs.hostname, "*.milvus.io");
    });

    test("no DNS record is made: the record the user must create is the dnsAuthorizationRecord output", async () => {
        assert.equal(d.all(T.dns).length, 0);
        assert.equal(await valueOf(d.component.dnsAuthorizationRecord), "_acme-challenge.milvus.io. CNAME <computed>");
    });
});

describe("gateway mode, loadBalancerScope internal (gke-l7-rilb), certificate-manager", async () => {
    const d = await viaGateway("rilb", {
        releaseName: "rilb",
        loadBalancerScope: "internal",
        region: "europe-west4",
        network: "vpc-a",
        subnetwork: "nodes-a",
        proxyOnlySubnet: "proxy-only-a",
        certMode: "certificate-manager",
        minTlsVersion: "TLS_1_3",
        allowGlobalAccess: true,
        dnsZone: "private-zone",
    });

    test("a regional INTERNAL address and a regional SSL policy; no global address, SSL policy or certificate map", () => {
        assert.equal(d.one(T.internalAddress).rawInputs.addressType, "INTERNAL");
        assert.deepEqual(
            [d.one(T.regionSslPolicy).rawInputs.region, d.one(T.regionSslPolicy).rawInputs.minTlsVersion],
            ["europe-west4", "TLS_1_3"],
        );
        for (const type of [T.address, T.sslPolicy, T.certificateMap, T.certificateMapEntry, T.securityPolicy])
            assert.equal(d.all(type).length, 0, type);
    });

    test("the Gateway is gke-l7-rilb on the internal address, naming the regional certificate on its listener", () => {
        const gw = specOf(d, T.gateway);
        assert.equal(gw.gatewayClassName, "gke-l7-rilb");
        assert.deepEqual(gw.addresses, [{ type: "NamedAddress", value: "rilb-ip-0a1b2c3" }]);
        assert.deepEqual(gw.listeners[0].tls.options, {
            "networking.gke.io/cert-manager-certs": "rilb-managed-cert-0a1b2c3",
        });
        assertValidObjects(d);
    });

    test("the certificate and its DNS authorization are in the region", () => {
        assert.equal(d.one(T.cmCertificate).rawInputs.location, "europe-west4");
        assert.equal(d.one(T.dnsAuthorization).rawInputs.location, "europe-west4");
    });

    test("the GCPGatewayPolicy names the regional SSL policy and allows global access", () => {
        assert.deepEqual(specOf(d, T.gatewayPolicy).default, {
            sslPolicy: "rilb-ssl-policy-0a1b2c3",
            allowGlobalAccess: true,
        });
        assert.equal("securityPolicy" in specOf(d, T.backendPolicy).default, false);
    });

    test("the firewall admits the health checkers and the looked-up proxy-only subnet's range", () => {
        assert.deepEqual(d.one(T.firewall).rawInputs.sourceRanges, [
            "35.191.0.0/16",
            "130.211.0.0/22",
            deployed.existingSubnetRange,
        ]);
        assert.equal(d.one(T.firewall).rawInputs.network, "vpc-a");
    });
});
