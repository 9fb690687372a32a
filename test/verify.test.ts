// `npm run verify`: its pure parts (flags over stack outputs, the diagnosis of each failure), then the real CLI
// end to end on loopback: nginx plays the GKE Layer-7 load balancer (TLS for the domain, host rules, 404 default
// backend, HTTP/2 over TLS to the backend) in front of a fake Milvus speaking the SDK's own protocol descriptors.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { PeerCertificate } from "node:tls";
import { after, before, describe, test } from "node:test";
import { formatStep } from "../verify/cli";
import {
    grpcFailure,
    httpStatusFailure,
    milvusStatusFailure,
    timeoutFailure,
    trustFailure,
    unhealthyFailure,
} from "../verify/diagnose";
import { describeToken, parseAddress, parseFlags, resolveTarget, UsageError, type Target } from "../verify/options";
import { median, roundTripSamples, summarizeCertificate, withDeadline } from "../verify/probe";
import { parseStackOutputs } from "../verify/stackOutputs";
import { makeSelfSignedCert, type SelfSignedCert } from "./e2e/certs";
import { fakeMilvusVersion, startFakeMilvus, type FakeMilvus } from "./e2e/fakeMilvus";
import { assertNginxInstalled, freePort, startNginx, type Nginx } from "./e2e/nginx";

const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const stackJson = JSON.stringify({
    loadBalancerIp: "203.0.113.10",
    endpoint: "milvus.example.com:443",
    certificatePem: pem,
    rootPassword: "hunter2-root",
    milvusHelmValues: { service: { type: "ClusterIP" } },
});
const noFile = (path: string): string => {
    throw new Error(`unexpected read of ${path}`);
};
const target = (overrides: Partial<Target> = {}): Target => ({
    host: "203.0.113.10",
    port: 443,
    serverName: "milvus.example.com",
    timeoutMs: 10_000,
    ...overrides,
});

