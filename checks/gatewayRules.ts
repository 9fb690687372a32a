// The rules GKE's Gateway controller and the CRDs' CEL validations enforce that no schema we validate with
// expresses (@kubernetes-models/gke and @kubernetes-models/gateway-api carry types and shapes, not CEL). Each rule is
// a small function over the objects applied together, returning one message per breach, naming the object.
import { sampleRateScale } from "../components/limits";
import { isPlainObject } from "../components/plainData";
import { at, find, list, ofKind, plain, type KubeObject, type Objects, type Plain } from "./lookup";
import { milvusBackendFacts, type BackendFacts } from "./milvusChart";
import { statusWaitProblems } from "./statusWaits";

const policyDefault = (o: KubeObject) => plain(plain(o.spec).default);
const targetRef = (o: KubeObject) => plain(plain(o.spec).targetRef);
const healthCheckConfig = (o: KubeObject) => plain(policyDefault(o).config);

/** The health-check block each `type` takes (HealthCheck's CEL rules, gke-gateway-api healthcheck_types.go). */
const healthCheckBlocks: Record<string, string> = {
    TCP: "tcpHealthCheck",
    HTTP: "httpHealthCheck",
    HTTPS: "httpsHealthCheck",
    HTTP2: "http2HealthCheck",
    GRPC: "grpcHealthCheck",
};

/**
 * A HealthCheckPolicy's config holds `type` and exactly the block of that type: the CRD has MinProperties=2 and
 * MaxProperties=2 on it, and "httpHealthCheck must be specified for type HTTP" (and likewise per type) as CEL rules
 * (GoogleCloudPlatform/gke-gateway-api config/crd/networking.gke.io_healthcheckpolicies.yaml).
 */
export function healthCheckTypeProblems(objects: Objects): string[] {
    return ofKind(objects, "HealthCheckPolicy").flatMap((o) => {
        const { type, ...blocks } = healthCheckConfig(o);
        const wanted = healthCheckBlocks[String(type)];
        if (wanted === undefined)
            return [
                `${at(o)}: config.type ${JSON.stringify(type)} is not one of ${Object.keys(healthCheckBlocks).join(", ")}`,
            ];
        const names = Object.keys(blocks);
        return names.length === 1 && names[0] === wanted
            ? []
            : [
                  `${at(o)}: config of type ${String(type)} must hold exactly ${wanted}; it holds ${names.join(", ") || "none"}`,
              ];
    });
}

/**
 * `port` only with `portSpecification: USE_FIXED_PORT`, `portName` only with USE_NAMED_PORT, neither with
 * USE_SERVING_PORT or none (CEL rules of CommonHealthCheck, gke-gateway-api healthcheck_types.go). With NEGs the
 * check goes straight to the pod, so a fixed port must be one the serving pods declare.
 */
export function healthCheckPortProblems(objects: Objects, facts: BackendFacts = milvusBackendFacts): string[] {
    return ofKind(objects, "HealthCheckPolicy").flatMap((o) => {
        const problems: string[] = [];
        for (const [name, block] of Object.entries(healthCheckConfig(o))
            .filter(([key]) => key !== "type")
            .map(([k, v]) => [k, plain(v)] as const)) {
            const spec = typeof block.portSpecification === "string" ? block.portSpecification : "USE_SERVING_PORT";
            const expect = (
                {
                    USE_FIXED_PORT: [true, false],
                    USE_NAMED_PORT: [false, true],
                    USE_SERVING_PORT: [false, false],
                } as Record<string, boolean[]>
            )[spec];
            if (!expect || expect[0] !== (block.port !== undefined) || expect[1] !== (block.portName !== undefined)) {
                problems.push(
                    `${at(o)}: ${name}: port is only for portSpecification USE_FIXED_PORT and portName only for USE_NAMED_PORT (got ${spec})`,
                );
            }
            if (spec === "USE_FIXED_PORT" && !facts.containerPorts.includes(block.port as number)) {
                problems.push(
                    `${at(o)}: ${name}.port ${String(block.port)} is not a containerPort of the serving pods (${facts.containerPorts.join(", ")})`,
                );
            }
        }
        return problems;
    });
}

