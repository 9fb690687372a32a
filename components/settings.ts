import {
    argumentNames,
    certModes,
    defaults,
    milvusModes,
    minTlsVersions,
    type CertMode,
    type MilvusL7LoadBalancerArgs,
    type MilvusMode,
    type MinTlsVersion,
    type PlainObject,
} from "./args";
import { closest } from "fastest-levenshtein";
import * as pulumi from "@pulumi/pulumi";
import type { GcpSettings } from "./gcp";
import { maxSecurityPolicyRanges, maxSecurityPolicyRules, rangesPerRule } from "./gcp";
import type { GkeSettings } from "./gke";
import { defaultMilvusValues, type MilvusValuesSettings } from "./milvus";
import { cidrProblem, dnsLabelProblems, domainProblems, gcpNameProblems, isWildcard, milvusFullname, serviceNameProblems } from "./names";
import { helmValuesProblems, milvusConfigProblems } from "./ownership";
import { describeValue, isPlainObject, mergeValues, nonJsonValues, withUnknowns } from "./plain";
import type { Problem } from "./problems";

/** Every argument with its default applied, plus the object names derived from them. */
export interface MilvusL7Settings extends GkeSettings, GcpSettings, MilvusValuesSettings {
    releaseName: string;
    chartVersion: string;
    manageRelease: boolean;
    helmTimeoutSeconds: number;
    /** Whether a GlobalAddress is created (false when `staticIpName` names an existing one, or none is wanted). */
    createStaticIp: boolean;
    staticIpName?: string;
}

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[], problems: Problem[]): T {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    problems.push({ key, message: `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${describeValue(value)}` });
    return allowed[0];
}

function ofType<T>(key: string, value: unknown, check: (v: unknown) => v is T, what: string, problems: Problem[]): value is T {
    if (check(value)) return true;
    problems.push({ key, message: `must be ${what}; got ${describeValue(value)}` });
    return false;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";

/** A number within [min, max] (whole when `integer`), or the problem naming `key`; the default stands in on error. */
function inRange(
    key: string,
    value: unknown,
    range: { min: number; max: number; integer: boolean; unit: string; fallback: number },
    problems: Problem[],
): number {
    const ok = typeof value === "number" && (!range.integer || Number.isInteger(value)) && value >= range.min && value <= range.max;
    if (ok) return value;
    const what = range.integer ? `a whole number of ${range.unit} from ${range.min} to ${range.max}` : `a number from ${range.min} to ${range.max}`;
    problems.push({ key, message: `must be ${what}; got ${describeValue(value)}` });
    return range.fallback;
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

/** A GCP resource name (address, DNS zone) when given; `undefined` when absent. */
function optionalName(key: string, value: unknown, problems: Problem[]): string | undefined {
    if (value === undefined) return undefined;
    if (!ofType(key, value, isString, "a string", problems)) return undefined;
    const found = gcpNameProblems(value);
    problems.push(...found.map((message) => ({ key, message })));
    return found.length === 0 ? value : undefined;
}

/** The CIDR list for Cloud Armor when given; each range that is not IPv4/IPv6 CIDR is its own problem. */
function sourceRanges(value: unknown, problems: Problem[]): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
        problems.push({ key: "allowedSourceRanges", message: `must be a list of CIDR ranges; got ${describeValue(value)}` });
        return undefined;
    }
    if (value.length === 0) {
        // An empty allow-list would deny every client: almost certainly a mistake, and one that takes Milvus offline.
        problems.push({ key: "allowedSourceRanges", message: "is empty, which would deny every client; leave it unset to allow all" });
        return undefined;
    }
    value.forEach((range, i) => {
        const problem = cidrProblem(range);
        if (problem) problems.push({ key: `allowedSourceRanges[${i}]`, message: problem });
    });
    if (value.length > maxSecurityPolicyRanges) {
        problems.push({
            key: "allowedSourceRanges",
            message: `has ${value.length} ranges; one Cloud Armor policy holds at most ${maxSecurityPolicyRanges} (${maxSecurityPolicyRules - 1} rules of ${rangesPerRule} beside its default rule): merge ranges into wider ones`,
        });
    }
    return value as string[];
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
    const enabled = Object.entries(subchartStatefulSets).filter(([chart]) => !isPlainObject(values[chart]) || values[chart].enabled !== false);
    const longest = enabled.map(([chart, suffix]) => ({ chart, name: `${releaseName}${suffix}` })).sort((a, b) => b.name.length - a.name.length)[0];
    if (!longest || longest.name.length <= 52) return [];
    return [`is ${releaseName.length} characters long; the ${longest.chart} sub-chart makes a StatefulSet "${longest.name}", and a StatefulSet name may have 52 (its pods' controller-revision-hash label is at most 63)`];
}