describe("verify options: flags over the stack outputs", () => {
    test("every default comes from `pulumi stack output`: IP on 443, the endpoint's domain, certificatePem, root + rootPassword", () => {
        const resolved = resolveTarget(parseFlags([]), parseStackOutputs(stackJson), noFile);
        assert.equal(resolved.host, "203.0.113.10");
        assert.equal(resolved.port, 443);
        assert.equal(resolved.serverName, "milvus.example.com");
        assert.deepEqual(resolved.ca, { value: pem, source: "the certificatePem output" });
        assert.deepEqual(resolved.token, { value: "root:hunter2-root", source: "the rootPassword output" });
        assert.equal(resolved.timeoutMs, 10_000);
    });

    test("each flag overrides its output", () => {
        const flags = parseFlags([
            "--address", "127.0.0.1:8443", "--server-name", "db.example.org", "--ca-file", "front.pem",
            "--token", "alice:pw", "--timeout", "2.5",
        ]);
        const resolved = resolveTarget(flags, parseStackOutputs(stackJson), (path) => `${pem}# ${path}`);
        assert.deepEqual([resolved.host, resolved.port, resolved.serverName], ["127.0.0.1", 8443, "db.example.org"]);
        assert.deepEqual(resolved.ca, { value: `${pem}# front.pem`, source: "--ca-file front.pem" });
        assert.deepEqual(resolved.token, { value: "alice:pw", source: "--token" });
        assert.equal(resolved.timeoutMs, 2_500);
    });

    test("an empty loadBalancerIp (no IP yet) counts as no address", () => {
        const outputs = parseStackOutputs(JSON.stringify({ loadBalancerIp: "", endpoint: "a.example.com:443" }));
        assert.throws(() => resolveTarget(parseFlags([]), outputs, noFile), (error: Error) => error instanceof UsageError && /no address/.test(error.message));
    });

    test("MILVUS_TOKEN stands in for --token (kept off the command line), and --token still wins", () => {
        const env = { MILVUS_TOKEN: "bob:from-env" };
        assert.deepEqual(resolveTarget(parseFlags([]), parseStackOutputs(stackJson), noFile, env).token, { value: "bob:from-env", source: "MILVUS_TOKEN" });
        assert.equal(resolveTarget(parseFlags(["--token", "alice:pw"]), parseStackOutputs(stackJson), noFile, env).token?.source, "--token");
    });

    test("google-managed mode (certificatePem null) trusts the system roots; no rootPassword means no credentials", () => {
        const outputs = parseStackOutputs(JSON.stringify({ loadBalancerIp: "203.0.113.10", endpoint: "a.example.com:443", certificatePem: null }));
        const resolved = resolveTarget(parseFlags([]), outputs, noFile);
        assert.equal(resolved.ca, undefined);
        assert.equal(resolved.token, undefined);
    });

    test("a wildcard endpoint needs --server-name", () => {
        const outputs = parseStackOutputs(JSON.stringify({ loadBalancerIp: "203.0.113.10", endpoint: "*.example.com:443" }));
        assert.throws(() => resolveTarget(parseFlags([]), outputs, noFile), (error: Error) => error instanceof UsageError && /wildcard.*--server-name/.test(error.message));
        assert.equal(resolveTarget(parseFlags(["--server-name", "db.example.com"]), outputs, noFile).serverName, "db.example.com");
    });

    test("dialling an IP with no stack needs --server-name; a host name serves as its own", () => {
        assert.throws(() => resolveTarget(parseFlags(["--address", "203.0.113.10:443"]), {}, noFile), /pass --server-name/);
        assert.equal(resolveTarget(parseFlags(["--address", "milvus.example.com"]), {}, noFile).serverName, "milvus.example.com");
    });

    test("no address from flags or stack is a usage error naming --address", () => {
        assert.throws(() => resolveTarget(parseFlags([]), {}, noFile), (error: Error) => error instanceof UsageError && /--address/.test(error.message));
    });

    test("addresses: host:port, [IPv6]:port, and a bare host on 443; schemes and bad ports are refused", () => {
        assert.deepEqual(parseAddress("203.0.113.10:443"), { host: "203.0.113.10", port: 443 });
        assert.deepEqual(parseAddress("[2001:db8::1]:8443"), { host: "2001:db8::1", port: 8443 });
        assert.deepEqual(parseAddress("milvus.example.com"), { host: "milvus.example.com", port: 443 });
        for (const bad of ["https://milvus.example.com", "2001:db8::1", "host:0", "host:70000", "[nope]:443", ""]) {
            assert.throws(() => parseAddress(bad), UsageError, bad);
        }
    });

    test("unknown flags, positional arguments, bad timeouts and an IP as server name are usage errors", () => {
        assert.throws(() => parseFlags(["--bogus"]), UsageError);
        assert.throws(() => parseFlags(["milvus.example.com"]), UsageError);
        for (const timeout of ["0", "-1", "abc", "601", ""]) {
            assert.throws(() => resolveTarget(parseFlags(["--timeout", timeout]), parseStackOutputs(stackJson), noFile), /--timeout/, timeout);
        }
        assert.throws(() => resolveTarget(parseFlags(["--server-name", "203.0.113.10"]), parseStackOutputs(stackJson), noFile), /not an IP/);
    });

    test("--ca-file must be readable and hold a PEM certificate", () => {
        const stack = parseStackOutputs(stackJson);
        assert.throws(() => resolveTarget(parseFlags(["--ca-file", "missing.pem"]), stack, noFile), /cannot read --ca-file missing\.pem/);
        assert.throws(() => resolveTarget(parseFlags(["--ca-file", "key.pem"]), stack, () => "-----BEGIN PRIVATE KEY-----"), /no PEM certificate/);
    });

    test("stack outputs: only the verifier's, null as absent, and a wrong type is refused", () => {
        assert.deepEqual(parseStackOutputs(JSON.stringify({ endpoint: "a.example.com:443", rootPassword: null, other: 1 })), { endpoint: "a.example.com:443" });
        assert.throws(() => parseStackOutputs(JSON.stringify({ loadBalancerIp: 42 })), /loadBalancerIp/);
        assert.throws(() => parseStackOutputs("[]"), /object/);
    });

    test("the report names the user and where the credentials came from, never the password", () => {
        const text = describeToken({ value: "root:hunter2-root", source: "the rootPassword output" });
        assert.equal(text, "user root from the rootPassword output");
        assert.equal(describeToken({ value: "an-api-key", source: "--token" }), "an API key from --token");
        assert.equal(describeToken(undefined), "no credentials");
    });
});

