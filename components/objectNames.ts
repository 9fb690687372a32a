import type { MilvusMode, MilvusObjectNames, PlainObject } from "./types";
import { gcpNameProblems } from "./formats";
import { isPlainObject } from "./plainData";
import type { Problem } from "./problems";

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
function serviceNameProblems(
    releaseName: string,
    nameOverride: string | undefined,
    fullnameOverride: string | undefined,
    longestSuffix: string,
): string[] {
    const name = chartFullname(releaseName, nameOverride, fullnameOverride);
    const limit = 63 - longestSuffix.length;
    if (!dns1035Label.test(name)) {
        return [
            `makes the Milvus Service name "${name}", which is not an RFC 1035 label (lowercase letters, digits and '-', starting with a letter)`,
        ];
    }
    if (name.length <= limit) return [];
    const why =
        longestSuffix === ""
            ? "Service names are at most 63"
            : `the chart also makes a Service "${name}${longestSuffix}", and Service names are at most 63`;
    return [`makes the Milvus Service name "${name}", ${name.length} characters long; it may have ${limit} (${why})`];
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

/** The names of the Kubernetes objects the component makes, from the Milvus Service they serve. */
export function milvusObjectNames(serviceName: string): MilvusObjectNames {
    return {
        serviceName,
        backendTlsSecretName: `${serviceName}-backend-tls`,
        frontendTlsSecretName: `${serviceName}-frontend-tls`,
        backendConfigName: `${serviceName}-backend`,
        managedCertificateName: `${serviceName}-cert`,
        ingressName: `${serviceName}-l7`,
        frontendConfigName: `${serviceName}-frontend`,
        gatewayName: `${serviceName}-l7`,
        httpRouteName: `${serviceName}-l7`,
        healthCheckPolicyName: `${serviceName}-health`,
        backendPolicyName: `${serviceName}-backend`,
        gatewayPolicyName: `${serviceName}-frontend`,
        rootPasswordSecretName: `${serviceName}-root-password`,
    };
}

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
    const enabled = Object.entries(subchartStatefulSets).filter(
        ([chart]) => !isPlainObject(values[chart]) || values[chart].enabled !== false,
    );
    const longest = enabled
        .map(([chart, suffix]) => ({ chart, name: `${releaseName}${suffix}` }))
        .sort((a, b) => b.name.length - a.name.length)[0];
    if (!longest || longest.name.length <= 52) return [];
    return [
        `is ${releaseName.length} characters long; the ${longest.chart} sub-chart makes a StatefulSet "${longest.name}", and a StatefulSet name may have 52 (its pods' controller-revision-hash label is at most 63)`,
    ];
}

/**
 * Services the Milvus chart makes beside the one the load balancer targets, named `<milvus fullname><suffix>`
 * (zilliztech/milvus-helm 5.0.19 templates/*-svc.yaml, checked with helm template).
 */
const milvusServiceSuffixes = [
    "",
    "-datanode",
    "-querynode",
    "-mixcoord",
    "-streamingnode",
    "-attu",
    "-cdc",
    "-woodpecker",
    "-woodpecker-headless",
];

const isOn = (enabled: unknown) => enabled === true;
const isOnByDefault = (enabled: unknown) => enabled !== false;

/**
 * The sub-charts' Services, named `<sub-chart fullname><suffix>` (chart 5.0.19's vendored sub-charts, checked with
 * helm template): the stem is the sub-chart's name (or its `nameOverride`; pulsarv3's is set to "pulsarv3" by the
 * Milvus chart), alone when the release name already contains it, as the Milvus chart does. `on` tells, step by
 * step, whether each chart on the path runs, from its `enabled` (etcd, MinIO and Kafka's ZooKeeper run unless off).
 */
const subchartServices: { chart: string[]; stem: string; suffixes: string[]; on: ((enabled: unknown) => boolean)[] }[] =
    [
        { chart: ["etcd"], stem: "etcd", suffixes: ["", "-headless"], on: [isOnByDefault] },
        { chart: ["minio"], stem: "minio", suffixes: ["", "-svc"], on: [isOnByDefault] },
        ...(["pulsarv3", "pulsar"] as const).map((alias) => ({
            chart: [alias],
            stem: alias,
            suffixes: [
                "-bookie",
                "-broker",
                "-proxy",
                "-recovery",
                "-zookeeper",
                "-toolset",
                "-pulsar-manager",
                "-pulsar-manager-admin",
            ],
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
    const nameKey = fullnameOverride
        ? "helmValues.fullnameOverride"
        : nameOverride
          ? "helmValues.nameOverride"
          : "releaseName";
    const suffix = longestChartServiceSuffix(milvusMode, helmValues);
    const problems = serviceNameProblems(releaseName, nameOverride, fullnameOverride, suffix).map((message) => ({
        key: nameKey,
        message,
    }));
    if (releaseValues)
        problems.push(
            ...subchartNameProblems(releaseName, releaseValues).map((message) => ({ key: "releaseName", message })),
        );
    if (releaseValues) {
        // Two Services of one name in one release (helm template renders both: nameOverride minio, fullnameOverride
        // <release>-etcd): one replaces the other, and the load balancer or the sub-chart's clients reach the wrong pods.
        const taken = subchartServiceNames(releaseName, releaseValues);
        const clash = milvusServiceSuffixes.map((suffix) => `${serviceName}${suffix}`).find((name) => taken.has(name));
        if (clash) {
            problems.push({
                key: nameKey,
                message: `makes a Milvus Service "${clash}", the name of the ${taken.get(clash)} sub-chart's Service in this release; choose another name`,
            });
        }
    }
    return { serviceName, problems };
}
