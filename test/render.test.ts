// `npm run render`: the offline plan, on the real program and the real stack files. The CLI runs in this process
// (test/renderCli.ts) where the test is about what it does, and as its own process where it is about how a process
// ends (exit 0 once written, 1 on a refusal, 2 on bad usage); its pure parts are checked directly.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as YAML from "yaml";
import { chartService, gkeRuleProblems, objectProblems, validateObject } from "../checks";
import { ingress, milvusServicePatch } from "../components/ingress";
import type { KubeObject } from "../components/types";
import { frontEndModel } from "../components/frontEnd";
import { resolveSettings } from "../components/settings";
import { withPlainNames } from "./argumentProblems";
import type { RecordedResource } from "../harness/engine";
import { kubernetesObjects, renderedMilvusService } from "../render/renderFiles";
import { secretPlaceholder, stackConfigValues, stackNameProblem, UnreadableFileError } from "../render/project";
import { render, renderProcess } from "./renderCli";
import { root } from "./stack";

const work = mkdtempSync(join(tmpdir(), "milvus-l7-render-"));
after(() => rmSync(work, { recursive: true, force: true }));

function stackFile(name: string, config: Record<string, unknown> | string): string {
    const file = join(work, `Pulumi.${name}.yaml`);
    writeFileSync(file, typeof config === "string" ? config : YAML.stringify({ config }));
    return file;
}

/** Every path under `dir`, sorted: what a render that must touch nothing there has to leave as it was. */
const listing = (dir: string) => readdirSync(dir, { recursive: true }).sort();

const unreadable = (message: RegExp) => (error: unknown) =>
    error instanceof UnreadableFileError && message.test(error.message);

describe("stack names follow Pulumi's rule (ParseStackName)", () => {
    test("letters, digits, hyphens, underscores and periods, up to 100", () => {
        for (const stack of ["dev", "my-stack", "s-92", "stack_foo", "prod.eu", "x".repeat(100)])
            assert.equal(stackNameProblem(stack), undefined, stack);
    });

    test("anything else is refused, saying why", () => {
        assert.match(stackNameProblem("")!, /may not be empty/);
        assert.match(stackNameProblem("x".repeat(101))!, /cannot exceed 100 characters/);
        assert.match(stackNameProblem("my bad")!, /invalid character " " at position 2/);
        assert.match(stackNameProblem("acme/milvus-l7/prod")!, /invalid character "\/" at position 4/);
    });

    test('"." and "..", valid to Pulumi, are refused: as a folder under --out they are --out and its parent', () => {
        assert.match(stackNameProblem(".")!, /--out itself/);
        assert.match(stackNameProblem("..")!, /the folder above --out/);
    });
});

