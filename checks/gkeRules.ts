// The rules GKE's Ingress controller (kubernetes/ingress-gce) and the GKE Ingress docs set that no schema we validate
// with expresses (@kubernetes-models/gke carries shapes, not the controller's reading of annotations). Each rule is a
// small function over one object (and the objects applied with it, where its references must resolve), returning
// one message per breach, naming the object. gkeRuleProblems runs them object by object, Ingress first.
import { isPlainObject } from "../components/plainData";
import { annotationJson, annotationsOf, at, find, list, ofKind, plain, type KubeObject, type Objects } from "./lookup";
import { milvusBackendFacts, type BackendFacts } from "./milvusChart";

/** An Ingress backend (networking.k8s.io/v1 IngressBackend), as read. */
interface IngressBackendRef {
    service?: { name?: string; port?: { number?: number; name?: string } };
}

/** What a rule on a backend's Service reads besides the Service: the backend, and where its references resolve. */
interface BackendContext {
    backend: IngressBackendRef;
    objects: Objects;
    facts: BackendFacts;
}

/** A `spec.tls` entry of an Ingress (networking.k8s.io/v1 IngressTLS), as read. */
interface IngressTls {
    hosts?: string[];
    secretName?: string;
}

const managedCertificatesKey = "networking.gke.io/managed-certificates";
const preSharedCertKey = "ingress.gcp.kubernetes.io/pre-shared-cert";

/** The Ingress's `spec.tls` entries. */
const tlsOf = (ing: KubeObject) => list(plain(ing.spec).tls) as IngressTls[];

/** The ManagedCertificate names the annotation lists, comma-separated. */
const managedCertificateNames = (ing: KubeObject) =>
    (annotationsOf(ing)[managedCertificatesKey] ?? "")
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean);

/** The domains a ManagedCertificate asks for. */
const domainsOf = (cert: KubeObject): string[] => [...((plain(cert.spec).domains as string[] | undefined) ?? [])];

/** The default backend, then each rule's paths' backends. */
function ingressBackends(ing: KubeObject): IngressBackendRef[] {
    const spec = plain(ing.spec);
    const fromRules = list(spec.rules)
        .flatMap((r) => list(plain(r.http).paths))
        .map((p) => plain(p.backend) as IngressBackendRef);
    return spec.defaultBackend ? [plain(spec.defaultBackend), ...fromRules] : fromRules;
}

/** The Service port name a backend routes to: its own, or the name of the port of its number. */
function backendPortName(backend: IngressBackendRef, facts: BackendFacts): string | undefined {
    const portNumber = backend.service?.port?.number;
    return (
        backend.service?.port?.name ??
        Object.entries(facts.servicePorts).find(([, number]) => number === portNumber)?.[0]
    );
}

const ingressClassKey = "kubernetes.io/ingress.class";
const globalStaticIpKey = "kubernetes.io/ingress.global-static-ip-name";
const regionalStaticIpKey = "kubernetes.io/ingress.regional-static-ip-name";
const frontendConfigKey = "networking.gke.io/v1beta1.FrontendConfig";

/** Whether the Ingress makes the regional internal Application Load Balancer (class `gce-internal`). */
const isInternal = (ing: KubeObject) => annotationsOf(ing)[ingressClassKey] === "gce-internal";

/**
 * `kubernetes.io/ingress.class` is "gce" or "gce-internal", the classes for which the controller builds the external
 * and the internal Application Load Balancer (kubernetes/ingress-gce pkg/annotations/ingress.go, IngressClassKey,
 * GceL7ILBIngressClass).
 */
export function ingressClassProblems(ing: KubeObject): string[] {
    if (["gce", "gce-internal"].includes(annotationsOf(ing)[ingressClassKey] ?? "")) return [];
    return [
        `${at(ing)}: annotation kubernetes.io/ingress.class must be "gce" (external) or "gce-internal" (internal Application Load Balancer)`,
    ];
}

/** No `spec.ingressClassName`: GKE ignores an Ingress that has it without the gce annotation (GKE Ingress docs). */
export function ingressClassNameProblems(ing: KubeObject): string[] {
    if (plain(ing.spec).ingressClassName === undefined) return [];
    return [
        `${at(ing)}: spec.ingressClassName must not be set (GKE ignores such an Ingress without the gce annotation)`,
    ];
}

/** Managed certificates and a pre-shared certificate are never set together (GKE Ingress docs). */
export function certificateSourceProblems(ing: KubeObject): string[] {
    if (managedCertificateNames(ing).length === 0 || annotationsOf(ing)[preSharedCertKey] === undefined) return [];
    return [`${at(ing)}: managed-certificates and pre-shared-cert must not be set together`];
}