/**
 * timeoutSec must not exceed checkIntervalSec, each 5 when unset (HealthCheckPolicyConfig's CEL rules,
 * gke-gateway-api healthcheck_types.go).
 */
export function healthCheckTimeoutProblems(objects: Objects): string[] {
    return ofKind(objects, "HealthCheckPolicy").flatMap((o) => {
        const { timeoutSec = 5, checkIntervalSec = 5 } = policyDefault(o) as {
            timeoutSec?: number;
            checkIntervalSec?: number;
        };
        return timeoutSec > checkIntervalSec
            ? [`${at(o)}: timeoutSec ${timeoutSec} exceeds checkIntervalSec ${checkIntervalSec}`]
            : [];
    });
}

/**
 * One GCPBackendPolicy and one HealthCheckPolicy per Service: a second one that targets the same Service is not
 * attached (GKE docs, "Configure Gateway resources using Policies", Restrictions and Limitations).
 */
export function onePolicyPerServiceProblems(objects: Objects): string[] {
    return ["GCPBackendPolicy", "HealthCheckPolicy"].flatMap((kind) => {
        const byTarget = new Map<string, KubeObject[]>();
        for (const o of ofKind(objects, kind)) {
            const key = `${o.metadata.namespace}/${String(targetRef(o).name)}`;
            byTarget.set(key, [...(byTarget.get(key) ?? []), o]);
        }
        return [...byTarget]
            .filter(([, policies]) => policies.length > 1)
            .map(
                ([service, policies]) =>
                    `${kind}: ${policies.map(at).join(", ")} all target Service ${service}; GKE attaches only one`,
            );
    });
}

/** What each policy kind may target (GKE docs, "Configure Gateway resources using Policies"). */
const policyTargets: Record<string, { group: string; kind: string }> = {
    HealthCheckPolicy: { group: "", kind: "Service" },
    GCPBackendPolicy: { group: "", kind: "Service" },
    GCPGatewayPolicy: { group: "gateway.networking.k8s.io", kind: "Gateway" },
};

/**
 * A policy targets an object of its kind in its own namespace, and that object is among those applied: GKE's
 * policies must exist in the namespace of the Service or Gateway they target (GKE docs, "Configure Gateway resources
 * using Policies", Restrictions and Limitations; a direct policy applies only within its namespace, Gateway API
 * GEP-713 / PolicyTargetReference).
 */
export function policyTargetProblems(objects: Objects): string[] {
    return Object.entries(policyTargets).flatMap(([kind, target]) =>
        ofKind(objects, kind).flatMap((o) => {
            const ref = targetRef(o);
            if (ref.group !== target.group || ref.kind !== target.kind)
                return [`${at(o)}: targetRef must be a ${target.kind} (group "${target.group}")`];
            if (ref.namespace !== undefined && ref.namespace !== o.metadata.namespace)
                return [
                    `${at(o)}: targets ${JSON.stringify(ref.namespace)}/${String(ref.name)}; a policy must be in its target's namespace`,
                ];
            return find(objects, target.kind, o.metadata.namespace, ref.name)
                ? []
                : [`${at(o)}: targets ${target.kind} "${String(ref.name)}", which is not in its namespace`];
        }),
    );
}

/**
 * A GCPBackendPolicy's `logging.sampleRate` is a whole number of millionths, 0..1,000,000, and may only be given with
 * logging enabled (gke-gateway-api gcpbackendpolicy_types.go, LoggingConfig); a fraction such as 0.25 would mean
 * 0.000025 % at best.
 */
export function backendPolicyLoggingProblems(objects: Objects): string[] {
    return ofKind(objects, "GCPBackendPolicy").flatMap((o) => {
        const logging = plain(policyDefault(o).logging);
        if (logging.sampleRate === undefined) return [];
        const rate = logging.sampleRate as number;
        if (logging.enabled !== true) return [`${at(o)}: logging.sampleRate is only allowed with logging.enabled true`];
        return Number.isInteger(rate) && rate >= 0 && rate <= sampleRateScale
            ? []
            : [`${at(o)}: logging.sampleRate ${rate} must be a whole number of millionths, 0..${sampleRateScale}`];
    });
}

