// Program: the real index.ts with the dev stack's config (Pulumi.yaml + Pulumi.dev.yaml, read as the CLI does) on the
// in-process engine. The same file runs under every loader the start-up comparison tries, from the sources or
// compiled to JavaScript, so paths to the program are resolved from this file and config is read from the cwd.
import { join } from "node:path";
import { runProgram } from "../../render/engine";
import { stackConfigValues } from "../../render/project";
import { failOn, registrationDigest, reportAtExit } from "../lib/child";

// index.ts from the sources, index.js when compiled: whichever the running loader resolves.
const entry = require.resolve(join(__dirname, "..", "..", "index"));

let facts: Record<string, unknown> = {};

async function main(): Promise<void> {
    const { values, problems } = stackConfigValues(process.cwd(), "dev");
    if (problems.length > 0) throw new Error(`dev stack config: ${JSON.stringify(problems)}`);
    const { resources, outputs } = await runProgram(entry, "dev", values);
    facts = { entry, resources: resources.length, outputs: Object.keys(outputs).sort(), digest: registrationDigest(resources) };
}

reportAtExit(() => facts);
main().catch(failOn);
