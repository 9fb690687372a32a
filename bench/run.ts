// `npm run bench [-- --runs N]`: what the program costs to evaluate, how it scales, how Pulumi should load it, and how
// long a deploy waits. Prints the tables and writes bench/results.md. A benchmark, not a test: it asserts nothing,
// it reports figures against the targets of issue 5, met or not.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import * as YAML from "yaml";
import { analyse, guideFigures, guideSteps, scenarios, type Analysis, type GraphResource } from "./critical/path";
import { sources } from "./critical/waits";
import { loaderVariants, type LoaderVariant } from "./lib/loaders";
import { interleaved, runOnce, stats, type Sample, type Variant } from "./lib/measure";
import { met, mib, minutes, ratio, seconds, spread, table } from "./lib/table";

const root = join(__dirname, "..");
/** Scratch space (compiled JavaScript, ts-node's cache) under node_modules, where the compiled code finds its packages. */
const scratch = join(root, "node_modules", ".cache", "milvus-l7-bench");
const scaleSizes = [1, 10, 50, 100];
const targets = { program: 1.25, scale: 1.2 };

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a positive integer");

const progress = (message: string) => process.stderr.write(`  ${message}\n`);
const tsxCase = (id: string, label: string, file: string, args: string[] = []): Variant => ({
    id,
    label,
    command: process.execPath,
    args: ["--import", "tsx", file, ...args],
});
const sampleStats = (samples: readonly Sample[]) => ({ ms: stats(samples.map((s) => s.ms)), rss: stats(samples.map((s) => s.maxRssKiB)) });
const digestOf = (samples: readonly Sample[]) => samples[0]?.report.digest;
const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
/** Which ts-node Pulumi's run.js would load: the project's own, else the one @pulumi/pulumi vendors. */
function tsNodeInUse(): string {
    try {
        return `ts-node ${versionOf("ts-node")} from node_modules`;
    } catch {
        const vendored = readdirSync(join(root, "node_modules", "@pulumi", "pulumi", "vendor")).find((d) => d.startsWith("ts-node@"));
        return `${vendored ?? "ts-node"} vendored by @pulumi/pulumi ${versionOf("@pulumi/pulumi")} (none in node_modules)`;
    }
}

