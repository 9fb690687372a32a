// The deploy's critical path, on the graph the program registers for a cluster stack with a Google-managed
// certificate and a DNS record. Its long waits, the Helm release's readiness await (up to helmTimeoutSeconds, 20 min
// by default) and the Ingress's load balancer await (up to 30 min), then the certificate GKE provisions once the load
// balancer serves the domain (15-60 min), must overlap: a deploy then takes about the longest of them, not the sum of
// the guide's steps. The figures are in the README (Benchmarks); this checks the order that makes them hold.
import { criticalPathTests } from "./graph";

const ingress = "kubernetes:networking.k8s.io/v1:Ingress";
const managedCertificate = "kubernetes:networking.gke.io/v1:ManagedCertificate";

criticalPathTests({
    overrides: {},
    loadBalancer: { type: ingress, name: "the Ingress" },
    certificate: { type: managedCertificate, name: "the managed certificate" },
    // What only the front end needs: its certificate, TLS policy, address, DNS record and the Ingress itself.
    frontEnd: [
        ...[ingress, managedCertificate, "gcp:dns/recordSet:RecordSet", "gcp:compute/globalAddress:GlobalAddress"],
        ...["gcp:compute/sSLPolicy:SSLPolicy", "kubernetes:networking.gke.io/v1beta1:FrontendConfig"],
    ],
});