/**
 * `kubernetes.io/ingress.allow-http` is "false", so port 80 stays closed: the controller reads it with
 * strconv.ParseBool, and unset or unparsable counts as true (kubernetes/ingress-gce pkg/annotations/ingress.go,
 * AllowHTTP).
 */
export function allowHttpProblems(ing: KubeObject): string[] {
    const allowHttp = annotationsOf(ing)["kubernetes.io/ingress.allow-http"];
    if (allowHttp === "false") return [];
    return [
        `${at(ing)}: kubernetes.io/ingress.allow-http must be "false" (port 80 stays closed; got ${JSON.stringify(allowHttp)})`,
    ];
}

/**
 * Some certificate: with allow-http "false" the controller makes only the port-443 front end, from the certificates
 * (kubernetes/ingress-gce pkg/annotations/ingress.go, AllowHTTPKey), so with none there is no front end at all.
 */
export function certificatePresenceProblems(ing: KubeObject): string[] {
    if (
        managedCertificateNames(ing).length > 0 ||
        tlsOf(ing).length > 0 ||
        annotationsOf(ing)[preSharedCertKey] !== undefined
    )
        return [];
    return [`${at(ing)}: no certificate: with allow-http "false" the load balancer has no front end at all`];
}

/**
 * `networking.gke.io/v1beta1.FrontendConfig` names a FrontendConfig in the Ingress's namespace (kubernetes/ingress-gce
 * pkg/annotations/ingress.go, FrontendConfigKey).
 */
export function frontendConfigRefProblems(ing: KubeObject, objects: Objects): string[] {
    const name = annotationsOf(ing)[frontendConfigKey];
    if (name === undefined || find(objects, "FrontendConfig", ing.metadata.namespace, name)) return [];
    return [`${at(ing)}: FrontendConfig "${name}" is not among the objects (it must be in the Ingress's namespace)`];
}

/**
 * The static-IP annotation of the Ingress's scope, when set, names a reserved address, which the controller uses but
 * never creates: `global-static-ip-name` a global one for `gce`, `regional-static-ip-name` a regional one for
 * `gce-internal`; the other scope's annotation is not read (kubernetes/ingress-gce pkg/annotations/ingress.go,
 * GlobalStaticIPNameKey, RegionalStaticIPNameKey).
 */
export function staticIpProblems(ing: KubeObject): string[] {
    const [own, other] = isInternal(ing)
        ? [regionalStaticIpKey, globalStaticIpKey]
        : [globalStaticIpKey, regionalStaticIpKey];
    const staticIp = annotationsOf(ing)[own];
    return [
        ...(staticIp === undefined || staticIp.trim() !== ""
            ? []
            : [`${at(ing)}: ${own} must name a reserved address`]),
        ...(annotationsOf(ing)[other] === undefined
            ? []
            : [`${at(ing)}: ${other} is not read for class ${annotationsOf(ing)[ingressClassKey]}; use ${own}`]),
    ];
}

/**
 * What a `gce-internal` Ingress cannot have: a ManagedCertificate (Google-managed certificates serve global load
 * balancers only), a FrontendConfig SSL policy (resolved as a global policy, which a regional proxy cannot use), and
 * any `securityPolicy` in the BackendConfig of a backend, even `name: ""` ("cloud armor security policies not
 * supported" on a regional backend service: kubernetes/ingress-gce pkg/backends/features/securitypolicy.go).
 */
export function internalIngressProblems(ing: KubeObject, objects: Objects): string[] {
    if (!isInternal(ing)) return [];
    const problems = managedCertificateNames(ing).map(
        (name) => `${at(ing)}: managed certificate "${name}" cannot serve the internal load balancer`,
    );
    const configName = annotationsOf(ing)[frontendConfigKey];
    const config = configName ? find(objects, "FrontendConfig", ing.metadata.namespace, configName) : undefined;
    if (config && plain(config.spec).sslPolicy !== undefined)
        problems.push(`${at(config)}: sslPolicy cannot apply to the internal load balancer (a global SSL policy)`);
    for (const backend of ingressBackends(ing)) {
        const service = find(objects, "Service", ing.metadata.namespace, backend.service?.name ?? "");
        const ref = service ? annotationJson(service, "cloud.google.com/backend-config") : undefined;
        const names = isPlainObject(ref) ? [ref.default, ...Object.values(plain(ref.ports))] : [];
        for (const name of names.filter((n): n is string => typeof n === "string")) {
            const bc = find(objects, "BackendConfig", ing.metadata.namespace, name);
            if (bc && "securityPolicy" in plain(bc.spec))
                problems.push(`${at(bc)}: securityPolicy, even name "", fails on the internal load balancer's backend`);
        }
    }
    return [...new Set(problems)];
}

