import * as YAML from "yaml";
import type { MilvusMode, PlainObject } from "./args";
import { mergeValues } from "./plain";

/**
 * Ports of the Milvus chart's Service and serving pods (proxy in cluster mode, standalone otherwise), from
 * zilliztech/milvus-helm `templates/service.yaml` and the deployments: gRPC on 19530 (port name `milvus`) and
 * plain-HTTP `/healthz` + `/metrics` on 9091 (port name `metrics`). Both are containerPorts of the serving pods.
 */
export const milvusPorts = {
    grpc: { name: "milvus", port: 19530 },
    metrics: { name: "metrics", port: 9091 },
} as const;

/**
 * Where Milvus 2.6 moves its REST server. With `common.security.tlsMode` != 0 the proxy refuses to start while REST
 * shares the gRPC port ("proxy server(http) and external grpc server share the same port, tls mode must be 0",
 * milvus-io/milvus#46312); 8080 is the port the Milvus TLS documentation uses.
 */
export const milvusRestPort = 8080;

/** Mount point of the backend certificate Secret in the serving pods; kept apart from /milvus/configs. */
export const backendTlsMountPath = "/milvus/tls";
const backendTlsVolumeName = "milvus-backend-tls";

/** What the Milvus chart values depend on: nothing about the domain or the front-end certificate. */
export interface MilvusValuesSettings {
    milvusMode: MilvusMode;
    /** Kubernetes Secret (type kubernetes.io/tls) with the backend key and certificate. */
    backendTlsSecretName: string;
    helmValues: PlainObject;
    milvusConfig: PlainObject;
}

/**
 * The Milvus settings (user.yaml) this component owns: one-way TLS on the external gRPC server, the mounted
 * backend certificate, and REST off the gRPC port. The Google front end speaks HTTP/2 to the backend only over TLS
 * and does not check the certificate, so a self-signed one serves; mutual TLS (mode 2) cannot work because the front
 * end presents no client certificate.
 */
export function ownedMilvusConfig(): PlainObject {
    return {
        common: { security: { tlsMode: 1 } },
        tls: {
            serverPemPath: `${backendTlsMountPath}/tls.crt`,
            serverKeyPath: `${backendTlsMountPath}/tls.key`,
        },
        proxy: { http: { port: milvusRestPort } },
    };
}

/**
 * Chart values this component owns. Since chart 4.0.0 Milvus settings are not chart values
 * (`--set common.security.tlsMode=1` does nothing): they go in `extraConfigFiles["user.yaml"]`, mounted at
 * /milvus/configs/user.yaml over default.yaml; `customConfigMap` would replace that file, so it stays empty.
 * The certificate is mounted into the serving pods only: `proxy.volumes` in cluster mode, the top-level lists
 * (which reach the standalone pod) otherwise.
 */
export function ownedMilvusValues(s: MilvusValuesSettings): PlainObject {
    const tlsVolumes = {
        volumes: [{ name: backendTlsVolumeName, secret: { secretName: s.backendTlsSecretName } }],
        volumeMounts: [{ name: backendTlsVolumeName, mountPath: backendTlsMountPath, readOnly: true }],
    };
    const userYaml = YAML.stringify(mergeValues(s.milvusConfig, ownedMilvusConfig()));
    return {
        cluster: { enabled: s.milvusMode === "cluster" },
        // The Google load balancer reaches pods through NEGs; nothing needs a LoadBalancer or NodePort Service.
        service: { type: "ClusterIP", port: milvusPorts.grpc.port, portName: milvusPorts.grpc.name },
        // The chart's own ingress defaults to nginx annotations; this component owns the GCE Ingress.
        ingress: { enabled: false },
        customConfigMap: "",
        extraConfigFiles: { "user.yaml": userYaml },
        ...(s.milvusMode === "cluster" ? { proxy: tlsVolumes } : tlsVolumes),
    };
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

/** The complete values for the Milvus chart: defaults, then the user's `helmValues`, then what this component owns. */
export function milvusHelmValues(s: MilvusValuesSettings): PlainObject {
    return mergeValues(mergeValues(defaultMilvusValues(s.milvusMode), s.helmValues), ownedMilvusValues(s));
}
