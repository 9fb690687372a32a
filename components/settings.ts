import { closest } from "fastest-levenshtein";
import * as pulumi from "@pulumi/pulumi";
import { acceptsOutput, argumentNames, argumentSpecs, defaults, type ArgumentName } from "./args";
import { cidrProblem, isWildcard } from "./formats";
import { maxSecurityPolicyRanges, maxSecurityPolicyRules, rangesPerRule, sampleRateMillionths } from "./limits";
import { defaultMilvusValues } from "./chartValues";
import { chartNameProblems, milvusObjectNames } from "./objectNames";
import { chartConflictProblems } from "./chartConflicts";
import { chartCredentialProblems, milvusConfigCredentialProblems } from "./chartCredentials";
import { chartExposureProblems } from "./chartExposure";
import { objectStorageProblems } from "./storageChecks";
import { helmValuesProblems, milvusConfigProblems } from "./ownedValues";
import { describeValue, isPlainObject, mergeValues, plainSnapshot, withUnknowns } from "./plainData";
import { MilvusL7ConfigError, type Problem } from "./problems";
import type { MilvusL7LoadBalancerArgs, MilvusL7Settings, MilvusObjectNames, PlainObject } from "./types";

type Args = MilvusL7LoadBalancerArgs;

/** An Output, or a Promise (which `pulumi.Input` also allows): a value known only later. */
function isDeferred(value: unknown): value is pulumi.Output<unknown> | Promise<unknown> {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/**
 * The checked Output of each deferred value, by argument. Arguments are resolved more than once (outputsWithValues
 * resolves them again; two components may share `ns.metadata.name`): each check would fail with an error of its own,
 * and Pulumi reports every distinct error (@pulumi/pulumi cmd/run/run.js dedupes by identity), so one bad value would
 * be reported once per resolution.
 */
const checkedOutputs = new WeakMap<object, Map<ArgumentName, pulumi.Output<string>>>();

/**
 * `given` (an argument that {@link acceptsOutput}) checked as a plain value of `key` is, once its value is known: the
 * Output every child reads it from, failing with the same problems as a {@link MilvusL7ConfigError} (so the resources
 * that read it fail, at deploy time). While the value is unknown (a preview) nothing is checked. One Output per
 * given value and argument, checked once.
 */
function checkedWhenKnown(key: ArgumentName, given: pulumi.Output<unknown> | Promise<unknown>): pulumi.Output<string> {
    const byKey = checkedOutputs.get(given) ?? new Map<ArgumentName, pulumi.Output<string>>();
    checkedOutputs.set(given, byKey);
    let checked = byKey.get(key);
    if (checked === undefined) {
        const value: pulumi.Output<unknown> = pulumi.output(given);
        checked = pulumi
            .all([value, pulumi.isSecret(value)])
            .apply(([known, secret]) => knownValueOrThrow(key, known as unknown, secret));
        byKey.set(key, checked);
    }
    return checked;
}

/** `known` if it is a valid `key`; otherwise throws its problems, not showing a secret value. */
function knownValueOrThrow(key: ArgumentName, known: unknown, secret: boolean): string {
    const problems: Problem[] = [];
    checkKind(key, known, problems);
    if (problems.length === 0) return known as string;
    // The checks quote a string as "<value>" (formats.ts) and show anything else as describeValue does.
    const shown = typeof known === "string" ? `"${known}"` : describeValue(known);
    const hidden = (message: string) => (secret ? message.split(shown).join("a secret value") : message);
    throw new MilvusL7ConfigError(
        problems.map((p) => ({ key: p.key, message: hidden(p.message) })),
        "",
    );
}

/**
 * The value `key` takes from `given` when it has the kind its declaration says (and is within range, one of the
 * allowed values, of the right format); otherwise the problem, and a stand-in of the right kind.
 */
function checkKind(key: ArgumentName, value: unknown, problems: Problem[]): unknown {
    const spec = argumentSpecs[key];
    // helmValues and milvusConfig may hold secrets (set with --secret): their refusal names the shape, never the value.
    const got = () =>
        spec.kind === "object"
            ? `a value of type ${Array.isArray(value) ? "list" : value === null ? "null" : typeof value}`
            : describeValue(value);
    const refuse = (what: string, standIn: unknown) => {
        problems.push({ key, message: `must be ${what}; got ${got()}` });
        return standIn;
    };
    switch (spec.kind) {
        case "string": {
            if (acceptsOutput(key) && isDeferred(value)) return checkedWhenKnown(key, value);
            const oneOf: readonly string[] | undefined = "oneOf" in spec ? spec.oneOf : undefined;
            if (oneOf)
                return oneOf.includes(value as string)
                    ? value
                    : refuse(`one of ${oneOf.map((a) => `"${a}"`).join(", ")}`, oneOf[0]);
            if (typeof value !== "string") return refuse("a string", "default" in spec ? spec.default : undefined);
            if ("check" in spec) problems.push(...spec.check(value).map((message) => ({ key, message })));
            return value;
        }
        case "boolean":
            return typeof value === "boolean" ? value : refuse("true or false", false);
        case "integer":
        case "number": {
            const whole = spec.kind === "integer";
            const unit = "unit" in spec ? ` ${spec.unit}` : "";
            const fits =
                typeof value === "number" &&
                (!whole || Number.isInteger(value)) &&
                value >= spec.min &&
                value <= spec.max;
            return fits
                ? value
                : refuse(
                      `${whole ? `a whole number of${unit}` : "a number"} from ${spec.min} to ${spec.max}`,
                      spec.default,
                  );
        }
        case "object":
        case "list": {
            if (spec.kind === "object" ? !isPlainObject(value) : !Array.isArray(value))
                return refuse(spec.what, spec.kind === "object" ? {} : undefined);
            // Only what JSON and YAML can carry reaches Helm values and user.yaml, and what is checked is what is used:
            // one copy, read once.
            const { snapshot, problems: notPlain } = plainSnapshot(value, key);
            problems.push(...notPlain);
            return notPlain.length === 0 ? snapshot : spec.kind === "object" ? {} : undefined;
        }
    }
}

/** Problems with the Cloud Armor allow-list beyond its kind: each range, and how many one policy holds. */
function sourceRangeProblems(ranges: readonly unknown[]): Problem[] {
    // An empty allow-list would deny every client: almost certainly a mistake, and one that takes Milvus offline.
    if (ranges.length === 0)
        return [
            {
                key: "allowedSourceRanges",
                message: "is empty, which would deny every client; leave it unset to allow all",
            },
        ];
    const problems = ranges.flatMap((range, i) => {
        const problem = pulumi.Output.isInstance(range)
            ? "must be a plain string, not an Output (a secret or another resource's output): the ranges are checked before anything is created"
            : cidrProblem(range);
        return problem ? [{ key: `allowedSourceRanges[${i}]`, message: problem }] : [];
    });
    if (ranges.length > maxSecurityPolicyRanges) {
        problems.push({
            key: "allowedSourceRanges",
            message: `has ${ranges.length} ranges; one Cloud Armor policy holds at most ${maxSecurityPolicyRanges} (${maxSecurityPolicyRules - 1} rules of ${rangesPerRule} beside its default rule): merge ranges into wider ones`,
        });
    }
    return problems;
}

/** Whether `key` is an argument that may be an Output. */
function isOutputArgument(key: string): boolean {
    return (argumentNames as string[]).includes(key) && acceptsOutput(key as ArgumentName);
}

/** The arguments given, as a record (undefined ones left out), after the checks of their shape that come first. */
function givenArguments(
    args: Args,
    problems: Problem[],
): { given: Record<string, unknown>; outputArgs: Set<string>; outputProblems: Problem[] } {
    // Values of any type may arrive here (stack config, JavaScript and other languages): every one is checked.
    if (!isPlainObject(args)) {
        // Named by its shape only: whatever it holds may be a secret.
        const shape = Array.isArray(args)
            ? "a list"
            : typeof args === "object" && args !== null
              ? describeValue(args)
              : args === null
                ? "null"
                : typeof args;
        problems.push({
            key: "args",
            message: `must be a plain object of arguments (an object literal such as { domain: "..." }); got ${shape}`,
        });
    }
    const givenArgs = Object.entries((isPlainObject(args) ? args : {}) as Record<string, unknown>).filter(
        ([, v]) => v !== undefined,
    );
    for (const [key] of givenArgs.filter(([key]) => !(argumentNames as string[]).includes(key))) {
        problems.push({
            key,
            message: `is not an argument of MilvusL7LoadBalancer; did you mean ${closest(key, argumentNames)}?`,
        });
    }
    // Arguments decide which resources exist, or are checked with others, before any exists, so they cannot wait for
    // a deployment; the few names that decide nothing may (acceptsOutput). (Secrets belong inside
    // helmValues/milvusConfig, which may hold Outputs.)
    const outputArgs = new Set(
        givenArgs.filter(([key, v]) => pulumi.Output.isInstance(v) && !isOutputArgument(key)).map(([key]) => key),
    );
    // From another language, an argument arrives as an Output when it is a secret or comes from another resource
    // (the provider's construct wraps it: @pulumi/pulumi provider/server.js deserializeInputs).
    const outputProblems = [...outputArgs].map((key) => ({
        key,
        message:
            "must be a plain value, not an Output (a secret or another resource's output): the arguments are checked before anything is created and decide which resources exist" +
            (argumentSpecs[key as ArgumentName]?.kind === "object"
                ? "; a secret goes inside it, as the Output of one value"
                : ""),
    }));
    const given: Record<string, unknown> = {
        ...defaults,
        ...Object.fromEntries(givenArgs.filter(([key]) => !outputArgs.has(key))),
    };
    // Arguments that are no plain object are reported once, not again as each missing required argument.
    for (const key of argumentNames.filter(
        (key) =>
            isPlainObject(args) && "required" in argumentSpecs[key] && given[key] === undefined && !outputArgs.has(key),
    )) {
        problems.push({ key, message: `is required: ${argumentSpecs[key].doc}` });
    }
    return { given, outputArgs, outputProblems };
}

/**
 * Arguments only the gateway mode can honour: refused in ingress mode rather than ignored, and what the gateway mode
 * needs with them.
 */
function gatewayOnlyProblems(checked: CheckedArguments, problems: Problem[]): void {
    const gateway = checked.loadBalancerApi === "gateway";
    if (checked.certMode === "certificate-manager" && !gateway) {
        // GKE Ingress takes certificates from Secrets, pre-shared Compute certificates or ManagedCertificates, never
        // from a Certificate Manager map (GKE docs, "Using Google-managed SSL certificates" and "Secure a Gateway").
        // An internal Ingress takes no ManagedCertificate either (scopeProblems): its alternative is a Secret.
        const ingressCertificate =
            checked.loadBalancerScope === "internal"
                ? '"self-managed" (a Secret; an internal Ingress takes no ManagedCertificate)'
                : '"google-managed" (a ManagedCertificate)';
        problems.push({
            key: "certMode",
            message: `certificate-manager needs loadBalancerApi "gateway": a GKE Ingress cannot serve a Certificate Manager certificate map; use ${ingressCertificate} with the Ingress, or switch loadBalancerApi to "gateway"`,
        });
    }
    if (!gateway && checked.loadBalancerScope !== "internal" && checked.network !== undefined) {
        problems.push({
            key: "network",
            message:
                'is only used in gateway mode or with loadBalancerScope "internal" (ingress-gce opens its health-check port in a firewall rule of its own); unset it',
        });
    }
    if (gateway && checked.healthCheckFirewall && checked.network === undefined) {
        problems.push({
            key: "network",
            message:
                "is required in gateway mode while healthCheckFirewall is on: the rule letting Google's health checkers (35.191.0.0/16, 130.211.0.0/22) reach the Milvus pods on 9091 and 19530 is made in the cluster's VPC network (gcloud container clusters describe <cluster> --format='value(network)'); or set healthCheckFirewall false if such a rule exists",
        });
    }
}

/** The arguments only the internal load balancer reads. */
const internalOnlyArguments = ["region", "subnetwork", "proxyOnlySubnet", "proxyOnlySubnetCidr"] as const;

/**
 * `loadBalancerScope`: with internal, what the regional internal Application Load Balancer needs and the combinations
 * GCP cannot build (see {@link internalPrerequisiteProblems} and {@link internalLimitProblems}); with external, the
 * internal-only arguments, refused rather than ignored.
 */
function scopeProblems(checked: CheckedArguments, createStaticIp: boolean, problems: Problem[]): void {
    if (checked.loadBalancerScope === "internal") {
        internalPrerequisiteProblems(checked, createStaticIp, problems);
        internalLimitProblems(checked, problems);
        return;
    }
    for (const key of internalOnlyArguments.filter((key) => checked[key] !== undefined))
        problems.push({ key, message: 'is only used with loadBalancerScope "internal"; unset it' });
    if (checked.allowGlobalAccess) {
        problems.push({
            key: "allowGlobalAccess",
            message: 'is only used with loadBalancerScope "internal" (gateway mode); unset it',
        });
    }
}

/** What the internal load balancer needs: a region, the VPC, its proxy-only subnet, a subnet for its address. */
function internalPrerequisiteProblems(checked: CheckedArguments, createStaticIp: boolean, problems: Problem[]): void {
    const refuse = (key: string, message: string) => problems.push({ key, message });
    const ingress = checked.loadBalancerApi !== "gateway";
    if (checked.region === undefined) {
        refuse(
            "region",
            "is required with internal: the cluster's region (e.g. us-central1), where the regional load balancer, its address and the proxy-only subnet are (the program takes it from gkeLocation when that is set)",
        );
    }
    // Gateway mode with healthCheckFirewall already requires it (gatewayOnlyProblems): reported once.
    if (checked.network === undefined && (ingress || !checked.healthCheckFirewall)) {
        refuse(
            "network",
            "is required with internal: the cluster's VPC network, where the proxy-only subnet is (gcloud container clusters describe <cluster> --format='value(network)')",
        );
    }
    if (checked.proxyOnlySubnet === undefined && checked.proxyOnlySubnetCidr === undefined) {
        // ingress-gce pkg/loadbalancers/features/l7ilb.go; GKE docs, "Ingress for internal Application Load Balancers".
        refuse(
            "proxyOnlySubnet",
            "is required with internal (or proxyOnlySubnetCidr): the regional load balancer's proxies run in the VPC's proxy-only subnet of the region; name the existing one (gcloud compute networks subnets list --filter='purpose=REGIONAL_MANAGED_PROXY'), or give proxyOnlySubnetCidr to create it",
        );
    }
    if (checked.proxyOnlySubnet !== undefined && checked.proxyOnlySubnetCidr !== undefined) {
        refuse(
            "proxyOnlySubnetCidr",
            "cannot be given with proxyOnlySubnet: a VPC has one active proxy-only subnet per region; name the existing one, or give a range to create it, not both",
        );
    }
    if (createStaticIp && checked.subnetwork === undefined) {
        refuse(
            "subnetwork",
            "is required with internal while the address is reserved here (createStaticIp): the cluster's subnet in region (gcloud container clusters describe <cluster> --format='value(subnetwork)'); or name an existing INTERNAL address with staticIpName",
        );
    }
    if (!createStaticIp && checked.subnetwork !== undefined) {
        refuse("subnetwork", "is only used to reserve the internal address (createStaticIp); unset it");
    }
}

/** What GCP cannot build with the internal load balancer, each with its reason and alternative. */
function internalLimitProblems(checked: CheckedArguments, problems: Problem[]): void {
    const refuse = (key: string, message: string) => problems.push({ key, message });
    const ingress = checked.loadBalancerApi !== "gateway";
    if (checked.allowedSourceRanges !== undefined) {
        // ingress-gce pkg/backends/features/securitypolicy.go: "cloud armor security policies not supported" on
        // regional backends; no source says GKE attaches a regional policy through a GCPBackendPolicy on gke-l7-rilb.
        refuse(
            "allowedSourceRanges",
            "Cloud Armor cannot guard the internal load balancer; unset it and limit clients with VPC firewall rules",
        );
    }
    if (checked.certMode === "google-managed") {
        // A ManagedCertificate, and a Google-managed Compute certificate, are global resources: a regional target proxy
        // cannot use them (GKE docs, "Ingress for internal Application Load Balancers", and "Secure a Gateway").
        refuse(
            "certMode",
            ingress
                ? 'google-managed (ManagedCertificate) serves global load balancers only; with an internal Ingress use "self-managed", or loadBalancerApi "gateway" with "certificate-manager" (regional)'
                : 'google-managed (a global Compute certificate) cannot serve a regional Gateway; use "certificate-manager" (a regional Certificate Manager certificate) or "self-managed"',
        );
    }
    if (ingress && checked.minTlsVersion !== "TLS_1_2") {
        // FrontendConfig's sslPolicy resolves as a global SSL policy, which a regional proxy cannot use.
        refuse(
            "minTlsVersion",
            `${checked.minTlsVersion} needs an SSL policy, which an internal Ingress cannot name (FrontendConfig resolves it as a global policy); use loadBalancerApi "gateway" (a regional SSL policy)`,
        );
    }
    if (ingress && checked.allowGlobalAccess) {
        refuse(
            "allowGlobalAccess",
            'has no counterpart on an internal Ingress (neither the Ingress nor its FrontendConfig can set it); use loadBalancerApi "gateway" (GCPGatewayPolicy allowGlobalAccess)',
        );
    }
}

type CheckedArguments = Omit<MilvusL7Settings, keyof MilvusObjectNames | "domain" | "createStaticIp"> &
    Partial<Pick<MilvusL7Settings, "domain" | "createStaticIp">>;

/** Problems of arguments that are fine alone but not together; `createStaticIp` resolved. */
function joinedArgumentProblems(
    checked: CheckedArguments,
    domain: string,
    problems: Problem[],
): { createStaticIp: boolean } {
    const { certMode, staticIpName, logSampleRate } = checked;
    // ManagedCertificate: no wildcards, each domain at most 63 characters (GKE ManagedCertificate spec.domains).
    if (certMode === "google-managed" && isWildcard(domain)) {
        problems.push({
            key: "domain",
            message: `"${domain}": Google-managed certificates do not cover wildcards; use certMode "self-managed" (or, in gateway mode, "certificate-manager")`,
        });
    } else if (certMode === "google-managed" && domain.length > 63) {
        problems.push({
            key: "domain",
            message: `"${domain}" is ${domain.length} characters long; a Google-managed certificate domain is at most 63`,
        });
    }
    // A GCPBackendPolicy logs a whole number of millionths (gke-gateway-api LoggingConfig.sampleRate): a smaller
    // positive fraction would round to 0 and log nothing while saying it logs.
    if (checked.loadBalancerApi === "gateway" && logSampleRate > 0 && sampleRateMillionths(logSampleRate) === 0) {
        problems.push({
            key: "logSampleRate",
            message: `${logSampleRate} is below one in a million, the smallest rate a Gateway's GCPBackendPolicy logs; use 0 to turn logging off`,
        });
    }
    // Unset, createStaticIp follows staticIpName: an existing address is used, or one is created.
    const createStaticIp = checked.createStaticIp ?? staticIpName === undefined;
    gatewayOnlyProblems(checked, problems);
    scopeProblems(checked, createStaticIp, problems);
    if (createStaticIp && staticIpName !== undefined) {
        problems.push({
            key: "staticIpName",
            message: "names an existing address, so createStaticIp must be false or unset",
        });
    }
    if (checked.allowedSourceRanges) problems.push(...sourceRangeProblems(checked.allowedSourceRanges));
    return { createStaticIp };
}

/**
 * Problems of `helmValues` and `milvusConfig`: what the component owns, credentials, exposure and conflicts. The
 * checks read plain data: an Output (a secret) inside stands for a value nobody knows yet.
 */
function valuesProblems(
    settings: MilvusL7Settings,
    helmValuesView: PlainObject,
    milvusConfigView: PlainObject,
    problems: Problem[],
): void {
    problems.push(...helmValuesProblems(helmValuesView, settings));
    problems.push(...milvusConfigProblems(helmValuesView, milvusConfigView, settings));
    // An extraEnv entry refused as the root password (ownedValues.ts) is not reported again as a credential.
    const reported = new Set(problems.map((p) => p.key));
    problems.push(...chartCredentialProblems(helmValuesView).filter((p) => !reported.has(p.key)));
    problems.push(...milvusConfigCredentialProblems(milvusConfigView).filter((p) => !reported.has(p.key)));
    problems.push(...chartExposureProblems(helmValuesView), ...chartConflictProblems(helmValuesView, settings));
    problems.push(...objectStorageProblems(settings, helmValuesView));
    if (!settings.manageRelease) {
        // Without a release these would be accepted and silently do nothing.
        const unused = [
            ["helmValues", Object.keys(settings.helmValues).length > 0],
            ["chartVersion", settings.chartVersion !== defaults.chartVersion],
            ["helmTimeoutSeconds", settings.helmTimeoutSeconds !== defaults.helmTimeoutSeconds],
        ] as const;
        for (const [key] of unused.filter(([, set]) => set)) {
            problems.push({
                key,
                message:
                    "has no effect with manageRelease: false (no Helm release is installed); unset it, and give your own release the milvusHelmValues output",
            });
        }
    }
}

/** Settings of arguments found valid before, by the (frozen) arguments object: see {@link rememberSettings}. */
const checkedBefore = new WeakMap<object, MilvusL7Settings>();

/** Freezes plain objects and lists all the way down; Outputs inside are values of their own and stay as they are. */
function deepFreeze<T>(value: T): T {
    if (Array.isArray(value) || isPlainObject(value)) {
        for (const item of Object.values(value)) deepFreeze(item);
        Object.freeze(value);
    }
    return value;
}

/**
 * `args`, frozen, with `settings` remembered as what they resolve to, so that resolving them again (the component's
 * constructor given the arguments a program checked first) returns those settings without checking again. Frozen, the
 * arguments cannot change between the check and their use. Only for settings that came with no problem.
 */
export function rememberSettings(args: Args, settings: MilvusL7Settings): Args {
    checkedBefore.set(deepFreeze(args), settings);
    return args;
}

/**
 * Checks every argument and applies the defaults. Returns the settings, or every problem found (each naming the
 * argument at fault); nothing is created from settings that came with problems.
 */
export function resolveSettings(args: Args): { settings: MilvusL7Settings; problems: Problem[] } {
    const known = typeof args === "object" && args !== null ? checkedBefore.get(args) : undefined;
    if (known) return { settings: known, problems: [] };
    const problems: Problem[] = [];
    const { given, outputArgs, outputProblems } = givenArguments(args, problems);
    // Every argument with a default is present (a stand-in of its kind where it was wrong); the others when given.
    const checked = Object.fromEntries(
        argumentNames
            .filter((key) => given[key] !== undefined)
            .map((key) => [key, checkKind(key, given[key], problems)]),
    ) as CheckedArguments;
    const domain = checked.domain ?? "";
    const { createStaticIp } = joinedArgumentProblems(checked, domain, problems);
    const { releaseName, milvusMode, manageRelease } = checked;
    const helmValuesView = withUnknowns(checked.helmValues) as PlainObject;
    const milvusConfigView = withUnknowns(checked.milvusConfig) as PlainObject;
    const releaseValues = manageRelease ? mergeValues(defaultMilvusValues(milvusMode), helmValuesView) : undefined;
    const { serviceName, problems: nameProblems } = chartNameProblems(
        releaseName,
        milvusMode,
        helmValuesView,
        releaseValues,
    );
    problems.push(...nameProblems);
    const settings: MilvusL7Settings = { ...checked, domain, createStaticIp, ...milvusObjectNames(serviceName) };
    valuesProblems(settings, helmValuesView, milvusConfigView, problems);
    // An Output argument is reported once, not again by the checks of the default standing in for it.
    return { settings, problems: [...outputProblems, ...problems.filter((p) => !outputArgs.has(p.key))] };
}
