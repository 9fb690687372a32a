import * as YAML from "yaml";
import type { MilvusMode, PlainObject } from "./types";
import { serviceAnnotations } from "./ingress";
import type { MilvusL7Settings } from "./types";
import { storageChartValues } from "./objectStorage";
import { mergeValues, UnknownValue } from "./plainData";
import { milvusPorts, milvusRestPort } from "./ports";

/** Mount point of the backend certificate Secret in the serving pods; kept apart from /milvus/configs. */
export const backendTlsMountPath = "/milvus/tls";
export const backendTlsVolumeName = "milvus-backend-tls";

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
 * The Milvus setting of the proxy's gRPC port. It must keep its value, 19530 (Milvus's default:
 * pkg/util/paramtable/grpc_param.go `ProxyExternalPort`; the chart writes it too, templates/config.tpl), because the
 * chart's pods expose 19530 as the port named `milvus` that its Service targets. It is left out of user.yaml, which
 * would otherwise change for every existing release, and checked instead.
 */
export const pinnedPortSetting = "proxy.port";

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
export function ownedMilvusValues(
    s: MilvusL7Settings,
    userYaml: unknown = milvusUserYaml(s.milvusConfig, s.auth),
    storageAccountEmail: unknown = new UnknownValue(),
): PlainObject {
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
        // objectStorage "gcs": MinIO off, GCS through Workload Identity (objectStorage.ts); nothing in minio mode.
        ...storageChartValues(s, storageAccountEmail),
    });
}

/**
 * The chart values that choose a message queue, and the queue each one runs. zilliztech/milvus-helm
 * templates/config.tpl writes Milvus's `messageQueue` from the first of externalPulsar, pulsar, woodpecker and
 * pulsarv3 that is enabled, and again from externalKafka or kafka; a standalone release adds the embedded queue of
 * `standalone.messageQueue` (rocksmq, natsmq or woodpecker). More than one makes two `messageQueue` keys.
 */
export const messageQueueSwitches = {
    externalPulsar: "pulsar",
    pulsar: "pulsar",
    woodpecker: "woodpecker",
    pulsarv3: "pulsar",
    externalKafka: "kafka",
    kafka: "kafka",
} as const;
/** The queues `standalone.messageQueue` embeds in the standalone pod (no switch above enabled). */
export const embeddedMessageQueues = ["rocksmq", "natsmq", "woodpecker"];

/**
 * The message queue chart 5.0.19 runs, pinned: Pulsar (the pulsarv3 sub-chart) in cluster mode, the embedded
 * Woodpecker in standalone mode. Milvus keeps its data in the queue it was installed with and its docs say not to
 * change queues across an upgrade, while the charts from 5.0.27 (Milvus 3) default to Woodpecker everywhere: so
 * every switch is set here, and a later `chartVersion` cannot choose another queue under existing data. A user
 * may choose another queue through `helmValues` (merged over these) at install.
 */
export function pinnedMessageQueue(milvusMode: MilvusMode): PlainObject {
    const queue = milvusMode === "cluster" ? "pulsarv3" : undefined;
    return {
        ...Object.fromEntries(Object.keys(messageQueueSwitches).map((name) => [name, { enabled: name === queue }])),
        // Embedded Woodpecker keeps its log in object storage (MinIO); a chart that moved it would lose the queue.
        ...(milvusMode === "standalone"
            ? {
                  standalone: { messageQueue: "woodpecker" },
                  streaming: { woodpecker: { embedded: true, storage: { type: "minio" } } },
              }
            : {}),
    };
}

/**
 * Defaults the user may override. Standalone mode follows the Milvus docs' standalone install
 * (`etcd.replicaCount=1`, `minio.mode=standalone`): one pod needs no 3-node etcd or distributed MinIO; and the
 * pinned message queue (see {@link pinnedMessageQueue}).
 */
export function defaultMilvusValues(milvusMode: MilvusMode): PlainObject {
    const sizing = milvusMode === "standalone" ? { etcd: { replicaCount: 1 }, minio: { mode: "standalone" } } : {};
    return mergeValues(sizing, pinnedMessageQueue(milvusMode));
}

/**
 * The complete values for the Milvus chart: defaults, then the user's `helmValues`, then what this component owns.
 * Lists replace in a merge, so the root coordinator's `extraEnv` is the user's entries followed by ours.
 * `userYaml` is the text of user.yaml ({@link milvusUserYaml}), or an Output of it when `milvusConfig` holds secrets.
 */
export function milvusHelmValues(s: MilvusL7Settings, userYaml?: unknown, storageAccountEmail?: unknown): PlainObject {
    const merged = mergeValues(
        mergeValues(defaultMilvusValues(s.milvusMode), s.helmValues),
        ownedMilvusValues(s, userYaml, storageAccountEmail),
    );
    for (const component of s.auth ? rootCoordinatorComponents(s.milvusMode) : []) {
        const theirs = (s.helmValues[component] as PlainObject | undefined)?.extraEnv;
        const values = merged[component] as PlainObject;
        merged[component] = {
            ...values,
            extraEnv: [...(Array.isArray(theirs) ? (theirs as unknown[]) : []), ...(values.extraEnv as unknown[])],
        };
    }
    return merged;
}
