// `npm run verify` as a user runs it: first its command line (usage errors, the pulumi CLI's outputs), then end to
// end on loopback, where nginx plays the GKE Layer-7 load balancer (TLS for the domain, host
// rules, 404 default backend, HTTP/2 over TLS to the backend) in front of fake Milvus servers speaking the SDK's
// own protocol descriptors; last, hostile servers dialled directly (terminal escapes in what they send, no ALPN
// h2). The nginx suite needs nginx and openssl, the last only openssl: see e2e/prerequisites.ts.
// A run is a process of its own where the test is about the process (its exit status, the pulumi CLI it finds on
// PATH, everything it prints); elsewhere verify/cli.ts's `main` runs in this process, as its entry point runs it,
// saving a node start (about 1.5 s of CPU) a run (bench/results.md, "npm test").
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { format } from "node:util";
import { after, before, describe, test } from "node:test";
import { createServer as createTlsServer } from "node:tls";
import { formatUnexpected, main as verifyMain } from "../verify/cli";
import { roundTripSamples } from "../verify/probe";
import { makeSelfSignedCert, type SelfSignedCert } from "./e2e/certs";
import { fakeMilvusVersion, startFakeMilvus, type FakeMilvus } from "./e2e/fakeMilvus";
import {
    forgedCommonName,
    forgedCommonNameEscaped,
    forgedHealthy,
    forgedHealthyEscaped,
    terminalControls,
} from "./e2e/hostileText";
import { freePort, startNginx, type Nginx } from "./e2e/nginx";
import { describeEndToEnd } from "./e2e/prerequisites";

const repoRoot = resolve(__dirname, "..");
const domain = "milvus.test";
const rootPassword = "e2e-root-pw-7d1f";
const wrongPassword = "e2e-wrong-pw-93ac";
const unhealthyReasons = ["querynode 3 not ready", "datanode 4 down"];

// The runner's own environment must not choose the credentials (runVerify removes it from a process's, too).
delete process.env.MILVUS_TOKEN;

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
        const child = spawn(process.execPath, ["--require", "tsx/cjs", join(repoRoot, "verify", "cli.ts"), ...args], {
            cwd: repoRoot,
            env,
            stdio: ["ignore", "pipe", "pipe"],
            timeout: perRun.timeout,
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("error", reject);
        child.once("close", (status) => resolvePromise({ status, stdout, stderr }));
    });
}

// What the console receives in this process while in-process runs are going (see inProcess).
let consoleLines: { stream: "stdout" | "stderr"; line: string }[] | undefined;

/**
 * Runs verify in this process, with no pulumi CLI to find, as verify/cli.ts runs it as a program: `main`'s lines,
 * exit status 1 and {@link formatUnexpected} for an error it throws. Anything a library prints to the console
 * meanwhile is in the output too (in that of every run going at the time), as a process would print it.
 */
async function verifyInProcess(args: string[]): Promise<Run> {
    assert.ok(consoleLines, "in-process runs only inside a suite that called inProcess()");
    const captured = consoleLines;
    const from = captured.length;
    let stdout = "";
    let stderr = "";
    let status: number;
    try {
        status = await verifyMain(args, {
            out: (line) => (stdout += `${line}\n`),
            err: (line) => (stderr += `${line}\n`),
        });
    } catch (error) {
        stderr += `${formatUnexpected(error)}\n`;
        status = 1;
    }
    for (const { stream, line } of captured.slice(from)) {
        if (stream === "stdout") stdout += line;
        else stderr += line;
    }
    return { status, stdout, stderr };
}

/**
 * For the suite it is called in: an empty folder as this process's PATH (verify looks for `pulumi` there, and must
 * find none), and the console captured for {@link verifyInProcess}. The suites run one after another.
 */
