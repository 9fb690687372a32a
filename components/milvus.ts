import * as YAML from "yaml";
import type { MilvusMode, PlainObject } from "./args";
import { serviceAnnotations, type KubeObject } from "./gke";
import { isPlainObject, mergeValues } from "./plain";
import { milvusPorts, milvusRestPort } from "./ports";

/** Mount point of the backend certificate Secret in the serving pods; kept apart from /milvus/configs. */
export const backendTlsMountPath = "/milvus/tls";
const backendTlsVolumeName = "milvus-backend-tls";

/** What the Milvus chart values depend on: nothing about the domain or the front-end certificate. */
export interface MilvusValuesSettings {
    milvusMode: MilvusMode;
    /** Kubernetes Secret (type kubernetes.io/tls) with the backend key and certificate. */
    backendTlsSecretName: string;
    /** The BackendConfig the Service annotation names (its health check is what makes backends healthy). */
    backendConfigName: string;
    helmValues: PlainObject;
    milvusConfig: PlainObject;
    /** Milvus authentication with the root password from `rootPasswordSecretName`. */
    auth: boolean;
    /** Kubernetes Secret holding the initial root password under the key {@link rootPasswordKey}. */
    rootPasswordSecretName: string;
}

/**
 * Milvus reads its initial root password from `common.security.defaultRootPassword`, or this environment variable
 * (Milvus maps `A_B_C` env vars onto `a.b.c` settings); an env var can come from a Secret, a config file cannot.
 */
export const rootPasswordEnvName = "COMMON_SECURITY_DEFAULTROOTPASSWORD";
/** Key of the root password in its Kubernetes Secret. */
export const rootPasswordKey = "password";

/**
 * The chart components that run the root coordinator, which creates the root user with the default password the
 * first time Milvus starts. In 2.6 cluster mode that is `mixCoordinator` (on by default); `rootCoordinator` runs it
 * when a user turns the mixed coordinator off, so both get the variable (a disabled component renders nothing).
 */
export function rootCoordinatorComponents(milvusMode: MilvusMode): string[] {
    return milvusMode === "cluster" ? ["mixCoordinator", "rootCoordinator"] : ["standalone"];
}

/**
 * The Milvus settings (user.yaml) this component owns: one-way TLS on the external gRPC server, the mounted
 * backend certificate, REST off the gRPC port, and authentication when asked for. The Google front end speaks HTTP/2 to the backend only over TLS
 * and does not check the certificate, so a self-signed one serves; mutual TLS (mode 2) cannot work because the front
 * end presents no client certificate.
 */
export function ownedMilvusConfig(auth: boolean): PlainObject {
    return {
        common: { security: { tlsMode: 1, ...(auth ? { authorizationEnabled: true } : {}) } },
        tls: {
            serverPemPath: `${backendTlsMountPath}/tls.crt`,
            serverKeyPath: `${backendTlsMountPath}/tls.key`,
        },
        proxy: { http: { port: milvusRestPort } },
    };
}

/**
 * The user.yaml Milvus reads over its default.yaml: the user's `milvusConfig` under the settings this component owns.
 * `milvusConfig` must be plain data here; the component resolves any Outputs (secrets) in it first.
 */
export function milvusUserYaml(milvusConfig: PlainObject, auth: boolean): string {
    return YAML.stringify(mergeValues(milvusConfig, ownedMilvusConfig(auth)));
}

/**
 * Chart values this component owns. Since chart 4.0.0 Milvus settings are not chart values
 * (`--set common.security.tlsMode=1` does nothing): they go in `extraConfigFiles["user.yaml"]`, mounted at
 * /milvus/configs/user.yaml over default.yaml; `customConfigMap` would replace that file, so it stays empty.
 * The certificate is mounted into the serving pods only: `proxy.volumes` in cluster mode, the top-level lists
 * (which reach the standalone pod) otherwise. The root password reaches the root coordinator from its Secret, and
 * is never a value here.
 */
