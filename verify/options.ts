// What to verify: command-line flags over the stack's outputs. Pure functions but readCaFile (which the CLI hands
// to resolveTarget), so the defaults and every usage error are unit-tested without a network or a Pulumi CLI.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import type { StackOutputs } from "./stackOutputs";

/** Bad usage: the CLI prints the message, points at --help, and exits 2. */
export class UsageError extends Error {
    override readonly name = "UsageError";
}

/** The command line, as given. */
export interface Flags {
    address?: string;
    serverName?: string;
    caFile?: string;
    token?: string;
    timeout?: string;
    stack?: string;
    help: boolean;
}

/** The --help text. */
export const usage = `Usage: npm run verify -- [flags]

Checks the deployed endpoint step by step: TCP, TLS, the load balancer's HTTP/2 route, then Milvus's
Connect, CheckHealth and GetVersion with the Milvus Node SDK. Defaults come from
\`pulumi stack output --json --show-secrets\` when the pulumi CLI is on PATH.

  --address <host:port>   where to dial (default: <loadBalancerIp output>:443)
  --server-name <domain>  TLS server name and HTTP/2 authority (default: the endpoint output's domain)
  --ca-file <pem>         CA to trust (default: the certificatePem output; system roots when it is not set)
  --token <user:pass>     Milvus credentials (default: $MILVUS_TOKEN, else root and the rootPassword output)
  --timeout <seconds>     bound of each network step (default: 10)
  --stack <name>          stack whose outputs give the defaults (default: the selected stack)
  --help                  this text

Exit status: 0 healthy, 1 a step failed (the last line says what to fix), 2 bad usage.`;

const flagOptions = {
    address: { type: "string" },
    "server-name": { type: "string" },
    "ca-file": { type: "string" },
    token: { type: "string" },
    timeout: { type: "string" },
    stack: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

/** Parses argv (without node and the script). Unknown flags and positional arguments are usage errors. */
export function parseFlags(argv: string[]): Flags {
    try {
        const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: flagOptions });
        return {
            address: values.address,
            serverName: values["server-name"],
            caFile: values["ca-file"],
            token: values.token,
            timeout: values.timeout,
            stack: values.stack,
            help: values.help ?? false,
        };
    } catch (error) {
        throw dashValueError(argv) ?? new UsageError((error as Error).message);
    }
}

/**
 * parseArgs refuses a flag value that starts with "-" (`--timeout -1`) as ambiguous, since it may be the next flag
 * with the value forgotten, in a text about `--timeout=-XYZ`; this names the flag and what it takes instead.
 */
function dashValueError(argv: string[]): UsageError | undefined {
    const { tokens } = parseArgs({
        args: argv,
        strict: false,
        allowPositionals: true,
        tokens: true,
        options: flagOptions,
    });
    for (const token of tokens) {
        if (token.kind !== "option" || token.inlineValue !== false || !token.value?.startsWith("-")) continue;
        if (token.name === "timeout") return timeoutError(token.value);
        return new UsageError(
            `${token.rawName} needs a value; got ${JSON.stringify(token.value)}, which reads as a flag (write ${token.rawName}=<value> for a value that starts with "-")`,
        );
    }
    return undefined;
}

/** Host and port to dial. */
export interface Address {
    host: string;
    port: number;
}

const httpsPort = 443;