describe("verify diagnosis: each failure says what to fix", () => {
    test("HTTP 404 from the load balancer is a host-rule miss: pass --server-name or set serveAnyHost", () => {
        const { problem, fix } = httpStatusFailure(404, target());
        assert.match(problem, /host rule did not match milvus\.example\.com/);
        assert.match(fix, /--server-name/);
        assert.match(fix, /serveAnyHost/);
    });

    test("HTTP 502 and 503 point at the 9091 /healthz health check and Milvus's TLS (tlsMode 1)", () => {
        for (const status of [502, 503]) {
            const { fix } = httpStatusFailure(status, target());
            assert.match(fix, /9091 \/healthz/);
            assert.match(fix, /tlsMode 1/);
        }
    });

    test("grpc-js's \"Received HTTP status code N\" is read as the load balancer's status", () => {
        const notFound = grpcFailure({ code: 12, details: "Received HTTP status code 404", message: "12 UNIMPLEMENTED: Received HTTP status code 404" }, target());
        assert.match(notFound.problem, /HTTP 404/);
        const badGateway = grpcFailure({ code: 14, details: "Received HTTP status code 502", message: "14 UNAVAILABLE: Received HTTP status code 502" }, target());
        assert.match(badGateway.problem, /HTTP 502/);
    });

    test("UNAUTHENTICATED asks for --token: the rootPassword output when none was given, a check of the given one otherwise", () => {
        const error = { code: 16, details: "auth check failure, please check username and password are correct", message: "16 UNAUTHENTICATED" };
        assert.match(grpcFailure(error, target()).fix, /pass --token root:<password> \(the rootPassword output\)/);
        const withToken = grpcFailure(error, target({ token: { value: "root:wrong", source: "--token" } }));
        assert.match(withToken.fix, /check the user and password \(given by --token\)/);
        assert.doesNotMatch(`${withToken.problem} ${withToken.fix}`, /wrong/);
    });

    test("Milvus's own authentication status (merr 1800) is an authentication failure too", () => {
        assert.match(milvusStatusFailure({ code: 1800, error_code: "UnexpectedError", reason: "user hasn't authenticated" }, target()).fix, /--token/);
    });

    test("DEADLINE_EXCEEDED and step timeouts name the bound and --timeout", () => {
        const failure = grpcFailure({ code: 4, details: "Deadline exceeded", message: "4 DEADLINE_EXCEEDED" }, target({ timeoutMs: 2_500 }));
        assert.deepEqual(failure, timeoutFailure(target({ timeoutMs: 2_500 })));
        assert.match(failure.problem, /within 2\.5 s/);
        assert.match(failure.fix, /--timeout/);
    });

    test("an untrusted certificate asks for --ca-file with certificatePem; an expired one for pulumi up", () => {
        const certificate = { subject: "CN=milvus.example.com", sans: "DNS:milvus.example.com", validTo: "2026-01-01" };
        assert.match(trustFailure("DEPTH_ZERO_SELF_SIGNED_CERT", certificate, target()).fix, /--ca-file with the certificatePem output/);
        assert.match(trustFailure("CERT_HAS_EXPIRED", certificate, target()).fix, /pulumi up/);
    });

    test("unhealthy lists Milvus's reasons", () => {
        assert.match(unhealthyFailure(["querynode 3 not ready", "quota exceeded"]).problem, /querynode 3 not ready; quota exceeded/);
    });

    test("a failure prints as one line", () => {
        const line = formatStep({ ok: false, title: "HTTP/2 route", failure: httpStatusFailure(502, target()) });
        assert.match(line, /^✗ HTTP\/2 route: .* — fix: .*/);
        assert.doesNotMatch(line, /\n/);
    });

    test("the presented certificate is summarized with its subject, SANs and days to expiry", () => {
        const certificate = { subject: { CN: "milvus.example.com" }, subjectaltname: "DNS:milvus.example.com", valid_to: "Nov 24 01:00:00 2026 GMT" };
        const summary = summarizeCertificate(certificate as unknown as PeerCertificate, new Date("2026-11-22T00:00:00Z"));
        assert.deepEqual(summary, {
            subject: "CN=milvus.example.com",
            sans: "DNS:milvus.example.com",
            validTo: "2026-11-24",
            expires: "expires 2026-11-24 (in 2 days)",
        });
    });

    test("median of the round trips, and a deadline that rejects", async () => {
        assert.equal(median([9, 1, 5]), 5);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        await assert.rejects(withDeadline(new Promise(() => undefined), 20, () => new Error("late")), /late/);
    });
});

