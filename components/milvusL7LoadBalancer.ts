import * as gcp from "./sdk/gcp";
import * as k8s from "./sdk/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import type { JsonObject, MilvusL7LoadBalancerArgs, PlainObject } from "./args";
import * as gatewayApi from "./gateway";
import { addressDeletionPolicy, dnsRecordArgs, managedSslCertificateArgs, securityPolicyRules, sslPolicyArgs } from "./gcp";
import * as gke from "./gke";
import { milvusHelmValues, milvusUserYaml, ownedMilvusValues, rootPasswordKey } from "./milvus";
import { objectStorage } from "./objectStorage";
import { MilvusL7ConfigError } from "./problems";
import { componentNameProblems } from "./names";
import { resolveSettings } from "./settings";

/** Where the Milvus chart is published (zilliztech/milvus-helm). */
export const milvusChartRepo = "https://zilliztech.github.io/milvus-helm/";

/**
 * GCE load balancers often take more than the 10 minutes Pulumi's Ingress await allows by default before the
 * Ingress gets an IP, or the Gateway is programmed (forwarding rule, URL map, NEG backends, health checks are all
 * created in turn).
 */
const loadBalancerTimeout = "30m";

/** What GKE writes into a Gateway's status that the component reads: the load balancer's addresses. */
interface GatewayStatus {
    addresses?: { type?: string; value?: string }[];
}

const tlsServerUses = ["key_encipherment", "digital_signature", "server_auth"];

