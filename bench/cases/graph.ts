// The dependency graph the program registers, for the critical-path analysis: `graph.ts <self-managed|google-managed>`
// runs index.ts on the dev stack's config with the scenario's overrides (in memory; no stack file changes).
import { join } from "node:path";
import { runProgram } from "../../render/engine";
import { stackConfigValues } from "../../render/project";
import { scenarios, type GraphResource } from "../critical/path";
import { failOn, reportAtExit } from "../lib/child";

let facts: Record<string, unknown> = {};

async function main(): Promise<void> {
    const scenario = scenarios.find((s) => s.certMode === process.argv[2]);
    if (!scenario) throw new Error(`usage: graph.ts <${scenarios.map((s) => s.certMode).join("|")}>`);
    const { values, problems } = stackConfigValues(process.cwd(), "dev");
    if (problems.length > 0) throw new Error(`dev stack config: ${JSON.stringify(problems)}`);
    for (const [key, value] of Object.entries(scenario.overrides)) values.config[`${values.project}:${key}`] = value;
    const { resources } = await runProgram(require.resolve(join(__dirname, "..", "..", "index")), "dev", values);
    const graph: GraphResource[] = resources.map((r) => ({
        ref: `${r.type}::${r.name}`,
        type: r.type,
        custom: r.custom,
        parent: r.parent,
        provider: r.provider,
        dependsOn: r.dependsOn,
        inputDependencies: r.inputDependencies,
        inputs: r.inputs,
    }));
    facts = { graph };
}

reportAtExit(() => facts);
main().catch(failOn);