/**
 * Each name in `networking.gke.io/managed-certificates` is a ManagedCertificate in the Ingress's namespace (GKE docs,
 * "GKE managed certificates"); each one found is held to {@link managedCertificateDomainProblems}.
 */
export function managedCertificateRefProblems(ing: KubeObject, objects: Objects): string[] {
    return managedCertificateNames(ing).flatMap((name) => {
        const cert = find(objects, "ManagedCertificate", ing.metadata.namespace, name);
        if (cert) return managedCertificateDomainProblems(cert);
        return [
            `${at(ing)}: managed certificate "${name}" is not among the objects (it must be in the Ingress's namespace)`,
        ];
    });
}

/**
 * A ManagedCertificate lists 1 to 100 domains, none a wildcard (GoogleCloudPlatform/gke-managed-certs README), each
 * at most 63 characters (GKE docs, "GKE managed certificates").
 */
export function managedCertificateDomainProblems(cert: KubeObject): string[] {
    const domains = domainsOf(cert);
    const count =
        domains.length === 0 || domains.length > 100 ? [`${at(cert)}: spec.domains must list 1 to 100 domains`] : [];
    return [
        ...count,
        ...domains.flatMap((d) => [
            ...(d.includes("*") ? [`${at(cert)}: "${d}": managed certificates do not cover wildcards`] : []),
            ...(d.length > 63 ? [`${at(cert)}: "${d}" is longer than 63 characters`] : []),
        ]),
    ];
}

/** Each `spec.tls` entry names a kubernetes.io/tls Secret in the Ingress's namespace (GKE Ingress docs). */
export function tlsSecretProblems(ing: KubeObject, objects: Objects): string[] {
    const secretOf = (entry: IngressTls) =>
        entry.secretName ? find(objects, "Secret", ing.metadata.namespace, entry.secretName) : undefined;
    return tlsOf(ing)
        .filter((entry) => secretOf(entry)?.type !== "kubernetes.io/tls")
        .map(
            (entry) =>
                `${at(ing)}: TLS secret "${entry.secretName}" must be a kubernetes.io/tls Secret in the Ingress's namespace`,
        );
}

/**
 * Every host rule's host is among the domains of this Ingress's certificates (its ManagedCertificates found and its
 * `spec.tls` hosts): the load balancer would present a certificate of another name to clients of that host.
 */
export function hostCoverageProblems(ing: KubeObject, objects: Objects): string[] {
    const managed = managedCertificateNames(ing).map((name) =>
        find(objects, "ManagedCertificate", ing.metadata.namespace, name),
    );
    const covered = [
        ...managed.flatMap((cert) => (cert ? domainsOf(cert) : [])),
        ...tlsOf(ing).flatMap((entry) => [...(entry.hosts ?? [])]),
    ];
    return list(plain(ing.spec).rules)
        .map((r) => r.host)
        .filter((h): h is string => !!h)
        .filter((host) => !covered.includes(host))
        .map((host) => `${at(ing)}: host "${host}" is covered by no certificate of this Ingress`);
}

/**
 * Each backend's Service is among the objects, so that the load-balancer annotations it must carry are checked, by
 * the rules in {@link serviceRules}, for each backend in turn.
 */
export function backendServiceProblems(ing: KubeObject, objects: Objects, facts: BackendFacts): string[] {
    return ingressBackends(ing).flatMap((backend) => {
        const name = backend.service?.name;
        const service = name ? find(objects, "Service", ing.metadata.namespace, name) : undefined;
        if (!service) return [`${at(ing)}: backend service "${name}" gets no load-balancer annotations here`];
        return serviceRules.flatMap((rule) => rule(service, { backend, objects, facts }));
    });
}

/**
 * `cloud.google.com/neg` is `{"ingress": true}`: container-native load balancing, the load balancer sending to the
 * pods themselves (kubernetes/ingress-gce pkg/annotations/service.go, NEGAnnotationKey).
 */
export function negProblems(service: KubeObject): string[] {
    const neg = annotationJson(service, "cloud.google.com/neg");
    if (isPlainObject(neg) && neg.ingress === true) return [];
    return [`${at(service)}: cloud.google.com/neg must be {"ingress": true} (container-native load balancing)`];
}

/**
 * The Ingress routes to a port the Service has, by number or by name (the controller fails with "could not find
 * port ... in service": kubernetes/ingress-gce).
 */
