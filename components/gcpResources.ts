import { rangesPerRule } from "./limits";
import type { MilvusL7Settings, MinTlsVersion, StringOrOutput } from "./types";

/**
 * The SSL policy for a minimum TLS version. GCP pairs TLS 1.2 with the MODERN profile (no legacy ciphers, TLS 1.2
 * clients still served) and uses RESTRICTED for TLS 1.3 (the strictest cipher set); GCP SSL policies docs.
 */
export function sslPolicyArgs(s: Pick<MilvusL7Settings, "minTlsVersion">): {
    minTlsVersion: MinTlsVersion;
    profile: "MODERN" | "RESTRICTED";
    description: string;
} {
    // A constant description: GCP cannot update it in place, and a replaced policy is deleted while in use.
    return {
        minTlsVersion: s.minTlsVersion,
        profile: s.minTlsVersion === "TLS_1_3" ? "RESTRICTED" : "MODERN",
        description: "Milvus front end",
    };
}

/** The default rule of every Cloud Armor policy: the lowest priority, matching everything. */
export const defaultRulePriority = 2147483647;
/** The allow rules start here and count up, well above the default rule. */
const firstAllowPriority = 1000;

export interface SecurityPolicyRule {
    action: string;
    priority: number;
    description: string;
    match: { versionedExpr: "SRC_IPS_V1"; config: { srcIpRanges: string[] } };
}

/**
 * Cloud Armor rules that allow exactly `ranges` (chunked, {@link rangesPerRule} a rule) and deny every other client
 * with 403 at the default rule. The default rule must be part of the list: a policy created without one gets an
 * implicit "allow all".
 */
export function securityPolicyRules(ranges: readonly string[]): SecurityPolicyRule[] {
    const allow: SecurityPolicyRule[] = [];
    for (let i = 0; i < ranges.length; i += rangesPerRule) {
        allow.push({
            action: "allow",
            priority: firstAllowPriority + allow.length,
            description: `allowed clients ${i + 1}-${Math.min(i + rangesPerRule, ranges.length)}`,
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ranges.slice(i, i + rangesPerRule) } },
        });
    }
    return [
        ...allow,
        {
            action: "deny(403)",
            priority: defaultRulePriority,
            description: "every other client",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
        },
    ];
}

/** TTL of the A record: short enough that a changed address is seen within minutes. */
export const dnsTtlSeconds = 300;

/** The A record for the domain in the Cloud DNS zone (its `rrdatas`, the IP, come from the address). */
export function dnsRecordArgs<Zone extends StringOrOutput>(
    s: Pick<MilvusL7Settings, "domain"> & { dnsZone: Zone },
): {
    managedZone: Zone;
    name: string;
    type: "A";
    ttl: number;
} {
    // Cloud DNS names are absolute: the trailing dot is required.
    return { managedZone: s.dnsZone, name: `${s.domain}.`, type: "A", ttl: dnsTtlSeconds };
}

/** Deletion policy of the reserved address: PREVENT makes the provider refuse to delete it while protected. */
export function addressDeletionPolicy(s: Pick<MilvusL7Settings, "protect">): "PREVENT" | "DELETE" {
    return s.protect ? "PREVENT" : "DELETE";
}

/**
 * The regional INTERNAL address of the internal load balancer, in the cluster's subnet (GKE docs, "Ingress for internal
 * Application Load Balancers", static IP: `gcloud compute addresses create --region --subnet`). Its description is
 * constant for the reason the global address's is.
 */
export function internalAddressArgs<Ref = string>(
    s: Pick<MilvusL7Settings, "protect"> & { region: string },
    subnetwork: Ref,
) {
    return {
        addressType: "INTERNAL" as const,
        region: s.region,
        subnetwork,
        description: "Load balancer of Milvus",
        deletionPolicy: addressDeletionPolicy(s),
    };
}

/**
 * The proxy-only subnet the regional Envoy-based load balancers of `network` in `region` run their proxies in
 * (purpose REGIONAL_MANAGED_PROXY, role ACTIVE: GCP docs, "Proxy-only subnets for Envoy-based load balancers";
 * ingress-gce pkg/loadbalancers/features/l7ilb.go looks it up by that purpose). A constant description, as changing
 * it would replace the subnet every regional load balancer of the VPC uses.
 */
