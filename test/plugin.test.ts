// The repository as a Pulumi component package, started exactly as Pulumi's nodejs host starts a plugin
// (run-plugin) and driven over gRPC as the engine drives it when a Python, Go, C#, Java or YAML program uses
// MilvusL7LoadBalancer: GetSchema (what `pulumi package add` generates an SDK from) and Construct (every
// `pulumi up` of such a program).
import { engine, runIndex } from "./engine";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError as InputPropertiesErrorProto } from "@pulumi/pulumi/proto/errors_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import {
    CertMode,
    defaults,
    FrontEndKind,
    LoadBalancerApi,
    LoadBalancerScope,
    MilvusMode,
    MinTlsVersion,
    ObjectStorage,
    outputNames,
    outputSpecs,
    secretOutputs,
} from "../components";
import { argumentNames, argumentSpecs } from "../components/args";
import { MilvusL7LoadBalancer } from "../components/milvusL7LoadBalancer";
import { isSecretValue, refOf } from "../harness/engine";
import {
    construct,
    getSchema,
    startEngineServers,
    startPlugin,
    type EngineServers,
    type PackageSchema,
    type Plugin,
} from "../harness/plugin";
import { packageResources, referencedValue, yamlProgramProblems } from "../examples/yamlProgram";
import { root, setStackConfig } from "./stack";

const project = "milvus-l7";
const stack = "test";
const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
const token = MilvusL7LoadBalancer.typeToken;

