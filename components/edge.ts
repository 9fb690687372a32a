// The GCP resources around the load balancer, whichever API builds it: Cloud Armor, the front-end certificate, the
// SSL policy, the reserved address (global, or regional internal), the proxy-only subnet and the DNS record.
import * as pulumi from "@pulumi/pulumi";
import { selfSignedCertificate, tlsSecret } from "./certificates";
import type { FrontEnd, FrontEndRealizer, LoadBalancerRefs, SslPolicyKind } from "./frontEnd";
import {
    addressDeletionPolicy,
    certificateManagerCertificateArgs,
    certificateMapEntryArgs,
    dnsAuthorizationArgs,
    dnsRecordArgs,
    dnsTtlSeconds,
    healthCheckFirewallArgs,
    internalAddressArgs,
    proxyOnlySubnetArgs,
    securityPolicyRules,
    sslPolicyArgs,
} from "./gcpResources";
import { milvusPorts } from "./ports";
import { MilvusL7ConfigError } from "./problems";
import * as gcp from "./sdk/gcp";
import { inNamespace, protectedChild, type StepContext } from "./stepContext";
import type { MilvusL7Settings } from "./types";

/** The Cloud Armor policy allowing `allowedSourceRanges`, when given; its default rule (deny) is part of it. */
export function cloudArmorPolicy({ name, settings, child }: StepContext): gcp.compute.SecurityPolicy | undefined {
    if (!settings.allowedSourceRanges) return undefined;
    const rules = securityPolicyRules(settings.allowedSourceRanges);
    return new gcp.compute.SecurityPolicy(
        `${name}-security-policy`,
        { description: "Clients allowed to reach Milvus", rules },
        child,
    );
}

/** The certificate clients see, the object the load balancer waits for, and what clients must trust. */
export interface FrontEndCertificate {
    resource: pulumi.Resource;
    /** The Compute certificate a Gateway names (google-managed, gateway mode). */
    sslCertificateName?: pulumi.Output<string>;
    /** The Certificate Manager map a Gateway names (certificate-manager mode). */
    certificateMapName?: pulumi.Output<string>;
    /** The regional Certificate Manager certificate a regional Gateway names (certificate-manager mode, internal). */
    certificateName?: pulumi.Output<string>;
    /** The self-signed certificate clients must trust; undefined for a Google-managed one (system roots). */
    certificatePem: pulumi.Output<string | undefined>;
    /** Certificate Manager's state of the certificate (PROVISIONING, then ACTIVE), in certificate-manager mode. */
    certificateState?: pulumi.Output<string | undefined>;
    /** The CNAME record that authorizes the certificate, when no `dnsZone` makes it (`<name> CNAME <data>`): the user creates it. */
    dnsAuthorizationRecord?: pulumi.Output<string | undefined>;
}

/** The front-end certificate: self-signed in a `kubernetes.io/tls` Secret, or Google-managed in the API's form. */
export function frontEndCertificate(ctx: StepContext, fe: FrontEnd, realizer: FrontEndRealizer): FrontEndCertificate {
    const { name, settings, child } = ctx;
    if (fe.certificate.source === "google-managed")
        return { ...realizer.managedCertificate(ctx, fe), certificatePem: pulumi.output(undefined) };
    if (fe.certificate.source === "certificate-map") return certificateManagerCertificate(ctx, false);
    if (fe.certificate.source === "regional-certificate") return certificateManagerCertificate(ctx, true);
    const pair = selfSignedCertificate(
        `${name}-frontend-tls`,
        {
            commonName: settings.domain,
            dnsNames: [settings.domain],
            validityPeriodHours: 365 * 24,
            earlyRenewalHours: 30 * 24,
        },
        child,
    );
    return {
        resource: tlsSecret(`${name}-frontend-tls`, inNamespace(ctx, settings.frontendTlsSecretName), pair, child),
        certificatePem: pair.certPem,
    };
}

