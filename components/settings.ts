import {
    certModes,
    defaults,
    milvusModes,
    type CertMode,
    type MilvusL7LoadBalancerArgs,
    type MilvusMode,
    type PlainObject,
} from "./args";
import type { GkeSettings } from "./gke";
import { ownedServiceAnnotationKeys } from "./gke";
import { ownedMilvusConfig, ownedMilvusValues, type MilvusValuesSettings } from "./milvus";
import { dnsLabelProblems, domainProblems, isWildcard, milvusFullname } from "./names";
import { conflictingPaths, isPlainObject } from "./plain";
import type { Problem } from "./problems";

/** Every argument with its default applied, plus the object names derived from them. */
export interface MilvusL7Settings extends GkeSettings, MilvusValuesSettings {
    releaseName: string;
    chartVersion: string;
    manageRelease: boolean;
    helmTimeoutSeconds: number;
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
    const timeout = given.helmTimeoutSeconds;
    const timeoutIsValid = typeof timeout === "number" && Number.isInteger(timeout) && timeout >= 1 && timeout <= 86400;
    const helmTimeoutSeconds = timeoutIsValid ? timeout : defaults.helmTimeoutSeconds;
    if (!timeoutIsValid) {
        problems.push({ key: "helmTimeoutSeconds", message: `must be a whole number of seconds from 1 to 86400; got ${JSON.stringify(timeout)}` });
    }

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
        serviceName,
        backendTlsSecretName: `${serviceName}-backend-tls`,
        frontendTlsSecretName: `${serviceName}-frontend-tls`,
        backendConfigName: `${serviceName}-backend`,
        managedCertificateName: `${serviceName}-cert`,
        ingressName: `${serviceName}-l7`,
    };

    // Any user.yaml given in helmValues conflicts whole; Milvus settings are checked key by key through milvusConfig.
    for (const path of conflictingPaths(helmValues, ownedMilvusValues({ ...settings, milvusConfig: {} }))) {
        problems.push({ key: `helmValues.${path}`, message: hinted(path, ownedValueHints) });
    }
    for (const path of conflictingPaths(milvusConfig, ownedMilvusConfig())) {
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
