import * as pulumi from "@pulumi/pulumi";
import { closest } from "fastest-levenshtein";
import { asSecretValues, gcpNameProblems, MilvusL7ConfigError, resolveSettings, type MilvusL7LoadBalancerArgs, type Problem } from "./components";

/** A GKE cluster the program builds its Kubernetes provider for. */
export interface GkeClusterRef {
    name: string;
    /** Region or zone of the cluster (`us-central1`, `us-central1-a`). */
    location: string;
}

/** What the program needs from stack config. */
export interface StackConfig {
    args: MilvusL7LoadBalancerArgs;
    /** Path to, or contents of, a kubeconfig; the ambient one (KUBECONFIG, ~/.kube/config) when unset. */
    kubeconfig?: string;
    /** A context of that kubeconfig; its current context when unset. */
    kubeContext?: string;
    /** A GKE cluster looked up with the gcp provider (its project: `gcp:project`), instead of a kubeconfig. */
    gkeCluster?: GkeClusterRef;
}

/** Stack config keys that map one to one onto component arguments of the same name and kind. */
const stringKeys = ["domain", "certMode", "namespace", "releaseName", "milvusMode", "chartVersion", "minTlsVersion", "staticIpName", "dnsZone"] as const;
const booleanKeys = ["manageRelease", "serveAnyHost", "createStaticIp", "auth", "protect"] as const;
const integerKeys = ["helmTimeoutSeconds", "backendTimeoutSec", "drainingTimeoutSec"] as const;
/** Fractions: project config has no number type, so they are declared as strings in Pulumi.yaml. */
const numberKeys = ["logSampleRate"] as const;
/** Objects and lists: set with `pulumi config set --path helmValues.a.b v`, or as one JSON value. */
const structuredKeys = { helmValues: "object", milvusConfig: "object", allowedSourceRanges: "list" } as const;

/** Keys that choose the cluster rather than configure the component. */
const clusterKeys = ["kubeconfig", "kubeContext", "gkeCluster", "gkeLocation"] as const;

/** Every key of this project's namespace the program reads; Pulumi.yaml declares the same (test/program.test.ts). */
export const stackConfigKeys: readonly string[] = [
    ...stringKeys,
    ...booleanKeys,
    ...integerKeys,
    ...numberKeys,
    ...Object.keys(structuredKeys),
    ...clusterKeys,
];

// A whole number and a decimal fraction as people write them: no hex (`0x1`), no blanks, nothing Number() would
// also take.
const integerText = /^-?\d+$/;
const decimalText = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Whether Pulumi passed `key` as a secret (set with `--secret`, or declared `secret: true`). The SDK keeps this in
 * its config store but exports the check only at runtime (`runtime/config.js`), not in its typings.
 */
function isSecretConfig(fullKey: string): boolean {
    return (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(fullKey);
}

// GCP locations: a region (us-central1) or a zone (us-central1-a).
const gcpLocation = /^[a-z]+(-[a-z]+)+\d+(-[a-z])?$/;

/**
 * Reads the stack config into the component's arguments. Every value is parsed and then checked with the
 * component's own validation, and all problems are thrown together, each naming its `<project>:<key>`.
 */
export function readStackConfig(config: pulumi.Config = new pulumi.Config()): StackConfig {
    const problems: Problem[] = [];
    const args: Record<string, unknown> = {};
    const raw = (key: string) => config.get(key);

    // A misspelt key would otherwise be ignored, and could open the endpoint (allowedSourceRange: no Cloud Armor).
    const namespace = `${config.name}:`;
    for (const fullKey of Object.keys(pulumi.runtime.allConfig()).filter((k) => k.startsWith(namespace))) {
        const key = fullKey.slice(namespace.length);
        if (!stackConfigKeys.includes(key)) {
            problems.push({ key, message: `is not a config key of this project; did you mean ${closest(key, [...stackConfigKeys])}? (Pulumi.yaml lists them)` });
        }
    }
    for (const key of stringKeys) args[key] = raw(key);
    for (const key of booleanKeys) {
        const value = raw(key);
        if (value === undefined) continue;
        if (value === "true" || value === "false") args[key] = value === "true";
        else problems.push({ key, message: `must be true or false; got ${JSON.stringify(value)}` });
    }
    for (const key of integerKeys) {
        const value = raw(key);
        if (value === undefined) continue;
        if (integerText.test(value)) args[key] = Number(value);
        else problems.push({ key, message: `must be a whole number; got ${JSON.stringify(value)}` });
    }
    for (const key of numberKeys) {
        const value = raw(key);
        if (value === undefined) continue;
        if (decimalText.test(value)) args[key] = Number(value);
        else problems.push({ key, message: `must be a number; got ${JSON.stringify(value)}` });
    }
    for (const [key, kind] of Object.entries(structuredKeys)) {
        const value = raw(key);
        if (value === undefined) continue;
        try {
            args[key] = JSON.parse(value);
        } catch {
            const how = kind === "list" ? `pulumi config set --path '${key}[0]' <value>` : `pulumi config set --path ${key}.<key> <value>`;
            problems.push({ key, message: `must be ${kind === "list" ? "a list" : "an object"} (${how}); got ${JSON.stringify(value)}` });
        }
    }
    if (args.domain === undefined) {
        problems.push({ key: "domain", message: "is required: pulumi config set domain <public host name>" });
    }

    const kubeconfig = raw("kubeconfig");
    const kubeContext = raw("kubeContext");
    const gkeCluster = gkeClusterOf(raw("gkeCluster"), raw("gkeLocation"), kubeconfig !== undefined || kubeContext !== undefined, problems);

    const { settings, problems: argProblems } = resolveSettings(args as unknown as MilvusL7LoadBalancerArgs);
    // A key already reported as unparsable, or missing, is not reported again by the component's check.
    const reported = new Set(problems.map((p) => p.key));
    problems.push(...argProblems.filter((p) => !reported.has(p.key)));
    if (problems.length > 0) throw new MilvusL7ConfigError(problems, `${config.name}:`);

    // Pulumi marks a whole key secret when any value under it was set with --secret --path: keep its values secret
    // all the way into the release's inputs and the state.
    for (const key of ["helmValues", "milvusConfig"] as const) {
        if (args[key] !== undefined && isSecretConfig(`${namespace}${key}`)) {
            args[key] = asSecretValues(args[key] as Record<string, unknown>, settings, key === "milvusConfig");
        }
    }
    return { args: args as unknown as MilvusL7LoadBalancerArgs, kubeconfig, kubeContext, gkeCluster };
}

/** The cluster named by `gkeCluster` + `gkeLocation`, which go together and exclude a kubeconfig. */
function gkeClusterOf(name: string | undefined, location: string | undefined, hasKubeconfig: boolean, problems: Problem[]) {
    if (name === undefined && location === undefined) return undefined;
    if (name === undefined) problems.push({ key: "gkeCluster", message: "is required with gkeLocation" });
    if (location === undefined) problems.push({ key: "gkeLocation", message: "is required with gkeCluster: the cluster's region or zone" });
    if (name !== undefined) problems.push(...gcpNameProblems(name).map((message) => ({ key: "gkeCluster", message })));
    if (location !== undefined && !gcpLocation.test(location)) {
        problems.push({ key: "gkeLocation", message: `"${location}" is not a GCP region or zone (e.g. us-central1, us-central1-a)` });
    }
    if (hasKubeconfig) {
        problems.push({ key: "gkeCluster", message: "selects the cluster itself: unset kubeconfig and kubeContext, or gkeCluster and gkeLocation" });
    }
    return name !== undefined && location !== undefined ? { name, location } : undefined;
}