/**
 * A Certificate Manager certificate authorized by DNS, in a certificate map (global) or named by the load balancer
 * itself (`regional`): Google issues it once the authorization's CNAME resolves, whether or not a load balancer exists
 * yet (Certificate Manager docs, "Domain authorization"), so the first deploy serves a trusted certificate as soon as
 * the Gateway is programmed. A regional load balancer takes a certificate of its own region, authorized by a DNS
 * authorization of that region, and no map (GKE docs, "Secure a Gateway"). With `dnsZone` the CNAME record is made
 * here; otherwise it is exported for the user to create. Nothing waits for issuance: it may outlast `up`.
 */
function certificateManagerCertificate(ctx: StepContext, regional: boolean): FrontEndCertificate {
    const { name, settings, child } = ctx;
    // Global is the provider's default location. A regional authorization defaults to type PER_PROJECT_RECORD
    // (@pulumi/gcp certificatemanager.DnsAuthorization `type`); either way its record is in dnsResourceRecords.
    const location = regional ? { location: internalSetting(settings, "region") } : {};
    const authorization = new gcp.certificatemanager.DnsAuthorization(
        `${name}-cert-auth`,
        { ...dnsAuthorizationArgs(settings), ...location },
        child,
    );
    const certificate = new gcp.certificatemanager.Certificate(
        `${name}-managed-cert`,
        { ...certificateManagerCertificateArgs(settings, [authorization.id]), ...location },
        child,
    );
    const served = regional
        ? { resource: certificate, certificateName: certificate.name }
        : certificateMap(ctx, certificate);
    const record = authorization.dnsResourceRecords.apply((records) => records?.[0]);
    if (settings.dnsZone !== undefined) {
        const rr = {
            name: record.apply((r) => r?.name ?? ""),
            type: record.apply((r) => r?.type ?? "CNAME"),
            rrdatas: [record.apply((r) => r?.data ?? "")],
        };
        new gcp.dns.RecordSet(
            `${name}-dns-authorization`,
            { managedZone: settings.dnsZone, ttl: dnsTtlSeconds, ...rr },
            child,
        );
    }
    return {
        ...served,
        certificatePem: pulumi.output(undefined),
        certificateState: certificate.managed.apply((managed) => managed?.state),
        ...(settings.dnsZone === undefined
            ? { dnsAuthorizationRecord: record.apply((r) => (r ? `${r.name} ${r.type} ${r.data}` : undefined)) }
            : {}),
    };
}

/** The certificate map serving `certificate` for the domain, and its entry, which the load balancer waits for. */
function certificateMap(
    { name, settings, child }: StepContext,
    certificate: gcp.certificatemanager.Certificate,
): Pick<FrontEndCertificate, "resource" | "certificateMapName"> {
    const map = new gcp.certificatemanager.CertificateMap(
        `${name}-cert-map`,
        { description: "Milvus front end" },
        child,
    );
    const entry = new gcp.certificatemanager.CertificateMapEntry(
        `${name}-cert-map-entry`,
        { ...certificateMapEntryArgs(settings), map: map.name, certificates: [certificate.id] },
        child,
    );
    return { resource: entry, certificateMapName: map.name };
}

/**
 * The VPC firewall rule for Google's health checks to the Milvus pods, in gateway mode while `healthCheckFirewall` is
 * on. ingress-gce opens a BackendConfig's health-check port in its own rule (pkg/firewalls, kubernetes/ingress-gce#1209),
 * the internal Ingress's proxy-only subnet included (pkg/firewalls/controller.go, ilbFirewallSrcRange); no source says
 * the Gateway controller does so for a HealthCheckPolicy's fixed port. An internal Gateway's proxies, and the checks
 * of its Envoy-based load balancer, come from the proxy-only subnet (`proxyOnlyRange`), so the rule admits it too.
 */
export function healthCheckFirewall(
    { name, settings, child }: StepContext,
    proxyOnlyRange: pulumi.Output<string> | undefined,
): void {
    if (settings.loadBalancerApi !== "gateway" || !settings.healthCheckFirewall || settings.network === undefined)
        return;
    const ports = [milvusPorts.metrics.port, milvusPorts.grpc.port];
    new gcp.compute.Firewall(
        `${name}-health-check-fw`,
        proxyOnlyRange === undefined
            ? healthCheckFirewallArgs(settings.network, ports)
            : healthCheckFirewallArgs(settings.network, ports, [proxyOnlyRange]),
        child,
    );
}

