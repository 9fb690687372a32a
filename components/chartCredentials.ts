// Chart values that hold a credential and that the Milvus chart (or a sub-chart) writes in clear: into the
// ConfigMap Milvus reads (templates/config.tpl, rendered by templates/configmap.yaml) or as a literal environment
// value of a pod. A Pulumi secret keeps the value out of Pulumi's state, not out of these objects. Each is listed
// with its template line in docs/chart-exposure.md (zilliztech/milvus-helm 5.0.19).
import type { PlainObject } from "./types";
import { milvusConfigEntries } from "./milvusConfigModel";
import { isPlainObject, pathText, UnknownValue, valueAt } from "./plainData";
import type { Problem } from "./problems";

/** Milvus reads `minio.accessKeyID`/`secretAccessKey` from these variables too, over the ConfigMap (env first). */
const storageKeysFromSecret =
    "keep the keys in a Secret and give them to Milvus as MINIO_ACCESSKEYID and MINIO_SECRETACCESSKEY through each component's extraEnv (valueFrom.secretKeyRef), which Milvus reads over its config files";

/** Each credential the chart writes in clear: where it lands and the safe way to give it. */
export const chartCredentials: { path: string; lands: string; instead: string }[] = [
    {
        path: "externalS3.accessKey",
        lands: "the chart's ConfigMap (templates/config.tpl:50)",
        instead: `on GCS use objectStorage: "gcs" (Workload Identity, no keys); otherwise ${storageKeysFromSecret}`,
    },
    {
        path: "externalS3.secretKey",
        lands: "the chart's ConfigMap (templates/config.tpl:51)",
        instead: `on GCS use objectStorage: "gcs" (Workload Identity, no keys); otherwise ${storageKeysFromSecret}`,
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
        instead:
            "keep it in a Secret and give it to Milvus as PULSAR_AUTHPARAMS through each component's extraEnv (valueFrom.secretKeyRef)",
    },
    {
        path: "externalKafka.sasl.password",
        lands: "the chart's ConfigMap (templates/config.tpl:154)",
        instead:
            "keep it in a Secret and give it to Milvus as KAFKA_SASLPASSWORD through each component's extraEnv (valueFrom.secretKeyRef)",
    },
    // MinIO's gateway modes take long-lived cloud keys as values: base64 in a Secret, in clear in the Helm release
    // record and in Pulumi's state unless secret. objectStorage "gcs" reaches Cloud Storage with no key at all.
    ...(["s3gateway.accessKey", "s3gateway.secretKey", "gcsgateway.gcsKeyJson"] as const).map((key) => ({
        path: `minio.${key}`,
        lands: "the MinIO Secret (base64, minio 8.0.17 templates/secrets.yaml:17-24) as a long-lived cloud key",
        instead:
            'for Cloud Storage use objectStorage: "gcs" (Workload Identity, no key); otherwise keep MinIO\'s own keys in minio.existingSecret',
    })),
    {
        path: "kafka.auth.tls.password",
        lands: "the Kafka pods' environment as a literal value (kafka 15.5.1 templates/statefulset.yaml:277)",
        instead: "set kafka.auth.tls.existingSecret (key password) instead",
    },
];

/**
 * Free-form values the charts write as they are: lists of environment variables (`extraEnv` of every Milvus
 * component, Bitnami's `extraEnvVars`, `env`) become literal `env[].value`s of a pod, and name-to-value maps become a
 * pod's environment (MinIO's `environment`) or a ConfigMap (Pulsar's `*.configData`). Templates in
 * docs/chart-exposure.md.
 */
const envLists = new Set(["extraEnv", "extraEnvVars", "env"]);
const envMaps = new Set(["environment", "configData"]);

/** Whether a variable or setting name reads as a credential, in any case and with `_`, `-` or `.` anywhere. */
function isCredentialName(name: string): boolean {
    return /password|passwd|secret|token|accesskey|authparam|authenticationparameter|credential|privatekey|apikey/.test(
        name.toLowerCase().replace(/[-_.]/g, ""),
    );
}

/** A value that carries something: not nothing, an empty string, or a `file:` reference to a mounted file. */
function isLiteral(value: unknown): boolean {
    return (
        value !== undefined &&
        value !== null &&
        value !== "" &&
        !(typeof value === "string" && value.startsWith("file:"))
    );
}

