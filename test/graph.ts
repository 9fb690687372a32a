// The graph a program run registers, what each resource must wait for, and the critical-path tests of both modes on it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";
import { runProgram, type RecordedResource } from "../harness/engine";
import { stackConfigValues } from "../render/project";
import { root } from "./stack";

/** The dev stack with `overrides` (stack config keys without the project prefix), run on the engine: every resource registered. */
export async function registeredGraph(overrides: Record<string, string>): Promise<RecordedResource[]> {
    const { values } = stackConfigValues(root, "dev");
    for (const [key, value] of Object.entries(overrides)) values.config[`${values.project}:${key}`] = value;
    return (await runProgram(join(root, "index.ts"), "dev", values)).resources;
}

const refOf = (r: RecordedResource) => `${r.type}::${r.name}`;

/** The one resource of type `t` in `graph`, as `<type>::<name>`. */
export function one(graph: readonly RecordedResource[], t: string): string {
    const found = graph.filter((r) => r.type === t);
    assert.equal(found.length, 1, `one ${t}`);
    return refOf(found[0]);
}

/**
 * The custom resources whose create must finish before `ref`'s starts: what it names in dependsOn, whose outputs
 * flow into its inputs, its provider and a custom parent, and so on transitively; waiting on a component is waiting
 * on every resource under it.
 */
export function waitsOn(graph: readonly RecordedResource[], ref: string): string[] {
    const byRef = new Map(graph.map((r) => [refOf(r), r]));
    const customUnder = (at: string): string[] =>
        byRef.get(at)?.custom ? [at] : graph.filter((r) => r.parent === at).flatMap((r) => customUnder(refOf(r)));
    const found = new Set<string>();
    const visit = (at: string) => {
        const r = byRef.get(at);
        const parent = r?.parent !== undefined && byRef.get(r.parent)?.custom ? [r.parent] : [];
        for (const dep of [
            ...(r?.dependsOn ?? []),
            ...(r?.inputDependencies ?? []),
            ...(r?.provider ? [r.provider] : []),
            ...parent,
        ]) {
            for (const custom of customUnder(dep)) {
                if (!found.has(custom)) {
                    found.add(custom);
                    visit(custom);
                }
            }
        }
    };
    visit(ref);
    return [...found].sort();
}

/** The refs among `refs` of one of `types`. */
export const ofTypes = (refs: string[], types: string[]) =>
    refs.filter((ref) => types.some((t) => ref.startsWith(`${t}::`)));

const releaseType = "kubernetes:helm.sh/v3:Release";
const dnsRecordType = "gcp:dns/recordSet:RecordSet";
const addressType = "gcp:compute/globalAddress:GlobalAddress";

/** A mode's long wait and its certificate, as the critical-path tests name them. */
export interface CriticalPathMode {
    /** Stack config on top of the dev stack: cluster mode, a Google-managed certificate, a DNS record. */
    overrides: Record<string, string>;
    /** The resource whose await builds the load balancer, and how tests name it ("the Ingress"). */
    loadBalancer: { type: string; name: string };
    /** The Google-managed certificate, and how tests name it. */
    certificate: { type: string; name: string };
    /** Every type only the front end needs. */
    frontEnd: string[];
}

/**
 * The critical-path rules on the graph `mode` registers: the load balancer's await and the Helm release's readiness
 * await overlap, the release waits on nothing of the front end, and the certificate and the DNS record (from the
 * reserved address) wait on neither long wait. One program run per process: each mode's tests are a file of their own.
 */
export function criticalPathTests(mode: CriticalPathMode): void {
    let graph: RecordedResource[] = [];
    before(async () => {
        graph = await registeredGraph({
            milvusMode: "cluster",
            certMode: "google-managed",
            dnsZone: "example-com",
            ...mode.overrides,
        });
    });
    const lb = mode.loadBalancer;

    test(`no long wait waits on another: ${lb.name} and the Helm release are created side by side`, () => {
        const [release, loadBalancer] = [one(graph, releaseType), one(graph, lb.type)];
        assert.deepEqual(
            [waitsOn(graph, release).includes(loadBalancer), waitsOn(graph, loadBalancer).includes(release)],
            [false, false],
        );
    });

    test("the Helm release waits on no front-end resource", () => {
        assert.deepEqual(ofTypes(waitsOn(graph, one(graph, releaseType)), mode.frontEnd), []);
    });

    test(`${mode.certificate.name} waits on no long wait, so Google provisions it as soon as the load balancer serves`, () => {
        assert.deepEqual(ofTypes(waitsOn(graph, one(graph, mode.certificate.type)), [releaseType, lb.type]), []);
    });

    test(`the DNS record with a reserved address waits on no long wait, ${lb.name} included`, () => {
        const record = one(graph, dnsRecordType);
        assert.deepEqual(ofTypes(waitsOn(graph, record), [releaseType, lb.type, addressType]), [
            one(graph, addressType),
        ]);
    });
}