describe("stack config as the CLI reads it", () => {
    test("the dev stack with Pulumi.yaml's defaults applied, every value a string", () => {
        const { values, refusals } = stackConfigValues(root, "dev");
        assert.deepEqual(refusals, []);
        assert.equal(values.config["milvus-l7:domain"], "milvus-dev.example.com");
        assert.equal(values.config["milvus-l7:protect"], "false", "the stack's own value wins over the default");
        assert.equal(values.config["milvus-l7:helmTimeoutSeconds"], "1200", "a default from Pulumi.yaml");
        assert.equal(
            values.config["milvus-l7:dnsZone"],
            "",
            "an optional key's empty default, which the program reads as not set",
        );
        assert.equal(
            values.config["milvus-l7:createStaticIp"],
            undefined,
            "not declared: unset, it follows staticIpName",
        );
    });

    test("secure values are secrets the renderer cannot read, and are listed as not checked", () => {
        const file = stackFile("secure", {
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:kubeconfig": { secure: "v1:AAAA" },
        });
        const { values, refusals } = stackConfigValues(root, "secure", file);
        assert.deepEqual(refusals, []);
        assert.equal(values.config["milvus-l7:kubeconfig"], secretPlaceholder);
        assert.ok(values.secretKeys.includes("milvus-l7:kubeconfig"));
        assert.deepEqual(values.encryptedKeys, ["milvus-l7:kubeconfig"]);
    });

    test("a secure value inside an object makes the whole key secret, as the CLI does for --secret --path", () => {
        const file = stackFile("nested-secure", {
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:helmValues": {
                etcd: { auth: { rbac: { rootPassword: { secure: "v1:AAAA" } } } },
                proxy: { replicas: 2 },
            },
        });
        const { values } = stackConfigValues(root, "nested-secure", file);
        assert.ok(values.secretKeys.includes("milvus-l7:helmValues"));
        assert.deepEqual(JSON.parse(values.config["milvus-l7:helmValues"]), {
            etcd: { auth: { rbac: { rootPassword: secretPlaceholder } } },
            proxy: { replicas: 2 },
        });
    });

    test("declared types are enforced as the CLI does, in its words", () => {
        const file = stackFile("typed", {
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:auth": "maybe",
            "milvus-l7:allowedSourceRanges": "10.0.0.0/8",
        });
        assert.deepEqual(
            stackConfigValues(root, "typed", file).refusals.map((r) => r.message),
            [
                "Stack 'typed' with configuration key 'allowedSourceRanges' must be of type 'array<string>'",
                "Stack 'typed' with configuration key 'auth' must be of type 'boolean'",
            ],
        );
    });

    test("a missing stack file is named", () => {
        assert.throws(() => stackConfigValues(root, "nowhere"), /no stack file .*Pulumi\.nowhere\.yaml/);
    });

    // Each names the file, the line and column where the yaml package found the problem, and the problem.
    const unusable: [rule: string, text: string, message: RegExp][] = [
        [
            "a list instead of a mapping",
            "- a\n- b\n",
            /\.yaml:1:1: the file must be a mapping of keys to values; found a list$/,
        ],
        [
            "a single value instead of a mapping",
            "42\n",
            /\.yaml:1:1: the file must be a mapping of keys to values; found a single value$/,
        ],
        [
            "config as a list",
            "config:\n  - milvus-l7:domain\n",
            /\.yaml:2:3: config must be a mapping of keys to values; found a list$/,
        ],
        [
            "config as a number",
            "config: 42\n",
            /\.yaml:1:9: config must be a mapping of keys to values; found a single value$/,
        ],
        [
            "a YAML syntax error",
            "config: [milvus-l7:domain\n",
            /\.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
        ],
        [
            "a duplicate key",
            "config:\n  milvus-l7:domain: a.example.com\n  milvus-l7:domain: b.example.com\n",
            /\.yaml:3:3: Map keys must be unique$/,
        ],
        [
            "an alias to no anchor",
            "config:\n  milvus-l7:domain: *nowhere\n",
            /\.yaml:2:21: Unresolved alias .*: nowhere$/,
        ],
    ];
    unusable.forEach(([rule, text, message], i) => {
        test(`a stack file with ${rule} is refused with its file, line and problem`, () => {
            assert.throws(
                () => stackConfigValues(root, `unusable${i}`, stackFile(`unusable${i}`, text)),
                unreadable(message),
            );
        });
    });

    test("an empty stack file, or an empty config, is a stack with no values", () => {
        for (const text of ["", "config:\n"]) {
            assert.deepEqual(
                stackConfigValues(root, "empty", stackFile("empty", text)).refusals.map((r) => r.message),
                ["Stack 'empty' is missing configuration value 'domain'"],
            );
        }
    });

    test("a malformed Pulumi.yaml is refused with its file, line and problem", () => {
        const project = mkdtempSync(join(work, "project-"));
        const pulumiYaml = (text: string) => writeFileSync(join(project, "Pulumi.yaml"), text);
        const dev = stackFile("project-dev", {});
        pulumiYaml("name: a\nname: b\n");
        assert.throws(
            () => stackConfigValues(project, "dev", dev),
            unreadable(/Pulumi\.yaml:2:1: Map keys must be unique$/),
        );
        pulumiYaml("name: a\nconfig: [domain]\n");
        assert.throws(
            () => stackConfigValues(project, "dev", dev),
            unreadable(/Pulumi\.yaml:2:9: config must be a mapping/),
        );
        pulumiYaml("runtime: nodejs\n");
        assert.throws(
            () => stackConfigValues(project, "dev", dev),
            unreadable(/Pulumi\.yaml: name must be the project's name$/),
        );
    });
});

