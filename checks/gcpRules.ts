// Rules over the GCP resources the program creates, beside their SDK input types (which check shapes, as the schemas
// do for the Kubernetes objects): what Certificate Manager and the VPC firewall need for the front end to work. Each
// rule returns one message per breach, naming the resource.
import { authorizedDomain, googleHealthCheckRanges, proxyFirewallDescription } from "../components/gcpResources";
import { list, plain, type Plain } from "./lookup";
import { milvusBackendFacts, type BackendFacts } from "./milvusChart";
import type { GcpResource as RegisteredGcpResource } from "./objectStorageRules";

/** A GCP resource as registered (its type token and inputs), with the Pulumi name messages give when known. */
export type GcpResource = RegisteredGcpResource & { name?: string };

const ofType = (resources: readonly GcpResource[], type: string) => resources.filter((r) => r.type === type);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
const at = (r: GcpResource) => `${r.type.split(":").pop()} ${r.name ?? "(unnamed)"}`;

const types = {
    dnsAuthorization: "gcp:certificatemanager/dnsAuthorization:DnsAuthorization",
    certificate: "gcp:certificatemanager/certificate:Certificate",
    mapEntry: "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry",
    firewall: "gcp:compute/firewall:Firewall",
    subnetwork: "gcp:compute/subnetwork:Subnetwork",
};

/**
 * Each domain of a Google-managed Certificate Manager certificate is covered by a DNS authorization made with it (one
 * for the domain covers the domain and its wildcard): otherwise Google issues it only through load balancer
 * authorization, once DNS points at the load balancer, or, for a wildcard, never (Certificate Manager docs, "Domain
 * authorization").
 */
export function certificateAuthorizationProblems(resources: readonly GcpResource[]): string[] {
    const authorized = new Set(ofType(resources, types.dnsAuthorization).map((r) => String(r.inputs.domain)));
    return ofType(resources, types.certificate).flatMap((r) =>
        strings(plain(r.inputs.managed).domains)
            .filter((domain) => !authorized.has(authorizedDomain(domain)))
            .map((domain) => `${at(r)}: ${domain} has no DNS authorization for ${authorizedDomain(domain)}`),
    );
}

/**
 * Each certificate map entry serves a hostname that a certificate made with it covers: the load balancer presents the
 * entry's certificates to clients that ask for that hostname, and one for another name fails their TLS check
 * (Certificate Manager docs, "Certificate map entries").
 */
export function certificateMapEntryProblems(resources: readonly GcpResource[]): string[] {
    const covered = new Set(
        ofType(resources, types.certificate).flatMap((r) => strings(plain(r.inputs.managed).domains)),
    );
    return ofType(resources, types.mapEntry).flatMap((r) => {
        const hostname = r.inputs.hostname;
        if (typeof hostname !== "string" || hostname === "")
            return [`${at(r)}: needs the hostname it serves (the domain)`];
        return covered.has(hostname)
            ? []
            : [`${at(r)}: hostname ${hostname} is covered by no certificate made with it`];
    });
}

/**
 * A firewall rule made for the health checks lets in Google's health checkers only (35.191.0.0/16, 130.211.0.0/22:
 * Cloud Load Balancing docs, "Firewall rules") and, for an internal load balancer, its proxy-only subnet (the range
 * of the one made with it; one looked up is known only in a deployment, so then one range more in a rule described
 * as admitting those proxies), inbound, over TCP,
 * to the health-check port of the Milvus pods at least, and to no port the serving pods do not declare: a wider rule
 * would expose Milvus beside the load balancer.
 */
export function healthCheckFirewallProblems(
    resources: readonly GcpResource[],
    facts: BackendFacts = milvusBackendFacts,
    healthCheckPort = 9091,
): string[] {
    const proxyOnlyRanges = ofType(resources, types.subnetwork)
        .filter((r) => r.inputs.purpose === "REGIONAL_MANAGED_PROXY")
        .map((r) => String(r.inputs.ipCidrRange));
    return ofType(resources, types.firewall).flatMap((r) => {
        const sources = strings(r.inputs.sourceRanges);
        const allows: Plain[] = list(r.inputs.allows);
        const ports = allows.flatMap((a) => strings(a.ports));
        const problems: string[] = [];
        if (r.inputs.direction !== "INGRESS") problems.push(`${at(r)}: direction must be INGRESS`);
        const others = sources.filter((s) => !(googleHealthCheckRanges as readonly string[]).includes(s));
        // A rule made for an internal load balancer whose proxy-only subnet is looked up admits that one range.
        const lookedUp = proxyOnlyRanges.length === 0 && r.inputs.description === proxyFirewallDescription;
        const strays = lookedUp ? others.slice(1) : others.filter((s) => !proxyOnlyRanges.includes(s));
        if (sources.length === 0 || strays.length > 0)
            problems.push(
                `${at(r)}: sources must be Google's health-check ranges and the proxy-only subnet only (got ${sources.join(", ") || "none"})`,
            );
        if (allows.some((a) => a.protocol !== "tcp")) problems.push(`${at(r)}: allows only tcp`);
        if (!ports.includes(String(healthCheckPort)))
            problems.push(`${at(r)}: does not open the health-check port ${healthCheckPort}`);
        const stray = ports.filter((p) => !facts.containerPorts.map(String).includes(p));
        if (stray.length > 0)
            problems.push(
                `${at(r)}: opens ${stray.join(", ")}, not a port of the Milvus pods (${facts.containerPorts.join(", ")})`,
            );
        return problems;
    });
}

/** Every rule above over the GCP resources created together. */
export function gcpRuleProblems(resources: readonly GcpResource[]): string[] {
    return [
        ...certificateAuthorizationProblems(resources),
        ...certificateMapEntryProblems(resources),
        ...healthCheckFirewallProblems(resources),
    ];
}
