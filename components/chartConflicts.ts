// Chart values that are accepted by Helm and Kubernetes only to break the load balancer at deploy time, or that
// name objects this component makes. Sources: zilliztech/milvus-helm 5.0.19 templates, kubernetes/ingress-gce.
import { posix } from "node:path";
import type { PlainObject } from "./types";
import { backendTlsMountPath, backendTlsVolumeName } from "./chartValues";
import { isPlainObject } from "./plainData";
import type { Problem } from "./problems";
import type { MilvusL7Settings } from "./types";

/**
 * ingress-gce reads the alpha spelling of the app-protocols annotation before the GA one
 * (kubernetes/ingress-gce pkg/annotations/service.go `ApplicationProtocols`: "First check the old annotation, then
 * fall back to the new one"), so a user's value there replaces our `cloud.google.com/app-protocols` and the load
 * balancer would speak HTTP/1.1 in cleartext to Milvus's TLS port: every request a 502. (The BackendConfig
 * annotation is read GA first, so its beta spelling cannot override ours.)
 */
const alphaAppProtocolsAnnotation = "service.alpha.kubernetes.io/app-protocols";

/** Whether `mountPath` is the certificate's mount path or a path under it (after `.`/`..`/`//` are resolved). */
function overlapsCertificateMount(mountPath: string): boolean {
    const normal = posix.normalize(mountPath).replace(/\/+$/, "");
    return normal === backendTlsMountPath || normal.startsWith(`${backendTlsMountPath}/`);
}

/**
 * In cluster mode the top-level lists reach the proxy beside our `proxy.volumes` (templates/proxy-deployment.yaml:151-155,
 * 215-219); standalone mode owns the top-level lists, and no other component's list reaches a serving pod.
 */
function proxyCertificateVolumeProblems(helmValues: PlainObject): Problem[] {
    const problems: Problem[] = [];
    const entries = (list: unknown) =>
        Array.isArray(list) ? list.map((entry: unknown, i) => [i, isPlainObject(entry) ? entry : {}] as const) : [];
    for (const [i, volume] of entries(helmValues.volumes)) {
        if (volume.name === backendTlsVolumeName) {
            problems.push({
                key: `helmValues.volumes[${i}].name`,
                message: `must not be ${backendTlsVolumeName}: the proxy's backend certificate volume has that name (a pod's volume names are unique)`,
            });
        }
    }
    for (const [i, mount] of entries(helmValues.volumeMounts)) {
        if (mount.name === backendTlsVolumeName) {
            problems.push({
                key: `helmValues.volumeMounts[${i}].name`,
                message: `must not be ${backendTlsVolumeName}: it is the proxy's backend certificate volume`,
            });
        }
        if (typeof mount.mountPath === "string" && overlapsCertificateMount(mount.mountPath)) {
            problems.push({
                key: `helmValues.volumeMounts[${i}].mountPath`,
                message: `must not be ${backendTlsMountPath} or under it: the backend certificate Milvus serves TLS with is mounted there in the proxy`,
            });
        }
    }
    return problems;
}

/** Problems with `helmValues` (Outputs already replaced by `UnknownValue`) that break the chart's Milvus Service or our TLS mount. */
export function chartConflictProblems(
    helmValues: PlainObject,
    s: Pick<
        MilvusL7Settings,
        "milvusMode" | "backendTlsSecretName" | "frontendTlsSecretName" | "rootPasswordSecretName"
    >,
): Problem[] {
    const problems: Problem[] = [];
    const proxy = isPlainObject(helmValues.proxy) ? helmValues.proxy : {};

    // templates/service.yaml:1 renders the Milvus Service only `if or .Values.proxy.enabled (not .Values.cluster.enabled)`.
    if (s.milvusMode === "cluster" && proxy.enabled !== undefined && proxy.enabled !== true) {
        problems.push({
            key: "helmValues.proxy.enabled",
            message:
                "must be true in cluster mode: without the proxy the chart renders no Milvus Service (templates/service.yaml:1), so the load balancer has no backend",
        });
    }

    const service = isPlainObject(helmValues.service) ? helmValues.service : {};
    if (isPlainObject(service.annotations) && Object.hasOwn(service.annotations, alphaAppProtocolsAnnotation)) {
        problems.push({
            key: `helmValues.service.annotations["${alphaAppProtocolsAnnotation}"]`,
            message:
                "must not be set: ingress-gce reads it before cloud.google.com/app-protocols (kubernetes/ingress-gce pkg/annotations/service.go), so it would replace this component's HTTP2 and the load balancer would speak cleartext HTTP/1.1 to Milvus's TLS port (502)",
        });
    }

    if (s.milvusMode === "cluster") problems.push(...proxyCertificateVolumeProblems(helmValues));

    // templates/proxy-tls-secret.yaml makes a Secret named proxy.tls.secretName: it would replace ours.
    const tls = isPlainObject(proxy.tls) ? proxy.tls : {};
    const ours = [s.backendTlsSecretName, s.frontendTlsSecretName, s.rootPasswordSecretName];
    if (typeof tls.secretName === "string" && ours.includes(tls.secretName)) {
        problems.push({
            key: "helmValues.proxy.tls.secretName",
            message: `must not name ${tls.secretName}: this component makes that Secret, and the chart's proxy.tls Secret (templates/proxy-tls-secret.yaml) would replace it`,
        });
    }
    return problems;
}

/**
 * Paths of `helmValues` the checks above and the sub-chart name check (objectNames.ts) read: they stay plain values when a
 * stack's `helmValues` is secret (see ownedValues.ts `asSecretValues`). None is a credential.
 */
export function readByChartConflicts(path: readonly (string | number)[]): boolean {
    const text = path.join(".");
    if (["proxy.enabled", "proxy.tls.secretName"].includes(text)) return true;
    if (
        path.length === 3 &&
        (path[0] === "volumes" || path[0] === "volumeMounts") &&
        (path[2] === "name" || path[2] === "mountPath")
    )
        return true;
    // The sub-charts' switches and names decide the Service names checked in objectNames.ts.
    const last = path[path.length - 1];
    return (
        path.length <= 3 &&
        ["etcd", "minio", "pulsarv3", "pulsar", "kafka", "tei"].includes(String(path[0])) &&
        ["enabled", "nameOverride", "fullnameOverride"].includes(String(last))
    );
}
