// objectStorage "gcs" as a whole: the chart values that point Milvus at the bucket and the GCP resources that let its
// pods in must agree, and hold no key. Checked on what the program registers (render and the tests), against the
// chart's templates (zilliztech/milvus-helm 5.0.19 templates/config.tpl, serviceaccount.yaml) and GKE's Workload
// Identity rules.
import type { PlainObject } from "../components/types";
import { gcsEndpoint, storageRoles, workloadIdentityAnnotation } from "../components/objectStorage";
import { isPlainObject, valueAt } from "../components/plainData";

/** A GCP resource as registered: its type token and inputs. */
export interface GcpResource {
    type: string;
    inputs: Record<string, unknown>;
}

const member = (r: GcpResource) => (typeof r.inputs.member === "string" ? r.inputs.member : "");

/**
 * Problems with a release whose values use external object storage (`externalS3.enabled` or `minio.enabled: false`),
 * with the GCP resources registered beside it. Values that do neither (MinIO) have none.
 */
export function objectStorageRuleProblems(
    release: { namespace: string; values: PlainObject },
    gcp: readonly GcpResource[],
): string[] {
    const { values } = release;
    const at = (path: string) => valueAt(values, path.split("."));
    if (at("externalS3.enabled") !== true && at("minio.enabled") !== false) return [];
    const problems: string[] = [];
    const expect = (path: string, wanted: unknown, why: string) => {
        if (at(path) !== wanted)
            problems.push(`values ${path} is ${JSON.stringify(at(path))}, not ${JSON.stringify(wanted)}: ${why}`);
    };
    expect("minio.enabled", false, "MinIO would run beside the bucket, an unused StatefulSet with default keys");
    expect("externalS3.enabled", true, "templates/config.tpl points Milvus at the chart's MinIO otherwise");
    expect("externalS3.host", gcsEndpoint, "Cloud Storage's S3-compatible endpoint");
    expect("externalS3.port", 443, "storage.googleapis.com serves HTTPS on 443");
    expect("externalS3.useSSL", true, "Cloud Storage takes HTTPS only");
    expect(
        "externalS3.cloudProvider",
        "gcp",
        "Milvus's GCP client takes tokens from the metadata server (milvus-io/milvus pkg/objectstorage)",
    );
    expect("externalS3.useIAM", true, "without it Milvus signs with access keys instead of Workload Identity");
    for (const key of ["accessKey", "secretKey"]) {
        const value = at(`externalS3.${key}`);
        if (value !== undefined && value !== "")
            problems.push(
                `values externalS3.${key} is set: templates/config.tpl writes it in clear into the ConfigMap; Workload Identity needs no key`,
            );
    }
    expect(
        "serviceAccount.create",
        true,
        "the pods' Kubernetes service account carries the Workload Identity annotation",
    );
    const ksa = at("serviceAccount.name");
    const annotations = at("serviceAccount.annotations");
    const email = isPlainObject(annotations) ? annotations[workloadIdentityAnnotation] : undefined;
    if (typeof email !== "string" || !email.endsWith(".iam.gserviceaccount.com")) {
        problems.push(
            `values serviceAccount.annotations["${workloadIdentityAnnotation}"] is ${JSON.stringify(email)}, not a Google service account's email: GKE's metadata server would give the pods no identity`,
        );
    }
    const bucket = at("externalS3.bucketName");
    if (typeof bucket !== "string" || bucket === "") problems.push("values externalS3.bucketName is empty");

    // GKE Workload Identity: the GSA lets the KSA impersonate it, and the GSA may use the bucket.
    const principal = `.svc.id.goog[${release.namespace}/${String(ksa)}]`;
    const impersonation = gcp.filter(
        (r) =>
            r.type === "gcp:serviceaccount/iAMMember:IAMMember" && r.inputs.role === "roles/iam.workloadIdentityUser",
    );
    if (!impersonation.some((r) => member(r).startsWith("serviceAccount:") && member(r).endsWith(principal))) {
        problems.push(
            `no roles/iam.workloadIdentityUser grant for serviceAccount:<project>${principal}, the pods' service account: Workload Identity would refuse the pods the Google service account`,
        );
    }
    for (const role of Object.values(storageRoles)) {
        const grant = gcp.find(
            (r) =>
                r.type === "gcp:storage/bucketIAMMember:BucketIAMMember" &&
                r.inputs.role === role &&
                r.inputs.bucket === bucket,
        );
        if (!grant)
            problems.push(
                `no ${role} grant on bucket ${String(bucket)}: Milvus could not ${role === storageRoles.objects ? "read or write its data" : "check the bucket at start"}`,
            );
        else if (typeof email === "string" && member(grant) !== `serviceAccount:${email}`)
            problems.push(
                `${role} on bucket ${String(bucket)} is granted to ${member(grant)}, not to the annotated ${email}`,
            );
    }
    for (const created of gcp.filter((r) => r.type === "gcp:storage/bucket:Bucket" && r.inputs.name === bucket)) {
        if (created.inputs.uniformBucketLevelAccess !== true)
            problems.push(
                `bucket ${String(bucket)} has no uniform bucket-level access: object ACLs could grant access beside IAM`,
            );
        if (created.inputs.publicAccessPrevention !== "enforced")
            problems.push(
                `bucket ${String(bucket)} does not enforce public access prevention: an IAM or ACL grant to allUsers would publish Milvus's data`,
            );
    }
    return problems;
}
