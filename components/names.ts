import { isIP } from "node:net";

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
    if (value.length > maxLength) problems.push(`"${value}" is ${value.length} characters long; the limit is ${maxLength}`);
    return problems;
}

/**
 * Problems with `domain` as the public host name of the Ingress rule and the certificate (empty when it is fine).
 * Rules: RFC 1123 host name (Kubernetes validates Ingress `spec.rules[].host` as a lowercase DNS-1123 subdomain,
 * each label <= 63 characters, <= 253 in all), at least two labels (a public name, as certificates need), not an IP
 * address (Kubernetes rejects IPs as Ingress hosts), and a wildcard only as the whole first label.
 */
export function domainProblems(domain: string): string[] {
    if (domain.trim() === "") return ["must not be empty: the public host name clients connect to, e.g. my-release.milvus.io"];
    if (isIP(domain) !== 0) return [`"${domain}" is an IP address; Ingress host rules and certificates need a DNS name`];
    const problems: string[] = [];
    if (domain.length > 253) problems.push(`"${domain}" is ${domain.length} characters long; a DNS name is at most 253`);
    if (domain !== domain.toLowerCase()) problems.push(`"${domain}" must be lowercase (Kubernetes rejects upper case in Ingress hosts)`);
    const labels = domain.toLowerCase().split(".");
    if (labels.length < 2) problems.push(`"${domain}" must be a fully qualified name with at least two labels`);
    // A top-level domain is never all-numeric (RFC 3696 section 2), which also keeps IP-like names out (10.0.0.256).
    else if (/^\d+$/.test(labels[labels.length - 1])) problems.push(`"${domain}" ends in an all-numeric label; a DNS name's last label has a letter`);
    labels.forEach((label, i) => {
        if (i === 0 && label === "*") return;
        if (label.length > 63) problems.push(`label "${label}" is ${label.length} characters long; a DNS label is at most 63`);
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

/** The chart's `milvus.fullname` before it is cut to 63 characters (see {@link milvusFullname}). */
function chartFullname(releaseName: string, nameOverride?: string, fullnameOverride?: string): string {
    if (fullnameOverride) return fullnameOverride;
    const chartName = nameOverride || "milvus";
    return releaseName.includes(chartName) ? releaseName : `${releaseName}-${chartName}`;
}

/**
 * The name the Milvus chart gives its Service (and its other objects): the chart's `milvus.fullname` helper in
 * zilliztech/milvus-helm `templates/_helpers.tpl`. `fullnameOverride` wins; otherwise the release name alone when
 * it already contains the chart name (or `nameOverride`), else `<release>-<name>`; truncated to 63 characters.
 */
export function milvusFullname(releaseName: string, nameOverride?: string, fullnameOverride?: string): string {
    return chartFullname(releaseName, nameOverride, fullnameOverride).slice(0, 63).replace(/-$/, "");
}

// Service names: RFC 1035 labels (Kubernetes validates Services with NameIsDNS1035Label): a letter first.
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Problems with the Milvus Service name these values make (empty when it is fine). Kubernetes validates Service
 * names as RFC 1035 labels (NameIsDNS1035Label: a letter first, at most 63 characters), and the chart names more
 * Services after it, `<name><suffix>` without cutting them (templates/*-svc.yaml, e.g. `-streamingnode` in cluster
 * mode), so `longestSuffix` must fit too; a name over 63 characters the chart itself would cut silently.
 */
export function serviceNameProblems(releaseName: string, nameOverride: string | undefined, fullnameOverride: string | undefined, longestSuffix: string): string[] {
    const name = chartFullname(releaseName, nameOverride, fullnameOverride);
    const limit = 63 - longestSuffix.length;
    if (!dns1035Label.test(name)) {
        return [`makes the Milvus Service name "${name}", which is not an RFC 1035 label (lowercase letters, digits and '-', starting with a letter)`];
    }
    if (name.length <= limit) return [];
    const why = longestSuffix === "" ? "Service names are at most 63" : `the chart also makes a Service "${name}${longestSuffix}", and Service names are at most 63`;
    return [`makes the Milvus Service name "${name}", ${name.length} characters long; it may have ${limit} (${why})`];
}

// GCP resource names (addresses, SSL and security policies, Cloud DNS zones): RFC 1035, starting with a letter.
const gcpName = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with `value` as the name of a GCP resource (RFC 1035, at most `maxLength`); empty when it is one. */
export function gcpNameProblems(value: string, maxLength = 63): string[] {
    if (value === "") return ["must not be empty"];
    const problems: string[] = [];
    if (!gcpName.test(value)) {
        problems.push(`"${value}" is not a GCP resource name: lowercase letters, digits and '-', starting with a letter, not ending with '-'`);
    }
    if (value.length > maxLength) problems.push(`"${value}" is ${value.length} characters long; the limit is ${maxLength}`);
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
