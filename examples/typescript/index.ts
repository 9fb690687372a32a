// Two Milvus releases in one namespace, each behind its own GCP Layer-7 load balancer, with their DNS records in a
// Cloud DNS zone this stack also creates. The component comes from npm (`@milvus-l7/component`); its @pulumi/*
// peers are this project's own, so the stack holds one @pulumi/pulumi.
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { CertMode, LoadBalancerApi, MilvusL7LoadBalancer, MilvusMode } from "@milvus-l7/component";

const namespaceName = "vectors";
const zoneName = "example-com";
const namespace = new k8s.core.v1.Namespace(namespaceName, { metadata: { name: namespaceName } });
const zone = new gcp.dns.ManagedZone(zoneName, { name: zoneName, dnsName: "example.com." });

// The names as Outputs of the resources above: each component's objects and DNS record then wait for them.
const placement = { namespace: namespace.metadata.name, dnsZone: zone.name };

const search = new MilvusL7LoadBalancer("search", {
    ...placement,
    domain: "search.example.com",
    releaseName: "search",
    certMode: CertMode.GoogleManaged,
    milvusMode: MilvusMode.Cluster,
    allowedSourceRanges: ["203.0.113.0/24"],
    helmValues: { proxy: { replicas: 2 } },
});

const archive = new MilvusL7LoadBalancer("archive", {
    ...placement,
    domain: "archive.example.com",
    releaseName: "archive",
    loadBalancerApi: LoadBalancerApi.Gateway,
    certMode: CertMode.CertificateManager,
    milvusMode: MilvusMode.Standalone,
    network: "default",
});

export const searchEndpoint = search.endpoint;
export const searchIp = search.loadBalancerIp;
export const archiveEndpoint = archive.endpoint;
export const archiveIp = archive.loadBalancerIp;
/** The Milvus root passwords (user `root`), secrets: `pulumi stack output --show-secrets`. */
export const searchRootPassword = search.rootPassword;
export const archiveRootPassword = archive.rootPassword;
