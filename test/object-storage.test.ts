// objectStorage: "minio" (the chart's MinIO, today's behaviour) or "gcs" (a Cloud Storage bucket through Workload
// Identity): the arguments' rules, what gcs mode owns so nothing bypasses it, the resources it creates, and the
// checks/ rule that holds the values and the IAM together.
import { deployed, engine } from "./engine";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { objectStorageRuleProblems, type GcpResource } from "../checks";
import type { MilvusL7LoadBalancerArgs } from "../components";
import { ownedMilvusValues } from "../components/chartValues";
import { resolveSettings } from "../components/settings";
import { messagesFor, problemKeys, withDomain as a } from "./argumentProblems";
import { workloadIdentityChecked } from "../cluster";
import { readStackConfig } from "../stackConfig";
import { deploy, dependsOnOf } from "./deploy";
import { reveal } from "./engine";
import { setStackConfig } from "./stack";

const gcs = { objectStorage: "gcs", bucketName: "vectors-bucket" } as const;
const problems = (args: Partial<MilvusL7LoadBalancerArgs>) => resolveSettings(a(args)).problems;
const keys = (args: Partial<MilvusL7LoadBalancerArgs>) => problemKeys(a(args));
const message = (args: Partial<MilvusL7LoadBalancerArgs>, key: string) => messagesFor(a(args), key);

describe("objectStorage arguments", () => {
    test("minio is the default, and its chart values are today's: no MinIO switch, externalS3 or serviceAccount", () => {
        const { settings, problems } = resolveSettings(a({}));
        assert.deepEqual(problems, []);
        assert.equal(settings.objectStorage, "minio");
        const owned = ownedMilvusValues(settings);
        for (const key of ["minio", "externalS3", "serviceAccount"]) assert.ok(!Object.hasOwn(owned, key), key);
    });

    test("gcs with a bucket name is complete", () => assert.deepEqual(problems(gcs), []));

    test("gcs needs bucketName", () =>
        assert.match(message({ objectStorage: "gcs" }, "bucketName"), /required with objectStorage "gcs"/));

    test("a bucket argument without gcs is refused as having no effect", () => {
        const args = {
            bucketName: "vectors-bucket",
            bucketLocation: "us-central1",
            createBucket: false,
            bucketForceDestroy: true,
        };
        for (const key of Object.keys(args))
            assert.match(message(args, key), /has no effect unless objectStorage is "gcs"/, key);
    });

    test("bucketLocation and bucketForceDestroy do nothing to an existing bucket", () => {
        const args = { ...gcs, createBucket: false, bucketLocation: "us-central1", bucketForceDestroy: true };
        assert.deepEqual(keys(args).sort(), ["bucketForceDestroy", "bucketLocation"]);
    });

    const badNames: [string, string, RegExp][] = [
        ["upper case", "Vectors", /only lowercase letters/],
        ["too short", "ab", /3 to 63/],
        ["too long", "a".repeat(64), /3 to 63/],
        ["a part over 63 in a dotted name", `${"a".repeat(64)}.example.com`, /each dot-separated part/],
        ["starting with '-'", "-vectors", /start and end with a lowercase letter or digit/],
        ["ending with '_'", "vectors_", /start and end/],
        ["a space", "my vectors", /only lowercase letters/],
        ["the goog prefix", "googvectors", /starts with "goog"/],
        ["google inside", "my-google-vectors", /contains "google"/],
        ["a close misspelling of google", "my-g00gle-vectors", /contains "google"/],
        ["an IP address", "192.168.5.4", /IP address/],
    ];
    for (const [what, name, why] of badNames) {
        test(`bucketName refused: ${what} (GCS bucket naming rules)`, () =>
            assert.match(message({ ...gcs, bucketName: name }, "bucketName"), why));
    }
    test("bucketName accepted: digits, '-', '_' and a dotted name", () => {
        for (const name of ["vectors-01", "my_vectors", "vectors.example.com", "123"])
            assert.deepEqual(problems({ ...gcs, bucketName: name }), [], name);
    });

    test("bucketLocation: a region, dual-region or multi-region in either case", () => {
        for (const location of ["us-central1", "EUROPE-WEST4", "nam4", "US", "eu", "northamerica-northeast1"]) {
            assert.deepEqual(problems({ ...gcs, bucketLocation: location }), [], location);
        }
    });
    test("bucketLocation refused: a zone, naming its region", () =>
        assert.match(
            message({ ...gcs, bucketLocation: "us-central1-a" }, "bucketLocation"),
            /is a zone.*"us-central1"/,
        ));
    test("bucketLocation refused: not a location", () =>
        assert.match(message({ ...gcs, bucketLocation: "moon" }, "bucketLocation"), /not a Cloud Storage location/));
});

