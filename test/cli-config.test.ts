// render's config handling against the Pulumi CLI's own: each case of pulumi/pulumi
// pkg/workspace/config_project_test.go ported as a fixture (project YAML, stack YAML, the merged config or the
// error), what yaml.v3 makes of a stack file's scalars, and every stack file of this repository under the CLI's rule.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { maxConfigFileBytes, maxNestingDepth } from "../render/goYaml";
import { stackConfigValues, UnreadableFileError } from "../render/project";
import { root } from "./stack";

const work = mkdtempSync(join(tmpdir(), "milvus-l7-cli-config-"));
after(() => rmSync(work, { recursive: true, force: true }));

let fixtures = 0;
/** A project folder holding `projectYaml` and a stack file `stackYaml`; the config render would hand the program. */
function merge(projectYaml: string, stackYaml: string | Buffer, stack = "dev") {
    const dir = join(work, `fixture-${fixtures++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), projectYaml);
    writeFileSync(join(dir, `Pulumi.${stack}.yaml`), stackYaml);
    return stackConfigValues(dir, stack);
}
const refusals = (projectYaml: string, stackYaml: string) =>
    merge(projectYaml, stackYaml).refusals.map((r) => r.message);

// Each fixture is the Pulumi test of the same name: project, stack, and the merged config it asserts (every value
// the text the program reads) or the error it asserts.
const merged: [pulumiTest: string, project: string, stack: string, config: Record<string, string>][] = [
    [
        "TestStackConfigIsInheritedFromProjectConfig",
        "name: test\nruntime: dotnet\nconfig:\n  instanceSize: t3.micro\n  instanceCount: 20\n  protect: true",
        "config:\n  test:instanceSize: t4.large",
        { "test:instanceSize": "t4.large", "test:instanceCount": "20", "test:protect": "true" },
    ],
    [
        "TestNamespacedConfigValuesAreInheritedCorrectly",
        'name: test\nruntime: dotnet\nconfig:\n  aws:region: us-west-1\n  pulumi:disable-default-providers: ["*"]\n  instanceSize: t3.micro',
        "config:\n  test:instanceSize: t4.large",
        { "test:instanceSize": "t4.large", "aws:region": "us-west-1", "pulumi:disable-default-providers": '["*"]' },
    ],
    [
        "TestLoadingStackConfigWithoutNamespacingTheProject",
        "name: test\nruntime: dotnet\nconfig:\n  aws:region: us-west-1\n  instanceSize: t3.micro",
        "config:\n  instanceSize: t4.large",
        { "test:instanceSize": "t4.large", "aws:region": "us-west-1" },
    ],
    [
        "TestUntypedProjectConfigValuesAreNotValidated",
        "name: test\nruntime: dotnet\nconfig:\n  instanceSize: t3.micro\n  aws:region: us-west-1",
        "config:\n  instanceSize: 9999\n  aws:region: 42",
        { "test:instanceSize": "9999", "aws:region": "42" },
    ],
    [
        "TestUntypedProjectConfigValuesWithOnlyDefaultOrOnlyValue",
        "name: test\nruntime: dotnet\nconfig:\n  instanceSize:\n    default: t3.micro\n  region:\n    value: us-west-1",
        "config:\n  aws:answer: 42",
        { "test:instanceSize": "t3.micro", "test:region": "us-west-1", "aws:answer": "42" },
    ],
    [
        "TestUntypedStackConfigValuesDoNeedProjectDeclaration",
        "name: test\nruntime: dotnet\nconfig:\n  createVpc: true",
        "config:\n  instanceSize: 42",
        { "test:instanceSize": "42", "test:createVpc": "true" },
    ],
    [
        "TestUntypedProjectConfigObjectValuesPassedDownToStack",
        "name: test\nruntime: dotnet\nconfig:\n  instanceSize:\n    value:\n      hello: world\n  aws:config:\n    value:\n      region: us-west-1",
        "config:\n  aws:whatever: 42",
        { "test:instanceSize": '{"hello":"world"}', "aws:config": '{"region":"us-west-1"}', "aws:whatever": "42" },
    ],
    [
        "TestStackConfigDoesNotErrorWhenProjectHasNotDefinedConfig",
        "name: test\nruntime: dotnet",
        "config:\n  hello: 21\n  world: 42\n  another: 42",
        { "test:hello": "21", "test:world": "42", "test:another": "42" },
    ],
    [
        "TestStackConfigUInt64",
        "name: test\nruntime: dotnet",
        "config:\n  test:instanceSize: 18446744073709551615",
        { "test:instanceSize": "18446744073709551615" },
    ],
    [
        "TestStackConfigIntegerTypeIsCorrectlyValidated (valid)",
        "name: test\nruntime: dotnet\nconfig:\n  importantNumber:\n    type: integer\n",
        "config:\n  test:importantNumber: 20\n",
        { "test:importantNumber": "20" },
    ],
];

const refused: [pulumiTest: string, project: string, stack: string, error: string][] = [
    [
        "TestStackConfigErrorsWhenStackValueIsNotCorrectlyTyped",
        "name: test\nruntime: dotnet\nconfig:\n  values:\n    type: array\n    items:\n      type: string\n    default: [value]",
        "config:\n  test:values: someValue\n",
        "Stack 'dev' with configuration key 'values' must be of type 'array<string>'",
    ],
    [
        "TestStackConfigIntegerTypeIsCorrectlyValidated (invalid)",
        "name: test\nruntime: dotnet\nconfig:\n  importantNumber:\n    type: integer\n",
        "config:\n  test:importantNumber: hello\n",
        "Stack 'dev' with configuration key 'importantNumber' must be of type 'integer'",
    ],
    [
        "TestStackConfigErrorsWhenMissingStackValueForConfigTypeWithNoDefault",
        "name: test\nruntime: dotnet\nconfig:\n  values:\n    type: array\n    items:\n      type: string",
        "",
        "Stack 'dev' is missing configuration value 'values'",
    ],
    [
        "TestStackConfigErrorsWhenMissingTwoStackValueForConfigTypeWithNoDefault",
        "name: test\nruntime: dotnet\nconfig:\n  another:\n    type: string\n  values:\n    type: array\n    items:\n      type: string",
        "",
        "Stack 'dev' is missing configuration values 'another' and 'values'",
    ],
    [
        "TestStackConfigErrorsWhenMissingMultipleStackValueForConfigTypeWithNoDefault",
        "name: test\nruntime: dotnet\nconfig:\n  hello:\n    type: integer\n  values:\n    type: array\n    items:\n      type: string\n  world:\n    type: string",
        "",
        "Stack 'dev' is missing configuration values 'hello', 'values' and 'world'",
    ],
    [
        "TestStackConfigSecretIsCorrectlyValidated (plaintext)",
        "name: test\nruntime: dotnet\nconfig:\n  importantNumber:\n    type: integer\n    secret: true\n",
        "config:\n  test:importantNumber: 20\n",
        "Stack 'dev' with configuration key 'importantNumber' must be encrypted as it's secret",
    ],
];

describe("render merges config as pulumi/pulumi pkg/workspace/config_project_test.go pins it", () => {
    for (const [pulumiTest, project, stack, config] of merged) {
        test(pulumiTest, () => {
            const { values, refusals } = merge(project, stack);
            assert.deepEqual(refusals, []);
            assert.deepEqual(values.config, config);
        });
    }
    for (const [pulumiTest, project, stack, error] of refused) {
        test(pulumiTest, () => assert.deepEqual(refusals(project, stack), [error]));
    }
    test("TestStackConfigSecretIsCorrectlyValidated (secure): an encrypted value passes, unchecked, and is a secret", () => {
        const { values, refusals } = merge(
            "name: test\nconfig:\n  importantNumber:\n    type: integer\n    secret: true\n",
            "config:\n  test:importantNumber:\n    secure: MjA=\n",
        );
        assert.deepEqual(refusals, []);
        assert.deepEqual(values.encryptedKeys, ["test:importantNumber"]);
        assert.deepEqual(values.secretKeys, ["test:importantNumber"]);
    });
    test("Project.Validate: a default that is not of the declared type", () => {
        assert.throws(
            () => merge("name: test\nconfig:\n  n:\n    type: integer\n    default: abc\n", ""),
            (e: unknown) =>
                e instanceof UnreadableFileError &&
                /The default value specified for configuration key 'n' is not of the expected type 'integer'/.test(
                    e.message,
                ),
        );
    });
    test("Project.Validate: another namespace's key takes a value, not a type", () => {
        assert.throws(
            () => merge("name: test\nconfig:\n  aws:region:\n    type: string\n", ""),
            /Configuration key 'aws:region' is not namespaced by the project and should not define a type/,
        );
    });
    test("mergeConfig: a secret-declared key left to its default is refused (the default is not encrypted)", () => {
        assert.deepEqual(
            refusals("name: test\nconfig:\n  k:\n    type: string\n    secret: true\n    default: ''\n", ""),
            ["Stack 'dev' with configuration key 'k' must be encrypted as it's secret"],
        );
    });
});

describe("stack values reach the program as the CLI's yaml.v3 reading makes them", () => {
    const project =
        "name: test\nconfig:\n  n:\n    type: integer\n    default: 1\n  b:\n    type: boolean\n    default: false\n  s:\n    type: string\n    default: x\n";
    // Each expected text was also checked against gopkg.in/yaml.v3 v3.0.1 itself (Debian's golang-gopkg-yaml.v3-dev),
    // decoding and re-encoding as LoadProjectStackBytes does, then marshalling as config/object.go MarshalString.
    const textOf = (key: string, yaml: string) =>
        merge(project, `config:\n  test:${key}: ${yaml}\n`).values.config[`test:${key}`];
    const cases: [yaml: string, text: string][] = [
        ["0x258", "600"],
        ["0o17", "15"],
        ["0777", "511"],
        ["1_000", "1000"],
        ["+20", "20"],
        ["1e3", "1000"],
        ["600.0", "600"],
        ["08", "8"],
        ["-0.0", "0"],
        ["0.5", "0.5"],
        ["True", "true"],
        ["TRUE", "true"],
        ["yes", "yes"],
        ["on", "on"],
        ["~", ""],
        ['"0x258"', "0x258"],
        ["'True'", "True"],
        ["!!str 600", "600"],
        ["!!binary aGVsbG8=", "hello"],
        ["2024-01-02", "2024-01-02 00:00:00 +0000 UTC"],
        ["9223372036854775808", "9223372036854775808"],
        ["1e21", "1e+21"],
        ["1e-7", "1e-7"],
        ["123456789.0", "123456789"],
        ["1000000.0", "1000000"],
    ];
    for (const [yaml, text] of cases)
        test(`${yaml} reaches the program as ${JSON.stringify(text)}`, () => assert.equal(textOf("s", yaml), text));

    test("so an integer key accepts what yaml.v3 reads as a whole number, and a boolean key True", () => {
        for (const yaml of ["0x258", "1e3", "600.0", "+20"])
            assert.deepEqual(refusals(project, `config:\n  test:n: ${yaml}\n`), [], yaml);
        assert.deepEqual(refusals(project, "config:\n  test:b: True\n"), []);
    });
    test("and refuses what stays text: yes, 1.5, a quoted number for a boolean", () => {
        assert.deepEqual(refusals(project, "config:\n  test:b: yes\n"), [
            "Stack 'dev' with configuration key 'b' must be of type 'boolean'",
        ]);
        assert.deepEqual(refusals(project, "config:\n  test:n: 1.5\n"), [
            "Stack 'dev' with configuration key 'n' must be of type 'integer'",
        ]);
    });
    test("a merge key is merged, explicit keys winning", () => {
        const config = merge("name: test\n", "base: &base {a: 1, b: 2}\nconfig:\n  test:o:\n    <<: *base\n    b: 3\n")
            .values.config;
        assert.equal(config["test:o"], '{"a":1,"b":3}');
    });
    test("objects and lists are JSON with their keys sorted, as Go writes maps", () => {
        assert.equal(
            merge("name: test\n", "config:\n  test:o: {z: [1, 0x10, true, null], a: x}\n").values.config["test:o"],
            '{"a":"x","z":[1,16,true,null]}',
        );
    });
    test("{secure: …} with another key is an ordinary object, not a secret", () => {
        const { values } = merge("name: test\n", "config:\n  test:o: {secure: abc, note: n}\n");
        assert.deepEqual(values.secretKeys, []);
        assert.equal(values.config["test:o"], '{"note":"n","secure":"abc"}');
    });
    test("a key given with and without the namespace is refused: the CLI would keep one at random", () => {
        assert.throws(
            () => merge("name: test\n", "config:\n  k: a\n  test:k: b\n"),
            /test:k and k are one key \(test:k\); set it once/,
        );
    });

    const unreadable: [what: string, content: string | Buffer, message: RegExp][] = [
        ["invalid UTF-8", Buffer.from([0x63, 0x6f, 0x6e, 0x66, 0x69, 0x67, 0x3a, 0x20, 0xff, 0x0a]), /not valid UTF-8/],
        ["a tag that does not fit the value", "config:\n  test:s: !!int abc\n", /cannot decode !!str `abc` as a !!int/],
        ["NaN, which JSON cannot carry", "config:\n  test:s: .nan\n", /json: unsupported value: NaN/],
        [
            `flow nesting ${maxNestingDepth * 4} deep`,
            `config:\n  test:s: ${"[".repeat(maxNestingDepth * 4)}${"]".repeat(maxNestingDepth * 4)}\n`,
            /nested more than 256 levels deep/,
        ],
        [
            "aliases that expand without bound",
            `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`).join("\n")}\nconfig: {}\n`,
            /more than 100000 values/,
        ],
    ];
    for (const [what, content, message] of unreadable) {
        test(`${what} is refused with a clear error`, () => {
            assert.throws(
                () => merge("name: test\n", content),
                (e: unknown) => e instanceof UnreadableFileError && message.test(e.message),
            );
        });
    }
});

