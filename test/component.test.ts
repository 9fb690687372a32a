// The component under Pulumi's mocks: what it registers, with which inputs, names, parents, providers,
// dependencies and secrecy, and what it outputs.
import {
    childRecorder,
    isSecretValue,
    mockIngressIp,
    mockPem,
    plainStrings,
    registered,
    registrationOf,
    reveal,
    valueOf,
    type Child,
    type Registered,
} from "./mocks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as YAML from "yaml";
import { gkeRuleProblems, MilvusL7ConfigError, MilvusL7LoadBalancer, type KubeObject, type MilvusL7LoadBalancerArgs } from "../components";
import { validateObject } from "./schemas";

const T = {
    key: "tls:index/privateKey:PrivateKey",
    cert: "tls:index/selfSignedCert:SelfSignedCert",
    secret: "kubernetes:core/v1:Secret",
    release: "kubernetes:helm.sh/v3:Release",
    backendConfig: "kubernetes:cloud.google.com/v1:BackendConfig",
    servicePatch: "kubernetes:core/v1:ServicePatch",
    managedCert: "kubernetes:networking.gke.io/v1:ManagedCertificate",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
};

interface Deployed {
    component: MilvusL7LoadBalancer;
    children: (Child & Registered)[];
    one(type: string): Child & Registered;
    all(type: string): (Child & Registered)[];
}

async function deploy(name: string, args: Partial<MilvusL7LoadBalancerArgs> = {}, opts: pulumi.ComponentResourceOptions = {}): Promise<Deployed> {
    const recorder = childRecorder();
    const component = new MilvusL7LoadBalancer(
        name,
        { domain: "my-release.milvus.io", ...args },
        { ...opts, transformations: [recorder.transformation] },
    );
    const own = recorder.children.filter((c) => c.type !== MilvusL7LoadBalancer.typeToken);
    const registrations = await registrationOf(own);
    const children = own.map((c, i) => ({ ...registrations[i], ...c }));
    const all = (type: string) => children.filter((c) => c.type === type);
    const one = (type: string) => {
        const found = all(type);
        assert.equal(found.length, 1, `exactly one ${type}`);
        return found[0];
    };
    return { component, children, one, all };
}

/** Names of the resources a child was told to wait for. */
async function dependsOnOf(c: Child): Promise<string[]> {
    const resources = ([] as pulumi.Resource[]).concat((c.opts.dependsOn as pulumi.Resource[] | undefined) ?? []);
    const urns = await Promise.all(resources.map((r) => valueOf(r.urn)));
    return urns.map((urn) => urn.split("::").pop()!).sort();
}
const kubeObject = (c: Registered) => reveal(c.inputs) as KubeObject;
const byName = (d: Deployed, name: string) => d.children.find((c) => c.name === name)!;
/** The children that are Kubernetes objects (everything from the kubernetes provider but the Helm release). */
const objectChildren = (d: Deployed) => d.children.filter((c) => c.type.startsWith("kubernetes:") && c.type !== T.release);

function assertValidObjects(d: Deployed): void {
    const objects = objectChildren(d).map(kubeObject);
    for (const object of objects) validateObject(object);
    assert.deepEqual(gkeRuleProblems(objects), []);
}