export function ownedMilvusValues(s: MilvusValuesSettings, userYaml: unknown = milvusUserYaml(s.milvusConfig, s.auth)): PlainObject {
    const tlsVolumes = {
        volumes: [{ name: backendTlsVolumeName, secret: { secretName: s.backendTlsSecretName } }],
        volumeMounts: [{ name: backendTlsVolumeName, mountPath: backendTlsMountPath, readOnly: true }],
    };
    const rootPasswordEnv = {
        name: rootPasswordEnvName,
        valueFrom: { secretKeyRef: { name: s.rootPasswordSecretName, key: rootPasswordKey } },
    };
    const rootPasswordValues = s.auth
        ? Object.fromEntries(rootCoordinatorComponents(s.milvusMode).map((c) => [c, { extraEnv: [rootPasswordEnv] }]))
        : {};
    return mergeValues(rootPasswordValues, {
        cluster: { enabled: s.milvusMode === "cluster" },
        // The Google load balancer reaches pods through NEGs; nothing needs a LoadBalancer or NodePort Service.
        service: {
            type: "ClusterIP",
            port: milvusPorts.grpc.port,
            portName: milvusPorts.grpc.name,
            annotations: serviceAnnotations(s),
        },
        // The chart's own ingress defaults to nginx annotations; this component owns the GCE Ingress.
        ingress: { enabled: false },
        customConfigMap: "",
        extraConfigFiles: { "user.yaml": userYaml },
        ...(s.milvusMode === "cluster" ? { proxy: tlsVolumes } : tlsVolumes),
    });
}

/** Whether an `extraEnv` entry sets the root password variable (the component owns it). */
export function setsRootPassword(entry: unknown): boolean {
    return isPlainObject(entry) && entry.name === rootPasswordEnvName;
}

/**
 * Defaults the user may override. Standalone mode follows the Milvus docs' standalone install
 * (`etcd.replicaCount=1`, `minio.mode=standalone`, `pulsarv3.enabled=false`): one pod needs no 3-node etcd,
 * distributed MinIO or Pulsar cluster.
 */
export function defaultMilvusValues(milvusMode: MilvusMode): PlainObject {
    return milvusMode === "standalone"
        ? { etcd: { replicaCount: 1 }, minio: { mode: "standalone" }, pulsarv3: { enabled: false } }
        : {};
}

/**
 * The complete values for the Milvus chart: defaults, then the user's `helmValues`, then what this component owns.
 * Lists replace in a merge, so the root coordinator's `extraEnv` is the user's entries followed by ours.
 */
export function milvusHelmValues(s: MilvusValuesSettings, userYaml?: unknown): PlainObject {
    const merged = mergeValues(mergeValues(defaultMilvusValues(s.milvusMode), s.helmValues), ownedMilvusValues(s, userYaml));
    for (const component of s.auth ? rootCoordinatorComponents(s.milvusMode) : []) {
        const theirs = (s.helmValues[component] as PlainObject | undefined)?.extraEnv;
        const values = merged[component] as PlainObject;
        merged[component] = { ...values, extraEnv: [...(Array.isArray(theirs) ? (theirs as unknown[]) : []), ...(values.extraEnv as unknown[])] };
    }
    return merged;
}

/**
 * The Milvus Service as the chart renders it from {@link milvusHelmValues} (templates/service.yaml: name, ports,
 * `service.annotations`). Not applied by anyone here: it is what the GKE rule check and the renderer look at to see
 * the Ingress, the Service and the BackendConfig fit together.
 */
export function chartService(s: MilvusValuesSettings & { serviceName: string; namespace: string }): KubeObject {
    const service = milvusHelmValues(s).service as { annotations?: Record<string, string> };
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: s.serviceName, namespace: s.namespace, annotations: service.annotations ?? {} },
        spec: {
            type: "ClusterIP",
            ports: Object.values(milvusPorts).map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: "TCP" })),
        },
    };
}