/** Credentials given by name in the free-form values above, anywhere in `helmValues`. */
function freeFormCredentialProblems(values: unknown, text: string): Problem[] {
    if (Array.isArray(values))
        return values.flatMap((item: unknown, i) => freeFormCredentialProblems(item, pathText(text, i)));
    if (!isPlainObject(values)) return [];
    return Object.entries(values).flatMap(([key, value]): Problem[] => {
        const at = pathText(text, key);
        if (envLists.has(key) && Array.isArray(value)) {
            return value.flatMap((entry: unknown, i) =>
                isPlainObject(entry) &&
                typeof entry.name === "string" &&
                isCredentialName(entry.name) &&
                isLiteral(entry.value)
                    ? [
                          {
                              key: `helmValues.${pathText(at, i)}`,
                              message: `sets ${entry.name}, a credential, as a literal value: it would sit in clear in the pod spec; use valueFrom.secretKeyRef (docs/chart-exposure.md)`,
                          },
                      ]
                    : [],
            );
        }
        if (envMaps.has(key) && isPlainObject(value)) {
            return Object.entries(value)
                .filter(([name, item]) => isCredentialName(name) && isLiteral(item))
                .map(([name]) => ({
                    key: `helmValues.${pathText(at, name)}`,
                    message: `is a credential the chart writes in clear (${key === "configData" ? "into a ConfigMap" : "into the pod's environment"}); keep it in a Secret the chart reads (Pulsar takes a file: path to a mounted Secret) (docs/chart-exposure.md)`,
                }));
        }
        return freeFormCredentialProblems(value, at);
    });
}

/**
 * Problems with `helmValues` (Outputs already replaced by `UnknownValue`) that would write a credential in clear:
 * any value but an empty one at a path of {@link chartCredentials}, a Pulumi secret included, and a credential by
 * name in the charts' free-form environment lists and maps. The message never holds the value.
 */
export function chartCredentialProblems(helmValues: PlainObject): Problem[] {
    const listed = chartCredentials.flatMap(({ path, lands, instead }) => {
        const node = valueAt(helmValues, path.split("."));
        if (node === undefined || node === null || node === "") return [];
        return [
            {
                key: `helmValues.${path}`,
                message: `is a credential the chart writes in clear into ${lands}, a Pulumi secret too; ${instead} (docs/chart-exposure.md)`,
            },
        ];
    });
    return [...listed, ...freeFormCredentialProblems(helmValues, "")];
}

/**
 * Problems with `milvusConfig` (Outputs already replaced by `UnknownValue`): a Milvus setting named as a credential
 * (`minio.secretAccessKey`, `pulsar.authParams`, `mq.kafka.saslPassword`, ...) given as text or as a secret. The
 * component writes `milvusConfig` into user.yaml, which the chart keeps in its ConfigMap (templates/configmap.yaml,
 * `extraConfigFiles`), so a Pulumi secret there is in clear in the cluster. Numbers and booleans are no credential
 * (`proxy.maxPasswordLength`). The message never holds the value.
 */
export function milvusConfigCredentialProblems(milvusConfig: PlainObject): Problem[] {
    return milvusConfigEntries(milvusConfig)
        .filter(
            ([spelling, value]) =>
                isCredentialName(spelling.split(".").pop() ?? "") &&
                (typeof value === "string" || value instanceof UnknownValue) &&
                isLiteral(value),
        )
        .map(([spelling]) => ({
            key: `milvusConfig.${spelling}`,
            message:
                "is a credential, and user.yaml sits in clear in the chart's ConfigMap, a Pulumi secret too; keep it in a Secret and give it to Milvus through an extraEnv variable (valueFrom.secretKeyRef) named as Milvus reads the setting (e.g. MINIO_SECRETACCESSKEY for minio.secretAccessKey), which Milvus reads over its config files (docs/chart-exposure.md)",
        }));
}

/**
 * Paths of `helmValues` the free-form check reads: the variable names of the environment lists, which stay plain
 * when a stack's `helmValues` is secret (see ownedValues.ts `asSecretValues`). A name is not a credential.
 */
export function readByChartCredentials(path: readonly (string | number)[]): boolean {
    return path.length >= 3 && envLists.has(String(path[path.length - 3])) && path[path.length - 1] === "name";
}
