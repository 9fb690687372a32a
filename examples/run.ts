// `npm run examples`: the TypeScript example as a consumer of the npm package gets it. Packs packages/milvus-l7,
// installs the tarball with its peer dependencies (the versions package-lock.json pins, from npm's cache when it has
// them) into an empty project outside the repository, compiles examples/typescript there with its own strict
// tsconfig, runs it with plain node on Pulumi's mocks, and checks that it registered what the same program registers
// on components/ and that the project holds one @pulumi/pulumi. Needs the npm registry, or a cache that has the
// packages; `npm test` does not run it (CI does, .ci/run).
import { execFileSync, spawn, type ExecFileSyncOptions } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    componentToken,
    exampleDir,
    exampleShapeProblems,
    placedFromMocks,
    registrationDifferences,
    runExampleOnSource,
    type Placed,
} from "./registrations";
import type { Registration } from "./typescript/mocks";

const root = join(__dirname, "..");
const packageDir = join(root, "packages", "milvus-l7");
const packageName = "@milvus-l7/component";
/** The files of examples/typescript the consumer project gets (its package.json is written by `npm install`). */
const programFiles = ["Pulumi.yaml", "index.ts", "mocks.ts", "tsconfig.json"];

class StepFailed extends Error {}

function run(step: string, command: string, args: string[], options: ExecFileSyncOptions = {}): string {
    try {
        return execFileSync(command, args, {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            ...options,
        }) as string;
    } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new StepFailed(`${step}: ${command} ${args.join(" ")} failed\n${stdout ?? ""}${stderr ?? ""}`);
    }
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;

/**
 * Every package the example's package.json names, at the version package-lock.json pins for this repository
 * (`name@version`), except the component itself, which comes from the tarball.
 */
function lockedDependencies(): string[] {
    const example = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
        join(exampleDir, "package.json"),
    );
    const lock = readJson<{ packages: Record<string, { version?: string }> }>(join(root, "package-lock.json"));
    return Object.keys({ ...example.dependencies, ...example.devDependencies })
        .filter((name) => name !== packageName)
        .map((name) => {
            const version = lock.packages[`node_modules/${name}`]?.version;
            if (!version) throw new StepFailed(`package-lock.json pins no ${name} (examples/typescript/package.json)`);
            return `${name}@${version}`;
        });
}

/** The copies of @pulumi/pulumi in the consumer's tree: more than one fails at run time. */
function pulumiCopies(project: string): string[] {
    // npm ls exits 1 on any problem in the tree (a peer out of range, say) while still listing it.
    let listed: string;
    try {
        listed = execFileSync("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], {
            cwd: project,
            encoding: "utf8",
        });
    } catch (error) {
        throw new StepFailed(
            `tree: npm ls @pulumi/pulumi found problems\n${(error as { stdout?: string }).stdout ?? ""}`,
        );
    }
    return listed.split("\n").filter((line) => line.trim() !== "");
}

async function main(): Promise<void> {
    const work = mkdtempSync(join(tmpdir(), "milvus-l7-examples-"));
    const started = performance.now();
    const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    try {
        run("pack", "npm", ["pack", "--silent", "--pack-destination", work], { cwd: packageDir });
        const tarball = readdirSync(work).find((file) => file.endsWith(".tgz"));
        if (!tarball) throw new StepFailed(`pack: npm pack wrote no .tgz into ${work}`);
        console.log(`packed ${tarball} (${seconds()})`);

        const project = join(work, "consumer");
        mkdirSync(project);
        writeFileSync(join(project, "package.json"), JSON.stringify({ name: "milvus-l7-example", private: true }));
        const dependencies = lockedDependencies();
        run(
            "install",
            "npm",
            ["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, tarball), ...dependencies],
            { cwd: project },
        );
        console.log(`installed the tarball and ${dependencies.join(", ")} (${seconds()})`);

        for (const file of programFiles) copyFileSync(join(exampleDir, file), join(project, file));
        run("compile", process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", project], {
            cwd: project,
        });
        console.log(`compiled examples/typescript with its tsconfig (${seconds()})`);

        const written = join(work, "registrations.json");
        run("run", process.execPath, ["--require", "./bin/mocks.js", "bin/index.js"], {
            cwd: project,
            env: { ...process.env, MILVUS_L7_REGISTRATIONS: written },
        });
        const fromPackage = placedFromMocks(readJson<Registration[]>(written));
        const fromSource = await runExampleOnSource();
        const problems = [...exampleShapeProblems(fromPackage), ...registrationDifferences(fromPackage, fromSource)];
        if (problems.length > 0)
            throw new StepFailed(
                `compare: the packed package's registrations differ from components/'s:\n  ${problems.join("\n  ")}`,
            );
        console.log(`ran on mocks: ${summary(fromPackage)} (${seconds()})`);

        const copies = pulumiCopies(project);
        if (copies.length !== 1)
            throw new StepFailed(
                `tree: the consumer has ${copies.length} copies of @pulumi/pulumi, not 1:\n  ${copies.join("\n  ")}`,
            );
        console.log(`one @pulumi/pulumi in the consumer's tree (${seconds()})`);
        removeInBackground(work);
    } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        console.error(`npm run examples failed in ${error.message}\n(the consumer project is left in ${work})`);
        process.exitCode = 1;
    }
}

/**
 * Deletes `dir` in a process of its own that outlives this one. Deleting the project's 24,000 files at once, right
 * after npm wrote them, took 40 to 50 s here (`rmSync` and `rm -rf` alike; the same tree a minute later: under 2 s,
 * bench/results.md "npm run examples"), which nothing needs to wait for.
 */
function removeInBackground(dir: string): void {
    spawn("rm", ["-rf", dir], { detached: true, stdio: "ignore" }).unref();
}

/** `2 components, 38 children, 2 other resources`. */
function summary(placed: Placed[]): string {
    const children = placed.filter((r) => r.parent !== undefined).length;
    const components = placed.filter((r) => r.type === componentToken).length;
    return `${components} components, ${children} children, ${placed.length - children - components} other resources`;
}

void main();
