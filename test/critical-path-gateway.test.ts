// The deploy's critical path in gateway mode, on the graph the program registers for a cluster stack with a
// Google-managed certificate and a DNS record: the Helm release's readiness await and the Gateway's (Programmed, up to
// 30 min) overlap, and the Compute certificate and the DNS record wait on neither, as in ingress mode
// (critical-path.test.ts).
import { criticalPathTests } from "./graph";

const gateway = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const sslCertificate = "gcp:compute/managedSslCertificate:ManagedSslCertificate";

criticalPathTests({
    overrides: { loadBalancerApi: "gateway", network: "default" },
    loadBalancer: { type: gateway, name: "the Gateway" },
    certificate: { type: sslCertificate, name: "the Compute certificate" },
    // What only the front end needs: the Gateway, its route and policies, certificate, TLS policy, address, DNS record.
    frontEnd: [
        ...[
            gateway,
            sslCertificate,
            "gcp:dns/recordSet:RecordSet",
            "gcp:compute/globalAddress:GlobalAddress",
            "gcp:compute/sSLPolicy:SSLPolicy",
        ],
        "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
        "gcp:compute/firewall:Firewall",
        ...["HealthCheckPolicy", "GCPBackendPolicy", "GCPGatewayPolicy"].map(
            (kind) => `kubernetes:networking.gke.io/v1:${kind}`,
        ),
    ],
});
