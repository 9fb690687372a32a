// The checks, in the order a request meets them: TCP to the load balancer, its TLS front end, its HTTP/2 host
// routing, then Milvus itself through the Milvus Node SDK. Each step is bounded by the target's timeout, reports
// as soon as it ends, and the first failure stops the run, diagnosed.
import { CONNECT_STATUS, MilvusClient } from "@zilliz/milvus2-sdk-node";
import { once } from "node:events";
import * as http2 from "node:http2";
import { connect as tcpConnect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from "node:tls";
import {
    alpnFailure,
    connectFailure,
    expiryWarning,
    grpcFailure,
    handshakeFailure,
    httpStatusFailure,
    milvusStatusFailure,
    nameFailure,
    notGrpcFailure,
    ProbeFailure,
    timeoutFailure,
    trustFailure,
    unhealthyFailure,
    unimplementedFailure,
    type CertificateSummary,
    type Failure,
    type GrpcErrorLike,
    type MilvusStatus,
    type RouteAnswer,
} from "./diagnose";
import { describeToken, type Target } from "./options";

/** One step's outcome, reported as it ends; a step that passed may still warn. */
export type StepResult =
    | { ok: true; title: string; detail: string; elapsedMs: number; warning?: Failure }
    | { ok: false; title: string; failure: Failure };

/** What a step's work resolves to: the value later steps use, what was seen, and a warning if any. */
interface StepOutcome<T> {
    value: T;
    detail: string;
    warning?: Failure;
}

/** How many GetVersion calls the round-trip median is taken over. */
export const roundTripSamples = 5;

const grpcContentType = /^application\/grpc/;

/** Sends each step's result to `report` as it ends; resolves true when every step passed. */
export async function verifyEndpoint(target: Target, report: (result: StepResult) => void): Promise<boolean> {
    const cleanups: Array<() => unknown> = [];
    const step = async <T>(title: string, run: () => Promise<StepOutcome<T>>): Promise<T> => {
        const started = performance.now();
        try {
            const { value, detail, warning } = await withDeadline(
                run(),
                target.timeoutMs,
                () => new ProbeFailure(timeoutFailure(target)),
            );
            report({ ok: true, title, detail, elapsedMs: performance.now() - started, warning });
            return value;
        } catch (error) {
            report({ ok: false, title, failure: diagnoseUnexpected(error) });
            throw new StepFailed();
        }
    };

    try {
        const socket = await step("TCP connect", () => openTcp(target, cleanups));
        const tlsSocket = await step("TLS handshake", () => handshake(socket, target, cleanups));
        const route = await step("HTTP/2 route", () => routeCheck(tlsSocket, target, cleanups));

        const milvus: MilvusSteps = { target, route };
        const client = await step("Connect", () => milvusConnect(milvus, cleanups));
        await step("CheckHealth", () => milvusCheckHealth(client, milvus));
        await step("GetVersion", () => milvusGetVersion(client, milvus));
        await step("Round trip", () => roundTrip(client, milvus));
        return true;
    } catch (error) {
        if (error instanceof StepFailed) return false;
        throw error;
    } finally {
        for (const cleanup of cleanups.reverse()) {
            try {
                await cleanup();
            } catch {
                // Closing what a failed step left half-open may fail too; the step has already been reported.
            }
        }
    }
}

/** Thrown once a failed step has been reported, to stop the run. */
class StepFailed extends Error {}

/** Rejects with `onTimeout()` when `work` has not settled within `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
    });
    try {
        return await Promise.race([work, deadline]);
    } finally {
        clearTimeout(timer);
    }
}

function diagnoseUnexpected(error: unknown): Failure {
    if (error instanceof ProbeFailure) return error.failure;
    return {
        problem: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
        fix: "rerun; if it persists, report it with the output above",
    };
}

async function openTcp(target: Target, cleanups: Array<() => unknown>): Promise<StepOutcome<Socket>> {
    const socket = tcpConnect({ host: target.host, port: target.port });
    cleanups.push(() => socket.destroy());
    try {
        await once(socket, "connect");
    } catch (error) {
        throw new ProbeFailure(connectFailure(error as NodeJS.ErrnoException, target));
    }
    return { value: socket, detail: `${socket.remoteAddress}:${socket.remotePort}` };
}

/** Subject CN, SANs and expiry of the certificate the server presented, as the report shows them. */
export function summarizeCertificate(
    certificate: PeerCertificate,
    now: Date,
): CertificateSummary & { expires: string; daysLeft?: number } {
    const subject = `CN=${[certificate.subject?.CN ?? ""].flat().join(",")}`;
    const sans = certificate.subjectaltname || "no SANs";
    const validTo = new Date(certificate.valid_to);
    if (Number.isNaN(validTo.getTime()))
        return { subject, sans, validTo: "an unknown date", expires: "expiry unknown" };
    const day = validTo.toISOString().slice(0, 10);
    const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / 86_400_000);
    return {
        subject,
        sans,
        validTo: day,
        daysLeft,
        expires: `expires ${day} (in ${daysLeft} day${daysLeft === 1 ? "" : "s"})`,
    };
}

