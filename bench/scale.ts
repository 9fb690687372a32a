// The scale programs bench/child.ts runs on the engine: BENCH_SCALE_N instances of the dev stack's component, or
// (BENCH_FLAT) the custom resources such a run recorded, registered again with the same type, name, inputs and
// dependencies and nothing else: no ComponentResource, no validation, no Outputs between them. Both start as
// index.ts does.
import "../leakCheckTraces";
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { MilvusL7LoadBalancer } from "../components";
import type { RecordedResource } from "../harness/engine";

/** Any registration: the type token is an argument. */
class Replayed extends pulumi.CustomResource {}

if (process.env.BENCH_FLAT !== undefined) {
    const created = new Map<string, Replayed>();
    for (const r of JSON.parse(readFileSync(process.env.BENCH_FLAT, "utf8")) as RecordedResource[]) {
        const dependsOn = [...r.dependsOn, ...r.inputDependencies].flatMap((ref) => created.get(ref) ?? []);
        created.set(`${r.type}::${r.name}`, new Replayed(r.type, r.name, r.inputs, { dependsOn }));
    }
} else {
    for (let i = 0; i < Number(process.env.BENCH_SCALE_N); i++) {
        const name = `m${i}`;
        new MilvusL7LoadBalancer(name, {
            domain: `${name}.example.com`,
            releaseName: name,
            certMode: "self-managed",
            milvusMode: "standalone",
            protect: false,
        });
    }
}
