// The in-process Pulumi engine that render, bench and the tests share: it runs the real program (or a component)
// on Pulumi's mocks, answers as a provider would from a table of deployed outputs, and records every resource it
// registers: the same code path as `pulumi up`, with no CLI and no cloud.
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { secretPlaceholder, type StackConfigValues } from "./stackConfig";

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
    /** The provider the program chose, explicitly or through a parent, `<type>::<name>` (none: a default provider). */
    provider?: string;
    /** Resources named in `dependsOn`, as `<type>::<name>`. */
    dependsOn: string[];
    /** Resources whose outputs flow into this one's inputs, as `<type>::<name>`. */
    inputDependencies: string[];
}

/** A resource as the engine received it, with what only the tests read: secrecy and the options as set. */
export interface Registration extends RecordedResource {
    /** Inputs as received: secrets still wrapped (see {@link isSecretValue}), their values in clear. */
    rawInputs: Record<string, unknown>;
    /** The resource options as the program set them. */
    options: pulumi.CustomResourceOptions;
}

/** A provider function (invoke) the program called. */
export interface RecordedInvoke {
    token: string;
    inputs: Record<string, unknown>;
}

export interface RenderedProgram {
    resources: RecordedResource[];
    /** The stack outputs (the program's exports), secrets masked. */
    outputs: Record<string, unknown>;
}

/**
 * What providers return beyond a resource's inputs: the values only a deployment knows. Render fills them with
 * placeholders ({@link placeholderOutputs}), the tests with fixed values they can look for.
 */
export interface DeployedOutputs {
    /** The id of created resource `name`. */
    id(name: string): string;
    /** Pulumi's auto-name for GCP resource `name` given no `name` input: the name plus a random suffix. */
    autoName(name: string): string;
    /** A PEM block tls resource `name` generates: its private key, public key or certificate. */
    pem(label: "RSA PRIVATE KEY" | "PUBLIC KEY" | "CERTIFICATE", name: string): string;
    /** A random.RandomPassword's `result`. */
    password: string;
    /** The IP GKE writes into an Ingress's or a Gateway's status. */
    ingressIp: string;
    /** The address GCP reserves for a created GlobalAddress. */
    reservedIp: string;
    /** The address gcp.compute.getGlobalAddress (or getAddress, regional) finds for an existing name. */
    existingIp: string;
    /** The type (INTERNAL, EXTERNAL) of the regional address gcp.compute.getAddress finds; unset, it reports none. */
    existingAddressType?: string;
    /** The IPv4 range gcp.compute.getSubnetwork finds for an existing subnet (a proxy-only subnet's, the tests'). */
    existingSubnetRange: string;
    /** The VPC network of every subnet gcp.compute.getSubnetwork finds; unset, it reports none (a render's). */
    existingSubnetNetwork?: string;
    /** A Helm release's `status.status`. */
    releaseStatus: string;
    /** What gcp.container.getCluster finds (`project` when the lookup names none). */
    cluster: { project: string; endpoint: string; clusterCaCertificate: string };
    /** The gcp provider's project and region, as gcp.organizations.getClientConfig reports them. */
    provider: { project: string; region: string };
}

/** What render shows for deployed values: {@link computedPlaceholder}, or {@link secretPlaceholder} for secrets. */
export const placeholderOutputs: DeployedOutputs = {
    id: () => computedPlaceholder,
    autoName: (name) => `${name}-<random>`,
    pem: (label) => (label === "RSA PRIVATE KEY" ? secretPlaceholder : computedPlaceholder),
    password: secretPlaceholder,
    ingressIp: computedPlaceholder,
    reservedIp: computedPlaceholder,
    existingIp: computedPlaceholder,
    existingSubnetRange: computedPlaceholder,
    releaseStatus: computedPlaceholder,
    cluster: { project: computedPlaceholder, endpoint: computedPlaceholder, clusterCaCertificate: computedPlaceholder },
    // Render shows what the provider's config holds in a deployment: the stack's gcp:project and gcp:region.
    provider: { project: "<gcp:project>", region: "<gcp:region>" },
};

