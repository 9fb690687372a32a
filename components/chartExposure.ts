// The component's promise is one endpoint, TLS only: the load balancer. These rules keep every other Service of the
// Milvus chart and its sub-charts inside the cluster. Each switch, with its template line, is in
// docs/chart-exposure.md (zilliztech/milvus-helm 5.0.19, sub-charts as vendored there).
import type { PlainObject } from "./types";
import { isPlainObject, pathText, valueAt } from "./plainData";
import type { Problem } from "./problems";

/**
 * Keys that expose a Service or pod outside the cluster wherever they appear (a Service's spec, a container's
 * ports, a pod's spec), with what they do. Any value but an empty one is refused; the charts' defaults are empty.
 */
const exposureKeys: Record<string, string> = {
    externalIPs: "sends traffic for these addresses to the Service from outside the cluster",
    loadBalancerIP: "asks for a cloud load balancer address",
    loadBalancerIPs: "asks for cloud load balancer addresses",
    loadBalancerNames: "names cloud load balancers",
    loadBalancerSourceRanges: "only means something on a LoadBalancer Service",
    loadBalancerClass: "asks for a cloud load balancer",
    nodePort: "opens a port on every node",
    nodePorts: "open ports on every node",
    hostNetwork: "puts the pod on the node's network, where its ports are the node's",
    hostPort: "opens a port on the node",
};

/**
 * Switches that turn on a part whose own chart exposes it by default, with no `service.type` in the user's values
 * for the rule below to see: refused unless `safe` (the value at a path) is given with them.
 */
const exposingSwitches: { path: string[]; reason: string; safe?: { path: string[]; value: string } }[] = [
    {
        path: ["pulsarv3", "kube-prometheus-stack", "enabled"],
        reason: "Pulsar's bundled monitoring stack runs prometheus-node-exporter with hostNetwork: true on every node (pulsar 3.3.0 charts/kube-prometheus-stack/charts/prometheus-node-exporter/values.yaml:312)",
    },
    {
        path: ["kafka", "externalAccess", "enabled"],
        reason: "makes a LoadBalancer Service for every Kafka broker (kafka 15.5.1 values.yaml:732, templates/svc-external-access.yaml:34)",
    },
    // Pulsar v2's Prometheus and dashboard Services are headless (templates/prometheus-service.yaml,
    // dashboard-service.yaml); only its Grafana defaults to LoadBalancer.
    ...[
        ["pulsar", "monitoring", "grafana"],
        ["pulsar", "extra", "monitoring"],
    ].map((path) => ({
        path,
        reason: "turns on Pulsar v2's Grafana, whose Service is LoadBalancer by default (pulsarv2 2.7.8 values.yaml:1019, templates/grafana-service.yaml:20, :34)",
        safe: { path: ["pulsar", "grafana", "service", "type"], value: "ClusterIP" },
    })),
];

/**
 * Values of the Milvus chart's values.yaml that hold a sub-chart's exposing default back. A `null` here, or above
 * it, makes Helm delete the Milvus chart's value, and the sub-chart's own default applies (checked with `helm
 * template`: `pulsarv3.kube-prometheus-stack.enabled: null` renders a hostNetwork DaemonSet).
 */
const heldBackDefaults = [
    "pulsarv3.proxy.service.type", // pulsar 3.3.0 values.yaml:1074: LoadBalancer
    "pulsarv3.kube-prometheus-stack.enabled", // pulsar 3.3.0 values.yaml:1159: true
    "pulsar.proxy.service.type", // pulsarv2 2.7.8 values.yaml:841: LoadBalancer
    "pulsar.pulsar_manager.service.type", // pulsarv2 2.7.8 values.yaml:1081: LoadBalancer
    "pulsar.monitoring.grafana", // pulsarv2 2.7.8 values.yaml:132: true (Service LoadBalancer)
].map((path) => path.split("."));

/** Whether a value leaves a key at its chart default: nothing, or an empty string, list or object of such. */
function isEmpty(value: unknown): boolean {
    if (value === null || value === "" || value === false) return true;
    if (Array.isArray(value)) return value.length === 0;
    if (isPlainObject(value)) return Object.values(value).every(isEmpty);
    return false;
}

const source = "see docs/chart-exposure.md";

/**
 * Problems with `helmValues` (Outputs already replaced by `UnknownValue`) that would expose a Service or pod of the
 * release outside the cluster, beside the load balancer. A rule over the whole values tree, not a list of paths:
 * every `type` of a `service`/`*Service` value must be ClusterIP, every `*ingress` and OpenShift `route` stays off,
 * the keys of {@link exposureKeys} stay empty anywhere, and `extraDeploy` (Bitnami's arbitrary extra objects) is
 * refused. The top-level `service.type` and `ingress.enabled` are owned, and reported as such elsewhere.
 */
