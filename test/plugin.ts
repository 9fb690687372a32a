// Starts this repository as a Pulumi component package exactly as the nodejs language host runs a plugin
// (`node <dir>/node_modules/@pulumi/pulumi/cmd/run-plugin <dir>`, in `dir`), and talks to it over gRPC as the
// engine does. Shared by test/plugin.test.ts and the benchmark.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";

/** A running provider process. */
export interface Plugin {
    provider: ResourceProviderClient;
    /** Milliseconds from spawning node to the provider printing its port (module load, ts-node, server start). */
    listenedMs: number;
    /** What the process wrote to stderr so far. */
    stderr(): string;
    stop(): Promise<void>;
}

/** The longest a plugin may take to listen before the start counts as failed (a busy 2-core CI machine). */
const startTimeoutMs = 180_000;

export async function startPlugin(dir: string): Promise<Plugin> {
    const started = performance.now();
    const child = spawn(process.execPath, [join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin"), dir], {
        cwd: dir,
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
            const timer = setTimeout(() => reject(new Error(`run-plugin did not listen within ${startTimeoutMs / 1000} s; stderr:\n${stderr}`)), startTimeoutMs);
            child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
                stdout += chunk;
                const line = /^(\d+)\s*$/m.exec(stdout);
                if (line) {
                    clearTimeout(timer);
                    resolve(Number(line[1]));
                }
            });
            void exited.then(([code]) => {
                clearTimeout(timer);
                reject(new Error(`run-plugin exited with ${String(code)} before listening; stderr:\n${stderr}`));
            });
        });
        const listenedMs = performance.now() - started;
        const provider = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return {
            provider,
            listenedMs,
            stderr: () => stderr,
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
    types: Record<string, { type: string; enum?: { name?: string; value: string; description?: string }[]; description?: string }>;
}
export interface PropertySchema {
    type?: string;
    $ref?: string;
    items?: PropertySchema;
    additionalProperties?: PropertySchema;
    description?: string;
    plain?: boolean;
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