// ---- end to end ----

const repoRoot = resolve(__dirname, "..");
const domain = "milvus.test";
const rootPassword = "e2e-root-pw-7d1f";
const wrongPassword = "e2e-wrong-pw-93ac";
const unhealthyReasons = ["querynode 3 not ready", "datanode 4 down"];

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the real CLI, as `npm run verify` does, with `path` as the only PATH (so which pulumi it finds is ours). */
function runVerify(args: string[], path: string): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: path };
    delete env.NODE_TEST_CONTEXT;
    // The runner's own environment must not choose the credentials.
    delete env.MILVUS_TOKEN;
    return new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "verify", "cli.ts"), ...args], {
            cwd: repoRoot,
            env,
            stdio: ["ignore", "pipe", "pipe"],
            timeout: 20_000,
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("error", reject);
        child.once("close", (status) => resolvePromise({ status, stdout, stderr }));
    });
}

/** A stand-in `pulumi` that prints `outputsJson` for exactly `stack output --json --show-secrets --stack e2e`. */
function writeFakePulumi(binDir: string, outputsJson: string): void {
    mkdirSync(binDir);
    const outputsPath = join(binDir, "outputs.json");
    writeFileSync(outputsPath, outputsJson);
    const script = `#!${process.execPath}
const args = process.argv.slice(2).join(" ");
if (args !== "stack output --json --show-secrets --stack e2e") {
    process.stderr.write("error: unexpected arguments: " + args + "\\n");
    process.exit(1);
}
process.stdout.write(require("fs").readFileSync(${JSON.stringify(outputsPath)}, "utf8"));
`;
    writeFileSync(join(binDir, "pulumi"), script);
    chmodSync(join(binDir, "pulumi"), 0o755);
}

/** A TCP server that accepts and never answers, so only the --timeout bound ends the TLS step. */
async function startSilentServer(): Promise<{ port: number; stop(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolvePromise) => server.listen(0, "127.0.0.1", resolvePromise));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    return {
        port: address.port,
        stop: () =>
            new Promise<void>((resolvePromise) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolvePromise());
            }),
    };
}