describe("self-managed certificate, cluster mode (the defaults)", async () => {
    const d = await deploy("milvus");

    test("creates each kind once, named <name>-<role>", () => {
        const names = d.children.map((c) => `${c.type} ${c.name}`).sort();
        assert.deepEqual(names, [
            `${T.backendConfig} milvus-backend-config`,
            `${T.release} milvus-milvus`,
            `${T.servicePatch} milvus-service`,
            `${T.secret} milvus-backend-tls`,
            `${T.secret} milvus-frontend-tls`,
            `${T.ingress} milvus-ingress`,
            `${T.key} milvus-backend-tls-key`,
            `${T.key} milvus-frontend-tls-key`,
            `${T.cert} milvus-backend-tls-cert`,
            `${T.cert} milvus-frontend-tls-cert`,
        ].sort());
        assert.equal(d.all(T.managedCert).length, 0);
    });

    test("every child's parent is the component", () => {
        for (const c of d.children) assert.equal(c.opts.parent, d.component, c.name);
    });

    test("the Helm release: explicit name, namespace, pinned chart from the Milvus repo, a cluster-sized timeout", () => {
        const release = d.one(T.release).inputs;
        assert.equal(release.name, "my-release");
        assert.equal(release.namespace, "default");
        assert.equal(release.chart, "milvus");
        assert.equal(release.version, "5.0.19");
        assert.deepEqual(release.repositoryOpts, { repo: "https://zilliztech.github.io/milvus-helm/" });
        assert.ok((release.timeout as number) > 300);
    });

    test("the Helm release: ClusterIP Service and TLS through user.yaml", () => {
        const values = d.one(T.release).inputs.values as Record<string, any>;
        assert.equal(values.service.type, "ClusterIP");
        const user = YAML.parse(values.extraConfigFiles["user.yaml"]);
        assert.equal(user.common.security.tlsMode, 1);
        assert.equal(user.proxy.http.port, 8080, "REST off the gRPC port, or the 2.6 proxy refuses TLS");
        assert.equal(values.proxy.volumes[0].secret.secretName, kubeObject(byName(d, "milvus-backend-tls")).metadata.name);
    });

    test("the backend certificate Secret exists before the release that mounts it", async () => {
        assert.equal(kubeObject(byName(d, "milvus-backend-tls")).metadata.name, "my-release-milvus-backend-tls");
        assert.deepEqual(await dependsOnOf(d.one(T.release)), ["milvus-backend-tls"]);
    });

    test("the backend certificate names the in-cluster Service, never the public domain", () => {
        const cert = byName(d, "milvus-backend-tls-cert").inputs;
        assert.equal((cert.subject as { commonName: string }).commonName, "my-release-milvus.default.svc");
        assert.ok(!JSON.stringify(cert).includes("my-release.milvus.io"));
    });

    test("the BackendConfig health-checks 9091 /healthz over HTTP with a long backend timeout", () => {
        const spec = kubeObject(d.one(T.backendConfig)).spec as Record<string, any>;
        assert.deepEqual([spec.healthCheck.type, spec.healthCheck.port, spec.healthCheck.requestPath], ["HTTP", 9091, "/healthz"]);
        assert.ok(spec.timeoutSec > 30);
    });

    test("the Service patch annotates <release>-milvus and waits for the BackendConfig and the release", async () => {
        const patch = d.one(T.servicePatch);
        const object = kubeObject(patch);
        assert.equal(object.metadata.name, "my-release-milvus");
        assert.deepEqual(Object.keys(object.metadata.annotations ?? {}).sort(), [
            "cloud.google.com/app-protocols",
            "cloud.google.com/backend-config",
            "cloud.google.com/neg",
        ]);
        assert.deepEqual(await dependsOnOf(patch), ["milvus-backend-config", "milvus-milvus"]);
    });

    test("the front-end certificate names the domain as CN and DNS SAN", () => {
        const cert = byName(d, "milvus-frontend-tls-cert").inputs;
        assert.equal((cert.subject as { commonName: string }).commonName, "my-release.milvus.io");
        assert.deepEqual(cert.dnsNames, ["my-release.milvus.io"]);
        assert.ok((cert.allowedUses as string[]).includes("server_auth"));
    });

    test("TLS Secrets are kubernetes.io/tls and their data is secret", () => {
        for (const name of ["milvus-backend-tls", "milvus-frontend-tls"]) {
            const secret = byName(d, name);
            assert.equal(secret.inputs.type, "kubernetes.io/tls");
            assert.ok(isSecretValue(secret.inputs.stringData), `${name} stringData must be a Pulumi secret`);
            assert.deepEqual(Object.keys(kubeObject(secret).stringData as object).sort(), ["tls.crt", "tls.key"]);
        }
    });

    test("no private key appears outside a secret in any input", () => {
        const keys = ["milvus-backend-tls-key", "milvus-frontend-tls-key"].map((n) => mockPem("RSA PRIVATE KEY", n));
        for (const c of d.children) {
            for (const s of plainStrings(c.inputs)) assert.ok(!keys.includes(s), `${c.name} carries a private key in clear`);
        }
    });

    test("the Ingress waits for the Service annotations and the certificate, with a long await", async () => {
        const ing = d.one(T.ingress);
        assert.deepEqual(await dependsOnOf(ing), ["milvus-frontend-tls", "milvus-service"]);
        for (const timeout of [ing.opts.customTimeouts?.create ?? "", ing.opts.customTimeouts?.update ?? ""]) {
            assert.match(timeout, /^\d+m$/);
            assert.ok(parseInt(timeout, 10) > 10, "the default 10 minute Ingress await is often too short on GCE");
        }
    });

    test("every Kubernetes object is valid against its schema and the GKE rules", () => assertValidObjects(d));

    test("outputs: the Ingress IP, <domain>:443 and the front-end certificate", async () => {
        assert.equal(await valueOf(d.component.loadBalancerIp), mockIngressIp);
        assert.equal(await valueOf(d.component.endpoint), "my-release.milvus.io:443");
        assert.equal(await valueOf(d.component.certificatePem), mockPem("CERTIFICATE", "milvus-frontend-tls-cert"));
        assert.equal(await valueOf(d.component.serviceName), "my-release-milvus");
        const owned = (await valueOf(d.component.milvusHelmValues)) as Record<string, unknown>;
        const released = d.one(T.release).inputs.values as Record<string, unknown>;
        for (const [key, value] of Object.entries(owned)) assert.deepEqual(released[key], value, key);
    });
});

