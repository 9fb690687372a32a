// The deploy's critical path, from the dependency graph the program registers. The engine creates a resource once
// everything it waits on is created: what it names in dependsOn, the resources whose outputs flow into its inputs,
// its provider, and a custom-resource parent (a child needs the parent's URN, known once the parent exists). Waiting
// on a component means waiting on every resource under it. A working endpoint also needs waits no engine sees: the
// load balancer's health check passing, and, google-managed, the certificate GKE provisions once the load balancer
// serves the domain and DNS points at it.
import { certificateProvisioning, createWait, longWaitSeconds, type SourceId, type Wait } from "./waits";

export interface GraphResource {
    ref: string;
    type: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    dependsOn: string[];
    inputDependencies: string[];
    inputs: Record<string, unknown>;
}

export interface Scenario {
    certMode: "self-managed" | "google-managed";
    /** Stack config set over the dev stack's (Pulumi.dev.yaml), keys without the project namespace. */
    overrides: Record<string, string>;
}

/** Both cert modes on a production-shaped dev stack: Milvus in cluster mode; google-managed with its DNS record. */
export const scenarios: Scenario[] = [
    { certMode: "self-managed", overrides: { milvusMode: "cluster" } },
    { certMode: "google-managed", overrides: { milvusMode: "cluster", certMode: "google-managed", dnsZone: "example-com" } },
];

/** The component's Ingress create timeout (components/milvusL7LoadBalancer.ts, `ingressTimeout` 30m). */
const ingressTimeoutSeconds = 30 * 60;

type Estimate = "typical" | "bound";

interface Node {
    id: string;
    /** The resource type; empty for external waits. */
    type: string;
    wait: Wait;
    /** Ids this node waits on, and why. */
    waitsOn: { id: string; why: string }[];
    /** Not a Pulumi resource: a condition of a working endpoint that only the cloud brings about. */
    external: boolean;
}

export interface ChainStep {
    id: string;
    what: string;
    source: SourceId;
    seconds: number;
    finishes: number;
    /** Why it waits on the previous step (empty for the first). */
    after: string;
}

export interface Analysis {
    scenario: Scenario;
    estimate: Estimate;
    /** When the engine has created every resource: `pulumi up` returns. */
    pulumiUpSeconds: number;
    /** When the endpoint answers: every resource created and every external wait over. */
    endpointSeconds: number;
    chain: ChainStep[];
    /** The longest single wait, counting the certificate with the load balancer it cannot start without. */
    longestSingleWaitSeconds: number;
    /** Pairs of long waits the graph puts one after the other, with the edges that do it. */
    serialized: { first: string; then: string; edges: string[] }[];
}

const endpointId = "working endpoint";
const healthyId = "backends healthy (load balancer health check)";
const certificateId = "certificate provisioned (GKE)";

const isType = (n: { type: string }, suffix: string) => n.type.endsWith(suffix);

