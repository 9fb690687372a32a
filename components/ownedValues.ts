// What the component owns in the chart values and in Milvus's user.yaml, and the checks that keep `helmValues` and
// `milvusConfig` from changing it under any spelling.
import { posix } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { MilvusMode, PlainObject } from "./types";
import { readByChartConflicts } from "./chartConflicts";
import { chartCredentials, readByChartCredentials } from "./chartCredentials";
import { readByChartExposure } from "./chartExposure";
import { ownedServiceAnnotationKeys } from "./ingress";
import {
    inputsReaching,
    milvusConfigModel,
    milvusEnvKeys,
    milvusKey,
    milvusProcessVariables,
    milvusConfigEntries,
    type MilvusConfigInput,
} from "./milvusConfigModel";
import {
    backendTlsMountPath,
    embeddedMessageQueues,
    messageQueueSwitches,
    ownedMilvusConfig,
    ownedMilvusValues,
    pinnedMessageQueue,
    pinnedPortSetting,
    rootCoordinatorComponents,
    rootPasswordEnvName,
} from "./chartValues";
import { conflictingPaths, isPlainObject, mergeValues, UnknownValue, valueAt } from "./plainData";
import { milvusPorts, milvusRestPort } from "./ports";
import { storageMilvusSettings } from "./objectStorage";
import type { Problem } from "./problems";
import type { MilvusL7Settings } from "./types";

/** Why each owned chart value is owned, and what to use instead: shown with the conflict. */
const ownedValueHints: Record<string, string> = {
    "cluster.enabled": "set milvusMode instead",
    "service.type": "the load balancer reaches Milvus through NEGs and a ClusterIP Service",
    "service.port": "the Ingress routes to port 19530",
    "service.portName": 'the app-protocols annotation names the port "milvus"',
    "ingress.enabled": "this component owns the GCE Ingress; the chart's ingress is nginx-flavoured",
    customConfigMap: "it would replace user.yaml, which carries the TLS settings; use milvusConfig",
    extraConfigFiles: "user.yaml carries the TLS settings; put Milvus settings in milvusConfig",
    volumes: "the backend certificate is mounted there",
    volumeMounts: "the backend certificate is mounted there",
    "proxy.volumes": "the backend certificate is mounted there",
    "proxy.volumeMounts": "the backend certificate is mounted there",
    "minio.enabled": 'objectStorage "gcs" keeps Milvus\'s data in the bucket; MinIO stays off',
    externalS3: 'objectStorage "gcs" points Milvus at the bucket through Workload Identity; set bucketName',
    serviceAccount:
        'objectStorage "gcs" runs the pods as the Kubernetes service account Workload Identity maps to the bucket\'s Google service account',
};

