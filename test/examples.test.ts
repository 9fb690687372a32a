// The TypeScript example (examples/typescript) without the network: its program run on components/ (what
// `npm run examples` compares the packed package's run with), and its package.json and tsconfig.json held to the
// package's peers and the strictness the example promises.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
    exampleDir,
    exampleShapeProblems,
    registrationDifferences,
    runExampleOnSource,
    type Placed,
} from "../examples/registrations";
import { root } from "./stack";

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;
type Manifest = {
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
};

let placed: Placed[];
test("the example runs on components/ and registers two components, each with its children", async () => {
    placed = await runExampleOnSource();
    assert.deepEqual(exampleShapeProblems(placed), []);
    assert.deepEqual(
        placed
            .filter((r) => r.parent === undefined)
            .map((r) => `${r.type}::${r.name}`)
            .sort(),
        [
            "gcp:dns/managedZone:ManagedZone::example-com",
            "kubernetes:core/v1:Namespace::vectors",
            "milvus-l7:index:MilvusL7LoadBalancer::archive",
            "milvus-l7:index:MilvusL7LoadBalancer::search",
        ],
    );
});

test("the shape check fails on a component without children or a child of something else", () => {
    const components = placed.filter((r) => r.parent === undefined);
    assert.equal(exampleShapeProblems(components).length, 2);
    assert.match(
        exampleShapeProblems([...placed, { type: "x:y:Z", name: "z", parent: "x:y:W::w" }])[0] ?? "",
        /x:y:W::w/,
    );
});

test("the comparison of registrations names a missing child by type, parent and name", () => {
    const [first, ...rest] = placed.filter((r) => r.parent !== undefined);
    assert.ok(first);
    const siblings = placed.filter((r) => r.parent === first.parent && r.type === first.type).length;
    assert.deepEqual(registrationDifferences([...placed.filter((r) => r.parent === undefined), ...rest], placed), [
        `under ${first.parent}: ${first.type}: ${siblings - 1} registered, ${siblings} expected`,
        `missing: ${first.type}::${first.name} under ${first.parent}`,
    ]);
    assert.deepEqual(registrationDifferences(placed, placed), []);
});

test("the example depends on the package and on each of its peers with the package's own ranges", () => {
    const component = readJson<Manifest>(join(root, "packages/milvus-l7/package.json"));
    const example = readJson<Manifest>(join(exampleDir, "package.json"));
    assert.deepEqual(example.dependencies, {
        "@milvus-l7/component": `^${component.version}`,
        ...component.peerDependencies,
    });
    const repository = readJson<Manifest>(join(root, "package.json"));
    for (const [name, range] of Object.entries(example.devDependencies))
        assert.equal(range, repository.dependencies[name] ?? repository.devDependencies[name], name);
});

test("the example's tsconfig turns on strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and noPropertyAccessFromIndexSignature", () => {
    const { compilerOptions } = readJson<{ compilerOptions: Record<string, unknown> }>(
        join(exampleDir, "tsconfig.json"),
    );
    for (const flag of [
        "strict",
        "exactOptionalPropertyTypes",
        "noUncheckedIndexedAccess",
        "noPropertyAccessFromIndexSignature",
    ])
        assert.equal(compilerOptions[flag], true, flag);
    assert.equal(compilerOptions["skipLibCheck"], undefined, "the consumer checks the package's .d.ts too");
});