async function handshake(
    socket: Socket,
    target: Target,
    cleanups: Array<() => unknown>,
): Promise<StepOutcome<TLSSocket>> {
    // Verification is done below rather than by rejecting the handshake, so a refused certificate can still be
    // described (subject, SANs); nothing is sent on the connection unless both checks pass.
    const tlsSocket = tlsConnect({
        socket,
        servername: target.serverName,
        ca: target.ca?.value,
        ALPNProtocols: ["h2"],
        rejectUnauthorized: false,
    });
    cleanups.push(() => tlsSocket.destroy());
    try {
        await once(tlsSocket, "secureConnect");
    } catch (error) {
        throw new ProbeFailure(handshakeFailure(error as NodeJS.ErrnoException, target));
    }
    const certificate = tlsSocket.getPeerCertificate();
    const summary = summarizeCertificate(certificate, new Date());
    // Node puts the OpenSSL verification code here (typed as Error, but a string), or the name-check code.
    const chainError: unknown = tlsSocket.authorizationError;
    if (typeof chainError === "string" && chainError !== "ERR_TLS_CERT_ALTNAME_INVALID") {
        throw new ProbeFailure(trustFailure(chainError, summary, target));
    }
    const nameError = checkServerIdentity(target.serverName, certificate);
    if (nameError !== undefined) throw new ProbeFailure(nameFailure(nameError.message, target));
    // gRPC runs only over HTTP/2, and the GKE front end offers it in ALPN.
    if (tlsSocket.alpnProtocol !== "h2") throw new ProbeFailure(alpnFailure(tlsSocket.alpnProtocol, target));
    return {
        value: tlsSocket,
        detail: `${target.serverName} (${tlsSocket.getProtocol() ?? "TLS"}, h2): ${summary.subject}, SANs ${summary.sans}, ${summary.expires}, trusted by ${target.ca?.source ?? "the system roots"}`,
        warning: summary.daysLeft === undefined ? undefined : expiryWarning(summary.daysLeft, summary, target),
    };
}

// A gRPC message frame: 1 byte "not compressed", 4 bytes length 0. GetVersionRequest has no fields.
const emptyGrpcMessage = Buffer.alloc(5);

/**
 * One raw gRPC request on the verified connection, with the domain as :authority as the SDK sends it. It shows
 * the load balancer's own HTTP status, which the SDK hides: grpc-js maps 404 to UNIMPLEMENTED, and the SDK
 * turns UNIMPLEMENTED into an empty success. No credentials are sent: Milvus may answer UNAUTHENTICATED here.
 */
async function routeCheck(
    tlsSocket: TLSSocket,
    target: Target,
    cleanups: Array<() => unknown>,
): Promise<StepOutcome<RouteAnswer>> {
    const session = http2.connect(`https://${target.serverName}`, { createConnection: () => tlsSocket });
    cleanups.push(() => session.destroy());
    const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        session.on("error", reject);
        const stream = session.request({
            ":method": "POST",
            ":path": "/milvus.proto.milvus.MilvusService/GetVersion",
            ":authority": target.serverName,
            "content-type": "application/grpc",
            te: "trailers",
        });
        stream.on("error", reject);
        stream.once("response", (responseHeaders) => {
            resolve(responseHeaders);
            stream.close(http2.constants.NGHTTP2_CANCEL);
        });
        stream.once("close", () =>
            reject(new Error(`stream closed without a response (HTTP/2 code ${stream.rstCode})`)),
        );
        stream.end(emptyGrpcMessage);
    }).catch((error: unknown) => {
        throw new ProbeFailure({
            problem: `HTTP/2 request failed: ${(error as Error).message}`,
            fix: "check the load balancer answers HTTP/2 on this address (kubectl describe ingress)",
        });
    });
    const status = Number(headers[":status"]);
    const contentType = headers["content-type"];
    if (status !== 200) throw new ProbeFailure(httpStatusFailure(status, target));
    if (contentType === undefined || !grpcContentType.test(contentType))
        throw new ProbeFailure(notGrpcFailure(contentType));
    return {
        value: { status, contentType },
        detail: `:authority ${target.serverName} → HTTP ${status} ${contentType} from the backend`,
    };
}