/** Items 1 to 3: the floor, the program, and N components against the same resources registered flat. */
async function evaluation(): Promise<string> {
    const floorCase = tsxCase("floor", "floor", "bench/cases/floor.ts");
    const programCase = tsxCase("program", "program (index.ts, dev)", "bench/cases/program.ts");
    // The two are close and cheap, and this machine's speed drifts by a quarter from run to run: three times the
    // rounds keep their medians steady.
    const baseline = await interleaved([floorCase, programCase], [floorCase, programCase], 3 * runs, root, progress);
    const scaleVariants: Variant[] = [
        floorCase,
        ...scaleSizes.flatMap((n) => [
            tsxCase(`component-${n}`, `${n} components`, "bench/cases/scale.ts", ["component", String(n)]),
            tsxCase(`flat-${n}`, `${n} flat`, "bench/cases/scale.ts", ["flat", String(n)]),
        ]),
    ];
    // Each case file once warms every cache these variants use (tsx's compiled files, the OS's file cache); the
    // larger sizes only run more of the same code.
    const warmUps = scaleVariants.filter((v) => ["component-1", "flat-1"].includes(v.id));
    const samples = await interleaved(scaleVariants, warmUps, runs, root, progress);
    const of = (id: string) => sampleStats(samples.get(id) ?? []);
    const floor = sampleStats(baseline.get("floor") ?? []);
    const program = sampleStats(baseline.get("program") ?? []);
    const programRatio = program.ms.median / floor.ms.median;
    const programReport = baseline.get("program")?.[0]?.report ?? {};

    const floorSection = [
        "## 1–2. Floor and program",
        "",
        `Median of ${3 * runs} interleaved runs each (three times the rounds: the two are close and cheap, and this machine's`,
        "speed drifts by a quarter from run to run).",
        "",
        table(
            ["Process", "Wall, median (min–max)", "Peak RSS, median", "vs floor"],
            [
                ["Floor: SDKs loaded, engine started, nothing created", spread(floor.ms), mib(floor.rss.median), ratio(1)],
                [`Program: index.ts, dev stack (${String(programReport.resources)} resources)`, spread(program.ms), mib(program.rss.median), ratio(programRatio)],
            ],
        ),
        "",
        `The program's own cost: ${(program.ms.median - floor.ms.median).toFixed(0)} ms and ` +
            `${mib(program.rss.median - floor.rss.median)} over the floor. ` +
            `Target ≤ ${targets.program}× the floor: ${met(programRatio <= targets.program)} (${ratio(programRatio)}).`,
    ];

    // Against the floor measured in the same rounds as the scale variants.
    const scaleFloor = of("floor");
    const perInstance = (id: string, n: number) => {
        const s = of(id);
        return { ms: (s.ms.median - scaleFloor.ms.median) / n, kib: (s.rss.median - scaleFloor.rss.median) / n, wall: s.ms };
    };
    const rows = scaleSizes.map((n) => {
        const c = perInstance(`component-${n}`, n);
        const f = perInstance(`flat-${n}`, n);
        const same = digestOf(samples.get(`component-${n}`) ?? []) === digestOf(samples.get(`flat-${n}`) ?? []);
        return { n, c, f, same, ratio: c.ms / f.ms };
    });
    // The marginal cost of one more instance, between consecutive sizes: constant when growth is linear.
    const slope = (kind: "component" | "flat", a: number, b: number) => (of(`${kind}-${b}`).ms.median - of(`${kind}-${a}`).ms.median) / (b - a);
    const slopes = scaleSizes.slice(1).map((b, i) => ({ a: scaleSizes[i], b, c: slope("component", scaleSizes[i], b), f: slope("flat", scaleSizes[i], b) }));
    const largest = rows[rows.length - 1];
    const [, s1050, s50100] = slopes;
    const linear = s1050 !== undefined && s50100 !== undefined && s50100.c <= 1.25 * s1050.c;
    const scaleSection = [
        "## 3. Scale: N components against the same resources registered flat",
        "",
        "Per instance = (median at N − the floor's median from the same rounds) / N, for wall time and peak RSS. Each",
        `instance is the dev stack's component (${String(samples.get("component-1")?.[0]?.report.resources)} resources); the flat program registers the same resources`,
        "directly: no ComponentResource, no validation, the same literal data for every instance. \"Same resources\"",
        "compares a digest of every registered resource's type, name, inputs, dependsOn and input dependencies. At small",
        "N the per-instance figures are within the run-to-run spread (min–max), so the target is judged where instances",
        "dominate: N = 100.",
        "",
        table(
            ["N", "Components: wall", "Flat: wall", "Per component", "Per flat instance", "Ratio", "RSS per component", "RSS per flat instance", "Same resources"],
            rows.map((r) => [
                String(r.n),
                spread(r.c.wall),
                spread(r.f.wall),
                `${r.c.ms.toFixed(1)} ms`,
                `${r.f.ms.toFixed(1)} ms`,
                ratio(r.ratio),
                `${(r.c.kib / 1024).toFixed(2)} MiB`,
                `${(r.f.kib / 1024).toFixed(2)} MiB`,
                r.same ? "yes" : "**no**",
            ]),
        ),
        "",
        table(
            ["Marginal cost of one more instance", "Component", "Flat", "Ratio"],
            slopes.map((s) => [`N ${s.a} → ${s.b}`, `${s.c.toFixed(1)} ms`, `${s.f.toFixed(1)} ms`, ratio(s.c / s.f)]),
        ),
        "",
        `Target ≤ ${targets.scale}× flat per instance at N = ${largest.n}: ${met(largest.ratio <= targets.scale)} (${ratio(largest.ratio)}). ` +
            `Linear (marginal cost at 50 → 100 within 1.25× of 10 → 50): ${met(linear)}` +
            (s1050 && s50100
                ? ` (component ${s1050.c.toFixed(1)} ms, then ${s50100.c.toFixed(1)} ms; flat ${s1050.f.toFixed(1)} ms, then ${s50100.f.toFixed(1)} ms).`
                : "."),
        "",
        "Where the time goes (a `node --cpu-prof` of the flat program at N = 100 under tsx): mostly in @pulumi/pulumi's",
        "runtime/debuggable.js, which records `new Error().stack` for every output promise (formatted through source maps",
        "under tsx) and keeps it until exit for its leak check, and in garbage collection of the heap that grows with them;",
        "components and flat resources pay it alike. The component's own work (validation, plain data, registering itself",
        "and its outputs) is the difference between the two columns.",
        ...(rows.every((r) => r.same) ? [] : ["", "**The two programs did not register the same resources: the comparison is void until bench/programs/flat.ts follows the component again.**"]),
    ];
    return [...floorSection, "", ...scaleSection].join("\n");
}

