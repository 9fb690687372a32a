// Each argument is declared once, in components/args.ts (and the cluster's keys in stackConfig.ts); Pulumi.yaml and
// the README's table of config keys are held to those declarations here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as YAML from "yaml";
import { argumentSpecs, defaults } from "../components/args";
import { clusterConfigSpecs, stackConfigKeys } from "../stackConfig";
import { committedStacks, root, stackFileConfig } from "./stack";

const declared = { ...argumentSpecs, ...clusterConfigSpecs };
type Spec = (typeof declared)[keyof typeof declared];

/**
 * Pulumi.yaml's declaration of a key as the CLI reads it. Project config has no number type: a fraction is a string.
 * Every key has a default, because the CLI requires a declared key without one; an optional key without a default
 * of its own has the empty value of its type, which the program reads as "not set". None is `secret: true`: the CLI
 * would refuse that key's plaintext default on every stack that leaves it unset (the program checks secrecy itself).
 */
function projectDeclaration(spec: Spec): Record<string, unknown> {
    const type = {
        string: "string",
        boolean: "boolean",
        integer: "integer",
        number: "string",
        list: "array",
        object: "object",
    }[spec.kind];
    const unset = { string: "", list: [], object: {} } as Record<string, unknown>;
    const projectDefault =
        "default" in spec ? (spec.kind === "number" ? String(spec.default) : spec.default) : unset[spec.kind];
    return {
        type,
        ...(spec.kind === "list" ? { items: { type: "string" } } : {}),
        ...("required" in spec ? {} : { default: projectDefault }),
        description: spec.doc,
    };
}

/** Keys the program reads that Pulumi.yaml does not declare, each with the reason. */
const undeclared = Object.entries(declared).filter(([, spec]) => "notInPulumiYaml" in spec);

describe("Pulumi.yaml declares each key as the table does", () => {
    const project = YAML.parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as { config: Record<string, unknown> };

    test("exactly the keys the program reads, but for those a default cannot describe", () => {
        const notDeclared = new Set(undeclared.map(([key]) => key));
        assert.deepEqual(
            Object.keys(project.config).sort(),
            stackConfigKeys.filter((key) => !notDeclared.has(key)).sort(),
        );
    });

    for (const [key, spec] of Object.entries(declared).filter(([, spec]) => !("notInPulumiYaml" in spec))) {
        test(key, () => {
            const expected = projectDeclaration(spec);
            assert.deepEqual(
                project.config[key],
                expected,
                `Pulumi.yaml should declare:\n${YAML.stringify({ [key]: expected }, { lineWidth: 0 })}`,
            );
        });
    }

    test("every committed stack sets only declared keys of this project", () => {
        for (const stack of committedStacks()) {
            for (const key of Object.keys(stackFileConfig(stack))) {
                assert.ok(
                    key.startsWith("milvus-l7:") && stackConfigKeys.includes(key.slice("milvus-l7:".length)),
                    `Pulumi.${stack}.yaml: ${key}`,
                );
            }
        }
    });
});

describe("the README's table of config keys", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(
        readme.indexOf("### Config keys"),
        readme.indexOf("\n### ", readme.indexOf("### Config keys") + 1),
    );
    // | `key` (, `key`)* | default | meaning |
    const rows = section.split("\n").filter((line) => line.startsWith("| `"));
    const rowOf = new Map(
        rows.flatMap((row) => [...row.split(" | ")[0].matchAll(/`(\w+)`/g)].map((m) => [m[1], row] as const)),
    );

    test("has a row for every key, and none for a key the program does not read", () => {
        assert.deepEqual([...rowOf.keys()].sort(), [...stackConfigKeys].sort());
    });

    for (const [key, value] of Object.entries(defaults)) {
        test(`${key}: the default is the table's`, () => {
            const shown = `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
            assert.equal(
                rowOf.get(key)?.split(" | ")[1],
                shown,
                `README row for ${key} should show the default ${shown}`,
            );
        });
    }
});
