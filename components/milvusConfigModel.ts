// Milvus's effective configuration as Milvus 2.6 builds it from what this component can be given: every
// `extraEnv` variable of every chart component, the user.yaml written from `milvusConfig`, and the defaults below
// them. Each rule follows milvus-io/milvus's `pkg/v2` sources (the module layout of 2.5 onwards, 2.6 included),
// file and function named:
//
// - Sources, highest first: the environment (pkg/config/source.go: EnvSource NormalPriority 11 outranks
//   FileSource LowPriority 21; pkg/config/manager.go pullSourceConfigs keeps the lower number), then the config
//   files, read in the order of pkg/util/paramtable/base_table.go `defaultYaml` (milvus.yaml, _test.yaml,
//   default.yaml, user.yaml) and flattened into one map by pkg/config/file_source.go loadFromFile, so a later file
//   wins. The chart mounts its own settings as default.yaml and `extraConfigFiles["user.yaml"]` (this component's
//   user.yaml) over them (zilliztech/milvus-helm templates/configmap.yaml, *-deployment.yaml). An etcd source ranks
//   higher still, but it is fed only from etcd's `<rootPath>/config/` keys, which no chart value or setting writes.
// - Every lookup is by `formatKey` (pkg/config/manager.go GetConfig): see {@link milvusKey}.
// - Files are parsed with gopkg.in/yaml.v2 (file_source.go `yaml.Unmarshal`), a YAML 1.1 reader: merge keys (`<<`)
//   apply and plain `on`, `yes`, `y`, `1_000` are no strings. Maps are flattened with '.' between keys; a list is
//   one value (config.go flattenAndMergeMap).
// - The environment is read by pkg/config/env_source.go NewEnvSource with the formatter of base_table.go
//   BaseTable.init: see {@link milvusEnvKeys}.
// - Two variables are read by exact name, outside the configuration manager: {@link milvusProcessVariables}.
//
// Where mirroring Milvus would take guessing (Go's and JavaScript's lower-casing differ outside ASCII; what yaml.v2
// makes of a key YAML 1.2 writes plain), the input is refused instead: see {@link milvusConfigModel}.
import * as YAML from "yaml";
import type { PlainObject } from "./types";
import { isPlainObject, pathText, UnknownValue } from "./plainData";
import type { Problem } from "./problems";

/**
 * The key Milvus looks a setting up by: `formatKey` (pkg/config/config.go): Go's `strings.ToLower`, then '/', '_'
 * and '.' removed, except for keys starting with `knowhere.` (case-sensitive `strings.HasPrefix`), kept as written.
 * So `common.security.tlsMode`, `common.security.TLSMode`, `tls_mode` and `{"common.security.tlsMode"}` are one
 * setting. Only printable ASCII reaches it (see {@link milvusConfigModel}), where JavaScript's `toLowerCase` is Go's.
 */
export function milvusKey(spelling: string): string {
    return spelling.startsWith("knowhere.") ? spelling : spelling.toLowerCase().replace(/[/_.]/g, "");
}

/**
 * base_table.go BaseTable.init's formatter for environment variable names: `strings.ToLower`, then
 * `strings.TrimPrefix(ret, "milvus.")`, then '/', '_' and '.' removed (no `knowhere.` exception). So
 * `MILVUS.COMMON_SECURITY_TLSMODE` is `common.security.tlsMode`, while `MILVUS_COMMON_…` is not (the prefix is
 * "milvus." with a dot, stripped once).
 */
function milvusEnvFormat(name: string): string {
    const lower = name.toLowerCase();
    return (lower.startsWith("milvus.") ? lower.slice("milvus.".length) : lower).replace(/[/_.]/g, "");
}

/** env_source.go `DefaultEnvPrefix`: a variable named with it also sets what the rest of its name sets. */
const milvusEnvPrefix = "MILVUS_CONF_";