const packageVersion = () =>
    (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

/**
 * The release tags (`v*`) on HEAD of the git work tree these sources are the top of; or, for a copy that is no such
 * work tree (a `git archive` export, a release tarball, sources vendored into another repository) or with no git
 * installed, why there are none to read.
 */
function releaseTagsOnHead(): { tags: string[] } | { nothingToCompare: string } {
    const git = (...args: string[]) =>
        execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    let top: string;
    try {
        top = git("rev-parse", "--show-toplevel");
    } catch (error) {
        const { code, stderr } = error as { code?: string; stderr?: string };
        if (code === "ENOENT") return { nothingToCompare: "git is not installed" };
        if (/not a git repository/.test(stderr ?? "")) return { nothingToCompare: `${root} is not in a git work tree` };
        throw error;
    }
    if (realpathSync(top) !== realpathSync(root))
        return { nothingToCompare: `${root} is inside the git work tree ${top}, not the top of its own` };
    return {
        tags: git("tag", "--points-at", "HEAD")
            .split("\n")
            .filter((tag) => /^v\d/.test(tag)),
    };
}

let servers: EngineServers;
let plugin: Plugin;
let schema: PackageSchema;

before(async () => {
    // Pulumi's mock monitor behind the in-process engine (harness/engine.ts), which records every registration.
    const monitor = (
        pulumi.runtime as unknown as { getMonitor(): Parameters<typeof startEngineServers>[0] }
    ).getMonitor();
    servers = await startEngineServers(monitor);
    plugin = await startPlugin(root, servers.engineAddress);
    schema = await getSchema(plugin.provider);
});
after(async () => {
    await plugin?.stop();
    servers?.stop();
});

describe("GetSchema", () => {
    const component = () => schema.resources[token];

    test(`serves the component as ${token}, versioned as package.json`, () => {
        assert.deepEqual(Object.keys(schema.resources), [token]);
        assert.equal(component().isComponent, true);
        assert.equal(schema.name, project);
        assert.equal(schema.version, packageVersion());
    });

    test("package.json version is a semantic version", () => {
        assert.match(packageVersion(), /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    });

    test("a release tag on HEAD names package.json's version (v<version>)", (t) => {
        // `pulumi package add <repo>@v<version>` fetches the tag; the schema it generates from says package.json's.
        const expected = `v${packageVersion()}`;
        const head = releaseTagsOnHead();
        if ("nothingToCompare" in head) {
            t.diagnostic(`no release tag to compare with ${expected}: ${head.nothingToCompare}`);
            return;
        }
        if (head.tags.length === 0) t.diagnostic(`HEAD carries no v* tag: nothing to compare with ${expected}`);
        for (const tag of head.tags) assert.equal(tag, expected);
    });

    test("has every argument as an input, and domain as the only required one", () => {
        assert.deepEqual(Object.keys(component().inputProperties).sort(), [...argumentNames].sort());
        assert.deepEqual(component().requiredInputs, ["domain"]);
    });

    test("namespace, dnsZone and staticIpName are string inputs other languages may pass Outputs to; the rest plain", () => {
        const inputs = component().inputProperties;
        for (const name of ["namespace", "dnsZone", "staticIpName"]) {
            assert.equal(inputs[name]?.type, "string", name);
            assert.notEqual(inputs[name]?.plain, true, `${name} is an Input`);
        }
        for (const name of ["domain", "releaseName", "network", "bucketName", "createStaticIp"])
            assert.equal(inputs[name]?.plain, true, `${name} is plain`);
    });

    test("declares the string enums with the values the component accepts", () => {
        for (const [name, values, input] of [
            ["CertMode", CertMode, "certMode"],
            ["LoadBalancerApi", LoadBalancerApi, "loadBalancerApi"],
            ["LoadBalancerScope", LoadBalancerScope, "loadBalancerScope"],
            ["MilvusMode", MilvusMode, "milvusMode"],
            ["MinTlsVersion", MinTlsVersion, "minTlsVersion"],
            ["ObjectStorage", ObjectStorage, "objectStorage"],
        ] as const) {
            const type = schema.types[`${project}:index:${name}`];
            assert.deepEqual(
                type?.enum?.map((e) => [e.name, e.value]),
                Object.entries(values),
                name,
            );
            assert.equal(component().inputProperties[input]?.$ref, `#/types/${project}:index:${name}`);
        }
    });

    test("types JSON arguments and outputs as maps of pulumi.json#/Any", () => {
        for (const property of [
            component().inputProperties.helmValues,
            component().inputProperties.milvusConfig,
            component().properties.milvusHelmValues,
        ]) {
            assert.equal(property?.type, "object");
            assert.equal(property.additionalProperties?.$ref, "pulumi.json#/Any");
        }
    });

    test("has the component's outputs, required unless a mode leaves them unset", () => {
        assert.deepEqual(Object.keys(component().properties).sort(), [...outputNames].sort());
        assert.ok(outputNames.includes("frontEndName") && outputNames.includes("releaseStatus"));
        assert.deepEqual(
            component().required?.sort(),
            outputNames.filter((name) => !("when" in outputSpecs[name])).sort(),
        );
    });

    test("types frontEndKind as the FrontEndKind enum", () => {
        const type = schema.types[`${project}:index:FrontEndKind`];
        assert.deepEqual(
            type?.enum?.map((e) => [e.name, e.value]),
            Object.entries(FrontEndKind),
        );
        assert.equal(component().properties.frontEndKind?.$ref, `#/types/${project}:index:FrontEndKind`);
    });

    test("types whole-number arguments as integer (Go pulumi.IntPtr, not Float64) and fractions as number", () => {
        const integers = argumentNames.filter((name) => argumentSpecs[name].kind === "integer");
        assert.deepEqual(integers, ["helmTimeoutSeconds", "backendTimeoutSec", "drainingTimeoutSec"]);
        for (const name of integers) assert.equal(component().inputProperties[name]?.type, "integer", name);
        assert.equal(component().inputProperties.logSampleRate?.type, "number");
    });

    test("declares every default the schema can carry (booleans, numbers, strings, enums), each of its property's type", () => {
        const { inputProperties } = component();
        for (const name of argumentNames) {
            const value: unknown = (defaults as Record<string, unknown>)[name];
            const property = inputProperties[name];
            const scalar = ["boolean", "number", "string"].includes(typeof value);
            assert.deepEqual(property?.default, scalar ? value : undefined, name);
            if (!scalar) continue;
            const enumValues = property.$ref && schema.types[property.$ref.replace("#/types/", "")]?.enum;
            if (enumValues)
                assert.ok(
                    enumValues.some((e) => e.value === value),
                    `${name}: an enum value`,
                );
            else if (property.type === "integer") assert.ok(Number.isInteger(value), name);
            else assert.equal(typeof value, property.type, name);
        }
        assert.equal(inputProperties.certMode?.default, "self-managed");
        assert.equal(inputProperties.helmTimeoutSeconds?.default, 1200);
        assert.equal(inputProperties.createStaticIp?.default, undefined, "its default depends on staticIpName");
    });

    test("marks rootPassword, the always-secret outputs, secret, and no other output", () => {
        assert.deepEqual(secretOutputs, ["rootPassword"]);
        const marked = Object.entries(component().properties).filter(([, p]) => p.secret === true);
        assert.deepEqual(
            marked.map(([name]) => name),
            secretOutputs,
        );
        assert.ok(Object.values(component().inputProperties).every((p) => p.secret === undefined));
    });

    test("the TypeScript-only syntax check flags each form it names", () => {
        for (const sample of [
            '`certMode: "self-managed"`',
            "`createStaticIp: true`",
            "undefined otherwise",
            "(v) => v",
            '"ingress" | "gateway"',
            "Record<string, string>",
            "`pulumi.secret(...)`",
            "[object Object]",
        ])
            assert.notDeepEqual(typeScriptOnly(sample), [], sample);
        assert.deepEqual(typeScriptOnly("certMode `self-managed`; unset otherwise. Default: none."), []);
    });

    test("describes everything in plain words every language reads: no TypeScript-only syntax", () => {
        const found = descriptions(schema).flatMap(([where, text]) =>
            typeScriptOnly(text).map((form) => `${where}: ${form}`),
        );
        assert.ok(descriptions(schema).length > 40);
        assert.deepEqual(found, []);
    });

    test("describes the component, every input, output and enum value (the generated SDKs' docs)", () => {
        assert.match(component().description ?? "", /Milvus on GKE/);
        for (const [kind, properties] of [
            ["input", component().inputProperties],
            ["output", component().properties],
        ] as const) {
            for (const [name, property] of Object.entries(properties)) {
                assert.ok((property.description ?? "").trim().length > 20, `${kind} ${name} has no description`);
            }
        }
        for (const [name, type] of Object.entries(schema.types)) {
            for (const value of type.enum ?? [])
                assert.ok(value.description, `${name}.${value.name} has no description`);
        }
    });
});

/** Every description in the schema, with where it is: the component's, its inputs', outputs', types' and enum values'. */
function descriptions(s: PackageSchema): [string, string][] {
    return [
        ...Object.entries(s.resources).flatMap(([token, r]): [string, string][] => [
            [token, r.description ?? ""],
            ...Object.entries(r.inputProperties).map(([name, p]): [string, string] => [
                `input ${name}`,
                p.description ?? "",
            ]),
            ...Object.entries(r.properties).map(([name, p]): [string, string] => [
                `output ${name}`,
                p.description ?? "",
            ]),
        ]),
        ...Object.entries(s.types).flatMap(([token, t]): [string, string][] => [
            [token, t.description ?? ""],
            ...(t.enum ?? []).map((e): [string, string] => [`${token}.${e.name}`, e.description ?? ""]),
        ]),
    ];
}

/**
 * TypeScript that reaches the schema reads wrong in Python, Go, C#, Java and YAML docs: say `certMode self-managed`,
 * "unset", "a Pulumi secret". `{@link}` reaches it as "[object Object]" (the analyzer joins `jsDoc[].comment`, a node
 * list when the comment holds a link).
 */
const typeScriptForms: [RegExp, string][] = [
    [/\w: (?:"|'|true\b|false\b|\{|\[)/, "an object literal's `name: value`"],
    [/\bundefined\b/, "`undefined`"],
    [/=>/, "an arrow function"],
    [/\s\|\s/, "a union type"],
    [/\b(?:Record|Partial|Required|Pick|Omit|Array|Promise|Input|Output)</, "a generic type"],
    [/\bpulumi\.\w+\(/, "a call of the TypeScript SDK"],
    [/\[object Object\]|\{@\w+/, "a TSDoc inline tag"],
];

/** The TypeScript-only forms `text` holds, each with what it is. */
function typeScriptOnly(text: string): string[] {
    return typeScriptForms.flatMap(([form, what]) => {
        const match = form.exec(text);
        return match
            ? [`${what} (${JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 30))})`]
            : [];
    });
}

/** The component and its children as the engine recorded them: what a deployment would create, with secrecy. */
function registered(componentName: string) {
    const parents = new Map(servers.registrations.map((r) => [`${r.type}::${r.name}`, refOf(r.parentUrn)]));
    return engine.resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => ({
            type: r.type,
            name: r.name,
            // From the program, the parent the component set (none: the stack); from the provider, the one it sent.
            parent: r.parent ?? parents.get(`${r.type}::${r.name}`) ?? refOf(stackUrn),
            provider: r.provider,
            custom: r.custom,
            inputs: r.rawInputs,
        }))
        .filter((r) => r.name.startsWith(componentName))
        .sort((a, b) => `${a.type}::${a.name}`.localeCompare(`${b.type}::${b.name}`));
}

/** What a program in another language sends for these arguments, all plain JSON. */
const jsonArgs = {
    domain: "vectors.example.com",
    certMode: "google-managed",
    milvusMode: "cluster",
    namespace: "vectors",
    releaseName: "vectors",
    helmValues: { queryNode: { replicas: 2, resources: { limits: { memory: "8Gi" } } } },
    milvusConfig: { queryNode: { gracefulTime: 1000 } },
    dnsZone: "example-zone",
    minTlsVersion: "TLS_1_3",
    allowedSourceRanges: ["203.0.113.0/24", "2001:db8::/32"],
    backendTimeoutSec: 900,
    logSampleRate: 0.5,
    protect: false,
};

describe("Construct", () => {
    test("with JSON inputs registers the same resources, inputs, parents and secrets as index.ts for the same settings", async () => {
        setStackConfig(
            Object.fromEntries(Object.entries(jsonArgs).map(([key, value]) => [`${project}:${key}`, value])),
        );
        const exports = await runIndex<Record<string, pulumi.Output<unknown>>>();
        const fromProgram = registered("milvus");
        assert.ok(fromProgram.length > 10, "the program registered the component and its children");
        const ip = await new Promise((resolve) => exports.loadBalancerIp.apply(resolve));

        engine.resources.length = 0;
        const { urn, state } = await construct(plugin.provider, {
            project,
            stack,
            monitorAddress: servers.monitorAddress,
            type: token,
            name: "milvus",
            parentUrn: stackUrn,
            inputs: jsonArgs,
        });
        await engine.settled();
        assert.equal(urn, `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack$${token}::milvus`);
        assert.deepEqual(registered("milvus"), fromProgram);
        assert.equal(state.loadBalancerIp, ip);
        assert.equal(state.endpoint, "vectors.example.com:443");
        assert.ok(isSecretValue(state.rootPassword), "rootPassword reaches the caller as a secret");
        assert.deepEqual(
            [state.frontEndKind, state.frontEndName, state.releaseName, state.releaseStatus],
            ["Ingress", "vectors-milvus-l7", "vectors", "deployed"],
        );
    });

    test("keeps a secret inside helmValues secret in the Helm release's values", async () => {
        engine.resources.length = 0;
        const secret = "minio-secret-key-0123";
        // A nested secret arrives as an output value (the provider accepts outputs, so the engine sends them).
        const outputValue = {
            "4dabf18193072939515e22adb298388d": "d0e6a833031e9bbcd3f4e8bde6ca49a4",
            value: secret,
            secret: true,
        };
        await construct(plugin.provider, {
            project,
            stack,
            monitorAddress: servers.monitorAddress,
            type: token,
            name: "milvus-secret",
            parentUrn: stackUrn,
            inputs: {
                domain: "vectors.example.com",
                milvusMode: "standalone",
                helmValues: { etcd: { auth: { rbac: { rootPassword: outputValue } } } },
            },
        });
        await engine.settled();
        const release = engine.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
        assert.ok(release, "the release is registered");
        assert.ok(isSecretValue(release.rawInputs.values), "the release's values are a secret");
        assert.ok(!JSON.stringify(release.inputs).includes(secret), "the secret is masked in what render shows");
    });

    test("takes namespace, dnsZone and staticIpName as Outputs (secrets here): the same resources, the names secret", async () => {
        engine.resources.length = 0;
        const secret = (value: string) => ({
            "4dabf18193072939515e22adb298388d": "d0e6a833031e9bbcd3f4e8bde6ca49a4",
            value,
            secret: true,
        });
        const names = { namespace: "vectors", dnsZone: "example-zone", staticIpName: "vectors-ip" };
        const args = { domain: "vectors.example.com", milvusMode: "standalone", protect: false };
        const constructWith = async (name: string, inputs: Record<string, unknown>) => {
            await construct(plugin.provider, {
                project,
                stack,
                monitorAddress: servers.monitorAddress,
                type: token,
                name,
                parentUrn: stackUrn,
                inputs: { ...args, ...inputs },
            });
            await engine.settled();
            return registered(name);
        };
        const plain = await constructWith("milvus-names", names);
        const fromOutputs = await constructWith(
            "milvus-outputs",
            Object.fromEntries(Object.entries(names).map(([key, value]) => [key, secret(value)])),
        );
        const shape = (r: ReturnType<typeof registered>) =>
            r.map((c) => `${c.type} ${c.name.replace(/^milvus-(names|outputs)-?/, "")}`);
        assert.deepEqual(shape(fromOutputs), shape(plain));
        const release = fromOutputs.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
        assert.ok(release && isSecretValue(release.inputs.namespace), "the release's namespace is a secret");
        assert.deepEqual(release.inputs.namespace.value, "vectors");
        const record = fromOutputs.find((r) => r.type === "gcp:dns/recordSet:RecordSet");
        assert.ok(record && isSecretValue(record.inputs.managedZone), "the record's zone is a secret");
    });

    test("refuses Output arguments per property, as an InputPropertiesError the engine prints, and registers nothing", async () => {
        engine.resources.length = 0;
        const secretSig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
        const error = await construct(plugin.provider, {
            project,
            stack,
            monitorAddress: servers.monitorAddress,
            type: token,
            name: "milvus-refused",
            parentUrn: stackUrn,
            inputs: {
                domain: { ...secretSig, value: "vectors.example.com" },
                helmValues: { ...secretSig, value: { etcd: { auth: { rbac: { rootPassword: "x" } } } } },
                namespce: "vectors",
            },
        }).then(
            () => assert.fail("construct succeeded"),
            (e: unknown) => e as { metadata: { get(key: string): (string | Buffer)[] } },
        );
        const [details] = error.metadata.get("grpc-status-details-bin");
        assert.ok(Buffer.isBuffer(details), "the error carries status details");
        const [any] = Status.deserializeBinary(details).getDetailsList();
        assert.equal(any?.getTypeUrl().split("/").pop(), "pulumirpc.InputPropertiesError");
        const problems = InputPropertiesErrorProto.deserializeBinary(any.getValue_asU8())
            .getErrorsList()
            .map((e) => [e.getPropertyPath(), e.getReason()]);
        const reason = (path: string) => problems.find(([p]) => p === path)?.[1] ?? "";
        assert.match(reason("domain"), /must be a plain value, not an Output .*decide which resources exist/);
        assert.match(reason("helmValues"), /a secret goes inside it/);
        assert.match(reason("namespce"), /did you mean namespace/);
        assert.deepEqual(registered("milvus-refused"), []);
    });
});

describe("examples/yaml (Pulumi YAML through the package's schema)", () => {
    const program = () => readFileSync(join(root, "examples/yaml/Pulumi.yaml"), "utf8");

    test("records the package at this version and gives each component known, required, well-typed properties", () => {
        assert.equal(packageResources(program(), schema).length, 2);
        assert.deepEqual(yamlProgramProblems(program(), schema), []);
    });

    test("the check names an unknown, a missing required, a mistyped and an out-of-enum property, and an Output where plain", () => {
        const broken = program()
            .replace("domain: search.example.com", "domian: search.example.com")
            .replace("replicas: 2", "replicas: 2\n        extra: [1]")
            .replace("milvusMode: standalone", "milvusMode: solo")
            .replace("releaseName: archive", "releaseName: ${vectors.metadata.name}")
            .replace("network: default", "network: 7")
            .replace(`@v${schema.version}`, "@v0.0.1");
        assert.deepEqual(yamlProgramProblems(broken, schema), [
            `packages.milvus-l7 is github.com/<org>/milvus-l7@v0.0.1, not a source at v${schema.version}`,
            "search.domain: required, missing",
            "search.domian: not a property of milvus-l7:index:MilvusL7LoadBalancer",
            "archive.releaseName: ${vectors.metadata.name} is an expression, and the schema takes a plain value here",
            'archive.milvusMode: "solo" is none of cluster, standalone',
            "archive.network: 7 is not of type string",
        ]);
    });

    test("Construct takes each component's properties, references as the output values the engine sends, and registers it with its children", async () => {
        engine.resources.length = 0;
        // A reference to another resource's output reaches the provider as an output value (the provider accepts
        // outputs); its value is known once the Namespace or zone exists.
        const outputValue = (value: unknown) => ({
            "4dabf18193072939515e22adb298388d": "d0e6a833031e9bbcd3f4e8bde6ca49a4",
            value,
        });
        const asSent = (value: unknown) => {
            const referenced = referencedValue(program(), value);
            return referenced === undefined ? value : outputValue(referenced);
        };
        for (const { name, token: type, properties } of packageResources(program(), schema)) {
            const inputs = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, asSent(value)]));
            assert.deepEqual([inputs.namespace, inputs.dnsZone], [outputValue("vectors"), outputValue("example-com")]);
            const { urn } = await construct(plugin.provider, {
                project,
                stack,
                monitorAddress: servers.monitorAddress,
                type,
                name,
                parentUrn: stackUrn,
                inputs,
            });
            assert.equal(urn, `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack$${token}::${name}`);
        }
        await engine.settled();
        for (const name of ["search", "archive"]) {
            const children = registered(name).filter((r) => r.parent === `${token}::${name}`);
            const release = children.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
            assert.equal(release?.inputs.namespace, "vectors", `${name}'s release, in the referenced namespace`);
            const record = children.find((r) => r.type === "gcp:dns/recordSet:RecordSet" && r.name === `${name}-dns`);
            assert.equal(record?.inputs.managedZone, "example-com", `${name}'s DNS record, in the referenced zone`);
        }
    });
});