export function servicePortProblems(service: KubeObject, { backend, facts }: BackendContext): string[] {
    const portName = backendPortName(backend, facts);
    if (portName !== undefined && portName in facts.servicePorts) return [];
    return [
        `${at(service)}: the Ingress routes to port ${backend.service?.port?.number ?? backend.service?.port?.name}, which the Service does not have`,
    ];
}

/**
 * `cloud.google.com/app-protocols` is a JSON map of Service port NAME to HTTP, HTTPS or HTTP2; the controller ignores
 * a key that is a number or another name (kubernetes/ingress-gce pkg/annotations/service.go,
 * GoogleServiceApplicationProtocolKey and ApplicationProtocols).
 */
export function appProtocolsProblems(service: KubeObject, { facts }: BackendContext): string[] {
    const protocols = annotationJson(service, "cloud.google.com/app-protocols");
    if (!isPlainObject(protocols))
        return [`${at(service)}: cloud.google.com/app-protocols must be a JSON map of port name to protocol`];
    return Object.entries(protocols).flatMap(([key, protocol]) => [
        ...(key in facts.servicePorts ? [] : [`${at(service)}: app-protocols key "${key}" is not a Service port name`]),
        ...(["HTTP", "HTTPS", "HTTP2"].includes(protocol as string)
            ? []
            : [`${at(service)}: app-protocols "${key}": ${JSON.stringify(protocol)} is not HTTP, HTTPS or HTTP2`]),
    ]);
}

/**
 * The port the Ingress routes to is HTTP2 in app-protocols: gRPC needs HTTP/2 from the load balancer to the pods, and
 * the load balancer speaks HTTP/1.1 to a backend unless told (GKE docs, "Using HTTP/2 for load balancing with Ingress").
 */
export function backendHttp2Problems(service: KubeObject, { backend, facts }: BackendContext): string[] {
    const protocols = annotationJson(service, "cloud.google.com/app-protocols");
    const portName = backendPortName(backend, facts);
    if (!isPlainObject(protocols) || portName === undefined || protocols[portName] === "HTTP2") return [];
    return [`${at(service)}: port "${portName}" must be HTTP2 in app-protocols (gRPC needs HTTP/2 end to end)`];
}

/**
 * `cloud.google.com/backend-config` names, as `{"default": ...}` or `{"ports": {...}}`, BackendConfigs in the
 * Service's namespace (kubernetes/ingress-gce pkg/annotations/service.go, BackendConfigKey); without one the health
 * check goes to the serving port, where Milvus answers none.
 */
export function backendConfigRefProblems(service: KubeObject, { objects }: BackendContext): string[] {
    const ref = annotationJson(service, "cloud.google.com/backend-config");
    const names = (isPlainObject(ref) ? [ref.default, ...Object.values(plain(ref.ports))] : []).filter(
        (r) => r !== undefined,
    );
    if (names.length === 0)
        return [
            `${at(service)}: cloud.google.com/backend-config must name a BackendConfig (the health check is on 9091 /healthz)`,
        ];
    return names
        .filter((name) => typeof name !== "string" || !find(objects, "BackendConfig", service.metadata.namespace, name))
        .map(
            (name) =>
                `${at(service)}: backend-config names ${JSON.stringify(name)}, which is not a BackendConfig in its namespace`,
        );
}

/** The health check's settings, as read. */
const healthCheckOf = (bc: KubeObject) =>
    plain(plain(bc.spec).healthCheck) as {
        port?: number;
        timeoutSec?: number;
        checkIntervalSec?: number;
        requestPath?: string;
    };

/**
 * The health check's port is a containerPort of the serving pods: with NEGs it goes straight to the pod, not through
 * the Service (GKE Ingress docs).
 */
export function backendConfigHealthCheckPortProblems(bc: KubeObject, facts: BackendFacts): string[] {
    const { port } = healthCheckOf(bc);
    if (port !== undefined && facts.containerPorts.includes(port)) return [];
    return [
        `${at(bc)}: healthCheck.port ${port} is not a containerPort of the serving pods (${facts.containerPorts.join(", ")})`,
    ];
}

/** The health check's timeoutSec does not exceed its checkIntervalSec (GKE Ingress docs, BackendConfig healthCheck). */
export function backendConfigHealthCheckTimeoutProblems(bc: KubeObject): string[] {
    const { timeoutSec, checkIntervalSec } = healthCheckOf(bc);
    const exceeds = timeoutSec !== undefined && checkIntervalSec !== undefined && timeoutSec > checkIntervalSec;
    return exceeds ? [`${at(bc)}: healthCheck.timeoutSec must not exceed checkIntervalSec`] : [];
}

