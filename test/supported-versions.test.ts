// README's "Supported versions" table against the files that set each version: package.json and the npm package's
// `engines` and `peerDependencies`, package-lock.json, the Node lines .ci/run tests, the component's default chart,
// and the Pulumi CLI version README's Prerequisites ask for. A change to any of them fails here until the table
// says it too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { defaults } from "../components";
import { root } from "./stack";

type Manifest = {
    engines: { node: string };
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
};
const readJson = <T>(file: string) => JSON.parse(readFileSync(join(root, file), "utf8")) as T;
const readme = readFileSync(join(root, "README.md"), "utf8");
const repository = readJson<Manifest>("package.json");
const component = readJson<Manifest>("packages/milvus-l7/package.json");
const lock = readJson<{ packages: Record<string, { version: string }> }>("package-lock.json");

/** The table's rows, by the text of the first cell: the Supported and Tested cells. */
function table(): Map<string, { supported: string; tested: string }> {
    const section = /^## Supported versions\n([\s\S]*?)\n## /m.exec(readme)?.[1];
    assert.ok(section, "README has a Supported versions section");
    const rows = new Map<string, { supported: string; tested: string }>();
    for (const line of section
        .split("\n")
        .filter((l) => l.startsWith("| "))
        .slice(2)) {
        const [what = "", supported = "", tested = ""] = line.split(" | ").map((cell) => cell.replace(/^\| /, ""));
        rows.set(what, { supported, tested });
    }
    return rows;
}
const row = (what: string) => {
    const found = table().get(what);
    assert.ok(found, `README's Supported versions has a row ${what}`);
    return found;
};

test("every peer dependency of the package has a row: its range, and the version package-lock.json installs", () => {
    for (const [name, range] of Object.entries(component.peerDependencies)) {
        assert.deepEqual(row(`\`${name}\``), {
            supported: `\`${range}\``,
            tested: lock.packages[`node_modules/${name}`]?.version,
        });
    }
    const sdkRows = [...table().keys()].filter((what) => what.startsWith("`@pulumi/"));
    assert.deepEqual(
        sdkRows.sort(),
        Object.keys(component.peerDependencies)
            .map((name) => `\`${name}\``)
            .sort(),
    );
});

test("the Node row gives engines.node, the same in package.json and the npm package, and the lines CI runs", () => {
    assert.equal(component.engines.node, repository.engines.node);
    const node = row("Node.js");
    assert.ok(node.supported.startsWith(`\`${repository.engines.node}\``), node.supported);
    const ciLines = /^for major in ([\d ]+); do$/m.exec(readFileSync(join(root, ".ci/run"), "utf8"))?.[1]?.split(" ");
    assert.ok(ciLines && ciLines.length > 0, ".ci/run names the Node lines it runs");
    assert.equal(node.tested, ciLines.join(", "));
    assert.equal(node.supported, `\`${repository.engines.node}\`: the LTS lines ${ciLines.join(" and ")}`);
});

test("the TypeScript row gives package.json's range and the installed version", () => {
    assert.deepEqual(row("TypeScript"), {
        supported: `\`${repository.dependencies.typescript}\``,
        tested: lock.packages["node_modules/typescript"]?.version,
    });
});

test("the chart row gives the component's default chartVersion", () => {
    const chart = row("Milvus chart");
    assert.ok(chart.supported.startsWith(`\`${defaults.chartVersion}\``), chart.supported);
    assert.ok(chart.tested.startsWith(`${defaults.chartVersion},`), chart.tested);
    assert.match(row("Milvus").supported, new RegExp(`with chart ${defaults.chartVersion.replace(/\./g, "\\.")}\\)`));
});

test("the Pulumi CLI row gives the version README's Prerequisites ask for", () => {
    const prerequisite = /Pulumi CLI\]\([^)]*\) (\d+\.\d+) or later/.exec(readme)?.[1];
    assert.ok(prerequisite, "the Prerequisites name a Pulumi CLI version");
    assert.equal(row("Pulumi CLI").supported, `${prerequisite} or later`);
});