describe("--config-file is read only when it is a regular file of bounded size", () => {
    test("/dev/zero is refused at once", () => {
        assert.throws(() => stackConfigValues(root, "dev", "/dev/zero"), /\/dev\/zero: not a regular file/);
    });
    test(`a file over ${maxConfigFileBytes} bytes is refused before it is read`, () => {
        const file = join(work, "Pulumi.huge.yaml");
        writeFileSync(file, `config: {}\n#${"x".repeat(maxConfigFileBytes)}\n`);
        assert.throws(() => stackConfigValues(root, "huge", file), /render reads config files of at most/);
    });
});

describe("pulumi up starts on every stack this repository has (the CLI's config rule)", () => {
    const stacks = readdirSync(root)
        .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))
        .map((f) => f.slice("Pulumi.".length, -".yaml".length));
    test("there are stack files to check", () => assert.ok(stacks.includes("dev"), stacks.join()));
    for (const stack of stacks) {
        test(`Pulumi.${stack}.yaml: nothing missing, every type right`, () =>
            assert.deepEqual(stackConfigValues(root, stack).refusals, []));
    }
    test("a stack that sets only domain (the README's quick start)", () => {
        const file = join(work, "Pulumi.quick.yaml");
        writeFileSync(file, "config:\n  milvus-l7:domain: milvus.example.com\n");
        assert.deepEqual(stackConfigValues(root, "quick", file).refusals, []);
    });
    test("a stack without domain stops with the CLI's own message", () => {
        const file = join(work, "Pulumi.nodomain.yaml");
        writeFileSync(file, "config:\n  milvus-l7:auth: true\n");
        assert.deepEqual(
            stackConfigValues(root, "nodomain", file).refusals.map((r) => r.message),
            ["Stack 'nodomain' is missing configuration value 'domain'"],
        );
    });
});
