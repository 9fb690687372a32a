// What the component owns in the chart values and in Milvus's user.yaml, and the checks that keep `helmValues` and
// `milvusConfig` from changing it under any spelling.
import * as pulumi from "@pulumi/pulumi";
import type { MilvusMode, PlainObject } from "./args";
import { readByChartConflicts } from "./chartConflicts";
import { readByChartCredentials } from "./chartCredentials";
import { readByChartExposure } from "./chartExposure";
import { ownedServiceAnnotationKeys } from "./gke";
import { milvusEnvKey, milvusKey, milvusSettings } from "./milvusKeys";
import {
    embeddedMessageQueues,
    messageQueueSwitches,
    ownedMilvusConfig,
    ownedMilvusValues,
    pinnedMessageQueue,
    rootCoordinatorComponents,
    rootPasswordEnvName,
} from "./milvus";
import { conflictingPaths, isPlainObject, mergeValues, pathText, UnknownValue } from "./plain";
import type { Problem } from "./problems";
import type { MilvusL7Settings } from "./settings";

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

/** The chart values this component owns, with user.yaml's text left out: what `helmValues` is checked against. */
function ownedChartValues(s: MilvusL7Settings): PlainObject {
    return ownedMilvusValues({ ...s, milvusConfig: {} }, "");
}

/** The Milvus root password setting, under any spelling Milvus accepts. */
const rootPasswordSetting = milvusKey("common.security.defaultRootPassword");

/** Owned user.yaml settings by the key Milvus looks them up by, with the spelling this component writes. */
function ownedMilvusKeys(auth: boolean): Map<string, { spelling: string; value: unknown }> {
    return new Map(milvusSettings(ownedMilvusConfig(auth)).map(([spelling, value]) => [milvusKey(spelling), { spelling, value }]));
}

/**
 * Problems with `milvusConfig` (Outputs already replaced by {@link UnknownValue}). Milvus folds keys (see
 * {@link milvusKey}), so an owned setting is found under every spelling, and two spellings of one setting are
 * refused: Milvus would keep whichever it happened to read last.
 */
export function milvusConfigProblems(milvusConfig: PlainObject, auth: boolean): Problem[] {
    const problems: Problem[] = [];
    const owned = ownedMilvusKeys(auth);
    const spellings = new Map<string, string[]>();
    for (const [spelling, value] of milvusSettings(milvusConfig)) {
        const key = milvusKey(spelling);
        spellings.set(key, [...(spellings.get(key) ?? []), spelling]);
        const ours = owned.get(key);
        if (key === rootPasswordSetting) {
            problems.push({
                key: `milvusConfig.${spelling}`,
                message: "would be written in clear into the chart's ConfigMap; use auth (a generated password kept in a Secret) and change it with the SDK",
            });
        } else if (ours && (ours.spelling !== spelling || value instanceof UnknownValue || value !== ours.value)) {
            const alias = ours.spelling === spelling ? "" : ` (Milvus reads it as ${ours.spelling})`;
            problems.push({ key: `milvusConfig.${spelling}`, message: `${hinted(ours.spelling, ownedMilvusConfigHints)}${alias}` });
        }
    }
    for (const [key, written] of spellings) {
        if (written.length > 1 && !owned.has(key) && key !== rootPasswordSetting) {
            problems.push({
                key: `milvusConfig.${written[1]}`,
                message: `is the same Milvus setting as milvusConfig.${written[0]} (Milvus ignores case, '_' and '.' in keys); set it once`,
            });
        }
    }
    // A scalar where user.yaml needs one of our sections (e.g. `tls: off`) would be dropped by the merge; say so.
    for (const path of conflictingPaths(milvusConfig, ownedMilvusConfig(auth)).filter((p) => !owned.has(milvusKey(p)))) {
        problems.push({ key: `milvusConfig.${path}`, message: hinted(path, ownedMilvusConfigHints) });
    }
    return problems;
}

/** Every `extraEnv` list in the chart values (each component has one), with its path. */
function extraEnvLists(values: unknown, path = ""): [string, unknown][] {
    if (!isPlainObject(values)) return [];
    return Object.entries(values).flatMap(([key, value]): [string, unknown][] =>
        key === "extraEnv" ? [[pathText(path, key), value]] : extraEnvLists(value, pathText(path, key)),
    );
}