describe("gcs mode owns the chart's storage values", () => {
    const owned: [string, Record<string, unknown>, string][] = [
        ["MinIO back on", { minio: { enabled: true } }, "helmValues.minio.enabled"],
        ["another endpoint", { externalS3: { host: "s3.amazonaws.com" } }, "helmValues.externalS3.host"],
        ["access keys instead of Workload Identity", { externalS3: { useIAM: false } }, "helmValues.externalS3.useIAM"],
        ["another provider", { externalS3: { cloudProvider: "aws" } }, "helmValues.externalS3.cloudProvider"],
        ["another bucket", { externalS3: { bucketName: "other" } }, "helmValues.externalS3.bucketName"],
        [
            "an IAM endpoint",
            { externalS3: { iamEndpoint: "http://169.254.169.254" } },
            "helmValues.externalS3.iamEndpoint",
        ],
        ["external storage off", { externalS3: { enabled: false } }, "helmValues.externalS3.enabled"],
        ["another service account", { serviceAccount: { name: "default" } }, "helmValues.serviceAccount.name"],
        ["no service account", { serviceAccount: { create: false } }, "helmValues.serviceAccount.create"],
        [
            "another Google service account",
            { serviceAccount: { annotations: { "iam.gke.io/gcp-service-account": "x@p.iam.gserviceaccount.com" } } },
            'helmValues.serviceAccount.annotations["iam.gke.io/gcp-service-account"]',
        ],
        ["the annotations deleted", { serviceAccount: { annotations: null } }, "helmValues.serviceAccount.annotations"],
    ];
    for (const [what, helmValues, key] of owned) {
        test(`refused: ${what}`, () =>
            assert.match(message({ ...gcs, helmValues }, key), /is set by this component.*objectStorage "gcs"/));
    }

    test("labels and other annotations of the service account are the user's", () =>
        assert.deepEqual(
            problems({
                ...gcs,
                helmValues: {
                    serviceAccount: { labels: { team: "search" }, annotations: { "example.com/owner": "search" } },
                },
            }),
            [],
        ));

    test("in minio mode the same values stay the user's (no new refusal)", () =>
        assert.deepEqual(
            problems({
                helmValues: {
                    externalS3: { host: "s3.example.com" },
                    serviceAccount: { create: true, name: "milvus" },
                },
            }),
            [],
        ));

    test("the Woodpecker service is refused: its pods reach storage with access keys only", () =>
        assert.match(
            message(
                { ...gcs, helmValues: { pulsarv3: { enabled: false }, woodpecker: { enabled: true } } },
                "helmValues.woodpecker.enabled",
            ),
            /access keys only/,
        ));
});

