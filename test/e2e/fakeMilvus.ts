// A stand-in for the Milvus proxy's external gRPC server: the real milvus.proto.milvus.MilvusService descriptors
// shipped in the SDK, served over TLS with HTTP/2 (as Milvus does with tlsMode 1), answering Connect,
// CheckHealth and GetVersion. Every other method answers UNIMPLEMENTED, as grpc-js does for methods without a
// handler, and so does a Milvus that predates one.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import milvusProtoJson from "@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus";
import { readFileSync } from "node:fs";
import type { SelfSignedCert } from "./certs";

export const fakeMilvusVersion = "v2.6.15";

/** Options of {@link startFakeMilvus}. */
export interface FakeMilvusOptions {
    /** The backend certificate (the load balancer does not check it, and neither does nginx here). */
    cert: SelfSignedCert;
    /** Password of `root`; requests must carry base64("root:<password>") in `authorization`, as Milvus checks. */
    rootPassword: string;
    /** Reasons CheckHealth gives with isHealthy false; healthy when empty or absent. */
    unhealthyReasons?: string[];
    /** Connect replies without `server_info`, as older and embedded servers do (the SDK's serverInfo is then null). */
    withoutServerInfo?: boolean;
    /** No CheckHealth, like a Milvus older than that method: it answers UNIMPLEMENTED. */
    withoutCheckHealth?: boolean;
    /** What GetVersion answers and Connect's server_info.build_tags say; {@link fakeMilvusVersion} when absent. */
    version?: string;
    /** Connect's server_info.deploy_mode; "CLUSTER" when absent. */
    deployMode?: string;
    /** The details of the UNAUTHENTICATED answer to a wrong password; Milvus's own text when absent. */
    wrongPasswordDetails?: string;
}

/** A running fake Milvus. */
export interface FakeMilvus {
    port: number;
    stop(): Promise<void>;
}

const successStatus = { error_code: "Success", code: 0, reason: "" };

/** Starts the fake on 127.0.0.1 on an ephemeral port. */
export async function startFakeMilvus(options: FakeMilvusOptions): Promise<FakeMilvus> {
    const definition = protoLoader.fromJSON(milvusProtoJson as unknown as Parameters<typeof protoLoader.fromJSON>[0], {
        keepCase: true,
        longs: String,
        enums: String,
        defaults: true,
        oneofs: true,
    });
    const loaded = grpc.loadPackageDefinition(definition) as any;
    const service = loaded.milvus.proto.milvus.MilvusService.service as grpc.ServiceDefinition;

    const expectedAuthorization = Buffer.from(`root:${options.rootPassword}`, "utf8").toString("base64");
    const unhealthyReasons = options.unhealthyReasons ?? [];
    const version = options.version ?? fakeMilvusVersion;

    // Milvus's proxy authentication interceptor (internal/proxy/authentication_interceptor.go) runs before every
    // unary method and answers gRPC UNAUTHENTICATED, not a Milvus status, when the header is missing or wrong.
    const authenticated =
        <Res>(answer: () => Res): grpc.handleUnaryCall<unknown, Res> =>
        (call, callback) => {
            const [authorization] = call.metadata.get("authorization");
            if (authorization === undefined) {
                callback({ code: grpc.status.UNAUTHENTICATED, details: "missing authorization in header" });
            } else if (authorization !== expectedAuthorization) {
                callback({
                    code: grpc.status.UNAUTHENTICATED,
                    details:
                        options.wrongPasswordDetails ??
                        "auth check failure, please check username and password are correct",
                });
            } else {
                callback(null, answer());
            }
        };

    const server = new grpc.Server();
    server.addService(service, {
        Connect: authenticated(() => ({
            status: successStatus,
            identifier: "449760428516810753",
            ...(options.withoutServerInfo
                ? {}
                : { server_info: { build_tags: version, deploy_mode: options.deployMode ?? "CLUSTER" } }),
        })),
        ...(options.withoutCheckHealth
            ? {}
            : {
                  CheckHealth: authenticated(() => ({
                      status: successStatus,
                      isHealthy: unhealthyReasons.length === 0,
                      reasons: unhealthyReasons,
                  })),
              }),
        GetVersion: authenticated(() => ({ status: successStatus, version })),
    });

    const credentials = grpc.ServerCredentials.createSsl(
        null,
        [{ private_key: readFileSync(options.cert.keyPath), cert_chain: readFileSync(options.cert.certPath) }],
        false,
    );
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", credentials, (error, boundPort) =>
            error ? reject(error) : resolve(boundPort),
        ),
    );

    return {
        port,
        stop: () =>
            new Promise<void>((resolve) => {
                server.tryShutdown(() => resolve());
                // A client the proxy keeps open would hold tryShutdown forever.
                setTimeout(() => {
                    server.forceShutdown();
                    resolve();
                }, 2_000).unref();
            }),
    };
}
