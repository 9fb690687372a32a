// `npm run verify`: the guide's last step ("connect over TLS and check Milvus"), step by step, with advice.
// Exit status: 0 healthy, 1 a step failed, 2 bad usage.
import { readFileSync } from "node:fs";
import { describeToken, parseFlags, resolveTarget, usage, UsageError, type Target } from "./options";
import { formatMs, verifyEndpoint, type StepResult } from "./probe";
import { readStackOutputs } from "./stackOutputs";

/** Where the CLI writes: passed steps and notes to `out`, the failure and usage errors to `err`. */
export interface Output {
    out: (line: string) => void;
    err: (line: string) => void;
}

/** One line per step: ✓ with what was seen (then a ⚠ line if it warns), or ✗ with what failed and what to fix. */
export function formatStep(result: StepResult): string {
    if (!result.ok) return `✗ ${result.title}: ${result.failure.problem} — fix: ${result.failure.fix}`;
    const passed = `✓ ${result.title} ${result.detail} (${formatMs(result.elapsedMs)})`;
    return result.warning === undefined ? passed : `${passed}\n⚠ ${result.title}: ${result.warning.problem} — ${result.warning.fix}`;
}

function describeTarget(target: Target): string {
    return (
        `· dialling ${target.host}:${target.port} as ${target.serverName}, trusting ${target.ca?.source ?? "the system roots"}, ` +
        `with ${describeToken(target.token)}, ${target.timeoutMs / 1000} s per step`
    );
}

/** Runs the verifier with `argv` (flags only) and resolves to the exit status. */
export async function main(argv: string[], output: Output): Promise<number> {
    let target: Target;
    try {
        const flags = parseFlags(argv);
        if (flags.help) {
            output.out(usage);
            return 0;
        }
        const stack = await readStackOutputs(flags.stack);
        output.out(`· ${stack.note}`);
        target = resolveTarget(flags, stack.outputs, (path) => readFileSync(path, "utf8"), process.env);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        output.err(`✗ ${error.message} (--help lists the flags)`);
        return 2;
    }

    output.out(describeTarget(target));
    const healthy = await verifyEndpoint(target, (result) => (result.ok ? output.out : output.err)(formatStep(result)));
    if (healthy) output.out(`Milvus at ${target.serverName} is healthy.`);
    return healthy ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
        (status) => {
            process.exitCode = status;
        },
        (error: unknown) => {
            console.error(`✗ unexpected error: ${(error as Error).stack ?? String(error)}`);
            process.exitCode = 1;
        },
    );
}