/** IAP and Cloud CDN are not both enabled on one BackendConfig (GKE Ingress docs). */
export function iapCdnProblems(bc: KubeObject): string[] {
    const spec = plain(bc.spec);
    return plain(spec.iap).enabled && plain(spec.cdn).enabled
        ? [`${at(bc)}: IAP and Cloud CDN cannot both be enabled`]
        : [];
}

/** `connectionDraining.drainingTimeoutSec` is 0..3600 (GKE Ingress docs, BackendConfig connection draining). */
export function drainingProblems(bc: KubeObject): string[] {
    const draining = plain(plain(bc.spec).connectionDraining).drainingTimeoutSec;
    const outside = typeof draining === "number" && (draining < 0 || draining > 3600);
    return outside ? [`${at(bc)}: connectionDraining.drainingTimeoutSec must be 0..3600`] : [];
}

/** `logging.sampleRate` is a fraction, 0.0..1.0 (GKE Ingress docs, BackendConfig logging). */
export function loggingProblems(bc: KubeObject): string[] {
    const sampleRate = plain(plain(bc.spec).logging).sampleRate;
    const outside = typeof sampleRate === "number" && (sampleRate < 0 || sampleRate > 1);
    return outside ? [`${at(bc)}: logging.sampleRate must be 0.0..1.0`] : [];
}

/**
 * `securityPolicy`, when given, has a string `name`: a Cloud Armor policy's, or "" to detach the one attached
 * before (kubernetes/ingress-gce#2209; pkg/backends/features/securitypolicy.go).
 */
export function securityPolicyProblems(bc: KubeObject): string[] {
    const securityPolicy = plain(bc.spec).securityPolicy;
    if (!isPlainObject(securityPolicy) || typeof securityPolicy.name === "string") return [];
    return [`${at(bc)}: securityPolicy.name must name a Cloud Armor policy, or be "" for none`];
}

/** No `redirectToHttps`: a redirect needs the HTTP front end, which allow-http "false" removes (GKE Ingress docs). */
export function redirectProblems(fc: KubeObject): string[] {
    return plain(plain(fc.spec).redirectToHttps).enabled
        ? [`${at(fc)}: redirectToHttps cannot work with port 80 closed`]
        : [];
}

/** `sslPolicy`, when given, names a global SSL policy (GKE Ingress docs, FrontendConfig). */
export function sslPolicyProblems(fc: KubeObject): string[] {
    const sslPolicy = plain(fc.spec).sslPolicy;
    if (sslPolicy === undefined || (typeof sslPolicy === "string" && sslPolicy !== "")) return [];
    return [`${at(fc)}: sslPolicy must name a global SSL policy`];
}

/** The rules on one Ingress, in the order their messages come. */
const ingressRules: ((ing: KubeObject, objects: Objects, facts: BackendFacts) => string[])[] = [
    ingressClassProblems,
    ingressClassNameProblems,
    certificateSourceProblems,
    allowHttpProblems,
    certificatePresenceProblems,
    frontendConfigRefProblems,
    staticIpProblems,
    internalIngressProblems,
    managedCertificateRefProblems,
    tlsSecretProblems,
    hostCoverageProblems,
    backendServiceProblems,
];

/** The rules on the Service of one Ingress backend. */
const serviceRules: ((service: KubeObject, context: BackendContext) => string[])[] = [
    negProblems,
    servicePortProblems,
    appProtocolsProblems,
    backendHttp2Problems,
    backendConfigRefProblems,
];

const backendConfigRules: ((bc: KubeObject, facts: BackendFacts) => string[])[] = [
    backendConfigHealthCheckPortProblems,
    backendConfigHealthCheckTimeoutProblems,
    iapCdnProblems,
    drainingProblems,
    loggingProblems,
    securityPolicyProblems,
];

const frontendConfigRules: ((fc: KubeObject) => string[])[] = [redirectProblems, sslPolicyProblems];

/**
 * The GKE Ingress controller's rules that no schema expresses (kubernetes/ingress-gce and the GKE Ingress docs),
 * checked over a set of objects applied together. Returns one message per broken rule, naming the object.
 */
export function gkeRuleProblems(objects: readonly KubeObject[], facts: BackendFacts = milvusBackendFacts): string[] {
    return [
        ...ofKind(objects, "Ingress").flatMap((ing) => ingressRules.flatMap((rule) => rule(ing, objects, facts))),
        ...ofKind(objects, "BackendConfig").flatMap((bc) => backendConfigRules.flatMap((rule) => rule(bc, facts))),
        ...ofKind(objects, "FrontendConfig").flatMap((fc) => frontendConfigRules.flatMap((rule) => rule(fc))),
    ];
}
