import type { KubeObject } from "../components/gke";
import { isPlainObject } from "../components/plain";
import { milvusBackendFacts, type BackendFacts } from "./milvusChart";

type Spec = { [key: string]: unknown };
const specOf = (o: KubeObject): Spec => (isPlainObject(o.spec) ? o.spec : {});
const at = (o: KubeObject) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

function parseJson(text: string | undefined): unknown {
    if (text === undefined) return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return Symbol.for("unparsable");
    }
}

interface IngressBackendRef {
    service?: { name?: string; port?: { number?: number; name?: string } };
}

function ingressBackends(spec: Spec): IngressBackendRef[] {
    const rules = Array.isArray(spec.rules) ? (spec.rules as { http?: { paths?: { backend?: IngressBackendRef }[] } }[]) : [];
    const fromRules = rules.flatMap((r) => r.http?.paths ?? []).map((p) => p.backend ?? {});
    return spec.defaultBackend ? [spec.defaultBackend, ...fromRules] : fromRules;
}

/**
 * The GKE Ingress controller's rules that no schema expresses (kubernetes/ingress-gce and the GKE Ingress docs),
 * checked over a set of objects applied together. Returns one message per broken rule, naming the object.
 */
export function gkeRuleProblems(objects: readonly KubeObject[], facts: BackendFacts = milvusBackendFacts): string[] {
    const problems: string[] = [];
    const find = (kind: string, namespace: string, name: string) =>
        objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

    for (const ing of objects.filter((o) => o.kind === "Ingress")) {
        const annotations = ing.metadata.annotations ?? {};
        const spec = specOf(ing);
        const ns = ing.metadata.namespace;
        if (annotations["kubernetes.io/ingress.class"] !== "gce") {
            problems.push(`${at(ing)}: annotation kubernetes.io/ingress.class must be "gce" for the external Application Load Balancer`);
        }
        if (spec.ingressClassName !== undefined) {
            problems.push(`${at(ing)}: spec.ingressClassName must not be set (GKE ignores such an Ingress without the gce annotation)`);
        }
        const managed = (annotations["networking.gke.io/managed-certificates"] ?? "").split(",").map((n) => n.trim()).filter(Boolean);
        const tls = Array.isArray(spec.tls) ? (spec.tls as { hosts?: string[]; secretName?: string }[]) : [];
        if (managed.length > 0 && annotations["ingress.gcp.kubernetes.io/pre-shared-cert"] !== undefined) {
            problems.push(`${at(ing)}: managed-certificates and pre-shared-cert must not be set together`);
        }
        const allowHttp = annotations["kubernetes.io/ingress.allow-http"];
        // ingress-gce parses the value with strconv.ParseBool: anything unparsable counts as true.
        if (allowHttp !== "false") {
            problems.push(`${at(ing)}: kubernetes.io/ingress.allow-http must be "false" (port 80 stays closed; got ${JSON.stringify(allowHttp)})`);
        }
        if (managed.length === 0 && tls.length === 0 && annotations["ingress.gcp.kubernetes.io/pre-shared-cert"] === undefined) {
            problems.push(`${at(ing)}: no certificate: with allow-http "false" the load balancer has no front end at all`);
        }
        const frontendConfigName = annotations["networking.gke.io/v1beta1.FrontendConfig"];
        if (frontendConfigName !== undefined && !find("FrontendConfig", ns, frontendConfigName)) {
            problems.push(`${at(ing)}: FrontendConfig "${frontendConfigName}" is not among the objects (it must be in the Ingress's namespace)`);
        }
        const staticIp = annotations["kubernetes.io/ingress.global-static-ip-name"];
        if (staticIp !== undefined && staticIp.trim() === "") {
            problems.push(`${at(ing)}: kubernetes.io/ingress.global-static-ip-name must name a reserved global address`);
        }
        const certDomains: string[] = [];
        for (const certName of managed) {
            const cert = find("ManagedCertificate", ns, certName);
            if (!cert) {
                problems.push(`${at(ing)}: managed certificate "${certName}" is not among the objects (it must be in the Ingress's namespace)`);
                continue;
            }
            const domains = (specOf(cert).domains as string[] | undefined) ?? [];
            if (domains.length === 0 || domains.length > 100) problems.push(`${at(cert)}: spec.domains must list 1 to 100 domains`);
            for (const d of domains) {
                if (d.includes("*")) problems.push(`${at(cert)}: "${d}": managed certificates do not cover wildcards`);
                if (d.length > 63) problems.push(`${at(cert)}: "${d}" is longer than 63 characters`);
            }
            certDomains.push(...domains);
        }
        for (const entry of tls) {
            const secret = entry.secretName ? find("Secret", ns, entry.secretName) : undefined;
            if (!secret || secret.type !== "kubernetes.io/tls") {
                problems.push(`${at(ing)}: TLS secret "${entry.secretName}" must be a kubernetes.io/tls Secret in the Ingress's namespace`);
            }
            certDomains.push(...(entry.hosts ?? []));
        }
        const rules = Array.isArray(spec.rules) ? (spec.rules as { host?: string }[]) : [];
        for (const host of rules.map((r) => r.host).filter((h): h is string => !!h)) {
            if (!certDomains.includes(host)) problems.push(`${at(ing)}: host "${host}" is covered by no certificate of this Ingress`);
        }
        for (const backend of ingressBackends(spec)) {
            const name = backend.service?.name;
            const service = name ? find("Service", ns, name) : undefined;
            if (!service) {
                problems.push(`${at(ing)}: backend service "${name}" gets no load-balancer annotations here`);
                continue;
            }
            problems.push(...serviceProblems(service, backend, find, facts));
        }
    }
    for (const bc of objects.filter((o) => o.kind === "BackendConfig")) {
        const hc = (specOf(bc).healthCheck ?? {}) as { port?: number; timeoutSec?: number; checkIntervalSec?: number; requestPath?: string };
        // With NEGs the health check goes straight to the pod: its port must be one the pod declares.
        if (hc.port === undefined || !facts.containerPorts.includes(hc.port)) {
            problems.push(`${at(bc)}: healthCheck.port ${hc.port} is not a containerPort of the serving pods (${facts.containerPorts.join(", ")})`);
        }
        if (hc.timeoutSec !== undefined && hc.checkIntervalSec !== undefined && hc.timeoutSec > hc.checkIntervalSec) {
            problems.push(`${at(bc)}: healthCheck.timeoutSec must not exceed checkIntervalSec`);
        }
        const spec = specOf(bc);
        if (isPlainObject(spec.iap) && spec.iap.enabled && isPlainObject(spec.cdn) && spec.cdn.enabled) {
            problems.push(`${at(bc)}: IAP and Cloud CDN cannot both be enabled`);
        }
        const draining = isPlainObject(spec.connectionDraining) ? spec.connectionDraining.drainingTimeoutSec : undefined;
        if (typeof draining === "number" && (draining < 0 || draining > 3600)) {
            problems.push(`${at(bc)}: connectionDraining.drainingTimeoutSec must be 0..3600`);
        }
        const sampleRate = isPlainObject(spec.logging) ? spec.logging.sampleRate : undefined;
        if (typeof sampleRate === "number" && (sampleRate < 0 || sampleRate > 1)) {
            problems.push(`${at(bc)}: logging.sampleRate must be 0.0..1.0`);
        }
        // An empty name is how a policy is detached.
        if (isPlainObject(spec.securityPolicy) && typeof spec.securityPolicy.name !== "string") {
            problems.push(`${at(bc)}: securityPolicy.name must name a Cloud Armor policy, or be "" for none`);
        }
    }
    for (const fc of objects.filter((o) => o.kind === "FrontendConfig")) {
        const spec = specOf(fc);
        if (isPlainObject(spec.redirectToHttps) && spec.redirectToHttps.enabled) {
            // A redirect needs an HTTP front end, and allow-http "false" removes it.
            problems.push(`${at(fc)}: redirectToHttps cannot work with port 80 closed`);
        }
        if (spec.sslPolicy !== undefined && (typeof spec.sslPolicy !== "string" || spec.sslPolicy === "")) {
            problems.push(`${at(fc)}: sslPolicy must name a global SSL policy`);
        }
    }
    return problems;
}

