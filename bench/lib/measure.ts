// Whole-process measurements: each variant is a child process, timed from spawn to exit by this process, its peak RSS
// reported by the child itself (bench/lib/child.ts). Variants are interleaved round by round, so a slow spell of a
// noisy machine lands on every variant alike and ratios between them hold.
import { spawn } from "node:child_process";
import { reportPrefix } from "./child";

export interface Variant {
    id: string;
    /** How the variant reads in the tables. */
    label: string;
    command: string;
    args: string[];
    env?: Record<string, string>;
}

export interface Sample {
    ms: number;
    maxRssKiB: number;
    /** The rest of the child's report (what it ran, what it registered). */
    report: Record<string, unknown>;
}

export interface Stats {
    median: number;
    min: number;
    max: number;
}

export const stats = (values: readonly number[]): Stats => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1] };
};

/** Runs a child to its exit; rejects, with its stderr, when it fails or prints no report. */
export function runOnce(variant: Variant, cwd: string): Promise<Sample> {
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(variant.command, variant.args, { cwd, env: { ...process.env, ...variant.env }, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        let ms = 0;
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        // The clock stops when the process is gone; its output may still be draining.
        child.on("exit", () => (ms = Number(process.hrtime.bigint() - started) / 1e6));
        child.on("error", reject);
        child.on("close", (code) => {
            const line = stdout.split("\n").find((l) => l.startsWith(reportPrefix));
            if (code !== 0 || line === undefined) {
                reject(new Error(`${variant.label} failed (exit ${code}):\n${stderr.slice(-4000)}`));
                return;
            }
            const { maxRssKiB, ...report } = JSON.parse(line.slice(reportPrefix.length)) as { maxRssKiB: number } & Record<string, unknown>;
            resolve({ ms, maxRssKiB, report });
        });
    });
}

/**
 * A warm-up run of each of `warmUps` (discarded: it fills the OS file cache and the loaders' caches), then `rounds`
 * rounds, each running every variant once, the order rotated by one each round.
 */
export async function interleaved(
    variants: readonly Variant[],
    warmUps: readonly Variant[],
    rounds: number,
    cwd: string,
    progress: (message: string) => void,
): Promise<Map<string, Sample[]>> {
    const samples = new Map<string, Sample[]>(variants.map((v) => [v.id, []]));
    for (const v of warmUps) {
        progress(`warm-up: ${v.label}`);
        await runOnce(v, cwd);
    }
    for (let round = 0; round < rounds; round++) {
        const order = variants.map((_, i) => variants[(i + round) % variants.length]);
        for (const v of order) {
            progress(`round ${round + 1}/${rounds}: ${v.label}`);
            samples.get(v.id)?.push(await runOnce(v, cwd));
        }
    }
    return samples;
}