/** Item 4: Pulumi's loaders, each running the real program; the choice and Pulumi.yaml's runtime setting. */
async function startup(): Promise<string> {
    const js = join(scratch, "js");
    rmSync(js, { recursive: true, force: true });
    progress("tsc: compiling the project to JavaScript (the precompiled variant's build step)");
    const buildStart = process.hrtime.bigint();
    const build = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", js], { cwd: root, encoding: "utf8" });
    const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;

    const variants = loaderVariants(join(scratch, "ts-node-cache"), join(js, "bench", "cases", "program.js"));
    // The cold variants keep no cache to warm; the warm ones fill theirs (and the OS's file cache) here.
    const samples = await interleaved(variants, variants.filter((v) => v.cache === "warm"), runs, root, progress);
    const reference = digestOf(samples.get("ts-node-check-cold") ?? []);
    const row = (v: LoaderVariant) => ({ v, ...sampleStats(samples.get(v.id) ?? []), same: digestOf(samples.get(v.id) ?? []) === reference });
    const measured = variants.map(row);
    const fastest = Math.min(...measured.map((m) => m.ms.median));

    // `pulumi up` runs the program twice (preview, then update): the first run finds the caches cold, the second warm.
    const families = [...new Set(variants.map((v) => v.family))].map((family) => {
        const of = (cache: "cold" | "warm") => measured.find((m) => m.v.family === family && m.v.cache === cache);
        const first = of("cold") ?? of("warm");
        const second = of("warm") ?? of("cold");
        const build = family === "precompiled" ? buildMs : 0;
        return { family, selectable: first?.v.selectable ?? false, setting: first?.v.pulumiSetting ?? "", up: build + (first?.ms.median ?? 0) + (second?.ms.median ?? 0), build };
    });
    const eligible = families.filter((f) => f.selectable).sort((a, b) => a.up - b.up);
    const choice = eligible[0];
    const project = YAML.parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as { runtime: unknown };
    const runtime = JSON.stringify(project.runtime);
    const chosenNodeargs = choice?.family === "tsx";
    const runtimeMatches = chosenNodeargs ? runtime.includes('"typescript":false') && runtime.includes("--import tsx") : !runtime.includes('"typescript":false');

    return [
        "## 4. Start-up: how Pulumi loads the program",
        "",
        `${tsNodeInUse()} with TypeScript ${versionOf("typescript")} from node_modules; tsx ${versionOf("tsx")}. ` +
        "Each variant runs bench/cases/program.ts, which runs index.ts on the dev stack; \"same resources\" compares what it registered with the type-checked run.",
        "",
        table(
            ["Loader", "Wall, median (min–max)", "Peak RSS", "vs fastest", "Same resources", "Pulumi setting"],
            measured.map((m) => [m.v.label, spread(m.ms), mib(m.rss.median), ratio(m.ms.median / fastest), m.same ? "yes" : "**no**", m.v.pulumiSetting]),
        ),
        "",
        `Build step of the precompiled variant: \`tsc -p tsconfig.json\` took ${seconds(buildMs)} (one run; exit ${String(build.status)}).`,
        "",
        "`pulumi up` runs the program twice, preview then update, on one machine: cold caches first, warm second (a CI",
        "job starts from a fresh checkout).",
        "",
        table(
            ["Loader", "One `pulumi up` (build + cold + warm)", "Selectable in Pulumi.yaml alone"],
            families.map((f) => [f.family, seconds(f.up), f.selectable ? "yes" : "no"]),
        ),
        "",
        choice
            ? `Fastest selectable loader that runs the current sources: **${choice.family}** (${choice.setting}). ` +
              `Pulumi.yaml's runtime is \`${runtime}\`: ${runtimeMatches ? "it selects this loader" : "**it does not select this loader**"}.`
            : "No selectable loader ran.",
        "",
        "Type checking is not lost with tsx: `npm test` runs `tsc --noEmit` on every change, and the tsx, ts-node and",
        "compiled runs register the same resources.",
    ].join("\n");
}

