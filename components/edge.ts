// The GCP resources around the load balancer, whichever API builds it: Cloud Armor, the front-end certificate, the
// SSL policy, the reserved address and the DNS record.
import * as pulumi from "@pulumi/pulumi";
import { selfSignedCertificate, tlsSecret } from "./certificates";
import type { FrontEnd, FrontEndRealizer, LoadBalancerRefs } from "./frontEnd";
import { addressDeletionPolicy, dnsRecordArgs, securityPolicyRules, sslPolicyArgs } from "./gcpResources";
import * as gcp from "./sdk/gcp";
import { inNamespace, protectedChild, type StepContext } from "./stepContext";

/** The Cloud Armor policy allowing `allowedSourceRanges`, when given; its default rule (deny) is part of it. */
export function cloudArmorPolicy({ name, settings, child }: StepContext): gcp.compute.SecurityPolicy | undefined {
    if (!settings.allowedSourceRanges) return undefined;
    const rules = securityPolicyRules(settings.allowedSourceRanges);
    return new gcp.compute.SecurityPolicy(`${name}-security-policy`, { description: "Clients allowed to reach Milvus", rules }, child);
}

/** The certificate clients see, the object the load balancer waits for, and what clients must trust. */
export interface FrontEndCertificate {
    resource: pulumi.Resource;
    /** The Compute certificate a Gateway names (google-managed, gateway mode). */
    sslCertificateName?: pulumi.Output<string>;
    /** The self-signed certificate clients must trust; undefined for a Google-managed one (system roots). */
    certificatePem: pulumi.Output<string | undefined>;
}

/** The front-end certificate: self-signed in a `kubernetes.io/tls` Secret, or Google-managed in the API's form. */
export function frontEndCertificate(ctx: StepContext, fe: FrontEnd, realizer: FrontEndRealizer): FrontEndCertificate {
    const { name, settings, child } = ctx;
    if (fe.certificate.source === "google-managed") return { ...realizer.managedCertificate(ctx, fe), certificatePem: pulumi.output(undefined) };
    const pair = selfSignedCertificate(
        `${name}-frontend-tls`,
        { commonName: settings.domain, dnsNames: [settings.domain], validityPeriodHours: 365 * 24, earlyRenewalHours: 30 * 24 },
        child,
    );
    return { resource: tlsSecret(`${name}-frontend-tls`, inNamespace(ctx, settings.frontendTlsSecretName), pair, child), certificatePem: pair.certPem };
}

/** The SSL policy (minimum TLS version) the front end applies. */
export function sslPolicy({ name, settings, child }: StepContext): gcp.compute.SSLPolicy {
    return new gcp.compute.SSLPolicy(`${name}-ssl-policy`, sslPolicyArgs(settings), child);
}

/** The load balancer's address: one reserved here, an existing one looked up by name, or none (an ephemeral IP). */
export function loadBalancerAddress(ctx: StepContext, parent: pulumi.Resource): Pick<LoadBalancerRefs, "staticIpName" | "reservedIp"> {
    const { name, settings, child } = ctx;
    const address = settings.createStaticIp
        ? new gcp.compute.GlobalAddress(
              `${name}-ip`,
              {
                  addressType: "EXTERNAL",
                  ipVersion: "IPV4",
                  // Constant: the Compute API cannot change an address's description, so any change would replace
                  // the address and with it the IP that DNS and certificates point at.
                  description: "Load balancer of Milvus",
                  deletionPolicy: addressDeletionPolicy(settings),
              },
              protectedChild(ctx),
          )
        : undefined;
    // Looked up, so that a mistyped name fails here rather than after the load balancer's 30-minute await.
    const existing =
        settings.staticIpName === undefined ? undefined : gcp.compute.getGlobalAddressOutput({ name: settings.staticIpName }, { parent, dependsOn: child.dependsOn });
    const reserved = address ?? existing;
    return { staticIpName: reserved?.name, reservedIp: reserved?.address };
}

/**
 * The A record of the domain, when `dnsZone` is given. With a reserved address the record needs no load balancer
 * yet: DNS propagates, and a managed certificate can start provisioning, as soon as GCP serves the address.
 */
export function dnsRecord({ name, settings, child }: StepContext, ip: pulumi.Input<string>): void {
    if (settings.dnsZone === undefined) return;
    new gcp.dns.RecordSet(`${name}-dns`, { ...dnsRecordArgs({ domain: settings.domain, dnsZone: settings.dnsZone }), rrdatas: [ip] }, child);
}
