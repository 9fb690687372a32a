// `npm run render`, two ways. In this process (render/cli.ts's `render`): what most tests need, the program's
// behaviour, without a node start per render (about 1.5 s of CPU each, most of it loading the SDKs; bench/results.md,
// "npm test"). As its own process, loaded as package.json's render script loads it (`node --require ./load.js`): for
// what only a process shows, its exit status and how the command line reaches it.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { format, promisify } from "node:util";
import { render as renderCli } from "../render/cli";
import { root } from "./stack";

const run = promisify(execFile);

/** What a render ended with: its exit code, stdout and stderr. */
export interface RenderRun {
    code: number;
    stdout: string;
    stderr: string;
}

// Pulumi's runtime state is global to a process, so renders in this process run one at a time, in call order.
let previous: Promise<unknown> = Promise.resolve();

/**
 * Runs `npm run render -- <args>` in this process (relative paths from its working directory) and resolves to how
 * it ended. What the SDK prints to the console meanwhile (`warning: [runtime] ...` under mocks) is part of the
 * output, as in a process of its own: console.log and console.info to stdout, the rest to stderr.
 */
export function render(...args: string[]): Promise<RenderRun> {
    const done = previous.then(async () => {
        const streams = { stdout: "", stderr: "" };
        const to =
            (stream: keyof typeof streams) =>
            (...data: unknown[]) =>
                (streams[stream] += `${format(...data)}\n`);
        const saved = { ...console };
        Object.assign(console, {
            log: to("stdout"),
            info: to("stdout"),
            debug: to("stdout"),
            warn: to("stderr"),
            error: to("stderr"),
        });
        try {
            const code = await renderCli(args, {
                stdout: (text) => (streams.stdout += text),
                stderr: (text) => (streams.stderr += text),
            });
            return { code, ...streams };
        } finally {
            Object.assign(console, saved);
        }
    });
    previous = done.catch(() => undefined);
    return done;
}

/** Runs `npm run render -- <args>` as its own process from the repository's root; resolves to how it ended (never rejects on exit). */
export async function renderProcess(...args: string[]): Promise<RenderRun> {
    try {
        const { stdout, stderr } = await run(
            process.execPath,
            ["--require", join(root, "load.js"), join(root, "render/cli.ts"), ...args],
            { cwd: root, timeout: 60_000 },
        );
        return { code: 0, stdout, stderr };
    } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}
