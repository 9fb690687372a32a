// `npm run check`: the typecheck (`npm run typecheck`) and the lint (`npm run lint`) on one TypeScript program.
// Run apart, each builds its own program of tsconfig.all.json's ~3,500 files (most of them the SDKs' typings) and
// checks it: the lint's type-aware rules ask the same type checker tsc runs. typescript-eslint lints on a program
// it is given (`parserOptions.programs`, which then stands for `project`), so the one built here is built and
// checked once (bench/results.md, "npm test"). Prints what tsc and `eslint .` would print; exits 1 if either found
// an error.
import { join } from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";

const root = join(__dirname, "..");
const buildInfoFile = join(root, "node_modules", ".cache", "milvus-l7", "check.tsbuildinfo");

/** tsconfig.all.json's program, as `tsc --noEmit -p tsconfig.all.json` builds it, and its errors as tsc prints them. */
function typecheck(): { program: ts.Program; errors: string } {
    const parsed = ts.getParsedCommandLineOfConfigFile(
        join(root, "tsconfig.all.json"),
        { noEmit: true },
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
                throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
            },
        },
    );
    if (!parsed) throw new Error("tsconfig.all.json: not read");
    // Incremental, as `npm run typecheck` is: the build info keeps each file's diagnostics, so a file that did not
    // change (nor any it depends on) is not checked again; the lint's rules still ask the checker what they need.
    const builder = ts.createIncrementalProgram({
        rootNames: parsed.fileNames,
        options: { ...parsed.options, incremental: true, tsBuildInfoFile: buildInfoFile },
        configFileParsingDiagnostics: parsed.errors,
        projectReferences: parsed.projectReferences,
    });
    const diagnostics = ts.sortAndDeduplicateDiagnostics([
        ...builder.getConfigFileParsingDiagnostics(),
        ...builder.getOptionsDiagnostics(),
        ...builder.getGlobalDiagnostics(),
        ...builder.getSyntacticDiagnostics(),
        ...builder.getSemanticDiagnostics(),
    ]);
    // With noEmit, emitting writes the build info only.
    builder.emit();
    const program = builder.getProgram();
    const host: ts.FormatDiagnosticsHost = {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => "\n",
    };
    return { program, errors: ts.formatDiagnostics(diagnostics, host) };
}

async function main(): Promise<void> {
    let started = performance.now();
    const seconds = () => {
        const s = ((performance.now() - started) / 1000).toFixed(1);
        started = performance.now();
        return s;
    };
    const { program, errors } = typecheck();
    process.stdout.write(
        `${errors}typecheck (tsc --noEmit -p tsconfig.all.json): ${errors ? "FAILED" : "passed"} in ${seconds()} s\n`,
    );

    // Only the TypeScript files are linted with types (eslint.config.mjs: load.js and plugin.js are not).
    const eslint = new ESLint({
        cwd: root,
        overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parserOptions: { programs: [program] } } }],
    });
    const results = await eslint.lintFiles(["."]);
    const report = await (await eslint.loadFormatter("stylish")).format(results);
    const failed = results.some((r) => r.errorCount > 0 || r.fatalErrorCount > 0);
    process.stdout.write(`${report}lint (eslint .): ${failed ? "FAILED" : "passed"} in ${seconds()} s\n`);
    process.exitCode = errors || failed ? 1 : 0;
}

void main();
