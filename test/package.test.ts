// The npm package @milvus-l7/component (packages/milvus-l7) is built from components/: whatever the component imports
// at run time must come with it, as a dependency, or from the consumer, as a peer dependency (one @pulumi/pulumi in
// the consumer's tree: two copies fail with "resp.getUnknown is not a function"), and the peer ranges must hold the
// versions this repository tests.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { satisfies } from "semver";
import { root } from "./stack";

const packageJson = JSON.parse(readFileSync(join(root, "packages/milvus-l7/package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    files: string[];
    scripts: Record<string, string>;
    version: string;
};
const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    version: string;
};

/** The package each bare import of components/ names (`@scope/name/sub` → `@scope/name`). */
function importedPackages(): Set<string> {
    const names = new Set<string>();
    for (const file of readdirSync(join(root, "components"), { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts")) continue;
        const text = readFileSync(join(root, "components", file), "utf8");
        for (const [, spec] of text.matchAll(/(?:from|import|require\()\s*"([^".][^"]*)"/g)) {
            if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
            const parts = spec.split("/");
            names.add(spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
        }
    }
    return names;
}

test("every package components/ imports is a dependency or a peer dependency of the npm package", () => {
    const declared = new Set([...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.peerDependencies)]);
    const imported = importedPackages();
    assert.ok(imported.has("@pulumi/pulumi") && imported.has("semver"), "the scan finds the imports");
    assert.deepEqual(
        [...imported].filter((name) => !declared.has(name)),
        [],
    );
});

test("the SDKs are peer dependencies (the consumer's copy), never bundled dependencies", () => {
    for (const sdk of ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/gcp", "@pulumi/tls", "@pulumi/random"]) {
        assert.ok(sdk in packageJson.peerDependencies, sdk);
        assert.ok(!(sdk in packageJson.dependencies), sdk);
    }
});

test("the installed versions this repository tests satisfy every range the package declares", () => {
    for (const [name, range] of Object.entries({ ...packageJson.dependencies, ...packageJson.peerDependencies })) {
        const installed = (
            JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }
        ).version;
        assert.ok(satisfies(installed, range), `${name}@${installed} is outside ${range}`);
        assert.ok(name in rootPackage.dependencies || name in rootPackage.devDependencies, `${name} in package.json`);
    }
});

test("the tarball holds the compiled component and its documents only", () =>
    assert.deepEqual([...packageJson.files].sort(), ["CHANGELOG.md", "LICENSE", "README.md", "dist"]));

test("the npm package and the plugin (package.json) are one release: the same version, the changelog's newest entry", () => {
    assert.equal(packageJson.version, rootPackage.version);
    const newest = /^## (\S+)/m.exec(readFileSync(join(root, "CHANGELOG.md"), "utf8"))?.[1];
    assert.equal(newest, rootPackage.version);
});

// The tarball holds no build.js (prepack builds dist before packing), so a script that runs when the package is
// installed (npm runs `prepare` for git and folder installs) could only fail, or ask a consumer to approve it.
test("the package declares no script that runs when a consumer installs it", () => {
    for (const script of ["preinstall", "install", "postinstall", "prepare"])
        assert.ok(!(script in packageJson.scripts), script);
});
