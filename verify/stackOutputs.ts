// Defaults from the deployed stack: `pulumi stack output --json --show-secrets`, only when a pulumi CLI is there.
import { execFile } from "node:child_process";

/** The program's exports the verifier uses (see index.ts); absent ones are undefined. */
export interface StackOutputs {
    loadBalancerIp?: string;
    /** `<domain>:443`; the domain may be a wildcard. */
    endpoint?: string;
    /** Self-managed mode only; null (so undefined here) with google-managed certificates. */
    certificatePem?: string;
    /** Only while Milvus authentication is on; the user is root. */
    rootPassword?: string;
}

const outputNames = ["loadBalancerIp", "endpoint", "certificatePem", "rootPassword"] as const;

/** Picks the outputs the verifier uses from the JSON the CLI printed; null or missing ones stay undefined. */
export function parseStackOutputs(json: string): StackOutputs {
    let parsed: unknown;
    try {
        parsed = JSON.parse(json);
    } catch {
        // V8's SyntaxError quotes the text around the fault, and this text holds the stack's secrets.
        throw new Error(`not JSON (${json.length} characters, not shown since they may hold secrets)`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new Error("`pulumi stack output --json` did not print an object");
    }
    const outputs: StackOutputs = {};
    for (const name of outputNames) {
        const value = (parsed as Record<string, unknown>)[name];
        if (value === undefined || value === null) continue;
        if (typeof value !== "string") throw new Error(`output ${name} is not a string`);
        outputs[name] = value;
    }
    return outputs;
}

/** The outputs, or none, and one line saying where the defaults came from. */
export interface StackRead {
    outputs: StackOutputs;
    note: string;
}

// Longer than a probe step: the CLI starts up and may ask its backend (Pulumi Cloud, a bucket) for the state.
const pulumiTimeoutMs = 30_000;

/**
 * Runs `pulumi stack output --json --show-secrets [--stack <stack>]`. A missing or failing CLI is not an error:
 * the verifier then goes on with flags only, and the note says why. Nothing of stdout is ever printed (secrets).
 */
export function readStackOutputs(stack: string | undefined): Promise<StackRead> {
    const args = ["stack", "output", "--json", "--show-secrets", ...(stack === undefined ? [] : ["--stack", stack])];
    const stackName = stack === undefined ? "the selected stack" : `stack ${stack}`;
    return new Promise((resolve) => {
        execFile("pulumi", args, { timeout: pulumiTimeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (error !== null) {
                const code = (error as NodeJS.ErrnoException).code;
                const why =
                    code === "ENOENT"
                        ? "pulumi CLI not found on PATH"
                        : error.killed
                          ? `pulumi stack output did not finish within ${pulumiTimeoutMs / 1000} s`
                          : `pulumi stack output failed: ${firstLine(stderr) || error.message}`;
                resolve({ outputs: {}, note: `${why}; using flags only` });
                return;
            }
            try {
                resolve({ outputs: parseStackOutputs(stdout), note: `defaults from the outputs of ${stackName}` });
            } catch (parseError) {
                resolve({
                    outputs: {},
                    note: `unreadable outputs of ${stackName}: ${(parseError as Error).message}; using flags only`,
                });
            }
        });
    });
}

function firstLine(text: string): string {
    return text.trim().split("\n")[0] ?? "";
}