/**
 * Problems with the environment variables `helmValues` gives Milvus's pods. Milvus reads variables as settings
 * under the same folded keys as user.yaml (`COMMON_SECURITY_TLSMODE` is `common.security.tlsMode`), so a variable
 * may not set an owned setting, and the root password may never be a literal `value` (it would sit in clear in the
 * Deployment); with `auth` the component sets it for the root coordinator from its Secret.
 */
function extraEnvProblems(helmValues: PlainObject, s: { milvusMode: MilvusMode; auth: boolean }): Problem[] {
    const problems: Problem[] = [];
    const owned = ownedMilvusKeys(s.auth);
    const ownEnvPaths = s.auth ? rootCoordinatorComponents(s.milvusMode).map((c) => `${c}.extraEnv`) : [];
    for (const [listPath, list] of extraEnvLists(helmValues)) {
        if (!Array.isArray(list)) {
            problems.push({ key: `helmValues.${listPath}`, message: "must be a list of environment variables" });
            continue;
        }
        list.forEach((entry: unknown, i) => {
            const key = `helmValues.${pathText(listPath, i)}`;
            if (!isPlainObject(entry) || typeof entry.name !== "string") {
                problems.push({ key, message: "must be an environment variable with a plain string name" });
                return;
            }
            const setting = milvusEnvKey(entry.name);
            if (setting === rootPasswordSetting && entry.value !== undefined) {
                problems.push({ key, message: `sets ${entry.name} in clear in the Deployment; use auth (a generated password kept in a Secret)` });
            } else if (setting === rootPasswordSetting && ownEnvPaths.includes(listPath)) {
                problems.push({
                    key,
                    message: `sets ${rootPasswordEnvName}, which this component sets from the generated root password; remove it (or set auth: false)`,
                });
            } else {
                const ours = owned.get(setting);
                if (ours) problems.push({ key, message: `sets ${ours.spelling} through the environment; ${hinted(ours.spelling, ownedMilvusConfigHints)}` });
            }
        });
    }
    return problems;
}

/**
 * Problems with the message queue `helmValues` chooses over the pinned one ({@link pinnedMessageQueue}): exactly one
 * queue, chosen by plain booleans (Helm's `if` takes the string "false" as true).
 */
function messageQueueProblems(helmValues: PlainObject, milvusMode: MilvusMode): Problem[] {
    const switches = Object.keys(messageQueueSwitches) as (keyof typeof messageQueueSwitches)[];
    const setting = (values: PlainObject, name: string, field: string) => (isPlainObject(values[name]) ? values[name][field] : undefined);
    const problems: Problem[] = switches
        .filter((name) => setting(helmValues, name, "enabled") !== undefined && typeof setting(helmValues, name, "enabled") !== "boolean")
        .map((name) => ({ key: `helmValues.${name}.enabled`, message: "must be true or false (Helm takes any other value as true)" }));

    const merged = mergeValues(pinnedMessageQueue(milvusMode), helmValues);
    const enabled = switches.filter((name) => setting(merged, name, "enabled") === true);
    const standaloneQueue = milvusMode === "standalone" ? setting(merged, "standalone", "messageQueue") : undefined;
    const embedded = typeof standaloneQueue === "string" && embeddedMessageQueues.includes(standaloneQueue);
    const chosen = [...enabled.map((name) => `${name}.enabled`), ...(embedded ? [`standalone.messageQueue: ${standaloneQueue}`] : [])];
    // Named after the first queue setting the user gave: that is what turned the pinned choice into this one.
    const given = [
        ...switches.filter((name) => setting(helmValues, name, "enabled") !== undefined).map((name) => `${name}.enabled`),
        ...(setting(helmValues, "standalone", "messageQueue") !== undefined ? ["standalone.messageQueue"] : []),
    ];
    const key = `helmValues.${given[0] ?? "pulsarv3.enabled"}`;
    if (chosen.length !== 1) {
        problems.push({ key, message: `must leave Milvus exactly one message queue; ${chosen.length === 0 ? "none is chosen" : `${chosen.join(" and ")} are chosen`}` });
    } else if (milvusMode === "standalone" && !embedded && standaloneQueue !== messageQueueSwitches[enabled[0]]) {
        problems.push({
            key,
            message: `standalone.messageQueue must name the queue ${enabled[0]}.enabled runs ("${messageQueueSwitches[enabled[0]]}"); got ${JSON.stringify(standaloneQueue)}`,
        });
    }
    return problems;
}

