// Stack config as the Pulumi CLI hands it to a program, read from Pulumi.yaml and Pulumi.<stack>.yaml without the
// CLI: project-config defaults applied, declared types checked, every value a string (objects and lists as JSON).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as YAML from "yaml";
import type { Problem } from "../components";

/** Stands for a value that cannot be known here: a `secure:` config value (no key to decrypt it). */
export const secretPlaceholder = "<secret>";

interface Declaration {
    type?: "string" | "integer" | "boolean" | "array" | "object";
    default?: unknown;
    secret?: boolean;
    items?: unknown;
}

export interface ProjectFile {
    name: string;
    config?: Record<string, Declaration | string | number | boolean>;
}

export interface StackConfigValues {
    project: string;
    /** `<namespace>:<key>` -> the string the program reads. */
    config: Record<string, string>;
    /** Keys whose values are secrets (declared `secret: true`, or `secure:` in the stack file). */
    secretKeys: string[];
}

/** A file render cannot use (unreadable, not YAML, or not shaped as Pulumi reads it), named with where and why. */
export class UnreadableFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnreadableFileError";
    }
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
    if (invalid) return `a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character "${invalid[0]}" at position ${invalid.index}`;
    if (stack === "." || stack === "..") return `render writes a stack into <out>/<stack>, and "${stack}" would be ${stack === "." ? "--out itself" : "the folder above --out"}`;
    return undefined;
}

/**
 * A Pulumi YAML file (Pulumi.yaml or a stack file) as plain values. Refused with `file:line:column: problem`: a
 * syntax error, a duplicate key (YAML 1.2, 3.2.1.1: "each of the keys is unique"), a file or a `config` that is not
 * a mapping. The positions are the yaml package's own.
 */
function readPulumiYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        throw new UnreadableFileError(`${file}: ${(error as Error).message}`);
    }
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
    const at = (offset = 0) => {
        const { line, col } = lineCounter.linePos(offset);
        return `${file}:${line}:${col}`;
    };
    const [error] = doc.errors;
    if (error) throw new UnreadableFileError(`${at(error.pos[0])}: ${error.message}`);
    // An empty file, or an empty `config:`, holds nothing: a null scalar.
    const isEmpty = (node: unknown) => node === null || node === undefined || (YAML.isScalar(node) && node.value === null);
    const expectMapping = (node: unknown, what: string) => {
        if (isEmpty(node) || YAML.isMap(node)) return;
        const found = YAML.isSeq(node) ? "a list" : "a single value";
        throw new UnreadableFileError(`${at(YAML.isNode(node) ? node.range?.[0] : 0)}: ${what} must be a mapping of keys to values; found ${found}`);
    };
    expectMapping(doc.contents, "the file");
    expectMapping(doc.get("config", true), "config");
    try {
        return (isEmpty(doc.contents) ? {} : doc.toJS()) as Record<string, unknown>;
    } catch (error) {
        // An alias to no anchor is only found here (yaml's toJS throws a ReferenceError, without a position).
        throw new UnreadableFileError(`${file}: ${(error as Error).message}`);
    }
}

export function readProject(root: string): ProjectFile {
    const file = join(root, "Pulumi.yaml");
    const project = readPulumiYaml(file);
    if (typeof project.name !== "string" || project.name === "") throw new UnreadableFileError(`${file}: name must be the project's name`);
    return project as unknown as ProjectFile;
}

const isSecure = (value: unknown): boolean => typeof value === "object" && value !== null && "secure" in value;
/**
 * Whether a stack value is secret as the CLI sees it: itself `secure:`, or holding one anywhere inside (`pulumi config
 * set --secret --path a.b` makes the whole key `a` secret: pulumi/pulumi sdk/go/common/resource/config, object.Secure).
 */
const holdsSecure = (value: unknown): boolean =>
    isSecure(value) || (typeof value === "object" && value !== null && Object.values(value).some(holdsSecure));

/** What the CLI passes for a stack value: scalars as strings, objects and lists as JSON, secure values unreadable. */
function asConfigString(value: unknown): string {
    if (isSecure(value)) return secretPlaceholder;
    if (typeof value === "object" && value !== null) return JSON.stringify(value, (_k, v: unknown) => (isSecure(v) ? secretPlaceholder : v));
    return String(value);
}

/** Whether `value`, as written in the stack file, has the declared project-config type (the CLI's check). */
function hasType(value: unknown, type: Declaration["type"]): boolean {
    if (isSecure(value) || type === undefined) return true;
    switch (type) {
        case "integer":
            return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value));
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "array":
            return Array.isArray(value);
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value);
        case "string":
            return typeof value !== "object" || value === null;
    }
}

/**
 * The config a `pulumi up` of `stack` would give the program, or the problems the CLI would refuse it with.
 * `configFile` replaces `Pulumi.<stack>.yaml`, as the CLI's `--config-file` does.
 */
export function stackConfigValues(root: string, stack: string, configFile?: string): { values: StackConfigValues; problems: Problem[] } {
    const project = readProject(root);
    const file = configFile ?? join(root, `Pulumi.${stack}.yaml`);
    const problems: Problem[] = [];
    if (!existsSync(file)) throw new UnreadableFileError(`no stack file ${file} (create it with: pulumi stack init ${stack})`);
    const given = (readPulumiYaml(file).config ?? {}) as Record<string, unknown>;

    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [key, value] of Object.entries(given)) {
        // Keys without a namespace belong to the project.
        const full = key.includes(":") ? key : `${project.name}:${key}`;
        config[full] = asConfigString(value);
        if (holdsSecure(value)) secretKeys.add(full);
    }
    for (const [key, declared] of Object.entries(project.config ?? {})) {
        const full = `${project.name}:${key}`;
        const declaration: Declaration = typeof declared === "object" ? declared : { default: declared };
        const value = Object.entries(given).find(([k]) => k === key || k === full)?.[1];
        if (value === undefined) {
            if (declaration.default !== undefined) config[full] = asConfigString(declaration.default);
            continue;
        }
        if (!hasType(value, declaration.type)) {
            problems.push({ key, message: `must be of type ${declaration.type} (Pulumi.yaml); got ${JSON.stringify(value)}` });
        }
        if (declaration.secret) {
            secretKeys.add(full);
            // The CLI refuses a secret-declared key stored in plaintext.
            if (!holdsSecure(value)) problems.push({ key, message: `is declared secret in Pulumi.yaml: set it with pulumi config set --secret ${key}` });
        }
    }
    return { values: { project: project.name, config, secretKeys: [...secretKeys] }, problems };
}