describe("google-managed certificate", async () => {
    const d = await deploy("managed", { certMode: "google-managed", releaseName: "managed" });

    test("a ManagedCertificate for the domain replaces the self-signed front end", () => {
        const cert = kubeObject(d.one(T.managedCert));
        assert.deepEqual(cert.spec, { domains: ["my-release.milvus.io"] });
        assert.equal(d.children.filter((c) => c.name.startsWith("managed-frontend")).length, 0);
        assert.equal(d.all(T.secret).length, 1, "only the backend certificate Secret");
    });

    test("the Ingress names it and waits for it", async () => {
        const ing = kubeObject(d.one(T.ingress));
        assert.equal(ing.metadata.annotations?.["networking.gke.io/managed-certificates"], kubeObject(d.one(T.managedCert)).metadata.name);
        assert.equal((ing.spec as { tls?: unknown }).tls, undefined);
        assert.deepEqual(await dependsOnOf(d.one(T.ingress)), ["managed-managed-cert", "managed-service"]);
    });

    test("every Kubernetes object is valid against its schema and the GKE rules", () => assertValidObjects(d));

    test("certificatePem is undefined: clients use their system roots", async () => {
        assert.equal(await valueOf(d.component.certificatePem), undefined);
        assert.equal(await valueOf(d.component.endpoint), "my-release.milvus.io:443");
    });
});

describe("the Milvus release never changes with front-end settings (no data at risk)", async () => {
    const base = await deploy("front-a", { releaseName: "same" });
    const variants = await Promise.all([
        deploy("front-b", { releaseName: "same", domain: "vectors.example.org" }),
        deploy("front-c", { releaseName: "same", certMode: "google-managed", domain: "search.example.net" }),
        deploy("front-d", { releaseName: "same", serveAnyHost: false, domain: "*.wild.example.com" }),
    ]);
    for (const [i, v] of variants.entries()) {
        test(`variant ${i + 1}: identical release inputs and backend certificate`, () => {
            assert.deepEqual(v.one(T.release).inputs, base.one(T.release).inputs);
            // The key is each component's own (the mock names it); everything the certificate says is the same.
            const certificate = (d: Deployed, name: string) => ({ ...byName(d, `${name}-backend-tls-cert`).inputs, privateKeyPem: undefined });
            assert.deepEqual(certificate(v, `front-${"bcd"[i]}`), certificate(base, "front-a"));
        });
    }
});

describe("standalone mode", async () => {
    const d = await deploy("solo", { milvusMode: "standalone", releaseName: "milvus-solo", namespace: "vectors" });

    test("mounts the backend certificate into the standalone pod and keeps the chart's naming", () => {
        const values = d.one(T.release).inputs.values as Record<string, any>;
        assert.deepEqual(values.cluster, { enabled: false });
        assert.equal(values.volumes[0].secret.secretName, "milvus-solo-backend-tls");
        assert.equal(kubeObject(d.one(T.servicePatch)).metadata.name, "milvus-solo", "a release name containing milvus is the Service name");
    });

    test("everything lands in the chosen namespace", () => {
        assert.equal(d.one(T.release).inputs.namespace, "vectors");
        for (const c of objectChildren(d)) {
            assert.equal(kubeObject(c).metadata.namespace, "vectors", c.name);
        }
    });
});

