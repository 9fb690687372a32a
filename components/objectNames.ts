import { isIP } from "node:net";
import type { MilvusMode, PlainObject } from "./args";
import { isPlainObject } from "./plainData";
import type { Problem } from "./problems";

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
function serviceNameProblems(releaseName: string, nameOverride: string | undefined, fullnameOverride: string | undefined, longestSuffix: string): string[] {
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

/**
 * The longest role suffix a GCP child adds to the component name, plus Pulumi's auto-name suffix (`-` and 7
 * characters): GCP names are at most 63 characters, lowercase, starting with a letter.
 */
const longestGcpSuffix = "-security-policy".length + 8;

/** Problems with the component's name as the stem of its children's GCP names (empty when it is fine). */
export function componentNameProblems(name: string): Problem[] {
    return gcpNameProblems(name, 63 - longestGcpSuffix).map((message) => ({ key: "name", message }));
}

/** The Kubernetes objects the component makes, named after the Milvus Service they serve. */
export function milvusObjectNames(serviceName: string) {
    return {
        /** The Milvus Service the load balancer sends traffic to. */
        serviceName,
        /** Kubernetes Secret (type kubernetes.io/tls) with the backend key and certificate. */
        backendTlsSecretName: `${serviceName}-backend-tls`,
        /** The `kubernetes.io/tls` Secret with the front-end certificate (self-managed mode). */
        frontendTlsSecretName: `${serviceName}-frontend-tls`,
        /** The BackendConfig the Service annotation names (its health check is what makes backends healthy). */
        backendConfigName: `${serviceName}-backend`,
        /** The ManagedCertificate (google-managed mode). */
        managedCertificateName: `${serviceName}-cert`,
        ingressName: `${serviceName}-l7`,
        /** The FrontendConfig that applies the SSL policy. */
        frontendConfigName: `${serviceName}-frontend`,
        /** The Gateway and the HTTPRoute (gateway mode), named like the Ingress they stand in for. */
        gatewayName: `${serviceName}-l7`,
        httpRouteName: `${serviceName}-l7`,
        /** The HealthCheckPolicy on the Milvus Service (gateway mode). */
        healthCheckPolicyName: `${serviceName}-health`,
        /** The GCPBackendPolicy on the Milvus Service (gateway mode). */
        backendPolicyName: `${serviceName}-backend`,
        /** The GCPGatewayPolicy on the Gateway that applies the SSL policy (gateway mode). */
        gatewayPolicyName: `${serviceName}-frontend`,
        /** Kubernetes Secret holding the initial root password. */
        rootPasswordSecretName: `${serviceName}-root-password`,
    };
}
export type MilvusObjectNames = ReturnType<typeof milvusObjectNames>;

/**
 * The longest suffix the chart appends to the Milvus Service name for another Service it renders with these values
 * (zilliztech/milvus-helm 5.0.19 templates: `-streamingnode` in cluster mode; `-woodpecker-headless` for a Woodpecker
 * service; none beyond the Service itself in standalone mode).
 */
function longestChartServiceSuffix(milvusMode: MilvusMode, helmValues: PlainObject): string {
    if (isPlainObject(helmValues.woodpecker) && helmValues.woodpecker.enabled === true) return "-woodpecker-headless";
    return milvusMode === "cluster" ? "-streamingnode" : "";
}

/**
 * StatefulSets the chart's sub-charts name `<release><suffix>` (chart 5.0.19, checked with helm template). A
 * StatefulSet's pods carry the label controller-revision-hash, `<name>-<hash of up to 10 characters>`, and label
 * values are at most 63 characters, so the name may have 52 (kubernetes/kubernetes#64023).
 */
const subchartStatefulSets = { etcd: "-etcd", minio: "-minio", pulsarv3: "-pulsarv3-zookeeper" } as const;

/** Problems with the release name as the stem of the sub-charts' StatefulSets these values enable. */
function subchartNameProblems(releaseName: string, values: PlainObject): string[] {
    const enabled = Object.entries(subchartStatefulSets).filter(([chart]) => !isPlainObject(values[chart]) || values[chart].enabled !== false);
    const longest = enabled.map(([chart, suffix]) => ({ chart, name: `${releaseName}${suffix}` })).sort((a, b) => b.name.length - a.name.length)[0];
    if (!longest || longest.name.length <= 52) return [];
    return [`is ${releaseName.length} characters long; the ${longest.chart} sub-chart makes a StatefulSet "${longest.name}", and a StatefulSet name may have 52 (its pods' controller-revision-hash label is at most 63)`];
}

/**
 * Services the Milvus chart makes beside the one the load balancer targets, named `<milvus fullname><suffix>`
 * (zilliztech/milvus-helm 5.0.19 templates/*-svc.yaml, checked with helm template).
 */
const milvusServiceSuffixes = ["", "-datanode", "-querynode", "-mixcoord", "-streamingnode", "-attu", "-cdc", "-woodpecker", "-woodpecker-headless"];

const isOn = (enabled: unknown) => enabled === true;
const isOnByDefault = (enabled: unknown) => enabled !== false;

/**
 * The sub-charts' Services, named `<sub-chart fullname><suffix>` (chart 5.0.19's vendored sub-charts, checked with
 * helm template): the stem is the sub-chart's name (or its `nameOverride`; pulsarv3's is set to "pulsarv3" by the
 * Milvus chart), alone when the release name already contains it, as the Milvus chart does. `on` tells, step by
 * step, whether each chart on the path runs, from its `enabled` (etcd, MinIO and Kafka's ZooKeeper run unless off).
 */
const subchartServices: { chart: string[]; stem: string; suffixes: string[]; on: ((enabled: unknown) => boolean)[] }[] = [
    { chart: ["etcd"], stem: "etcd", suffixes: ["", "-headless"], on: [isOnByDefault] },
    { chart: ["minio"], stem: "minio", suffixes: ["", "-svc"], on: [isOnByDefault] },
    ...(["pulsarv3", "pulsar"] as const).map((alias) => ({
        chart: [alias],
        stem: alias,
        suffixes: ["-bookie", "-broker", "-proxy", "-recovery", "-zookeeper", "-toolset", "-pulsar-manager", "-pulsar-manager-admin"],
        on: [isOn],
    })),
    { chart: ["kafka"], stem: "kafka", suffixes: ["", "-headless"], on: [isOn] },
    { chart: ["kafka", "zookeeper"], stem: "zookeeper", suffixes: ["", "-headless"], on: [isOn, isOnByDefault] },
    { chart: ["tei"], stem: "tei", suffixes: ["", "-headless"], on: [isOn] },
];

/** The Service names of the sub-charts these release values enable, each with the sub-chart's values path. */
function subchartServiceNames(releaseName: string, values: PlainObject): Map<string, string> {
    const names = new Map<string, string>();
    for (const { chart, stem, suffixes, on } of subchartServices) {
        let node: unknown = values;
        let enabled = true;
        chart.forEach((step, i) => {
            node = isPlainObject(node) ? node[step] : undefined;
            enabled &&= on[i](isPlainObject(node) ? node.enabled : undefined);
        });
        if (!enabled) continue;
        const own = isPlainObject(node) ? node : {};
        const fullname = chartFullname(
            releaseName,
            typeof own.nameOverride === "string" ? own.nameOverride : stem,
            typeof own.fullnameOverride === "string" ? own.fullnameOverride : undefined,
        );
        for (const suffix of suffixes) names.set(`${fullname}${suffix}`, chart.join("."));
    }
    return names;
}

/**
 * The Milvus Service name the chart makes from the release name and `helmValues` (`nameOverride`,
 * `fullnameOverride`), and the problems with the names the chart derives from them: its Services, and, for a
 * release this component installs (`releaseValues` given: the values it will have), its sub-charts' StatefulSets.
 */
export function chartNameProblems(
    releaseName: string,
    milvusMode: MilvusMode,
    helmValues: PlainObject,
    releaseValues: PlainObject | undefined,
): { serviceName: string; problems: Problem[] } {
    const nameOverride = typeof helmValues.nameOverride === "string" ? helmValues.nameOverride : undefined;
    const fullnameOverride = typeof helmValues.fullnameOverride === "string" ? helmValues.fullnameOverride : undefined;
    const serviceName = milvusFullname(releaseName, nameOverride, fullnameOverride);
    if (releaseName === "") return { serviceName, problems: [] };
    const nameKey = fullnameOverride ? "helmValues.fullnameOverride" : nameOverride ? "helmValues.nameOverride" : "releaseName";
    const suffix = longestChartServiceSuffix(milvusMode, helmValues);
    const problems = serviceNameProblems(releaseName, nameOverride, fullnameOverride, suffix).map((message) => ({ key: nameKey, message }));
    if (releaseValues) problems.push(...subchartNameProblems(releaseName, releaseValues).map((message) => ({ key: "releaseName", message })));
    if (releaseValues) {
        // Two Services of one name in one release (helm template renders both: nameOverride minio, fullnameOverride
        // <release>-etcd): one replaces the other, and the load balancer or the sub-chart's clients reach the wrong pods.
        const taken = subchartServiceNames(releaseName, releaseValues);
        const clash = milvusServiceSuffixes.map((suffix) => `${serviceName}${suffix}`).find((name) => taken.has(name));
        if (clash) {
            problems.push({ key: nameKey, message: `makes a Milvus Service "${clash}", the name of the ${taken.get(clash)} sub-chart's Service in this release; choose another name` });
        }
    }
    return { serviceName, problems };
}
