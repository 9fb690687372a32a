// What the Milvus chart renders that the checks need and the objects applied do not say (zilliztech/milvus-helm
// templates): the ports its Service names and its serving pods declare, and the Service itself.
import type { PlainObject } from "../components/types";
import type { KubeObject } from "../components/types";
import { isPlainObject } from "../components/plainData";
import { milvusPorts } from "../components/ports";

/**
 * What the GKE objects are checked against but do not themselves say: the ports the Milvus Service names and the
 * ports the serving pods declare (zilliztech/milvus-helm templates).
 */
export interface BackendFacts {
    /** Service port name -> number, for every Service the Ingress may route to. */
    servicePorts: Record<string, number>;
    /** containerPorts of the pods behind those Services. */
    containerPorts: number[];
}

export const milvusBackendFacts: BackendFacts = {
    servicePorts: {
        [milvusPorts.grpc.name]: milvusPorts.grpc.port,
        [milvusPorts.metrics.name]: milvusPorts.metrics.port,
    },
    containerPorts: [milvusPorts.grpc.port, milvusPorts.metrics.port],
};

/**
 * The Milvus Service as the chart renders it from `values` (templates/service.yaml: `service.annotations`, the
 * `milvus` and `metrics` ports) under `service`'s name, which for a release is `milvus.fullname` (see
 * milvusFullname in components/objectNames.ts). Applied by no one: the GKE rules check it with the objects applied.
 */
export function chartService(service: { name: string; namespace: string }, values: PlainObject): KubeObject {
    const annotations = isPlainObject(values.service)
        ? (values.service.annotations as Record<string, string> | undefined)
        : undefined;
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: service.name, namespace: service.namespace, annotations: annotations ?? {} },
        spec: {
            type: "ClusterIP",
            ports: Object.values(milvusPorts).map((p) => ({
                name: p.name,
                port: p.port,
                targetPort: p.name,
                protocol: "TCP",
            })),
        },
    };
}
