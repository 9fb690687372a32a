// An in-process Pulumi engine that runs the real program and records every resource it registers, filling in what
// only a deployment would know with placeholders: the same code path as `pulumi up`, with no CLI and no cloud.
import * as pulumi from "@pulumi/pulumi";
import { secretPlaceholder, type StackConfigValues } from "./project";

/** Stands for a value the cloud or a provider fills in after deploy (an IP, a certificate PEM, a status). */
export const computedPlaceholder = "<computed>";

/** A resource as the engine received it. */
export interface RecordedResource {
    type: string;
    name: string;
    /** The parent's `<type>::<name>`, undefined for the stack's own children of the root. */
    parent?: string;
    /** Inputs, with secrets as {@link secretPlaceholder} leaves. */
    inputs: Record<string, unknown>;
    custom: boolean;
    /** Explicit provider, `<type>::<name>`. */
    provider?: string;
    /** Resources named in `dependsOn`, as `<type>::<name>`. */
    dependsOn: string[];
    /** Resources whose outputs flow into this one's inputs, as `<type>::<name>`. */
    inputDependencies: string[];
}

export interface RenderedProgram {
    resources: RecordedResource[];
    /** The stack outputs (the program's exports), secrets masked. */
    outputs: Record<string, unknown>;
}

/** Pulumi's auto-name: the resource name plus a random suffix chosen at preview. */
const autoNamed = (name: string) => `${name}-<random>`;

/** What a provider returns for a resource, beyond its inputs: the values only a deployment would know. */
function deployedOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    switch (type) {
        case "tls:index/privateKey:PrivateKey":
            return { ...inputs, privateKeyPem: secretPlaceholder, publicKeyPem: computedPlaceholder };
        case "tls:index/selfSignedCert:SelfSignedCert":
            return { ...inputs, certPem: computedPlaceholder };
        case "random:index/randomPassword:RandomPassword":
            return { ...inputs, result: secretPlaceholder };
        case "kubernetes:networking.k8s.io/v1:Ingress":
            return { ...inputs, status: { loadBalancer: { ingress: [{ ip: computedPlaceholder }] } } };
        case "kubernetes:helm.sh/v3:Release":
            return { ...inputs, status: { name: inputs.name, namespace: inputs.namespace, status: computedPlaceholder } };
        case "gcp:compute/globalAddress:GlobalAddress":
            return { ...inputs, name: inputs.name ?? autoNamed(name), address: computedPlaceholder };
        default:
            return type.startsWith("gcp:") ? { ...inputs, name: inputs.name ?? autoNamed(name) } : inputs;
    }
}

/** What provider functions (invokes) return: the looked-up values are only known with a cloud. */
function invokeResult(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
    switch (token) {
        case "gcp:compute/getGlobalAddress:getGlobalAddress":
            return { ...inputs, address: computedPlaceholder };
        case "gcp:container/getCluster:getCluster":
            return { ...inputs, project: inputs.project ?? computedPlaceholder, endpoint: computedPlaceholder, masterAuths: [{ clusterCaCertificate: computedPlaceholder }] };
        default:
            return inputs;
    }
}

// Inputs arrive with secret values wrapped in Pulumi's secret signature.
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
/** Whether an input value, as the engine receives it, is a secret (its plain value under `value`). */
export const isSecretValue = (v: unknown): v is { value: unknown } =>
    typeof v === "object" && v !== null && Object.values(v).includes(secretSignature) && "value" in v;

/** The value with every secret's leaves replaced by {@link secretPlaceholder}, keeping its shape. */
export function maskSecrets(value: unknown, inSecret = false): unknown {
    if (isSecretValue(value)) return maskSecrets(value.value, true);
    if (Array.isArray(value)) return value.map((v) => maskSecrets(v, inSecret));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, inSecret)]));
    }
    return inSecret && value !== undefined && value !== null ? secretPlaceholder : value;
}

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` -> `<type>::<name>` of the resource itself. */
function refOf(urn: string): string {
    const parts = urn.split("::");
    const types = parts[2]?.split("$") ?? [];
    return `${types[types.length - 1]}::${parts[3]}`;
}

/**
 * Runs the program at `entry` (e.g. index.ts) with `stack`'s config on an in-process engine and resolves to every
 * resource it registered, once the program and all its registrations are done. Rejects with the program's error.
 * One program per process: Pulumi's runtime state is global.
 */
export async function runProgram(entry: string, stack: string, values: StackConfigValues): Promise<RenderedProgram> {
    const recorded: RecordedResource[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                const inputs = args.inputs as Record<string, unknown>;
                const record = recorded.find((r) => r.type === args.type && r.name === args.name);
                if (record) record.inputs = maskSecrets(inputs) as Record<string, unknown>;
                else {
                    recorded.push({
                        type: args.type,
                        name: args.name,
                        inputs: maskSecrets(inputs) as Record<string, unknown>,
                        custom: args.custom !== false,
                        dependsOn: [],
                        inputDependencies: [],
                    });
                }
                return { id: args.custom === false ? undefined : computedPlaceholder, state: deployedOutputs(args.type, args.name, inputs) };
            },
            call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
                return invokeResult(args.token, args.inputs as Record<string, unknown>);
            },
        },
        values.project,
        stack,
        false,
    );
    pulumi.runtime.setAllConfig(values.config, values.secretKeys);

    // Parents and providers come from the resource options, which the mock's arguments do not carry: a stack
    // transformation sees every resource's options as the program set them.
    const options = new Map<string, { parent?: pulumi.Resource; provider?: pulumi.ProviderResource; dependsOn: unknown; props: unknown }>();
    // As the Node.js language host runs a program: inside the root Stack resource, whose outputs are the exports.
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((args) => {
            const opts = args.opts as pulumi.CustomResourceOptions;
            options.set(`${args.type}::${args.name}`, { parent: opts.parent, provider: opts.provider, dependsOn: opts.dependsOn, props: args.props });
            return undefined;
        });
        return (await import(entry)) as Record<string, unknown>;
    });
    await pulumi.runtime.disconnect();

    for (const r of recorded) {
        const set = options.get(`${r.type}::${r.name}`);
        if (set?.parent) r.parent = refOf(await urnOf(set.parent));
        if (set?.provider) r.provider = refOf(await urnOf(set.provider));
        const dependsOn = await valueOf(pulumi.output(set?.dependsOn as pulumi.Input<pulumi.Input<pulumi.Resource>[]> | undefined));
        r.dependsOn = (await Promise.all([dependsOn ?? []].flat().map((d) => urnOf(d)))).map(refOf).sort();
        const fromInputs = await Promise.all(outputsIn(set?.props).map((o) => pulumi.getAllResources(o)));
        const refs = await Promise.all(fromInputs.flatMap((found) => [...found]).map((d) => urnOf(d)));
        r.inputDependencies = [...new Set(refs.map(refOf))].sort();
    }
    return { resources: recorded, outputs: (maskSecrets(outputs ?? {}) as Record<string, unknown>) };
}

/** Every Output inside a resource's input properties. */
function outputsIn(value: unknown): pulumi.Output<unknown>[] {
    if (pulumi.Output.isInstance(value)) return [value];
    if (Array.isArray(value)) return value.flatMap(outputsIn);
    if (typeof value === "object" && value !== null && !pulumi.Resource.isInstance(value)) return Object.values(value).flatMap(outputsIn);
    return [];
}

/** The value of an Output once it resolves. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

function urnOf(resource: pulumi.Resource): Promise<string> {
    return valueOf(resource.urn);
}