/** Item 5: the longest chain of waits in the registered graph, per cert mode, against the guide's sequential steps. */
async function criticalPath(): Promise<string> {
    const lines = [
        "## 5. Deploy critical path",
        "",
        "From the graph the program registers (dependsOn, output-to-input links, providers, custom parents; waiting on a",
        "component is waiting on all under it), each resource weighted by how long its create waits, plus the waits a",
        "working endpoint needs that no engine sees (health checks; the managed certificate, which GKE provisions only",
        "once the load balancer serves the domain and DNS points at it). `typical` and `bound` figures per wait: see the",
        "sources below. The guide's steps are summed, as it runs them one after another. Both scenarios are the dev",
        "stack with Milvus in cluster mode; google-managed adds `dnsZone` (the A record, made from the reserved address).",
        "",
    ];
    const summary: string[][] = [];
    const details: string[] = [];
    for (const scenario of scenarios) {
        progress(`critical path: ${scenario.certMode}`);
        const { report } = await runOnce(tsxCase("graph", `graph ${scenario.certMode}`, "bench/cases/graph.ts", [scenario.certMode]), root);
        const graph = report.graph as GraphResource[];
        const figures = guideFigures(graph);
        const steps = guideSteps(scenario.certMode, figures.release, figures.healthCheckSeconds);
        for (const estimate of ["typical", "bound"] as const) {
            const a: Analysis = analyse(scenario, graph, estimate);
            const guide = steps.reduce((sum, s) => sum + s.wait[estimate], 0);
            summary.push([
                scenario.certMode,
                estimate,
                minutes(a.pulumiUpSeconds),
                minutes(a.endpointSeconds),
                minutes(a.longestSingleWaitSeconds),
                minutes(guide),
                ratio(guide / a.endpointSeconds),
                a.serialized.length === 0 ? `met (+${minutes(a.endpointSeconds - a.longestSingleWaitSeconds)} of short steps)` : "**missed**",
            ]);
            if (estimate === "typical") {
                details.push(
                    `### ${scenario.certMode}: the critical chain (typical)`,
                    "",
                    table(
                        ["Waits on", "Why it waits on the row above", "Wait", "Done at", "Source"],
                        a.chain.map((c) => [c.id, c.after || "—", minutes(c.seconds), minutes(c.finishes), sources[c.source].title]),
                    ),
                    "",
                    a.serialized.length === 0
                        ? "No long wait (Helm readiness, load balancer) waits on another in the program's graph."
                        : ["Long waits the graph puts in series:", ...a.serialized.map((s) => `- ${s.then} after ${s.first}: ${s.edges.join("; ")}`)].join("\n"),
                    "",
                    `The guide, ${scenario.certMode}: ` + steps.map((s) => `${s.step} (${minutes(s.wait.typical)})`).join(" → ") + ".",
                    "",
                );
            }
        }
    }
    return [
        ...lines,
        table(
            ["Cert mode", "Figures", "`pulumi up` returns", "Working endpoint", "Longest single wait", "Guide, sequential", "Guide / program", "Target: endpoint = longest wait"],
            summary,
        ),
        "",
        "The google-managed certificate's wait counts with the load balancer's as one: Google starts provisioning only when",
        "the load balancer serves the domain, an order no graph can change. The Ingress create also waits for its backend",
        "Service's Endpoints object to exist (not to be ready), which the Helm release creates in its first seconds.",
        "",
        ...details,
    ].join("\n");
}

/** The newest modification time among the files the measured programs load: a change mid-run mixes versions. */
function newestSource(): number {
    const tsFiles = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) return tsFiles(path);
            return entry.name.endsWith(".ts") ? [path] : [];
        });
    const topLevel = readdirSync(root).filter((f) => f.endsWith(".ts")).map((f) => join(root, f));
    const files = [...topLevel, ...["components", "render", "bench"].flatMap((d) => tsFiles(join(root, d)))];
    return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

async function main(): Promise<void> {
    const started = Date.now();
    const sourcesAtStart = newestSource();
    mkdirSync(scratch, { recursive: true });
    process.stderr.write(`bench: ${runs} interleaved rounds after a warm-up\n`);
    try {
        const sections = [await evaluation(), await startup(), await criticalPath()];
        const cpus = os.cpus();
        const header = [
            "# Benchmarks",
            "",
            "Generated by `npm run bench` (bench/run.ts); do not edit by hand.",
            "",
            `- Date: ${new Date().toISOString()}; total bench time ${((Date.now() - started) / 60000).toFixed(1)} min`,
            `- Machine: ${cpus[0]?.model ?? "?"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
            `- Node ${process.version}; @pulumi/pulumi ${versionOf("@pulumi/pulumi")}, @pulumi/kubernetes ${versionOf("@pulumi/kubernetes")}, ` +
                `@pulumi/gcp ${versionOf("@pulumi/gcp")}, @pulumi/tls ${versionOf("@pulumi/tls")}, @pulumi/random ${versionOf("@pulumi/random")}`,
            `- Method: every figure is the median of at least ${runs} whole-process runs (min–max beside it), each variant its own child`,
            "  process timed from spawn to exit by the runner, peak RSS (`process.resourceUsage().maxRSS`) reported by the child",
            "  at exit. A warm-up first (items 1–3: each case file once; item 4: every loader that keeps a cache); then each",
            "  round runs every variant of a comparison once, the order rotated each round, so a slow spell of the machine",
            "  falls on all of them. Items 1–3 run under tsx.",
            "  Everything runs on the in-process engine of render/engine.ts (Pulumi mocks): no CLI, no cloud.",
        ];
        const changed = newestSource() !== sourcesAtStart;
        if (changed) header.push("", "**Sources of the program changed while the bench ran: these figures may mix versions; run it again.**");
        const sourceList = ["## Sources", "", ...Object.values(sources).map((s) => `- ${s.url ? `[${s.title}](${s.url})` : s.title}: ${s.says}.`)];
        const markdown = [...header, "", ...sections.flatMap((s) => [s, ""]), ...sourceList, ""].join("\n");
        writeFileSync(join(root, "bench", "results.md"), markdown);
        process.stdout.write(`${markdown}\nWrote bench/results.md\n`);
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
