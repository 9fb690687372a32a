// The end-to-end suites need programs from outside npm: nginx (the stand-in load balancer) and the openssl CLI
// (their certificates); a suite without nginx needs only openssl. A machine without them skips the suite with one
// line saying how to include it; a CI run fails instead, so CI can never pass by skipping it.
import { delimiter } from "node:path";
import { describe, test } from "node:test";
import which from "which";

/** The programs the end-to-end suite runs, as absolute paths. */
export interface EndToEndTools {
    nginx: string;
    openssl: string;
}

/** A program a suite may need. */
export type ToolName = keyof EndToEndTools;

const toolNames: readonly ToolName[] = ["nginx", "openssl"];

// Debian installs nginx in /usr/sbin, which is not on a non-root user's PATH.
const sbin = ["/usr/sbin"];

/** The first executable `name` in the directories of `pathEnv`, then in `fallbackDirs`; undefined when none. */
export function findExecutable(
    name: string,
    pathEnv: string | undefined,
    fallbackDirs: string[] = sbin,
): string | undefined {
    // An empty PATH entry means the current directory to a shell; a test must not pick up ./nginx from it.
    const dirs = [...(pathEnv ?? "").split(delimiter), ...fallbackDirs].filter((dir) => dir !== "");
    return which.sync(name, { path: dirs.join(delimiter), nothrow: true }) ?? undefined;
}

/** Whether this is a CI run: `CI` set, as CI services and .ci/run set it (`CI=true`); empty or "false" is not. */
function isCi(env: Record<string, string | undefined>): boolean {
    return env.CI !== undefined && env.CI !== "" && env.CI !== "false";
}

/** Run the suite with the tools it needs, skip it, or fail it; `reason` is the one line the report shows. */
export type EndToEndPlan<T extends ToolName = ToolName> =
    { kind: "run"; tools: Pick<EndToEndTools, T> } | { kind: "skip" | "fail"; reason: string };

/** What to do with an end-to-end suite that needs `needs` (by default nginx and openssl), given the tools found and the environment. */
export function planEndToEnd<T extends ToolName = ToolName>(
    found: Partial<EndToEndTools>,
    env: Record<string, string | undefined>,
    needs: readonly T[] = toolNames as readonly T[],
): EndToEndPlan<T> {
    const missing = needs.filter((name) => found[name] === undefined);
    if (missing.length === 0)
        return {
            kind: "run",
            tools: Object.fromEntries(needs.map((name) => [name, found[name]])) as Pick<EndToEndTools, T>,
        };
    const notFound = `${missing.join(" and ")} not found on PATH or in ${sbin.join(", ")}`;
    if (isCi(env)) {
        return {
            kind: "fail",
            reason: `${notFound}: CI must run the end-to-end suite; install ${missing.join(" ")} first (.ci/run does)`,
        };
    }
    return {
        kind: "skip",
        reason: `${notFound}: to include the end-to-end suite, install ${missing.join(" ")} (apt-get install ${missing.join(" ")} / brew install ${missing.join(" ")}) and run npm run test:e2e`,
    };
}

/** The tools on this machine (PATH first, then /usr/sbin). */
function findTools(env: Record<string, string | undefined> = process.env): Partial<EndToEndTools> {
    return { nginx: findExecutable("nginx", env.PATH), openssl: findExecutable("openssl", env.PATH) };
}

/**
 * `describe(name, options, ...)` for a suite that needs the tools (`options.needs`, by default nginx and openssl).
 * Skipped or failed, it is one test named like the suite, so the report shows the reason once rather than once per
 * test.
 */
export function describeEndToEnd<T extends ToolName = ToolName>(
    name: string,
    options: { concurrency?: number; timeout?: number; needs?: readonly T[] },
    suite: (tools: Pick<EndToEndTools, T>) => void,
): void {
    const { needs, ...describeOptions } = options;
    const plan = planEndToEnd(findTools(), process.env, needs);
    if (plan.kind === "run") {
        describe(name, describeOptions, () => suite(plan.tools));
    } else if (plan.kind === "skip") {
        test(name, { skip: plan.reason });
    } else {
        test(name, () => {
            throw new Error(plan.reason);
        });
    }
}