/**
 * The SSL policy (minimum TLS version) the front end applies, of the kind its load balancer names: a global one, a
 * regional one in `region` (a regional proxy takes only a regional policy: gke-gateway-api GCPGatewayPolicyConfig
 * `sslPolicy` resolves a raw name in the load balancer's region), or none.
 */
export function sslPolicy(
    { name, settings, child }: StepContext,
    kind: SslPolicyKind,
): gcp.compute.SSLPolicy | gcp.compute.RegionSslPolicy | undefined {
    switch (kind) {
        case "global":
            return new gcp.compute.SSLPolicy(`${name}-ssl-policy`, sslPolicyArgs(settings), child);
        case "regional":
            return new gcp.compute.RegionSslPolicy(
                `${name}-ssl-policy`,
                { ...sslPolicyArgs(settings), region: internalSetting(settings, "region") },
                child,
            );
        case "none":
            return undefined;
    }
}

/**
 * A setting the internal load balancer needs (`region`, `network`, ...), which the settings check requires with
 * `loadBalancerScope: internal` (settings.ts internalPrerequisiteProblems): missing here only from unchecked settings.
 */
function internalSetting(settings: MilvusL7Settings, key: "region" | "network" | "proxyOnlySubnet"): string {
    const value = settings[key];
    if (value === undefined) throw new Error(`loadBalancerScope internal without ${key}: unchecked settings`);
    return value;
}

/**
 * The load balancer's address: one reserved here, an existing one looked up by name, or none (an ephemeral IP). Global
 * and EXTERNAL for the external load balancer; regional and INTERNAL, in the cluster's subnet, for the internal one.
 */
export function loadBalancerAddress(
    ctx: StepContext,
    parent: pulumi.Resource,
): Pick<LoadBalancerRefs, "staticIpName" | "reservedIp"> {
    const reserved =
        ctx.settings.loadBalancerScope === "internal" ? internalAddress(ctx, parent) : globalAddress(ctx, parent);
    return { staticIpName: reserved?.name, reservedIp: reserved?.address };
}

/** The reserved global address of the external load balancer, created or looked up. */
function globalAddress(ctx: StepContext, parent: pulumi.Resource) {
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
        settings.staticIpName === undefined
            ? undefined
            : gcp.compute.getGlobalAddressOutput(
                  { name: settings.staticIpName },
                  { parent, dependsOn: child.dependsOn },
              );
    return address ?? existing;
}

/**
 * The regional INTERNAL address of the internal load balancer: reserved in `subnetwork` (looked up first, so that a
 * mistyped subnet fails at preview), or an existing INTERNAL one in `region` looked up by name (checked at preview).
 */
function internalAddress(ctx: StepContext, parent: pulumi.Resource) {
    const { name, settings, child } = ctx;
    const region = internalSetting(settings, "region");
    const lookup = { parent, dependsOn: child.dependsOn };
    if (settings.createStaticIp && settings.subnetwork !== undefined) {
        const subnet = subnetOfNetwork(
            gcp.compute.getSubnetworkOutput({ name: settings.subnetwork, region }, lookup),
            "subnetwork",
            internalSetting(settings, "network"),
        );
        return new gcp.compute.Address(
            `${name}-ip`,
            internalAddressArgs({ ...settings, region }, subnet.selfLink),
            protectedChild(ctx),
        );
    }
    if (settings.staticIpName === undefined) return undefined;
    // The internal load balancer's forwarding rule takes an INTERNAL address of the VPC; a regional EXTERNAL one (a
    // regional external load balancer's) would fail in GKE only after the load balancer's wait.
    return gcp.compute.getAddressOutput({ name: settings.staticIpName, region }, lookup).apply((found) => {
        const type: string | undefined = found.addressType;
        if (type === undefined || type === "INTERNAL") return found;
        const message = `"${found.name}" is an ${type} address; the internal load balancer takes an INTERNAL address of the cluster's subnet in ${region}: name one, or unset staticIpName to reserve one (createStaticIp, subnetwork)`;
        throw new MilvusL7ConfigError([{ key: "staticIpName", message }], "");
    });
}

