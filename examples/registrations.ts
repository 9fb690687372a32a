// What the TypeScript example (examples/typescript) registers, and the check that the packed npm package registers
// the same: the example run here on components/ (through the in-process engine of harness/engine.ts) is what the
// consumer's run of the tarball must match, resource for resource, under the same parents.
import Module from "node:module";
import { join } from "node:path";
import { refOf, runProgram } from "../harness/engine";
import { MilvusL7LoadBalancer } from "../components/milvusL7LoadBalancer";
import type { Registration } from "./typescript/mocks";

export const exampleDir = join(__dirname, "typescript");
/** Pulumi.yaml `name` of the example. */
export const exampleProject = "milvus-l7-example";
export const exampleStack = "dev";
export const componentToken = MilvusL7LoadBalancer.typeToken;

/** A registered resource and its parent as `<type>::<name>` (undefined: none, a child of the stack). */
export interface Placed {
    type: string;
    name: string;
    parent?: string;
}

/** The registrations examples/typescript/mocks.ts writes (the parent as a URN, "" for none), as {@link Placed}. */
export function placedFromMocks(written: Registration[]): Placed[] {
    return written.map(({ type, name, parent }) => ({ type, name, ...(parent ? { parent: refOf(parent) } : {}) }));
}

/**
 * Runs examples/typescript/index.ts on this repository's components/ (what `@milvus-l7/component` is built from),
 * in this process: it starts the in-process engine, so one run per process.
 */
export async function runExampleOnSource(): Promise<Placed[]> {
    // The package name resolves to components/index.ts here; the consumer resolves it to the installed tarball.
    const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
    const resolve = resolver._resolveFilename.bind(resolver);
    resolver._resolveFilename = (request, ...rest) =>
        resolve(request === "@milvus-l7/component" ? join(__dirname, "..", "components") : request, ...rest);
    const { resources } = await runProgram(join(exampleDir, "index.ts"), exampleStack, {
        project: exampleProject,
        config: {},
        secretKeys: [],
    });
    // The consumer runs the program as plain node on mocks, with no Stack resource around it.
    return resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map(({ type, name, parent }) => ({ type, name, ...(parent ? { parent } : {}) }));
}

/**
 * What the example must show: two components, children of the stack, each with children of its own; every other
 * resource a child of the stack or of one of them.
 */
export function exampleShapeProblems(placed: Placed[]): string[] {
    const token = componentToken;
    const components = placed.filter((r) => r.type === token);
    const refs = new Set(components.map((c) => `${c.type}::${c.name}`));
    const problems: string[] = [];
    if (components.length !== 2) problems.push(`${components.length} ${token} registered, not 2`);
    for (const c of components) {
        if (c.parent !== undefined) problems.push(`${token} ${c.name} is a child of ${c.parent}, not of the stack`);
        if (!placed.some((r) => r.parent === `${c.type}::${c.name}`)) problems.push(`${token} ${c.name} has no child`);
    }
    for (const r of placed)
        if (r.parent !== undefined && !refs.has(r.parent))
            problems.push(`${r.type} ${r.name} is a child of ${r.parent}, which is no ${token}`);
    return problems;
}

/** How `actual` differs from `expected`: the count of each type under each parent, then any name in one only. */
export function registrationDifferences(actual: Placed[], expected: Placed[]): string[] {
    const counts = (placed: Placed[]) => {
        const byKey = new Map<string, number>();
        for (const r of placed) {
            const key = `under ${r.parent ?? "the stack"}: ${r.type}`;
            byKey.set(key, (byKey.get(key) ?? 0) + 1);
        }
        return byKey;
    };
    const want = counts(expected);
    const got = counts(actual);
    const differences = [...new Set([...want.keys(), ...got.keys()])]
        .sort()
        .filter((key) => want.get(key) !== got.get(key))
        .map((key) => `${key}: ${got.get(key) ?? 0} registered, ${want.get(key) ?? 0} expected`);
    const line = (r: Placed) => `${r.type}::${r.name} under ${r.parent ?? "the stack"}`;
    const wanted = new Set(expected.map(line));
    const had = new Set(actual.map(line));
    for (const l of had) if (!wanted.has(l)) differences.push(`unexpected: ${l}`);
    for (const l of wanted) if (!had.has(l)) differences.push(`missing: ${l}`);
    return differences;
}