const ownedMilvusConfigHints: Record<string, string> = {
    "common.security.tlsMode":
        "the load balancer speaks HTTP/2 over TLS to Milvus and presents no client certificate, so it must be 1",
    "tls.serverPemPath": "the backend certificate is mounted there",
    "tls.serverKeyPath": "the backend key is mounted there",
    "proxy.http.port": "Milvus 2.6 refuses TLS while REST shares the gRPC port",
    "common.security.authorizationEnabled": "set auth instead",
    minio: 'objectStorage "gcs" points Milvus at the bucket through Workload Identity, with no keys; set bucketName',
    "common.storageType": 'objectStorage "gcs" keeps Milvus\'s data in the bucket ("remote")',
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

/** What decides the Milvus settings the component owns: authentication, and the object storage (gcs owns `minio.*`). */
type OwnedSettingsBasis = { auth: boolean } & Partial<Pick<MilvusL7Settings, "objectStorage" | "bucketName">>;

/**
 * Owned Milvus settings by the key Milvus looks them up by, with the spelling and value this component gives them:
 * in user.yaml, and in gcs mode through the chart's default.yaml (objectStorage.ts storageMilvusSettings).
 */
function ownedMilvusConfigKeys(s: OwnedSettingsBasis): Map<string, { spelling: string; value: unknown }> {
    const owned = [...milvusConfigEntries(ownedMilvusConfig(s.auth)), ...milvusConfigEntries(storageMilvusSettings(s))];
    return new Map(owned.map(([spelling, value]) => [milvusKey(spelling), { spelling, value }]));
}

/** Whether `input` is an Output at a key above `key`, which may or may not hold it. */
const mayHold = (input: MilvusConfigInput, key: string) =>
    input.source === "user.yaml" && milvusKey(input.spelling) !== key;

/** A scalar setting as Milvus reads it (a string: pkg/config/config.go flattenAndMergeMap casts every value), or undefined. */
const settingText = (value: unknown) =>
    typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;

/** Why an Output standing for a user.yaml section above `setting` is refused. */
const outputMayHold = (setting: string, what: string) =>
    `is an Output, which may hold ${setting}, ${what}; an Output cannot be checked before deployment: give this section as plain data, with a secret as the Output of one value`;

/** Why `proxy.port` must stay where the chart's Service sends traffic, for a value that moves it. */
function proxyPortMessage(input: MilvusConfigInput): string {
    const how = input.source === "environment" ? `sets ${pinnedPortSetting} through the environment and ` : "";
    const collides =
        settingText(input.value) === String(milvusRestPort)
            ? `; ${milvusRestPort} is also where this component moves REST (proxy.http.port), and two servers cannot share it`
            : "";
    return `${how}moves the proxy's gRPC server off ${milvusPorts.grpc.port}, where the chart's Service and the load balancer send traffic (zilliztech/milvus-helm templates/proxy-deployment.yaml containerPort ${milvusPorts.grpc.port} "milvus", service.yaml targetPort milvus)${collides}`;
}

/**
 * Problems with what `helmValues` (every component's `extraEnv`) and `milvusConfig` (user.yaml) make of Milvus's
 * configuration (Outputs already replaced by {@link UnknownValue}), checked on one model of how Milvus resolves it
 * ({@link milvusConfigModel}): an owned setting may not be changed under any spelling, by a variable or in
 * user.yaml; `proxy.port` stays 19530; the root password is never a literal; `METRICS_PORT` and `MILVUSCONF` keep
 * the health check and the config folder where they are; two spellings of one user.yaml setting are refused (Milvus
 * would keep whichever it happened to read last: Go map order).
 */
export function milvusConfigProblems(
    helmValues: PlainObject,
    milvusConfig: PlainObject,
    s: { milvusMode: MilvusMode } & OwnedSettingsBasis,
): Problem[] {
    const model = milvusConfigModel(helmValues, milvusConfig);
    const problems: Problem[] = [...model.problems];
    const report: Report = (input, message) => problems.push({ key: input.argument, message });
    const owned = ownedMilvusConfigKeys(s);
    ownedSettingProblems(model, owned, report);
    rootPasswordProblems(model, s.auth ? rootCoordinatorComponents(s.milvusMode) : [], report);
    for (const input of inputsReaching(model, milvusKey(pinnedPortSetting))) {
        if (settingText(input.value) === String(milvusPorts.grpc.port)) continue;
        report(
            input,
            mayHold(input, milvusKey(pinnedPortSetting))
                ? outputMayHold(pinnedPortSetting, "which must stay 19530")
                : proxyPortMessage(input),
        );
    }
    for (const variable of model.variables) {
        for (const read of milvusProcessVariables.filter(
            (v) => v.reads(variable.name) && (v.keeps === undefined || variable.value !== v.keeps),
        )) {
            report(
                variable,
                `sets ${read.name}${variable.name === read.name ? "" : ` (Milvus reads ${variable.name} as ${read.name})`}, which ${read.what}; remove it`,
            );
        }
    }
    problems.push(...spelledTwiceProblems(model, owned));
    // A scalar where user.yaml needs one of our sections (e.g. `tls: off`) would be dropped by the merge; say so.
    for (const path of conflictingPaths(milvusConfig, ownedMilvusConfig(s.auth)).filter(
        (p) => !owned.has(milvusKey(p)),
    )) {
        problems.push({ key: `milvusConfig.${path}`, message: hinted(path, ownedMilvusConfigHints) });
    }
    // One problem per input: the first names the setting it reaches.
    return problems.filter((p, i) => problems.findIndex((q) => q.key === p.key) === i);
}

type Report = (input: { argument: string }, message: string) => void;
type MilvusConfig = ReturnType<typeof milvusConfigModel>;
type OwnedKeys = ReturnType<typeof ownedMilvusConfigKeys>;

/** An owned setting may not be changed under any spelling, by a variable or in user.yaml. */
function ownedSettingProblems(model: MilvusConfig, owned: OwnedKeys, report: Report): void {
    for (const [key, ours] of owned) {
        for (const input of inputsReaching(model, key)) {
            const hint = hinted(ours.spelling, ownedMilvusConfigHints);
            if (input.source === "environment") report(input, `sets ${ours.spelling} through the environment; ${hint}`);
            else if (mayHold(input, key)) report(input, outputMayHold(ours.spelling, "a setting this component owns"));
            else if (
                ours.spelling !== input.spelling ||
                input.value instanceof UnknownValue ||
                input.value !== ours.value
            ) {
                report(
                    input,
                    `${hint}${ours.spelling === input.spelling ? "" : ` (Milvus reads it as ${ours.spelling})`}`,
                );
            }
        }
    }
}

/** The root password is never a literal, nor a variable beside the one this component sets from its Secret. */
function rootPasswordProblems(model: MilvusConfig, rootCoordinatorLists: string[], report: Report): void {
    for (const input of inputsReaching(model, rootPasswordSetting)) {
        if (input.source === "user.yaml") {
            const inClear =
                "written in clear into the chart's ConfigMap; use auth (a generated password kept in a Secret) and change it with the SDK";
            report(
                input,
                mayHold(input, rootPasswordSetting)
                    ? outputMayHold("common.security.defaultRootPassword", `which would be ${inClear}`)
                    : `would be ${inClear}`,
            );
        } else if (input.value !== undefined) {
            report(
                input,
                `sets ${input.spelling} in clear in the Deployment; use auth (a generated password kept in a Secret)`,
            );
        } else if (rootCoordinatorLists.includes(input.component ?? "")) {
            report(
                input,
                `sets ${input.spelling} (Milvus reads it as ${rootPasswordEnvName}), which this component sets from the generated root password; remove it (or set auth: false)`,
            );
        }
    }
}

/** Two spellings of one user.yaml setting: Milvus would keep whichever it happened to read last (Go map order). */
function spelledTwiceProblems(model: MilvusConfig, owned: OwnedKeys): Problem[] {
    const problems: Problem[] = [];
    for (const [key, inputs] of model.settings) {
        const written = inputs.filter((i) => i.source === "user.yaml").map((i) => i.spelling);
        if (
            written.length > 1 &&
            !owned.has(key) &&
            key !== rootPasswordSetting &&
            key !== milvusKey(pinnedPortSetting)
        ) {
            problems.push({
                key: `milvusConfig.${written[1]}`,
                message: `is the same Milvus setting as milvusConfig.${written[0]} (Milvus ignores case, '_' and '.' in keys); set it once`,
            });
        }
    }
    return problems;
}

/**
 * Problems with the message queue `helmValues` chooses over the pinned one ({@link pinnedMessageQueue}): exactly one
 * queue, chosen by plain booleans (Helm's `if` takes the string "false" as true).
 */
function messageQueueProblems(helmValues: PlainObject, milvusMode: MilvusMode): Problem[] {
    const switches = Object.keys(messageQueueSwitches) as (keyof typeof messageQueueSwitches)[];
    const setting = (values: PlainObject, name: string, field: string) =>
        isPlainObject(values[name]) ? values[name][field] : undefined;
    const problems: Problem[] = switches
        .filter(
            (name) =>
                setting(helmValues, name, "enabled") !== undefined &&
                typeof setting(helmValues, name, "enabled") !== "boolean",
        )
        .map((name) => ({
            key: `helmValues.${name}.enabled`,
            message: "must be true or false (Helm takes any other value as true)",
        }));

    const merged = mergeValues(pinnedMessageQueue(milvusMode), helmValues);
    const enabled = switches.filter((name) => setting(merged, name, "enabled") === true);
    const standaloneQueue = milvusMode === "standalone" ? setting(merged, "standalone", "messageQueue") : undefined;
    const embedded = typeof standaloneQueue === "string" && embeddedMessageQueues.includes(standaloneQueue);
    const chosen = [
        ...enabled.map((name) => `${name}.enabled`),
        ...(embedded ? [`standalone.messageQueue: ${standaloneQueue}`] : []),
    ];
    // Named after the first queue setting the user gave: that is what turned the pinned choice into this one.
    const given = [
        ...switches
            .filter((name) => setting(helmValues, name, "enabled") !== undefined)
            .map((name) => `${name}.enabled`),
        ...(setting(helmValues, "standalone", "messageQueue") !== undefined ? ["standalone.messageQueue"] : []),
    ];
    const key = `helmValues.${given[0] ?? "pulsarv3.enabled"}`;
    if (chosen.length !== 1) {
        problems.push({
            key,
            message: `must leave Milvus exactly one message queue; ${chosen.length === 0 ? "none is chosen" : `${chosen.join(" and ")} are chosen`}`,
        });
    } else if (milvusMode === "standalone" && !embedded && standaloneQueue !== messageQueueSwitches[enabled[0]]) {
        problems.push({
            key,
            message: `standalone.messageQueue must name the queue ${enabled[0]}.enabled runs ("${messageQueueSwitches[enabled[0]]}"); got ${JSON.stringify(standaloneQueue)}`,
        });
    }
    return problems;
}

/**
 * The folders Milvus pods read what this component owns from: the chart mounts default.yaml and user.yaml into
 * /milvus/configs (zilliztech/milvus-helm 5.0.19 templates/*-deployment.yaml), and this component the backend
 * certificate at {@link backendTlsMountPath}.
 */
const ownedMountPaths = ["/milvus/configs", backendTlsMountPath];
/**
 * Volume names the chart gives the Milvus pods (templates/proxy-deployment.yaml `volumes:`); this component's own,
 * backendTlsVolumeName, is checked in chartConflicts.ts.
 */
const chartVolumeNames = ["milvus-config", "tools"];

/**
 * Problems with the chart values that mount something into Milvus's pods: `volumeMounts` (every Milvus pod) and
 * `proxy.volumeMounts`, `log.persistence.mountPath` and `standalone.persistence.mountPath` (templates/*-deployment.yaml).
 * A mount at, inside or above the config folder or the certificate folder would replace what Milvus reads there
 * (Kubernetes refuses only the same path written the same way: k8s.io/kubernetes pkg/apis/core/validation
 * ValidateVolumeMounts compares the strings, the runtime the cleaned paths). A volume named like one of the pod's
 * own is refused by Kubernetes at deploy (pod volumes must have unique names).
 */
function mountProblems(helmValues: PlainObject): Problem[] {
    const at = (path: string[]) => valueAt(helmValues, path);
    const problems: Problem[] = [];
    const checkPath = (key: string, mountPath: unknown) => {
        const problem = mountPathProblem(mountPath);
        if (problem) problems.push({ key, message: problem });
    };
    for (const path of [["volumeMounts"], ["proxy", "volumeMounts"]]) {
        const list = at(path);
        if (list === undefined) continue;
        if (!Array.isArray(list)) {
            problems.push({ key: `helmValues.${path.join(".")}`, message: "must be a list of volume mounts" });
            continue;
        }
        list.forEach((mount: unknown, i) => {
            const mountPath = isPlainObject(mount) ? mount.mountPath : undefined;
            // At or under the certificate's path, a top-level mount is refused by chartConflicts.ts already.
            const certificateMount =
                typeof mountPath === "string" &&
                (posix.resolve("/", mountPath) + "/").startsWith(`${backendTlsMountPath}/`);
            if (!(path.length === 1 && certificateMount))
                checkPath(`helmValues.${path.join(".")}[${i}].mountPath`, mountPath);
        });
    }
    for (const path of [
        ["log", "persistence", "mountPath"],
        ["standalone", "persistence", "mountPath"],
    ]) {
        if (at(path) !== undefined) checkPath(`helmValues.${path.join(".")}`, at(path));
    }
    return [...problems, ...volumeNameProblems(helmValues)];
}

/** Why a volume may not be mounted at `mountPath` in the Milvus pods, or undefined. */
function mountPathProblem(mountPath: unknown): string | undefined {
    if (typeof mountPath !== "string")
        return "must be a plain string: a mount path is checked against Milvus's config and certificate folders before anything is created";
    const cleaned = posix.resolve("/", mountPath);
    const clash = ownedMountPaths.find(
        (owned) =>
            cleaned === owned ||
            cleaned.startsWith(`${owned}/`) ||
            owned.startsWith(cleaned === "/" ? "/" : `${cleaned}/`),
    );
    if (!clash) return undefined;
    const what =
        clash === backendTlsMountPath
            ? "the backend certificate this component mounts"
            : "the default.yaml and user.yaml holding this component's TLS and authentication settings";
    return `mounts ${JSON.stringify(mountPath)} over ${clash}, where Milvus reads ${what}; mount it elsewhere`;
}

/** Volumes named like one the Milvus pods already have: Kubernetes refuses two volumes of one name. */
function volumeNameProblems(helmValues: PlainObject): Problem[] {
    const problems: Problem[] = [];
    for (const path of [["volumes"], ["proxy", "volumes"]]) {
        const list = valueAt(helmValues, path);
        if (!Array.isArray(list)) continue;
        list.forEach((volume: unknown, i) => {
            const name = isPlainObject(volume) ? volume.name : undefined;
            if (typeof name === "string" && chartVolumeNames.includes(name)) {
                problems.push({
                    key: `helmValues.${path.join(".")}[${i}].name`,
                    message: `is the name of a volume the Milvus pods already have (${name}); Kubernetes refuses two volumes of one name: choose another`,
                });
            }
        });
    }
    return problems;
}

/** Problems with `helmValues` (Outputs already replaced by {@link UnknownValue}) against the values this component owns. */
export function helmValuesProblems(helmValues: PlainObject, s: MilvusL7Settings): Problem[] {
    const problems: Problem[] = [];
    // Any user.yaml given here conflicts whole; Milvus settings are checked key by key through milvusConfig.
    // Service and service-account annotations and every extraEnv list are merged with the user's, and checked on their own.
    const mergedPaths = (p: string) =>
        p === "service.annotations" ||
        p.startsWith("service.annotations.") ||
        p.startsWith("serviceAccount.annotations.") ||
        /(^|\.)extraEnv($|\.)/.test(p);
    // A credential (objectStorage "gcs" owns externalS3.accessKey) is refused as such, naming the safe way (chartCredentials.ts).
    const credentialPaths = new Set(chartCredentials.map((c) => c.path));
    for (const path of conflictingPaths(helmValues, ownedChartValues(s)).filter(
        (p) => !mergedPaths(p) && !credentialPaths.has(p),
    )) {
        problems.push({ key: `helmValues.${path}`, message: hinted(path, ownedValueHints) });
    }
    const annotations = isPlainObject(helmValues.service) ? helmValues.service.annotations : undefined;
    if (isPlainObject(annotations)) {
        for (const key of ownedServiceAnnotationKeys.filter((k) => Object.hasOwn(annotations, k))) {
            problems.push({
                key: `helmValues.service.annotations["${key}"]`,
                message: "is set on the Milvus Service by this component (it wires the load balancer); remove it",
            });
        }
    }
    // configmap.yaml writes every extraConfigFiles entry into the Milvus ConfigMap beside default.yaml (a `default.yaml`
    // entry would make two keys of one map); only user.yaml is mounted, and it is this component's.
    if (isPlainObject(helmValues.extraConfigFiles)) {
        for (const file of Object.keys(helmValues.extraConfigFiles).filter((f) => f !== "user.yaml")) {
            problems.push({
                key: `helmValues.extraConfigFiles[${JSON.stringify(file)}]`,
                message: hinted("extraConfigFiles", ownedValueHints),
            });
        }
    }
    problems.push(...mountProblems(helmValues));
    for (const key of ["nameOverride", "fullnameOverride"] as const) {
        if (helmValues[key] !== undefined && typeof helmValues[key] !== "string") {
            problems.push({
                key: `helmValues.${key}`,
                message: "must be a plain string: it names the Service the load balancer sends traffic to",
            });
        }
    }
    return [...problems, ...messageQueueProblems(helmValues, s.milvusMode)];
}

/** Whether the value of the variable `name` is checked: it may move the proxy's gRPC port or the health-check port. */
const movesPort = (name: string) =>
    milvusEnvKeys(name).includes(milvusKey(pinnedPortSetting)) ||
    milvusProcessVariables.some((v) => v.keeps !== undefined && v.reads(name));

/**
 * Whether the component reads the value at `path` of `helmValues` (or, with `inMilvusConfig`, of `milvusConfig`)
 * to decide names and ownership: such a value must be plain, the others may be Outputs (secrets).
 */
function readsValue(
    path: (string | number)[],
    owned: PlainObject,
    ownedSettings: ReadonlyMap<string, unknown>,
    inMilvusConfig: boolean,
): boolean {
    if (inMilvusConfig) {
        const key = milvusKey(path.join("."));
        return key === rootPasswordSetting || key === milvusKey(pinnedPortSetting) || ownedSettings.has(key);
    }
    if (path.length === 1 && (path[0] === "nameOverride" || path[0] === "fullnameOverride")) return true;
    if (readByChartExposure(path) || readByChartConflicts(path) || readByChartCredentials(path)) return true;
    if (path.length === 2 && Object.hasOwn(messageQueueSwitches, path[0]) && path[1] === "enabled") return true;
    if (path.length === 2 && path[0] === "standalone" && path[1] === "messageQueue") return true;
    if (path.length >= 3 && path[path.length - 3] === "extraEnv" && path[path.length - 1] === "name") return true;
    // Mount paths and the proxy switch are checked by mountProblems and helmValuesProblems.
    if (path.length >= 3 && path[path.length - 3] === "volumeMounts" && path[path.length - 1] === "mountPath")
        return true;
    if (
        path.length === 3 &&
        (path[0] === "log" || path[0] === "standalone") &&
        path[1] === "persistence" &&
        path[2] === "mountPath"
    )
        return true;
    if (path.length === 2 && path[0] === "proxy" && path[1] === "enabled") return true;
    let node: unknown = owned;
    for (const step of path) {
        if (!isPlainObject(node)) return true; // at or below an owned value (a list, a scalar)
        if (typeof step !== "string" || !Object.hasOwn(node, step)) return false;
        node = node[step];
    }
    return true;
}

/**
 * `values` with every value the component does not read wrapped as a Pulumi secret: what a stack config key set
 * with `--secret` becomes (Pulumi marks the whole key secret, not the leaf that was). The values the component
 * reads (names, owned settings, environment variable names, the values of the variables that move a port) stay
 * plain; none of them is a credential.
 */
export function asSecretValues(values: PlainObject, s: MilvusL7Settings, inMilvusConfig: boolean): PlainObject {
    const owned = ownedChartValues(s);
    const ownedSettings = ownedMilvusConfigKeys(s);
    const wrap = (value: unknown, path: (string | number)[]): unknown => {
        if (pulumi.Output.isInstance(value)) return pulumi.secret(value);
        if (Array.isArray(value)) return value.map((item: unknown, i) => wrap(item, [...path, i]));
        if (
            !inMilvusConfig &&
            path[path.length - 2] === "extraEnv" &&
            isPlainObject(value) &&
            typeof value.name === "string" &&
            movesPort(value.name)
        )
            return value;
        if (isPlainObject(value))
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrap(v, [...path, k])]));
        return readsValue(path, owned, ownedSettings, inMilvusConfig) || value === null ? value : pulumi.secret(value);
    };
    return wrap(values, []) as PlainObject;
}
