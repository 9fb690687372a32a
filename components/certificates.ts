// Self-signed certificates and the Secrets that carry them: the backend certificate Milvus serves, and the front-end
// certificate of self-managed mode.
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import * as k8s from "./sdk/kubernetes";

const tlsServerUses = ["key_encipherment", "digital_signature", "server_auth"];

/** A key and a self-signed server certificate, the key kept secret. */
export function selfSignedCertificate(
    name: string,
    cert: {
        commonName: pulumi.Input<string>;
        dnsNames: pulumi.Input<string>[];
        validityPeriodHours: number;
        earlyRenewalHours: number;
    },
    opts: pulumi.CustomResourceOptions,
) {
    const key = new tls.PrivateKey(`${name}-key`, { algorithm: "RSA", rsaBits: 2048 }, opts);
    const certificate = new tls.SelfSignedCert(
        `${name}-cert`,
        {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: cert.commonName },
            dnsNames: cert.dnsNames,
            validityPeriodHours: cert.validityPeriodHours,
            earlyRenewalHours: cert.earlyRenewalHours,
            allowedUses: tlsServerUses,
        },
        opts,
    );
    return { privateKeyPem: pulumi.secret(key.privateKeyPem), certPem: certificate.certPem };
}

/** A `kubernetes.io/tls` Secret, the form both Milvus's mount and the GCE Ingress's `spec.tls` read. */
export function tlsSecret(
    name: string,
    metadata: { name: string; namespace: pulumi.Input<string> },
    pair: { privateKeyPem: pulumi.Output<string>; certPem: pulumi.Output<string> },
    opts: pulumi.CustomResourceOptions,
) {
    return new k8s.core.v1.Secret(
        name,
        { metadata, type: "kubernetes.io/tls", stringData: { "tls.crt": pair.certPem, "tls.key": pair.privateKeyPem } },
        opts,
    );
}
