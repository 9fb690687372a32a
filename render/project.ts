// Stack config as the Pulumi CLI hands it to a program, read from Pulumi.yaml and Pulumi.<stack>.yaml without the
// CLI. It follows the CLI's own code (pulumi/pulumi pkg/workspace/config.go mergeConfig and validateStackConfigValue,
// sdk/go/common/workspace/project.go Validate and ValidateConfigValue) and passes the cases its tests pin
// (pkg/workspace/config_project_test.go: test/cli-config.test.ts ports each one).
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
    goConfigText,
    GoFloat,
    GoInt,
    goJson,
    holdsSecureValue,
    isGoMap,
    readPulumiYaml,
    UnreadableFileError,
    withSecretsAs,
    type GoMap,
    type GoValue,
} from "./goYaml";

export { UnreadableFileError } from "./goYaml";
// The engine runs the program on these (harness/stackConfig.ts); render makes them from the stack files.
export { secretPlaceholder, type StackConfigValues } from "../harness/stackConfig";
import { secretPlaceholder, type StackConfigValues } from "../harness/stackConfig";

/** An item type of an array declaration (project.go ProjectConfigItemsType). */
interface ItemsType {
    type: string;
    items?: ItemsType;
}

/** A key of Pulumi.yaml's `config:` (project.go ProjectConfigType), shorthand values rewritten as the CLI does. */
export interface Declaration {
    type?: string;
    items?: ItemsType;
    default?: GoValue;
    value?: GoValue;
    secret: boolean;
}

export interface ProjectFile {
    name: string;
    config: Map<string, Declaration>;
}

/**
 * Why `stack` cannot name a stack to render, or undefined. Pulumi's rule, pulumi/pulumi
 * sdk/go/common/tokens/stack_name.go (ParseStackName): not empty, at most 100 characters, and
 * `regexp.MustCompile("^[A-Za-z0-9_.-]*")` must match all of it. That rule admits "." and "..", which as a folder
 * under --out are --out itself and its parent; and render takes the stack's own name, not `org/project/stack`.
 */
export function stackNameProblem(stack: string): string | undefined {
    if (stack === "") return "a stack name may not be empty";
    if (stack.length > 100) return "a stack name cannot exceed 100 characters";
    const invalid = /[^A-Za-z0-9_.-]/.exec(stack);
    if (invalid)
        return `a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character "${invalid[0]}" at position ${invalid.index}`;
    if (stack === "." || stack === "..")
        return `render writes a stack into <out>/<stack>, and "${stack}" would be ${stack === "." ? "--out itself" : "the folder above --out"}`;
    return undefined;
}

const projectFile = (root: string) => join(root, "Pulumi.yaml");

/** project.go isPrimitiveValue: a string, an int or a bool (not a float) is a shorthand default. */
const isPrimitive = (value: GoValue | undefined) =>
    typeof value === "string" || typeof value === "boolean" || value instanceof GoInt;

function itemsType(value: GoValue | undefined, where: string): ItemsType | undefined {
    if (value === undefined || value === null) return undefined;
    const type = isGoMap(value) ? value.get("type") : undefined;
    if (!isGoMap(value) || typeof type !== "string")
        throw new UnreadableFileError(`${where}: items must be a mapping with a type`);
    return { type, items: itemsType(value.get("items"), where) };
}

/**
 * Pulumi.yaml's name and config declarations, as LoadProjectBytes reads them: a shorthand scalar or list is the
 * default of a project key (or the value of another namespace's key: RewriteShorthandConfigValues), then
 * Project.Validate's rules, in the CLI's words.
 */
