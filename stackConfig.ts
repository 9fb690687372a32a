import * as pulumi from "@pulumi/pulumi";
import { MilvusL7ConfigError, resolveSettings, type MilvusL7LoadBalancerArgs, type Problem } from "./components";

/** What the program needs from stack config. */
export interface StackConfig {
    args: MilvusL7LoadBalancerArgs;
    /** Path to, or contents of, a kubeconfig; the ambient one (KUBECONFIG, ~/.kube/config) when unset. */
    kubeconfig?: string;
    /** A context of that kubeconfig; its current context when unset. */
    kubeContext?: string;
}

/** Stack config keys that map one to one onto component arguments of the same name and kind. */
const stringKeys = ["domain", "certMode", "namespace", "releaseName", "milvusMode", "chartVersion"] as const;
const booleanKeys = ["manageRelease", "serveAnyHost"] as const;
const integerKeys = ["helmTimeoutSeconds"] as const;
/** Objects: set with `pulumi config set --path helmValues.a.b v`, or as one JSON value. */
const objectKeys = ["helmValues", "milvusConfig"] as const;

/**
 * Reads the stack config into the component's arguments. Every value is parsed and then checked with the
 * component's own validation, and all problems are thrown together, each naming its `<project>:<key>`.
 */
export function readStackConfig(config: pulumi.Config = new pulumi.Config()): StackConfig {
    const problems: Problem[] = [];
    const args: Record<string, unknown> = {};
    const raw = (key: string) => config.get(key);

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
        if (/^\d+$/.test(value.trim())) args[key] = Number(value);
        else problems.push({ key, message: `must be a whole number; got ${JSON.stringify(value)}` });
    }
    for (const key of objectKeys) {
        const value = raw(key);
        if (value === undefined) continue;
        try {
            args[key] = JSON.parse(value);
        } catch {
            problems.push({ key, message: `must be an object (pulumi config set --path ${key}.<key> <value>); got ${JSON.stringify(value)}` });
        }
    }
    if (args.domain === undefined) {
        problems.push({ key: "domain", message: "is required: pulumi config set domain <public host name>" });
    }

    const { problems: argProblems } = resolveSettings(args as unknown as MilvusL7LoadBalancerArgs);
    // A key already reported as unparsable, or missing, is not reported again by the component's check.
    const reported = new Set(problems.map((p) => p.key));
    problems.push(...argProblems.filter((p) => !reported.has(p.key)));
    if (problems.length > 0) throw new MilvusL7ConfigError(problems, `${config.name}:`);

    return {
        args: args as unknown as MilvusL7LoadBalancerArgs,
        kubeconfig: raw("kubeconfig"),
        kubeContext: raw("kubeContext"),
    };
}
