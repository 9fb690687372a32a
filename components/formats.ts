import { isIP } from "node:net";
import { parse as parseSemVer } from "semver";

// Formats of the names and ranges the arguments hold, as Kubernetes, DNS and GCP define them.

// Kubernetes object names: RFC 1123 labels (lowercase alphanumerics and '-', alphanumeric at both ends).
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with `value` as an RFC 1123 DNS label of at most `maxLength` characters (empty when it is one). */
export function dnsLabelProblems(value: string, maxLength: number): string[] {
    if (value === "") return ["must not be empty"];
    const problems: string[] = [];
    if (!dnsLabel.test(value)) {
        problems.push(
            `"${value}" is not an RFC 1123 DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
        );
    }
    if (value.length > maxLength)
        problems.push(`"${value}" is ${value.length} characters long; the limit is ${maxLength}`);
    return problems;
}

/**
 * Problems with `domain` as the public host name of the Ingress rule and the certificate (empty when it is fine).
 * Rules: RFC 1123 host name (Kubernetes validates Ingress `spec.rules[].host` as a lowercase DNS-1123 subdomain,
 * each label <= 63 characters, <= 253 in all), at least two labels (a public name, as certificates need), not an IP
 * address (Kubernetes rejects IPs as Ingress hosts), and a wildcard only as the whole first label.
 */
export function domainProblems(domain: string): string[] {
    if (domain.trim() === "")
        return ["must not be empty: the public host name clients connect to, e.g. my-release.milvus.io"];
    if (isIP(domain) !== 0)
        return [`"${domain}" is an IP address; Ingress host rules and certificates need a DNS name`];
    const problems: string[] = [];
    if (domain.length > 253)
        problems.push(`"${domain}" is ${domain.length} characters long; a DNS name is at most 253`);
    if (domain !== domain.toLowerCase())
        problems.push(`"${domain}" must be lowercase (Kubernetes rejects upper case in Ingress hosts)`);
    const labels = domain.toLowerCase().split(".");
    if (labels.length < 2) problems.push(`"${domain}" must be a fully qualified name with at least two labels`);
    // A top-level domain is never all-numeric (RFC 3696 section 2), which also keeps IP-like names out (10.0.0.256).
    else if (/^\d+$/.test(labels[labels.length - 1]))
        problems.push(`"${domain}" ends in an all-numeric label; a DNS name's last label has a letter`);
    labels.forEach((label, i) => {
        if (i === 0 && label === "*") return;
        if (label.length > 63)
            problems.push(`label "${label}" is ${label.length} characters long; a DNS label is at most 63`);
        else if (!dnsLabel.test(label)) {
            problems.push(
                label.includes("*")
                    ? `"${domain}": a wildcard is only allowed as the whole first label ("*.example.com")`
                    : `label "${label}" of "${domain}" is not an RFC 1123 label (letters, digits and '-', not at either end)`,
            );
        }
    });
    return problems;
}

/** Whether `domain` is a wildcard name (`*.example.com`). */
export function isWildcard(domain: string): boolean {
    return domain.startsWith("*.");
}

// GCP resource names (addresses, SSL and security policies, Cloud DNS zones): RFC 1035, starting with a letter.
const gcpName = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with `value` as the name of a GCP resource (RFC 1035, at most `maxLength`); empty when it is one. */
export function gcpNameProblems(value: string, maxLength = 63): string[] {
    if (value === "") return ["must not be empty"];
    const problems: string[] = [];
    if (!gcpName.test(value)) {
        problems.push(
            `"${value}" is not a GCP resource name: lowercase letters, digits and '-', starting with a letter, not ending with '-'`,
        );
    }
    if (value.length > maxLength)
        problems.push(`"${value}" is ${value.length} characters long; the limit is ${maxLength}`);
    return problems;
}

/** What is wrong with `range` as an IPv4 or IPv6 CIDR range (`203.0.113.0/24`, `2001:db8::/32`), or undefined. */
export function cidrProblem(range: unknown): string | undefined {
    // A prefix without leading zeros, and no IPv6 zone id (`%eth0`): GCP accepts neither in a source range.
    const match = typeof range === "string" ? /^([^/\s%]+)\/(0|[1-9]\d{0,2})$/.exec(range) : null;
    const version = match ? isIP(match[1]) : 0;
    const maxPrefix = version === 4 ? 32 : 128;
    if (!match || version === 0 || Number(match[2]) > maxPrefix) {
        return `${JSON.stringify(range)} is not an IPv4 or IPv6 CIDR range (e.g. "203.0.113.0/24", "2001:db8::/32")`;
    }
    return undefined;
}

// GCP regions: us-central1, europe-west4, northamerica-northeast2 (a zone adds a letter: us-central1-a).
const gcpRegion = /^[a-z]+(-[a-z]+)+\d+$/;

/** Problems with `value` as a GCP region (not a zone); empty when it is one. */
export function regionProblems(value: string): string[] {
    if (gcpRegion.test(value)) return [];
    return /^[a-z]+(-[a-z]+)+\d+-[a-z]$/.test(value)
        ? [`"${value}" is a zone; the internal load balancer is regional: use its region, "${value.slice(0, -2)}"`]
        : [`"${value}" is not a GCP region (e.g. us-central1)`];
}

/**
 * Problems with `range` as a proxy-only subnet's primary range: IPv4 CIDR, at least a /26 (GCP docs, "Proxy-only
 * subnets for Envoy-based load balancers": the range must be /26 or larger, /23 recommended).
 */
export function proxyOnlySubnetRangeProblems(range: string): string[] {
    const problem = cidrProblem(range);
    if (problem) return [problem];
    const [address, prefix] = range.split("/");
    if (isIP(address) !== 4) return [`"${range}" is IPv6; a proxy-only subnet's primary range is IPv4`];
    if (Number(prefix) > 26)
        return [`"${range}" is smaller than /26, the smallest proxy-only subnet GCP creates (/23 is recommended)`];
    return [];
}

/**
 * Why `name` is not a Cloud Storage bucket name, by GCS's bucket naming rules (cloud.google.com/storage/docs/buckets,
 * "Bucket naming"): lowercase letters, digits, `-`, `_` and `.`; starting and ending with a letter or digit; 3 to 63
 * characters (with dots up to 222, each dot-separated part at most 63); not an IPv4 address in dotted-decimal form;
 * not starting with `goog`; not containing `google` or a close misspelling such as `g00gle`.
 */
export function gcsBucketNameProblems(name: string): string[] {
    const problems: string[] = [];
    const rule = "(GCS bucket naming rules)";
    if (!/^[a-z0-9._-]*$/.test(name))
        problems.push(`"${name}" may hold only lowercase letters, digits, '-', '_' and '.' ${rule}`);
    if (!/^[a-z0-9](.*[a-z0-9])?$/.test(name))
        problems.push(`"${name}" must start and end with a lowercase letter or digit ${rule}`);
    const dotted = name.includes(".");
    if (name.length < 3 || name.length > (dotted ? 222 : 63)) {
        problems.push(
            `"${name}" is ${name.length} characters long; a bucket name has 3 to 63 (with dots up to 222) ${rule}`,
        );
    }
    const longPart = name.split(".").find((part) => part.length > 63);
    if (dotted && longPart !== undefined)
        problems.push(
            `"${longPart}" is longer than 63 characters; each dot-separated part of a bucket name is at most 63 ${rule}`,
        );
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name))
        problems.push(`"${name}" is an IP address, which a bucket name may not be ${rule}`);
    if (name.startsWith("goog")) problems.push(`"${name}" starts with "goog", which Google reserves ${rule}`);
    if (/g[o0][o0]g[l1]e/.test(name))
        problems.push(`"${name}" contains "google" or a close misspelling, which Google reserves ${rule}`);
    return problems;
}

