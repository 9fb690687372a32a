// The three arguments that may be Outputs (namespace, dnsZone, staticIpName) under Pulumi's mocks: passed as the
// outputs of resources a larger stack creates beside the component, as secrets or as unknown values, the component
// registers exactly what it registers for the same plain strings; a bad value fails once known, naming the argument.
import { engine, plainStrings, reveal } from "./engine";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
    MilvusL7ConfigError,
    MilvusL7LoadBalancer,
    outputsWithValues,
    type MilvusL7LoadBalancerArgs,
} from "../components";
import * as gcp from "../components/sdk/gcp";
import * as k8s from "../components/sdk/kubernetes";
import type { Registration } from "../harness/engine";
import { deploy, failuresOf, T, type Deployed } from "./deploy";

// Words found nowhere else in what the component registers, so that a test can tell where each name went.
const names = { namespace: "team-ns", dnsZone: "team-zone", staticIpName: "team-ip" };
/** Arguments beside the names that make every consumer of them exist: the release, the DNS records, the bucket. */
const others: MilvusL7LoadBalancerArgs = {
    domain: "search.example.com",
    certMode: "google-managed",
    objectStorage: "gcs",
    bucketName: "search-vectors",
    bucketLocation: "us-central1",
};

/**
 * What a deployment registers, independent of the component's name: each child's type, role (`<name>-<role>`),
 * inputs with secrets revealed, and options' dependencies by role. The mock's answers name the resource they came
 * from (test/engine.ts), and the service account's ID is a hash of the component's name (objectStorage.ts): both read
 * the same for every name.
 */