/**
 * An HTTPS listener has `tls` ("tls must be specified for protocols ['HTTPS', 'TLS']"), and Terminate mode names a
 * certificate ("certificateRefs or options must be specified when mode is Terminate"): the Gateway CRD's CEL rules
 * (kubernetes-sigs/gateway-api apis/v1 gateway_types.go). Only HTTPS listeners here: the endpoint is TLS-only, as the
 * Ingress mode's allow-http "false".
 */
export function listenerTlsProblems(objects: Objects): string[] {
    return ofKind(objects, "Gateway").flatMap((gw) =>
        list(plain(gw.spec).listeners).flatMap((l) => {
            const where = `${at(gw)}: listener ${String(l.name)}`;
            if (l.protocol !== "HTTPS")
                return [`${where}: protocol ${String(l.protocol)}; only HTTPS listeners (the endpoint is TLS-only)`];
            // With a certificate map the listener gives no certificate of its own (certificateMapProblems).
            if (certificateMapOf(gw) !== undefined) return [];
            if (!isPlainObject(l.tls)) return [`${where}: an HTTPS listener needs tls`];
            const {
                mode = "Terminate",
                certificateRefs = [],
                options = {},
            } = l.tls as { mode?: string; certificateRefs?: unknown[]; options?: Plain };
            if (mode === "Terminate" && certificateRefs.length === 0 && Object.keys(options).length === 0)
                return [`${where}: tls mode Terminate needs certificateRefs or options`];
            return Object.entries(options)
                .filter(([, v]) => typeof v !== "string" || v === "")
                .map(([k]) => `${where}: tls option ${k} must name something`);
        }),
    );
}

const certificateMapOf = (gw: KubeObject): string | undefined => gw.metadata.annotations?.["networking.gke.io/certmap"];

/**
 * A Gateway naming a Certificate Manager map (`networking.gke.io/certmap`) names it by a non-empty name, is of a global
 * class, and its listeners give no certificate of their own: "You cannot use the networking.gke.io/certmap annotation
 * with a tls.certificateRefs on the same Gateway resource ... GKE will treat this as an error", and regional Gateways
 * take no maps (GKE docs, "Secure a Gateway", Restrictions and limitations).
 */
export function certificateMapProblems(objects: Objects): string[] {
    return ofKind(objects, "Gateway").flatMap((gw) => {
        const map = certificateMapOf(gw);
        if (map === undefined) return [];
        if (map === "") return [`${at(gw)}: networking.gke.io/certmap must name a certificate map`];
        const spec = plain(gw.spec);
        const regional = typeof spec.gatewayClassName === "string" && !spec.gatewayClassName.includes("global");
        return [
            ...(regional
                ? [
                      `${at(gw)}: class ${String(spec.gatewayClassName)} is regional; only global Gateways take a certificate map`,
                  ]
                : []),
            ...list(spec.listeners)
                .filter(
                    (l) =>
                        isPlainObject(l.tls) &&
                        (list(plain(l.tls).certificateRefs).length > 0 ||
                            Object.keys(plain(plain(l.tls).options)).length > 0),
                )
                .map(
                    (l) =>
                        `${at(gw)}: listener ${String(l.name)} gives certificates beside the certificate map ${map}; GKE treats that as an error`,
                ),
        ];
    });
}

/**
 * A listener's certificateRefs are core-group (`group: ""`) Secrets of type kubernetes.io/tls in the Gateway's
 * namespace: GKE takes no other group or kind ("Error GWCER105: ... {Group: , Kind: Secret} are the supported
 * values", and the Gateway controller does not support ManagedCertificate: GKE docs, "Secure a Gateway"); another
 * namespace would need a ReferenceGrant (Gateway API SecretObjectReference).
 */