/** `host:port`, `[ipv6]:port`, or a host alone (port 443, the load balancer's HTTPS port). */
export function parseAddress(text: string): Address {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    const plain = /^([^:[\]/]+)(?::(\d+))?$/.exec(text);
    const match = bracketed ?? plain;
    if (match === null || (bracketed !== null && isIP(match[1]) !== 6)) {
        throw new UsageError(
            `--address must be host:port (IPv6 as [addr]:port), without a scheme; got ${JSON.stringify(text)}`,
        );
    }
    const port = match[2] === undefined ? httpsPort : Number(match[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new UsageError(`--address port must be 1-65535; got ${JSON.stringify(text)}`);
    }
    return { host: match[1], port };
}

/** A CA or credential with where it came from, so the report can say so without printing it. */
export interface Sourced<T> {
    value: T;
    source: string;
}

/** Everything the probe needs. */
export interface Target extends Address {
    /** TLS server name (SNI and certificate check) and HTTP/2 :authority. */
    serverName: string;
    /** PEM of the CA to trust; the system roots when undefined (google-managed certificates). */
    ca?: Sourced<string>;
    /** `user:password` (or an API key) for Milvus; none when authentication is off. */
    token?: Sourced<string>;
    timeoutMs: number;
}

const defaultTimeoutSeconds = 10;
const maxTimeoutSeconds = 600;

function timeoutError(text: string): UsageError {
    return new UsageError(
        `--timeout must be a number of seconds in (0, ${maxTimeoutSeconds}]; got ${JSON.stringify(text)}`,
    );
}

// Seconds in decimal notation: Number() also reads "0x10", "0b1" and "0o7", which no one means as seconds.
const decimalSeconds = /^\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

function parseTimeout(text: string | undefined): number {
    if (text === undefined) return defaultTimeoutSeconds * 1000;
    const seconds = Number(text);
    if (!decimalSeconds.test(text) || !Number.isFinite(seconds) || seconds <= 0 || seconds > maxTimeoutSeconds)
        throw timeoutError(text);
    // Node's timers and gRPC deadlines count whole milliseconds: below 1 ms rounds to 0, which setTimeout fires at
    // once and the Milvus SDK reads as "use my default" (BaseClient: `config.timeout || DEFAULT_CONNECT_TIMEOUT`).
    if (seconds * 1000 < 1) {
        throw new UsageError(
            `--timeout must be at least 0.001 seconds (1 ms, the finest step of Node's timers and gRPC deadlines); got ${JSON.stringify(text)}`,
        );
    }
    return Math.round(seconds * 1000);
}

/** A name the certificate check and a host rule can match: one DNS name, no wildcard, no port. */
function checkServerName(name: string, from: string): string {
    if (name.startsWith("*.")) {
        throw new UsageError(`${from} is a wildcard (${name}): pass --server-name with one name under it`);
    }
    if (isIP(name) !== 0) {
        throw new UsageError(`${from} must be the domain, not an IP (TLS server names are DNS names); got ${name}`);
    }
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(name)) {
        throw new UsageError(`${from} must be a DNS name; got ${JSON.stringify(name)}`);
    }
    return name;
}

function resolveServerName(flags: Flags, outputs: StackOutputs, host: string): string {
    if (flags.serverName !== undefined) return checkServerName(flags.serverName, "--server-name");
    if (outputs.endpoint !== undefined) {
        return checkServerName(outputs.endpoint.replace(/:\d+$/, ""), "the endpoint output");
    }
    if (isIP(host) === 0) return checkServerName(host, "the --address host");
    // The certificate names the domain, not the IP, and the Ingress host rule matches the domain.
    throw new UsageError(`dialling the IP ${host} needs the domain: pass --server-name <domain>`);
}

const pemCertificate = /-----BEGIN CERTIFICATE-----/;

/** The largest --ca-file read: a CA bundle is far smaller (Debian's whole ca-certificates.crt is about 220 KB). */
export const maxCaFileBytes = 1024 * 1024;

const fileKinds: Array<[(stats: Stats) => boolean, string]> = [
    [(stats) => stats.isDirectory(), "a directory"],
    [(stats) => stats.isCharacterDevice(), "a character device"],
    [(stats) => stats.isBlockDevice(), "a block device"],
    [(stats) => stats.isFIFO(), "a FIFO"],
    [(stats) => stats.isSocket(), "a socket"],
];

const passCertificate = "pass the PEM certificate (pulumi stack output certificatePem > frontend.pem)";

/** Why `stats` cannot be read as --ca-file `path`, or undefined when it can. */
function caFileRefusal(path: string, stats: Stats): UsageError | undefined {
    if (!stats.isFile()) {
        const kind = fileKinds.find(([is]) => is(stats))?.[1] ?? "not a file";
        return new UsageError(`--ca-file ${path} is ${kind}, not a regular file: ${passCertificate}`);
    }
    if (stats.size > maxCaFileBytes) {
        return new UsageError(
            `--ca-file ${path} is ${stats.size} bytes, over the ${maxCaFileBytes / 1024 / 1024} MiB bound for a CA file: ${passCertificate}`,
        );
    }
    return undefined;
}

