// `npm run bench [-- --runs N] [--baseline <rev>]`: the program's start against a baseline revision, the program
// against its floor, N components against the same registrations made flat, and the component package's start. Prints the tables and writes
// bench/results.md. A benchmark, not a test: it reports against the targets, met or not, and asserts nothing.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as YAML from "yaml";
import { reportPrefix } from "./child";

const root = resolve(__dirname, "..");
const { values: flags } = parseArgs({
    options: { runs: { type: "string", default: "5" }, baseline: { type: "string", default: "1d12ffb" } },
});
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a positive integer");
const sizes = [1, 10, 50, 100];
const targets = { start: 0.75, program: 1.25, component: 1.2 };

interface Variant {
    id: string;
    cwd: string;
    /** After `node` and the loader's arguments. */
    args: string[];
    /** How node loads TypeScript for this variant; `--import tsx` unless a tree says otherwise. */
    loader?: string[];
}
interface Sample {
    ms: number;
    cpuMs: number;
    rssKiB: number;
    /** Milliseconds of the phases a case reports (the plugin: listen, GetSchema). */
    phases: Record<string, number>;
}

const progress = (message: string) => process.stderr.write(`  ${message}\n`);

/** Runs a variant to its exit, timed from spawn; rejects with its stderr when it fails or prints no report. */
function measure(v: Variant): Promise<Sample> {
    return new Promise((done, fail) => {
        const started = process.hrtime.bigint();
        const child = spawn(process.execPath, [...(v.loader ?? ["--import", "tsx"]), ...v.args], {
            cwd: v.cwd,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let ms = 0;
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", () => (ms = Number(process.hrtime.bigint() - started) / 1e6));
        child.on("close", (code) => {
            const line = out.split("\n").find((l) => l.startsWith(reportPrefix));
            if (code !== 0 || line === undefined)
                return fail(new Error(`${v.id} failed (exit ${code}):\n${err.slice(-4000)}`));
            const { cpuMs, rssKiB, phases } = JSON.parse(line.slice(reportPrefix.length)) as Sample;
            done({ ms, cpuMs, rssKiB, phases });
        });
    });
}

/**
 * One warm-up run of each variant (OS file cache, tsx's cache), then `rounds` rounds of every variant once, the order
 * rotated each round: a slow spell of the machine falls on the variants of one round alike, so ratios are taken
 * within a round (the i-th samples of two variants are a pair).
 */
async function rounds(
    variants: readonly Variant[],
    count: number,
    warmUps: readonly Variant[] = variants,
): Promise<Map<string, Sample[]>> {
    for (const v of warmUps) await measure(v);
    const samples = new Map<string, Sample[]>(variants.map((v) => [v.id, []]));
    for (let round = 0; round < count; round++) {
        for (const v of variants.map((_, i) => variants[(i + round) % variants.length])) {
            progress(`round ${round + 1}/${count}: ${v.id}`);
            samples.get(v.id)?.push(await measure(v));
        }
    }
    return samples;
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** `median (min–max)` of values. */
const spread = (values: readonly number[], digits: number, unit = "") =>
    `${median(values).toFixed(digits)}${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
/** Per-round values of a function of the variants' samples in that round. */
const perRound = (s: Map<string, Sample[]>, f: (of: (id: string) => Sample) => number) =>
    (s.values().next().value ?? []).map((_, i) => f((id) => (s.get(id) ?? [])[i]));
const met = (ok: boolean) => (ok ? "met" : "**missed**");
const table = (head: string[], rows: string[][]) =>
    [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");

/**
 * How a tree loads TypeScript: for the program, its Pulumi.yaml's `nodeargs` (what the language host passes node);
 * for render, the node arguments of its `npm run render`. Relative paths are the tree's.
 */
function loaderOf(tree: string, kind: "program" | "render"): string[] {
    const text =
        kind === "program"
            ? ((
                  YAML.parse(readFileSync(join(tree, "Pulumi.yaml"), "utf8")) as {
                      runtime: { options?: { nodeargs?: string } };
                  }
              ).runtime.options?.nodeargs ?? "")
            : ((
                  JSON.parse(readFileSync(join(tree, "package.json"), "utf8")) as { scripts: { render: string } }
              ).scripts.render.match(/^node (.*) render\/cli\.ts$/)?.[1] ?? "");
    return text
        .split(" ")
        .filter(Boolean)
        .map((arg) => (arg.startsWith("./") ? join(tree, arg) : arg));
}

/** The program's start, `baseline` against the working tree, each in its own checkout and its own rounds. */
async function start(scratch: string, baselineTree: string): Promise<string> {
    const trees = { baseline: baselineTree, now: root };
    const cases = {
        program: (tree: string) => ["bench/child.ts", "program", tree],
        render: (tree: string) => [
            "bench/child.ts",
            "render",
            tree,
            join(scratch, tree === root ? "render-now" : "render-baseline"),
        ],
    };
    const rows: string[][] = [];
    let programRatio = Infinity;
    for (const [name, args] of Object.entries(cases)) {
        // The harness (bench/child.ts; for the program also harness/engine.ts) is the working tree's for both.
        const kind = name as "program" | "render";
        const s = await rounds(
            Object.entries(trees).map(([id, tree]) => ({
                id,
                cwd: root,
                args: args(tree),
                loader: loaderOf(tree, kind),
            })),
            2 * runs,
        );
        const wall = perRound(s, (of) => of("now").ms / of("baseline").ms);
        const cpu = perRound(s, (of) => of("now").cpuMs / of("baseline").cpuMs);
        if (name === "program") programRatio = median(wall);
        const ms = (id: string) =>
            spread(
                (s.get(id) ?? []).map((x) => x.ms),
                0,
                " ms",
            );
        rows.push([
            name === "program" ? "program: index.ts on the engine, dev stack" : "`npm run render -- --stack dev`",
            ms("baseline"),
            ms("now"),
            spread(wall, 2, "×"),
            spread(cpu, 2, "×"),
        ]);
    }
    return [
        `## Start: ${flags.baseline} against the working tree`,
        "",
        `${2 * runs} rounds of both, each round's ratio now / baseline; median (min–max) over the rounds. The program row is what`,
        "`pulumi up` runs before its first registration reaches the engine: tsx, source-map-support as the language host installs",
        "it, the SDKs and index.ts; render adds its schema checks and file writes.",
        "",
        table(["Process", `Wall, ${flags.baseline}`, "Wall, now", "Wall ratio per round", "CPU ratio per round"], rows),
        "",
        `Target ≤ ${targets.start}× for the program's start: ${met(programRatio <= targets.start)} (${programRatio.toFixed(2)}×).`,
    ].join("\n");
}

/**
 * The component package's start, as Pulumi's nodejs host runs it for every preview and update of a program in
 * another language: until run-plugin listens, then until GetSchema answers (Construct runs the same analysis first).
 * Against `hostDefault`: this tree as the host would load it without plugin.js and the scoped tsconfig.json
 * (package.json `main` the TypeScript module, so the host's ts-node type-checks it; tsconfig.json over the repository).
 */
async function plugin(hostDefault: string): Promise<string> {
    const variants = [
        { id: "host default", cwd: root, args: ["bench/child.ts", "plugin", hostDefault] },
        { id: "now", cwd: root, args: ["bench/child.ts", "plugin", root] },
    ];
    const s = await rounds(variants, runs);
    const phase = (id: string, f: (x: Sample) => number) => spread((s.get(id) ?? []).map(f), 0, " ms");
    const rows = variants.map(({ id }) => [
        id,
        phase(id, (x) => x.phases.listenMs),
        phase(id, (x) => x.phases.schemaMs),
        phase(id, (x) => x.phases.listenMs + x.phases.schemaMs),
    ]);
    const ratios = perRound(
        s,
        (of) =>
            (of("now").phases.listenMs + of("now").phases.schemaMs) /
            (of("host default").phases.listenMs + of("host default").phases.schemaMs),
    );
    return [
        "## Component package: run-plugin to schema",
        "",
        `${runs} rounds, each start with an empty TMPDIR (no ts-node or tsx cache: a CI runner, or a consumer's first preview).`,
        "Listen is spawn to the port printed (loading the SDKs and the component); GetSchema is Pulumi's analyzer compiling",
        "tsconfig.json's files. Host default is this tree with package.json `main: components/index.ts` and tsconfig.json",
        "over the whole repository, as the host loads a TypeScript package without plugin.js.",
        "",
        table(["Variant", "Listen", "GetSchema", "Total"], rows),
        "",
        `Total, now / host default per round: ${spread(ratios, 2, "×")}.`,
    ].join("\n");
}

/** This tree as Pulumi's host would run it as a package without plugin.js and the scoped tsconfig.json. */
function hostDefaultTree(tree: string): void {
    const pkgFile = join(tree, "package.json");
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { main: string; exports?: string };
    writeFileSync(pkgFile, JSON.stringify({ ...pkg, main: pkg.exports, exports: undefined }, null, 2));
    const all = JSON.parse(readFileSync(join(tree, "tsconfig.all.json"), "utf8")) as { include: string[] };
    const tsconfig = JSON.parse(readFileSync(join(tree, "tsconfig.json"), "utf8")) as { include: string[] };
    writeFileSync(join(tree, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: all.include }, null, 2));
}

