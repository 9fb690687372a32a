// What a measured child process tells the runner: only what cannot be seen from outside (peak RSS, what it ran).
import { createHash } from "node:crypto";
import type { RecordedResource } from "../../render/engine";

/** The prefix of the one line a case prints for the runner; everything else on stdout is ignored. */
export const reportPrefix = "BENCH_REPORT ";

/**
 * Prints the report when the process exits, so the peak RSS covers everything the process did. Writes to a pipe are
 * synchronous on Linux, so the line is out before the process is gone.
 */
export function reportAtExit(facts: () => Record<string, unknown>): void {
    process.on("exit", (code) => {
        if (code !== 0) return;
        process.stdout.write(`${reportPrefix}${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ...facts() })}\n`);
    });
}

/** Makes a failing case exit non-zero with its error, which the runner shows. */
export function failOn(error: unknown): void {
    console.error(error);
    process.exitCode = 1;
}

/**
 * A digest of what a program registered (custom resources: type, name, inputs, dependsOn, input dependencies), so
 * two ways of running or writing a program can be shown to register the same thing.
 */
export function registrationDigest(resources: readonly RecordedResource[]): string {
    const registered = resources
        .filter((r) => r.custom)
        .map((r) => JSON.stringify([r.type, r.name, r.inputs, r.dependsOn, r.inputDependencies]))
        .sort();
    return createHash("sha256").update(registered.join("\n")).digest("hex").slice(0, 16);
}
