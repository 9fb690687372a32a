// The same resources as N components (types, names, inputs, dependsOn, output-to-input links), registered directly:
// no ComponentResource, no validation, no data built per instance. bench/run.ts checks that both programs register
// identical resources (registrationDigest), so the comparison measures only what the component adds.
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import {
    backendConfig,
    frontendConfig,
    ingress,
    milvusChartRepo,
    milvusHelmValues,
    milvusServicePatch,
    resolveSettings,
    rootPasswordKey,
    sslPolicyArgs,
    type KubeObject,
} from "../../components";
import { addressDeletionPolicy } from "../../components/gcp";
import { instanceArgs, instanceCount, instanceName } from "./instances";

/** Certificate inputs besides the key, as the component sets them. */
interface CertificateLiteral {
    subject: { commonName: string };
    dnsNames: string[];
    validityPeriodHours: number;
    earlyRenewalHours: number;
    allowedUses: string[];
}

/** Everything an instance needs as plain data: what a hand-written flat program would carry as object literals. */
interface Literals {
    backendCertificate: CertificateLiteral;
    frontendCertificate: CertificateLiteral;
    backendTlsSecret: { name: string; namespace: string };
    frontendTlsSecret: { name: string; namespace: string };
    rootPasswordSecret: { name: string; namespace: string };
    release: { name: string; namespace: string; version: string; values: Record<string, unknown>; timeout: number };
    backendConfig: KubeObject;
    servicePatch: KubeObject;
    frontendConfig: KubeObject<string>;
    ingress: KubeObject<string>;
    sslPolicy: ReturnType<typeof sslPolicyArgs>;
    address: { description: string; deletionPolicy: string };
}

const sslPolicyToken = "<ssl-policy-name>";
const addressToken = "<address-name>";
const tlsServerUses = ["key_encipherment", "digital_signature", "server_auth"];

// Built once, for the first instance; every instance is that text with its own name.
const first = instanceName(0);
const s = resolveSettings(instanceArgs(first)).settings;
const serviceDns = `${s.serviceName}.${s.namespace}.svc`;
const literalsText = JSON.stringify({
    backendCertificate: {
        subject: { commonName: serviceDns },
        dnsNames: [s.serviceName, `${s.serviceName}.${s.namespace}`, serviceDns, `${serviceDns}.cluster.local`],
        validityPeriodHours: 10 * 365 * 24,
        earlyRenewalHours: 0,
        allowedUses: tlsServerUses,
    },
    frontendCertificate: {
        subject: { commonName: s.domain },
        dnsNames: [s.domain],
        validityPeriodHours: 365 * 24,
        earlyRenewalHours: 30 * 24,
        allowedUses: tlsServerUses,
    },
    backendTlsSecret: { name: s.backendTlsSecretName, namespace: s.namespace },
    frontendTlsSecret: { name: s.frontendTlsSecretName, namespace: s.namespace },
    rootPasswordSecret: { name: s.rootPasswordSecretName, namespace: s.namespace },
    release: { name: s.releaseName, namespace: s.namespace, version: s.chartVersion, values: milvusHelmValues(s), timeout: s.helmTimeoutSeconds },
    backendConfig: backendConfig(s, {}),
    servicePatch: milvusServicePatch(s),
    frontendConfig: frontendConfig(s, { sslPolicyName: sslPolicyToken }),
    ingress: ingress(s, { staticIpName: addressToken }),
    sslPolicy: sslPolicyArgs(s),
    address: { description: "Load balancer of Milvus", deletionPolicy: addressDeletionPolicy(s) },
} satisfies Literals);

for (let i = 0; i < instanceCount(); i++) {
    const name = instanceName(i);
    const l = JSON.parse(literalsText.replaceAll(first, name)) as Literals;

    const backendKey = new tls.PrivateKey(`${name}-backend-tls-key`, { algorithm: "RSA", rsaBits: 2048 });
    const backendCert = new tls.SelfSignedCert(`${name}-backend-tls-cert`, { privateKeyPem: backendKey.privateKeyPem, ...l.backendCertificate });
    const backendTlsSecret = new k8s.core.v1.Secret(`${name}-backend-tls`, {
        metadata: l.backendTlsSecret,
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": backendCert.certPem, "tls.key": pulumi.secret(backendKey.privateKeyPem) },
    });
    const healthCheck = new k8s.apiextensions.CustomResource(`${name}-backend-config`, l.backendConfig);
    const rootPassword = new random.RandomPassword(`${name}-root-password`, { length: 32, special: false }, { protect: false });
    const rootPasswordSecret = new k8s.core.v1.Secret(
        `${name}-root-password`,
        { metadata: l.rootPasswordSecret, type: "Opaque", stringData: { [rootPasswordKey]: rootPassword.result } },
        { protect: false },
    );
    const release = new k8s.helm.v3.Release(
        `${name}-milvus`,
        { ...l.release, chart: "milvus", repositoryOpts: { repo: milvusChartRepo } },
        { protect: false, dependsOn: [backendTlsSecret, healthCheck, rootPasswordSecret] },
    );
    new k8s.core.v1.ServicePatch(`${name}-service`, l.servicePatch as unknown as k8s.core.v1.ServicePatchArgs, { dependsOn: [healthCheck, release] });

    const frontendKey = new tls.PrivateKey(`${name}-frontend-tls-key`, { algorithm: "RSA", rsaBits: 2048 });
    const frontendCert = new tls.SelfSignedCert(`${name}-frontend-tls-cert`, { privateKeyPem: frontendKey.privateKeyPem, ...l.frontendCertificate });
    const frontendTlsSecret = new k8s.core.v1.Secret(`${name}-frontend-tls`, {
        metadata: l.frontendTlsSecret,
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": frontendCert.certPem, "tls.key": pulumi.secret(frontendKey.privateKeyPem) },
    });

    const sslPolicy = new gcp.compute.SSLPolicy(`${name}-ssl-policy`, l.sslPolicy);
    const tlsPolicy = new k8s.apiextensions.CustomResource(`${name}-frontend-config`, { ...l.frontendConfig, spec: { sslPolicy: sslPolicy.name } });
    const address = new gcp.compute.GlobalAddress(
        `${name}-ip`,
        { addressType: "EXTERNAL", ipVersion: "IPV4", ...l.address },
        { protect: false },
    );
    const annotations = { ...l.ingress.metadata.annotations, "kubernetes.io/ingress.global-static-ip-name": address.name };
    new k8s.networking.v1.Ingress(
        `${name}-ingress`,
        { ...l.ingress, metadata: { ...l.ingress.metadata, annotations } } as unknown as k8s.networking.v1.IngressArgs,
        { dependsOn: [healthCheck, tlsPolicy, frontendTlsSecret], customTimeouts: { create: "30m", update: "30m" } },
    );
}