/** The nodes and edges: every custom resource, plus the external waits of a working endpoint. */
function buildNodes(graph: readonly GraphResource[]): Map<string, Node> {
    const byRef = new Map(graph.map((r) => [r.ref, r]));
    const children = new Map<string, GraphResource[]>();
    for (const r of graph) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    // A component is created as soon as it is registered; waiting on one is waiting on everything under it.
    const customUnder = (ref: string): string[] => {
        const r = byRef.get(ref);
        if (r?.custom) return [ref];
        return (children.get(ref) ?? []).flatMap((c) => customUnder(c.ref));
    };

    const nodes = new Map<string, Node>();
    for (const r of graph.filter((g) => g.custom)) {
        const edges: { ref: string; why: string }[] = [
            ...r.dependsOn.map((ref) => ({ ref, why: "dependsOn" })),
            ...r.inputDependencies.map((ref) => ({ ref, why: "output -> input" })),
            ...(r.provider ? [{ ref: r.provider, why: "provider" }] : []),
            ...(r.parent && byRef.get(r.parent)?.custom ? [{ ref: r.parent, why: "parent" }] : []),
        ];
        const waitsOn = edges.flatMap((e) => customUnder(e.ref).filter((id) => id !== r.ref).map((id) => ({ id, why: e.why })));
        nodes.set(r.ref, { id: r.ref, type: r.type, wait: createWait(r.type, r.inputs, ingressTimeoutSeconds), waitsOn, external: false });
    }

    const refsOf = (suffix: string) => graph.filter((r) => r.custom && isType(r, suffix)).map((r) => r.ref);
    const ingresses = refsOf(":Ingress");
    const releases = refsOf(":Release");
    const backendConfig = graph.find((r) => r.custom && r.type === "kubernetes:cloud.google.com/v1:BackendConfig");
    // The load balancer marks a backend healthy after `healthyThreshold` passing checks, `checkIntervalSec` apart.
    const healthCheck = (backendConfig?.inputs.spec as { healthCheck?: { checkIntervalSec?: number; healthyThreshold?: number } } | undefined)
        ?.healthCheck;
    const healthy = (healthCheck?.checkIntervalSec ?? 5) * (healthCheck?.healthyThreshold ?? 1);
    nodes.set(healthyId, {
        id: healthyId,
        type: "",
        wait: { what: "health checks pass on the ready pods", typical: healthy, bound: healthy, source: "estimate" },
        waitsOn: [...releases, ...ingresses].map((id) => ({ id, why: "needs the pods ready and the load balancer built" })),
        external: true,
    });
    const managedCertificates = refsOf(":ManagedCertificate");
    if (managedCertificates.length > 0) {
        nodes.set(certificateId, {
            id: certificateId,
            type: "",
            wait: certificateProvisioning,
            waitsOn: [
                ...ingresses.map((id) => ({ id, why: "GKE provisions once the load balancer serves the domain (Google's order)" })),
                ...refsOf(":RecordSet").map((id) => ({ id, why: "the domain must resolve to the load balancer" })),
                ...managedCertificates.map((id) => ({ id, why: "the certificate object" })),
            ],
            external: true,
        });
    }
    nodes.set(endpointId, {
        id: endpointId,
        type: "",
        wait: { what: "clients connect", typical: 0, bound: 0, source: "estimate" },
        waitsOn: [healthyId, ...ingresses, ...(nodes.has(certificateId) ? [certificateId] : [])].map((id) => ({ id, why: "needs it" })),
        external: true,
    });
    return nodes;
}

/** Finish time of every node (longest path to it) and, for each, the node it waited on longest. */
function schedule(nodes: Map<string, Node>, estimate: Estimate) {
    const finish = new Map<string, number>();
    const via = new Map<string, { id: string; why: string } | undefined>();
    const visit = (id: string, path: Set<string>): number => {
        const known = finish.get(id);
        if (known !== undefined) return known;
        if (path.has(id)) throw new Error(`dependency cycle through ${id}`);
        const node = nodes.get(id);
        if (!node) throw new Error(`unknown resource ${id}`);
        let start = 0;
        let latest: { id: string; why: string } | undefined;
        for (const dep of node.waitsOn) {
            const t = visit(dep.id, new Set([...path, id]));
            if (t > start || latest === undefined) [start, latest] = [Math.max(start, t), dep];
        }
        const done = start + node.wait[estimate];
        finish.set(id, done);
        via.set(id, latest);
        return done;
    };
    for (const id of nodes.keys()) visit(id, new Set());
    return { finish, via };
}

/** The chain of edges by which `to` waits on `from`, or undefined when it does not. */
function chainBetween(nodes: Map<string, Node>, from: string, to: string): string[] | undefined {
    const seen = new Set<string>();
    const search = (id: string): string[] | undefined => {
        if (seen.has(id)) return undefined;
        seen.add(id);
        for (const dep of nodes.get(id)?.waitsOn ?? []) {
            if (dep.id === from) return [`${id} waits on ${dep.id} (${dep.why})`];
            const rest = search(dep.id);
            if (rest) return [...rest, `${id} waits on ${dep.id} (${dep.why})`];
        }
        return undefined;
    };
    return search(to);
}

