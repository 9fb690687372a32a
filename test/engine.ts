// Import this module before the program or the component: it starts the in-process engine (Pulumi's mocks), which
// must be in place before any resource is constructed. The engine answers with fixed deployed values the tests can
// look for (certificate PEMs, the Ingress IP, the root password).
import { createRequire } from "node:module";
import { isSecretValue, startEngine, type DeployedOutputs, type Registration } from "../harness/engine";

/** What the tests' providers return: fixed values, each distinct, so a test can tell where a value came from. */
export const deployed: DeployedOutputs = {
    id: (name) => `${name}-id`,
    autoName: (name) => `${name}-0a1b2c3`,
    pem: (label, name) => `-----BEGIN ${label}-----\nmock ${name}\n-----END ${label}-----\n`,
    password: "mock-root-password-0123456789abcd",
    ingressIp: "203.0.113.10",
    reservedIp: "198.51.100.7",
    existingIp: "198.51.100.99",
    existingAddressType: "INTERNAL",
    existingSubnetRange: "10.129.0.0/23",
    existingSubnetNetwork: "vpc-a",
    releaseStatus: "deployed",
    cluster: { project: "mock-project", endpoint: "192.0.2.1", clusterCaCertificate: "bW9jayBjYQ==" },
    provider: { project: "mock-project", region: "us-central1" },
};

export const engine = startEngine(deployed, "milvus-l7", "test");

/** The value with every secret unwrapped. */
export function reveal(value: unknown): unknown {
    if (isSecretValue(value)) return reveal(value.value);
    if (Array.isArray(value)) return value.map(reveal);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    return value;
}

/** Every string in `value` that is not inside a secret. */
export function plainStrings(value: unknown): string[] {
    if (isSecretValue(value)) return [];
    if (typeof value === "string") return [value];
    if (typeof value === "object" && value !== null) return Object.values(value).flatMap(plainStrings);
    return [];
}

/** Providers the program created itself (under mocks no default provider is registered). */
export function explicitProviders(pkg: string): Registration[] {
    return engine.resources.filter((r) => r.type === `pulumi:providers:${pkg}`);
}

/**
 * Runs the program (index.ts) on the engine and resolves to its exports once every registration is done. Loaded with
 * `require`, as the language host loads it (@pulumi/pulumi cmd/run/run.js), so the exports are its `module.exports`.
 */
export async function runIndex<T>(): Promise<T> {
    // A program that throws rejects, as the language host reports it.
    return (await engine.run(() => new Promise<T>((resolve) => resolve(createRequire(__filename)("../index") as T))))
        .exports;
}

/**
 * {@link runIndex}, with the warnings the SDK printed meanwhile: with no engine to log to (under mocks), it writes
 * them to the console (`warning: [runtime] ...`, @pulumi/pulumi log/index.js); `pulumi up` prints the same ones.
 */
export async function runIndexWithWarnings<T>(): Promise<{ exports: T; warnings: string[] }> {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...data: unknown[]) => warnings.push(data.map(String).join(" "));
    try {
        return { exports: await runIndex<T>(), warnings };
    } finally {
        console.warn = warn;
    }
}
