// `npm run render [-- --stack <name>] [--config-file <file>] [--out <dir>]`: what `pulumi up` would create for a
// stack, offline. Runs the real program on an in-process engine, validates every object, then writes
// out/<stack>/{manifests.yaml,milvus-values.yaml,gcp.json} all at once, or nothing.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { gcpRuleProblems, objectProblems, objectStorageRuleProblems } from "../checks";
import { MilvusL7ConfigError, type Problem } from "../components";
import { printable } from "../components/printable";
import { readStackConfig } from "../stackConfig";
import { runProgram, type RenderedProgram } from "../harness/engine";
import type { PlainObject } from "../components/types";
import {
    gcpJson,
    kubernetesObjects,
    manifestsYaml,
    milvusValuesYaml,
    renderedMilvusService,
    resourceTree,
    summary,
} from "./renderFiles";
import { OutputFolderRefused, previousRender, stackFolder, writeRender } from "./outputFolder";
import { secretPlaceholder, stackConfigValues, stackNameProblem, UnreadableFileError } from "./project";

const root = resolve(__dirname, "..");
const usage = "usage: npm run render [-- --stack <name>] [--config-file <Pulumi.<stack>.yaml>] [--out <dir>]";
// Keys and values from the stack file are printed with control characters escaped, line by line.
const printableLines = (message: string) => message.split("\n").map(printable).join("\n");

/** Where a render writes: the resource tree to `stdout`, progress and refusals to `stderr` (each a whole text). */
export interface RenderOutput {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
}

/** Ends a render with an exit code, its message already written. */
class RenderExit extends Error {
    constructor(readonly code: number) {
        super(`render exits ${code}`);
    }
}

/**
 * `npm run render` with `argv` (the arguments after `--`): resolves to its exit status (0 written, 1 refused or
 * failed, 2 bad usage), having written to `output`. Relative paths in `argv` are taken from `process.cwd()`. Each
 * call loads index.ts afresh, as each `pulumi up` does; calls must not overlap, since Pulumi's runtime state (its
 * config, mocks and stack) is global to the process.
 */
export async function render(argv: string[], output: RenderOutput): Promise<number> {
    const progress = (message: string) => output.stderr(`render: ${printableLines(message)}\n`);
    const fail = (code: number, message: string): never => {
        output.stderr(`${printableLines(message)}\n`);
        throw new RenderExit(code);
    };
    try {
        await renderStack(argv, output, progress, fail);
        return 0;
    } catch (error) {
        if (error instanceof RenderExit) return error.code;
        // Problems with what the user gave are told in their own words; anything else is a bug, shown with its stack.
        const told =
            error instanceof MilvusL7ConfigError ||
            error instanceof UnreadableFileError ||
            error instanceof OutputFolderRefused;
        const text = told ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
        output.stderr(`${printableLines(`render: ${text}`)}\n`);
        return 1;
    }
}

