// `npm test`: the test suite (`npm run test:unit`) and, at the same time, the typecheck and the lint on one program
// (`npm run check`, test/check.ts), the import-circle check (`npm run circles`, madge on components/) and the formatter's check (`npm run format:check`, prettier). Neither needs the other's result, and the check keeps one core busy at most, so
// run one after the other they left a core idle (bench/results.md, "npm test"). The suite's output streams as it
// runs; the check's follows it, then one line per step. Exits 1 if any step failed, after all ended.
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..");

// V8's compiled code of every module, kept between processes: each test file and each render the tests start
// loads the same ~1,000 modules of the SDKs (Node's module.enableCompileCache, Node >= 22.1).
process.env.NODE_COMPILE_CACHE ??= join(root, "node_modules", ".cache", "milvus-l7", "node-compile-cache");

interface Step {
    script: string;
    code: number | null;
    output: string;
    seconds: number;
}

/** Runs `npm run <script>`; its output streams to ours when `stream`, else is kept for later. */
function run(script: string, stream: boolean): Promise<Step> {
    const started = performance.now();
    const npm = process.env.npm_execpath;
    const [command, args] = npm
        ? [process.execPath, [npm, "run", "--silent", script]]
        : ["npm", ["run", "--silent", script]];
    const child = spawn(command, args, {
        cwd: root,
        stdio: ["ignore", stream ? "inherit" : "pipe", stream ? "inherit" : "pipe"],
    });
    let output = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    return new Promise((resolve) => {
        child.once("error", (error) => resolve({ script, code: 1, output: `${output}${error.message}\n`, seconds: 0 }));
        child.once("close", (code) => resolve({ script, code, output, seconds: (performance.now() - started) / 1000 }));
    });
}

async function main(): Promise<void> {
    const steps = await Promise.all([
        run("test:unit", true),
        run("check", false),
        run("circles", false),
        run("format:check", false),
    ]);
    for (const step of steps.slice(1)) {
        process.stdout.write(`\n=== npm run ${step.script}\n${step.output || "(no output)\n"}`);
    }
    process.stdout.write("\n");
    for (const step of steps) {
        process.stdout.write(
            `=== ${step.script}: ${step.code === 0 ? "passed" : `FAILED (exit ${step.code})`} in ${step.seconds.toFixed(1)} s\n`,
        );
    }
    process.exitCode = steps.every((s) => s.code === 0) ? 0 : 1;
}

void main();