/** A resource's state after create: its inputs and what its provider fills in. */
function resourceState(
    d: DeployedOutputs,
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    switch (type) {
        case "tls:index/privateKey:PrivateKey":
            return {
                ...inputs,
                privateKeyPem: d.pem("RSA PRIVATE KEY", name),
                publicKeyPem: d.pem("PUBLIC KEY", name),
            };
        case "tls:index/selfSignedCert:SelfSignedCert":
            return { ...inputs, certPem: d.pem("CERTIFICATE", name) };
        case "random:index/randomPassword:RandomPassword":
            return { ...inputs, result: d.password };
        case "kubernetes:networking.k8s.io/v1:Ingress":
            return { ...inputs, status: { loadBalancer: { ingress: [{ ip: d.ingressIp }] } } };
        case "kubernetes:gateway.networking.k8s.io/v1:Gateway":
            return { ...inputs, status: { addresses: [{ type: "IPAddress", value: d.ingressIp }] } };
        case "kubernetes:helm.sh/v3:Release":
            return { ...inputs, status: { name: inputs.name, namespace: inputs.namespace, status: d.releaseStatus } };
        case "gcp:compute/globalAddress:GlobalAddress":
        case "gcp:compute/address:Address":
            return { ...inputs, name: inputs.name ?? d.autoName(name), address: d.reservedIp };
        // Certificate Manager's authorization record is `_acme-challenge.<domain>.` (CNAME, FIXED_RECORD); its data and
        // the certificate's state are Google's.
        case "gcp:certificatemanager/dnsAuthorization:DnsAuthorization":
            return {
                ...inputs,
                name: inputs.name ?? d.autoName(name),
                dnsResourceRecords: [
                    { name: `_acme-challenge.${String(inputs.domain)}.`, type: "CNAME", data: computedPlaceholder },
                ],
            };
        case "gcp:certificatemanager/certificate:Certificate":
            return {
                ...inputs,
                name: inputs.name ?? d.autoName(name),
                managed: { ...(inputs.managed as object), state: computedPlaceholder },
            };
        case "gcp:serviceaccount/account:Account":
            return {
                ...inputs,
                name: d.id(name),
                email: `${String(inputs.accountId)}@${d.provider.project}.iam.gserviceaccount.com`,
            };
        default:
            return type.startsWith("gcp:") ? { ...inputs, name: inputs.name ?? d.autoName(name) } : inputs;
    }
}

/** What a provider function (invoke) returns. */
function invokeResult(d: DeployedOutputs, token: string, inputs: Record<string, unknown>): Record<string, unknown> {
    switch (token) {
        case "gcp:compute/getGlobalAddress:getGlobalAddress":
            return { ...inputs, address: d.existingIp };
        case "gcp:compute/getAddress:getAddress":
            return {
                ...inputs,
                address: d.existingIp,
                ...(d.existingAddressType === undefined ? {} : { addressType: d.existingAddressType }),
            };
        // Self links as the Compute API writes them; the project is the provider's.
        case "gcp:compute/getSubnetwork:getSubnetwork":
            return {
                ...inputs,
                selfLink: `https://www.googleapis.com/compute/v1/projects/${d.provider.project}/regions/${String(inputs.region)}/subnetworks/${String(inputs.name)}`,
                ipCidrRange: d.existingSubnetRange,
                ...(d.existingSubnetNetwork === undefined
                    ? {}
                    : {
                          network: `https://www.googleapis.com/compute/v1/projects/${d.provider.project}/global/networks/${d.existingSubnetNetwork}`,
                      }),
            };
        case "gcp:compute/getNetwork:getNetwork":
            return {
                ...inputs,
                selfLink: `https://www.googleapis.com/compute/v1/projects/${d.provider.project}/global/networks/${String(inputs.name)}`,
            };
        case "gcp:organizations/getClientConfig:getClientConfig":
            return { ...inputs, project: d.provider.project, region: d.provider.region };
        case "gcp:container/getCluster:getCluster":
            return {
                ...inputs,
                project: inputs.project ?? d.cluster.project,
                endpoint: d.cluster.endpoint,
                masterAuths: [{ clusterCaCertificate: d.cluster.clusterCaCertificate }],
                workloadIdentityConfigs: [
                    {
                        workloadPool: `${typeof inputs.project === "string" ? inputs.project : d.cluster.project}.svc.id.goog`,
                    },
                ],
            };
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
export function refOf(urn: string): string {
    const parts = urn.split("::");
    const types = parts[2]?.split("$") ?? [];
    return `${types[types.length - 1]}::${parts[3]}`;
}

// Pulumi's own wait for outstanding registrations and invokes: what `disconnect` runs before it closes the monitor.
// Exported by @pulumi/pulumi/runtime but marked @internal, so not in its types.
const { waitForRPCs } = pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> };

/** The in-process engine: Pulumi's mocks, answering from a {@link DeployedOutputs} table, recording everything. */
export interface Engine {
    /** Every resource registered, in the order the engine received them. Complete once {@link Engine.settled} resolves. */
    readonly resources: Registration[];
    /** Every provider function (invoke) called, in order. */
    readonly invokes: RecordedInvoke[];
    /**
     * Records each resource's options. {@link Engine.run} applies it to the whole program; a component constructed
     * outside `run` (a unit test's) takes it in its `transformations`, and its children inherit it.
     */
    readonly transformation: pulumi.ResourceTransformation;
    /**
     * Runs `program` inside the root Stack resource, as the Node.js language host runs a program, and resolves once
     * it and every registration are done: to what it returned and the stack outputs (its exports, unmasked).
     */
    run<T>(program: () => Promise<T>): Promise<{ exports: T; outputs: Record<string, unknown> }>;
    /** Resolves once every registration and invoke started so far is done and recorded in {@link Engine.resources}. */
    settled(): Promise<void>;
}

/**
 * Starts the in-process engine for `project`/`stack`: sets Pulumi's mocks, so it must run before a program that
 * creates resources when imported. One engine per process: Pulumi's runtime state is global.
 */
export function startEngine(deployed: DeployedOutputs, project: string, stack: string): Engine {
    const resources: Registration[] = [];
    const invokes: RecordedInvoke[] = [];
    const mocked = pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                const rawInputs = args.inputs as Record<string, unknown>;
                const inputs = maskSecrets(rawInputs) as Record<string, unknown>;
                // A provider reference is `<provider URN>::<provider id>`.
                const provider = args.provider ? refOf(args.provider) : undefined;
                const record = resources.find((r) => r.type === args.type && r.name === args.name);
                if (record) Object.assign(record, { inputs, rawInputs, provider });
                else {
                    const custom = args.custom !== false;
                    resources.push({
                        type: args.type,
                        name: args.name,
                        inputs,
                        rawInputs,
                        provider,
                        custom,
                        dependsOn: [],
                        inputDependencies: [],
                        options: {},
                    });
                }
                return {
                    id: args.custom === false ? undefined : deployed.id(args.name),
                    state: resourceState(deployed, args.type, args.name, rawInputs),
                };
            },
            call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
                const inputs = args.inputs as Record<string, unknown>;
                invokes.push({ token: args.token, inputs });
                return invokeResult(deployed, args.token, inputs);
            },
        },
        project,
        stack,
        false,
    );

    // Parents and dependsOn come from the resource options, which the mock's arguments do not carry: a
    // legacy transformation sees every resource's options as the program set them.
    const options = new Map<string, { opts: pulumi.CustomResourceOptions; props: unknown }>();
    const transformation: pulumi.ResourceTransformation = (args) => {
        options.set(`${args.type}::${args.name}`, { opts: args.opts, props: args.props });
        return undefined;
    };

    const completions: Promise<void>[] = [];
    /** Fills in what needs the other resources' URNs, once they are registered. */
    async function complete(r: Registration): Promise<void> {
        const set = options.get(`${r.type}::${r.name}`);
        if (!set) return;
        r.options = set.opts;
        if (set.opts.parent) r.parent = refOf(await urnOf(set.opts.parent));
        const dependsOn = await valueOf(pulumi.output(set.opts.dependsOn));
        r.dependsOn = (await Promise.all([dependsOn ?? []].flat().map((d) => urnOf(d)))).map(refOf).sort();
        const fromInputs = await Promise.all(outputsIn(set.props).map((o) => pulumi.getAllResources(o)));
        const refs = await Promise.all(fromInputs.flatMap((found) => [...found]).map((d) => urnOf(d)));
        r.inputDependencies = [...new Set(refs.map(refOf))].sort();
    }

    const settled = async () => {
        await mocked;
        await waitForRPCs();
        await Promise.all(resources.map((r, i) => (completions[i] ??= complete(r))));
    };

    return {
        resources,
        invokes,
        transformation,
        settled,
        async run<T>(program: () => Promise<T>) {
            await mocked;
            let exports!: Promise<T>;
            const outputs = await pulumi.runtime.runInPulumiStack(() => {
                pulumi.runtime.registerStackTransformation(transformation);
                exports = program();
                // The program's error is run's to report: thrown in the Stack's init, it would also reject promises
                // the SDK derives from the stack outputs, which nothing awaits (an unhandled rejection).
                return exports.then(
                    (e) => e as Record<string, unknown>,
                    () => undefined,
                );
            });
            await settled();
            return { exports: await exports, outputs: outputs ?? {} };
        },
    };
}