export function chartExposureProblems(helmValues: PlainObject): Problem[] {
    const problems: Problem[] = [];
    const walk = (value: unknown, path: string[], text: string): void => {
        if (Array.isArray(value)) {
            value.forEach((item: unknown, i) => walk(item, [...path, String(i)], pathText(text, i)));
            return;
        }
        if (!isPlainObject(value)) return;
        for (const [key, item] of Object.entries(value)) {
            const at = pathText(text, key);
            const message = exposureAt(path, key, item);
            if (message !== undefined) problems.push({ key: `helmValues.${at}`, message: `${message} (${source})` });
            walk(item, [...path, key], at);
        }
    };
    walk(helmValues, [], "");
    return [...problems, ...exposingSwitchProblems(helmValues), ...heldBackDefaultProblems(helmValues)];
}

/** What is wrong with `key: item` under `path` of the values tree, by the rules of {@link chartExposureProblems}. */
function exposureAt(path: string[], key: string, item: unknown): string | undefined {
    const parent = path[path.length - 1] ?? "";
    const topLevel = path.length === 1;
    if (key === "type" && /service$/i.test(parent) && !(topLevel && parent === "service") && item !== "ClusterIP") {
        return "must be ClusterIP (null too would fall back to the sub-chart's default): a LoadBalancer or NodePort Service is a second endpoint beside the load balancer, without its TLS, Cloud Armor or SSL policy";
    }
    if (/service$/i.test(key) && item === null && !(path.length === 0 && key === "service")) {
        return "must not be null: Helm would delete the chart's Service settings and the sub-chart's defaults (some LoadBalancer) apply";
    }
    if (
        key === "enabled" &&
        (/ingress$/i.test(parent) || parent === "route") &&
        !(topLevel && parent === "ingress") &&
        item !== false
    ) {
        const second =
            parent === "route"
                ? "OpenShift Route"
                : "Ingress (with no class annotation GKE builds another external load balancer: plain HTTP, no SSL policy, no Cloud Armor)";
        return `must be false: the chart would make a second ${second}; this component's load balancer is the one endpoint`;
    }
    if (Object.hasOwn(exposureKeys, key) && !isEmpty(item))
        return `must not be set: it ${exposureKeys[key]}, a second way in beside the load balancer`;
    if (key === "extraDeploy" && !isEmpty(item)) {
        return "must not be set: it renders any object into the release (etcd 8.12.0 / kafka 15.5.1 templates/extra-list.yaml:1), Services and Ingresses included; create extra objects beside the release";
    }
    return undefined;
}

/** The switches of {@link exposingSwitches} turned on. */
function exposingSwitchProblems(helmValues: PlainObject): Problem[] {
    const problems: Problem[] = [];
    for (const { path, reason, safe } of exposingSwitches) {
        const value = valueAt(helmValues, path);
        if (
            value === undefined ||
            value === false ||
            (value === null && heldBackDefaults.some((p) => p.join(".") === path.join(".")))
        )
            continue;
        if (safe && valueAt(helmValues, safe.path) === safe.value) continue;
        const fix = safe ? `; set ${safe.path.join(".")}: ${safe.value} with it` : "";
        problems.push({
            key: `helmValues.${path.map((step) => pathText("", step)).join(".")}`,
            message: `must be false: it ${reason}${fix} (${source})`,
        });
    }
    return problems;
}

/** The Milvus chart's defaults that hold a sub-chart's exposure back, deleted with null. */
function heldBackDefaultProblems(helmValues: PlainObject): Problem[] {
    const problems: Problem[] = [];
    for (const held of heldBackDefaults) {
        // The path itself, or the first object above it that is deleted with null.
        const cut = held.findIndex((_, i) => valueAt(helmValues, held.slice(0, i + 1)) === null);
        if (cut < 0) continue;
        const at = held.slice(0, cut + 1);
        if (at.length >= 2 && /service$/i.test(at[at.length - 2]) && at[at.length - 1] === "type") continue; // reported above
        if (/service$/i.test(at[at.length - 1])) continue; // reported above
        problems.push({
            key: `helmValues.${at.map((step) => pathText("", step)).join(".")}`,
            message: `must not be null: Helm would delete the Milvus chart's ${held.join(".")}, and the sub-chart's own default exposes it (${source})`,
        });
    }
    return problems;
}

/**
 * Paths of `helmValues` the rules above read: they must stay plain values when a stack's `helmValues` is secret
 * (see ownedValues.ts `asSecretValues`). None is a credential.
 */
export function readByChartExposure(path: readonly (string | number)[]): boolean {
    const key = path[path.length - 1];
    const parent = path[path.length - 2];
    if (typeof key !== "string") return false;
    if (key === "type" && typeof parent === "string" && /service$/i.test(parent)) return true;
    if (key === "enabled" && typeof parent === "string" && (/ingress$/i.test(parent) || parent === "route"))
        return true;
    if (path.some((step) => typeof step === "string" && (Object.hasOwn(exposureKeys, step) || step === "extraDeploy")))
        return true;
    return exposingSwitches.some((s) => s.path.join(".") === path.join("."));
}