/** The floor (N = 0), the program, and N components against their own registrations replayed flat. */
async function scale(scratch: string): Promise<string> {
    const record = (n: number) => join(scratch, `record-${n}.json`);
    const loader = loaderOf(root, "program");
    const component = (n: number): Variant => ({
        id: `component-${n}`,
        cwd: root,
        args: ["bench/child.ts", "scale", String(n)],
        loader,
    });
    const flat = (n: number): Variant => ({
        id: `flat-${n}`,
        cwd: root,
        args: ["bench/child.ts", "flat", record(n)],
        loader,
    });
    const floor = component(0);
    const program: Variant = { id: "program", cwd: root, args: ["bench/child.ts", "program", root], loader };
    const base = await rounds([floor, program], 2 * runs);
    const programRatios = perRound(base, (of) => of("program").ms / of(floor.id).ms);

    // Each component run's warm-up records its registrations for the flat run to replay.
    const recording = sizes.map((n) => ({ ...component(n), args: [...component(n).args, record(n)] }));
    const s = await rounds([floor, ...sizes.flatMap((n) => [component(n), flat(n)])], runs, [
        floor,
        ...recording,
        ...sizes.map(flat),
    ]);
    const per = (id: string, n: number) => perRound(s, (of) => (of(id).ms - of(floor.id).ms) / n);
    const rows = sizes.map((n) => {
        const ratios = perRound(
            s,
            (of) => (of(`component-${n}`).ms - of(floor.id).ms) / (of(`flat-${n}`).ms - of(floor.id).ms),
        );
        return {
            n,
            ratios,
            cells: [
                String(n),
                spread(per(`component-${n}`, n), 1, " ms"),
                spread(per(`flat-${n}`, n), 1, " ms"),
                spread(ratios, 2, "×"),
            ],
        };
    });
    const marginal = (kind: string, a: number, b: number) =>
        median(perRound(s, (of) => (of(`${kind}-${b}`).ms - of(`${kind}-${a}`).ms) / (b - a)));
    const [m1050, m50100] = [marginal("component", 10, 50), marginal("component", 50, 100)];
    const atLargest = median(rows[rows.length - 1].ratios);
    const programRatio = median(programRatios);
    const floorMs = median((base.get(floor.id) ?? []).map((x) => x.ms));
    return [
        "## Program and scale",
        "",
        `The floor is the engine and every module the program loads, creating nothing (${2 * runs} rounds with the program).`,
        `Program / floor per round: ${spread(programRatios, 2, "×")} (floor ${floorMs.toFixed(0)} ms). Target ≤ ${targets.program}×: ${met(programRatio <= targets.program)}.`,
        "",
        `Per instance = (run − the floor of the same round) / N, over ${runs} rounds. Each instance is the dev stack's component;`,
        "flat replays the custom resources a component run recorded (type, name, inputs, dependencies) with",
        "`new pulumi.CustomResource`, so both register the same resources by construction.",
        "",
        table(
            ["N", "Per component", "Per flat instance", "Component / flat per round"],
            rows.map((r) => r.cells),
        ),
        "",
        `Target ≤ ${targets.component}× flat at N = 100: ${met(atLargest <= targets.component)} (${atLargest.toFixed(2)}×). ` +
            `Linear (marginal cost at 50 → 100 within 1.25× of 10 → 50): ${met(m50100 <= 1.25 * m1050)} (${m1050.toFixed(1)} ms, then ${m50100.toFixed(1)} ms).`,
    ].join("\n");
}