/**
 * Reads --ca-file: a regular file of at most {@link maxCaFileBytes}, checked before anything is read. A device such
 * as /dev/zero never ends, and opening a FIFO waits for a writer, so either would hang the verifier. Throws a
 * {@link UsageError} naming --ca-file, or the file system's error when the file cannot be read.
 */
export function readCaFile(path: string): string {
    const refusal = caFileRefusal(path, statSync(path));
    if (refusal !== undefined) throw refusal;
    // Non-blocking, and checked again once open: the path may name something else since the stat.
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
        const swapped = caFileRefusal(path, fstatSync(fd));
        if (swapped !== undefined) throw swapped;
        // One byte over the bound tells a file that grew since the check.
        const buffer = Buffer.alloc(maxCaFileBytes + 1);
        let length = 0;
        while (length < buffer.length) {
            const read = readSync(fd, buffer, length, buffer.length - length, null);
            if (read === 0) break;
            length += read;
        }
        if (length > maxCaFileBytes)
            throw new UsageError(`--ca-file ${path} grew past ${maxCaFileBytes / 1024 / 1024} MiB while being read`);
        return buffer.toString("utf8", 0, length);
    } finally {
        closeSync(fd);
    }
}

function resolveCa(
    flags: Flags,
    outputs: StackOutputs,
    readFile: (path: string) => string,
): Sourced<string> | undefined {
    if (flags.caFile !== undefined) {
        let pem: string;
        try {
            pem = readFile(flags.caFile);
        } catch (error) {
            if (error instanceof UsageError) throw error;
            throw new UsageError(`cannot read --ca-file ${flags.caFile}: ${(error as Error).message}`);
        }
        if (!pemCertificate.test(pem)) throw new UsageError(`--ca-file ${flags.caFile} holds no PEM certificate`);
        return { value: pem, source: `--ca-file ${flags.caFile}` };
    }
    if (outputs.certificatePem !== undefined)
        return { value: outputs.certificatePem, source: "the certificatePem output" };
    return undefined;
}

function resolveToken(
    flags: Flags,
    outputs: StackOutputs,
    env: Record<string, string | undefined>,
): Sourced<string> | undefined {
    if (flags.token !== undefined) {
        if (flags.token === "") throw new UsageError("--token must not be empty");
        return { value: flags.token, source: "--token" };
    }
    // A token on the command line is visible to every user of the machine (ps); the environment is not.
    if (env.MILVUS_TOKEN) return { value: env.MILVUS_TOKEN, source: "MILVUS_TOKEN" };
    // Milvus's first user is root; the program exports its password only while authentication is on.
    if (outputs.rootPassword !== undefined)
        return { value: `root:${outputs.rootPassword}`, source: "the rootPassword output" };
    return undefined;
}

/**
 * Combines flags with the stack outputs (flags win, then `MILVUS_TOKEN` in `env` for the token) into the probe's
 * target. `readFile` reads --ca-file (the CLI passes {@link readCaFile}).
 * Throws a {@link UsageError} naming the flag to pass when something needed is missing or malformed.
 */
export function resolveTarget(
    flags: Flags,
    outputs: StackOutputs,
    readFile: (path: string) => string,
    env: Record<string, string | undefined> = {},
): Target {
    // The program exports "" until GKE has given the Ingress an IP.
    const addressText =
        flags.address ?? (outputs.loadBalancerIp ? `${outputs.loadBalancerIp}:${httpsPort}` : undefined);
    if (addressText === undefined) {
        throw new UsageError(
            "no address: pass --address <host:port>, or run where `pulumi stack output` shows loadBalancerIp",
        );
    }
    const address = parseAddress(addressText);
    return {
        ...address,
        serverName: resolveServerName(flags, outputs, address.host),
        ca: resolveCa(flags, outputs, readFile),
        token: resolveToken(flags, outputs, env),
        timeoutMs: parseTimeout(flags.timeout),
    };
}

/** Who the token authenticates as, for the report: the user of `user:password`, never the password. */
export function describeToken(token: Sourced<string> | undefined): string {
    if (token === undefined) return "no credentials";
    const separator = token.value.indexOf(":");
    const who = separator < 0 ? "an API key" : `user ${token.value.slice(0, separator)}`;
    return `${who} from ${token.source}`;
}