/** A JSON-valued argument (helmValues, milvusConfig): a plain object holding only what JSON and YAML can carry. */
function jsonObject(key: string, value: unknown, what: string, problems: Problem[]): PlainObject {
    if (!ofType(key, value, isPlainObject, what, problems)) return {};
    const invalid = nonJsonValues(value, key);
    for (const [path, found] of invalid) {
        problems.push({ key: path, message: `must be JSON data (a string, number, boolean, null, list or object); got ${found}` });
    }
    return invalid.length === 0 ? value : {};
}

/**
 * Checks every argument and applies the defaults. Returns the settings, or every problem found (each naming the
 * argument at fault); nothing is created from settings that came with problems.
 */
export function resolveSettings(args: MilvusL7LoadBalancerArgs): { settings: MilvusL7Settings; problems: Problem[] } {
    const problems: Problem[] = [];
    // Values of any type may arrive here (stack config, JavaScript and other languages): every one is checked.
    const givenArgs = Object.entries((isPlainObject(args) ? args : {}) as Record<string, unknown>).filter(([, v]) => v !== undefined);
    for (const [key] of givenArgs.filter(([key]) => !(argumentNames as readonly string[]).includes(key))) {
        problems.push({ key, message: `is not an argument of MilvusL7LoadBalancer; did you mean ${closest(key, [...argumentNames])}?` });
    }
    // Arguments decide which resources exist and are all checked before any exists, so they cannot wait for a
    // deployment. (Secrets belong inside helmValues/milvusConfig, which may hold Outputs.)
    const outputArgs = new Set(givenArgs.filter(([, v]) => pulumi.Output.isInstance(v)).map(([key]) => key));
    const outputProblems = [...outputArgs].map((key) => ({
        key,
        message: "must be a plain value, not an Output: the arguments are checked before anything is created and decide which resources exist",
    }));
    const given: Record<string, unknown> = { ...defaults, ...Object.fromEntries(givenArgs.filter(([key]) => !outputArgs.has(key))) };
    if (given.domain === undefined && !outputArgs.has("domain")) problems.push({ key: "domain", message: "is required: the public host name clients connect to" });

    const domain = given.domain === undefined || !ofType("domain", given.domain, isString, "a string", problems) ? "" : given.domain;
    if (given.domain !== undefined) problems.push(...domainProblems(domain).map((message) => ({ key: "domain", message })));
    const certMode = oneOf<CertMode>("certMode", given.certMode, certModes, problems);
    // ManagedCertificate: no wildcards, each domain at most 63 characters (GKE ManagedCertificate spec.domains).
    if (certMode === "google-managed" && isWildcard(domain)) {
        problems.push({ key: "domain", message: `"${domain}": Google-managed certificates do not cover wildcards; use certMode "self-managed"` });
    } else if (certMode === "google-managed" && domain.length > 63) {
        problems.push({ key: "domain", message: `"${domain}" is ${domain.length} characters long; a Google-managed certificate domain is at most 63` });
    }
    const milvusMode = oneOf<MilvusMode>("milvusMode", given.milvusMode, milvusModes, problems);

    const namespace = ofType("namespace", given.namespace, isString, "a string", problems) ? given.namespace : "";
    problems.push(...dnsLabelProblems(namespace, 63).map((message) => ({ key: "namespace", message })));
    const releaseName = ofType("releaseName", given.releaseName, isString, "a string", problems) ? given.releaseName : "";
    // Helm refuses release names over 53 characters (its objects append suffixes within the 63 limit).
    problems.push(...dnsLabelProblems(releaseName, 53).map((message) => ({ key: "releaseName", message })));

    const chartVersion = ofType("chartVersion", given.chartVersion, isString, "a string", problems) ? given.chartVersion : "";
    if (isString(given.chartVersion) && !/^\S+$/.test(chartVersion)) {
        problems.push({ key: "chartVersion", message: `must be a chart version such as "${defaults.chartVersion}"` });
    }
    const manageRelease = ofType("manageRelease", given.manageRelease, isBoolean, "true or false", problems) && given.manageRelease;
    const serveAnyHost = ofType("serveAnyHost", given.serveAnyHost, isBoolean, "true or false", problems) && given.serveAnyHost;
    // A day bounds every wait and timeout: anything longer is a typo (milliseconds for seconds), not a setting.
    const seconds = (fallback: number) => ({ min: 1, max: 86400, integer: true, unit: "seconds", fallback });
    const helmTimeoutSeconds = inRange("helmTimeoutSeconds", given.helmTimeoutSeconds, seconds(defaults.helmTimeoutSeconds), problems);
    const backendTimeoutSec = inRange("backendTimeoutSec", given.backendTimeoutSec, seconds(defaults.backendTimeoutSec), problems);
    // GCP backend services drain connections for at most 3600 s (Compute API, connectionDraining.drainingTimeoutSec).
    const drainingTimeoutSec = inRange(
        "drainingTimeoutSec",
        given.drainingTimeoutSec,
        { ...seconds(defaults.drainingTimeoutSec), max: 3600 },
        problems,
    );
    // BackendConfig logging.sampleRate is a fraction from 0.0 to 1.0 (GKE Ingress docs).
    const logSampleRate = inRange(
        "logSampleRate",
        given.logSampleRate,
        { min: 0, max: 1, integer: false, unit: "", fallback: defaults.logSampleRate },
        problems,
    );
    const minTlsVersion = oneOf<MinTlsVersion>("minTlsVersion", given.minTlsVersion, minTlsVersions, problems);
    const auth = ofType("auth", given.auth, isBoolean, "true or false", problems) && given.auth;
    const protect = ofType("protect", given.protect, isBoolean, "true or false", problems) && given.protect;

    const staticIpName = optionalName("staticIpName", given.staticIpName, problems);
    const dnsZone = optionalName("dnsZone", given.dnsZone, problems);
    // Unset, createStaticIp follows staticIpName: an existing address is used, or one is created.
    const createStaticIp = given.createStaticIp === undefined
        ? staticIpName === undefined
        : ofType("createStaticIp", given.createStaticIp, isBoolean, "true or false", problems) && given.createStaticIp;
    if (createStaticIp && staticIpName !== undefined) {
        problems.push({ key: "staticIpName", message: "names an existing address, so createStaticIp must be false or unset" });
    }
    const allowedSourceRanges = sourceRanges(given.allowedSourceRanges, problems);

    const helmValues = jsonObject("helmValues", given.helmValues, "an object of chart values", problems);
    const milvusConfig = jsonObject("milvusConfig", given.milvusConfig, "an object of Milvus settings", problems);
    // The checks read plain data: an Output (a secret) inside stands for a value nobody knows yet.
    const helmValuesView = withUnknowns(helmValues) as PlainObject;

    const nameOverride = isString(helmValuesView.nameOverride) ? helmValuesView.nameOverride : undefined;
    const fullnameOverride = isString(helmValuesView.fullnameOverride) ? helmValuesView.fullnameOverride : undefined;
    const serviceName = milvusFullname(releaseName, nameOverride, fullnameOverride);
    if (releaseName !== "") {
        const nameKey = fullnameOverride ? "helmValues.fullnameOverride" : nameOverride ? "helmValues.nameOverride" : "releaseName";
        const suffix = longestChartServiceSuffix(milvusMode, helmValuesView);
        problems.push(...serviceNameProblems(releaseName, nameOverride, fullnameOverride, suffix).map((message) => ({ key: nameKey, message })));
        const releaseValues = mergeValues(defaultMilvusValues(milvusMode), helmValuesView);
        if (manageRelease) problems.push(...subchartNameProblems(releaseName, releaseValues).map((message) => ({ key: "releaseName", message })));
    }
    const settings: MilvusL7Settings = {
        domain,
        certMode,
        namespace,
        releaseName,
        milvusMode,
        chartVersion,
        helmValues,
        milvusConfig,
        manageRelease,
        serveAnyHost,
        helmTimeoutSeconds,
        createStaticIp,
        staticIpName,
        dnsZone,
        minTlsVersion,
        allowedSourceRanges,
        backendTimeoutSec,
        drainingTimeoutSec,
        logSampleRate,
        auth,
        protect,
        serviceName,
        backendTlsSecretName: `${serviceName}-backend-tls`,
        frontendTlsSecretName: `${serviceName}-frontend-tls`,
        backendConfigName: `${serviceName}-backend`,
        managedCertificateName: `${serviceName}-cert`,
        ingressName: `${serviceName}-l7`,
        frontendConfigName: `${serviceName}-frontend`,
        rootPasswordSecretName: `${serviceName}-root-password`,
    };

    problems.push(...helmValuesProblems(helmValuesView, settings));
    problems.push(...milvusConfigProblems(withUnknowns(milvusConfig) as PlainObject, auth));
    if (!manageRelease) {
        // Without a release these would be accepted and silently do nothing.
        const unused = [
            ["helmValues", Object.keys(helmValues).length > 0],
            ["chartVersion", chartVersion !== defaults.chartVersion],
            ["helmTimeoutSeconds", helmTimeoutSeconds !== defaults.helmTimeoutSeconds],
        ] as const;
        for (const [key] of unused.filter(([, set]) => set)) {
            problems.push({ key, message: "has no effect with manageRelease: false (no Helm release is installed); unset it, and give your own release the milvusHelmValues output" });
        }
    }
    // An Output argument is reported once, not again by the checks of the default standing in for it.
    return { settings, problems: [...outputProblems, ...problems.filter((p) => !outputArgs.has(p.key))] };
}