/**
 * Runs the program at `entry` (e.g. index.ts) with `stack`'s config on an in-process engine answering with
 * `deployed` (placeholders unless told), and resolves to every resource it registered once the program and all its
 * registrations are done. Rejects with the program's error. One program per process: Pulumi's runtime state is global.
 */
export async function runProgram(
    entry: string,
    stack: string,
    values: Omit<StackConfigValues, "encryptedKeys">,
    deployed = placeholderOutputs,
): Promise<RenderedProgram> {
    const engine = startEngine(deployed, values.project, stack);
    pulumi.runtime.setAllConfig(values.config, values.secretKeys);
    // Loaded as the language host loads a program (@pulumi/pulumi cmd/run/run.js: `require(program)`), so the loader
    // registered for `require` (load.js) serves it.
    // A program that throws rejects, as an import() would.
    const { outputs } = await engine.run(
        () => new Promise<unknown>((resolve) => resolve(createRequire(__filename)(entry))),
    );
    await pulumi.runtime.disconnect();
    return { resources: engine.resources, outputs: maskSecrets(outputs) as Record<string, unknown> };
}

/** Every Output inside a resource's input properties. */
function outputsIn(value: unknown): pulumi.Output<unknown>[] {
    if (pulumi.Output.isInstance(value)) return [value];
    if (Array.isArray(value)) return value.flatMap(outputsIn);
    if (typeof value === "object" && value !== null && !pulumi.Resource.isInstance(value))
        return Object.values(value).flatMap(outputsIn);
    return [];
}

/** The value of an Output once it resolves. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

function urnOf(resource: pulumi.Resource): Promise<string> {
    return valueOf(resource.urn);
}