describe("manageRelease: false fronts an existing release", async () => {
    const d = await deploy("existing", { manageRelease: false, releaseName: "existing" });

    test("creates everything but the release", () => {
        assert.equal(d.all(T.release).length, 0);
        for (const type of [T.servicePatch, T.backendConfig, T.ingress]) d.one(type);
        assert.equal(d.all(T.secret).length, 2, "the backend certificate the release must mount, and the front end");
    });

    test("the Service patch then waits only for the BackendConfig", async () => {
        assert.deepEqual(await dependsOnOf(d.one(T.servicePatch)), ["existing-backend-config"]);
    });

    test("milvusHelmValues says what the existing release must carry", async () => {
        const values = (await valueOf(d.component.milvusHelmValues)) as Record<string, any>;
        assert.equal(values.service.type, "ClusterIP");
        assert.equal(values.proxy.volumes[0].secret.secretName, "existing-milvus-backend-tls");
        assert.equal(YAML.parse(values.extraConfigFiles["user.yaml"]).common.security.tlsMode, 1);
    });

    test("milvusHelmValues carries no defaults that would reshape a running release", async () => {
        const solo = await deploy("existing-solo", { manageRelease: false, releaseName: "existing-solo", milvusMode: "standalone" });
        const values = (await valueOf(solo.component.milvusHelmValues)) as Record<string, unknown>;
        for (const key of ["etcd", "minio", "pulsarv3"]) assert.equal(values[key], undefined, key);
    });
});

describe("serveAnyHost: false", async () => {
    const d = await deploy("strict", { serveAnyHost: false, releaseName: "strict" });
    test("the Ingress has no defaultBackend: only the host rule reaches Milvus", () => {
        assert.equal((kubeObject(d.one(T.ingress)).spec as { defaultBackend?: unknown }).defaultBackend, undefined);
    });
});

describe("providers", async () => {
    const kubernetes = new k8s.Provider("cluster-b", { context: "cluster-b" });
    const tlsProvider = new tls.Provider("tls-b", {});
    const d = await deploy("routed", { releaseName: "routed" }, { providers: [kubernetes, tlsProvider] });
    const kubernetesRef = `${await valueOf(kubernetes.urn)}::${await valueOf(kubernetes.id)}`;
    const tlsRef = `${await valueOf(tlsProvider.urn)}::${await valueOf(tlsProvider.id)}`;

    test("every Kubernetes child uses the caller's kubernetes provider", () => {
        const kube = d.children.filter((c) => c.type.startsWith("kubernetes:"));
        assert.equal(kube.length, 6);
        for (const c of kube) assert.equal(c.provider, kubernetesRef, c.name);
    });

    test("every TLS child uses the caller's tls provider", () => {
        const made = d.children.filter((c) => c.type.startsWith("tls:"));
        assert.equal(made.length, 4);
        for (const c of made) assert.equal(c.provider, tlsRef, c.name);
    });
});

describe("two components in one stack", async () => {
    const [a, b] = await Promise.all([
        deploy("east", { releaseName: "east", domain: "east.milvus.example.com" }),
        deploy("west", { releaseName: "west", domain: "west.milvus.example.com", certMode: "google-managed" }),
    ]);

    test("have no Pulumi name in common", () => {
        const names = [...a.children, ...b.children].map((c) => `${c.type}::${c.name}`);
        assert.equal(new Set(names).size, names.length);
    });

    test("have no Kubernetes object name in common", () => {
        const objects = [...objectChildren(a), ...objectChildren(b)]
            .filter((c) => c.type !== T.servicePatch)
            .map((c) => kubeObject(c))
            .map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
        assert.equal(new Set(objects).size, objects.length);
    });

    test("each fronts its own release", () => {
        assert.notEqual(kubeObject(a.one(T.servicePatch)).metadata.name, kubeObject(b.one(T.servicePatch)).metadata.name);
    });
});

describe("bad input", () => {
    test("throws every problem at once, naming each argument, and registers nothing", async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const before = registered.length;
        const recorder = childRecorder();
        assert.throws(
            () =>
                new MilvusL7LoadBalancer(
                    "broken",
                    {
                        domain: "*.Bad Domain",
                        certMode: "google-managed",
                        milvusMode: "tiny" as never,
                        namespace: "No_Such",
                        releaseName: "x".repeat(60),
                        helmValues: { service: { type: "LoadBalancer" }, customConfigMap: "mine" },
                    },
                    { transformations: [recorder.transformation] },
                ),
            (error: unknown) => {
                assert.ok(error instanceof MilvusL7ConfigError);
                const keys = new Set(error.problems.map((p) => p.key));
                for (const key of ["domain", "milvusMode", "namespace", "releaseName", "helmValues.service.type", "helmValues.customConfigMap"]) {
                    assert.ok(keys.has(key), `missing ${key}`);
                    assert.match(error.message, new RegExp(`args\\.${key.replace(/\./g, "\\.")}:`));
                }
                return true;
            },
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(recorder.children.length, 0, "no resource was even constructed");
        assert.equal(registered.length, before, "nothing reached the engine");
    });
});
