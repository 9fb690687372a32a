import { rangesPerRule } from "./limits";
import type { MilvusL7Settings, MinTlsVersion } from "./types";

/**
 * The SSL policy for a minimum TLS version. GCP pairs TLS 1.2 with the MODERN profile (no legacy ciphers, TLS 1.2
 * clients still served) and uses RESTRICTED for TLS 1.3 (the strictest cipher set); GCP SSL policies docs.
 */
export function sslPolicyArgs(s: Pick<MilvusL7Settings, "minTlsVersion">): { minTlsVersion: MinTlsVersion; profile: "MODERN" | "RESTRICTED"; description: string } {
    // A constant description: GCP cannot update it in place, and a replaced policy is deleted while in use.
    return { minTlsVersion: s.minTlsVersion, profile: s.minTlsVersion === "TLS_1_3" ? "RESTRICTED" : "MODERN", description: "Milvus front end" };
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
export function dnsRecordArgs(s: Pick<MilvusL7Settings, "domain"> & { dnsZone: string }): { managedZone: string; name: string; type: "A"; ttl: number } {
    // Cloud DNS names are absolute: the trailing dot is required.
    return { managedZone: s.dnsZone, name: `${s.domain}.`, type: "A", ttl: dnsTtlSeconds };
}

/** Deletion policy of the reserved address: PREVENT makes the provider refuse to delete it while protected. */
export function addressDeletionPolicy(s: Pick<MilvusL7Settings, "protect">): "PREVENT" | "DELETE" {
    return s.protect ? "PREVENT" : "DELETE";
}

/**
 * The Google-managed Compute SSL certificate the Gateway names in gateway mode (the Gateway controller ignores the
 * ManagedCertificate resource). A constant description: a changed one would replace the certificate.
 */
export function managedSslCertificateArgs(s: Pick<MilvusL7Settings, "domain">): { description: string; managed: { domains: string[] } } {
    return { description: "Milvus front end", managed: { domains: [s.domain] } };
}
