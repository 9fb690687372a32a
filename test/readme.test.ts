// The README is run as written: every stack file, npm script and repository path it names must be there. (Every
// committed stack having a golden render is test/golden.test.ts's.)
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { committedStacks, root } from "./stack";

const readme = readFileSync(join(root, "README.md"), "utf8");
const scripts = Object.keys(
    (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
/** A name the reader fills in (`Pulumi.<stack>.yaml`, `test/golden/<stack>/`), not one to look for. */
const placeholder = (text: string) => text.includes("<");

describe("what the README names exists", () => {
    test("every Pulumi.<stack>.yaml it names is committed", () => {
        const named = sorted([...readme.matchAll(/\bPulumi\.([\w.-]+)\.yaml\b/g)].map((m) => m[1]));
        assert.ok(named.includes("dev"), "the README names Pulumi.dev.yaml");
        assert.deepEqual(
            named.filter((stack) => !committedStacks().includes(stack)).map((stack) => `Pulumi.${stack}.yaml`),
            [],
        );
    });

    test("every stack `npm run render -- --stack <name>` reads from a stack file of the repository is committed", () => {
        const stacks = readme
            .split("\n")
            .filter((line) => line.includes("npm run render") && !line.includes("--config-file"))
            .flatMap((line) => [...line.matchAll(/--stack ([\w.-]+)/g)].map((m) => m[1]));
        assert.ok(stacks.length > 0, "the README renders a named stack");
        assert.deepEqual(sorted(stacks.filter((stack) => !committedStacks().includes(stack))), []);
    });

    test("every `npm run <script>` and `npm test` it shows is a package.json script", () => {
        const named = sorted([...readme.matchAll(/\bnpm (?:run ([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]));
        assert.ok(named.includes("render") && named.includes("test"));
        assert.deepEqual(
            named.filter((script) => !scripts.includes(script)),
            [],
        );
    });

    test("every path in the Layout table and every link to a file of the repository exists", () => {
        const layout = readme.slice(readme.indexOf("\n## Layout"));
        const layoutPaths = layout
            .split("\n")
            .filter((line) => line.startsWith("| `"))
            .flatMap((line) => [...line.split(" | ")[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
        const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
            .map((m) => m[1])
            .filter((target) => !/^[a-z]+:/.test(target));
        assert.ok(layoutPaths.includes("index.ts") && links.includes("bench/results.md"));
        assert.deepEqual(
            sorted([...layoutPaths, ...links].filter((path) => !placeholder(path) && !existsSync(join(root, path)))),
            [],
        );
    });
});

describe("what the README claims about the internal load balancer", () => {
    test("an internal Ingress's minimum TLS is GCP's default SSL policy's (TLS 1.0), not minTlsVersion's", () => {
        // ingress-gce translator.go sslPolicyLink resolves a FrontendConfig policy as global for gce-internal, so the
        // regional proxy has no SSL policy and GCP's default applies: COMPATIBLE, TLS 1.0 and up.
        const row = readme.split("\n").find((line) => line.startsWith("| Minimum TLS |"));
        assert.ok(row, "the internal section's table has a Minimum TLS row");
        const ingressCell = row.split(" | ")[1];
        assert.match(ingressCell, /TLS 1\.0/);
        assert.doesNotMatch(ingressCell, /^TLS 1\.2/);
        const minTlsRow = readme.split("\n").find((line) => line.startsWith("| `minTlsVersion` |"));
        assert.match(minTlsRow ?? "", /internal Ingress.*TLS 1\.0/);
    });

    test("the loadBalancerScope row refuses google-managed with internal in both modes, as settings.ts does", () => {
        const row = readme.split("\n").find((line) => line.startsWith("| `loadBalancerScope` |")) ?? "";
        assert.match(row, /`certMode: google-managed`/);
        assert.doesNotMatch(row, /with the Ingress, `certMode: google-managed`/);
    });
});
