// The component's outputs as a table, beside the arguments' (args.ts): which ones a mode leaves unset, and which are
// secrets. A program exports only those with a value (index.ts); the package schema marks the secrets (pluginSchema.ts).
import type * as pulumi from "@pulumi/pulumi";
import { frontEnds } from "./frontEnds";
import type { MilvusL7LoadBalancer, MilvusL7LoadBalancerOutputs } from "./milvusL7LoadBalancer";
import { resolveSettings } from "./settings";
import type { MilvusL7LoadBalancerArgs, MilvusL7Settings } from "./types";

/** An output's name. */
export type OutputName = keyof MilvusL7LoadBalancerOutputs;
type ValueOf<K extends OutputName> = MilvusL7LoadBalancerOutputs[K] extends pulumi.OutputInstance<infer T> ? T : never;

/**
 * How one output is declared: `when` it holds a value, if it may be unset (typed `T | undefined`, and then it must
 * say when), and whether it is always a secret.
 */
type OutputSpec<K extends OutputName> = { secret?: true } & (undefined extends ValueOf<K>
    ? { when: (s: MilvusL7Settings) => boolean }
    : { when?: never });

/** Every output, declared once; test/outputs.test.ts holds the component to it in every mode. */
export const outputSpecs = {
    loadBalancerIp: {},
    endpoint: {},
    certificatePem: { when: (s) => s.certMode === "self-managed" },
    rootPassword: { when: (s) => s.auth, secret: true },
    milvusHelmValues: {},
    serviceName: {},
    certificateState: { when: (s) => s.certMode === "certificate-manager" },
    dnsAuthorizationRecord: { when: (s) => s.certMode === "certificate-manager" && s.dnsZone === undefined },
    frontEndKind: {},
    frontEndName: {},
    reservedAddressName: { when: (s) => s.createStaticIp || s.staticIpName !== undefined },
    sslPolicyName: { when: (s) => frontEnds[s.loadBalancerApi].sslPolicyKind[s.loadBalancerScope] !== "none" },
    securityPolicyName: { when: (s) => s.allowedSourceRanges !== undefined },
    releaseName: {},
    releaseStatus: { when: (s) => s.manageRelease },
} as const satisfies { [K in OutputName]: OutputSpec<K> };

// `satisfies` makes the table complete: an output added to the class but not here does not compile.
export const outputNames = Object.keys(outputSpecs) as OutputName[];

/** The outputs that are always secrets. */
export const secretOutputs = outputNames.filter((name) => "secret" in outputSpecs[name]);

/** Whether the output holds a value with these settings. */
export function hasValue(name: OutputName, settings: MilvusL7Settings): boolean {
    const spec: { when?: (s: MilvusL7Settings) => boolean } = outputSpecs[name];
    return spec.when?.(settings) ?? true;
}

/**
 * The outputs of `component`, made from `args`, that hold a value: what a stack exports. An output exported unset
 * makes the SDK warn "Undefined value (<name>) will not show as a stack output" on every preview and update
 * (@pulumi/pulumi runtime/stack.js).
 */
export function outputsWithValues(
    component: MilvusL7LoadBalancer,
    args: MilvusL7LoadBalancerArgs,
): Partial<MilvusL7LoadBalancerOutputs> {
    const { settings } = resolveSettings(args);
    return Object.fromEntries(
        outputNames.filter((name) => hasValue(name, settings)).map((name) => [name, component[name]]),
    );
}
