// The deploy's critical path, on the graph the program registers for a cluster stack with a Google-managed
// certificate and a DNS record. Its long waits, the Helm release's readiness await (up to helmTimeoutSeconds, 20 min
// by default) and the Ingress's load balancer await (up to 30 min), then the certificate GKE provisions once the load
// balancer serves the domain (15-60 min), must overlap: a deploy then takes about the longest of them, not the sum of
// the guide's steps. The figures are in the README (Benchmarks); this checks the order that makes them hold.
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";
import { runProgram, type RecordedResource } from "../render/engine";
import { stackConfigValues } from "../render/project";
import { root } from "./stack";

const type = {
    release: "kubernetes:helm.sh/v3:Release",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    managedCertificate: "kubernetes:networking.gke.io/v1:ManagedCertificate",
    dnsRecord: "gcp:dns/recordSet:RecordSet",
    address: "gcp:compute/globalAddress:GlobalAddress",
};
/** What only the front end needs: its certificate, TLS policy, address, DNS record and the Ingress itself. */
const frontEnd = [type.ingress, type.managedCertificate, type.dnsRecord, type.address, "gcp:compute/sSLPolicy:SSLPolicy", "kubernetes:networking.gke.io/v1beta1:FrontendConfig"];

let graph: RecordedResource[] = [];
before(async () => {
    const { values } = stackConfigValues(root, "dev");
    const cluster = { milvusMode: "cluster", certMode: "google-managed", dnsZone: "example-com" };
    for (const [key, value] of Object.entries(cluster)) values.config[`${values.project}:${key}`] = value;
    graph = (await runProgram(join(root, "index.ts"), "dev", values)).resources;
});

const refOf = (r: RecordedResource) => `${r.type}::${r.name}`;
const one = (t: string) => {
    const found = graph.filter((r) => r.type === t);
    assert.equal(found.length, 1, `one ${t}`);
    return refOf(found[0]);
};

/**
 * The custom resources whose create must finish before `ref`'s starts: what it names in dependsOn, whose outputs
 * flow into its inputs, its provider and a custom parent, and so on transitively; waiting on a component is waiting
 * on every resource under it.
 */
function waitsOn(ref: string): string[] {
    const byRef = new Map(graph.map((r) => [refOf(r), r]));
    const customUnder = (at: string): string[] =>
        byRef.get(at)?.custom ? [at] : graph.filter((r) => r.parent === at).flatMap((r) => customUnder(refOf(r)));
    const found = new Set<string>();
    const visit = (at: string) => {
        const r = byRef.get(at);
        const parent = r?.parent !== undefined && byRef.get(r.parent)?.custom ? [r.parent] : [];
        for (const dep of [...(r?.dependsOn ?? []), ...(r?.inputDependencies ?? []), ...(r?.provider ? [r.provider] : []), ...parent]) {
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
const ofTypes = (refs: string[], types: string[]) => refs.filter((ref) => types.some((t) => ref.startsWith(`${t}::`)));

test("no long wait waits on another: the Ingress and the Helm release are created side by side", () => {
    const [release, ingress] = [one(type.release), one(type.ingress)];
    assert.deepEqual([waitsOn(release).includes(ingress), waitsOn(ingress).includes(release)], [false, false]);
});

test("the Helm release waits on no front-end resource", () => {
    assert.deepEqual(ofTypes(waitsOn(one(type.release)), frontEnd), []);
});

test("the managed certificate waits on no long wait, so GKE provisions it as soon as the load balancer serves", () => {
    assert.deepEqual(ofTypes(waitsOn(one(type.managedCertificate)), [type.release, type.ingress]), []);
});

test("the DNS record with a reserved address waits on no long wait, the Ingress included", () => {
    const record = one(type.dnsRecord);
    assert.deepEqual(ofTypes(waitsOn(record), [type.release, type.ingress, type.address]), [one(type.address)]);
});