/**
 * Every key Milvus's environment source files one variable under (pkg/config/env_source.go NewEnvSource): the
 * name as written, the name formatted ({@link milvusEnvFormat}), and for a name starting with `MILVUS_CONF_`
 * (case-sensitive) the rest and the rest formatted, in the releases that read that prefix (the model takes it
 * either way: a later image must not reopen what an earlier one closed). A variable sets a setting when the
 * setting's {@link milvusKey} is among them.
 */
export function milvusEnvKeys(name: string): string[] {
    const names = name.startsWith(milvusEnvPrefix) ? [name, name.slice(milvusEnvPrefix.length)] : [name];
    return [...new Set(names.flatMap((n) => [n, milvusEnvFormat(n)]))];
}

/**
 * Variables Milvus reads by name with `os.Getenv`, outside its configuration manager: which names it reads, the
 * value that changes nothing, and what any other value does.
 */
export const milvusProcessVariables = [
    {
        name: "METRICS_PORT",
        // os.Getenv is case-sensitive; a value that is no integer is ignored (strconv.Atoi), a number moves the port.
        reads: (name: string) => name === "METRICS_PORT",
        keeps: "9091",
        what: "moves Milvus's management server (/healthz, the load balancer's health check) off 9091 (milvus-io/milvus internal/http/server.go getHTTPAddr), so every backend would be unhealthy",
    },
    {
        name: "MILVUSCONF",
        // Releases before the pkg/v2 module read it through the manager (base_table.go initConfPath
        // `gp.mgr.GetConfig("MILVUSCONF")`), where every spelling that formats to it counts.
        reads: (name: string) => milvusEnvKeys(name).includes(milvusEnvFormat("MILVUSCONF")),
        keeps: undefined,
        what: "moves the folder Milvus reads its configuration files from (milvus-io/milvus pkg/util/paramtable/base_table.go initConfPath), so the user.yaml holding this component's TLS and authentication settings would never be read",
    },
];

/**
 * Every setting of a user.yaml as Milvus flattens it: `[dotted path as written, value]`, nested maps joined with
 * '.', anything else (lists included) a value (config.go flattenAndMergeMap).
 */