function inProcess(): void {
    const saved = { path: process.env.PATH, console: { ...console } };
    let emptyBin: string;
    before(() => {
        emptyBin = mkdtempSync(join(tmpdir(), "milvus-l7-verify-no-pulumi-"));
        process.env.PATH = emptyBin;
        const lines: NonNullable<typeof consoleLines> = [];
        const to =
            (stream: "stdout" | "stderr") =>
            (...data: unknown[]) =>
                lines.push({ stream, line: `${format(...data)}\n` });
        Object.assign(console, {
            log: to("stdout"),
            info: to("stdout"),
            debug: to("stdout"),
            warn: to("stderr"),
            error: to("stderr"),
        });
        consoleLines = lines;
    });
    after(() => {
        Object.assign(console, saved.console);
        process.env.PATH = saved.path;
        consoleLines = undefined;
        if (emptyBin) rmSync(emptyBin, { recursive: true, force: true });
    });
}

/** A stand-in `pulumi` that prints `stdout` for exactly `stack output --json --show-secrets --stack e2e`. */
function writeFakePulumi(binDir: string, stdout: string): void {
    mkdirSync(binDir);
    const outputsPath = join(binDir, "outputs.json");
    writeFileSync(outputsPath, stdout);
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

/**
 * A TLS server for `cert` on 127.0.0.1 that offers `alpn` (none when undefined) and closes each connection once
 * the handshake is done: a proxy in front of Milvus without HTTP/2.
 */
async function startTlsServer(cert: SelfSignedCert, alpn?: string[]): Promise<{ port: number; stop(): Promise<void> }> {
    const server = createTlsServer(
        { key: readFileSync(cert.keyPath), cert: cert.certPem, ALPNProtocols: alpn },
        (socket) => socket.destroy(),
    );
    // A refused handshake is an error on the server's side too; the client's report is what the tests read.
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((resolvePromise) => server.listen(0, "127.0.0.1", resolvePromise));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    return {
        port: address.port,
        stop: () => new Promise<void>((resolvePromise) => server.close(() => resolvePromise())),
    };
}

// A process run is a fresh node process (about a second); the CLI's own steps are bounded by --timeout. The bounds
// below only stop a hang: `npm test` runs this file beside other test files, the typecheck and the lint (test/run.ts),
// and on a busy 2-core machine one run took 14 s and the suite more than 60 s.
const perRun = { timeout: 60_000 };

const assertNoSecrets = (run: Run, secrets = [rootPassword, wrongPassword]) => {
    for (const secret of secrets) {
        assert.ok(!`${run.stdout}${run.stderr}`.includes(secret), "a secret was printed");
    }
};

/** Exit 1, and the first ✗ line is `step`'s and matches every pattern; no secret printed. */
const assertFails = (run: Run, step: string, ...expected: RegExp[]) => {
    assert.equal(run.status, 1, `exit status\n${run.stdout}${run.stderr}`);
    const failureLine = run.stderr.split("\n").find((line) => line.startsWith("✗"));
    assert.ok(failureLine, `no ✗ line in\n${run.stderr}`);
    assert.ok(failureLine.startsWith(`✗ ${step}:`), failureLine);
    for (const pattern of expected) assert.match(failureLine, pattern);
    assertNoSecrets(run);
};

/** Nothing in the output that a terminal acts on: the only control character is the line feed after each line. */
const assertPrintable = (run: Run) => {
    for (const line of `${run.stdout}${run.stderr}`.split("\n"))
        assert.doesNotMatch(line, terminalControls, JSON.stringify(line));
};

describe(
    "npm run verify's command line: usage errors and the pulumi CLI's outputs",
    { concurrency: 3, timeout: 180_000 },
    () => {
        inProcess();
        let dir: string;
        let noPulumiPath: string;
        let notJsonPulumiPath: string;
        const secretInOutput = "pw-51c2-e2e";

        before(() => {
            dir = mkdtempSync(join(tmpdir(), "milvus-l7-verify-cli-"));
            noPulumiPath = join(dir, "bin-without-pulumi");
            mkdirSync(noPulumiPath);
            // A bare secret, as `pulumi stack output --show-secrets rootPassword` prints it: short enough that V8's
            // SyntaxError message would quote all of it.
            notJsonPulumiPath = join(dir, "bin-with-plain-pulumi");
            writeFakePulumi(notJsonPulumiPath, `${secretInOutput}\n`);
        });

        after(() => {
            if (dir) rmSync(dir, { recursive: true, force: true });
        });

        test("bad usage: an unknown flag exits 2", perRun, async () => {
            const run = await runVerify(["--bogus"], noPulumiPath);
            assert.equal(run.status, 2, run.stdout + run.stderr);
            assert.match(run.stderr, /Unknown option '--bogus'/);
        });

        test(
            'bad usage: --timeout -1 exits 2 saying what --timeout takes, not Node\'s "ambiguous" text',
            perRun,
            async () => {
                const run = await verifyInProcess([
                    "--address",
                    "127.0.0.1:443",
                    "--server-name",
                    domain,
                    "--timeout",
                    "-1",
                ]);
                assert.equal(run.status, 2, run.stdout + run.stderr);
                assert.match(run.stderr, /^✗ --timeout must be a number of seconds in \(0, 600\]; got "-1"/m);
                assert.doesNotMatch(run.stderr, /ambiguous/);
            },
        );

        test("bad usage: no pulumi CLI and no --address exits 2, saying both", perRun, async () => {
            const run = await verifyInProcess(["--server-name", domain]);
            assert.equal(run.status, 2, run.stdout + run.stderr);
            assert.match(run.stdout, /pulumi CLI not found on PATH; using flags only/);
            assert.match(run.stderr, /no address: pass --address/);
        });

        test("a failing pulumi CLI is reported and the flags still apply", perRun, async () => {
            const run = await runVerify(["--stack", "not-e2e"], notJsonPulumiPath);
            assert.equal(run.status, 2, run.stdout + run.stderr);
            assert.match(
                run.stdout,
                /pulumi stack output failed: error: unexpected arguments: .*--stack not-e2e; using flags only/,
            );
            assert.match(run.stderr, /--address/);
        });

        test("bad usage: a --timeout that rounds to 0 ms (0.0001) exits 2 naming --timeout", perRun, async () => {
            const run = await verifyInProcess([
                "--address",
                "127.0.0.1:443",
                "--server-name",
                domain,
                "--timeout",
                "0.0001",
            ]);
            assert.equal(run.status, 2, run.stdout + run.stderr);
            assert.match(run.stderr, /^✗ --timeout must be at least 0\.001 seconds \(1 ms, .*\); got "0\.0001"/m);
        });

        test(
            "bad usage: --ca-file /dev/zero exits 2 at once, saying it is not a regular file (it never ends)",
            perRun,
            async () => {
                const run = await verifyInProcess([
                    "--address",
                    "127.0.0.1:443",
                    "--server-name",
                    domain,
                    "--ca-file",
                    "/dev/zero",
                ]);
                assert.equal(run.status, 2, run.stdout + run.stderr);
                assert.match(
                    run.stderr,
                    /^✗ --ca-file \/dev\/zero is a character device, not a regular file: pass the PEM certificate/m,
                );
            },
        );

        test("bad usage: a flag with terminal escapes is quoted escaped", perRun, async () => {
            const run = await verifyInProcess([
                "--address",
                "127.0.0.1:443",
                "--server-name",
                domain,
                "--ca-file",
                `missing${forgedHealthy}.pem`,
            ]);
            assert.equal(run.status, 2, run.stdout + run.stderr);
            assert.ok(run.stderr.includes(`cannot read --ca-file missing${forgedHealthyEscaped}.pem`), run.stderr);
            assertPrintable(run);
        });

        test("pulumi output that is not JSON is reported without quoting it (it holds secrets)", perRun, async () => {
            const run = await runVerify(["--stack", "e2e"], notJsonPulumiPath);
            assert.equal(run.status, 2, run.stdout + run.stderr);
            assertNoSecrets(run, [secretInOutput]);
            assert.match(
                run.stdout,
                /unreadable outputs of stack e2e: not JSON \(\d+ characters, not shown since they may hold secrets\); using flags only/,
            );
        });
    },
);

describeEndToEnd(
    "npm run verify end to end, through nginx as the L7 load balancer",
    { concurrency: 3, timeout: 180_000 },
    (tools) => {
        inProcess();
        let dir: string;
        let frontend: SelfSignedCert;
        let stranger: SelfSignedCert;
        let expiring: SelfSignedCert;
        let milvus: FakeMilvus;
        let sickMilvus: FakeMilvus;
        let infolessMilvus: FakeMilvus;
        let healthlessMilvus: FakeMilvus;
        let nginx: Nginx;
        let silent: { port: number; stop(): Promise<void> };
        let noPulumiPath: string;
        let stackPulumiPath: string;
        let address: string;

        before(
            async () => {
                dir = mkdtempSync(join(tmpdir(), "milvus-l7-verify-"));
                const makeCert = (stem: string, names: string[], days?: number) =>
                    makeSelfSignedCert(tools.openssl, dir, stem, names, days);
                // Like the self-managed front end: the domain and names under it (for the other host rules below).
                frontend = makeCert("frontend", [domain, `*.${domain}`]);
                // Same name, another key: what a client holding an old or wrong certificatePem trusts.
                stranger = makeCert("stranger", [domain]);
                // Its own certificate (nginx picks it by SNI), due to expire in 3 days.
                expiring = makeCert("expiring", [`expiring.${domain}`], 3);
                const backend = makeCert("backend", ["localhost"]);
                milvus = await startFakeMilvus({ cert: backend, rootPassword });
                sickMilvus = await startFakeMilvus({ cert: backend, rootPassword, unhealthyReasons });
                infolessMilvus = await startFakeMilvus({ cert: backend, rootPassword, withoutServerInfo: true });
                healthlessMilvus = await startFakeMilvus({ cert: backend, rootPassword, withoutCheckHealth: true });
                nginx = await startNginx(tools.nginx, join(dir, "nginx"), frontend, [
                    { host: domain, backendPort: milvus.port },
                    { host: `sick.${domain}`, backendPort: sickMilvus.port },
                    { host: `down.${domain}`, backendPort: await freePort() },
                    { host: `infoless.${domain}`, backendPort: infolessMilvus.port },
                    { host: `healthless.${domain}`, backendPort: healthlessMilvus.port },
                    { host: `expiring.${domain}`, backendPort: milvus.port, cert: expiring },
                ]);
                silent = await startSilentServer();
                address = `127.0.0.1:${nginx.port}`;

                noPulumiPath = join(dir, "bin-without-pulumi");
                mkdirSync(noPulumiPath);
                stackPulumiPath = join(dir, "bin-with-pulumi");
                writeFakePulumi(
                    stackPulumiPath,
                    JSON.stringify({
                        loadBalancerIp: "127.0.0.1",
                        endpoint: `${domain}:443`,
                        certificatePem: frontend.certPem,
                        rootPassword,
                    }),
                );
            },
            { timeout: 90_000 },
        );

        after(
            async () => {
                await Promise.all([
                    nginx?.stop(),
                    milvus?.stop(),
                    sickMilvus?.stop(),
                    infolessMilvus?.stop(),
                    healthlessMilvus?.stop(),
                    silent?.stop(),
                ]);
                if (dir) rmSync(dir, { recursive: true, force: true });
            },
            { timeout: 10_000 },
        );

        // Later flags win (parseArgs keeps the last value), so a case overrides by appending.
        const flagsFor = (serverName: string, overrides: string[] = []) => [
            "--address",
            address,
            "--server-name",
            serverName,
            "--ca-file",
            frontend.certPath,
            "--token",
            `root:${rootPassword}`,
            "--timeout",
            "5",
            ...overrides,
        ];

        test("healthy: every step passes, with the version and the median round trip; exit 0", perRun, async () => {
            const run = await runVerify(flagsFor(domain), noPulumiPath);
            assert.equal(run.status, 0, run.stdout + run.stderr);
            const passed = run.stdout.split("\n").filter((line) => line.startsWith("✓"));
            const steps = [
                "TCP connect",
                "TLS handshake",
                "HTTP/2 route",
                "Connect",
                "CheckHealth",
                "GetVersion",
                "Round trip",
            ];
            assert.equal(passed.length, steps.length, run.stdout);
            steps.forEach((step, i) => assert.ok(passed[i].startsWith(`✓ ${step} `), passed[i]));
            assert.match(
                run.stdout,
                /✓ TLS handshake milvus\.test \(TLSv1\.[23], h2\): CN=milvus\.test, SANs DNS:milvus\.test, DNS:\*\.milvus\.test, expires \d{4}-\d\d-\d\d/,
            );
            assert.match(run.stdout, /✓ HTTP\/2 route :authority milvus\.test → HTTP 200 application\/grpc/);
            assert.match(run.stdout, /✓ Connect as user root from --token, deploy mode CLUSTER/);
            assert.match(run.stdout, /✓ CheckHealth healthy/);
            assert.doesNotMatch(run.stdout, /⚠/, "a certificate with 30 days left was warned about");
            assert.ok(run.stdout.includes(`✓ GetVersion Milvus ${fakeMilvusVersion}`), run.stdout);
            assert.match(
                run.stdout,
                new RegExp(`✓ Round trip median \\d+(\\.\\d)? ms over ${roundTripSamples} GetVersion calls`),
            );
            assert.equal(run.stderr, "");
            assertNoSecrets(run);
        });

        test(
            "defaults from `pulumi stack output --stack e2e`: server name, certificatePem and root's password",
            perRun,
            async () => {
                const run = await runVerify(["--address", address, "--stack", "e2e"], stackPulumiPath);
                assert.equal(run.status, 0, run.stdout + run.stderr);
                assert.match(run.stdout, /defaults from the outputs of stack e2e/);
                assert.match(
                    run.stdout,
                    /as milvus\.test, trusting the certificatePem output, with user root from the rootPassword output/,
                );
                assertNoSecrets(run);
            },
        );

        test(
            "wrong CA: the TLS step says the certificate is not trusted and to pass --ca-file with certificatePem",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(domain, ["--ca-file", stranger.certPath]));
                assertFails(
                    run,
                    "TLS handshake",
                    /CN=milvus\.test .* is not trusted by --ca-file/,
                    /--ca-file with the current certificatePem output/,
                );
            },
        );

        test("wrong server name: the certificate does not cover it; pass --server-name", perRun, async () => {
            const run = await verifyInProcess(flagsFor("wrong.example"));
            assertFails(run, "TLS handshake", /does not cover wrong\.example/, /pass --server-name/);
        });

        test("host rule miss: the load balancer's 404; pass --server-name or set serveAnyHost", perRun, async () => {
            const run = await verifyInProcess(flagsFor(`other.${domain}`));
            assertFails(run, "HTTP/2 route", /HTTP 404/, /host rule did not match other\.milvus\.test/, /serveAnyHost/);
        });

        test(
            "backend down: the load balancer's 502; check the 9091 /healthz health check and tlsMode 1",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(`down.${domain}`));
                assertFails(run, "HTTP/2 route", /HTTP 502/, /9091 \/healthz/, /tlsMode 1/);
            },
        );

        test("unhealthy: CheckHealth's reasons are printed", perRun, async () => {
            const run = await verifyInProcess(flagsFor(`sick.${domain}`));
            assertFails(run, "CheckHealth", new RegExp(`unhealthy: ${unhealthyReasons.join("; ")}`));
            assert.match(run.stdout, /✓ Connect/);
        });

        test("bad token: Milvus refuses the credentials at Connect; check --token", perRun, async () => {
            const run = await runVerify(flagsFor(domain, ["--token", `root:${wrongPassword}`]), noPulumiPath);
            assertFails(
                run,
                "Connect",
                /Milvus refused the credentials \(auth check failure/,
                /check the user and password \(given by --token\)/,
            );
        });

        test("no token while authentication is on: pass --token with the rootPassword output", perRun, async () => {
            const run = await verifyInProcess([
                "--address",
                address,
                "--server-name",
                domain,
                "--ca-file",
                frontend.certPath,
            ]);
            assertFails(
                run,
                "Connect",
                /missing authorization/,
                /pass --token root:<password> \(the rootPassword output\)/,
            );
        });

        test("unreachable: connection refused at the address", perRun, async () => {
            const run = await verifyInProcess(flagsFor(domain, ["--address", `127.0.0.1:${await freePort()}`]));
            assertFails(run, "TCP connect", /connection refused at 127\.0\.0\.1:\d+/, /--address/);
        });

        test("a server that never answers: the TLS step ends at --timeout", perRun, async () => {
            const run = await verifyInProcess(
                flagsFor(domain, ["--address", `127.0.0.1:${silent.port}`, "--timeout", "0.5"]),
            );
            assertFails(run, "TLS handshake", /no answer from 127\.0\.0\.1:\d+ within 0\.5 s/, /--timeout/);
        });

        test(
            "a Connect reply without server_info passes, saying the server sent none; the run goes on",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(`infoless.${domain}`));
                assert.equal(run.status, 0, run.stdout + run.stderr);
                assert.match(run.stdout, /^✓ Connect as user root from --token, the server sent no server info \(/m);
                assert.match(run.stdout, /^✓ CheckHealth healthy/m);
                assertNoSecrets(run);
            },
        );

        test(
            "no CheckHealth behind a route that answered gRPC: Milvus is too old, not a routing problem",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(`healthless.${domain}`));
                assert.match(
                    run.stdout,
                    /^✓ HTTP\/2 route :authority healthless\.milvus\.test → HTTP 200 application\/grpc/m,
                );
                assertFails(
                    run,
                    "CheckHealth",
                    /does not implement CheckHealth/,
                    /saw the backend answer gRPC \(HTTP 200 application\/grpc/,
                    /upgrade it to Milvus 2\.6/,
                );
                assert.doesNotMatch(run.stderr, /route the Ingress|404/);
            },
        );

        test(
            "a certificate that expires within 7 days: a warning under the TLS step, and the run still passes",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(`expiring.${domain}`, ["--ca-file", expiring.certPath]));
                assert.equal(run.status, 0, run.stdout + run.stderr);
                const lines = run.stdout.split("\n");
                const tls = lines.findIndex((line) => line.startsWith("✓ TLS handshake"));
                assert.match(
                    lines[tls + 1],
                    /^⚠ TLS handshake: certificate CN=expiring\.milvus\.test expires on \d{4}-\d\d-\d\d, within 7 days — run pulumi up/,
                );
            },
        );
    },
);