/** Problems with `helmValues` (Outputs already replaced by {@link UnknownValue}) against the values this component owns. */
export function helmValuesProblems(helmValues: PlainObject, s: MilvusL7Settings): Problem[] {
    const problems: Problem[] = [];
    // Any user.yaml given here conflicts whole; Milvus settings are checked key by key through milvusConfig.
    // Service annotations and every extraEnv list are merged with the user's, and checked on their own.
    const mergedPaths = (p: string) => p === "service.annotations" || p.startsWith("service.annotations.") || /(^|\.)extraEnv($|\.)/.test(p);
    for (const path of conflictingPaths(helmValues, ownedChartValues(s)).filter((p) => !mergedPaths(p))) {
        problems.push({ key: `helmValues.${path}`, message: hinted(path, ownedValueHints) });
    }
    const annotations = isPlainObject(helmValues.service) ? helmValues.service.annotations : undefined;
    if (isPlainObject(annotations)) {
        for (const key of ownedServiceAnnotationKeys.filter((k) => k in annotations)) {
            problems.push({
                key: `helmValues.service.annotations["${key}"]`,
                message: "is set on the Milvus Service by this component (it wires the load balancer); remove it",
            });
        }
    }
    for (const key of ["nameOverride", "fullnameOverride"] as const) {
        if (helmValues[key] !== undefined && typeof helmValues[key] !== "string") {
            problems.push({ key: `helmValues.${key}`, message: "must be a plain string: it names the Service the load balancer sends traffic to" });
        }
    }
    return [...problems, ...extraEnvProblems(helmValues, s), ...messageQueueProblems(helmValues, s.milvusMode)];
}

/**
 * Whether the component reads the value at `path` of `helmValues` (or, with `inMilvusConfig`, of `milvusConfig`)
 * to decide names and ownership: such a value must be plain, the others may be Outputs (secrets).
 */
function readsValue(path: (string | number)[], owned: PlainObject, ownedSettings: ReadonlyMap<string, unknown>, inMilvusConfig: boolean): boolean {
    if (inMilvusConfig) {
        const key = milvusKey(path.join("."));
        return key === rootPasswordSetting || ownedSettings.has(key);
    }
    if (path.length === 1 && (path[0] === "nameOverride" || path[0] === "fullnameOverride")) return true;
    if (readByChartExposure(path) || readByChartConflicts(path) || readByChartCredentials(path)) return true;
    if (path.length === 2 && path[0] in messageQueueSwitches && path[1] === "enabled") return true;
    if (path.length === 2 && path[0] === "standalone" && path[1] === "messageQueue") return true;
    if (path.length >= 3 && path[path.length - 3] === "extraEnv" && path[path.length - 1] === "name") return true;
    let node: unknown = owned;
    for (const step of path) {
        if (!isPlainObject(node)) return true; // at or below an owned value (a list, a scalar)
        if (typeof step !== "string" || !(step in node)) return false;
        node = node[step];
    }
    return true;
}

/**
 * `values` with every value the component does not read wrapped as a Pulumi secret: what a stack config key set
 * with `--secret` becomes (Pulumi marks the whole key secret, not the leaf that was). The values the component
 * reads (names, owned settings, environment variable names) stay plain; none of them is a credential.
 */
export function asSecretValues(values: PlainObject, s: MilvusL7Settings, inMilvusConfig: boolean): PlainObject {
    const owned = ownedChartValues(s);
    const ownedSettings = ownedMilvusKeys(s.auth);
    const wrap = (value: unknown, path: (string | number)[]): unknown => {
        if (pulumi.Output.isInstance(value)) return pulumi.secret(value);
        if (Array.isArray(value)) return value.map((item: unknown, i) => wrap(item, [...path, i]));
        if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrap(v, [...path, k])]));
        return readsValue(path, owned, ownedSettings, inMilvusConfig) || value === null ? value : pulumi.secret(value);
    };
    return wrap(values, []) as PlainObject;
}