describe("the Milvus Service the GKE rules see is the one the chart renders", () => {
    const recorded = (type: string, inputs: Record<string, unknown>): RecordedResource => ({
        type,
        name: "r",
        inputs,
        custom: true,
        dependsOn: [],
        inputDependencies: [],
    });
    const patch = recorded("kubernetes:core/v1:ServicePatch", {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "existing-milvus", namespace: "ml", annotations: { a: "patch" } },
    });
    const releaseWith = (values: Record<string, unknown>) =>
        recorded("kubernetes:helm.sh/v3:Release", { name: "vec", namespace: "ml", values });

    test("from the release: named as the program's serviceName output says, annotated by its values", () => {
        const release = releaseWith({ nameOverride: "vdb", service: { annotations: { a: "chart" } } });
        const service = renderedMilvusService({ resources: [release, patch], outputs: { serviceName: "vec-vdb" } });
        assert.deepEqual(service?.metadata, { name: "vec-vdb", namespace: "ml", annotations: { a: "chart" } });
        assert.equal(
            renderedMilvusService({ resources: [release, patch], outputs: {} }),
            undefined,
            "no serviceName output, no Service to check",
        );
    });

    test("values masked as secrets give none: the rules see the Service patch", () => {
        const masked = releaseWith({
            nameOverride: secretPlaceholder,
            service: { annotations: { a: secretPlaceholder } },
        });
        assert.equal(
            renderedMilvusService({ resources: [masked, patch], outputs: { serviceName: "vec-vdb" } }),
            undefined,
        );
    });

    test("without a release: the milvusHelmValues output under the name the patch targets", () => {
        const service = renderedMilvusService({
            resources: [patch],
            outputs: { milvusHelmValues: { service: { annotations: { a: "values" } } } },
        });
        assert.deepEqual(service?.metadata, { name: "existing-milvus", namespace: "ml", annotations: { a: "values" } });
    });

    test("a stack whose helmValues are secret renders (exit 0)", async () => {
        const file = stackFile("secret-values", {
            "milvus-l7:domain": "a.example.com",
            "milvus-l7:helmValues": {
                nameOverride: "vdb",
                etcd: { auth: { rbac: { rootPassword: { secure: "v1:AAAA" } } } },
            },
        });
        const { code, stderr } = await render(
            "--stack",
            "secret-values",
            "--config-file",
            file,
            "--out",
            join(work, "secret-values-out"),
        );
        assert.equal(code, 0, stderr);
    });
});

