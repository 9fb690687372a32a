// Scale: `scale.ts <component|flat> <N>` runs N instances, as components or flat, on the in-process engine.
import { join } from "node:path";
import { runProgram } from "../../render/engine";
import { failOn, registrationDigest, reportAtExit } from "../lib/child";

const [mode, count] = process.argv.slice(2);
const programs: Record<string, string> = { component: "components", flat: "flat" };

let facts: Record<string, unknown> = {};

async function main(): Promise<void> {
    const program = mode === undefined ? undefined : programs[mode];
    if (program === undefined || count === undefined) throw new Error("usage: scale.ts <component|flat> <N>");
    // The programs read it when loaded, which runProgram does.
    process.env.BENCH_SCALE_N = count;
    const { resources } = await runProgram(require.resolve(join(__dirname, "..", "programs", program)), "dev", {
        project: "milvus-l7",
        config: {},
        secretKeys: [],
    });
    facts = { resources: resources.filter((r) => r.custom).length, digest: registrationDigest(resources) };
}

reportAtExit(() => facts);
main().catch(failOn);