export function milvusConfigEntries(config: PlainObject, prefix = ""): [string, unknown][] {
    return Object.entries(config).flatMap(([key, value]): [string, unknown][] =>
        isPlainObject(value) ? milvusConfigEntries(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
    );
}

/** One place that sets a Milvus setting. */
export interface MilvusConfigInput {
    /** Where it is given, as the user writes it: `helmValues.proxy.extraEnv[0]`, `milvusConfig.common.security.tlsMode`. */
    argument: string;
    source: "environment" | "user.yaml";
    /** The variable's name, or the dotted user.yaml path. */
    spelling: string;
    /** The literal value (an {@link UnknownValue} for an Output); undefined for a variable set through `valueFrom`. */
    value: unknown;
    /** For a variable: the chart component whose pods get it (`proxy`, `mixCoordinator`, ...). */
    component?: string;
}

/** One `extraEnv` variable of a chart component, as given. */
export interface MilvusVariable {
    argument: string;
    component: string;
    name: string;
    value: unknown;
}

/** Milvus's configuration as this component's inputs make it, and the inputs it cannot follow. */
export interface MilvusConfigModel {
    /**
     * Every input by the {@link milvusKey} Milvus looks it up by, environment first (it outranks user.yaml). A key
     * absent here keeps the chart's default.yaml or Milvus's milvus.yaml value.
     */
    settings: Map<string, MilvusConfigInput[]>;
    /** Every `extraEnv` variable with a usable name, in every component, for the variables read by exact name. */
    variables: MilvusVariable[];
    /** Inputs whose effect on Milvus cannot be known here, so they are refused. */
    problems: Problem[];
}

/**
 * The chart components that take `extraEnv` (zilliztech/milvus-helm 5.0.19 values.yaml): a whole section given as
 * an Output could hold variables nobody can check before deployment.
 */
const chartComponentsWithEnv = [
    "standalone",
    "proxy",
    "rootCoordinator",
    "queryCoordinator",
    "queryNode",
    "indexCoordinator",
    "indexNode",
    "dataCoordinator",
    "dataNode",
    "mixCoordinator",
    "streamingNode",
    "cdc",
    "woodpecker",
    "tei",
];

/** Printable ASCII: the characters for which Go's strings.ToLower and JavaScript's toLowerCase agree, and Kubernetes's relaxed env names. */
const printableAscii = /^[\x20-\x7e]*$/;

/**
 * Why a user.yaml key written as `key` would not reach Milvus as that key, or undefined. Keys outside printable
 * ASCII (Go lower-cases `İ` U+0130 to `i`, JavaScript to `i̇`, two code points: the setting reached is unknown),
 * the merge key `<<`, and keys that yaml.v2 (YAML 1.1) reads as another type than the string we mean.
 */
function userYamlKeyProblem(key: string): string | undefined {
    if (!printableAscii.test(key)) {
        return "has characters outside printable ASCII: Milvus folds keys with Go's strings.ToLower (milvus-io/milvus pkg/config/config.go formatKey), which lower-cases some of them unlike JavaScript (İ, U+0130), so the setting it reaches cannot be checked; spell it in ASCII";
    }
    if (key === "<<") {
        return "is YAML's merge key: Milvus reads user.yaml with gopkg.in/yaml.v2 (pkg/config/file_source.go), which merges the map under it into the enclosing one instead of reading a setting; write those settings out";
    }
    // How this key is written into user.yaml (YAML 1.2 quotes only what 1.2 would misread), read back as YAML 1.1.
    const read = YAML.parseDocument(YAML.stringify({ [key]: null }), { version: "1.1" }).contents;
    const written = YAML.isMap(read) && YAML.isScalar(read.items[0]?.key) ? read.items[0].key.value : undefined;
    // Where the yaml library's YAML 1.1 and yaml.v2 differ (go-yaml v2.4 resolve.go, decode.go): yaml.v2 has
    // no base-60 numbers (`1:20`), and keeps a timestamp it decodes into interface{} as the string.
    const asYamlV2 = written instanceof Date || (typeof written === "number" && key.includes(":")) ? key : written;
    if (asYamlV2 !== key) {
        const as =
            typeof written === "boolean" || typeof written === "number"
                ? `the ${typeof written} ${written}`
                : "another type than a string";
        return `is read as ${as} by YAML 1.1, the version of gopkg.in/yaml.v2 that Milvus reads user.yaml with (pkg/config/file_source.go), not as this key`;
    }
    return undefined;
}

/**
 * What Kubernetes refuses as an environment variable name, or undefined: k8s.io/apimachinery
 * pkg/util/validation/validation.go IsRelaxedEnvVarName (the rule since Kubernetes 1.32): not empty, printable
 * ASCII, no '='. Dots are allowed, so `MILVUS.COMMON_SECURITY_TLSMODE` reaches Milvus.
 */
function envNameProblem(name: string): string | undefined {
    if (name === "")
        return "has an empty name; Kubernetes refuses it (k8s.io/apimachinery validation.go IsRelaxedEnvVarName)";
    if (!printableAscii.test(name) || name.includes("=")) {
        return `has the name ${JSON.stringify(name)}; Kubernetes takes only printable ASCII other than '=' (k8s.io/apimachinery validation.go IsRelaxedEnvVarName)`;
    }
    return undefined;
}

/** Every `extraEnv` list in the chart values (each component has one), with its path. */
function extraEnvLists(values: unknown, path = ""): [string, unknown][] {
    if (!isPlainObject(values)) return [];
    return Object.entries(values).flatMap(([key, value]): [string, unknown][] =>
        key === "extraEnv" ? [[pathText(path, key), value]] : extraEnvLists(value, pathText(path, key)),
    );
}

/**
 * Milvus's configuration as `helmValues` (its `extraEnv` lists) and `milvusConfig` (user.yaml) make it, both with
 * Outputs replaced by {@link UnknownValue}: the one model every owned-setting check reads.
 */
export function milvusConfigModel(helmValues: PlainObject, milvusConfig: PlainObject): MilvusConfigModel {
    const settings = new Map<string, MilvusConfigInput[]>();
    const add = (key: string, input: MilvusConfigInput) => settings.set(key, [...(settings.get(key) ?? []), input]);
    const problems: Problem[] = [];
    const variables = environmentInputs(helmValues, add, problems);
    const walk = (config: PlainObject, dotted: string, argument: string) => {
        for (const [key, value] of Object.entries(config)) {
            const at = pathText(argument, key);
            const keyProblem = userYamlKeyProblem(key);
            if (keyProblem) {
                problems.push({ key: at, message: keyProblem });
                continue;
            }
            const spelling = `${dotted}${key}`;
            if (isPlainObject(value)) walk(value, `${spelling}.`, at);
            // Named by its dotted path, as `pulumi config set --path` and Milvus's docs write settings.
            else
                add(milvusKey(spelling), {
                    argument: `milvusConfig.${spelling}`,
                    source: "user.yaml",
                    spelling,
                    value,
                });
        }
    };
    walk(milvusConfig, "", "milvusConfig");
    // The environment outranks user.yaml: list its inputs first.
    for (const [key, inputs] of settings)
        settings.set(key, [
            ...inputs.filter((i) => i.source === "environment"),
            ...inputs.filter((i) => i.source === "user.yaml"),
        ]);
    return { settings, variables, problems };
}

/** The `extraEnv` variables of every chart component, each `add`ed under the settings Milvus reads it as. */
function environmentInputs(
    helmValues: PlainObject,
    add: (key: string, input: MilvusConfigInput) => void,
    problems: Problem[],
): MilvusVariable[] {
    const variables: MilvusVariable[] = [];
    for (const component of chartComponentsWithEnv.filter(
        (c) => Object.hasOwn(helmValues, c) && helmValues[c] instanceof UnknownValue,
    )) {
        problems.push({
            key: `helmValues.${component}`,
            message:
                "is an Output, which may hold extraEnv variables that set Milvus settings; they cannot be checked before deployment: give the section as plain data, with the secret as the Output of one value",
        });
    }
    for (const [listPath, list] of extraEnvLists(helmValues)) {
        if (!Array.isArray(list)) {
            problems.push({ key: `helmValues.${listPath}`, message: "must be a list of environment variables" });
            continue;
        }
        const component = listPath.replace(/\.?extraEnv$/, "");
        list.forEach((entry: unknown, i) => {
            const argument = `helmValues.${pathText(listPath, i)}`;
            const problem =
                !isPlainObject(entry) || typeof entry.name !== "string"
                    ? "must be an environment variable with a plain string name"
                    : envNameProblem(entry.name);
            if (problem) return void problems.push({ key: argument, message: problem });
            const { name, value } = entry as { name: string; value: unknown };
            variables.push({ argument, component, name, value });
            for (const key of milvusEnvKeys(name))
                add(key, { argument, source: "environment", spelling: name, value, component });
        });
    }
    return variables;
}

/**
 * The inputs that set the setting `key` (a {@link milvusKey}), environment first, and the user.yaml Outputs that may
 * set it: an Output stands for a value or a whole section, and keys under `a.b` format to `milvusKey("a.b")`
 * followed by their own formatted text, so an Output at a key that starts `key` may hold it.
 */
export function inputsReaching(model: MilvusConfigModel, key: string): MilvusConfigInput[] {
    const hidden = [...model.settings]
        .filter(([at]) => at !== key && key.startsWith(at))
        .flatMap(([, inputs]) => inputs.filter((i) => i.source === "user.yaml" && i.value instanceof UnknownValue));
    return [...(model.settings.get(key) ?? []), ...hidden];
}
