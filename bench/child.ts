// One measured process of `npm run bench`, which reports its CPU time and peak RSS in one line at exit:
// `child.ts program <tree>` runs <tree>/index.ts on the dev stack as Pulumi's language host runs a program (with
// source-map-support installed first, as @pulumi/pulumi/cmd/run does); `child.ts render <tree> <out>` is
// `npm run render -- --stack dev --out <out>` of <tree>; `child.ts scale <N> [<record file>]` runs N components
// (N = 0: the floor); `child.ts flat <record file>` replays what a scale run recorded; `child.ts plugin <tree>`
// starts <tree> as a component package (run-plugin, with an empty TMPDIR: no loader cache) and asks for its schema,
// reporting both phases. Modules load on demand, so a case pays only for its own.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Modules are loaded with `require`, as the language host loads a program: a tree's loader may hook only `require`
 * (load.js registers tsx's CommonJS hooks).
 */
const load = createRequire(__filename);

/** The prefix of the line the runner reads; the rest of stdout is ignored. */
export const reportPrefix = "BENCH_REPORT ";

async function run(
    tree: string,
    entry: string,
    stack: { project: string; config: Record<string, string>; secretKeys: string[] } | "dev",
) {
    load(
        load.resolve("source-map-support/register", { paths: [dirname(load.resolve("@pulumi/pulumi/package.json"))] }),
    );
    const { runProgram } = load("../harness/engine") as typeof import("../harness/engine");
    const { stackConfigValues } = load("../render/project") as typeof import("../render/project");
    const { values, refusals } = stack === "dev" ? stackConfigValues(tree, "dev") : { values: stack, refusals: [] };
    if (refusals.length > 0) throw new Error(`dev stack config: ${refusals.map((r) => r.message).join("; ")}`);
    return (await runProgram(entry, "dev", values)).resources.filter((r) => r.custom);
}

/** Milliseconds of a case's phases, reported beside the process's own figures. */
let phases: Record<string, number> = {};

async function main([kind, arg, file]: (string | undefined)[]): Promise<void> {
    if (kind === "plugin" && arg !== undefined) {
        const { getSchema, startPlugin } = load("../harness/plugin") as typeof import("../harness/plugin");
        const cold = mkdtempSync(join(tmpdir(), "milvus-l7-bench-plugin-"));
        try {
            const plugin = await startPlugin(arg, undefined, { TMPDIR: cold });
            const asked = performance.now();
            await getSchema(plugin.provider);
            phases = { listenMs: plugin.listenedMs, schemaMs: performance.now() - asked };
            await plugin.stop();
        } finally {
            rmSync(cold, { recursive: true, force: true });
        }
    } else if (kind === "program" && arg !== undefined) {
        await run(arg, join(arg, "index.ts"), "dev");
    } else if (kind === "render" && arg !== undefined && file !== undefined) {
        const cli = join(arg, "render", "cli.ts");
        process.argv = [process.argv[0], cli, "--stack", "dev", "--out", file];
        load(cli);
    } else if ((kind === "scale" || kind === "flat") && arg !== undefined) {
        process.env[kind === "scale" ? "BENCH_SCALE_N" : "BENCH_FLAT"] = arg;
        const registered = await run(join(__dirname, ".."), join(__dirname, "scale.ts"), {
            project: "milvus-l7",
            config: {},
            secretKeys: [],
        });
        if (kind === "scale" && file !== undefined) writeFileSync(file, JSON.stringify(registered));
    } else {
        throw new Error(
            "usage: child.ts program <tree> | render <tree> <out> | scale <N> [<record file>] | flat <record file> | plugin <tree>",
        );
    }
    process.on("exit", (code) => {
        const { user, system } = process.cpuUsage();
        if (code === 0)
            process.stdout.write(
                `${reportPrefix}${JSON.stringify({ cpuMs: (user + system) / 1000, rssKiB: process.resourceUsage().maxRSS, phases })}\n`,
            );
    });
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