describe("gcs mode owns Milvus's minio.* settings under every spelling (user.yaml and the environment outrank default.yaml)", () => {
    const bypasses: [string, Partial<MilvusL7LoadBalancerArgs>, string][] = [
        [
            "minio.address in milvusConfig",
            { milvusConfig: { minio: { address: "evil.example.com" } } },
            "milvusConfig.minio.address",
        ],
        ["a dotted key in another case", { milvusConfig: { "minio.UseIAM": false } }, "milvusConfig.minio.UseIAM"],
        [
            "a key file",
            { milvusConfig: { minio: { gcpCredentialJSON: "/keys/sa.json" } } },
            "milvusConfig.minio.gcpCredentialJSON",
        ],
        [
            "a CA bundle that replaces Google's",
            { milvusConfig: { minio: { ssl: { tlsCACert: "/etc/ca.pem" } } } },
            "milvusConfig.minio.ssl.tlsCACert",
        ],
        [
            "MINIO_ADDRESS in a component's extraEnv",
            { helmValues: { queryNode: { extraEnv: [{ name: "MINIO_ADDRESS", value: "evil" }] } } },
            "helmValues.queryNode.extraEnv[0]",
        ],
        [
            "MILVUS.MINIO_BUCKETNAME",
            { helmValues: { dataNode: { extraEnv: [{ name: "MILVUS.MINIO_BUCKETNAME", value: "other" }] } } },
            "helmValues.dataNode.extraEnv[0]",
        ],
        [
            "access keys from a Secret",
            {
                helmValues: {
                    streamingNode: {
                        extraEnv: [
                            { name: "MINIO_SECRETACCESSKEY", valueFrom: { secretKeyRef: { name: "k", key: "s" } } },
                        ],
                    },
                },
            },
            "helmValues.streamingNode.extraEnv[0]",
        ],
        [
            "data on the pod's disk",
            { milvusConfig: { common: { storageType: "local" } } },
            "milvusConfig.common.storageType",
        ],
        [
            "COMMON_STORAGETYPE",
            { helmValues: { queryNode: { extraEnv: [{ name: "COMMON_STORAGETYPE", value: "local" }] } } },
            "helmValues.queryNode.extraEnv[0]",
        ],
        [
            "an Output standing for the whole minio section",
            { milvusConfig: { minio: pulumi.secret({ address: "x" }) } },
            "milvusConfig.minio",
        ],
    ];
    for (const [what, args, key] of bypasses) {
        test(`refused: ${what}`, () =>
            assert.notEqual(message({ ...gcs, ...args }, key), "", JSON.stringify(problems({ ...gcs, ...args }))));
    }

    test("the same settings in minio mode are the user's, as before", () => {
        assert.deepEqual(problems({ milvusConfig: { minio: { address: "minio.example.com" } } }), []);
        assert.deepEqual(
            problems({
                helmValues: {
                    queryNode: {
                        extraEnv: [
                            { name: "MINIO_SECRETACCESSKEY", valueFrom: { secretKeyRef: { name: "k", key: "s" } } },
                        ],
                    },
                },
            }),
            [],
        );
    });

    test("a tuning setting beside them stays the user's", () =>
        assert.deepEqual(problems({ ...gcs, milvusConfig: { minio: { requestTimeoutMs: 20000 } } }), []));
});

describe("access keys are refused in every mode, never echoed", () => {
    const key = "AKIA-not-a-real-key-42";
    for (const [mode, args] of [
        ["minio", {}],
        ["gcs", gcs],
    ] as const) {
        for (const path of ["externalS3.secretKey", "minio.gcsgateway.gcsKeyJson", "minio.s3gateway.accessKey"]) {
            test(`${path} in ${mode} mode`, () => {
                const [top, ...rest] = path.split(".");
                const helmValues = { [top]: rest.reduceRight<unknown>((value, step) => ({ [step]: value }), key) };
                const text = message({ ...args, helmValues }, `helmValues.${path}`);
                assert.match(text, /objectStorage: "gcs"/);
                assert.ok(!text.includes(key));
            });
        }
    }
});

