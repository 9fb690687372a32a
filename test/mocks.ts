// Import this module before the program or the component: Pulumi's mocks must be in place before any resource
// is constructed. Every registration reaches `registered`; the mock plays the provider and returns the outputs a
// real deployment would fill in (certificate PEMs, the Ingress IP, the Helm status).
import * as pulumi from "@pulumi/pulumi";
import { isSecretValue, valueOf } from "../render/engine";

/** A resource as the (mock) engine received it. */
export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    /** Provider reference `<urn>::<id>`, when one was passed explicitly or inherited from the parent. */
    provider?: string;
}

/** A child as the component's transformation saw it: Outputs still wrapped, options as the component set them. */
export interface Child {
    type: string;
    name: string;
    props: Record<string, unknown>;
    opts: pulumi.CustomResourceOptions;
}

export const registered: Registered[] = [];
/** Provider functions (invokes) the program called, in order. */
export const calls: { token: string; inputs: Record<string, unknown> }[] = [];

export const mockIngressIp = "203.0.113.10";
/** The address GCP reserves for a created GlobalAddress, and the one an existing address has. */
export const mockReservedIp = "198.51.100.7";
export const mockExistingIp = "198.51.100.99";
export const mockRootPassword = "mock-root-password-0123456789abcd";
/** Pulumi auto-names GCP resources `<resource name>-<random suffix>`; the mock uses a fixed suffix. */
export const autoName = (name: string) => `${name}-0a1b2c3`;
export const mockCluster = { endpoint: "192.0.2.1", clusterCaCertificate: "bW9jayBjYQ==", project: "mock-project" };
export const mockPem = (kind: string, name: string) => `-----BEGIN ${kind}-----\nmock ${name}\n-----END ${kind}-----\n`;

function outputsOf(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    switch (type) {
        case "tls:index/privateKey:PrivateKey":
            return { ...inputs, privateKeyPem: mockPem("RSA PRIVATE KEY", name), publicKeyPem: mockPem("PUBLIC KEY", name) };
        case "tls:index/selfSignedCert:SelfSignedCert":
            return { ...inputs, certPem: mockPem("CERTIFICATE", name) };
        case "kubernetes:networking.k8s.io/v1:Ingress":
            return { ...inputs, status: { loadBalancer: { ingress: [{ ip: mockIngressIp }] } } };
        case "gcp:compute/globalAddress:GlobalAddress":
            return { ...inputs, name: inputs.name ?? autoName(name), address: mockReservedIp };
        case "gcp:compute/sSLPolicy:SSLPolicy":
        case "gcp:compute/securityPolicy:SecurityPolicy":
            return { ...inputs, name: inputs.name ?? autoName(name) };
        case "random:index/randomPassword:RandomPassword":
            return { ...inputs, result: mockRootPassword };
        case "kubernetes:helm.sh/v3:Release":
            return { ...inputs, status: { name: inputs.name, namespace: inputs.namespace, status: "deployed", version: 1 } };
        default:
            return inputs;
    }
}

void pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
            const inputs = args.inputs as Record<string, unknown>;
            registered.push({ type: args.type, name: args.name, inputs, provider: args.provider || undefined });
            return { id: args.custom === false ? undefined : `${args.name}-id`, state: outputsOf(args.type, args.name, inputs) };
        },
        call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
            calls.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
            switch (args.token) {
                case "gcp:compute/getGlobalAddress:getGlobalAddress":
                    return { ...(args.inputs as Record<string, unknown>), address: mockExistingIp };
                case "gcp:container/getCluster:getCluster":
                    return {
                        ...(args.inputs as Record<string, unknown>),
                        project: mockCluster.project,
                        endpoint: mockCluster.endpoint,
                        masterAuths: [{ clusterCaCertificate: mockCluster.clusterCaCertificate }],
                    };
                default:
                    return args.inputs as pulumi.runtime.MockCallResult;
            }
        },
    },
    "milvus-l7",
    "test",
    false,
);

export { isSecretValue, valueOf };

/** The value with every secret unwrapped. */
export function reveal(value: unknown): unknown {
    if (isSecretValue(value)) return reveal(value.value);
    if (Array.isArray(value)) return value.map(reveal);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    return value;
}
/** Every string in `value` that is not inside a secret. */
export function plainStrings(value: unknown): string[] {
    if (isSecretValue(value)) return [];
    if (typeof value === "string") return [value];
    if (typeof value === "object" && value !== null) return Object.values(value).flatMap(plainStrings);
    return [];
}

/** Providers the program created itself (the engine's default providers are named `default_<version>`). */
export function explicitProviders(pkg: string): Registered[] {
    return registered.filter((r) => r.type === `pulumi:providers:${pkg}` && !r.name.startsWith("default"));
}

/**
 * Resolves once the engine has received no registration for `quietMs`: the program's resources register
 * asynchronously, some only after the resources they depend on.
 */
export async function settled(quietMs = 50): Promise<void> {
    let count = -1;
    while (count !== registered.length) {
        count = registered.length;
        await new Promise((resolve) => setTimeout(resolve, quietMs));
    }
}


/**
 * A legacy transformation to pass in the component's options: it is inherited by every child and records it
 * (children are constructed synchronously, so the list is complete when the constructor returns).
 */
export function childRecorder(): { children: Child[]; transformation: pulumi.ResourceTransformation } {
    const children: Child[] = [];
    return {
        children,
        transformation: (args) => {
            children.push({ type: args.type, name: args.name, props: args.props, opts: args.opts });
            return undefined;
        },
    };
}

/** Waits until the engine has received every recorded child (registration is asynchronous). */
export async function registrationOf(children: readonly Child[]): Promise<Registered[]> {
    const find = () => children.map((c) => registered.find((r) => r.type === c.type && r.name === c.name));
    for (let tick = 0; tick < 2000; tick++) {
        const found = find();
        if (found.every((r) => r !== undefined)) return found;
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`not registered: ${children.filter((_, i) => !find()[i]).map((c) => c.name).join(", ")}`);
}
