// Chart values that hold a credential and that the Milvus chart (or a sub-chart) writes in clear: into the
// ConfigMap Milvus reads (templates/config.tpl, rendered by templates/configmap.yaml) or as a literal environment
// value of a pod. A Pulumi secret keeps the value out of Pulumi's state, not out of these objects. Each is listed
// with its template line in docs/chart-exposure.md (zilliztech/milvus-helm 5.0.19).
import type { PlainObject } from "./args";
import { isPlainObject } from "./plain";
import type { Problem } from "./problems";

/** Milvus reads `minio.accessKeyID`/`secretAccessKey` from these variables too, over the ConfigMap (env first). */
const storageKeysFromSecret =
    "keep the keys in a Secret and give them to Milvus as MINIO_ACCESSKEYID and MINIO_SECRETACCESSKEY through each component's extraEnv (valueFrom.secretKeyRef), which Milvus reads over its config files";

/** Each credential the chart writes in clear: where it lands and the safe way to give it. */
export const chartCredentials: { path: string; lands: string; instead: string }[] = [
    {
        path: "externalS3.accessKey",
        lands: "the chart's ConfigMap (templates/config.tpl:50)",
        instead: `on GCS use Workload Identity (externalS3.useIAM: true, cloudProvider: gcp) and no keys; otherwise ${storageKeysFromSecret}`,
    },
    {
        path: "externalS3.secretKey",
        lands: "the chart's ConfigMap (templates/config.tpl:51)",
        instead: `on GCS use Workload Identity (externalS3.useIAM: true, cloudProvider: gcp) and no keys; otherwise ${storageKeysFromSecret}`,
    },
    {
        path: "minio.accessKey",
        lands: "the chart's ConfigMap (templates/config.tpl:67) and the Woodpecker pods' environment (templates/woodpecker-statefulset.yaml:106)",
        instead: `set minio.existingSecret (keys accesskey, secretkey: MinIO reads them from it, minio 8.0.17 templates/_helpers.tpl:93) and ${storageKeysFromSecret}`,
    },
    {
        path: "minio.secretKey",
        lands: "the chart's ConfigMap (templates/config.tpl:68) and the Woodpecker pods' environment (templates/woodpecker-statefulset.yaml:108)",
        instead: `set minio.existingSecret (keys accesskey, secretkey: MinIO reads them from it, minio 8.0.17 templates/_helpers.tpl:93) and ${storageKeysFromSecret}`,
    },
    {
        path: "woodpecker.minio.accessKey",
        lands: "the Woodpecker pods' environment as a literal value (templates/woodpecker-statefulset.yaml:106, templates/_helpers.tpl:324)",
        instead: "leave it unset: Woodpecker then uses MinIO's keys",
    },
    {
        path: "woodpecker.minio.secretKey",
        lands: "the Woodpecker pods' environment as a literal value (templates/woodpecker-statefulset.yaml:108, templates/_helpers.tpl:339)",
        instead: "leave it unset: Woodpecker then uses MinIO's keys",
    },
    {
        path: "externalPulsar.authParams",
        lands: "the chart's ConfigMap (templates/config.tpl:96)",
        instead: "keep it in a Secret and give it to Milvus as PULSAR_AUTHPARAMS through each component's extraEnv (valueFrom.secretKeyRef)",
    },
    {
        path: "externalKafka.sasl.password",
        lands: "the chart's ConfigMap (templates/config.tpl:154)",
        instead: "keep it in a Secret and give it to Milvus as KAFKA_SASLPASSWORD through each component's extraEnv (valueFrom.secretKeyRef)",
    },
    {
        path: "kafka.auth.tls.password",
        lands: "the Kafka pods' environment as a literal value (kafka 15.5.1 templates/statefulset.yaml:277)",
        instead: "set kafka.auth.tls.existingSecret (key password) instead",
    },
];

/**
 * Problems with `helmValues` (Outputs already replaced by `UnknownValue`) that would write a credential in clear:
 * any value but an empty one at a path of {@link chartCredentials}, a Pulumi secret included. The message never
 * holds the value.
 */
export function chartCredentialProblems(helmValues: PlainObject): Problem[] {
    return chartCredentials.flatMap(({ path, lands, instead }) => {
        let node: unknown = helmValues;
        for (const step of path.split(".")) node = isPlainObject(node) && Object.hasOwn(node, step) ? node[step] : undefined;
        if (node === undefined || node === null || node === "") return [];
        return [{ key: `helmValues.${path}`, message: `is a credential the chart writes in clear into ${lands}, a Pulumi secret too; ${instead} (docs/chart-exposure.md)` }];
    });
}
