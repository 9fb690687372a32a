// The checks of objectStorage "gcs"'s arguments beyond their formats (formats.ts): the arguments and chart values it
// cannot work with, checked before anything exists. Read by settings.ts; imports no builder.
import { defaults } from "./args";
import { isPlainObject, valueAt } from "./plainData";
import type { Problem } from "./problems";
import type { MilvusL7Settings, PlainObject } from "./types";

/** The KSA annotation GKE's metadata server reads to impersonate a Google service account (GKE Workload Identity docs). */
export const workloadIdentityAnnotation = "iam.gke.io/gcp-service-account";

/**
 * Problems with the object-storage arguments and the chart values gcs mode cannot work with (the values it owns
 * are checked with the others, ownership.ts).
 */
export function objectStorageProblems(
    s: Pick<
        MilvusL7Settings,
        "objectStorage" | "bucketName" | "bucketLocation" | "createBucket" | "bucketForceDestroy"
    >,
    helmValues: PlainObject,
): Problem[] {
    const problems: Problem[] = [];
    const set = {
        bucketName: s.bucketName !== undefined,
        createBucket: s.createBucket !== defaults.createBucket,
        bucketLocation: s.bucketLocation !== undefined,
        bucketForceDestroy: s.bucketForceDestroy !== defaults.bucketForceDestroy,
    };
    if (s.objectStorage !== "gcs") {
        for (const key of Object.entries(set)
            .filter(([, given]) => given)
            .map(([key]) => key)) {
            problems.push({
                key,
                message: `has no effect unless objectStorage is "gcs" (Milvus stores its data in the chart's MinIO); unset it or set objectStorage: gcs`,
            });
        }
        return problems;
    }
    if (s.bucketName === undefined)
        problems.push({
            key: "bucketName",
            message: 'is required with objectStorage "gcs": the Cloud Storage bucket Milvus stores its data in',
        });
    if (!s.createBucket) {
        for (const key of (["bucketLocation", "bucketForceDestroy"] as const).filter((key) => set[key])) {
            problems.push({
                key,
                message: "has no effect with createBucket: false (the existing bucket is used as it is); unset it",
            });
        }
    }
    const annotations = valueAt(helmValues, ["serviceAccount", "annotations"]);
    if (isPlainObject(annotations) && Object.hasOwn(annotations, workloadIdentityAnnotation)) {
        problems.push({
            key: `helmValues.serviceAccount.annotations["${workloadIdentityAnnotation}"]`,
            message:
                'is set by this component and cannot be changed (objectStorage "gcs" annotates the pods\' Kubernetes service account with the Google service account it grants on the bucket)',
        });
    }
    // templates/woodpecker-statefulset.yaml gives the Woodpecker service only MINIO_ACCESS_KEY/MINIO_SECRET_KEY (no
    // useIAM, no cloudProvider): it cannot reach GCS without keys.
    if (isPlainObject(helmValues.woodpecker) && valueAt(helmValues, ["woodpecker", "enabled"]) === true) {
        problems.push({
            key: "helmValues.woodpecker.enabled",
            message:
                'must be false with objectStorage "gcs": the Woodpecker service reaches object storage with access keys only (zilliztech/milvus-helm templates/woodpecker-statefulset.yaml MINIO_ACCESS_KEY), never Workload Identity; keep Pulsar (the default) or choose Kafka',
        });
    }
    return problems;
}