export function certificateRefProblems(objects: Objects): string[] {
    return ofKind(objects, "Gateway").flatMap((gw) =>
        list(plain(gw.spec).listeners).flatMap((l) =>
            list(plain(l.tls).certificateRefs).flatMap((ref) => {
                const where = `${at(gw)}: listener ${String(l.name)} certificateRef ${String(ref.name)}`;
                if (ref.group !== "" || ref.kind !== "Secret")
                    return [
                        `${where}: must be group "" kind Secret (got group ${JSON.stringify(ref.group)}, kind ${JSON.stringify(ref.kind)})`,
                    ];
                if (ref.namespace !== undefined && ref.namespace !== gw.metadata.namespace)
                    return [`${where}: must be in the Gateway's namespace`];
                const secret = find(objects, "Secret", gw.metadata.namespace, ref.name);
                return secret?.type === "kubernetes.io/tls"
                    ? []
                    : [`${where}: no kubernetes.io/tls Secret of that name in the Gateway's namespace`];
            }),
        ),
    );
}

/** Whether two hostnames (each possibly a `*.` wildcard) have a name in common (Gateway API hostname matching). */
export function hostnamesIntersect(a: string, b: string): boolean {
    const suffix = (h: string) => h.slice(1); // "*.example.com" -> ".example.com"
    if (a === b) return true;
    if (a.startsWith("*.") && b.startsWith("*.")) return suffix(a).endsWith(suffix(b)) || suffix(b).endsWith(suffix(a));
    if (a.startsWith("*.")) return b.endsWith(suffix(a));
    if (b.startsWith("*.")) return a.endsWith(suffix(b));
    return false;
}

/**
 * Each parentRef names a Gateway in the route's namespace and one of its listeners, and when both the listener and
 * the route give hostnames, at least one pair intersects; otherwise the route is not accepted by that listener
 * (Gateway API HTTPRouteSpec.hostnames, kubernetes-sigs/gateway-api apis/v1 httproute_types.go).
 */
export function routeParentProblems(objects: Objects): string[] {
    return ofKind(objects, "HTTPRoute").flatMap((route) => {
        const spec = plain(route.spec);
        const hostnames = Array.isArray(spec.hostnames) ? (spec.hostnames as string[]) : [];
        return list(spec.parentRefs).flatMap((ref) => {
            const gw = find(objects, "Gateway", route.metadata.namespace, ref.name);
            if (!gw) return [`${at(route)}: parentRef Gateway "${String(ref.name)}" is not in the route's namespace`];
            const listeners = list(plain(gw.spec).listeners).filter(
                (l) => ref.sectionName === undefined || l.name === ref.sectionName,
            );
            if (listeners.length === 0)
                return [`${at(route)}: Gateway ${String(ref.name)} has no listener "${String(ref.sectionName)}"`];
            return listeners
                .filter(
                    (l) =>
                        typeof l.hostname === "string" &&
                        hostnames.length > 0 &&
                        !hostnames.some((h) => hostnamesIntersect(h, l.hostname as string)),
                )
                .map(
                    (l) =>
                        `${at(route)}: hostnames ${hostnames.join(", ")} do not intersect listener ${String(l.name)}'s ${String(l.hostname)}`,
                );
        });
    });
}

/**
 * No `rules[].timeouts`: GKE's Gateway controller does not implement them and sets the route's Accepted condition to
 * False (UnsupportedValue) (kserve/kserve#5311; GKE docs, "GatewayClass capabilities"). The GCPBackendPolicy's
 * timeoutSec bounds requests instead.
 */
export function routeTimeoutProblems(objects: Objects): string[] {
    return ofKind(objects, "HTTPRoute").flatMap((route) =>
        list(plain(route.spec).rules)
            .map((rule, i) => [rule, i] as const)
            .filter(([rule]) => rule.timeouts !== undefined)
            .map(
                ([, i]) =>
                    `${at(route)}: rules[${i}].timeouts is refused by GKE; set the GCPBackendPolicy's timeoutSec instead`,
            ),
    );
}

/**
 * A route's backend is a Service port in its namespace whose `appProtocol` is HTTP2: GKE Gateway has no GRPCRoute, so
 * gRPC rides an HTTPRoute and reaches the pods over HTTP/2 only when the port says so (GoogleCloudPlatform/
 * gke-gateway-api#31; GKE docs, "Secure a Gateway": appProtocol selects HTTPS or HTTP2 to the backend). The Service's
 * ports are read across every object of its name (the chart's and the server-side-apply patch on it).
 */