describe("npm run render on the dev stack", () => {
    const out = join(work, "out");
    let result: { code: number; stdout: string; stderr: string };
    const read = (name: string) => readFileSync(join(out, "dev", name), "utf8");
    before(async () => {
        result = await renderProcess("--out", out);
    });

    test("exits 0, prints the resource tree and a summary, progress on stderr", () => {
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^pulumi:pulumi:Stack {2}milvus-l7-dev$/m);
        assert.match(result.stdout, /└─ milvus-l7:index:MilvusL7LoadBalancer {2}milvus/);
        assert.match(result.stdout, /^ {3}[├└]─ kubernetes:networking\.k8s\.io\/v1:Ingress {2}milvus-ingress$/m);
        assert.match(result.stdout, /\d+ resources: 7 Kubernetes objects, 1 Helm release, 2 GCP resources/);
        assert.match(result.stderr, /running index\.ts on the in-process engine/);
    });

    test("manifests.yaml: every object parses, validates against its schema, and obeys the GKE rules", () => {
        const objects = YAML.parseAllDocuments(read("manifests.yaml")).map((d) => d.toJS() as KubeObject);
        assert.deepEqual(objects.map((o) => o.kind).sort(), [
            "BackendConfig",
            "FrontendConfig",
            "Ingress",
            "Secret",
            "Secret",
            "Secret",
            "Service",
        ]);
        for (const o of objects) validateObject(o);
        const values = YAML.parse(read("milvus-values.yaml")) as Record<string, unknown>;
        assert.deepEqual(
            objectProblems(objects, chartService({ name: "milvus-dev", namespace: "default" }, values)),
            [],
        );
        assert.equal(objects.at(-1)?.kind, "Ingress", "applied last, after what it names");
    });

    test("values known only after deploy are placeholders, and no secret is written", () => {
        const all = read("manifests.yaml") + read("milvus-values.yaml") + read("gcp.json");
        assert.match(read("manifests.yaml"), /tls\.key: <secret>/);
        assert.match(read("manifests.yaml"), /password: <secret>/);
        assert.ok(!all.includes("PRIVATE KEY"));
        assert.match(read("manifests.yaml"), /global-static-ip-name: milvus-ip-<random>/);
    });

    test("milvus-values.yaml: the release's values, usable with helm -f", () => {
        assert.match(
            read("milvus-values.yaml"),
            /^# .*helm upgrade --install milvus-dev milvus\/milvus --version 5\.0\.19 -n default/,
        );
        const values = YAML.parse(read("milvus-values.yaml")) as Record<string, any>;
        assert.equal(values.service.type, "ClusterIP");
        assert.equal(values.cluster.enabled, false);
        assert.match(values.extraConfigFiles["user.yaml"], /tlsMode: 1/);
    });

    test("gcp.json: the reserved address and the SSL policy with their inputs", () => {
        const gcp = JSON.parse(read("gcp.json")) as { resources: { type: string; inputs: Record<string, unknown> }[] };
        const address = gcp.resources.find((r) => r.type === "gcp:compute/globalAddress:GlobalAddress");
        assert.deepEqual([address?.inputs.addressType, address?.inputs.deletionPolicy], ["EXTERNAL", "DELETE"]);
        assert.equal(
            gcp.resources.find((r) => r.type === "gcp:compute/sSLPolicy:SSLPolicy")?.inputs.minTlsVersion,
            "TLS_1_2",
        );
    });
});

