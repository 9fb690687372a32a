// `npm run verify`: the guide's last step ("connect over TLS and check Milvus"), step by step, with advice.
// Exit status: 0 healthy, 1 a step failed, 2 bad usage.
import { describeToken, parseFlags, readCaFile, resolveTarget, usage, UsageError, type Target } from "./options";
import { printable } from "../components/printable";
import { formatMs, verifyEndpoint, type StepResult } from "./probe";
import { readStackOutputs } from "./stackOutputs";

/** Where the CLI writes: passed steps and notes to `out`, the failure and usage errors to `err`. */
export interface Output {
    out: (line: string) => void;
    err: (line: string) => void;
}

/**
 * One line per step: ✓ with what was seen (then a ⚠ line if it warns), or ✗ with what failed and what to fix.
 * What was seen and the diagnoses quote the server, so they are {@link printable}: the only line breaks are these.
 */
export function formatStep(result: StepResult): string {
    if (!result.ok)
        return `✗ ${result.title}: ${printable(result.failure.problem)} — fix: ${printable(result.failure.fix)}`;
    const passed = `✓ ${result.title} ${printable(result.detail)} (${formatMs(result.elapsedMs)})`;
    if (result.warning === undefined) return passed;
    return `${passed}\n⚠ ${result.title}: ${printable(result.warning.problem)} — ${printable(result.warning.fix)}`;
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
        // The note may quote the pulumi CLI's stderr.
        output.out(printable(`· ${stack.note}`));
        target = resolveTarget(flags, stack.outputs, readCaFile, process.env);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        // Usage errors quote flags, stack outputs and file-system errors.
        output.err(`✗ ${printable(error.message)} (--help lists the flags)`);
        return 2;
    }

    // The address may come from the stack's loadBalancerIp output, the CA's source from a --ca-file path.
    output.out(printable(describeTarget(target)));
    const healthy = await verifyEndpoint(target, (result) => (result.ok ? output.out : output.err)(formatStep(result)));
    if (healthy) output.out(printable(`Milvus at ${target.serverName} is healthy.`));
    return healthy ? 0 : 1;
}

/** An error no step diagnosed: its message made {@link printable} on the ✗ line, then its stack frames. */
export function formatUnexpected(error: unknown): string {
    if (!(error instanceof Error)) return `✗ unexpected error: ${printable(String(error))}`;
    // V8's stack is the name and message, then one "    at" line per frame; the frames are read only after the
    // message, which may hold line breaks and "at" lines of its own.
    const stack = error.stack ?? "";
    const messageAt = stack.indexOf(error.message);
    const afterMessage = messageAt < 0 ? "" : stack.slice(messageAt + error.message.length);
    const frames = afterMessage.split("\n").filter((line) => /^\s+at /.test(line));
    return [`✗ unexpected error: ${printable(`${error.name}: ${error.message}`)}`, ...frames.map(printable)].join("\n");
}

if (require.main === module) {
    main(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
        (status) => {
            process.exitCode = status;
        },
        (error: unknown) => {
            console.error(formatUnexpected(error));
            process.exitCode = 1;
        },
    );
}