/** A Milvus Node SDK client for the target: TLS with its CA and server name, the domain as HTTP/2 authority. */
export function newMilvusClient(target: Target): MilvusClient {
    const host = target.host.includes(":") ? `[${target.host}]` : target.host;
    return new MilvusClient({
        address: `${host}:${target.port}`,
        ssl: true,
        tls: {
            rootCert: target.ca === undefined ? undefined : Buffer.from(target.ca.value),
            serverName: target.serverName,
        },
        // Without it grpc-js sends the dialled IP as :authority and the Ingress host rule does not match.
        channelOptions: { "grpc.default_authority": target.serverName },
        token: target.token?.value,
        timeout: target.timeoutMs,
        // Each SDK retry gets a fresh deadline, which would stretch a step past --timeout; and a check should
        // report the first failure as it is.
        maxRetries: 0,
        pool: { min: 1, max: 1 },
        logLevel: "error",
    });
}

/** What the Milvus steps go by: the target, and what the route step saw (the diagnosis of UNIMPLEMENTED follows it). */
interface MilvusSteps {
    target: Target;
    route: RouteAnswer;
}

async function sdkCall<T>(milvus: MilvusSteps, method: string, run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (error) {
        if (typeof (error as GrpcErrorLike).code === "number") {
            throw new ProbeFailure(grpcFailure(error as GrpcErrorLike, milvus.target, { method, route: milvus.route }));
        }
        throw error;
    }
}

/** The fields of Milvus responses the checks read (the SDK's own types omit `status`). */
interface MilvusResponse {
    status?: MilvusStatus;
}

/** Throws the diagnosis when a response carries no status (UNIMPLEMENTED, see unimplementedFailure) or a failed one. */
function checkStatus(response: MilvusResponse, milvus: MilvusSteps, method: string): void {
    const { status } = response;
    if (status === undefined) throw new ProbeFailure(unimplementedFailure({ method, route: milvus.route }));
    const failed = (status.code ?? 0) !== 0 || (status.error_code !== undefined && status.error_code !== "Success");
    if (failed) throw new ProbeFailure(milvusStatusFailure(status, milvus.target));
}

async function milvusConnect(milvus: MilvusSteps, cleanups: Array<() => unknown>): Promise<StepOutcome<MilvusClient>> {
    const { target, route } = milvus;
    // The client sends Connect as soon as it exists; connectPromise is that call.
    const client = newMilvusClient(target);
    cleanups.push(() => client.closeConnection());
    await sdkCall(milvus, "Connect", () => client.connectPromise);
    // The SDK records an UNIMPLEMENTED Connect (an old Milvus, or a 404 turned into success) instead of failing.
    if (client.connectStatus === CONNECT_STATUS.UNIMPLEMENTED)
        throw new ProbeFailure(unimplementedFailure({ method: "Connect", route }));
    // The SDK copies the reply's server_info as it is (GrpcClient._getServerInfo), and older and embedded servers
    // leave it out: serverInfo is then null, although the SDK's type says otherwise.
    const serverInfo = client.serverInfo as typeof client.serverInfo | null | undefined;
    const about =
        serverInfo == null
            ? ", the server sent no server info"
            : serverInfo.deploy_mode
              ? `, deploy mode ${serverInfo.deploy_mode}`
              : "";
    return { value: client, detail: `as ${describeToken(target.token)}${about}` };
}

async function milvusCheckHealth(client: MilvusClient, milvus: MilvusSteps): Promise<StepOutcome<void>> {
    const response = (await sdkCall(milvus, "CheckHealth", () => client.checkHealth())) as MilvusResponse & {
        isHealthy?: boolean;
        reasons?: string[];
    };
    checkStatus(response, milvus, "CheckHealth");
    if (response.isHealthy !== true) throw new ProbeFailure(unhealthyFailure(response.reasons ?? []));
    return { value: undefined, detail: "healthy" };
}

async function getVersion(client: MilvusClient, milvus: MilvusSteps): Promise<string> {
    const response = (await sdkCall(milvus, "GetVersion", () => client.getVersion())) as MilvusResponse & {
        version?: string;
    };
    checkStatus(response, milvus, "GetVersion");
    return response.version || "(empty)";
}

async function milvusGetVersion(client: MilvusClient, milvus: MilvusSteps): Promise<StepOutcome<void>> {
    return { value: undefined, detail: `Milvus ${await getVersion(client, milvus)}` };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
    if (values.length === 0) throw new Error("median of nothing");
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function roundTrip(client: MilvusClient, milvus: MilvusSteps): Promise<StepOutcome<void>> {
    const samples: number[] = [];
    for (let i = 0; i < roundTripSamples; i++) {
        const started = performance.now();
        await getVersion(client, milvus);
        samples.push(performance.now() - started);
    }
    return {
        value: undefined,
        detail: `median ${formatMs(median(samples))} over ${roundTripSamples} GetVersion calls`,
    };
}

/** Milliseconds as the report shows them: one decimal below 10 ms, whole above. */
export function formatMs(ms: number): string {
    return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