export function readProject(root: string): ProjectFile {
    const file = projectFile(root);
    const raw = readPulumiYaml(file);
    const name = raw.get("name");
    if (typeof name !== "string" || name === "")
        throw new UnreadableFileError(`${file}: name must be the project's name`);
    const config = new Map<string, Declaration>();
    const declared = raw.get("config");
    for (const [key, entry] of isGoMap(declared) ? declared : []) {
        const ours = !key.includes(":") || key.startsWith(`${name}:`);
        const where = `${file}: config ${key}`;
        let declaration: Declaration;
        if (isPrimitive(entry) || Array.isArray(entry))
            declaration = ours ? { default: entry, secret: false } : { value: entry, secret: false };
        // An empty entry declares nothing: a key of the project's then needs a stack value.
        else if (entry === null) declaration = { secret: false };
        else if (isGoMap(entry)) {
            const type = entry.get("type");
            if (type !== undefined && typeof type !== "string")
                throw new UnreadableFileError(`${where}: type must be a string`);
            declaration = {
                type,
                items: itemsType(entry.get("items"), where),
                default: entry.get("default") ?? undefined,
                value: entry.get("value") ?? undefined,
                secret: entry.get("secret") === true,
            };
        } else throw new UnreadableFileError(`${where}: must be a value or a mapping declaring it`);
        config.set(key, declaration);
        const fail = (message: string) => {
            throw new UnreadableFileError(`${file}: could not unmarshal '${file}': ${message}`);
        };
        // project.go (*Project).Validate.
        if (declaration.default !== undefined && declaration.value !== undefined)
            fail(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
        if (ours) {
            if (declaration.type === "array" && declaration.items === undefined) {
                fail(
                    `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
                );
            }
            if (
                declaration.type !== undefined &&
                declaration.default !== undefined &&
                !isOfType(declaration.type, declaration.items, declaration.default)
            ) {
                fail(
                    `The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(declaration.type, declaration.items)}'`,
                );
            }
        } else {
            if (declaration.type !== undefined)
                fail(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
            if (declaration.default !== undefined) {
                fail(
                    `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
                );
            }
            if (declaration.value === undefined)
                fail(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
    return { name, config };
}

/** project.go InferFullTypeName. */
function fullTypeName(type: string, items: ItemsType | undefined): string {
    return items ? `array<${fullTypeName(items.type, items.items)}>` : type;
}

/**
 * project.go ValidateConfigValue. `value` is what the CLI checks: the stack value's text for a scalar, the decoded
 * JSON for an object or list, or a default as yaml.v3 decoded it.
 */
function isOfType(type: string, items: ItemsType | undefined, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            // strconv.Atoi: an optional sign and decimal digits within int64; a whole float64; a Go int.
            if (value instanceof GoInt) return true;
            if (value instanceof GoFloat || typeof value === "number") {
                const n = value instanceof GoFloat ? value.value : value;
                return Number.isFinite(n) && Math.trunc(n) === n;
            }
            return (
                typeof value === "string" &&
                /^[+-]?\d+$/.test(value) &&
                BigInt(value) >= -(2n ** 63n) &&
                BigInt(value) < 2n ** 63n
            );
        case "boolean":
            return value === true || value === false || value === "true" || value === "false";
        case "object":
            return (
                isGoMap(value as GoValue) ||
                (typeof value === "object" &&
                    value !== null &&
                    !Array.isArray(value) &&
                    !(value instanceof GoInt) &&
                    !(value instanceof GoFloat))
            );
        default:
            // "array", and any other type name, which the CLI checks as an array.
            return (
                Array.isArray(value) &&
                items !== undefined &&
                value.every((item) => isOfType(items.type, items.items, item))
            );
    }
}

/** config/key.go ParseKey, after LoadProjectStackBytes put a bare key in the project's namespace. */
function configKey(project: string, key: string): string {
    if (!key.includes(":")) return `${project}:${key}`;
    const parts = key.split(":");
    if (parts.length === 2) return key;
    // <namespace>:config:<name>, an older form.
    if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "")
        return `${parts[0]}:${parts[2]}`;
    throw new UnreadableFileError(
        `could not unmarshal map: could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
    );
}

/** config.go formatMissingKeys, and the sentence missingStackConfigurationKeysError makes of it. */
export function missingKeysMessage(stack: string, keys: string[]): string {
    const sorted = [...keys].sort();
    const list =
        sorted.length === 1
            ? `'${sorted[0]}'`
            : `${sorted
                  .slice(0, -1)
                  .map((k) => `'${k}'`)
                  .join(", ")} and '${sorted[sorted.length - 1]}'`;
    return `Stack '${stack}' is missing configuration ${sorted.length === 1 ? "value" : "values"} ${list}`;
}

/** What the CLI's check of one stack value sees: its text, or for an object or list its decoded JSON. */
function checkedContent(value: GoValue): unknown {
    if (isGoMap(value) || Array.isArray(value)) return JSON.parse(goJson(value)) as unknown;
    return goConfigText(value);
}

/** A sentence the CLI would stop with, and the Pulumi.yaml keys it is about. */
export interface CliRefusal {
    keys: string[];
    message: string;
}

/**
 * The config a `pulumi up` of `stack` would give the program, or the sentences the CLI would refuse it with
 * (mergeConfig: missing values first, all together; then validateStackConfigValue per declared key in sorted order;
 * the CLI stops at the first of those, render lists them all). `configFile` replaces `Pulumi.<stack>.yaml`, as the
 * CLI's `--config-file` does. Values render cannot decrypt are not checked, and are listed in `encryptedKeys`.
 */
export function stackConfigValues(
    root: string,
    stack: string,
    configFile?: string,
): { values: StackConfigValues; refusals: CliRefusal[] } {
    const project = readProject(root);
    const file = configFile ?? join(root, `Pulumi.${stack}.yaml`);
    if (!existsSync(file))
        throw new UnreadableFileError(`no stack file ${file} (create it with: pulumi stack init ${stack})`);
    const given = readPulumiYaml(file).get("config");
    const stackValues = new Map<string, GoValue>();
    const spelt = new Map<string, string>();
    for (const [key, value] of isGoMap(given) ? given : []) {
        let full: string;
        try {
            full = configKey(project.name, key);
        } catch (error) {
            throw new UnreadableFileError(`${file}: ${(error as Error).message}`);
        }
        // Both spellings land on one key of a Go map, and which value wins is random: refuse it.
        if (spelt.has(full))
            throw new UnreadableFileError(`${file}: ${key} and ${spelt.get(full)} are one key (${full}); set it once`);
        spelt.set(full, key);
        stackValues.set(full, value);
    }

    const refusals: CliRefusal[] = [];
    const missing: string[] = [];
    const applied = new Map(stackValues);
    for (const key of [...project.config.keys()].sort()) {
        const declaration = project.config.get(key)!;
        const full = configKey(project.name, key);
        if (stackValues.has(full)) continue;
        const projectValue = declaration.default ?? declaration.value;
        if (projectValue === undefined) {
            if (full.startsWith(`${project.name}:`)) missing.push(key);
            continue;
        }
        applied.set(full, projectValue);
    }
    if (missing.length > 0) refusals.push({ keys: missing, message: missingKeysMessage(stack, missing) });

    const encryptedKeys = [...applied].filter(([, value]) => holdsSecureValue(value)).map(([key]) => key);
    const secretKeys = new Set(encryptedKeys);
    for (const key of missing.length > 0 ? [] : [...project.config.keys()].sort()) {
        const declaration = project.config.get(key)!;
        const full = configKey(project.name, key);
        const value = applied.get(full);
        if (declaration.type === undefined || value === undefined) continue;
        if (declaration.secret) {
            secretKeys.add(full);
            if (!holdsSecureValue(value))
                refusals.push({
                    keys: [key],
                    message: `Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`,
                });
        }
        // An encrypted value is checked by the CLI after decrypting it; render has no key, so it is not checked here.
        if (holdsSecureValue(value)) continue;
        if (!isOfType(declaration.type, declaration.items, checkedContent(value))) {
            refusals.push({
                keys: [key],
                message: `Stack '${stack}' with configuration key '${key}' must be of type '${fullTypeName(declaration.type, declaration.items)}'`,
            });
        }
    }

    const config: Record<string, string> = {};
    for (const [key, value] of applied) {
        try {
            config[key] = goConfigText(withSecretsAs(value, secretPlaceholder));
        } catch (error) {
            throw new UnreadableFileError(`${file}: ${key}: ${(error as Error).message}`);
        }
    }
    return { values: { project: project.name, config, secretKeys: [...secretKeys], encryptedKeys }, refusals };
}

export type { GoMap };