/** The proxy-only subnet of the internal load balancer: what was made here (none when looked up), and its range. */
export interface ProxyOnlySubnet {
    /** The subnet created from `proxyOnlySubnetCidr`, which the load balancer waits for; empty otherwise. */
    created: pulumi.Resource[];
    /** Its IPv4 range, where the regional load balancer's proxies (and their health checks) come from; none external. */
    ipCidrRange?: pulumi.Output<string>;
}

/**
 * With `loadBalancerScope: internal`, the proxy-only subnet of `network` in `region`: created from
 * `proxyOnlySubnetCidr`, or the existing `proxyOnlySubnet` looked up (a mistyped name fails at preview). The network
 * is looked up as well, for the same reason. The external load balancer has no such subnet.
 */
export function proxyOnlySubnet(ctx: StepContext, parent: pulumi.Resource): ProxyOnlySubnet {
    const { name, settings, child } = ctx;
    if (settings.loadBalancerScope !== "internal") return { created: [] };
    const region = internalSetting(settings, "region");
    const lookup = { parent, dependsOn: child.dependsOn };
    if (settings.proxyOnlySubnetCidr !== undefined) {
        const network = gcp.compute.getNetworkOutput({ name: internalSetting(settings, "network") }, lookup);
        const subnet = new gcp.compute.Subnetwork(
            `${name}-proxy-only-subnet`,
            proxyOnlySubnetArgs({ region, proxyOnlySubnetCidr: settings.proxyOnlySubnetCidr }, network.selfLink),
            child,
        );
        return { created: [subnet], ipCidrRange: subnet.ipCidrRange };
    }
    const existing = subnetOfNetwork(
        gcp.compute.getSubnetworkOutput({ name: internalSetting(settings, "proxyOnlySubnet"), region }, lookup),
        "proxyOnlySubnet",
        internalSetting(settings, "network"),
    );
    return { created: [], ipCidrRange: existing.ipCidrRange };
}

/**
 * `subnet`, looked up by the argument `key` names, once it is found in the VPC `network`: the cluster's subnet and the
 * proxy-only subnet GKE uses are in the cluster's VPC, so a subnet of another one means `network` (where the proxy-only
 * subnet and the firewall rule are made) or `key` names the wrong thing, which GKE would report only after the load
 * balancer's wait. Fails the preview, naming the key.
 */
function subnetOfNetwork(
    subnet: pulumi.Output<gcp.compute.GetSubnetworkResult>,
    key: "subnetwork" | "proxyOnlySubnet",
    network: string,
): pulumi.Output<gcp.compute.GetSubnetworkResult> {
    return subnet.apply((found) => {
        // The Compute API names the network by its URL, .../global/networks/<name>.
        const url: string | undefined = found.network;
        const actual = url?.split("/").pop();
        if (actual === undefined || actual === network) return found;
        const message = `"${found.name ?? ""}" is a subnet of VPC network "${actual}", not network "${network}": the internal load balancer's address and proxies are in the cluster's VPC; set network to it, or name a subnet of it`;
        throw new MilvusL7ConfigError([{ key, message }], "");
    });
}

/**
 * The A record of the domain, when `dnsZone` is given. With a reserved address the record needs no load balancer
 * yet: DNS propagates, and a managed certificate can start provisioning, as soon as GCP serves the address.
 */
export function dnsRecord({ name, settings, child }: StepContext, ip: pulumi.Input<string>): void {
    if (settings.dnsZone === undefined) return;
    new gcp.dns.RecordSet(
        `${name}-dns`,
        { ...dnsRecordArgs({ domain: settings.domain, dnsZone: settings.dnsZone }), rrdatas: [ip] },
        child,
    );
}
