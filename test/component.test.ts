// The component under Pulumi's mocks: what it registers, with which inputs, names, parents, providers,
// dependencies and secrecy, and what it outputs.
import { deployed, engine, plainStrings, reveal } from "./engine";
// The providers' modules, not the packages' indexes: typing @pulumi/gcp's index alone loads ~2,100 declaration files
// into the program `npm run check` builds (bench/results.md, "npm test").
import * as gcp from "@pulumi/gcp/provider";
import * as k8s from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as YAML from "yaml";
import { MilvusL7ConfigError, MilvusL7LoadBalancer } from "../components";
import { isSecretValue, valueOf } from "../harness/engine";
import {
    assertValidObjects,
    byName,
    chartServiceOf,
    constructionList,
    deploy,
    dependsOnOf,
    failuresOf,
    kubeObject,
    objectChildren,
    T,
    type Deployed,
} from "./deploy";

describe("self-managed certificate, cluster mode (the defaults)", async () => {
    const d = await deploy("milvus");

    test("creates each kind once, named <name>-<role>", () => {
        const names = d.children.map((c) => `${c.type} ${c.name}`).sort();
        assert.deepEqual(
            names,
            [
                `${T.backendConfig} milvus-backend-config`,
                `${T.frontendConfig} milvus-frontend-config`,
                `${T.release} milvus-milvus`,
                `${T.servicePatch} milvus-service`,
                `${T.secret} milvus-backend-tls`,
                `${T.secret} milvus-root-password`,
                `${T.password} milvus-root-password`,
                `${T.address} milvus-ip`,
                `${T.sslPolicy} milvus-ssl-policy`,
                `${T.secret} milvus-frontend-tls`,
                `${T.ingress} milvus-ingress`,
                `${T.key} milvus-backend-tls-key`,
                `${T.key} milvus-frontend-tls-key`,
                `${T.cert} milvus-backend-tls-cert`,
                `${T.cert} milvus-frontend-tls-cert`,
            ].sort(),
        );
        assert.equal(d.all(T.managedCert).length, 0);
        assert.equal(d.all(T.securityPolicy).length, 0, "no Cloud Armor policy without allowedSourceRanges");
        assert.equal(d.all(T.dns).length, 0, "no DNS record without dnsZone");
    });

    test("every child's parent is the component", () => {
        for (const c of d.children) assert.equal(c.options.parent, d.component, c.name);
    });

    test("the Helm release: explicit name, namespace, pinned chart from the Milvus repo, a cluster-sized timeout", () => {
        const release = d.one(T.release).rawInputs;
        assert.equal(release.name, "my-release");
        assert.equal(release.namespace, "default");
        assert.equal(release.chart, "milvus");
        assert.equal(release.version, "5.0.19");
        assert.deepEqual(release.repositoryOpts, { repo: "https://zilliztech.github.io/milvus-helm/" });
        assert.ok((release.timeout as number) > 300);
    });

    test("the Helm release: ClusterIP Service and TLS through user.yaml", () => {
        const values = d.one(T.release).rawInputs.values as Record<string, any>;
        assert.equal(values.service.type, "ClusterIP");
        const user = YAML.parse(values.extraConfigFiles["user.yaml"]);
        assert.equal(user.common.security.tlsMode, 1);
        assert.equal(user.proxy.http.port, 8080, "REST off the gRPC port, or the 2.6 proxy refuses TLS");
        assert.equal(
            values.proxy.volumes[0].secret.secretName,
            kubeObject(byName(d, "milvus-backend-tls")).metadata.name,
        );
    });

    test("the release waits only for what its pods and Service read: certificate, password, BackendConfig", () => {
        assert.equal(kubeObject(byName(d, "milvus-backend-tls")).metadata.name, "my-release-milvus-backend-tls");
        assert.deepEqual(dependsOnOf(d.one(T.release)), [
            "milvus-backend-config",
            "milvus-backend-tls",
            "milvus-root-password",
        ]);
    });

    test("the release carries the load balancer's Service annotations from the start", () => {
        const values = d.one(T.release).rawInputs.values as Record<string, any>;
        assert.deepEqual(values.service.annotations, chartServiceOf(d.settings).metadata.annotations);
        assert.deepEqual(JSON.parse(values.service.annotations["cloud.google.com/backend-config"]), {
            default: kubeObject(d.one(T.backendConfig)).metadata.name,
        });
    });

    test("the backend certificate names the in-cluster Service, never the public domain", () => {
        const cert = byName(d, "milvus-backend-tls-cert").rawInputs;
        assert.equal((cert.subject as { commonName: string }).commonName, "my-release-milvus.default.svc");
        assert.ok(!JSON.stringify(cert).includes("my-release.milvus.io"));
    });

    test("the BackendConfig health-checks 9091 /healthz over HTTP with a long backend timeout", () => {
        const spec = kubeObject(d.one(T.backendConfig)).spec as Record<string, any>;
        assert.deepEqual(
            [spec.healthCheck.type, spec.healthCheck.port, spec.healthCheck.requestPath],
            ["HTTP", 9091, "/healthz"],
        );
        assert.ok(spec.timeoutSec > 30);
    });

    test("the front-end certificate names the domain as CN and DNS SAN", () => {
        const cert = byName(d, "milvus-frontend-tls-cert").rawInputs;
        assert.equal((cert.subject as { commonName: string }).commonName, "my-release.milvus.io");
        assert.deepEqual(cert.dnsNames, ["my-release.milvus.io"]);
        assert.ok((cert.allowedUses as string[]).includes("server_auth"));
    });

    test("TLS Secrets are kubernetes.io/tls and their data is secret", () => {
        for (const name of ["milvus-backend-tls", "milvus-frontend-tls"]) {
            const secret = byName(d, name);
            assert.equal(secret.rawInputs.type, "kubernetes.io/tls");
            assert.ok(isSecretValue(secret.rawInputs.stringData), `${name} stringData must be a Pulumi secret`);
            assert.deepEqual(Object.keys(kubeObject(secret).stringData as object).sort(), ["tls.crt", "tls.key"]);
        }
    });

    test("no private key appears outside a secret in any input", () => {
        const keys = ["milvus-backend-tls-key", "milvus-frontend-tls-key"].map((n) =>
            deployed.pem("RSA PRIVATE KEY", n),
        );
        for (const c of d.children) {
            for (const s of plainStrings(c.rawInputs))
                assert.ok(!keys.includes(s), `${c.name} carries a private key in clear`);
        }
    });

    test("the Ingress waits for its BackendConfig, FrontendConfig and certificate, never for Milvus, with a long await", () => {
        const ing = d.one(T.ingress);
        assert.deepEqual(dependsOnOf(ing), ["milvus-backend-config", "milvus-frontend-config", "milvus-frontend-tls"]);
        for (const timeout of [ing.options.customTimeouts?.create ?? "", ing.options.customTimeouts?.update ?? ""]) {
            assert.match(timeout, /^\d+m$/);
            assert.ok(parseInt(timeout, 10) > 10, "the default 10 minute Ingress await is often too short on GCE");
        }
    });

    test("every Kubernetes object is valid against its schema and the GKE rules", () => assertValidObjects(d));

    test("outputs: the Ingress IP, <domain>:443 and the front-end certificate", async () => {
        assert.equal(await valueOf(d.component.loadBalancerIp), deployed.ingressIp);
        assert.equal(await valueOf(d.component.endpoint), "my-release.milvus.io:443");
        assert.equal(
            await valueOf(d.component.certificatePem),
            deployed.pem("CERTIFICATE", "milvus-frontend-tls-cert"),
        );
        assert.equal(await valueOf(d.component.serviceName), "my-release-milvus");
        const owned = (await valueOf(d.component.milvusHelmValues)) as Record<string, unknown>;
        const released = d.one(T.release).rawInputs.values as Record<string, unknown>;
        for (const [key, value] of Object.entries(owned)) assert.deepEqual(released[key], value, key);
    });
});