describe("gcs mode: the bucket, the Google service account and Workload Identity", async () => {
    const d = await deploy("vectors", {
        ...gcs,
        namespace: "search",
        releaseName: "search",
        bucketLocation: "europe-west4",
    });
    const values = reveal(d.one("kubernetes:helm.sh/v3:Release").rawInputs.values) as Record<string, any>;
    const account = d.one("gcp:serviceaccount/account:Account");
    const email = `${String(account.inputs.accountId)}@${deployed.provider.project}.iam.gserviceaccount.com`;
    const gcpResources = (): GcpResource[] =>
        d.children
            .filter((c) => c.type.startsWith("gcp:"))
            .map((c) => ({ type: c.type, inputs: reveal(c.rawInputs) as Record<string, unknown> }));

    test("a bucket with uniform access, public access prevention, soft delete, in the given location, protected, not force-destroyed", () => {
        const bucket = d.one("gcp:storage/bucket:Bucket");
        assert.equal(bucket.inputs.name, "vectors-bucket");
        assert.equal(bucket.inputs.location, "EUROPE-WEST4");
        assert.equal(bucket.inputs.uniformBucketLevelAccess, true);
        assert.equal(bucket.inputs.publicAccessPrevention, "enforced");
        assert.deepEqual(bucket.inputs.softDeletePolicy, { retentionDurationSeconds: 7 * 24 * 3600 });
        assert.equal(bucket.inputs.forceDestroy, false);
        assert.equal(bucket.options.protect, true);
    });

    test("the KSA may act as the Google service account: workloadIdentityUser for <project>.svc.id.goog[<namespace>/<ksa>]", () => {
        const grant = d.one("gcp:serviceaccount/iAMMember:IAMMember");
        assert.equal(grant.inputs.role, "roles/iam.workloadIdentityUser");
        assert.equal(
            grant.inputs.member,
            `serviceAccount:${deployed.provider.project}.svc.id.goog[search/search-milvus]`,
        );
        assert.equal(grant.inputs.serviceAccountId, deployed.id("vectors-storage-account"));
    });

    test("the Google service account gets object access and the bucket check on this bucket only", () => {
        const grants = d
            .all("gcp:storage/bucketIAMMember:BucketIAMMember")
            .map((g) => [g.inputs.bucket, g.inputs.role, g.inputs.member]);
        assert.deepEqual(grants.sort(), [
            ["vectors-bucket", "roles/storage.legacyBucketReader", `serviceAccount:${email}`],
            ["vectors-bucket", "roles/storage.objectAdmin", `serviceAccount:${email}`],
        ]);
        assert.equal(
            d.children.filter((c) => c.type.includes("projectIam") || c.type.includes("/iAMBinding")).length,
            0,
            "nothing at the project level",
        );
    });

    test("the chart values: MinIO off, externalS3 on GCS with Workload Identity, the KSA annotated with the Google service account", () => {
        assert.equal(values.minio.enabled, false);
        assert.deepEqual(
            [
                values.externalS3.enabled,
                values.externalS3.host,
                values.externalS3.port,
                values.externalS3.useSSL,
                values.externalS3.useIAM,
                values.externalS3.cloudProvider,
                values.externalS3.bucketName,
            ],
            [true, "storage.googleapis.com", 443, true, true, "gcp", "vectors-bucket"],
        );
        assert.deepEqual(values.serviceAccount, {
            create: true,
            name: "search-milvus",
            annotations: { "iam.gke.io/gcp-service-account": email },
        });
    });

    test("no access key anywhere in the values", () => {
        assert.equal(values.externalS3.accessKey, "");
        assert.equal(values.externalS3.secretKey, "");
        assert.ok(!JSON.stringify(values).includes("minioadmin"));
    });

    test("the release waits for the bucket and every grant (Milvus checks the bucket at start)", () => {
        const waits = dependsOnOf(d.one("kubernetes:helm.sh/v3:Release"));
        for (const name of [
            "vectors-bucket",
            "vectors-storage-objects",
            "vectors-storage-bucket",
            "vectors-workload-identity",
        ])
            assert.ok(waits.includes(name), name);
    });

    test("milvusHelmValues (for a release of your own) carries the storage values too", async () => {
        const output = await new Promise<Record<string, any>>((r) => d.component.milvusHelmValues.apply(r));
        assert.equal(output.serviceAccount.annotations["iam.gke.io/gcp-service-account"], email);
        assert.equal(output.externalS3.useIAM, true);
    });

    test("checks/ objectStorage rule: the deployed values and IAM agree", () =>
        assert.deepEqual(objectStorageRuleProblems({ namespace: "search", values }, gcpResources()), []));

    const broken: [string, (v: Record<string, any>) => void, RegExp][] = [
        ["a key in the values", (v) => (v.externalS3.secretKey = "k"), /externalS3.secretKey is set/],
        ["useIAM off", (v) => (v.externalS3.useIAM = false), /externalS3.useIAM/],
        ["MinIO on", (v) => (v.minio.enabled = true), /minio.enabled/],
        ["no annotation", (v) => (v.serviceAccount.annotations = {}), /not a Google service account's email/],
        [
            "another KSA than the grant names",
            (v) => (v.serviceAccount.name = "other"),
            /no roles\/iam.workloadIdentityUser grant/,
        ],
        [
            "another bucket than the grants",
            (v) => (v.externalS3.bucketName = "other-bucket"),
            /no roles\/storage.objectAdmin grant on bucket other-bucket/,
        ],
    ];
    for (const [what, breakIt, why] of broken) {
        test(`checks/ objectStorage rule finds ${what}`, () => {
            const copy = structuredClone(values);
            breakIt(copy);
            assert.match(
                objectStorageRuleProblems({ namespace: "search", values: copy }, gcpResources()).join("\n"),
                why,
            );
        });
    }
    test("checks/ objectStorage rule finds a bucket open to the public", () => {
        const resources = gcpResources().map((r) =>
            r.type === "gcp:storage/bucket:Bucket"
                ? { ...r, inputs: { ...r.inputs, publicAccessPrevention: "inherited" } }
                : r,
        );
        assert.match(
            objectStorageRuleProblems({ namespace: "search", values }, resources).join("\n"),
            /public access prevention/,
        );
    });
});

describe("gcs mode with an existing bucket, and the default location", async () => {
    const existing = await deploy("existing", { ...gcs, bucketName: "kept-bucket", createBucket: false });
    const created = await deploy("located", { ...gcs, bucketName: "located-bucket", releaseName: "located" });
    const disposable = await deploy("disposable", {
        ...gcs,
        bucketName: "disposable-bucket",
        releaseName: "disposable",
        protect: false,
        bucketForceDestroy: true,
    });

    test("createBucket false: no bucket is created, the grants name the existing one", () => {
        assert.equal(existing.all("gcp:storage/bucket:Bucket").length, 0);
        for (const grant of existing.all("gcp:storage/bucketIAMMember:BucketIAMMember"))
            assert.equal(grant.inputs.bucket, "kept-bucket");
    });

    test("deleting the data takes both protect: false and bucketForceDestroy", () => {
        const bucket = disposable.one("gcp:storage/bucket:Bucket");
        assert.deepEqual([bucket.options.protect, bucket.inputs.forceDestroy], [false, true]);
        assert.equal(created.one("gcp:storage/bucket:Bucket").inputs.forceDestroy, false);
    });

    test("bucketLocation unset: the gcp provider's region", () =>
        assert.equal(created.one("gcp:storage/bucket:Bucket").inputs.location, deployed.provider.region));

    test("the Workload Identity pool comes from the gcp provider's project (getClientConfig)", () =>
        assert.ok(engine.invokes.some((i) => i.token === "gcp:organizations/getClientConfig:getClientConfig")));
});

test("stack config: a created bucket defaults to the region of gkeLocation (a zone's region)", () => {
    setStackConfig({
        "milvus-l7:domain": "a.example.com",
        "milvus-l7:gkeCluster": "vectors",
        "milvus-l7:gkeLocation": "europe-west4-b",
        "milvus-l7:objectStorage": "gcs",
        "milvus-l7:bucketName": "vectors-bucket",
    });
    assert.equal(readStackConfig().args.bucketLocation, "europe-west4");
    setStackConfig({
        "milvus-l7:domain": "a.example.com",
        "milvus-l7:gkeCluster": "vectors",
        "milvus-l7:gkeLocation": "europe-west4",
    });
    assert.equal(readStackConfig().args.bucketLocation, undefined, "minio mode: no bucket argument");
});

describe("gkeCluster in gcs mode: the cluster's Workload Identity pool is the gcp provider's project's", () => {
    const cluster = (pool?: string) => ({
        project: "vectors-prod",
        workloadIdentityConfigs: pool === undefined ? [] : [{ workloadPool: pool }],
    });
    test("a cluster without Workload Identity is refused, naming the command that enables it", () =>
        assert.throws(
            () => workloadIdentityChecked(cluster(), "vectors", true),
            /has no Workload Identity.*--workload-pool=vectors-prod\.svc\.id\.goog/,
        ));
    test("another project's pool is refused", () =>
        assert.throws(
            () => workloadIdentityChecked(cluster("fleet-host.svc.id.goog"), "vectors", true),
            /not vectors-prod\.svc\.id\.goog/,
        ));
    test("the project's pool passes; minio mode asks nothing of the cluster", () => {
        assert.equal(workloadIdentityChecked(cluster("vectors-prod.svc.id.goog"), "vectors", true), true);
        assert.equal(workloadIdentityChecked(cluster(), "vectors", false), true);
    });
});
