// Starts this repository as a Pulumi component package exactly as the nodejs language host runs a plugin
// (`node <dir>/node_modules/@pulumi/pulumi/cmd/run-plugin <dir> <engine address>`, in `dir`), and plays the engine
// around it over gRPC: GetSchema and Construct calls, and an engine and resource monitor for the provider to call
// back. Shared by test/plugin.test.ts and the benchmark.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A running provider process. */
export interface Plugin {
    provider: ResourceProviderClient;
    /** Milliseconds from spawning node to the provider printing its port (loading the SDKs and the component). */
    listenedMs: number;
    stop(): Promise<void>;
}

/** The longest a plugin may take to listen before the start counts as failed (a busy 2-core CI machine). */
const startTimeoutMs = 180_000;

/**
 * Starts the package in `dir`; `engineAddress` is where it logs and, for Construct, must be given. `env` replaces
 * variables of this process's environment (the benchmark gives each start its own TMPDIR, so no loader cache is warm).
 */
export async function startPlugin(dir: string, engineAddress?: string, env: NodeJS.ProcessEnv = {}): Promise<Plugin> {
    const started = performance.now();
    const runPlugin = join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");
    const child = spawn(process.execPath, [runPlugin, dir, ...(engineAddress ? [engineAddress] : [])], {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = once(child, "exit");
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            await exited;
        }
    };
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(
                () =>
                    reject(
                        new Error(`run-plugin did not listen within ${startTimeoutMs / 1000} s; stderr:\n${stderr}`),
                    ),
                startTimeoutMs,
            );
            child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
                stdout += chunk;
                const line = /^(\d+)\s*$/m.exec(stdout);
                if (line) {
                    clearTimeout(timer);
                    resolve(Number(line[1]));
                }
            });
            void exited.then(
                ([code]) => {
                    clearTimeout(timer);
                    reject(new Error(`run-plugin exited with ${String(code)} before listening; stderr:\n${stderr}`));
                },
                (error: unknown) => {
                    clearTimeout(timer);
                    reject(error instanceof Error ? error : new Error(String(error)));
                },
            );
        });
        const listenedMs = performance.now() - started;
        const provider = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return {
            provider,
            listenedMs,
            stop: async () => {
                provider.close();
                await stop();
            },
        };
    } catch (error) {
        await stop();
        throw error;
    }
}

/** Pulumi package schema, as much of it as the tests read. */
export interface PackageSchema {
    name: string;
    version: string;
    resources: Record<string, ResourceSchema>;
    types: Record<
        string,
        { type: string; enum?: { name?: string; value: string; description?: string }[]; description?: string }
    >;
}
export interface PropertySchema {
    type?: string;
    $ref?: string;
    items?: PropertySchema;
    additionalProperties?: PropertySchema;
    description?: string;
    plain?: boolean;
    default?: unknown;
    secret?: boolean;
}
export interface ResourceSchema {
    isComponent: boolean;
    description?: string;
    inputProperties: Record<string, PropertySchema>;
    requiredInputs?: string[];
    properties: Record<string, PropertySchema>;
    required?: string[];
}

/** The schema the provider serves (GetSchema, version 0 as the engine asks). */
export function getSchema(provider: ResourceProviderClient): Promise<PackageSchema> {
    return new Promise((resolve, reject) =>
        provider.getSchema(new provproto.GetSchemaRequest(), (error, response) =>
            error ? reject(error) : resolve(JSON.parse(response.getSchema()) as PackageSchema),
        ),
    );
}

/** A gRPC server on 127.0.0.1 with the given services; resolves to its address and a stop function. */
async function serve(
    services: [grpc.ServiceDefinition, grpc.UntypedServiceImplementation][],
): Promise<{ address: string; stop(): void }> {
    const server = new grpc.Server();
    for (const [definition, implementation] of services) server.addService(definition, implementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) =>
            error ? reject(error) : resolve(p),
        ),
    );
    return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

/** What Pulumi's mock monitor (`@pulumi/pulumi/runtime/mocks` MockMonitor) answers with, taking requests as gRPC does. */
interface MockMonitor {
    supportsFeature(
        req: resproto.SupportsFeatureRequest,
        cb: (err: unknown, res: { getHassupport(): boolean }) => void,
    ): void;
    registerResource(
        req: resproto.RegisterResourceRequest,
        cb: grpc.sendUnaryData<resproto.RegisterResourceResponse>,
    ): void;
    registerResourceOutputs(
        req: resproto.RegisterResourceOutputsRequest,
        cb: (err: grpc.ServiceError | null) => void,
    ): void;
    invoke(req: resproto.ResourceInvokeRequest, cb: grpc.sendUnaryData<resproto.ResourceInvokeResponse>): void;
    registerPackage(
        req: resproto.RegisterPackageRequest,
        cb: grpc.sendUnaryData<resproto.RegisterPackageResponse>,
    ): void;
}