async function main(): Promise<void> {
    const started = Date.now();
    const git = (...args: string[]) =>
        execFileSync("git", args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] }).toString();
    try {
        git("rev-parse", "--verify", "--quiet", `${flags.baseline}^{commit}`);
    } catch {
        // The start is measured against another revision, and the package against HEAD as committed: both are
        // checked out with `git worktree add`, which a copy of the sources (`git archive`, a tarball) cannot do.
        throw new Error(
            `npm run bench needs a git clone holding the baseline revision ${flags.baseline} (--baseline <rev>); ${root} is not one`,
        );
    }
    const scratch = mkdtempSync(join(os.tmpdir(), "milvus-l7-bench-"));
    const baselineTree = join(scratch, "baseline");
    const hostDefault = join(scratch, "host-default");
    try {
        git("worktree", "add", "--detach", baselineTree, flags.baseline);
        symlinkSync(resolve(root, "node_modules"), join(baselineTree, "node_modules"));
        git("worktree", "add", "--detach", hostDefault, "HEAD");
        symlinkSync(resolve(root, "node_modules"), join(hostDefault, "node_modules"));
        hostDefaultTree(hostDefault);
        const sections = [await start(scratch, baselineTree), await scale(scratch), await plugin(hostDefault)];
        const version = (pkg: string) =>
            (JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string })
                .version;
        const cpus = os.cpus();
        // `npm test` is timed by hand, as a whole command against another revision: not one of the rounds above.
        const results = join(root, "bench", "results.md");
        const npmTestSection = /^## npm test\n[\s\S]*?(?=^## |(?![\s\S]))/m.exec(
            existsSync(results) ? readFileSync(results, "utf8") : "",
        )?.[0];
        const markdown = [
            "# Benchmarks",
            "",
            'Generated by `npm run bench` (bench/run.ts); do not edit by hand, except the section "npm test", which is',
            "measured by hand (it says how) and kept as it is.",
            "",
            `- ${new Date().toISOString()}, ${((Date.now() - started) / 60000).toFixed(1)} min; ${cpus[0]?.model ?? "?"} × ${cpus.length}; Node ${process.version}; ` +
                `working tree at ${git("rev-parse", "--short", "HEAD").trim()}${git("status", "--porcelain").trim() ? " with changes" : ""}`,
            `- @pulumi/pulumi ${version("@pulumi/pulumi")}, @pulumi/gcp ${version("@pulumi/gcp")}, @pulumi/kubernetes ${version("@pulumi/kubernetes")}`,
            "- Every process is `node`, loading TypeScript as its tree does (Pulumi.yaml `nodeargs`, `npm run render`; the",
            "  baseline `--import tsx`), timed from spawn to exit; CPU is its user + system time. Everything runs on the",
            "  in-process engine of harness/engine.ts: no CLI, no cloud.",
            "",
            ...sections.flatMap((s) => [s, ""]),
            ...(npmTestSection === undefined ? [] : [npmTestSection]),
        ].join("\n");
        writeFileSync(results, markdown);
        process.stdout.write(`${markdown}\nWrote bench/results.md\n`);
    } finally {
        // Only what this run made: its worktree (with the node_modules link in it) and its scratch folder.
        for (const tree of [baselineTree, hostDefault]) {
            try {
                git("worktree", "remove", "--force", tree);
            } catch {
                // Not created: nothing to remove.
            }
        }
        rmSync(scratch, { recursive: true, force: true });
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
