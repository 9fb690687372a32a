// `npm run test:unit`: every test/*.test.ts, two files at a time (`node --test --test-concurrency=2`; Node's default
// on a 2-core machine is one), each loaded through load.js as `npm run render` is. A file runs in a process of its
// own, except those of {@link sharedProcess}, which test/shared-process.ts loads into one: each process's own start,
// loading tsx and the SDKs, costs 1 to 2 s of CPU (bench/results.md, "npm test"). Any other arguments go to node's
// test runner (`npm run test:unit -- --test-name-pattern=render`).
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Test files that need no process of their own: none starts the in-process engine of test/engine.ts (one per
 * process: Pulumi's runtime state is global) or runs index.ts through it. Renders in a process run one at a time
 * (test/renderCli.ts), and the top-level tests of the files run one after another.
 */
export const sharedProcess = [
    "args.test.ts",
    "chart-exposure.test.ts",
    "cli-config.test.ts",
    "gateway.test.ts",
    "gcp-rules.test.ts",
    "golden.test.ts",
    "hardening-probe.test.ts",
    "milvus-effective-config.test.ts",
    "objects.test.ts",
    "package.test.ts",
    "readme.test.ts",
    "render-folder.test.ts",
    "render.test.ts",
    "settings.test.ts",
    "status-waits.test.ts",
    "supported-versions.test.ts",
    "verify.test.ts",
];

/**
 * Test files that deploy components on the one engine of test/engine.ts (through test/deploy.ts) and read back only
 * what they registered themselves, so they can share it: test/shared-engine-process.ts loads them into one process
 * (6.9 s against 12.7 s apart, bench/results.md "npm test"). Not component.test.ts or component-gateway.test.ts,
 * which look resources up by names the others register too, nor a file that runs index.ts (one program a process).
 */
export const sharedEngineProcess = [
    "cloud-armor-removal.test.ts",
    "component-inputs.test.ts",
    "object-storage.test.ts",
    "outputs.test.ts",
];

/**
 * The processes that take longest, started first (each 5 to 15 s on its own; the other files 2 to 3 s): the two
 * slots then end together. Started last, as in name order, one of them ran alone at the end while the other core
 * had nothing left (bench/results.md, "npm test").
 */
const slowestFirst = [
    "verify-e2e.test.ts",
    "shared-process.ts",
    "plugin.test.ts",
    "shared-engine-process.ts",
    "component.test.ts",
    "component-gateway.test.ts",
];

if (require.main === module) {
    const root = join(__dirname, "..");
    const own = readdirSync(join(root, "test"))
        .filter(
            (file) => file.endsWith(".test.ts") && !sharedProcess.includes(file) && !sharedEngineProcess.includes(file),
        )
        .concat("shared-process.ts", "shared-engine-process.ts")
        .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const files = own.map((file) => join("test", file));
    const args = [
        "--require",
        "./load.js",
        "--test",
        "--test-concurrency=2",
        "--test-reporter=spec",
        ...process.argv.slice(2),
        ...files,
    ];
    const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit" });
    child.once("close", (code, signal) => (process.exitCode = code ?? (signal ? 1 : 0)));
}

/** Where `file` starts: in {@link slowestFirst}'s order, then every other file. */
function rank(file: string): number {
    const at = slowestFirst.indexOf(file);
    return at === -1 ? slowestFirst.length : at;
}