export function proxyOnlySubnetArgs<Ref = string>(s: { region: string; proxyOnlySubnetCidr: string }, network: Ref) {
    return {
        network,
        region: s.region,
        ipCidrRange: s.proxyOnlySubnetCidr,
        purpose: "REGIONAL_MANAGED_PROXY" as const,
        role: "ACTIVE" as const,
        description: "Proxies of regional internal load balancers (Milvus front end)",
    };
}

/**
 * The Google-managed Compute SSL certificate the Gateway names in gateway mode (the Gateway controller ignores the
 * ManagedCertificate resource). A constant description: a changed one would replace the certificate.
 */
export function managedSslCertificateArgs(s: Pick<MilvusL7Settings, "domain">): {
    description: string;
    managed: { domains: string[] };
} {
    return { description: "Milvus front end", managed: { domains: [s.domain] } };
}

/**
 * The domain a Certificate Manager DNS authorization is for: the domain itself, or for `*.example.com` the
 * `example.com` it covers. One authorization covers a domain and its wildcard (Certificate Manager docs, "Domain
 * authorization": DNS authorization supports wildcard certificates).
 */
export function authorizedDomain(domain: string): string {
    return domain.startsWith("*.") ? domain.slice(2) : domain;
}

/**
 * A Certificate Manager DNS authorization for the domain: Google gives a CNAME record (`_acme-challenge.<domain>.`) that
 * proves control of the domain, so the certificate is issued before, and independently of, the load balancer.
 */
export function dnsAuthorizationArgs(s: Pick<MilvusL7Settings, "domain">): { domain: string; description: string } {
    return { domain: authorizedDomain(s.domain), description: "Milvus front end" };
}

/** The Google-managed Certificate Manager certificate for the domain (its `dnsAuthorizations` come from the authorization). */
export function certificateManagerCertificateArgs<Ref = string>(
    s: Pick<MilvusL7Settings, "domain">,
    dnsAuthorizations: Ref[],
) {
    return { description: "Milvus front end", managed: { domains: [s.domain], dnsAuthorizations } };
}

/** The certificate map entry serving the certificate for the domain (wildcards included) through the map. */
export function certificateMapEntryArgs(s: Pick<MilvusL7Settings, "domain">): {
    hostname: string;
    description: string;
} {
    return { hostname: s.domain, description: "Milvus front end" };
}

/**
 * Where Google's health checkers come from (Cloud Load Balancing docs, "Firewall rules": health-check probes of
 * global external Application Load Balancers come from 35.191.0.0/16 and 130.211.0.0/22).
 */
export const googleHealthCheckRanges = ["35.191.0.0/16", "130.211.0.0/22"] as const;

/** The health-check firewall rule's description; with {@link proxyFirewallDescription}, it says what the rule admits. */
export const healthCheckFirewallDescription = "Google health checks to the Milvus pods";
/** The description of the rule that also admits an internal load balancer's proxy-only subnet. */
export const proxyFirewallDescription = "Google health checks and internal load balancer proxies to the Milvus pods";

/**
 * The VPC firewall rule letting Google's health checkers reach the Milvus pods on `ports`. With NEGs the checks go
 * straight to the pod IPs on the nodes; the rule names no target tags (GKE's node tags are not known here), so it
 * applies to the network's VMs, and only from the health checkers' ranges and, for an internal load balancer, its
 * proxy-only subnet (`proxyOnlyRanges`).
 */
export function healthCheckFirewallArgs<Ref = string>(
    network: string,
    ports: readonly number[],
    proxyOnlyRanges: Ref[] = [],
) {
    return {
        network,
        description: proxyOnlyRanges.length === 0 ? healthCheckFirewallDescription : proxyFirewallDescription,
        direction: "INGRESS",
        sourceRanges: [...googleHealthCheckRanges, ...proxyOnlyRanges],
        allows: [{ protocol: "tcp", ports: ports.map(String) }],
    };
}