export function backendProtocolProblems(objects: Objects, facts: BackendFacts = milvusBackendFacts): string[] {
    return ofKind(objects, "HTTPRoute").flatMap((route) =>
        list(plain(route.spec).rules).flatMap((rule) =>
            list(rule.backendRefs).flatMap((ref) => {
                const services = objects.filter(
                    (o) =>
                        o.kind === "Service" &&
                        o.metadata.namespace === route.metadata.namespace &&
                        o.metadata.name === ref.name,
                );
                const where = `${at(route)}: backend ${String(ref.name)}:${String(ref.port)}`;
                if (services.length === 0) return [`${where}: no such Service in the route's namespace`];
                if (!Object.values(facts.servicePorts).includes(ref.port as number))
                    return [`${where}: the Service has no such port`];
                const ports = services.flatMap((s) => list(plain(s.spec).ports)).filter((p) => p.port === ref.port);
                return ports.some((p) => p.appProtocol === "HTTP2")
                    ? []
                    : [`${where}: the port's appProtocol must be HTTP2 (gRPC needs HTTP/2 to the pods)`];
            }),
        ),
    );
}

const isInternalGateway = (gw: KubeObject | undefined) => plain(gw?.spec).gatewayClassName === "gke-l7-rilb";

/**
 * The internal Gateway (class gke-l7-rilb) and its GCPGatewayPolicy: the Gateway's addresses are `NamedAddress`es (a
 * reserved regional INTERNAL address, by name: GKE docs, "Deploying Gateways", static IP) and it names no
 * certificate map (regional Gateways take none: {@link certificateMapProblems}); `allowGlobalAccess`, an internal
 * load balancer's setting (gke-gateway-api GCPGatewayPolicyConfig), is only in a policy of an internal Gateway, and
 * that policy's SSL policy is a raw name, resolved in the load balancer's region (a global policy's path,
 * `projects/<p>/global/...`, would not serve a regional proxy).
 */
export function internalGatewayProblems(objects: Objects): string[] {
    const addresses = ofKind(objects, "Gateway")
        .filter(isInternalGateway)
        .flatMap((gw) =>
            list(plain(gw.spec).addresses)
                .filter((a) => a.type !== "NamedAddress")
                .map(
                    (a) =>
                        `${at(gw)}: address type ${String(a.type)}; use a NamedAddress (the reserved internal address)`,
                ),
        );
    const policies = ofKind(objects, "GCPGatewayPolicy").flatMap((policy) => {
        const target = find(objects, "Gateway", policy.metadata.namespace, targetRef(policy).name);
        const { allowGlobalAccess, sslPolicy } = policyDefault(policy);
        if (!isInternalGateway(target))
            return allowGlobalAccess === undefined
                ? []
                : [`${at(policy)}: allowGlobalAccess applies to an internal (gke-l7-rilb) Gateway only`];
        return typeof sslPolicy === "string" && sslPolicy.includes("/global/")
            ? [`${at(policy)}: sslPolicy ${sslPolicy} is global; an internal Gateway takes a regional SSL policy`]
            : [];
    });
    return [...addresses, ...policies];
}

/** Every rule above over objects applied together. */
export function gatewayRuleProblems(objects: Objects, facts: BackendFacts = milvusBackendFacts): string[] {
    return [
        ...healthCheckTypeProblems(objects),
        ...healthCheckPortProblems(objects, facts),
        ...healthCheckTimeoutProblems(objects),
        ...onePolicyPerServiceProblems(objects),
        ...policyTargetProblems(objects),
        ...backendPolicyLoggingProblems(objects),
        ...listenerTlsProblems(objects),
        ...certificateMapProblems(objects),
        ...internalGatewayProblems(objects),
        ...statusWaitProblems(objects),
        ...certificateRefProblems(objects),
        ...routeParentProblems(objects),
        ...routeTimeoutProblems(objects),
        ...backendProtocolProblems(objects, facts),
    ];
}
