import {
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
import type { GcpSettings } from "./gcp";
import type { GkeSettings } from "./gke";
import { ownedServiceAnnotationKeys } from "./gke";
import {
    ownedMilvusConfig,
    ownedMilvusValues,
    rootCoordinatorComponents,
    rootPasswordEnvName,
    setsRootPassword,
    type MilvusValuesSettings,
} from "./milvus";
import { cidrProblem, dnsLabelProblems, domainProblems, gcpNameProblems, isWildcard, milvusFullname } from "./names";
import { conflictingPaths, isPlainObject } from "./plain";
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

/** Why each owned chart value is owned, and what to use instead: shown with the conflict. */
const ownedValueHints: Record<string, string> = {
    "cluster.enabled": "set milvusMode instead",
    "service.type": "the load balancer reaches Milvus through NEGs and a ClusterIP Service",
    "service.port": "the Ingress routes to port 19530",
    "service.portName": "the app-protocols annotation names the port \"milvus\"",
    "ingress.enabled": "this component owns the GCE Ingress; the chart's ingress is nginx-flavoured",
    customConfigMap: "it would replace user.yaml, which carries the TLS settings; use milvusConfig",
    extraConfigFiles: "user.yaml carries the TLS settings; put Milvus settings in milvusConfig",
    volumes: "the backend certificate is mounted there",
    volumeMounts: "the backend certificate is mounted there",
    "proxy.volumes": "the backend certificate is mounted there",
    "proxy.volumeMounts": "the backend certificate is mounted there",
};

const ownedMilvusConfigHints: Record<string, string> = {
    "common.security.tlsMode": "the load balancer speaks HTTP/2 over TLS to Milvus and presents no client certificate, so it must be 1",
    "tls.serverPemPath": "the backend certificate is mounted there",
    "tls.serverKeyPath": "the backend key is mounted there",
    "proxy.http.port": "Milvus 2.6 refuses TLS while REST shares the gRPC port",
    "common.security.authorizationEnabled": "set auth instead",
};

function hinted(path: string, hints: Record<string, string>): string {
    const hint = Object.entries(hints).find(([owned]) => path === owned || path.startsWith(`${owned}.`))?.[1];
    return `is set by this component and cannot be changed${hint ? ` (${hint})` : ""}`;
}

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[], problems: Problem[]): T {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    problems.push({ key, message: `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${JSON.stringify(value)}` });
    return allowed[0];
}

function ofType<T>(key: string, value: unknown, check: (v: unknown) => v is T, what: string, problems: Problem[]): value is T {
    if (check(value)) return true;
    problems.push({ key, message: `must be ${what}; got ${JSON.stringify(value)}` });
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
    problems.push({ key, message: `must be ${what}; got ${JSON.stringify(value)}` });
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
        problems.push({ key: "allowedSourceRanges", message: `must be a list of CIDR ranges; got ${JSON.stringify(value)}` });
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
    return value as string[];
}

/**
 * Checks every argument and applies the defaults. Returns the settings, or every problem found (each naming the
 * argument at fault); nothing is created from settings that came with problems.
 */
export function resolveSettings(args: MilvusL7LoadBalancerArgs): { settings: MilvusL7Settings; problems: Problem[] } {
    const problems: Problem[] = [];
    // Values of any type may arrive here (stack config, JavaScript callers): every one is checked, none trusted.
    const given: Record<string, unknown> = {
        ...defaults,
        ...Object.fromEntries(Object.entries(args ?? {}).filter(([, v]) => v !== undefined)),
    };

    const domain = ofType("domain", given.domain, isString, "a string", problems) ? given.domain : "";
    problems.push(...domainProblems(domain).map((message) => ({ key: "domain", message })));
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

    const helmValues: PlainObject = ofType("helmValues", given.helmValues, isPlainObject, "an object of chart values", problems)
        ? given.helmValues
        : {};
    const milvusConfig: PlainObject = ofType("milvusConfig", given.milvusConfig, isPlainObject, "an object of Milvus settings", problems)
        ? given.milvusConfig
        : {};

    const serviceName = milvusFullname(
        releaseName,
        isString(helmValues.nameOverride) ? helmValues.nameOverride : undefined,
        isString(helmValues.fullnameOverride) ? helmValues.fullnameOverride : undefined,
    );
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

    // Any user.yaml given in helmValues conflicts whole; Milvus settings are checked key by key through milvusConfig.
    // Service annotations and the root coordinator's extraEnv are merged with the user's, and checked below.
    const mergedLists = [...rootCoordinatorComponents(milvusMode).map((c) => `${c}.extraEnv`), "service.annotations"];
    const owned = ownedMilvusValues({ ...settings, milvusConfig: {} });
    for (const path of conflictingPaths(helmValues, owned).filter((p) => !mergedLists.some((m) => p === m || p.startsWith(`${m}.`)))) {
        problems.push({ key: `helmValues.${path}`, message: hinted(path, ownedValueHints) });
    }
    for (const component of auth ? rootCoordinatorComponents(milvusMode) : []) {
        const extraEnv = (helmValues[component] as PlainObject | undefined)?.extraEnv;
        if (extraEnv !== undefined && !Array.isArray(extraEnv)) {
            problems.push({ key: `helmValues.${component}.extraEnv`, message: "must be a list of environment variables" });
        } else if (extraEnv?.some(setsRootPassword)) {
            problems.push({
                key: `helmValues.${component}.extraEnv`,
                message: `sets ${rootPasswordEnvName}, which this component sets from the generated root password; remove it (or set auth: false)`,
            });
        }
    }
    const security = (milvusConfig.common as PlainObject | undefined)?.security;
    if (isPlainObject(security) && security.defaultRootPassword !== undefined) {
        problems.push({
            key: "milvusConfig.common.security.defaultRootPassword",
            message: "would be written in clear into the chart's ConfigMap; use auth (a generated password kept in a Secret) and change it with the SDK",
        });
    }
    for (const path of conflictingPaths(milvusConfig, ownedMilvusConfig(auth))) {
        problems.push({ key: `milvusConfig.${path}`, message: hinted(path, ownedMilvusConfigHints) });
    }
    const chartServiceAnnotations = (helmValues.service as PlainObject | undefined)?.annotations;
    if (isPlainObject(chartServiceAnnotations)) {
        for (const key of ownedServiceAnnotationKeys.filter((k) => k in chartServiceAnnotations)) {
            problems.push({
                key: `helmValues.service.annotations["${key}"]`,
                message: "is set on the Milvus Service by this component (it wires the load balancer); remove it",
            });
        }
    }
    return { settings, problems };
}
