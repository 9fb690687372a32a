import * as pulumi from "@pulumi/pulumi";
import { ownedMilvusValues } from "./chartValues";
import {
    cloudArmorPolicy,
    dnsRecord,
    frontEndCertificate,
    healthCheckFirewall,
    loadBalancerAddress,
    proxyOnlySubnet,
    sslPolicy,
} from "./edge";
import { frontEndModel } from "./frontEnd";
import { frontEnds } from "./frontEnds";
import { backendTls, milvusRelease } from "./milvusRelease";
import { componentNameProblems } from "./objectNames";
import { MilvusL7ConfigError } from "./problems";
import { resolveSettings } from "./settings";
import { after, loadBalancerOptions, type StepContext } from "./stepContext";
import type { FrontEndKind, JsonObject, MilvusL7LoadBalancerArgs, MilvusL7Settings, PlainObject } from "./types";

/**
 * The component's outputs: every public field it adds to a ComponentResource, set at once at the end of construction.
 * Declared on the class, each with its TSDoc, because Pulumi's schema analyzer reads a component's outputs and their
 * descriptions from the class's own members only (@pulumi/pulumi provider/experimental/analyzer.js, analyzeComponent).
 */
export type MilvusL7LoadBalancerOutputs = Omit<MilvusL7LoadBalancer, keyof pulumi.ComponentResource>;

/** The settings of valid arguments; otherwise throws every problem, before anything is registered. */
function validSettings(name: string, args: MilvusL7LoadBalancerArgs): MilvusL7Settings {
    const { settings, problems } = resolveSettings(args);
    const all = [...componentNameProblems(name), ...problems];
    if (all.length > 0) throw new MilvusL7ConfigError(all, "");
    return settings;
}

/**
 * Milvus on GKE behind a GCP external Application Load Balancer (HTTPS, HTTP/2 to the backend), TLS-only, built
 * from a GCE Ingress or (loadBalancerApi `gateway`) a GKE Gateway: the steps of the GCP Layer-7 guide, corrected
 * for Milvus 2.6 and made fit for production. With loadBalancerScope `internal`, the regional internal Application
 * Load Balancer instead (Ingress class `gce-internal`, Gateway class `gke-l7-rilb`), on a regional INTERNAL address,
 * with its proxy-only subnet looked up or created, a regional SSL policy and certificate (gateway mode), and no
 * FrontendConfig, ManagedCertificate or Cloud Armor, which it cannot use.
 *
 * Creates, as children named `<name>-<role>`: the Milvus Helm release (unless `manageRelease` is false) with TLS on
 * the gRPC port, a self-signed backend certificate, the load balancer's Service annotations and, by default,
 * authentication with a generated root password; a BackendConfig (health check on 9091 `/healthz`, timeouts,
 * logging, Cloud Armor); the front-end certificate (self-signed Secret or ManagedCertificate); an SSL policy and the
 * FrontendConfig that applies it; a reserved global address and a DNS record when asked for; and the Ingress. In
 * gateway mode the Service patch sets the gRPC port's `appProtocol` instead, a HealthCheckPolicy and a
 * GCPBackendPolicy replace the BackendConfig, a GCPGatewayPolicy the FrontendConfig, a Compute ManagedSslCertificate
 * the ManagedCertificate, and a Gateway with its HTTPRoute the Ingress, each waited for until GKE accepts it; a VPC
 * firewall rule lets Google's health checks in, and certMode `certificate-manager` serves a DNS-authorized
 * Certificate Manager certificate through a certificate map. Nothing the front end depends on (domain,
 * certificate, TLS policy, address, source ranges, the mode) reaches the Helm release, so front-end changes never
 * touch Milvus or its data.
 */
export class MilvusL7LoadBalancer extends pulumi.ComponentResource {
    /** Type token, for use across languages and in `aliases`. */
    public static readonly typeToken = "milvus-l7:index:MilvusL7LoadBalancer";

