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