describe("google-managed certificate", async () => {
    const d = await deploy("managed", { certMode: "google-managed", releaseName: "managed" });

    test("a ManagedCertificate for the domain replaces the self-signed front end", () => {
        const cert = kubeObject(d.one(T.managedCert));
        assert.deepEqual(cert.spec, { domains: ["my-release.milvus.io"] });
        assert.equal(d.children.filter((c) => c.name.startsWith("managed-frontend-tls")).length, 0);
        assert.equal(d.all(T.secret).length, 2, "only the backend certificate and root password Secrets");
    });

    test("the Ingress names it and waits for it", () => {
        const ing = kubeObject(d.one(T.ingress));
        assert.equal(
            ing.metadata.annotations?.["networking.gke.io/managed-certificates"],
            kubeObject(d.one(T.managedCert)).metadata.name,
        );
        assert.equal((ing.spec as { tls?: unknown }).tls, undefined);
        assert.deepEqual(dependsOnOf(d.one(T.ingress)), [
            "managed-backend-config",
            "managed-frontend-config",
            "managed-managed-cert",
        ]);
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
        deploy("front-e", {
            releaseName: "same",
            minTlsVersion: "TLS_1_3",
            allowedSourceRanges: ["203.0.113.0/24"],
            staticIpName: "reserved",
            dnsZone: "zone",
            backendTimeoutSec: 3000,
            drainingTimeoutSec: 10,
            logSampleRate: 0.5,
        }),
    ]);
    for (const [i, v] of variants.entries()) {
        test(`variant ${i + 1}: identical release inputs and backend certificate`, () => {
            assert.deepEqual(v.one(T.release).rawInputs, base.one(T.release).rawInputs);
            // The key is each component's own (the mock names it); everything the certificate says is the same.
            const certificate = (d: Deployed, name: string) => ({
                ...byName(d, `${name}-backend-tls-cert`).rawInputs,
                privateKeyPem: undefined,
            });
            assert.deepEqual(certificate(v, `front-${"bcde"[i]}`), certificate(base, "front-a"));
        });
    }
});

