// `npm run verify`: its pure parts (flags over stack outputs, the diagnosis of each failure), and the rule that
// decides whether the end-to-end suite (verify-e2e.test.ts) runs here. The real CLI is run in verify-e2e.test.ts.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { PeerCertificate } from "node:tls";
import { after, before, describe, test } from "node:test";
import { formatStep, formatUnexpected } from "../verify/cli";
import {
    expiryWarning,
    expiryWarningDays,
    grpcFailure,
    handshakeFailure,
    httpStatusFailure,
    milvusStatusFailure,
    timeoutFailure,
    trustFailure,
    unhealthyFailure,
    unimplementedFailure,
} from "../verify/diagnose";
import {
    describeToken,
    maxCaFileBytes,
    parseAddress,
    parseFlags,
    readCaFile,
    resolveTarget,
    UsageError,
    type Target,
} from "../verify/options";
import { printable } from "../components/printable";
import { median, summarizeCertificate, withDeadline } from "../verify/probe";
import { parseStackOutputs } from "../verify/stackOutputs";
import { forgedHealthy, forgedHealthyEscaped, terminalControls } from "./e2e/hostileText";
import { findExecutable, planEndToEnd } from "./e2e/prerequisites";

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
            "--address",
            "127.0.0.1:8443",
            "--server-name",
            "db.example.org",
            "--ca-file",
            "front.pem",
            "--token",
            "alice:pw",
            "--timeout",
            "2.5",
        ]);
        const resolved = resolveTarget(flags, parseStackOutputs(stackJson), (path) => `${pem}# ${path}`);
        assert.deepEqual([resolved.host, resolved.port, resolved.serverName], ["127.0.0.1", 8443, "db.example.org"]);
        assert.deepEqual(resolved.ca, { value: `${pem}# front.pem`, source: "--ca-file front.pem" });
        assert.deepEqual(resolved.token, { value: "alice:pw", source: "--token" });
        assert.equal(resolved.timeoutMs, 2_500);
    });

    test("an empty loadBalancerIp (no IP yet) counts as no address", () => {
        const outputs = parseStackOutputs(JSON.stringify({ loadBalancerIp: "", endpoint: "a.example.com:443" }));
        assert.throws(
            () => resolveTarget(parseFlags([]), outputs, noFile),
            (error: Error) => error instanceof UsageError && /no address/.test(error.message),
        );
    });

    test("MILVUS_TOKEN stands in for --token (kept off the command line), and --token still wins", () => {
        const env = { MILVUS_TOKEN: "bob:from-env" };
        assert.deepEqual(resolveTarget(parseFlags([]), parseStackOutputs(stackJson), noFile, env).token, {
            value: "bob:from-env",
            source: "MILVUS_TOKEN",
        });
        assert.equal(
            resolveTarget(parseFlags(["--token", "alice:pw"]), parseStackOutputs(stackJson), noFile, env).token?.source,
            "--token",
        );
    });

    test("google-managed mode (certificatePem null) trusts the system roots; no rootPassword means no credentials", () => {
        const outputs = parseStackOutputs(
            JSON.stringify({ loadBalancerIp: "203.0.113.10", endpoint: "a.example.com:443", certificatePem: null }),
        );
        const resolved = resolveTarget(parseFlags([]), outputs, noFile);
        assert.equal(resolved.ca, undefined);
        assert.equal(resolved.token, undefined);
    });

    test("a wildcard endpoint needs --server-name", () => {
        const outputs = parseStackOutputs(
            JSON.stringify({ loadBalancerIp: "203.0.113.10", endpoint: "*.example.com:443" }),
        );
        assert.throws(
            () => resolveTarget(parseFlags([]), outputs, noFile),
            (error: Error) => error instanceof UsageError && /wildcard.*--server-name/.test(error.message),
        );
        assert.equal(
            resolveTarget(parseFlags(["--server-name", "db.example.com"]), outputs, noFile).serverName,
            "db.example.com",
        );
    });

    test("dialling an IP with no stack needs --server-name; a host name serves as its own", () => {
        assert.throws(
            () => resolveTarget(parseFlags(["--address", "203.0.113.10:443"]), {}, noFile),
            /pass --server-name/,
        );
        assert.equal(
            resolveTarget(parseFlags(["--address", "milvus.example.com"]), {}, noFile).serverName,
            "milvus.example.com",
        );
    });

    test("no address from flags or stack is a usage error naming --address", () => {
        assert.throws(
            () => resolveTarget(parseFlags([]), {}, noFile),
            (error: Error) => error instanceof UsageError && /--address/.test(error.message),
        );
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
        for (const timeout of ["0", "-1", "-0.5", "--1", "abc", "601", ""]) {
            assert.throws(
                () => resolveTarget(parseFlags(["--timeout", timeout]), parseStackOutputs(stackJson), noFile),
                (error: Error) =>
                    error instanceof UsageError &&
                    error.message ===
                        `--timeout must be a number of seconds in (0, 600]; got ${JSON.stringify(timeout)}`,
                timeout,
            );
        }
        assert.throws(
            () => resolveTarget(parseFlags(["--server-name", "203.0.113.10"]), parseStackOutputs(stackJson), noFile),
            /not an IP/,
        );
    });

    test("a --timeout that rounds below 1 ms is refused naming --timeout: it would be 0 ms, no bound at all", () => {
        const stack = parseStackOutputs(stackJson);
        for (const timeout of ["0.0001", "0.0009", "1e-4", ".0004"]) {
            assert.throws(
                () => resolveTarget(parseFlags(["--timeout", timeout]), stack, noFile),
                (error: Error) =>
                    error instanceof UsageError &&
                    error.message ===
                        `--timeout must be at least 0.001 seconds (1 ms, the finest step of Node's timers and gRPC deadlines); got ${JSON.stringify(timeout)}`,
                timeout,
            );
        }
        assert.equal(resolveTarget(parseFlags(["--timeout", "0.001"]), stack, noFile).timeoutMs, 1);
        assert.equal(resolveTarget(parseFlags(["--timeout", "0.0015"]), stack, noFile).timeoutMs, 2);
        assert.equal(resolveTarget(parseFlags(["--timeout", "1e1"]), stack, noFile).timeoutMs, 10_000);
    });

    test("--timeout is decimal seconds: hex, binary and octal spellings that Number() reads are refused", () => {
        for (const timeout of ["0x10", "0b1", "0o7", "1_0"]) {
            assert.throws(
                () => resolveTarget(parseFlags(["--timeout", timeout]), parseStackOutputs(stackJson), noFile),
                (error: Error) =>
                    error instanceof UsageError &&
                    error.message ===
                        `--timeout must be a number of seconds in (0, 600]; got ${JSON.stringify(timeout)}`,
                timeout,
            );
        }
    });

    test("--ca-file must be readable and hold a PEM certificate", () => {
        const stack = parseStackOutputs(stackJson);
        assert.throws(
            () => resolveTarget(parseFlags(["--ca-file", "missing.pem"]), stack, noFile),
            /cannot read --ca-file missing\.pem/,
        );
        assert.throws(
            () => resolveTarget(parseFlags(["--ca-file", "key.pem"]), stack, () => "-----BEGIN PRIVATE KEY-----"),
            /no PEM certificate/,
        );
    });

    describe("--ca-file is read only when it is a regular file of at most 1 MiB", () => {
        let dir: string;
        const stack = parseStackOutputs(stackJson);
        const resolveCa = (path: string) => resolveTarget(parseFlags(["--ca-file", path]), stack, readCaFile).ca;
        const refusedAs = (pattern: RegExp) => (error: Error) =>
            error instanceof UsageError && pattern.test(error.message);

        before(() => {
            dir = mkdtempSync(join(tmpdir(), "milvus-l7-ca-file-"));
        });
        after(() => rmSync(dir, { recursive: true, force: true }));

        test("/dev/zero (a device that never ends) is refused before any read", { timeout: 5_000 }, () => {
            assert.throws(
                () => resolveCa("/dev/zero"),
                refusedAs(/^--ca-file \/dev\/zero is a character device, not a regular file: pass the PEM certificate/),
            );
        });

        test("a FIFO is refused without waiting for a writer, a directory as a directory", { timeout: 5_000 }, () => {
            const fifo = join(dir, "fifo.pem");
            execFileSync("mkfifo", [fifo]);
            assert.throws(() => resolveCa(fifo), refusedAs(/is a FIFO, not a regular file/));
            assert.throws(() => resolveCa(dir), refusedAs(/is a directory, not a regular file/));
        });

        test("a file over 1 MiB is refused, saying the bound; one of exactly 1 MiB is read", () => {
            const padded = (size: number) => pem + "#".repeat(size - pem.length);
            writeFileSync(join(dir, "big.pem"), padded(maxCaFileBytes + 1));
            assert.throws(
                () => resolveCa(join(dir, "big.pem")),
                refusedAs(new RegExp(`is ${maxCaFileBytes + 1} bytes, over the 1 MiB bound for a CA file`)),
            );
            writeFileSync(join(dir, "bound.pem"), padded(maxCaFileBytes));
            assert.equal(resolveCa(join(dir, "bound.pem"))?.value.length, maxCaFileBytes);
        });

        test("a regular PEM file is read as it is; a missing one is the file system's error", () => {
            writeFileSync(join(dir, "frontend.pem"), pem);
            assert.deepEqual(resolveCa(join(dir, "frontend.pem")), {
                value: pem,
                source: `--ca-file ${join(dir, "frontend.pem")}`,
            });
            assert.throws(
                () => resolveCa(join(dir, "missing.pem")),
                refusedAs(/^cannot read --ca-file .*missing\.pem: ENOENT/),
            );
        });
    });

    test('a flag whose value looks like a flag names that flag, not parseArgs\'s "ambiguous" text', () => {
        assert.throws(
            () => parseFlags(["--token", "--timeout", "5"]),
            (error: Error) =>
                error instanceof UsageError &&
                /^--token needs a value; got "--timeout"/.test(error.message) &&
                !/ambiguous/.test(error.message),
        );
        assert.equal(parseFlags(["--token=-dash-first:pw"]).token, "-dash-first:pw");
    });

    test("stack output that is not JSON is refused without quoting it (it holds secrets)", () => {
        for (const text of [
            "hunter2-root",
            '{"rootPassword": "hunter2-root"',
            '{"rootPassword": "hunter2-root"} trailing',
        ]) {
            assert.throws(
                () => parseStackOutputs(text),
                (error: Error) =>
                    /^not JSON \(\d+ characters/.test(error.message) && !error.message.includes("hunter2"),
                text,
            );
        }
    });

    test("stack outputs: only the verifier's, null as absent, and a wrong type is refused", () => {
        assert.deepEqual(
            parseStackOutputs(JSON.stringify({ endpoint: "a.example.com:443", rootPassword: null, other: 1 })),
            { endpoint: "a.example.com:443" },
        );
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
        const notFound = grpcFailure(
            {
                code: 12,
                details: "Received HTTP status code 404",
                message: "12 UNIMPLEMENTED: Received HTTP status code 404",
            },
            target(),
        );
        assert.match(notFound.problem, /HTTP 404/);
        const badGateway = grpcFailure(
            {
                code: 14,
                details: "Received HTTP status code 502",
                message: "14 UNAVAILABLE: Received HTTP status code 502",
            },
            target(),
        );
        assert.match(badGateway.problem, /HTTP 502/);
    });

    test("UNAUTHENTICATED asks for --token: the rootPassword output when none was given, a check of the given one otherwise", () => {
        const error = {
            code: 16,
            details: "auth check failure, please check username and password are correct",
            message: "16 UNAUTHENTICATED",
        };
        assert.match(grpcFailure(error, target()).fix, /pass --token root:<password> \(the rootPassword output\)/);
        const withToken = grpcFailure(error, target({ token: { value: "root:wrong", source: "--token" } }));
        assert.match(withToken.fix, /check the user and password \(given by --token\)/);
        assert.doesNotMatch(`${withToken.problem} ${withToken.fix}`, /wrong/);
    });

    test("Milvus's own authentication status (merr 1800) is an authentication failure too", () => {
        assert.match(
            milvusStatusFailure(
                { code: 1800, error_code: "UnexpectedError", reason: "user hasn't authenticated" },
                target(),
            ).fix,
            /--token/,
        );
    });

    test("DEADLINE_EXCEEDED and step timeouts name the bound and --timeout", () => {
        const failure = grpcFailure(
            { code: 4, details: "Deadline exceeded", message: "4 DEADLINE_EXCEEDED" },
            target({ timeoutMs: 2_500 }),
        );
        assert.deepEqual(failure, timeoutFailure(target({ timeoutMs: 2_500 })));
        assert.match(failure.problem, /within 2\.5 s/);
        assert.match(failure.fix, /--timeout/);
    });

    test("an untrusted certificate asks for --ca-file with certificatePem; an expired one for pulumi up", () => {
        const certificate = { subject: "CN=milvus.example.com", sans: "DNS:milvus.example.com", validTo: "2026-01-01" };
        assert.match(
            trustFailure("DEPTH_ZERO_SELF_SIGNED_CERT", certificate, target()).fix,
            /--ca-file with the certificatePem output/,
        );
        assert.match(trustFailure("CERT_HAS_EXPIRED", certificate, target()).fix, /pulumi up/);
    });

    test("UNIMPLEMENTED after the route step saw the backend answer gRPC: Milvus lacks the method, upgrade it", () => {
        const failure = unimplementedFailure({
            method: "CheckHealth",
            route: { status: 200, contentType: "application/grpc" },
        });
        assert.match(failure.problem, /does not implement CheckHealth .*HTTP 200 application\/grpc/);
        assert.match(failure.fix, /older than CheckHealth: upgrade it to Milvus 2\.6/);
        assert.doesNotMatch(failure.fix, /route the Ingress/);
        const fromGrpc = grpcFailure(
            { code: 12, details: "The server does not implement the method GetVersion", message: "12 UNIMPLEMENTED" },
            target(),
            {
                method: "GetVersion",
                route: { status: 200, contentType: "application/grpc" },
            },
        );
        assert.match(fromGrpc.problem, /does not implement GetVersion/);
    });

    test("UNIMPLEMENTED with no route seen yet may be the load balancer's 404: check the Ingress route", () => {
        assert.match(
            unimplementedFailure({ method: "Connect" }).fix,
            /route the Ingress to the Milvus Service port 19530/,
        );
    });

    test(`a certificate with fewer than ${expiryWarningDays} days left warns: pulumi up renews the self-signed one`, () => {
        const certificate = { subject: "CN=milvus.example.com", sans: "DNS:milvus.example.com", validTo: "2026-11-28" };
        const selfManaged = target({ ca: { value: pem, source: "the certificatePem output" } });
        assert.equal(expiryWarning(expiryWarningDays, certificate, selfManaged), undefined);
        const warning = expiryWarning(expiryWarningDays - 1, certificate, selfManaged);
        assert.match(warning?.problem ?? "", /expires on 2026-11-28, within 7 days/);
        assert.match(warning?.fix ?? "", /run pulumi up/);
        assert.match(expiryWarning(0, certificate, target())?.fix ?? "", /managedcertificate/);
    });

    test("a warning prints as a ⚠ line under its step's ✓ line", () => {
        const warning = { problem: "expires soon", fix: "renew it" };
        const lines = formatStep({
            ok: true,
            title: "TLS handshake",
            detail: "milvus.example.com",
            elapsedMs: 12,
            warning,
        }).split("\n");
        assert.deepEqual(lines, [
            "✓ TLS handshake milvus.example.com (12 ms)",
            "⚠ TLS handshake: expires soon — renew it",
        ]);
    });

    test("unhealthy lists Milvus's reasons", () => {
        assert.match(
            unhealthyFailure(["querynode 3 not ready", "quota exceeded"]).problem,
            /querynode 3 not ready; quota exceeded/,
        );
    });

    test("a failure prints as one line", () => {
        const line = formatStep({ ok: false, title: "HTTP/2 route", failure: httpStatusFailure(502, target()) });
        assert.match(line, /^✗ HTTP\/2 route: .* — fix: .*/);
        assert.doesNotMatch(line, /\n/);
    });

    test("a server that refuses HTTP/2 in ALPN (alert no_application_protocol) gets the ALPN diagnosis, not OpenSSL's text", () => {
        const alert = Object.assign(
            new Error(
                "C0DCE1F7BA7F0000:error:0A000460:SSL routines:ssl3_read_bytes:tlsv1 alert no application protocol:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 120",
            ),
            { code: "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL" },
        );
        const { problem, fix } = handshakeFailure(alert, target());
        assert.equal(
            problem,
            "203.0.113.10:443 did not offer HTTP/2 in TLS ALPN (got the TLS alert no_application_protocol)",
        );
        assert.match(fix, /gRPC needs HTTP\/2/);
        const reset = handshakeFailure(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), target());
        assert.match(reset.problem, /TLS handshake with 203\.0\.113\.10:443 failed: socket hang up/);
    });

    test("the presented certificate is summarized with its subject, SANs and days to expiry", () => {
        const certificate = {
            subject: { CN: "milvus.example.com" },
            subjectaltname: "DNS:milvus.example.com",
            valid_to: "Nov 24 01:00:00 2026 GMT",
        };
        const summary = summarizeCertificate(
            certificate as unknown as PeerCertificate,
            new Date("2026-11-22T00:00:00Z"),
        );
        assert.deepEqual(summary, {
            subject: "CN=milvus.example.com",
            sans: "DNS:milvus.example.com",
            validTo: "2026-11-24",
            daysLeft: 2,
            expires: "expires 2026-11-24 (in 2 days)",
        });
    });

    test("median of the round trips, and a deadline that rejects", async () => {
        assert.equal(median([9, 1, 5]), 5);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        await assert.rejects(
            withDeadline(new Promise(() => undefined), 20, () => new Error("late")),
            /late/,
        );
    });
});