/** GCS's multi-regions and predefined dual-regions (cloud.google.com/storage/docs/locations), lower-cased. */
export const gcsMultiRegions = ["us", "eu", "asia", "nam4", "eur4", "eur5", "eur7", "eur8", "asia1"];

/**
 * Why `location` is not a Cloud Storage bucket location (cloud.google.com/storage/docs/locations): a region
 * (`us-central1`), a predefined dual-region (`nam4`) or a multi-region (`us`), in either case. A zone is no bucket
 * location.
 */
export function bucketLocationProblems(location: string): string[] {
    const lower = location.toLowerCase();
    if (/^[a-z]+-[a-z]+\d+$/.test(lower) || gcsMultiRegions.includes(lower)) return [];
    if (/^[a-z]+-[a-z]+\d+-[a-z]$/.test(lower)) {
        return [
            `"${location}" is a zone; a bucket lives in a region: use "${lower.replace(/-[a-z]$/, "")}" (cloud.google.com/storage/docs/locations)`,
        ];
    }
    return [
        `"${location}" is not a Cloud Storage location: a region (us-central1), a dual-region (${gcsMultiRegions.filter((r) => /\d/.test(r)).join(", ")}) or a multi-region (us, eu, asia) (cloud.google.com/storage/docs/locations)`,
    ];
}

/**
 * Problems with `version` as one exact chart version. Helm chart versions are SemVer 2 (helm.sh/docs/topics/charts,
 * "The Chart.yaml File"), and Helm's `--version` also takes a range (`^5.0`, `>=5`), which picks the newest matching
 * chart at every `pulumi up`: the release, and chart defaults such as the message queue, would change under existing
 * data without a change to the stack. So only an exact version is taken, as it is written in the chart's Chart.yaml.
 */
export function chartVersionProblems(version: string, example: string): string[] {
    const parsed = parseSemVer(version);
    // semver.parse also takes a leading "v" or "=" and drops build metadata; the exact text must be the version.
    const build = parsed && parsed.build.length > 0 ? `+${parsed.build.join(".")}` : "";
    const exact = parsed && parsed.version + build;
    return exact === version
        ? []
        : [`"${version}" is not an exact chart version (SemVer 2, such as "${example}"); ranges are not taken`];
}
