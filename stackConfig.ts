import * as pulumi from "@pulumi/pulumi";
import { closest, distance } from "fastest-levenshtein";
import {
    argumentNames,
    argumentSpecs,
    checkArguments,
    gcpNameProblems,
    MilvusL7ConfigError,
    unsetConfigText,
    type ArgumentKind,
    type MilvusL7LoadBalancerArgs,
    type Problem,
    type SecretValuesArgument,
} from "./components";

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

/**
 * The program's own keys, which choose the cluster rather than configure the component: declared like the
 * component's arguments (components/args.ts), and held to Pulumi.yaml the same way (test/args.test.ts).
 */
export const clusterConfigSpecs = {
    // A kubeconfig's contents are credentials: the program refuses one set without --secret. It is not declared
    // `secret: true` in Pulumi.yaml, because the CLI then refuses the (plaintext) default of every stack that leaves it unset.
    kubeconfig: {
        kind: "string",
        secret: true,
        doc: "Path to, or contents of, a kubeconfig; the ambient kubeconfig when unset.",
    },
    kubeContext: { kind: "string", doc: "Context of the kubeconfig to use; its current context when unset." },
    gkeCluster: {
        kind: "string",
        doc: "Name of the GKE cluster to deploy to (with gkeLocation and gcp:project), instead of a kubeconfig.",
    },
    gkeLocation: { kind: "string", doc: "Region or zone of gkeCluster, e.g. us-central1." },
} as const;

/** Every key of this project's namespace the program reads: the component's arguments and the cluster's keys. */
export const stackConfigKeys: readonly string[] = [...argumentNames, ...Object.keys(clusterConfigSpecs)];

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

/**
 * A stack config string as the value of an argument of `kind`, or why it cannot be one. A secret's value is never
 * shown: the CLI masks only the exact secret text, not the escaped JSON a message would hold.
 */
function parseConfigValue(
    key: string,
    kind: ArgumentKind,
    text: string,
    secret: boolean,
): { value: unknown } | { problem: string } {
    const got = secret ? " (its value is secret and not shown)" : `; got ${JSON.stringify(text)}`;
    switch (kind) {
        case "string":
            return { value: text };
        case "boolean":
            return text === "true" || text === "false"
                ? { value: text === "true" }
                : { problem: `must be true or false${got}` };
        case "integer":
            return integerText.test(text) ? { value: Number(text) } : { problem: `must be a whole number${got}` };
        case "number":
            return decimalText.test(text) ? { value: Number(text) } : { problem: `must be a number${got}` };
        case "list":
        case "object":
            // Objects and lists arrive as JSON: set with `pulumi config set --path helmValues.a.b v`, or as one value.
            try {
                return { value: JSON.parse(text) };
            } catch {
                const how =
                    kind === "list"
                        ? `pulumi config set --path '${key}[0]' <value>`
                        : `pulumi config set --path ${key}.<key> <value>`;
                return { problem: `must be ${kind === "list" ? "a list" : "an object"} (${how})${got}` };
            }
    }
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
    // Pulumi.yaml gives each optional key without a default an empty default (unsetConfigText), read as "not set".
    const raw = (key: string) => {
        const value = config.get(key);
        const spec = (argumentSpecs as Record<string, { kind: ArgumentKind; default?: unknown }>)[key] ?? {
            kind: "string",
        };
        const unset = "default" in spec ? undefined : (unsetConfigText as Record<string, string>)[spec.kind];
        return value === unset ? undefined : value;
    };

    // A misspelt key would otherwise be ignored, and could open the endpoint (allowedSourceRange: no Cloud Armor).
    const namespace = `${config.name}:`;
    for (const fullKey of Object.keys(pulumi.runtime.allConfig()).filter((k) => k.startsWith(namespace))) {
        const key = fullKey.slice(namespace.length);
        if (!stackConfigKeys.includes(key)) {
            problems.push({
                key,
                message: `is not a config key of this project; did you mean ${closest(key, [...stackConfigKeys])}? (Pulumi.yaml lists them)`,
            });
        }
    }
    problems.push(...namespaceProblems(config.name, Object.keys(pulumi.runtime.allConfig())));
    for (const key of argumentNames) {
        const value = raw(key);
        if (value === undefined) continue;
        const parsed = parseConfigValue(key, argumentSpecs[key].kind, value, isSecretConfig(`${namespace}${key}`));
        if ("problem" in parsed) problems.push({ key, message: parsed.problem });
        else args[key] = parsed.value;
    }
    for (const key of argumentNames.filter((key) => "required" in argumentSpecs[key] && args[key] === undefined)) {
        problems.push({ key, message: `is required: pulumi config set ${key} <value> (${argumentSpecs[key].doc})` });
    }

    const kubeconfig = raw("kubeconfig");
    if (kubeconfig !== undefined && !isSecretConfig(`${namespace}kubeconfig`)) {
        problems.push({
            key: "kubeconfig",
            message: "holds credentials (or points at them): set it with pulumi config set --secret kubeconfig <value>",
        });
    }
    const kubeContext = raw("kubeContext");
    const gkeCluster = gkeClusterOf(
        raw("gkeCluster"),
        raw("gkeLocation"),
        kubeconfig !== undefined || kubeContext !== undefined,
        problems,
    );
    // A bucket the stack creates for its cluster defaults to the cluster's region (a zone's region): objects then
    // stay where Milvus runs, with no cross-region transfer charges (Cloud Storage pricing, "Data transfer").
    if (
        gkeCluster &&
        args.objectStorage === "gcs" &&
        args.createBucket !== false &&
        args.bucketLocation === undefined
    ) {
        args.bucketLocation = gkeCluster.location.replace(/-[a-z]$/, "");
    }

    // The internal load balancer is regional, in the cluster's region: ingress-gce looks the regional static IP up in
    // its own (the cluster's) region (pkg/composite/utils.go CreateKey), and the regional backends are the cluster's
    // NEGs. A region given for another region would reserve an address GKE never finds.
    if (gkeCluster && args.loadBalancerScope === "internal") {
        const clusterRegion = gkeCluster.location.replace(/-[a-z]$/, "");
        if (args.region === undefined) args.region = clusterRegion;
        else if (typeof args.region === "string" && args.region !== clusterRegion) {
            problems.push({
                key: "region",
                message: `"${args.region}" is not the region of gkeCluster (gkeLocation "${gkeCluster.location}"), "${clusterRegion}": the internal load balancer, its address and the proxy-only subnet are in the cluster's region; unset region or set it to "${clusterRegion}"`,
            });
        }
    }

    // Pulumi marks a whole key secret when any value under it was set with --secret --path: its values stay secret all
    // the way into the release's inputs and the state.
    const secretValues = (["helmValues", "milvusConfig"] as const).filter((key: SecretValuesArgument) =>
        isSecretConfig(`${namespace}${key}`),
    );
    const checked = checkArguments(args as unknown as MilvusL7LoadBalancerArgs, { secretValues });
    // A key already reported as unparsable, or missing, is not reported again by the component's check.
    const reported = new Set(problems.map((p) => p.key));
    problems.push(...checked.problems.filter((p) => !reported.has(p.key)));
    if (problems.length > 0)
        throw new MilvusL7ConfigError(withoutSecrets(problems, secretTexts(config)), `${config.name}:`);
    return { args: checked.args, kubeconfig, kubeContext, gkeCluster };
}

