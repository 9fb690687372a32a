// The rules for the objects certificate-manager mode and the health-check firewall add: what the component builds
// passes, and each breach is refused naming the resource or object (checks/gcpRules.ts, checks/gatewayRules.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
    certificateAuthorizationProblems,
    certificateMapEntryProblems,
    gcpRuleProblems,
    healthCheckFirewallProblems,
    type GcpResource,
} from "../checks/gcpRules";
import { certificateMapProblems, listenerTlsProblems } from "../checks/gatewayRules";
import { gateway } from "../components/gateway";
import { frontEndModel } from "../components/frontEnd";
import {
    certificateManagerCertificateArgs,
    certificateMapEntryArgs,
    dnsAuthorizationArgs,
    healthCheckFirewallArgs,
} from "../components/gcpResources";
import { resolveSettings } from "../components/settings";
import type { KubeObject } from "../components/types";

const T = {
    dnsAuthorization: "gcp:certificatemanager/dnsAuthorization:DnsAuthorization",
    certificate: "gcp:certificatemanager/certificate:Certificate",
    mapEntry: "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry",
    firewall: "gcp:compute/firewall:Firewall",
    subnetwork: "gcp:compute/subnetwork:Subnetwork",
};
const resource = (type: string, name: string, inputs: object): GcpResource => ({
    type,
    name,
    inputs: inputs as Record<string, unknown>,
});

/** What the component creates for a domain in certificate-manager mode, with the firewall rule. */
function built(domain: string): GcpResource[] {
    return [
        resource(T.dnsAuthorization, "m-cert-auth", dnsAuthorizationArgs({ domain })),
        resource(T.certificate, "m-managed-cert", certificateManagerCertificateArgs({ domain }, ["<id>"])),
        resource(T.mapEntry, "m-cert-map-entry", { ...certificateMapEntryArgs({ domain }), map: "m-cert-map" }),
        resource(T.firewall, "m-health-check-fw", healthCheckFirewallArgs("default", [9091, 19530])),
    ];
}

describe("Certificate Manager and firewall rules", () => {
    for (const domain of ["milvus.example.com", "*.example.com"]) {
        test(`what the component builds for ${domain} passes every rule`, () =>
            assert.deepEqual(gcpRuleProblems(built(domain)), []));
    }

    test("a certificate for a domain no DNS authorization covers is refused", () => {
        const resources = [
            resource(T.dnsAuthorization, "a", { domain: "other.example.com" }),
            resource(T.certificate, "c", { managed: { domains: ["*.example.com"] } }),
        ];
        assert.deepEqual(certificateAuthorizationProblems(resources), [
            "Certificate c: *.example.com has no DNS authorization for example.com",
        ]);
    });

    test("a map entry without a hostname, or for a name no certificate covers, is refused", () => {
        const certificate = resource(T.certificate, "c", { managed: { domains: ["milvus.example.com"] } });
        assert.deepEqual(certificateMapEntryProblems([certificate, resource(T.mapEntry, "e", { map: "m" })]), [
            "CertificateMapEntry e: needs the hostname it serves (the domain)",
        ]);
        assert.match(
            certificateMapEntryProblems([
                certificate,
                resource(T.mapEntry, "e", { hostname: "other.example.com" }),
            ]).join(),
            /covered by no certificate/,
        );
    });

    test("a firewall rule that lets in anyone else, opens another port or misses the health-check port is refused", () => {
        const rule = (inputs: object) => [
            resource(T.firewall, "f", { ...healthCheckFirewallArgs("default", [9091, 19530]), ...inputs }),
        ];
        assert.match(
            healthCheckFirewallProblems(rule({ sourceRanges: ["0.0.0.0/0"] })).join(),
            /Google's health-check ranges and the proxy-only subnet only \(got 0\.0\.0\.0\/0\)/,
        );
        assert.match(
            healthCheckFirewallProblems(rule({ allows: [{ protocol: "tcp", ports: ["19530", "2379"] }] })).join("\n"),
            /does not open the health-check port 9091[\s\S]*opens 2379/,
        );
        assert.match(healthCheckFirewallProblems(rule({ direction: "EGRESS" })).join(), /INGRESS/);
    });

    test("an internal load balancer's rule admits its proxy-only subnet, and nothing else", () => {
        const proxyOnly = resource(T.subnetwork, "p", {
            purpose: "REGIONAL_MANAGED_PROXY",
            ipCidrRange: "10.129.0.0/23",
        });
        const internalRule = (ranges: string[]) =>
            resource(T.firewall, "f", healthCheckFirewallArgs("default", [9091, 19530], ranges));
        assert.deepEqual(healthCheckFirewallProblems([proxyOnly, internalRule(["10.129.0.0/23"])]), []);
        assert.match(
            healthCheckFirewallProblems([proxyOnly, internalRule(["10.0.0.0/8"])]).join(),
            /proxy-only subnet only \(got .*10\.0\.0\.0\/8\)/,
        );
        assert.deepEqual(healthCheckFirewallProblems([internalRule(["10.130.0.0/23"])]), [], "a looked-up subnet");
        assert.match(
            healthCheckFirewallProblems([internalRule(["10.130.0.0/23", "0.0.0.0/0"])]).join(),
            /proxy-only subnet only/,
        );
        assert.match(
            healthCheckFirewallProblems([
                resource(T.firewall, "f", {
                    ...healthCheckFirewallArgs("default", [9091]),
                    sourceRanges: ["35.191.0.0/16", "0.0.0.0/0"],
                }),
            ]).join(),
            /proxy-only subnet only/,
            "a rule not made for the proxies admits no other range",
        );
    });
});

describe("a Gateway with a certificate map", () => {
    const { settings } = resolveSettings({
        domain: "milvus.example.com",
        loadBalancerApi: "gateway",
        network: "default",
        certMode: "certificate-manager",
    });
    const built = gateway(frontEndModel(settings), { certificateMapName: "m-cert-map" }) as KubeObject;

    test("as built: the annotation, a listener without tls, and no problem", () => {
        assert.equal(built.metadata.annotations?.["networking.gke.io/certmap"], "m-cert-map");
        assert.deepEqual([...certificateMapProblems([built]), ...listenerTlsProblems([built])], []);
    });

    test("certificateRefs beside the map are refused (GKE treats them as an error)", () => {
        const spec = built.spec as { listeners: object[] };
        const both = {
            ...built,
            spec: {
                ...spec,
                listeners: [
                    {
                        ...spec.listeners[0],
                        tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "s" }] },
                    },
                ],
            },
        };
        assert.match(certificateMapProblems([both]).join(), /gives certificates beside the certificate map m-cert-map/);
    });

    test("a regional class or an empty map name is refused", () => {
        assert.match(
            certificateMapProblems([
                { ...built, spec: { ...(built.spec as object), gatewayClassName: "gke-l7-regional-external-managed" } },
            ]).join(),
            /regional/,
        );
        assert.match(
            certificateMapProblems([
                { ...built, metadata: { ...built.metadata, annotations: { "networking.gke.io/certmap": "" } } },
            ]).join(),
            /must name a certificate map/,
        );
    });

    test("without the map, an HTTPS listener without tls is still refused", () => {
        const annotations = Object.fromEntries(
            Object.entries(built.metadata.annotations ?? {}).filter(([key]) => key !== "networking.gke.io/certmap"),
        );
        assert.match(
            listenerTlsProblems([{ ...built, metadata: { ...built.metadata, annotations } }]).join(),
            /needs tls/,
        );
    });
});