describe("remote text is printed with the characters a terminal acts on escaped", () => {
    test("C0 and C1 controls, DEL, bidi and zero-width format characters and line separators are written as escapes", () => {
        const cases: Array<[string, string]> = [
            ["\x1b[2J", "\\x1b[2J"],
            ["\x1b]0;title\x07", "\\x1b]0;title\\x07"],
            ["a\rb\nc\td", "a\\rb\\nc\\td"],
            ["\x00\x08\x7f", "\\x00\\x08\\x7f"],
            ["\x9b31m\x85", "\\x9b31m\\x85"],
            ["\u202eevil\u202c", "\\u202eevil\\u202c"],
            ["\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c"],
            ["\u200b\ufeff\u2028\u2029", "\\u200b\\ufeff\\u2028\\u2029"],
            ["\u{e0041}\ud800", "\\u{e0041}\\ud800"],
        ];
        for (const [text, expected] of cases) {
            assert.equal(printable(text), expected, JSON.stringify(text));
            assert.doesNotMatch(printable(text), terminalControls, JSON.stringify(text));
        }
    });

    test("printable text is left as it is, non-ASCII included, and escaping twice changes nothing more", () => {
        const plain = "CN=milvus.example.com — Milvus v2.6.15 ✓ café 東京 😀 C:\\certs";
        assert.equal(printable(plain), plain);
        const once = printable("\x1b[2K\r✓ healthy");
        assert.equal(printable(once), once);
    });

    test("a failure quoting a server prints as one line: a forged ✓ line stays inside it, escaped", () => {
        const line = formatStep({ ok: false, title: "CheckHealth", failure: unhealthyFailure([forgedHealthy]) });
        assert.equal(
            line,
            `✗ CheckHealth: Milvus reports itself unhealthy: ${forgedHealthyEscaped} — fix: check the Milvus pods and their logs (kubectl get pods -l app.kubernetes.io/name=milvus); a new release may still be starting`,
        );
    });

    test("what a passed step saw, its warning and the fix are escaped too; the ⚠ line is the only line break", () => {
        const warning = { problem: forgedHealthy, fix: forgedHealthy };
        const lines = formatStep({
            ok: true,
            title: "TLS handshake",
            detail: `CN=${forgedHealthy}`,
            elapsedMs: 3,
            warning,
        }).split("\n");
        assert.deepEqual(lines, [
            `✓ TLS handshake CN=${forgedHealthyEscaped} (3.0 ms)`,
            `⚠ TLS handshake: ${forgedHealthyEscaped} — ${forgedHealthyEscaped}`,
        ]);
    });

    test("an undiagnosed error prints its message escaped on the ✗ line; only its real stack frames follow", () => {
        const lines = formatUnexpected(new Error(`boom${forgedHealthy}\n    at forged (\x1b[2J)`)).split("\n");
        assert.equal(lines[0], `✗ unexpected error: Error: boom${forgedHealthyEscaped}\\n    at forged (\\x1b[2J)`);
        assert.ok(lines.length > 1, "no stack frames");
        for (const line of lines) assert.doesNotMatch(line, terminalControls);
        for (const frame of lines.slice(1)) {
            assert.match(frame, /^\s+at /);
            assert.doesNotMatch(frame, /forged/);
        }
        assert.equal(formatUnexpected("\x1b[2J"), "✗ unexpected error: \\x1b[2J");
    });
});

