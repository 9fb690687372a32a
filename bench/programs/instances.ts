// The instances both scale programs create: the dev stack's component arguments, with names made distinct.
import type { MilvusL7LoadBalancerArgs } from "../../components";

/** How many instances, set by bench/cases/scale.ts before the program is loaded. */
export function instanceCount(): number {
    const count = Number(process.env.BENCH_SCALE_N);
    if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_SCALE_N must be a positive integer; got ${process.env.BENCH_SCALE_N}`);
    return count;
}

/** Fixed width, so one instance's name never prefixes another's (the flat program substitutes names in text). */
export const instanceName = (i: number): string => `m${String(i).padStart(4, "0")}`;

/** The dev stack (Pulumi.dev.yaml) with the instance's name as component name, release name and host. */
export const instanceArgs = (name: string): MilvusL7LoadBalancerArgs => ({
    domain: `${name}.example.com`,
    releaseName: name,
    certMode: "self-managed",
    milvusMode: "standalone",
    protect: false,
});