/** A key and a self-signed server certificate, the key kept secret. */
function selfSignedCertificate(
    name: string,
    cert: { commonName: string; dnsNames: string[]; validityPeriodHours: number; earlyRenewalHours: number },
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
function tlsSecret(
    name: string,
    metadata: { name: string; namespace: string },
    pair: { privateKeyPem: pulumi.Output<string>; certPem: pulumi.Output<string> },
    opts: pulumi.CustomResourceOptions,
) {
    return new k8s.core.v1.Secret(
        name,
        { metadata, type: "kubernetes.io/tls", stringData: { "tls.crt": pair.certPem, "tls.key": pair.privateKeyPem } },
        opts,
    );
}

/**
 * Milvus on GKE behind a GCP external Application Load Balancer (HTTPS, HTTP/2 to the backend), TLS-only, built
 * from a GCE Ingress or (`loadBalancerApi: "gateway"`) a GKE Gateway: the steps of the GCP Layer-7 guide, corrected
 * for Milvus 2.6 and made fit for production.
 *
 * Creates, as children named `<name>-<role>`: the Milvus Helm release (unless `manageRelease` is false) with TLS on
 * the gRPC port, a self-signed backend certificate, the load balancer's Service annotations and, by default,
 * authentication with a generated root password; a BackendConfig (health check on 9091 `/healthz`, timeouts,
 * logging, Cloud Armor); the front-end certificate (self-signed Secret or ManagedCertificate); an SSL policy and the
 * FrontendConfig that applies it; a reserved global address and a DNS record when asked for; and the Ingress. In
 * gateway mode the Service patch sets the gRPC port's `appProtocol` instead, a HealthCheckPolicy and a
 * GCPBackendPolicy replace the BackendConfig, a GCPGatewayPolicy the FrontendConfig, a Compute ManagedSslCertificate
 * the ManagedCertificate, and a Gateway with its HTTPRoute the Ingress. Nothing the front end depends on (domain,
 * certificate, TLS policy, address, source ranges, the mode) reaches the Helm release, so front-end changes never
 * touch Milvus or its data.
 */
export class MilvusL7LoadBalancer extends pulumi.ComponentResource {
    /** Type token, for use across languages and in `aliases`. */
    public static readonly typeToken = "milvus-l7:index:MilvusL7LoadBalancer";

    /**
     * The load balancer's public IP, from the Ingress's (or the Gateway's) status once GKE has built it. Point `domain`
     * at it.
     */
    public readonly loadBalancerIp: pulumi.Output<string>;
    /** Where clients connect: `<domain>:443` (with a wildcard domain, any name it covers in place of `*`). */
    public readonly endpoint: pulumi.Output<string>;
    /**
     * The front-end certificate (PEM) clients must trust in self-managed mode, with `domain` as TLS server name;
     * undefined in google-managed mode, where clients use their system roots.
     */
    public readonly certificatePem: pulumi.Output<string | undefined>;
    /** The root user's password (user `root`), a secret; undefined when `auth` is false. */
    public readonly rootPassword: pulumi.Output<string | undefined>;
    /**
     * The chart values the load balancer depends on and this component owns (ClusterIP Service and its annotations,
     * TLS and authentication in user.yaml, the backend certificate mount, the root password's Secret reference; no
     * secrets, no defaults or `helmValues`). With `manageRelease: false`, what your own release must carry:
     * `helm upgrade <release> milvus/milvus --reuse-values -f <these values>`.
     */
    public readonly milvusHelmValues: pulumi.Output<JsonObject>;
    /** The Milvus Service the load balancer sends traffic to. */
    public readonly serviceName: pulumi.Output<string>;

    /**
     * @param name Component name; children are named `<name>-<role>`, and GCP children's names start with it, so it
     *   is lowercase letters, digits and '-', starting with a letter, at most 39 characters.
     * @param args See {@link MilvusL7LoadBalancerArgs}. Validated as a whole before anything is created: on any
     *   problem this throws a {@link MilvusL7ConfigError} listing every one, and registers no resource.
     * @param opts Resource options; providers given here (kubernetes, gcp, tls, random) are used by every child, and
     *   every child waits for `dependsOn`.
     */
    constructor(name: string, args: MilvusL7LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, problems: argProblems } = resolveSettings(args);
        const problems = [...componentNameProblems(name), ...argProblems];
        if (problems.length > 0) throw new MilvusL7ConfigError(problems, "");
        super(MilvusL7LoadBalancer.typeToken, name, {}, opts);
        // Pulumi does not pass a component's dependsOn on to its children: without this, they would not wait for it
        // (e.g. a GKE cluster lookup that must succeed before anything is created).
        const child: pulumi.CustomResourceOptions = { parent: this, dependsOn: opts?.dependsOn };
        const protectedChild = { ...child, protect: settings.protect };
        const after = (base: pulumi.CustomResourceOptions, dependsOn: pulumi.Resource[]) => pulumi.mergeOptions(base, { dependsOn });
        const metadata = (objectName: string) => ({ name: objectName, namespace: settings.namespace });

        // The load balancer speaks HTTP/2 to Milvus only over TLS and does not validate the certificate, so a
        // long-lived self-signed one named after the in-cluster Service serves; it never mentions the domain.
        const serviceDns = `${settings.serviceName}.${settings.namespace}.svc`;
        const backendPair = selfSignedCertificate(
            `${name}-backend-tls`,
            {
                commonName: serviceDns,
                dnsNames: [settings.serviceName, `${settings.serviceName}.${settings.namespace}`, serviceDns, `${serviceDns}.cluster.local`],
                validityPeriodHours: 10 * 365 * 24,
                earlyRenewalHours: 0,
            },
            child,
        );
        const backendTlsSecret = tlsSecret(`${name}-backend-tls`, metadata(settings.backendTlsSecretName), backendPair, child);

        // Cloud Armor sees every request before the backend; the default rule (deny) is part of the policy.
        const securityPolicy = settings.allowedSourceRanges
            ? new gcp.compute.SecurityPolicy(
                  `${name}-security-policy`,
                  { description: "Clients allowed to reach Milvus", rules: securityPolicyRules(settings.allowedSourceRanges) },
                  child,
              )
            : undefined;
        // A Gateway ignores BackendConfig and FrontendConfig (GKE docs, "Deploying Gateways", limitations): its
        // policies (HealthCheckPolicy, GCPBackendPolicy, GCPGatewayPolicy) stand in for them.
        const viaGateway = settings.loadBalancerApi === "gateway";
        const backendConfig = viaGateway
            ? undefined
            : new k8s.apiextensions.CustomResource(
                  `${name}-backend-config`,
                  gke.backendConfig(settings, { securityPolicyName: securityPolicy?.name }),
                  child,
              );
        const ingressConfigs = backendConfig ? [backendConfig] : [];

        // The password exists only as a Pulumi secret and in a Kubernetes Secret; the release refers to the Secret.
        const rootPassword = settings.auth
            ? new random.RandomPassword(`${name}-root-password`, { length: 32, special: false }, protectedChild)
            : undefined;
        const rootPasswordSecret = rootPassword
            ? new k8s.core.v1.Secret(
                  `${name}-root-password`,
                  { metadata: metadata(settings.rootPasswordSecretName), type: "Opaque", stringData: { [rootPasswordKey]: rootPassword.result } },
                  protectedChild,
              )
            : undefined;

        // objectStorage "gcs": the bucket, its Google service account and grants; nothing in minio mode.
        const storage = objectStorage(name, settings, child);

        // Secrets inside milvusConfig (Outputs) make the whole user.yaml, and so the values that carry it, secret.
        const userYaml = pulumi.output(settings.milvusConfig).apply((milvusConfig) => milvusUserYaml(milvusConfig, settings.auth));
        const release = settings.manageRelease
            ? new k8s.helm.v3.Release(
                  `${name}-milvus`,
                  {
                      // An explicit name: otherwise Pulumi suffixes it, and every chart object is renamed with it.
                      name: settings.releaseName,
                      namespace: settings.namespace,
                      chart: "milvus",
                      version: settings.chartVersion,
                      repositoryOpts: { repo: milvusChartRepo },
                      values: milvusHelmValues(settings, userYaml, storage.serviceAccountEmail),
                      timeout: settings.helmTimeoutSeconds,
                  },
                  // Pods mount the backend certificate and read the password at start; the Service's annotation names
                  // the BackendConfig. Nothing of the front end is waited on, so Milvus starts while GCP builds it.
                  after(protectedChild, [backendTlsSecret, ...ingressConfigs, ...(rootPasswordSecret ? [rootPasswordSecret] : []), ...storage.waitFor]),
              )
            : undefined;
        // The chart's Service must exist first; the BackendConfig the annotation names, too.
        const servicePatch = new k8s.core.v1.ServicePatch(
            `${name}-service`,
            viaGateway ? gatewayApi.milvusServiceAppProtocolPatch(settings) : gke.milvusServicePatch(settings),
            after(child, [...ingressConfigs, ...(release ? [release] : [])]),
        );

        let frontendCertificate: pulumi.Resource;
        let sslCertificate: gcp.compute.ManagedSslCertificate | undefined;
        let certificatePem: pulumi.Output<string | undefined>;
        if (settings.certMode === "self-managed") {
            const frontendPair = selfSignedCertificate(
                `${name}-frontend-tls`,
                { commonName: settings.domain, dnsNames: [settings.domain], validityPeriodHours: 365 * 24, earlyRenewalHours: 30 * 24 },
                child,
            );
            frontendCertificate = tlsSecret(`${name}-frontend-tls`, metadata(settings.frontendTlsSecretName), frontendPair, child);
            certificatePem = frontendPair.certPem;
        } else if (viaGateway) {
            // The Gateway controller does not read ManagedCertificate: a Compute certificate, named on the listener.
            // Provisioning needs DNS pointing at the load balancer and takes 15-60 min; nothing waits on it.
            sslCertificate = new gcp.compute.ManagedSslCertificate(`${name}-ssl-cert`, managedSslCertificateArgs(settings), child);
            frontendCertificate = sslCertificate;
            certificatePem = pulumi.output(undefined);
        } else {
            // Provisioning needs DNS pointing at the load balancer and takes 15-60 min; nothing waits on it.
            frontendCertificate = new k8s.apiextensions.CustomResource(
                `${name}-managed-cert`,
                gke.managedCertificate(settings),
                child,
            );
            certificatePem = pulumi.output(undefined);
        }

        const sslPolicy = new gcp.compute.SSLPolicy(`${name}-ssl-policy`, sslPolicyArgs(settings), child);

        const address = settings.createStaticIp
            ? new gcp.compute.GlobalAddress(
                  `${name}-ip`,
                  {
                      addressType: "EXTERNAL",
                      ipVersion: "IPV4",
                      // Constant: the Compute API cannot change an address's description, so any change would
                      // replace the address and with it the IP that DNS and certificates point at.
                      description: "Load balancer of Milvus",
                      deletionPolicy: addressDeletionPolicy(settings),
                  },
                  protectedChild,
              )
            : undefined;
        // Looked up, so that a mistyped name fails here rather than after the Ingress's 30-minute await.
        const existingAddress =
            settings.staticIpName === undefined
                ? undefined
                : gcp.compute.getGlobalAddressOutput({ name: settings.staticIpName }, { parent: this, dependsOn: opts?.dependsOn });
        const staticIpName = address?.name ?? existingAddress?.name;

        // The load balancer does not wait for a managed release: GCP builds it (minutes) while Milvus starts, its
        // Service annotated by the chart. An existing release's Service is patched first, since annotations added to a
        // Service already behind an Ingress may not reach its backend (ingress-gce#1503).
        const frontEndOptions = (waitsFor: pulumi.Resource[]): pulumi.CustomResourceOptions => ({
            ...after(child, [...waitsFor, frontendCertificate, ...(release ? [] : [servicePatch])]),
            customTimeouts: { create: loadBalancerTimeout, update: loadBalancerTimeout },
            // A reserved address serves one forwarding rule at a time: a replacement Ingress or Gateway (new namespace)
            // created while the old one holds it never gets its IP ("IP ... is already being used by another
            // resource", ingress-gce), so its 30-minute await fails and the old one stays. Delete the old one first.
            deleteBeforeReplace: staticIpName !== undefined,
        });
        if (viaGateway) {
            const policies = [
                new k8s.apiextensions.CustomResource(`${name}-health-check`, gatewayApi.healthCheckPolicy(settings), child),
                new k8s.apiextensions.CustomResource(`${name}-backend-policy`, gatewayApi.backendPolicy(settings, { securityPolicyName: securityPolicy?.name }), child),
                new k8s.apiextensions.CustomResource(`${name}-gateway-policy`, gatewayApi.gatewayPolicy(settings, { sslPolicyName: sslPolicy.name }), child),
            ];
            const route = new k8s.apiextensions.CustomResource(`${name}-route`, gatewayApi.httpRoute(settings), child);
            // Created last, so the load balancer GKE programs has its route and policies from the start; `status` is
            // read back for the address GKE gives it.
            const gatewayResource = new k8s.apiextensions.CustomResource(
                `${name}-gateway`,
                { ...gatewayApi.gateway(settings, { staticIpName, sslCertificateName: sslCertificate?.name }), status: undefined },
                frontEndOptions([...policies, route]),
            ) as k8s.apiextensions.CustomResource & { status: pulumi.Output<GatewayStatus | undefined> };
            const reservedIp = address?.address ?? existingAddress?.address ?? pulumi.output(undefined);
            this.loadBalancerIp = pulumi
                .all([gatewayResource.status, reservedIp])
                .apply(([status, reserved]) => status?.addresses?.[0]?.value ?? reserved ?? "");
        } else {
            const frontendConfig = new k8s.apiextensions.CustomResource(
                `${name}-frontend-config`,
                gke.frontendConfig(settings, { sslPolicyName: sslPolicy.name }),
                child,
            );
            const gceIngress = new k8s.networking.v1.Ingress(
                `${name}-ingress`,
                gke.ingress(settings, { staticIpName }),
                frontEndOptions([...ingressConfigs, frontendConfig]),
            );
            this.loadBalancerIp = gceIngress.status.apply((status) => status?.loadBalancer?.ingress?.[0]?.ip ?? "");
        }

        if (settings.dnsZone !== undefined) {
            // With a reserved address the record needs no load balancer yet: DNS propagates, and a managed
            // certificate can start provisioning, as soon as GCP serves the address.
            const ip = address?.address ?? existingAddress?.address ?? this.loadBalancerIp;
            new gcp.dns.RecordSet(`${name}-dns`, { ...dnsRecordArgs({ domain: settings.domain, dnsZone: settings.dnsZone }), rrdatas: [ip] }, child);
        }

        this.endpoint = pulumi.output(`${settings.domain}:443`);
        this.certificatePem = certificatePem;
        this.rootPassword = rootPassword ? pulumi.secret(rootPassword.result) : pulumi.output(undefined);
        this.milvusHelmValues = pulumi.output(ownedMilvusValues(settings, userYaml, storage.serviceAccountEmail)).apply((v): PlainObject => v);
        this.serviceName = pulumi.output(settings.serviceName);
        this.registerOutputs({
            loadBalancerIp: this.loadBalancerIp,
            endpoint: this.endpoint,
            certificatePem: this.certificatePem,
            rootPassword: this.rootPassword,
            milvusHelmValues: this.milvusHelmValues,
            serviceName: this.serviceName,
        });
    }
}