export function analyse(scenario: Scenario, graph: readonly GraphResource[], estimate: Estimate): Analysis {
    const nodes = buildNodes(graph);
    const { finish, via } = schedule(nodes, estimate);

    const chain: ChainStep[] = [];
    for (let step: { id: string; why: string } | undefined = { id: endpointId, why: "" }; step; step = via.get(step.id)) {
        const node = nodes.get(step.id);
        if (!node) break;
        const after = via.get(step.id)?.why ?? "";
        chain.unshift({ id: node.id, what: node.wait.what, source: node.wait.source, seconds: node.wait[estimate], finishes: finish.get(node.id) ?? 0, after });
    }

    // Long waits in the program's own graph; the certificate's wait on the load balancer is Google's, not an edge.
    const long = [...nodes.values()].filter((n) => !n.external && n.wait.typical >= longWaitSeconds).map((n) => n.id);
    const serialized = long.flatMap((first) =>
        long.filter((then) => then !== first).flatMap((then) => {
            const edges = chainBetween(nodes, first, then);
            return edges ? [{ first, then, edges }] : [];
        }),
    );
    const single = (n: Node) => n.wait[estimate] + (isType(n, ":Ingress") && nodes.has(certificateId) ? certificateProvisioning[estimate] : 0);
    const longestSingleWaitSeconds = Math.max(...[...nodes.values()].filter((n) => !n.external).map(single));
    const pulumiUpSeconds = Math.max(...[...nodes.values()].filter((n) => !n.external).map((n) => finish.get(n.id) ?? 0));
    return { scenario, estimate, pulumiUpSeconds, endpointSeconds: finish.get(endpointId) ?? 0, chain, longestSingleWaitSeconds, serialized };
}

/** A step of the guide, done by hand after the previous one finished. */
export interface GuideStep {
    step: string;
    wait: Wait;
}

/**
 * The Milvus GCP Layer-7 guide's steps in its order, with the same waits as the program's resources. The guide
 * starts from a running Milvus; its TLS `helm upgrade` restarts the Milvus pods, a full readiness wait.
 */
export function guideSteps(certMode: Scenario["certMode"], release: Wait, healthCheckSeconds: number): GuideStep[] {
    const api = createWait("kubernetes:", {}, ingressTimeoutSeconds);
    const steps: GuideStep[] = [
        { step: "helm upgrade --set service.type=ClusterIP", wait: api },
        { step: "helm upgrade -f tls.yaml (Milvus pods restart with TLS)", wait: release },
        { step: "kubectl apply -f backendconfig.yaml", wait: api },
        { step: "kubectl annotate service (NEG, app-protocols, backend-config)", wait: api },
        certMode === "self-managed"
            ? { step: "openssl + kubectl create secret tls", wait: api }
            : { step: "kubectl apply -f managed-crt.yaml", wait: api },
        { step: "kubectl apply -f ingress.yaml, wait for the IP", wait: createWait("kubernetes:networking.k8s.io/v1:Ingress", {}, ingressTimeoutSeconds) },
    ];
    if (certMode === "google-managed") {
        steps.push({ step: "point the domain's A record at the IP", wait: createWait("gcp:dns/recordSet:RecordSet", {}, ingressTimeoutSeconds) });
        steps.push({ step: "wait for the ManagedCertificate to be Active", wait: certificateProvisioning });
    }
    steps.push({ step: "backends turn healthy", wait: { what: "health checks pass", typical: healthCheckSeconds, bound: healthCheckSeconds, source: "estimate" } });
    return steps;
}

/** The Release's wait and the health-check time of a graph, for the guide's steps to use the same figures. */
export function guideFigures(graph: readonly GraphResource[]): { release: Wait; healthCheckSeconds: number } {
    const nodes = buildNodes(graph);
    const release = [...nodes.values()].find((n) => n.id.startsWith("kubernetes:helm.sh/v3:Release::"));
    return {
        release: release?.wait ?? createWait("kubernetes:helm.sh/v3:Release", {}, ingressTimeoutSeconds),
        healthCheckSeconds: nodes.get(healthyId)?.wait.typical ?? 0,
    };
}