describe("end-to-end prerequisites: nginx and openssl found, else the suite skipped, or failed under CI", () => {
    let dir: string;
    const executable = (folder: string, name: string) => {
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, name), "#!/bin/sh\n");
        chmodSync(join(folder, name), 0o755);
        return join(folder, name);
    };

    before(() => {
        dir = mkdtempSync(join(tmpdir(), "milvus-l7-prereq-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test("nginx is looked up on PATH first, in PATH's order, then in the fallback folder (Debian's /usr/sbin)", () => {
        const [first, second, sbin] = ["first", "second", "sbin"].map((name) => join(dir, "order", name));
        const inSecond = executable(second, "nginx");
        const inSbin = executable(sbin, "nginx");
        mkdirSync(first);
        assert.equal(findExecutable("nginx", [first, second].join(delimiter), [sbin]), inSecond);
        assert.equal(findExecutable("nginx", first, [sbin]), inSbin);
        assert.equal(findExecutable("nginx", undefined, [sbin]), inSbin);
    });

    test("none found, a file that is not executable, or one in the current folder (an empty PATH entry) count as absent", () => {
        const folder = join(dir, "absent");
        mkdirSync(folder);
        writeFileSync(join(folder, "nginx"), "not executable");
        assert.equal(findExecutable("nginx", folder, []), undefined);
        const cwd = process.cwd();
        process.chdir(dirname(executable(join(dir, "cwd"), "nginx")));
        try {
            assert.equal(findExecutable("nginx", `${delimiter}${folder}${delimiter}`, []), undefined);
        } finally {
            process.chdir(cwd);
        }
    });

    test("both found: the suite runs with them", () => {
        const found = { nginx: "/opt/bin/nginx", openssl: "/usr/bin/openssl" };
        assert.deepEqual(planEndToEnd(found, { CI: "true" }), { kind: "run", tools: found });
        assert.deepEqual(planEndToEnd(found, {}), { kind: "run", tools: found });
    });

    test("nginx missing outside CI: skipped, with one line saying how to install it and run npm run test:e2e", () => {
        for (const env of [{}, { CI: "" }, { CI: "false" }]) {
            const plan = planEndToEnd({ openssl: "/usr/bin/openssl" }, env);
            assert.equal(plan.kind, "skip", JSON.stringify(env));
            assert.match(
                plan.reason,
                /^nginx not found on PATH or in \/usr\/sbin: .*apt-get install nginx \/ brew install nginx\) and run npm run test:e2e$/,
            );
            assert.doesNotMatch(plan.reason, /\n/);
        }
    });

    test("nginx missing under CI: a failure naming nginx, so CI never passes by skipping", () => {
        for (const ci of ["true", "1"]) {
            const plan = planEndToEnd({ openssl: "/usr/bin/openssl" }, { CI: ci });
            assert.equal(plan.kind, "fail");
            assert.match(plan.reason, /^nginx not found/);
        }
    });

    test("a suite that needs only openssl runs without nginx, and is skipped without openssl", () => {
        assert.deepEqual(planEndToEnd({ openssl: "/usr/bin/openssl" }, {}, ["openssl"]), {
            kind: "run",
            tools: { openssl: "/usr/bin/openssl" },
        });
        const plan = planEndToEnd({ nginx: "/usr/sbin/nginx" }, {}, ["openssl"]);
        assert.ok(plan.kind === "skip");
        assert.match(plan.reason, /^openssl not found /);
    });

    test("openssl missing too: both are named", () => {
        const plan = planEndToEnd({}, {});
        assert.ok(plan.kind === "skip");
        assert.match(plan.reason, /^nginx and openssl not found .*apt-get install nginx openssl/);
    });
});
