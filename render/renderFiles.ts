// What `npm run render` writes and prints, from the resources the program registered: plain functions of the
// recorded resources, so the tests can check them without files.
import * as YAML from "yaml";
import { chartService } from "../checks";
import type { PlainObject } from "../components";
import type { KubeObject } from "../components/types";
import { isPlainObject } from "../components/plainData";
import type { RecordedResource, RenderedProgram } from "../harness/engine";
import { secretPlaceholder } from "./project";

const releaseType = "kubernetes:helm.sh/v3:Release";
const servicePatchType = "kubernetes:core/v1:ServicePatch";
const isProvider = (r: RecordedResource) => r.type.startsWith("pulumi:providers:");

/** Kubernetes objects the program applies itself (not the Helm release, whose objects the chart renders). */
export function kubernetesObjects(resources: readonly RecordedResource[]): KubeObject[] {
    // Apply order: what others refer to first (Secrets, the GKE configs, policies and certificates), the Ingress or the
    // Gateway last.
    const order = [
        ...["Namespace", "Secret", "ConfigMap", "BackendConfig", "FrontendConfig", "ManagedCertificate", "Service"],
        ...["HealthCheckPolicy", "GCPBackendPolicy", "GCPGatewayPolicy", "HTTPRoute", "Ingress", "Gateway"],
    ];
    const rank = (o: KubeObject) => (order.includes(o.kind) ? order.indexOf(o.kind) : order.length);
    return resources
        .filter((r) => r.type.startsWith("kubernetes:") && r.type !== releaseType && !isProvider(r))
        .map((r) => {
            const { apiVersion, kind, metadata, ...rest } = r.inputs as KubeObject;
            return { apiVersion, kind, metadata, ...rest };
        })
        .sort((a, b) => rank(a) - rank(b) || a.metadata.name.localeCompare(b.metadata.name));
}

/** `manifests.yaml`: every object, one YAML document each. */
export function manifestsYaml(objects: readonly KubeObject[]): string {
    // The Service patch of the gateway mode sets the gRPC port's appProtocol; the ingress mode's, annotations.
    const patched = objects.some((o) => o.kind === "Service" && o.spec !== undefined)
        ? "only the gRPC port's appProtocol"
        : "only annotations";
    const header =
        "# Kubernetes objects `pulumi up` applies (values known only after deploy: <computed>, <secret>).\n" +
        `# The Service holds ${patched}: a server-side-apply patch of the chart's Service (kubectl apply --server-side).\n`;
    return header + objects.map((o) => YAML.stringify(o)).join("---\n");
}

/** `milvus-values.yaml`: the Helm release's values, or the values an existing release must carry. */
export function milvusValuesYaml(
    resources: readonly RecordedResource[],
    outputs: Record<string, unknown>,
): string | undefined {
    const release = resources.find((r) => r.type === releaseType);
    if (release) {
        const i = release.inputs as { name: string; namespace: string; version: string; values: unknown };
        const command = `helm upgrade --install ${i.name} milvus/milvus --version ${i.version} -n ${i.namespace} -f milvus-values.yaml`;
        return `# Values of the Milvus Helm release. Usable as: ${command}\n${YAML.stringify(i.values)}`;
    }
    if (outputs.milvusHelmValues === undefined) return undefined;
    return `# manageRelease is false: the values your release must carry (helm upgrade <release> milvus/milvus --reuse-values -f milvus-values.yaml)\n${YAML.stringify(outputs.milvusHelmValues)}`;
}

/**
 * `gcp.json`: every GCP resource with its inputs, by type and name: resources register when their inputs resolve, an
 * order that follows the loader's timing, not the plan.
 */
export function gcpJson(resources: readonly RecordedResource[]): string {
    const gcp = resources
        .filter((r) => r.type.startsWith("gcp:") || r.type === "pulumi:providers:gcp")
        .map((r) => ({ type: r.type, name: r.name, parent: r.parent, inputs: r.inputs }))
        .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    return `${JSON.stringify({ resources: gcp }, null, 2)}\n`;
}

const holdsSecret = (value: unknown): boolean =>
    value === secretPlaceholder ||
    (typeof value === "object" && value !== null && Object.values(value).some(holdsSecret));

/**
 * The Milvus Service as the chart renders it, for the GKE rules: named as the program's `serviceName` output says (the
 * component's reading of the chart's `milvus.fullname` rule), from the Helm release's namespace and values; with no
 * release (manageRelease false), from the values the existing release must carry (the `milvusHelmValues` output) under
 * the name the Service patch targets. Undefined when those values are masked as secrets: the rules then see the Service
 * patch, which puts the same annotations on it.
 */
export function renderedMilvusService({ resources, outputs }: RenderedProgram): KubeObject | undefined {
    const release = resources.find((r) => r.type === releaseType)?.inputs as
        { name: string; namespace: string; values: PlainObject } | undefined;
    if (release) {
        const name = outputs.serviceName;
        if (typeof name !== "string" || holdsSecret(release.values.service)) return undefined;
        return chartService({ name, namespace: release.namespace }, release.values);
    }
    const patch = resources.find((r) => r.type === servicePatchType)?.inputs as KubeObject | undefined;
    const values = outputs.milvusHelmValues;
    if (!patch || !isPlainObject(values) || holdsSecret(values.service)) return undefined;
    return chartService(patch.metadata, values);
}

/** The resource tree (type and name, indented under the parent) as the CLI prints it. */
export function resourceTree(resources: readonly RecordedResource[]): string {
    const ref = (r: RecordedResource) => `${r.type}::${r.name}`;
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const childrenOf = (parent: RecordedResource | undefined) =>
        resources.filter(
            (r) =>
                r !== stack &&
                (parent === stack
                    ? r.parent === undefined || r.parent === (stack && ref(stack))
                    : r.parent === ref(parent!)),
        );
    const lines: string[] = [];
    const walk = (node: RecordedResource | undefined, prefix: string) => {
        const kids = childrenOf(node);
        kids.forEach((kid, i) => {
            const last = i === kids.length - 1;
            lines.push(`${prefix}${last ? "└─ " : "├─ "}${kid.type}  ${kid.name}`);
            walk(kid, `${prefix}${last ? "   " : "│  "}`);
        });
    };
    lines.push(stack ? `${stack.type}  ${stack.name}` : "(stack)");
    walk(stack, "");
    return lines.join("\n");
}

/** One line: how many resources of which kind. */
export function summary(resources: readonly RecordedResource[]): string {
    const count = (p: (r: RecordedResource) => boolean) => resources.filter(p).length;
    const kube = count((r) => r.type.startsWith("kubernetes:") && r.type !== releaseType && !isProvider(r));
    const releases = count((r) => r.type === releaseType);
    const gcp = count((r) => r.type.startsWith("gcp:"));
    const other = resources.length - kube - releases - gcp - count((r) => r.type === "pulumi:pulumi:Stack");
    return `${resources.length - 1} resources: ${kube} Kubernetes objects, ${releases} Helm release${releases === 1 ? "" : "s"}, ${gcp} GCP resources, ${other} others`;
}