describe("standalone mode", async () => {
    const d = await deploy("solo", { milvusMode: "standalone", releaseName: "milvus-solo", namespace: "vectors" });

    test("mounts the backend certificate into the standalone pod and keeps the chart's naming", () => {
        const values = d.one(T.release).rawInputs.values as Record<string, any>;
        assert.deepEqual(values.cluster, { enabled: false });
        assert.equal(values.volumes[0].secret.secretName, "milvus-solo-backend-tls");
        assert.equal(d.settings.serviceName, "milvus-solo", "a release name containing milvus is the Service name");
        const backend = (kubeObject(d.one(T.ingress)).spec as any).rules[0].http.paths[0].backend;
        assert.equal(backend.service.name, "milvus-solo");
    });

    test("everything lands in the chosen namespace", () => {
        assert.equal(d.one(T.release).rawInputs.namespace, "vectors");
        for (const c of objectChildren(d)) {
            assert.equal(kubeObject(c).metadata.namespace, "vectors", c.name);
        }
    });
});

describe("manageRelease: false fronts an existing release", async () => {
    const d = await deploy("existing", { manageRelease: false, releaseName: "existing" });

    test("creates everything but the release", () => {
        assert.equal(d.all(T.release).length, 0);
        for (const type of [T.servicePatch, T.backendConfig, T.frontendConfig, T.ingress]) d.one(type);
        assert.equal(
            d.all(T.secret).length,
            3,
            "the backend certificate and root password the release reads, and the front end",
        );
    });

    test("the existing Service is annotated before the Ingress exists (annotations added later may not reach GCP)", () => {
        assert.deepEqual(dependsOnOf(d.one(T.servicePatch)), ["existing-backend-config"]);
        assert.ok(dependsOnOf(d.one(T.ingress)).includes("existing-service"));
    });

    test("milvusHelmValues says what the existing release must carry", async () => {
        const values = (await valueOf(d.component.milvusHelmValues)) as Record<string, any>;
        assert.equal(values.service.type, "ClusterIP");
        assert.deepEqual(values.service.annotations, chartServiceOf(d.settings).metadata.annotations);
        assert.equal(values.proxy.volumes[0].secret.secretName, "existing-milvus-backend-tls");
        assert.equal(values.mixCoordinator.extraEnv[0].valueFrom.secretKeyRef.name, "existing-milvus-root-password");
        assert.equal(YAML.parse(values.extraConfigFiles["user.yaml"]).common.security.tlsMode, 1);
    });

    test("milvusHelmValues carries none of the user's helmValues (given to a managed release), not even their extraEnv", async () => {
        const mine = await deploy("existing-env", {
            releaseName: "existing-env",
            helmValues: { mixCoordinator: { extraEnv: [{ name: "TEAM_LABEL", value: "not-for-outputs" }] } },
        });
        const values = (await valueOf(mine.component.milvusHelmValues)) as Record<string, any>;
        const env = values.mixCoordinator.extraEnv as { name: string }[];
        assert.deepEqual(
            env.map((e) => e.name),
            ["COMMON_SECURITY_DEFAULTROOTPASSWORD"],
        );
        assert.ok(!JSON.stringify(values).includes("not-for-outputs"));
    });

    test("milvusHelmValues carries no defaults that would reshape a running release", async () => {
        const solo = await deploy("existing-solo", {
            manageRelease: false,
            releaseName: "existing-solo",
            milvusMode: "standalone",
        });
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
    const gcpProvider = new gcp.Provider("project-b", { project: "project-b" });
    const randomProvider = new random.Provider("random-b", {});
    const d = await deploy(
        "routed",
        { releaseName: "routed", allowedSourceRanges: ["10.0.0.0/8"], dnsZone: "zone-b" },
        { providers: [kubernetes, tlsProvider, gcpProvider, randomProvider] },
    );
    test("every Kubernetes child uses the caller's kubernetes provider", () => {
        const kube = d.children.filter((c) => c.type.startsWith("kubernetes:"));
        assert.equal(kube.length, 8);
        for (const c of kube) assert.equal(c.provider, "pulumi:providers:kubernetes::cluster-b", c.name);
    });

    test("every TLS child uses the caller's tls provider", () => {
        const made = d.children.filter((c) => c.type.startsWith("tls:"));
        assert.equal(made.length, 4);
        for (const c of made) assert.equal(c.provider, "pulumi:providers:tls::tls-b", c.name);
    });

    test("every GCP child uses the caller's gcp provider", () => {
        const made = d.children.filter((c) => c.type.startsWith("gcp:"));
        assert.deepEqual(made.map((c) => c.type).sort(), [T.address, T.securityPolicy, T.sslPolicy, T.dns].sort());
        for (const c of made) assert.equal(c.provider, "pulumi:providers:gcp::project-b", c.name);
    });

    test("the password comes from the caller's random provider", () =>
        assert.equal(d.one(T.password).provider, "pulumi:providers:random::random-b"));
});

describe("dependsOn on the component", async () => {
    const gate = new random.RandomPassword("gate", { length: 8 });
    const d = await deploy("gated", { releaseName: "gated" }, { dependsOn: [gate] });
    test("every child waits for it (Pulumi does not pass it on by itself)", () => {
        for (const c of d.children) assert.ok(dependsOnOf(c).includes("gate"), c.name);
    });
    test("children keep their own dependencies too", () => {
        assert.deepEqual(dependsOnOf(d.one(T.release)), [
            "gate",
            "gated-backend-config",
            "gated-backend-tls",
            "gated-root-password",
        ]);
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
            .map((c) => kubeObject(c))
            .map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
        assert.equal(new Set(objects).size, objects.length);
    });

    test("each fronts its own release", () => {
        const backendOf = (d: Deployed) =>
            (kubeObject(d.one(T.ingress)).spec as any).rules[0].http.paths[0].backend.service.name;
        assert.deepEqual([backendOf(a), backendOf(b)], ["east-milvus", "west-milvus"]);
    });

    test("leave GCP names to Pulumi's auto-naming, so stacks and clusters in one project never collide", () => {
        for (const c of [...a.children, ...b.children].filter((c) => c.type.startsWith("gcp:"))) {
            assert.equal(c.rawInputs.name, undefined, c.name);
        }
    });
});

describe("the production edge, by default", async () => {
    const d = await deploy("edge", { releaseName: "edge" });
    const ingressAnnotations = () => kubeObject(d.one(T.ingress)).metadata.annotations ?? {};

    test("a reserved external IPv4 address, named on the Ingress", () => {
        const address = d.one(T.address);
        assert.deepEqual([address.rawInputs.addressType, address.rawInputs.ipVersion], ["EXTERNAL", "IPV4"]);
        assert.equal(ingressAnnotations()["kubernetes.io/ingress.global-static-ip-name"], deployed.autoName("edge-ip"));
    });

    test("TLS 1.2 and up: an SSL policy (MODERN) applied by the FrontendConfig the Ingress names", () => {
        const policy = d.one(T.sslPolicy).rawInputs;
        assert.deepEqual([policy.minTlsVersion, policy.profile], ["TLS_1_2", "MODERN"]);
        const fc = kubeObject(d.one(T.frontendConfig));
        assert.deepEqual(fc.spec, { sslPolicy: deployed.autoName("edge-ssl-policy") });
        assert.equal(ingressAnnotations()["networking.gke.io/v1beta1.FrontendConfig"], fc.metadata.name);
        assert.equal(ingressAnnotations()["kubernetes.io/ingress.allow-http"], "false", "port 80 stays closed");
    });

    test("BackendConfig: long timeout, draining and logging on, no Cloud Armor (an empty name detaches any)", () => {
        const spec = kubeObject(d.one(T.backendConfig)).spec as Record<string, any>;
        assert.ok(spec.timeoutSec >= 600);
        assert.ok(spec.connectionDraining.drainingTimeoutSec > 0);
        assert.equal(spec.logging.enable, true);
        assert.deepEqual(spec.securityPolicy, { name: "" });
    });

    test("the Service patch repeats the chart's annotations after the release, and the Ingress does not wait for it", () => {
        const patch = kubeObject(d.one(T.servicePatch));
        const { "pulumi.com/skipAwait": skipAwait, ...annotations } = patch.metadata.annotations ?? {};
        assert.equal(skipAwait, "true", "the release's await already waited for Milvus");
        assert.deepEqual(annotations, chartServiceOf(d.settings).metadata.annotations);
        assert.deepEqual(dependsOnOf(d.one(T.servicePatch)), ["edge-backend-config", "edge-milvus"]);
        assert.ok(!dependsOnOf(d.one(T.ingress)).includes("edge-service"));
    });

    test("GCP descriptions never name the domain (a changed description replaces an address)", () => {
        for (const c of d.children.filter((c) => c.type.startsWith("gcp:"))) {
            assert.ok(!JSON.stringify(c.rawInputs).includes("my-release.milvus.io"), c.name);
        }
    });

    test("authentication on, with the generated password only ever in secrets", () => {
        const values = d.one(T.release).rawInputs.values as Record<string, any>;
        assert.equal(YAML.parse(values.extraConfigFiles["user.yaml"]).common.security.authorizationEnabled, true);
        const secret = d.children.find((c) => c.type === T.secret && c.name === "edge-root-password")!;
        assert.ok(isSecretValue(secret.rawInputs.stringData), "the Secret's data is a Pulumi secret");
        assert.deepEqual(kubeObject(secret).stringData, { password: deployed.password });
        assert.equal(values.mixCoordinator.extraEnv[0].valueFrom.secretKeyRef.name, kubeObject(secret).metadata.name);
        assert.equal(d.one(T.password).rawInputs.special, false, "no characters that need quoting in a token or shell");
        assert.ok((d.one(T.password).rawInputs.length as number) >= 24);
    });

    test("the password never occurs in the release's inputs or in any other input in clear", () => {
        assert.ok(
            !JSON.stringify(reveal(d.one(T.release).rawInputs)).includes(deployed.password),
            "not in the release, even in a secret",
        );
        for (const c of d.children)
            assert.ok(!plainStrings(c.rawInputs).includes(deployed.password), `${c.name} carries it in clear`);
    });

    test("rootPassword is a secret output", async () => {
        assert.equal(await pulumi.isSecret(d.component.rootPassword), true);
        assert.equal(await valueOf(d.component.rootPassword), deployed.password);
    });

    test("protected: the release, the password and the address; the address also refuses deletion in GCP", () => {
        const protectedChildren = d.children.filter((c) => c.options.protect).map((c) => `${c.type} ${c.name}`);
        assert.deepEqual(
            protectedChildren.sort(),
            [
                `${T.address} edge-ip`,
                `${T.release} edge-milvus`,
                `${T.secret} edge-root-password`,
                `${T.password} edge-root-password`,
            ].sort(),
        );
        assert.equal(d.one(T.address).rawInputs.deletionPolicy, "PREVENT");
    });

    test("every Kubernetes object is valid against its schema and the GKE rules", () => assertValidObjects(d));
});

describe("production edge options", async () => {
    const ranges = Array.from({ length: 23 }, (_, i) => `10.${i}.0.0/16`).concat(["2001:db8::/32"]);
    const armored = await deploy("armored", {
        releaseName: "armored",
        allowedSourceRanges: ranges,
        minTlsVersion: "TLS_1_3",
    });

    test("Cloud Armor allows exactly the ranges, at most 10 a rule, and denies the rest at the default rule", () => {
        const rules = armored.one(T.securityPolicy).rawInputs.rules as any[];
        const allow = rules.filter((r) => r.action === "allow");
        assert.deepEqual(
            allow.map((r) => r.match.config.srcIpRanges.length),
            [10, 10, 4],
        );
        assert.deepEqual(
            allow.flatMap((r) => r.match.config.srcIpRanges),
            ranges,
        );
        for (const r of allow) assert.equal(r.match.versionedExpr, "SRC_IPS_V1");
        assert.equal(new Set(rules.map((r) => r.priority)).size, rules.length, "priorities are unique");
        const last = rules.at(-1);
        assert.deepEqual([last.priority, last.action, last.match.config.srcIpRanges], [2147483647, "deny(403)", ["*"]]);
    });

    test("the BackendConfig attaches the policy by its name", () => {
        const spec = kubeObject(armored.one(T.backendConfig)).spec as Record<string, any>;
        assert.deepEqual(spec.securityPolicy, { name: deployed.autoName("armored-security-policy") });
    });

    test("TLS 1.3 uses the RESTRICTED profile", () => {
        const policy = armored.one(T.sslPolicy).rawInputs;
        assert.deepEqual([policy.minTlsVersion, policy.profile], ["TLS_1_3", "RESTRICTED"]);
    });

    test("Cloud Armor wiring is valid against the schema and the GKE rules", () => assertValidObjects(armored));

    test("dnsZone with a created address: an A record to it, not waiting for the load balancer", async () => {
        const d = await deploy("dns", { releaseName: "dns", dnsZone: "prod-zone", certMode: "google-managed" });
        const record = d.one(T.dns).rawInputs;
        assert.deepEqual(
            [record.managedZone, record.name, record.type, record.ttl],
            ["prod-zone", "my-release.milvus.io.", "A", 300],
        );
        assert.deepEqual(record.rrdatas, [deployed.reservedIp]);
        assert.deepEqual(dependsOnOf(d.one(T.dns)), []);
    });

    test("staticIpName: no address created, the Ingress names the existing one, DNS gets its IP by lookup", async () => {
        const d = await deploy("reuse", { releaseName: "reuse", staticIpName: "prod-ip", dnsZone: "prod-zone" });
        assert.equal(d.all(T.address).length, 0);
        assert.equal(
            kubeObject(d.one(T.ingress)).metadata.annotations?.["kubernetes.io/ingress.global-static-ip-name"],
            "prod-ip",
        );
        assert.deepEqual(d.one(T.dns).rawInputs.rrdatas, [deployed.existingIp]);
        assert.ok(
            engine.invokes.some(
                (c) => c.token === "gcp:compute/getGlobalAddress:getGlobalAddress" && c.inputs.name === "prod-ip",
            ),
        );
    });

    test("staticIpName is looked up even without DNS, so a mistyped name fails before the Ingress waits", async () => {
        const d = await deploy("lookup", { releaseName: "lookup", staticIpName: "lonely-ip" });
        assert.equal(
            kubeObject(d.one(T.ingress)).metadata.annotations?.["kubernetes.io/ingress.global-static-ip-name"],
            "lonely-ip",
        );
        assert.equal(
            engine.invokes.filter(
                (c) => c.token === "gcp:compute/getGlobalAddress:getGlobalAddress" && c.inputs.name === "lonely-ip",
            ).length,
            1,
        );
    });

    test("the address does not change with the domain, the certificate or the TLS policy (a change would replace it)", async () => {
        const a = await deploy("addr-a", { releaseName: "addr" });
        const b = await deploy("addr-b", {
            releaseName: "addr",
            domain: "other.example.org",
            certMode: "google-managed",
            minTlsVersion: "TLS_1_3",
        });
        assert.deepEqual(b.one(T.address).rawInputs, a.one(T.address).rawInputs);
        assert.deepEqual(b.one(T.sslPolicy).rawInputs.description, a.one(T.sslPolicy).rawInputs.description);
    });

    test("createStaticIp: false: an ephemeral IP, and a DNS record from the Ingress status", async () => {
        const d = await deploy("ephemeral", { releaseName: "ephemeral", createStaticIp: false, dnsZone: "dev-zone" });
        assert.equal(d.all(T.address).length, 0);
        assert.equal(
            kubeObject(d.one(T.ingress)).metadata.annotations?.["kubernetes.io/ingress.global-static-ip-name"],
            undefined,
        );
        assert.deepEqual(d.one(T.dns).rawInputs.rrdatas, [deployed.ingressIp]);
    });

    test("backendTimeoutSec, drainingTimeoutSec and logSampleRate reach the BackendConfig", async () => {
        const d = await deploy("tuned", {
            releaseName: "tuned",
            backendTimeoutSec: 1800,
            drainingTimeoutSec: 120,
            logSampleRate: 0,
        });
        const spec = kubeObject(d.one(T.backendConfig)).spec as Record<string, any>;
        assert.deepEqual(
            [spec.timeoutSec, spec.connectionDraining.drainingTimeoutSec, spec.logging],
            [1800, 120, { enable: false, sampleRate: 0 }],
        );
    });

    test("auth: false: no password, no Secret, no variable, rootPassword undefined", async () => {
        const d = await deploy("open", { releaseName: "open", auth: false });
        assert.equal(d.all(T.password).length, 0);
        assert.equal(d.all(T.secret).length, 2, "the two TLS Secrets only");
        assert.ok(!JSON.stringify(d.one(T.release).rawInputs.values).includes("COMMON_SECURITY_DEFAULTROOTPASSWORD"));
        assert.equal(await valueOf(d.component.rootPassword), undefined);
    });

    test("protect: false: nothing protected, the address may be deleted", async () => {
        const d = await deploy("loose", { releaseName: "loose", protect: false });
        for (const c of d.children) assert.ok(!c.options.protect, c.name);
        assert.equal(d.one(T.address).rawInputs.deletionPolicy, "DELETE");
    });
});

describe("bad input", () => {
    test("the component name must make valid GCP names", () => {
        for (const bad of ["Search_Prod", "9lives", "x".repeat(40)]) {
            assert.throws(() => new MilvusL7LoadBalancer(bad, { domain: "a.example.com" }), /- name: /, bad);
        }
    });

    test("throws every problem at once, naming each argument, and registers nothing", async () => {
        await engine.settled();
        const before = engine.resources.length;
        const constructed = constructionList();
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
                    { transformations: [constructed.transformation] },
                ),
            (error: unknown) => {
                assert.ok(error instanceof MilvusL7ConfigError);
                const keys = new Set(error.problems.map((p) => p.key));
                for (const key of [
                    "domain",
                    "milvusMode",
                    "namespace",
                    "releaseName",
                    "helmValues.service.type",
                    "helmValues.customConfigMap",
                ]) {
                    assert.ok(keys.has(key), `missing ${key}`);
                    assert.match(error.message, new RegExp(`- ${key.replace(/\./g, "\\.")}:`));
                    // Another language's caller sees each problem against the input property it names.
                    assert.ok(
                        error.errors.some((e) => e.propertyPath === key),
                        `no property error for ${key}`,
                    );
                }
                return true;
            },
        );
        await engine.settled();
        assert.deepEqual(constructed.refs, [], "no resource was even constructed");
        assert.equal(engine.resources.length, before, "nothing reached the engine");
    });
});