    /**
     * The load balancer's IP (public; with loadBalancerScope `internal`, an address of the VPC), from the Ingress's
     * (or the Gateway's) status once GKE has built it. Point `domain` at it.
     */
    declare public readonly loadBalancerIp: pulumi.Output<string>;
    /** Where clients connect: `<domain>:443` (with a wildcard domain, any name it covers in place of `*`). */
    declare public readonly endpoint: pulumi.Output<string>;
    /**
     * The front-end certificate (PEM) clients must trust in self-managed mode, with `domain` as TLS server name;
     * unset in the other certificate modes, where clients use their system roots.
     */
    declare public readonly certificatePem: pulumi.Output<string | undefined>;
    /** The root user's password (user `root`), a secret; unset when `auth` is false. */
    declare public readonly rootPassword: pulumi.Output<string | undefined>;
    /**
     * The chart values the load balancer depends on and this component owns (ClusterIP Service and its annotations,
     * TLS and authentication in user.yaml, the backend certificate mount, the root password's Secret reference; no
     * secrets, no defaults or `helmValues`). With manageRelease false, what your own release must carry:
     * `helm upgrade <release> milvus/milvus --reuse-values -f <these values>`.
     */
    declare public readonly milvusHelmValues: pulumi.Output<JsonObject>;
    /** The Milvus Service the load balancer sends traffic to. */
    declare public readonly serviceName: pulumi.Output<string>;
    /**
     * Certificate Manager's state of the front-end certificate in certificate-manager mode (`PROVISIONING`, then
     * `ACTIVE`; `pulumi refresh` reads it anew); unset otherwise.
     */
    declare public readonly certificateState: pulumi.Output<string | undefined>;
    /**
     * The DNS record that authorizes the certificate in certificate-manager mode when no `dnsZone` makes it, as
     * `<name> CNAME <data>` (`_acme-challenge.<domain>. CNAME <...>.authorize.certificatemanager.goog.`): create it in
     * your DNS; unset otherwise.
     */
    declare public readonly dnsAuthorizationRecord: pulumi.Output<string | undefined>;
    /**
     * The kind of the Kubernetes object that makes the load balancer: `Ingress`, or `Gateway` with loadBalancerApi
     * `gateway`.
     */
    declare public readonly frontEndKind: pulumi.Output<FrontEndKind>;
    /**
     * The name of that Ingress or Gateway, in `namespace`: what `kubectl describe` takes, or another object targets
     * (a GKE policy's targetRef, an HTTPRoute's parentRef). Known once the object exists.
     */
    declare public readonly frontEndName: pulumi.Output<string>;
    /**
     * The name of the reserved address the load balancer uses (global; with loadBalancerScope `internal`, a regional
     * INTERNAL one): the one created here (createStaticIp), or the existing one `staticIpName` names; unset when the
     * load balancer has an ephemeral IP.
     */
    declare public readonly reservedAddressName: pulumi.Output<string | undefined>;
    /**
     * The name of the GCP SSL policy that sets the lowest TLS version clients may use: a compute SSLPolicy, or with
     * loadBalancerScope `internal` in gateway mode a RegionSslPolicy; unset for an internal Ingress, which can name
     * none.
     */
    declare public readonly sslPolicyName: pulumi.Output<string | undefined>;
    /**
     * The name of the Cloud Armor security policy that lets only `allowedSourceRanges` through; unset when no ranges
     * are given (no policy is made).
     */
    declare public readonly securityPolicyName: pulumi.Output<string | undefined>;
    /**
     * The Milvus Helm release's name: the release installed here, known once it is; with manageRelease false, the
     * existing release the load balancer fronts.
     */
    declare public readonly releaseName: pulumi.Output<string>;
    /**
     * The Milvus Helm release's status as Helm reports it (`deployed` once Milvus is ready); unset with manageRelease
     * false, where no release is installed here.
     */
    declare public readonly releaseStatus: pulumi.Output<string | undefined>;