async function renderStack(
    argv: string[],
    output: RenderOutput,
    progress: (message: string) => void,
    fail: (code: number, message: string) => never,
): Promise<void> {
    /** A step on the output folder; a file system error there (it names its call and path) is --out's, not a bug. */
    function inOutputFolder<T>(step: () => T): T {
        try {
            return step();
        } catch (error) {
            if ((error as NodeJS.ErrnoException).syscall === undefined) throw error;
            return fail(1, `render: cannot write the plan: ${(error as Error).message}`);
        }
    }

    let options: { stack: string; "config-file"?: string; out: string };
    try {
        const parsed = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", default: "dev" },
                "config-file": { type: "string" },
                out: { type: "string", default: "out" },
                help: { type: "boolean" },
            },
            strict: true,
            allowPositionals: false,
        });
        if (parsed.values.help) {
            output.stdout(`${usage}\n`);
            return;
        }
        options = parsed.values;
    } catch (error) {
        fail(2, `render: ${(error as Error).message}\n${usage}`);
    }
    const { stack } = options;
    const nameProblem = stackNameProblem(stack);
    if (nameProblem) fail(2, `render: --stack ${JSON.stringify(stack)}: ${nameProblem}\n${usage}`);
    const folder = stackFolder(options.out, stack);
    // Refused before the program runs, as writeRender would refuse it after.
    inOutputFolder(() => previousRender(folder));

    progress(`reading Pulumi.yaml and ${options["config-file"] ?? `Pulumi.${stack}.yaml`}`);
    const { values, refusals } = stackConfigValues(root, stack, options["config-file"]);
    if (values.encryptedKeys.length > 0) {
        progress(
            `not checked: ${values.encryptedKeys.join(", ")} (encrypted; render has no key to decrypt them, so the program sees ${JSON.stringify(secretPlaceholder)})`,
        );
    }
    // The program's own checks, once, before anything is registered, of every key the CLI would let through, so that
    // every problem is told at once. A value render could not decrypt is not bad data: it says so instead.
    const refused = new Set(refusals.flatMap((r) => r.keys.map((key) => `${values.project}:${key}`)));
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(values.config).filter(([key]) => !refused.has(key))),
        values.secretKeys,
    );
    let problems: Problem[] = [];
    try {
        readStackConfig(new pulumi.Config(values.project));
    } catch (error) {
        if (!(error instanceof MilvusL7ConfigError)) throw error;
        const encrypted = new Set(values.encryptedKeys);
        const baseKey = (key: string) => `${values.project}:${key.split(/[.[]/)[0]}`;
        const unchecked =
            "is encrypted, so render cannot read it and did not check it; render with a --config-file that holds it in plaintext";
        const told = new Set<string>();
        problems = error.problems
            .filter((p) => !refused.has(baseKey(p.key)))
            .map((p) =>
                encrypted.has(baseKey(p.key))
                    ? { key: baseKey(p.key).slice(values.project.length + 1), message: unchecked }
                    : p,
            )
            .filter((p) => !told.has(`${p.key}\0${p.message}`) && told.add(`${p.key}\0${p.message}`));
    }
    if (refusals.length > 0) {
        const program =
            problems.length > 0 ? `\n${new MilvusL7ConfigError(problems, `${values.project}:`).message}` : "";
        fail(
            1,
            `render: pulumi up would stop before the program runs (the CLI reports the first of these):\n${refusals.map((r) => `  - ${r.message}`).join("\n")}${program}`,
        );
    }
    if (problems.length > 0) throw new MilvusL7ConfigError(problems, `${values.project}:`);

    progress("running index.ts on the in-process engine");
    const entry = join(root, "index.ts");
    // The language host loads the program once per run; a second render in this process must run it again.
    delete require.cache[require.resolve(entry)];
    const rendered = await runProgram(entry, stack, values);
    const objects = kubernetesObjects(rendered.resources);

    progress(`validating ${objects.length} Kubernetes objects against their schemas and the GKE rules`);
    const gcpResources = rendered.resources.filter((r) => r.type.startsWith("gcp:"));
    const invalid = [
        ...objectProblems(objects, renderedMilvusService(rendered)),
        ...renderedStorageProblems(rendered.resources),
        ...gcpRuleProblems(gcpResources),
    ];
    if (invalid.length > 0)
        fail(1, `render: invalid objects, nothing written:\n${invalid.map((p) => `  - ${p}`).join("\n")}`);

    const milvusValues = milvusValuesYaml(rendered.resources, rendered.outputs);
    const files = {
        "manifests.yaml": manifestsYaml(objects),
        ...(milvusValues === undefined ? {} : { "milvus-values.yaml": milvusValues }),
        "gcp.json": gcpJson(rendered.resources),
    };
    inOutputFolder(() => writeRender(folder, files));
    progress(
        `wrote ${Object.keys(files)
            .map((f) => join(folder, f))
            .join(", ")}`,
    );

    output.stdout(`${resourceTree(rendered.resources)}\n\n${summary(rendered.resources)}\n`);
}

/** objectStorage's rules (checks/objectStorageRules.ts) on the release's values, unless they are masked secrets. */
function renderedStorageProblems(resources: RenderedProgram["resources"]): string[] {
    const release = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release")?.inputs as
        { namespace: string; values: PlainObject } | undefined;
    if (!release || JSON.stringify(release.values).includes(secretPlaceholder)) return [];
    return objectStorageRuleProblems(
        release,
        resources.filter((r) => r.type.startsWith("gcp:")),
    );
}

if (require.main === module) {
    void render(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    }).then((code) => {
        // A refusal ends the process at once, as it always has; a render that wrote its plan ends when its work does.
        if (code !== 0) process.exit(code);
    });
}
