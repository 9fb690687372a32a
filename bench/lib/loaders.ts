// The ways Pulumi can load this TypeScript program, each reproduced as a plain `node` command line that runs the
// program case (bench/cases/program.ts) on the in-process engine.
import type { Variant } from "./measure";

/**
 * Pulumi's default for a TypeScript program (runtime option `typescript` true), as @pulumi/pulumi's
 * cmd/run/run.js does it: ts-node from node_modules or the vendored ts-node 7.0.1, the project's TypeScript (the
 * vendored 3.8.3 without one), tsconfig.json's compilerOptions over target ES2020 / module nodenext, and type
 * checking unless PULUMI_NODEJS_TRANSPILE_ONLY=true or tsconfig's `noCheck`. ts-node keeps compiled files in a disk
 * cache (TS_NODE_CACHE, on by default) keyed by source text, and only type-checks what it compiles.
 */
const pulumiTsNode = [
    `const tsutils = require("@pulumi/pulumi/tsutils");`,
    `const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();`,
    `const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");`,
    `const transpileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;`,
    `require(tsnodeRequire).register({`,
    `  compiler: typescriptRequire,`,
    `  transpileOnly: transpileOnly ? transpileOnly === "true" : compilerOptions.noCheck,`,
    `  project: "tsconfig.json",`,
    `  skipProject: false,`,
    `  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },`,
    `});`,
    `require(require("node:path").resolve(process.argv[1]));`,
].join("\n");

export interface LoaderVariant extends Variant {
    /** What Pulumi.yaml (or the environment) must say for Pulumi to load the program this way. */
    pulumiSetting: string;
    /** Whether Pulumi.yaml's runtime options alone select it (no environment variable, no build step). */
    selectable: boolean;
    /** Loader family: the cold and warm runs of one family make a `pulumi up` (preview, then update). */
    family: string;
    cache: "cold" | "warm";
}

/**
 * @param tsNodeCache directory for ts-node's disk cache (warm variants share it; the warm-up run fills it)
 * @param compiledCase the program case compiled to JavaScript by `tsc`
 */
export function loaderVariants(tsNodeCache: string, compiledCase: string): LoaderVariant[] {
    const programCase = "bench/cases/program.ts";
    const tsNode = (env: Record<string, string>) => ({ command: process.execPath, args: ["-e", pulumiTsNode, programCase], env });
    return [
        {
            id: "ts-node-check-cold",
            label: "ts-node, type-check, cold cache",
            ...tsNode({ TS_NODE_CACHE: "false" }),
            pulumiSetting: "runtime: nodejs (default; typescript: true)",
            selectable: true,
            family: "ts-node type-check (Pulumi default)",
            cache: "cold",
        },
        {
            id: "ts-node-check-warm",
            label: "ts-node, type-check, warm cache",
            ...tsNode({ TS_NODE_CACHE_DIRECTORY: tsNodeCache }),
            pulumiSetting: "runtime: nodejs (default; typescript: true)",
            selectable: true,
            family: "ts-node type-check (Pulumi default)",
            cache: "warm",
        },
        {
            id: "ts-node-transpile-cold",
            label: "ts-node, transpile-only, cold cache",
            ...tsNode({ TS_NODE_CACHE: "false", PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
            pulumiSetting: "PULUMI_NODEJS_TRANSPILE_ONLY=true in the environment (or tsconfig noCheck, which also stops `tsc --noEmit` checking)",
            selectable: false,
            family: "ts-node transpile-only",
            cache: "cold",
        },
        {
            id: "tsx-cold",
            label: "tsx, cold cache",
            command: process.execPath,
            args: ["--import", "tsx", programCase],
            env: { TSX_DISABLE_CACHE: "1" },
            pulumiSetting: 'runtime: { name: nodejs, options: { typescript: false, nodeargs: "--import tsx" } }',
            selectable: true,
            family: "tsx",
            cache: "cold",
        },
        {
            id: "tsx-warm",
            label: "tsx, warm cache",
            command: process.execPath,
            args: ["--import", "tsx", programCase],
            pulumiSetting: 'runtime: { name: nodejs, options: { typescript: false, nodeargs: "--import tsx" } }',
            selectable: true,
            family: "tsx",
            cache: "warm",
        },
        {
            id: "compiled",
            label: "precompiled JavaScript (tsc)",
            command: process.execPath,
            args: [compiledCase],
            pulumiSetting: "runtime: { name: nodejs, options: { typescript: false } } + main: <outDir>/index.js + `tsc` before every pulumi command (Pulumi runs no build step)",
            selectable: false,
            family: "precompiled",
            cache: "warm",
        },
    ];
}