function registered(d: Deployed, name: string) {
    const anyName = (text: string) =>
        text.replaceAll(`${name}-`, "<name>-").replace(/milvus-storage-[0-9a-f]{8}/g, "milvus-storage-<hash>");
    return d.children
        .map((c) => ({
            type: c.type,
            name: anyName(c.name),
            inputs: JSON.parse(anyName(JSON.stringify(reveal(c.rawInputs)))) as unknown,
            dependsOn: c.dependsOn.map(anyName),
        }))
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** Every value of `namespace` the Kubernetes objects carry (metadata.namespace, the release's namespace). */
function namespacesOf(children: Registration[]): unknown[] {
    return children
        .filter((c) => c.type.startsWith("kubernetes:"))
        .map((c) => {
            const inputs = reveal(c.rawInputs) as { namespace?: unknown; metadata?: { namespace?: unknown } };
            return c.type === T.release ? inputs.namespace : inputs.metadata?.namespace;
        });
}

describe("names from resources created in the same stack", async () => {
    const plain = await deploy("plain", { ...others, ...names });
    const ns = new k8s.core.v1.Namespace("stack-ns", { metadata: { name: names.namespace } });
    const zone = new gcp.dns.ManagedZone("stack-zone", { name: names.dnsZone, dnsName: "example.com." });
    const address = new gcp.compute.GlobalAddress("stack-ip", { name: names.staticIpName });
    const fromOutputs = await deploy("outputs", {
        ...others,
        namespace: ns.metadata.name,
        dnsZone: zone.name,
        staticIpName: address.name,
    });

    test("registers exactly the resources, inputs and dependencies it registers for the same plain strings", () => {
        assert.deepEqual(registered(fromOutputs, "outputs"), registered(plain, "plain"));
    });

    test("every Kubernetes object and the release are in the namespace", () => {
        const namespaces = namespacesOf(fromOutputs.children);
        assert.ok(namespaces.length > 5);
        assert.deepEqual(new Set(namespaces), new Set([names.namespace]));
    });

    test("the records are made in the zone, and the given address is used, none created", () => {
        const records = fromOutputs.all(T.dns);
        assert.equal(records.length, 1);
        assert.equal(records[0].rawInputs.managedZone, names.dnsZone);
        assert.equal(fromOutputs.all(T.address).length, 0);
        const lookup = engine.invokes.filter((i) => i.token === "gcp:compute/getGlobalAddress:getGlobalAddress");
        assert.ok(lookup.some((i) => i.inputs.name === names.staticIpName));
        const annotations = (fromOutputs.one(T.ingress).rawInputs.metadata as { annotations: Record<string, string> })
            .annotations;
        assert.equal(annotations["kubernetes.io/ingress.global-static-ip-name"], names.staticIpName);
    });

    test("what is placed in the namespace or zone waits for it, through its input", () => {
        const ref = (r: pulumi.Resource) => new Promise<string>((resolve) => r.urn.apply(resolve));
        return Promise.all([ref(ns), ref(zone)]).then(([nsUrn, zoneUrn]) => {
            const dependsOnRef = (urn: string, c: Registration) =>
                c.inputDependencies.some((d) => urn.endsWith(`::${d.split("::").pop()}`));
            for (const c of [fromOutputs.one(T.release), fromOutputs.one(T.ingress), fromOutputs.one(T.managedCert)])
                assert.ok(dependsOnRef(nsUrn, c), `${c.name} waits for the Namespace`);
            assert.ok(dependsOnRef(zoneUrn, fromOutputs.one(T.dns)), "the record waits for the zone");
        });
    });
});

describe("secret and unknown names", async () => {
    const plain = await deploy("plain-gw", { ...others, ...names, loadBalancerApi: "gateway", network: "default" });
    const secret = await deploy("secret-gw", {
        ...others,
        loadBalancerApi: "gateway",
        network: "default",
        namespace: pulumi.secret(names.namespace),
        dnsZone: pulumi.secret(names.dnsZone),
        staticIpName: pulumi.secret(names.staticIpName),
    });

    test("secret names: the same resources, each name a secret wherever it is used", () => {
        assert.deepEqual(registered(secret, "secret-gw"), registered(plain, "plain-gw"));
        assert.deepEqual(new Set(namespacesOf(secret.children)), new Set([names.namespace]));
        for (const c of secret.children) {
            const shown = plainStrings(c.rawInputs).join("\n");
            for (const name of Object.values(names)) assert.ok(!shown.includes(name), `${c.name} shows ${name}`);
        }
    });

    test("unknown names (a preview): the same resources, the names unknown and unchecked", async () => {
        const unknown = () =>
            new (pulumi.Output as unknown as new (...args: unknown[]) => pulumi.Output<string>)(
                new Set(),
                Promise.resolve(undefined),
                Promise.resolve(false),
                Promise.resolve(false),
                Promise.resolve(new Set()),
            );
        const d = await deploy("unknown-gw", {
            ...others,
            loadBalancerApi: "gateway",
            network: "default",
            namespace: unknown(),
            dnsZone: unknown(),
            staticIpName: unknown(),
        });
        const kinds = (x: Deployed) => x.children.map((c) => c.type).sort();
        assert.deepEqual(kinds(d), kinds(plain));
        assert.ok(
            namespacesOf(d.children).every((n) => n === undefined),
            "no namespace value is made up",
        );
    });
});

describe("bad names", () => {
    test("a known-bad Output fails the resources that read it, with the problem naming the argument", async () => {
        const failures = await failuresOf(
            () => new MilvusL7LoadBalancer("bad-ns", { ...others, namespace: pulumi.output("Bad_NS") }),
        );
        const problems = failures.flatMap((f) => (f instanceof MilvusL7ConfigError ? [f.problems] : []));
        assert.ok(problems.length > 0, `failed with the argument's problem; got ${failures.map(String).join("\n")}`);
        assert.deepEqual(problems[0], [
            {
                key: "namespace",
                message: `"Bad_NS" is not an RFC 1123 DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
            },
        ]);
        const registered = engine.resources.filter((r) => r.name.startsWith("bad-ns-"));
        assert.deepEqual(namespacesOf(registered), [], "no object placed in the namespace is created");
        assert.ok(
            registered.some((r) => r.type === T.sslPolicy),
            "resources that do not read the namespace may be created",
        );
    });

    test("a bad Output is checked once: resolving the arguments again (outputsWithValues, a second component) reports it once", async () => {
        const namespace = pulumi.output("Bad_NS");
        const failures = await failuresOf(() => {
            const args = { ...others, namespace };
            outputsWithValues(new MilvusL7LoadBalancer("bad-once", args), args);
            new MilvusL7LoadBalancer("bad-twice", args);
        });
        const reported = new Set(failures);
        assert.equal(reported.size, 1, `one failure, reported once; got ${[...reported].map(String).join("\n")}`);
        assert.ok([...reported][0] instanceof MilvusL7ConfigError);
    });

    test("plain bad names are refused up front, every one at once, and nothing is created", () => {
        const before = engine.resources.length;
        assert.throws(
            () =>
                new MilvusL7LoadBalancer("bad-plain", {
                    ...others,
                    namespace: "Bad_NS",
                    dnsZone: "example.com",
                    staticIpName: "-ip",
                }),
            (error: unknown) =>
                error instanceof MilvusL7ConfigError &&
                ["namespace", "dnsZone", "staticIpName"].every((key) => error.problems.some((p) => p.key === key)),
        );
        assert.equal(engine.resources.length, before);
    });
});
