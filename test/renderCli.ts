// `npm run render` as its own process (Pulumi's runtime state is global: one program per process), loaded as
// package.json's render script loads it: `node --require ./load.js`, which loads @pulumi/pulumi before tsx's hooks
// (about a third less CPU per start than `--import tsx`; see load.js).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { root } from "./stack";

const run = promisify(execFile);

/** What a render process ended with: its exit code, stdout and stderr. */
export interface RenderRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs `npm run render -- <args>` from the repository's root and resolves to how it ended (never rejects on exit). */
export async function render(...args: string[]): Promise<RenderRun> {
    try {
        const { stdout, stderr } = await run(process.execPath, ["--require", join(root, "load.js"), join(root, "render/cli.ts"), ...args], { cwd: root, timeout: 60_000 });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}