describe("npm run verify end to end, through nginx as the L7 load balancer", { concurrency: 3, timeout: 60_000 }, () => {
    let dir: string;
    let frontend: SelfSignedCert;
    let stranger: SelfSignedCert;
    let milvus: FakeMilvus;
    let sickMilvus: FakeMilvus;
    let nginx: Nginx;
    let silent: { port: number; stop(): Promise<void> };
    let noPulumiPath: string;
    let stackPulumiPath: string;
    let address: string;

    before(async () => {
        // Never skipped: without nginx these tests fail, saying how to install it.
        assertNginxInstalled();
        dir = mkdtempSync(join(tmpdir(), "milvus-l7-verify-"));
        // Like the self-managed front end: the domain and names under it (for the other host rules below).
        frontend = makeSelfSignedCert(dir, "frontend", [domain, `*.${domain}`]);
        // Same name, another key: what a client holding an old or wrong certificatePem trusts.
        stranger = makeSelfSignedCert(dir, "stranger", [domain]);
        const backend = makeSelfSignedCert(dir, "backend", ["localhost"]);
        milvus = await startFakeMilvus({ cert: backend, rootPassword });
        sickMilvus = await startFakeMilvus({ cert: backend, rootPassword, unhealthyReasons });
        nginx = await startNginx(join(dir, "nginx"), frontend, [
            { host: domain, backendPort: milvus.port },
            { host: `sick.${domain}`, backendPort: sickMilvus.port },
            { host: `down.${domain}`, backendPort: await freePort() },
        ]);
        silent = await startSilentServer();
        address = `127.0.0.1:${nginx.port}`;

        noPulumiPath = join(dir, "bin-without-pulumi");
        mkdirSync(noPulumiPath);
        stackPulumiPath = join(dir, "bin-with-pulumi");
        writeFakePulumi(
            stackPulumiPath,
            JSON.stringify({ loadBalancerIp: "127.0.0.1", endpoint: `${domain}:443`, certificatePem: frontend.certPem, rootPassword }),
        );
    }, { timeout: 30_000 });

    after(async () => {
        await Promise.all([nginx?.stop(), milvus?.stop(), sickMilvus?.stop(), silent?.stop()]);
        if (dir) rmSync(dir, { recursive: true, force: true });
    }, { timeout: 10_000 });

    // Each run is a fresh node process (about a second); the CLI's own steps are bounded by --timeout.
    const perRun = { timeout: 20_000 };
    // Later flags win (parseArgs keeps the last value), so a case overrides by appending.
    const flagsFor = (serverName: string, overrides: string[] = []) => [
        "--address", address, "--server-name", serverName, "--ca-file", frontend.certPath,
        "--token", `root:${rootPassword}`, "--timeout", "5", ...overrides,
    ];
    const assertNoSecrets = (run: Run) => {
        for (const secret of [rootPassword, wrongPassword]) {
            assert.ok(!`${run.stdout}${run.stderr}`.includes(secret), "a password was printed");
        }
    };
    const assertFails = (run: Run, step: string, ...expected: RegExp[]) => {
        assert.equal(run.status, 1, `exit status\n${run.stdout}${run.stderr}`);
        const failureLine = run.stderr.split("\n").find((line) => line.startsWith("✗"));
        assert.ok(failureLine, `no ✗ line in\n${run.stderr}`);
        assert.ok(failureLine.startsWith(`✗ ${step}:`), failureLine);
        for (const pattern of expected) assert.match(failureLine, pattern);
        assertNoSecrets(run);
    };

    test("healthy: every step passes, with the version and the median round trip; exit 0", perRun, async () => {
        const run = await runVerify(flagsFor(domain), noPulumiPath);
        assert.equal(run.status, 0, run.stdout + run.stderr);
        const passed = run.stdout.split("\n").filter((line) => line.startsWith("✓"));
        const steps = ["TCP connect", "TLS handshake", "HTTP/2 route", "Connect", "CheckHealth", "GetVersion", "Round trip"];
        assert.equal(passed.length, steps.length, run.stdout);
        steps.forEach((step, i) => assert.ok(passed[i].startsWith(`✓ ${step} `), passed[i]));
        assert.match(run.stdout, /✓ TLS handshake milvus\.test \(TLSv1\.[23], h2\): CN=milvus\.test, SANs DNS:milvus\.test, DNS:\*\.milvus\.test, expires \d{4}-\d\d-\d\d/);
        assert.match(run.stdout, /✓ HTTP\/2 route :authority milvus\.test → HTTP 200 application\/grpc/);
        assert.match(run.stdout, /✓ Connect as user root from --token/);
        assert.match(run.stdout, /✓ CheckHealth healthy/);
        assert.ok(run.stdout.includes(`✓ GetVersion Milvus ${fakeMilvusVersion}`), run.stdout);
        assert.match(run.stdout, new RegExp(`✓ Round trip median \\d+(\\.\\d)? ms over ${roundTripSamples} GetVersion calls`));
        assert.equal(run.stderr, "");
        assertNoSecrets(run);
    });

    test("defaults from `pulumi stack output --stack e2e`: server name, certificatePem and root's password", perRun, async () => {
        const run = await runVerify(["--address", address, "--stack", "e2e"], stackPulumiPath);
        assert.equal(run.status, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /defaults from the outputs of stack e2e/);
        assert.match(run.stdout, /as milvus\.test, trusting the certificatePem output, with user root from the rootPassword output/);
        assertNoSecrets(run);
    });

    test("wrong CA: the TLS step says the certificate is not trusted and to pass --ca-file with certificatePem", perRun, async () => {
        const run = await runVerify(flagsFor(domain, ["--ca-file", stranger.certPath]), noPulumiPath);
        assertFails(run, "TLS handshake", /CN=milvus\.test .* is not trusted by --ca-file/, /--ca-file with the current certificatePem output/);
    });

    test("wrong server name: the certificate does not cover it; pass --server-name", perRun, async () => {
        const run = await runVerify(flagsFor("wrong.example"), noPulumiPath);
        assertFails(run, "TLS handshake", /does not cover wrong\.example/, /pass --server-name/);
    });

    test("host rule miss: the load balancer's 404; pass --server-name or set serveAnyHost", perRun, async () => {
        const run = await runVerify(flagsFor(`other.${domain}`), noPulumiPath);
        assertFails(run, "HTTP/2 route", /HTTP 404/, /host rule did not match other\.milvus\.test/, /serveAnyHost/);
    });

    test("backend down: the load balancer's 502; check the 9091 /healthz health check and tlsMode 1", perRun, async () => {
        const run = await runVerify(flagsFor(`down.${domain}`), noPulumiPath);
        assertFails(run, "HTTP/2 route", /HTTP 502/, /9091 \/healthz/, /tlsMode 1/);
    });

    test("unhealthy: CheckHealth's reasons are printed", perRun, async () => {
        const run = await runVerify(flagsFor(`sick.${domain}`), noPulumiPath);
        assertFails(run, "CheckHealth", new RegExp(`unhealthy: ${unhealthyReasons.join("; ")}`));
        assert.match(run.stdout, /✓ Connect/);
    });

    test("bad token: Milvus refuses the credentials at Connect; check --token", perRun, async () => {
        const run = await runVerify(flagsFor(domain, ["--token", `root:${wrongPassword}`]), noPulumiPath);
        assertFails(run, "Connect", /Milvus refused the credentials \(auth check failure/, /check the user and password \(given by --token\)/);
    });

    test("no token while authentication is on: pass --token with the rootPassword output", perRun, async () => {
        const run = await runVerify(["--address", address, "--server-name", domain, "--ca-file", frontend.certPath], noPulumiPath);
        assertFails(run, "Connect", /missing authorization/, /pass --token root:<password> \(the rootPassword output\)/);
    });

    test("unreachable: connection refused at the address", perRun, async () => {
        const run = await runVerify(flagsFor(domain, ["--address", `127.0.0.1:${await freePort()}`]), noPulumiPath);
        assertFails(run, "TCP connect", /connection refused at 127\.0\.0\.1:\d+/, /--address/);
    });

    test("a server that never answers: the TLS step ends at --timeout", perRun, async () => {
        const started = Date.now();
        const run = await runVerify(flagsFor(domain, ["--address", `127.0.0.1:${silent.port}`, "--timeout", "0.5"]), noPulumiPath);
        assertFails(run, "TLS handshake", /no answer from 127\.0\.0\.1:\d+ within 0\.5 s/, /--timeout/);
        assert.ok(Date.now() - started < 10_000, "the run outlived its bound");
    });

    test("bad usage: an unknown flag exits 2", perRun, async () => {
        const run = await runVerify(["--bogus"], noPulumiPath);
        assert.equal(run.status, 2, run.stdout + run.stderr);
        assert.match(run.stderr, /Unknown option '--bogus'/);
    });

    test("bad usage: no pulumi CLI and no --address exits 2, saying both", perRun, async () => {
        const run = await runVerify(["--server-name", domain], noPulumiPath);
        assert.equal(run.status, 2, run.stdout + run.stderr);
        assert.match(run.stdout, /pulumi CLI not found on PATH; using flags only/);
        assert.match(run.stderr, /no address: pass --address/);
    });

    test("a failing pulumi CLI is reported and the flags still apply", perRun, async () => {
        const run = await runVerify(["--stack", "not-e2e"], stackPulumiPath);
        assert.equal(run.status, 2, run.stdout + run.stderr);
        assert.match(run.stdout, /pulumi stack output failed: error: unexpected arguments: .*--stack not-e2e; using flags only/);
        assert.match(run.stderr, /--address/);
    });
});