/** A registration as the provider sent it, with what the mocks do not see: the parent. */
export interface MonitoredRegistration {
    type: string;
    name: string;
    parentUrn: string;
}

/** The engine and resource monitor a provider calls back during Construct, both on 127.0.0.1. */
export interface EngineServers {
    engineAddress: string;
    monitorAddress: string;
    /** Every RegisterResource the provider sent, in order. */
    registrations: MonitoredRegistration[];
    /** Every message the provider logged to the engine. */
    logs: string[];
    stop(): void;
}

/**
 * Serves the in-process engine's mock monitor (harness/engine.ts: Pulumi's MockMonitor answering from the deployed
 * outputs table) over gRPC, so a provider in another process registers into the same recorder as the program, and
 * an engine that collects log messages.
 */
export async function startEngineServers(monitor: MockMonitor): Promise<EngineServers> {
    const registrations: MonitoredRegistration[] = [];
    const logs: string[] = [];
    type Call<T> = grpc.ServerUnaryCall<T, unknown>;
    const engine = await serve([
        [
            EngineService,
            {
                log: (call: Call<engineproto.LogRequest>, cb: grpc.sendUnaryData<Empty>) => {
                    logs.push(call.request.getMessage());
                    cb(null, new Empty());
                },
                getRootResource: (_: unknown, cb: grpc.sendUnaryData<engineproto.GetRootResourceResponse>) =>
                    cb(null, new engineproto.GetRootResourceResponse()),
                setRootResource: (_: unknown, cb: grpc.sendUnaryData<engineproto.SetRootResourceResponse>) =>
                    cb(null, new engineproto.SetRootResourceResponse()),
            },
        ],
    ]);
    const resourceMonitor = await serve([
        [
            ResourceMonitorService,
            {
                supportsFeature: (
                    call: Call<resproto.SupportsFeatureRequest>,
                    cb: grpc.sendUnaryData<resproto.SupportsFeatureResponse>,
                ) =>
                    monitor.supportsFeature(call.request, (_, answer) =>
                        cb(null, new resproto.SupportsFeatureResponse().setHassupport(answer.getHassupport())),
                    ),
                registerResource: (
                    call: Call<resproto.RegisterResourceRequest>,
                    cb: grpc.sendUnaryData<resproto.RegisterResourceResponse>,
                ) => {
                    registrations.push({
                        type: call.request.getType(),
                        name: call.request.getName(),
                        parentUrn: call.request.getParent(),
                    });
                    monitor.registerResource(call.request, cb);
                },
                registerResourceOutputs: (
                    call: Call<resproto.RegisterResourceOutputsRequest>,
                    cb: grpc.sendUnaryData<Empty>,
                ) =>
                    monitor.registerResourceOutputs(call.request, (error) =>
                        error ? cb(error) : cb(null, new Empty()),
                    ),
                invoke: (
                    call: Call<resproto.ResourceInvokeRequest>,
                    cb: grpc.sendUnaryData<resproto.ResourceInvokeResponse>,
                ) => monitor.invoke(call.request, cb),
                registerPackage: (
                    call: Call<resproto.RegisterPackageRequest>,
                    cb: grpc.sendUnaryData<resproto.RegisterPackageResponse>,
                ) => monitor.registerPackage(call.request, cb),
            },
        ],
    ]);
    return {
        engineAddress: engine.address,
        monitorAddress: resourceMonitor.address,
        registrations,
        logs,
        stop: () => {
            engine.stop();
            resourceMonitor.stop();
        },
    };
}

/** A Construct call as the engine makes one for a program in another language. */
export interface ConstructCall {
    project: string;
    stack: string;
    monitorAddress: string;
    type: string;
    name: string;
    parentUrn: string;
    /** The inputs as JSON: what Python, Go or YAML send for plain values. */
    inputs: Record<string, unknown>;
}

/** Calls Construct; resolves to the component's URN and state, or rejects with the gRPC error (its details kept). */
export function construct(
    provider: ResourceProviderClient,
    c: ConstructCall,
): Promise<{ urn: string; state: Record<string, unknown> }> {
    const request = new provproto.ConstructRequest()
        .setProject(c.project)
        .setStack(c.stack)
        .setMonitorendpoint(c.monitorAddress)
        .setType(c.type)
        .setName(c.name)
        .setParent(c.parentUrn)
        .setDryrun(false)
        .setParallel(16)
        .setInputs(Struct.fromJavaScript(c.inputs as Parameters<typeof Struct.fromJavaScript>[0]));
    return new Promise((resolve, reject) =>
        provider.construct(request, (error, response) =>
            error
                ? reject(error)
                : resolve({ urn: response.getUrn(), state: response.getState()?.toJavaScript() ?? {} }),
        ),
    );
}