describeEndToEnd(
    "npm run verify against hostile and HTTP/1-only servers, dialled directly on 127.0.0.1",
    { concurrency: 3, timeout: 180_000, needs: ["openssl"] },
    (tools) => {
        inProcess();
        let dir: string;
        let frontend: SelfSignedCert;
        let forgedCert: SelfSignedCert;
        let hostileMilvus: FakeMilvus;
        let sickMilvus: FakeMilvus;
        let http1Only: { port: number; stop(): Promise<void> };
        let alpnless: { port: number; stop(): Promise<void> };

        before(
            async () => {
                dir = mkdtempSync(join(tmpdir(), "milvus-l7-verify-hostile-"));
                frontend = makeSelfSignedCert(tools.openssl, dir, "frontend", [domain]);
                // Covers the domain (so the TLS step passes and prints the CN), with terminal escapes in its subject CN.
                forgedCert = makeSelfSignedCert(tools.openssl, dir, "forged", [domain], 30, forgedCommonName);
                hostileMilvus = await startFakeMilvus({
                    cert: forgedCert,
                    rootPassword,
                    deployMode: forgedHealthy,
                    version: forgedHealthy,
                    wrongPasswordDetails: forgedHealthy,
                });
                sickMilvus = await startFakeMilvus({ cert: frontend, rootPassword, unhealthyReasons: [forgedHealthy] });
                // nginx without http2 on the listener answers an h2-only ALPN offer so too (checked with nginx 1.22).
                http1Only = await startTlsServer(frontend, ["http/1.1"]);
                alpnless = await startTlsServer(frontend);
            },
            { timeout: 30_000 },
        );

        after(
            async () => {
                await Promise.all([hostileMilvus?.stop(), sickMilvus?.stop(), http1Only?.stop(), alpnless?.stop()]);
                if (dir) rmSync(dir, { recursive: true, force: true });
            },
            { timeout: 10_000 },
        );

        const flagsFor = (port: number, cert: SelfSignedCert, overrides: string[] = []) => [
            "--address",
            `127.0.0.1:${port}`,
            "--server-name",
            domain,
            "--ca-file",
            cert.certPath,
            "--token",
            `root:${rootPassword}`,
            "--timeout",
            "5",
            ...overrides,
        ];

        test(
            "a certificate CN, server info and version holding terminal escapes are printed escaped",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(hostileMilvus.port, forgedCert));
                assert.equal(run.status, 0, run.stdout + run.stderr);
                assertPrintable(run);
                const lines = run.stdout.split("\n");
                assert.ok(
                    lines.some(
                        (line) =>
                            line.startsWith("✓ TLS handshake ") &&
                            line.includes(`CN=${forgedCommonNameEscaped}, SANs DNS:milvus.test`),
                    ),
                    run.stdout,
                );
                assert.ok(
                    lines.some((line) =>
                        line.startsWith(`✓ Connect as user root from --token, deploy mode ${forgedHealthyEscaped} (`),
                    ),
                    run.stdout,
                );
                assert.ok(
                    lines.some((line) => line.startsWith(`✓ GetVersion Milvus ${forgedHealthyEscaped} (`)),
                    run.stdout,
                );
                assertNoSecrets(run);
            },
        );

        test(
            "an unhealthy Milvus whose reason forges a healthy line: the reason is escaped on the ✗ line, exit 1",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(sickMilvus.port, frontend));
                assertFails(run, "CheckHealth", /unhealthy: /);
                assertPrintable(run);
                assert.ok(
                    run.stderr.includes(
                        `✗ CheckHealth: Milvus reports itself unhealthy: ${forgedHealthyEscaped} — fix:`,
                    ),
                    run.stderr,
                );
                assert.doesNotMatch(run.stdout, /^Milvus at .* is healthy/m);
                assert.doesNotMatch(run.stdout, /^✓ CheckHealth/m);
            },
        );

        test("gRPC error details holding terminal escapes are printed escaped", perRun, async () => {
            const run = await verifyInProcess(
                flagsFor(hostileMilvus.port, forgedCert, ["--token", `root:${wrongPassword}`]),
            );
            assertFails(run, "Connect", /Milvus refused the credentials/);
            assertPrintable(run);
            assert.ok(run.stderr.includes(`Milvus refused the credentials (${forgedHealthyEscaped})`), run.stderr);
        });

        test(
            "a server that answers an h2 ALPN offer with alert no_application_protocol: the ALPN diagnosis, not OpenSSL's text",
            perRun,
            async () => {
                const run = await verifyInProcess(flagsFor(http1Only.port, frontend));
                assertFails(
                    run,
                    "TLS handshake",
                    /did not offer HTTP\/2 in TLS ALPN \(got the TLS alert no_application_protocol\)/,
                    /gRPC needs HTTP\/2/,
                );
                assert.doesNotMatch(run.stderr, /SSL routines|rec_layer/);
            },
        );

        test("a server without ALPN: the ALPN diagnosis", perRun, async () => {
            const run = await verifyInProcess(flagsFor(alpnless.port, frontend));
            assertFails(run, "TLS handshake", /did not offer HTTP\/2 in TLS ALPN \(got none\)/, /gRPC needs HTTP\/2/);
        });
    },
);