// Each test writes its own files, so they run side by side (renders in this process one at a time).
describe("npm run render refuses bad input and writes nothing", { concurrency: 4 }, () => {
    test("a stack file with a bad domain exits 1 naming milvus-l7:domain", async () => {
        const out = join(work, "bad-out");
        const file = stackFile("bad", { "milvus-l7:domain": "Not A Domain", "milvus-l7:minTlsVersion": "TLS_1_0" });
        const { code, stderr } = await renderProcess("--stack", "bad", "--config-file", file, "--out", out);
        assert.equal(code, 1);
        assert.match(stderr, /milvus-l7:domain: /);
        assert.match(stderr, /milvus-l7:minTlsVersion: /);
        assert.equal(existsSync(out), false);
    });

    test("a mistyped key and the program's own problems are reported together", async () => {
        const file = stackFile("mixed", {
            "milvus-l7:domain": "Bad Domain",
            "milvus-l7:backendTimeoutSec": "abc",
            "milvus-l7:logSampleRate": "2",
        });
        const { code, stderr } = await render(
            "--stack",
            "mixed",
            "--config-file",
            file,
            "--out",
            join(work, "mixed-out"),
        );
        assert.equal(code, 1);
        assert.match(stderr, /Stack 'mixed' with configuration key 'backendTimeoutSec' must be of type 'integer'/);
        for (const key of ["domain", "logSampleRate"]) assert.match(stderr, new RegExp(`milvus-l7:${key}: `));
        assert.doesNotMatch(stderr, /milvus-l7:backendTimeoutSec: /, "reported once, in the CLI's words");
    });

    test("an encrypted value the program must read is said to be unchecked, not called bad data", async () => {
        const file = stackFile("encrypted", {
            "milvus-l7:domain": { secure: "v1:AAAA" },
            "milvus-l7:allowedSourceRanges": [{ secure: "v1:BBBB" }],
        });
        const { code, stderr } = await render(
            "--stack",
            "encrypted",
            "--config-file",
            file,
            "--out",
            join(work, "encrypted-out"),
        );
        assert.equal(code, 1);
        assert.match(stderr, /not checked: milvus-l7:domain, milvus-l7:allowedSourceRanges/);
        assert.match(stderr, /milvus-l7:domain: is encrypted, so render cannot read it and did not check it/);
        assert.match(stderr, /milvus-l7:allowedSourceRanges: is encrypted/);
        assert.doesNotMatch(stderr, /fully qualified|not a CIDR/);
        assert.equal((stderr.match(/milvus-l7:domain: /g) ?? []).length, 1, "once");
    });

    // Each was accepted, or refused with the wrong message or a stack trace, before the hardening round.
    const refused: [string, Record<string, unknown>, string][] = [
        [
            "a misspelt allow-list (open to everyone)",
            { "milvus-l7:allowedSourceRange": ["203.0.113.0/24"] },
            "allowedSourceRange",
        ],
        ["a misspelt certMode", { "milvus-l7:certmode": "google-managed" }, "certmode"],
        [
            "TLS off in another case",
            { "milvus-l7:milvusConfig": { common: { security: { TLSMode: 0 } } } },
            "milvusConfig.common.security.TLSMode",
        ],
        [
            "REST on the gRPC port as a dotted key",
            { "milvus-l7:milvusConfig": { "proxy.http.port": 19530 } },
            "milvusConfig.proxy.http.port",
        ],
        [
            "a literal root password",
            {
                "milvus-l7:helmValues": {
                    dataNode: { extraEnv: [{ name: "COMMON_SECURITY_DEFAULTROOTPASSWORD", value: "x" }] },
                },
            },
            "helmValues.dataNode.extraEnv[0]",
        ],
        ["a CIDR with a zone id", { "milvus-l7:allowedSourceRanges": ["fe80::1%eth0/64"] }, "allowedSourceRanges[0]"],
        [
            "an invalid Service name",
            { "milvus-l7:helmValues": { fullnameOverride: "MyMilvus" } },
            "helmValues.fullnameOverride",
        ],
        [
            "release-only settings without a release",
            { "milvus-l7:manageRelease": false, "milvus-l7:helmValues": { proxy: { replicas: 2 } } },
            "helmValues",
        ],
        ["a hex fraction", { "milvus-l7:logSampleRate": "0x1" }, "logSampleRate"],
        ["two message queues", { "milvus-l7:helmValues": { kafka: { enabled: true } } }, "helmValues.kafka.enabled"],
    ];
    refused.forEach(([what, config, key], i) => {
        test(`refuses ${what}: exit 1 naming milvus-l7:${key}, no stack trace, nothing written`, async () => {
            const out = join(work, `refused-${key.replace(/\W/g, "-")}`);
            const file = stackFile(`refused${i}`, { "milvus-l7:domain": "a.example.com", ...config });
            const { code, stderr } = await render("--stack", `refused${i}`, "--config-file", file, "--out", out);
            assert.equal(code, 1, stderr);
            assert.ok(stderr.includes(`milvus-l7:${key}: `), stderr);
            assert.doesNotMatch(stderr, /^\s+at /m);
            assert.equal(existsSync(out), false);
        });
    });

    test("an unknown flag is bad usage (exit 2)", async () => {
        const { code, stderr } = await renderProcess("--stak", "prod");
        assert.equal(code, 2);
        assert.match(stderr, /usage: npm run render/);
    });

    test("--stack .. and --stack . are bad usage (exit 2), and nothing in or above --out is touched", async () => {
        const dir = mkdtempSync(join(work, "above-"));
        mkdirSync(join(dir, "out"));
        writeFileSync(join(dir, "index.ts"), "export {};\n");
        writeFileSync(join(dir, "out", "notes.md"), "mine\n");
        for (const stack of ["..", "."]) {
            const { code, stderr } = await render(
                "--stack",
                stack,
                "--config-file",
                "Pulumi.dev.yaml",
                "--out",
                join(dir, "out"),
            );
            assert.equal(code, 2, stderr);
            assert.match(stderr, /usage: npm run render/);
        }
        assert.deepEqual(listing(dir), ["index.ts", "out", join("out", "notes.md")]);
    });

    test("a folder in --out that render did not write is refused (exit 1) before the program runs, and kept", async () => {
        const dir = mkdtempSync(join(work, "foreign-"));
        mkdirSync(join(dir, "components"));
        writeFileSync(join(dir, "components", "index.ts"), "export {};\n");
        const { code, stderr } = await render(
            "--out",
            dir,
            "--stack",
            "components",
            "--config-file",
            "Pulumi.dev.yaml",
        );
        assert.equal(code, 1, stderr);
        assert.match(stderr, /components exists without render's \.milvus-l7-render\.json; .*Nothing written/);
        assert.doesNotMatch(stderr, /running index\.ts/);
        assert.deepEqual(listing(dir), ["components", join("components", "index.ts")]);
    });

    test("a stack file that cannot be read: exit 1, one line with file, line and problem, nothing written", async () => {
        const out = join(work, "unreadable-out");
        const file = stackFile(
            "unreadable",
            "config:\n  milvus-l7:domain: a.example.com\n  milvus-l7:domain: b.example.com\n",
        );
        const { code, stderr } = await render("--stack", "unreadable", "--config-file", file, "--out", out);
        assert.equal(code, 1);
        assert.deepEqual(
            stderr.split("\n").slice(1),
            [`render: ${file}:3:3: Map keys must be unique`, ""],
            "after the progress line, only the problem",
        );
        assert.equal(existsSync(out), false);
    });

    test("a --config-file or --out the file system refuses: exit 1 naming it, no stack trace", async () => {
        const file = stackFile("not-a-folder", {});
        for (const [flag, path, problem] of [
            ["--config-file", work, /not a regular file/],
            ["--out", file, /ENOTDIR/],
        ] as const) {
            const { code, stderr } = await render(flag, path);
            assert.equal(code, 1, stderr);
            assert.match(stderr, problem);
            assert.ok(stderr.includes(path), stderr);
            assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
        }
    });

    test("an object that breaks a GKE rule is reported with the object at fault", () => {
        const settings = withPlainNames(resolveSettings({ domain: "a.example.com" }).settings);
        const broken = ingress(frontEndModel(settings), {});
        (broken.spec as Record<string, unknown>).ingressClassName = "gce";
        const problems = objectProblems([broken], undefined);
        assert.match(problems.join("\n"), /Ingress default\/my-release-milvus-l7: spec\.ingressClassName/);
        assert.deepEqual(gkeRuleProblems([]), []);
    });

    test("the GKE rules check the chart's Service, not the Service patch of the same name", () => {
        const settings = withPlainNames(resolveSettings({ domain: "a.example.com" }).settings);
        const patch = milvusServicePatch(frontEndModel(settings));
        const unannotated = { ...patch, metadata: { ...patch.metadata, annotations: {} } };
        assert.match(
            objectProblems([patch, ingress(frontEndModel(settings), {})], unannotated).join("\n"),
            /Service default\/my-release-milvus: cloud\.google\.com\/neg/,
        );
    });

    test("an object that breaks its schema is reported with the object at fault", () => {
        const secret = {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "s", namespace: "default" },
            stringData: "not a map",
        };
        assert.match(
            objectProblems(
                kubernetesObjects([
                    {
                        type: "kubernetes:core/v1:Secret",
                        name: "s",
                        inputs: secret,
                        custom: true,
                        dependsOn: [],
                        inputDependencies: [],
                    },
                ]),
                undefined,
            ).join(),
            /Secret default\/s: /,
        );
    });
});