describe("secrets inside helmValues and milvusConfig stay secret", async () => {
    const s3Key = "s3-secret-key-0123";
    const bucketName = "bucket-name-4567";
    const d = await deploy("secretive", {
        releaseName: "secretive",
        helmValues: { etcd: { auth: { rbac: { rootPassword: pulumi.secret(s3Key) } } }, proxy: { replicas: 2 } },
        milvusConfig: { minio: { bucketName: pulumi.secret(bucketName) } },
    });
    const values = () => reveal(d.one(T.release).rawInputs.values) as Record<string, any>;

    test("the release's values are a secret (Pulumi keeps a property with a secret inside secret as a whole, state included)", () => {
        assert.ok(isSecretValue(d.one(T.release).rawInputs.values));
        assert.equal(values().etcd.auth.rbac.rootPassword, s3Key);
        assert.equal(values().proxy.replicas, 2);
    });

    test("a secret Milvus setting lands in user.yaml beside the owned TLS settings", () => {
        const userYaml = YAML.parse(values().extraConfigFiles["user.yaml"] as string);
        assert.equal(userYaml.minio.bucketName, bucketName);
        assert.equal(userYaml.common.security.tlsMode, 1);
    });

    test("no input of any child carries either secret in clear", () => {
        for (const c of d.children) {
            for (const text of plainStrings(c.rawInputs))
                assert.ok(!text.includes(s3Key) && !text.includes(bucketName), c.name);
        }
    });

    test("the milvusHelmValues output is a secret when user.yaml is, and plain otherwise", async () => {
        assert.equal(await pulumi.isSecret(d.component.milvusHelmValues), true);
        const plain = await deploy("no-secrets", {
            releaseName: "no-secrets",
            milvusConfig: { proxy: { maxTaskNum: 2048 } },
        });
        assert.equal(await pulumi.isSecret(plain.component.milvusHelmValues), false);
        assert.ok(
            !isSecretValue(plain.one(T.release).rawInputs.values),
            "values without secrets stay readable in the plan",
        );
    });
});