function serviceProblems(
    service: KubeObject,
    backend: IngressBackendRef,
    find: (kind: string, namespace: string, name: string) => KubeObject | undefined,
    facts: BackendFacts,
): string[] {
    const problems: string[] = [];
    const annotations = service.metadata.annotations ?? {};
    const neg = parseJson(annotations["cloud.google.com/neg"]);
    if (!isPlainObject(neg) || neg.ingress !== true) {
        problems.push(`${at(service)}: cloud.google.com/neg must be {"ingress": true} (container-native load balancing)`);
    }
    const portNumber = backend.service?.port?.number;
    const portName =
        backend.service?.port?.name ?? Object.entries(facts.servicePorts).find(([, number]) => number === portNumber)?.[0];
    if (portName === undefined || !(portName in facts.servicePorts)) {
        problems.push(`${at(service)}: the Ingress routes to port ${portNumber ?? backend.service?.port?.name}, which the Service does not have`);
    }
    const protocols = parseJson(annotations["cloud.google.com/app-protocols"]);
    if (!isPlainObject(protocols)) {
        problems.push(`${at(service)}: cloud.google.com/app-protocols must be a JSON map of port name to protocol`);
    } else {
        for (const [key, protocol] of Object.entries(protocols)) {
            // The controller keys app-protocols by Service port NAME; a number or unknown name is ignored.
            if (!(key in facts.servicePorts)) problems.push(`${at(service)}: app-protocols key "${key}" is not a Service port name`);
            if (!["HTTP", "HTTPS", "HTTP2"].includes(protocol as string)) {
                problems.push(`${at(service)}: app-protocols "${key}": ${JSON.stringify(protocol)} is not HTTP, HTTPS or HTTP2`);
            }
        }
        if (portName !== undefined && protocols[portName] !== "HTTP2") {
            problems.push(`${at(service)}: port "${portName}" must be HTTP2 in app-protocols (gRPC needs HTTP/2 end to end)`);
        }
    }
    const backendConfigRef = parseJson(annotations["cloud.google.com/backend-config"]);
    const refs = isPlainObject(backendConfigRef)
        ? [backendConfigRef.default, ...Object.values(isPlainObject(backendConfigRef.ports) ? backendConfigRef.ports : {})]
        : [];
    if (refs.filter((r) => r !== undefined).length === 0) {
        problems.push(`${at(service)}: cloud.google.com/backend-config must name a BackendConfig (the health check is on 9091 /healthz)`);
    }
    for (const ref of refs.filter((r) => r !== undefined)) {
        if (typeof ref !== "string" || !find("BackendConfig", service.metadata.namespace, ref)) {
            problems.push(`${at(service)}: backend-config names ${JSON.stringify(ref)}, which is not a BackendConfig in its namespace`);
        }
    }
    return problems;
}