/**
 * The texts of every key of this project set as a secret (`--secret`, `secure:`): the value as the CLI passes it and,
 * for JSON, each string inside it. Longest first, so a text is replaced before the texts it contains.
 */
function secretTexts(config: pulumi.Config): string[] {
    const strings = (value: unknown): string[] =>
        typeof value === "string"
            ? [value]
            : Array.isArray(value)
              ? value.flatMap(strings)
              : typeof value === "object" && value !== null
                ? Object.values(value).flatMap(strings)
                : [];
    const texts = stackConfigKeys
        .filter((key) => isSecretConfig(`${config.name}:${key}`))
        .flatMap((key) => {
            const text = config.get(key);
            if (text === undefined) return [];
            try {
                return [text, ...strings(JSON.parse(text))];
            } catch {
                return [text];
            }
        });
    // A text of one character is no secret worth hiding and would blot out every letter like it.
    return [...new Set(texts.filter((t) => t.length > 1))].sort((a, b) => b.length - a.length);
}

/**
 * `problems` with every secret text replaced by `[secret]`, also inside another value a message quotes (a Service name
 * made from a secret release name) and escaped as JSON: the CLI masks only the exact text of a secret (see
 * parseConfigValue), so a message must not hold it in any form.
 */
function withoutSecrets(problems: Problem[], secrets: string[]): Problem[] {
    const forms = secrets.flatMap((text) => [text, JSON.stringify(text).slice(1, -1)]);
    return problems.map((p) => ({
        ...p,
        message: forms.reduce((message, form) => message.split(form).join("[secret]"), p.message),
    }));
}

/**
 * Keys under a namespace that is one or two edits from the project's (`milvus-I7:`, `Milvus-l7:`, `milvus_l7:`): the
 * program would never read them, so a misspelt allowedSourceRanges would deploy with no Cloud Armor at all. And a
 * stack whose only keys of the program's are under another namespace (a renamed Pulumi.yaml) is told so.
 */
function namespaceProblems(project: string, fullKeys: string[]): Problem[] {
    const problems: Problem[] = [];
    const ours = fullKeys.filter((k) => k.startsWith(`${project}:`));
    for (const fullKey of fullKeys) {
        const [namespace, ...rest] = fullKey.split(":");
        const key = rest.join(":");
        if (namespace === project) continue;
        if (distance(namespace.toLowerCase(), project) <= 2) {
            problems.push({
                key: fullKey,
                message: `is under the namespace ${namespace}, not this project's; did you mean ${project}:${key}? (namespaces are case-sensitive)`,
            });
        } else if (ours.length === 0 && stackConfigKeys.includes(key)) {
            problems.push({
                key: fullKey,
                message: `is under ${namespace}:, but this project is ${project} (Pulumi.yaml name): the program reads ${project}:${key}`,
            });
        }
    }
    return problems;
}

/** The cluster named by `gkeCluster` + `gkeLocation`, which go together and exclude a kubeconfig. */
function gkeClusterOf(
    name: string | undefined,
    location: string | undefined,
    hasKubeconfig: boolean,
    problems: Problem[],
) {
    if (name === undefined && location === undefined) return undefined;
    if (name === undefined) problems.push({ key: "gkeCluster", message: "is required with gkeLocation" });
    if (location === undefined)
        problems.push({ key: "gkeLocation", message: "is required with gkeCluster: the cluster's region or zone" });
    if (name !== undefined) problems.push(...gcpNameProblems(name).map((message) => ({ key: "gkeCluster", message })));
    if (location !== undefined && !gcpLocation.test(location)) {
        problems.push({
            key: "gkeLocation",
            message: `"${location}" is not a GCP region or zone (e.g. us-central1, us-central1-a)`,
        });
    }
    if (hasKubeconfig) {
        problems.push({
            key: "gkeCluster",
            message: "selects the cluster itself: unset kubeconfig and kubeContext, or gkeCluster and gkeLocation",
        });
    }
    return name !== undefined && location !== undefined ? { name, location } : undefined;
}