describe("an Ingress that names a reserved address is replaced delete-first", () => {
    // The address serves one forwarding rule at a time: the new Ingress would wait for it while the old one holds it.
    test("with a created address", async () => {
        const d = await deploy("dbr-created", { releaseName: "dbr-created" });
        assert.equal(d.one(T.ingress).options.deleteBeforeReplace, true);
    });
    test("with an existing address", async () => {
        const d = await deploy("dbr-existing", { releaseName: "dbr-existing", staticIpName: "reserved-ip" });
        assert.equal(d.one(T.ingress).options.deleteBeforeReplace, true);
    });
    test("not with an ephemeral IP, where a new Ingress gets its own", async () => {
        const d = await deploy("dbr-ephemeral", { releaseName: "dbr-ephemeral", createStaticIp: false });
        assert.equal(d.one(T.ingress).options.deleteBeforeReplace, false);
    });
});

describe("loadBalancerScope internal, ingress mode (gce-internal)", async () => {
    const internal = {
        releaseName: "inner",
        loadBalancerScope: "internal",
        region: "europe-west4",
        network: "vpc-a",
        subnetwork: "nodes-a",
        proxyOnlySubnetCidr: "10.129.0.0/23",
        dnsZone: "private-zone",
    } as const;
    const d = await deploy("inner", internal);
    const subnetLookups = (name: string) =>
        engine.invokes.filter((c) => c.token === "gcp:compute/getSubnetwork:getSubnetwork" && c.inputs.name === name);

    test("a regional INTERNAL address in the cluster's subnet (looked up), protected like the global one", () => {
        const address = d.one(T.internalAddress);
        assert.deepEqual(
            [address.rawInputs.addressType, address.rawInputs.region, address.rawInputs.deletionPolicy],
            ["INTERNAL", "europe-west4", "PREVENT"],
        );
        assert.match(String(address.rawInputs.subnetwork), /\/regions\/europe-west4\/subnetworks\/nodes-a$/);
        assert.equal(address.options.protect, true);
        assert.deepEqual(
            subnetLookups("nodes-a").map((c) => c.inputs.region),
            ["europe-west4"],
        );
    });

    test("no global address, no SSL policy (global or regional), no FrontendConfig, no Cloud Armor", () => {
        for (const type of [T.address, T.sslPolicy, T.regionSslPolicy, T.frontendConfig, T.securityPolicy])
            assert.equal(d.all(type).length, 0, type);
    });

    test("the proxy-only subnet made from the range in the VPC (looked up) and region, and the Ingress waits for it", () => {
        const subnet = d.one(T.subnetwork);
        assert.deepEqual(
            [subnet.rawInputs.purpose, subnet.rawInputs.role, subnet.rawInputs.ipCidrRange, subnet.rawInputs.region],
            ["REGIONAL_MANAGED_PROXY", "ACTIVE", "10.129.0.0/23", "europe-west4"],
        );
        assert.match(String(subnet.rawInputs.network), /\/global\/networks\/vpc-a$/);
        assert.ok(dependsOnOf(d.one(T.ingress)).includes("inner-proxy-only-subnet"));
    });

    test("the Ingress is gce-internal on the regional address; its BackendConfig has no securityPolicy", () => {
        const annotations = kubeObject(d.one(T.ingress)).metadata.annotations ?? {};
        assert.equal(annotations["kubernetes.io/ingress.class"], "gce-internal");
        assert.equal(annotations["kubernetes.io/ingress.regional-static-ip-name"], "inner-ip-0a1b2c3");
        assert.equal("securityPolicy" in (kubeObject(d.one(T.backendConfig)).spec as object), false);
        assertValidObjects(d);
    });

    test("the DNS record (a private zone works alike) points at the internal address", () => {
        assert.deepEqual(d.one(T.dns).rawInputs.rrdatas, [deployed.reservedIp]);
        assert.equal(d.one(T.dns).rawInputs.managedZone, "private-zone");
    });

    test("a looked-up subnet of another VPC than network fails the preview, naming the key; no address is reserved", async () => {
        // The engine's subnets are all in vpc-a (test/engine.ts): network vpc-b is not the cluster's VPC.
        const cases = [
            ["subnetwork", { ...internal, releaseName: "inner-vpc-b", network: "vpc-b" }],
            [
                "proxyOnlySubnet",
                {
                    ...internal,
                    releaseName: "inner-vpc-b2",
                    network: "vpc-b",
                    proxyOnlySubnetCidr: undefined,
                    proxyOnlySubnet: "proxy-only-b",
                },
            ],
        ] as const;
        for (const [key, args] of cases) {
            const name = args.releaseName;
            const failures = await failuresOf(
                () => new MilvusL7LoadBalancer(name, { domain: "milvus.internal.example.com", ...args }),
            );
            const problems = failures.flatMap((f) => (f instanceof MilvusL7ConfigError ? f.problems : []));
            assert.ok(
                problems.some((p) => p.key === key && /VPC network "vpc-a", not network "vpc-b"/.test(p.message)),
                `failed naming ${key}; got ${failures.map(String).join("\n")}`,
            );
        }
        const addresses = engine.resources.filter((r) => r.name === "inner-vpc-b-ip" && r.type === T.internalAddress);
        assert.deepEqual(addresses, [], "the address in the other VPC's subnet is not reserved");
    });

    test("an existing address named that is not INTERNAL fails the preview, naming staticIpName", async () => {
        // A regional EXTERNAL address (a regional external load balancer's) cannot front the internal one.
        const args = {
            ...internal,
            releaseName: "inner-external-ip",
            subnetwork: undefined,
            staticIpName: "public-ip",
        };
        const saved = deployed.existingAddressType;
        deployed.existingAddressType = "EXTERNAL";
        try {
            const failures = await failuresOf(
                () => new MilvusL7LoadBalancer("inner-external-ip", { domain: "milvus.internal.example.com", ...args }),
            );
            const problems = failures.flatMap((f) => (f instanceof MilvusL7ConfigError ? f.problems : []));
            assert.ok(
                problems.some((p) => p.key === "staticIpName" && /"public-ip" is an EXTERNAL address/.test(p.message)),
                `failed naming staticIpName; got ${failures.map(String).join("\n")}`,
            );
        } finally {
            deployed.existingAddressType = saved;
        }
    });

    test("an existing proxy-only subnet and an existing internal address are looked up in the region, nothing made", async () => {
        const e = await deploy("inner-existing", {
            ...internal,
            releaseName: "inner-existing",
            subnetwork: undefined,
            proxyOnlySubnetCidr: undefined,
            proxyOnlySubnet: "proxy-only-a",
            staticIpName: "inner-ip",
        });
        assert.equal(e.all(T.subnetwork).length + e.all(T.internalAddress).length, 0);
        assert.deepEqual(
            subnetLookups("proxy-only-a").map((c) => c.inputs.region),
            ["europe-west4"],
        );
        assert.ok(
            engine.invokes.some(
                (c) =>
                    c.token === "gcp:compute/getAddress:getAddress" &&
                    c.inputs.name === "inner-ip" &&
                    c.inputs.region === "europe-west4",
            ),
        );
        assert.equal(
            kubeObject(e.one(T.ingress)).metadata.annotations?.["kubernetes.io/ingress.regional-static-ip-name"],
            "inner-ip",
        );
    });
});