    /**
     * @param name Component name; children are named `<name>-<role>`, and GCP children's names start with it, so it
     *   is lowercase letters, digits and '-', starting with a letter, at most 39 characters.
     * @param args See {@link MilvusL7LoadBalancerArgs}. Validated as a whole before anything is created: on any
     *   problem this throws a {@link MilvusL7ConfigError} listing every one, and registers no resource.
     * @param opts Resource options; providers given here (kubernetes, gcp, tls, random) are used by every child, and
     *   every child waits for `dependsOn`.
     */
    constructor(name: string, args: MilvusL7LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = validSettings(name, args);
        super(MilvusL7LoadBalancer.typeToken, name, {}, opts);
        // Pulumi does not pass a component's dependsOn on to its children: without this, they would not wait for it
        // (e.g. a GKE cluster lookup that must succeed before anything is created).
        const ctx: StepContext = { name, settings, child: { parent: this, dependsOn: opts?.dependsOn } };
        const fe = frontEndModel(settings);
        const realizer = frontEnds[settings.loadBalancerApi];

        const backendTlsSecret = backendTls(ctx);
        const securityPolicy = cloudArmorPolicy(ctx);
        const backendObjects = realizer.backendObjects(ctx, fe, { securityPolicyName: securityPolicy?.name });
        const { release, rootPassword, userYaml, storageAccountEmail } = milvusRelease(ctx, [
            backendTlsSecret,
            ...backendObjects,
        ]);
        // The chart's Service must exist first; the objects its annotations name, too.
        const servicePatch = realizer.servicePatch(
            ctx,
            fe,
            after(ctx.child, [...backendObjects, ...(release ? [release] : [])]),
        );
        const certificate = frontEndCertificate(ctx, fe, realizer);
        const ssl = sslPolicy(ctx, realizer.sslPolicyKind[settings.loadBalancerScope]);
        const address = loadBalancerAddress(ctx, this);
        const proxySubnet = proxyOnlySubnet(ctx, this);
        healthCheckFirewall(ctx, proxySubnet.ipCidrRange);

        // Before the load balancer: an existing release's Service patch (ingress-gce#1503), a proxy-only subnet made.
        const waitsFor = [...backendObjects, certificate.resource, ...(release ? [] : [servicePatch])];
        waitsFor.push(...proxySubnet.created);
        const frontEndOptions = loadBalancerOptions(ctx, waitsFor, address.staticIpName !== undefined);
        const policyNames = { sslPolicyName: ssl?.name, securityPolicyName: securityPolicy?.name };
        const { sslCertificateName, certificateMapName, certificateName } = certificate;
        const refs = { ...address, sslCertificateName, certificateMapName, certificateName, ...policyNames };
        const loadBalancer = realizer.loadBalancer(ctx, fe, refs, frontEndOptions);
        dnsRecord(ctx, address.reservedIp ?? loadBalancer.ip);

        const outputs: MilvusL7LoadBalancerOutputs = {
            loadBalancerIp: loadBalancer.ip,
            endpoint: pulumi.output(`${settings.domain}:443`),
            certificatePem: certificate.certificatePem,
            rootPassword,
            milvusHelmValues: pulumi
                .output(ownedMilvusValues(settings, userYaml, storageAccountEmail))
                .apply((v): PlainObject => v),
            serviceName: pulumi.output(settings.serviceName),
            certificateState: certificate.certificateState ?? pulumi.output(undefined),
            dnsAuthorizationRecord: certificate.dnsAuthorizationRecord ?? pulumi.output(undefined),
            frontEndKind: pulumi.output(realizer.kind),
            frontEndName: loadBalancer.name,
            reservedAddressName: address.staticIpName ?? pulumi.output(undefined),
            sslPolicyName: policyNames.sslPolicyName ?? pulumi.output(undefined),
            securityPolicyName: policyNames.securityPolicyName ?? pulumi.output(undefined),
            releaseName: release?.name ?? pulumi.output(settings.releaseName),
            releaseStatus: release?.status.status ?? pulumi.output(undefined),
        };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
