// objectStorage "gcs": Milvus's data in a Cloud Storage bucket reached through Workload Identity, with no access key
// anywhere. The chart points Milvus at GCS through its `externalS3` values (zilliztech/milvus-helm 5.0.19
// templates/config.tpl writes them as Milvus's `minio.*` settings); Milvus's GCP client then takes OAuth tokens from
// the GKE metadata server when `useIAM` is true (milvus-io/milvus pkg/objectstorage, cloudProvider "gcp"; the
// embedded Woodpecker log does the same: zilliztech/woodpecker common/minio).
//
// Identity: a Google service account (GSA) with object access on the one bucket, and `roles/iam.workloadIdentityUser`
// on that GSA for the pods' Kubernetes service account (KSA), which the chart annotates with the GSA's email. The
// newer direct grant to the KSA principal (principal://.../subject/ns/<ns>/sa/<ksa>) needs no GSA, but the pods
// then carry federated tokens, which not every Google API surface accepts (GKE docs, "About Workload Identity
// Federation for GKE", limitations); Milvus speaks Cloud Storage's S3-compatible XML API, whose support for them
// is unverified here, and a GSA's access token is what the Milvus docs (milvus.io/docs/gcs.md) and
// zilliztech/milvus-helm#448 use with it. The GSA has no key: nothing here creates one.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { PlainObject } from "./types";
import * as gcp from "./sdk/gcp";
import { workloadIdentityAnnotation } from "./storageChecks";

export { workloadIdentityAnnotation } from "./storageChecks";
import type { MilvusL7Settings } from "./types";

/** Cloud Storage's S3-compatible (XML API) endpoint, which Milvus's `cloudProvider: gcp` client speaks to. */
export const gcsEndpoint = "storage.googleapis.com";
/** The chart's own object prefix for MinIO (values.yaml `minio.rootPath: file`), kept so both modes lay data out alike. */
const rootPath = "file";
/**
 * What the pods' identity may do on the bucket: every object operation Milvus makes (read, write, list, delete,
 * multipart uploads: roles/storage.objectAdmin), and `storage.buckets.get`, which Milvus's bucket check at start
 * (minio-go BucketExists, a HEAD on the bucket) needs and objectAdmin lacks (roles/storage.legacyBucketReader). Both
 * granted on the bucket only, never the project. No role that changes the bucket or its IAM policy.
 */
export const storageRoles = {
    objects: "roles/storage.objectAdmin",
    bucket: "roles/storage.legacyBucketReader",
} as const;
/** How long deleted objects stay restorable (GCS soft delete; 7 days is GCS's default for new buckets). */
export const softDeleteSeconds = 7 * 24 * 3600;

type StorageSettings = Pick<MilvusL7Settings, "objectStorage" | "bucketName" | "serviceName">;

/** The Kubernetes service account the Milvus pods run as in gcs mode: named after the Milvus Service. */
export function storageServiceAccountName(s: Pick<MilvusL7Settings, "serviceName">): string {
    return s.serviceName;
}

/**
 * The chart's `externalS3` values of gcs mode: GCS with Workload Identity, and every other value at the chart's empty
 * default (values.yaml), so no key, IAM endpoint or region can be slipped in.
 */
function gcsExternalS3(bucketName: string): PlainObject {
    return {
        enabled: true,
        host: gcsEndpoint,
        port: 443,
        useSSL: true,
        bucketName,
        rootPath,
        useIAM: true,
        cloudProvider: "gcp",
        accessKey: "",
        secretKey: "",
        iamEndpoint: "",
        region: "",
        useVirtualHost: false,
    };
}

/** The Milvus setting templates/config.tpl writes (under `minio:`) from each `externalS3` value. */
const externalS3Settings: Record<string, string> = {
    host: "address",
    port: "port",
    accessKey: "accessKeyID",
    secretKey: "secretAccessKey",
    useSSL: "useSSL",
    bucketName: "bucketName",
    rootPath: "rootPath",
    useIAM: "useIAM",
    cloudProvider: "cloudProvider",
    iamEndpoint: "iamEndpoint",
    region: "region",
    useVirtualHost: "useVirtualHost",
};

/**
 * The chart values of gcs mode (none in minio mode): MinIO off, `externalS3` on GCS, and the KSA, created by the
 * chart and annotated with the GSA's email (`serviceAccount`: templates/serviceaccount.yaml; every Milvus pod runs as
 * it, `serviceAccountName` in templates/*-deployment.yaml). `serviceAccountEmail` is the GSA's email, an Output in a
 * deployment.
 */
export function storageChartValues(s: StorageSettings, serviceAccountEmail: unknown): PlainObject {
    if (s.objectStorage !== "gcs") return {};
    return {
        minio: { enabled: false },
        externalS3: gcsExternalS3(s.bucketName ?? ""),
        serviceAccount: {
            create: true,
            name: storageServiceAccountName(s),
            annotations: { [workloadIdentityAnnotation]: serviceAccountEmail },
        },
    };
}

/**
 * The Milvus settings gcs mode owns: the `minio.*` settings the chart writes into default.yaml from `externalS3`
 * (templates/config.tpl), the two that would give Milvus's GCP client credentials or trust beside Workload Identity
 * (`gcpCredentialJSON`, a key file; `ssl.tlsCACert`, which replaces the trust store for storage.googleapis.com), and
 * `common.storageType`, whose `local` keeps data on the pod's disk instead (milvus-io/milvus
 * pkg/util/paramtable/component_param.go, default `remote`). A `milvusConfig` key or an `extraEnv` variable reaching
 * one of them (user.yaml and the environment outrank default.yaml: milvusKeys.ts) would move Milvus's data.
 */
export function storageMilvusSettings(s: Partial<Pick<MilvusL7Settings, "objectStorage" | "bucketName">>): PlainObject {
    if (s.objectStorage !== "gcs") return {};
    const written = Object.entries(gcsExternalS3(s.bucketName ?? "")).flatMap(([key, value]) =>
        Object.hasOwn(externalS3Settings, key) ? [[externalS3Settings[key], value]] : [],
    );
    return {
        common: { storageType: "remote" },
        minio: { ...Object.fromEntries(written), gcpCredentialJSON: "", ssl: { tlsCACert: "" } },
    };
}

/** The member Workload Identity maps the KSA to: `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]` (GKE docs). */
export function workloadIdentityMember(project: string | undefined, namespace: string, ksa: string): string {
    // An empty project would name ".svc.id.goog", a pool that does not exist, and GCP's error would not say why.
    if (!project)
        throw new Error(
            'objectStorage "gcs": the gcp provider has no project, so its Workload Identity pool (<project>.svc.id.goog) is unknown; set gcp:project to the cluster\'s project',
        );
    return `serviceAccount:${project}.svc.id.goog[${namespace}/${ksa}]`;
}

/** The gcp provider's region, the bucket's default location; GCP's own error for an empty one would not say why. */
function providerRegion(region: string | undefined): string {
    if (!region)
        throw new Error(
            'objectStorage "gcs": bucketLocation is not set and the gcp provider has no region (gcp:region); set bucketLocation to the cluster\'s region',
        );
    return region;
}

/** The GSA's account ID: 6 to 30 characters (IAM), the same for a stack's component on every run. */
export function storageAccountId(component: string): string {
    const hash = createHash("sha256").update(`${pulumi.getProject()}/${pulumi.getStack()}/${component}`).digest("hex");
    return `milvus-storage-${hash.slice(0, 8)}`;
}

/** What gcs mode made that the release needs: the GSA's email for the KSA annotation, and the grants to wait for. */
export interface ObjectStorage {
    /** The GSA's email (gcs mode), for {@link storageChartValues}. */
    serviceAccountEmail?: pulumi.Output<string>;
    /** The bucket and IAM grants: Milvus pods fail their bucket check until these exist. */
    waitFor: pulumi.Resource[];
}

/**
 * The bucket (unless it exists), the GSA and its grants, for gcs mode; nothing in minio mode. The bucket is
 * protected with `protect` and deleted with its objects only with `bucketForceDestroy`: Pulumi refuses to delete a
 * protected resource, and GCS refuses to delete a bucket that holds objects unless forced.
 */
export function objectStorage(name: string, s: MilvusL7Settings, child: pulumi.CustomResourceOptions): ObjectStorage {
    if (s.objectStorage !== "gcs" || s.bucketName === undefined) return { waitFor: [] };
    const client = gcp.organizations.getClientConfigOutput({ parent: child.parent, dependsOn: child.dependsOn });
    const bucket = s.createBucket
        ? new gcp.storage.Bucket(
              `${name}-bucket`,
              {
                  name: s.bucketName,
                  location:
                      s.bucketLocation === undefined
                          ? client.region.apply(providerRegion)
                          : s.bucketLocation.toUpperCase(),
                  uniformBucketLevelAccess: true,
                  publicAccessPrevention: "enforced",
                  // Soft delete, not versioning: Milvus rewrites segments on compaction and deletes the old ones, so
                  // versions would keep every generation forever; soft delete keeps deleted objects restorable for a
                  // bounded time.
                  softDeletePolicy: { retentionDurationSeconds: softDeleteSeconds },
                  forceDestroy: s.bucketForceDestroy,
              },
              { ...child, protect: s.protect },
          )
        : undefined;
    const bucketName = bucket?.name ?? pulumi.output(s.bucketName);
    const account = new gcp.serviceaccount.Account(
        `${name}-storage-account`,
        {
            accountId: storageAccountId(name),
            displayName: pulumi.interpolate`Milvus ${s.namespace}/${s.releaseName} object storage`,
            description: pulumi.interpolate`Workload Identity of the Milvus pods (KSA ${s.namespace}/${storageServiceAccountName(s)}) for gs://${s.bucketName}`,
        },
        child,
    );
    const member = pulumi.interpolate`serviceAccount:${account.email}`;
    const grants = Object.entries(storageRoles).map(
        ([what, role]) =>
            new gcp.storage.BucketIAMMember(`${name}-storage-${what}`, { bucket: bucketName, role, member }, child),
    );
    const workloadIdentity = new gcp.serviceaccount.IAMMember(
        `${name}-workload-identity`,
        {
            serviceAccountId: account.name,
            role: "roles/iam.workloadIdentityUser",
            member: pulumi
                .all([client.project, s.namespace])
                .apply(([project, namespace]) =>
                    workloadIdentityMember(project, namespace, storageServiceAccountName(s)),
                ),
        },
        child,
    );
    return { serviceAccountEmail: account.email, waitFor: [...(bucket ? [bucket] : []), ...grants, workloadIdentity] };
}
