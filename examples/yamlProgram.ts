// A Pulumi YAML program's use of this package, checked against the schema the package serves (GetSchema), as far as
// the schema says: the package is recorded under `packages:` at the schema's version, and each resource of one of
// its types names known properties only, every required one, each of its schema type. Pulumi YAML reads the same
// schema when it runs the program (pulumi/pulumi-yaml pkg/pulumiyaml/analyser.go); this check needs no CLI. An
// interpolation (`${...}`) is an Output to the component, so it is refused where the schema says `plain`.
import * as YAML from "yaml";
import type { PackageSchema, PropertySchema } from "../harness/plugin";

/** A resource of the package in the program: its name, the full type token and its properties. */
export interface PackageResource {
    name: string;
    token: string;
    properties: Record<string, unknown>;
}

interface YamlProgram {
    runtime?: unknown;
    packages?: Record<string, unknown>;
    resources?: Record<string, { type?: unknown; properties?: Record<string, unknown> }>;
}

/** Pulumi YAML's short form `pkg:Type` stands for `pkg:index:Type` (pulumi-yaml pkg/pulumiyaml/packages.go). */
function fullToken(type: string): string {
    const parts = type.split(":");
    return parts.length === 2 ? `${parts[0]}:index:${parts[1]}` : type;
}

/** The program's resources whose type is of the package `schema` describes. */
export function packageResources(text: string, schema: PackageSchema): PackageResource[] {
    const program = YAML.parse(text) as YamlProgram;
    return Object.entries(program.resources ?? {})
        .filter(([, r]) => typeof r.type === "string" && r.type.startsWith(`${schema.name}:`))
        .map(([name, r]) => ({ name, token: fullToken(r.type as string), properties: r.properties ?? {} }));
}

/**
 * What a whole-value reference `${resource.path}` stands for once the resource exists, read from that resource's own
 * properties in the program (a created Namespace's `metadata.name` is the name it was given); undefined for anything
 * else (an output only the provider fills in, a function call, text around the reference).
 */
export function referencedValue(text: string, value: unknown): unknown {
    const reference = typeof value === "string" ? /^\$\{([^.}]+)\.([^}]+)\}$/.exec(value) : null;
    if (!reference) return undefined;
    const [, resource = "", path = ""] = reference;
    const program = YAML.parse(text) as YamlProgram;
    let found: unknown = program.resources?.[resource]?.properties;
    for (const key of path.split(".")) found = (found as Record<string, unknown> | undefined)?.[key];
    return found;
}

/** Every way the program disagrees with the schema, each naming the resource and property; none: [] . */
export function yamlProgramProblems(text: string, schema: PackageSchema): string[] {
    const program = YAML.parse(text) as YamlProgram;
    const problems: string[] = [];
    if (program.runtime !== "yaml") problems.push(`runtime is ${String(program.runtime)}, not yaml`);
    const recorded = program.packages?.[schema.name];
    if (typeof recorded !== "string" || !recorded.endsWith(`@v${schema.version}`))
        problems.push(`packages.${schema.name} is ${String(recorded)}, not a source at v${schema.version}`);
    const resources = packageResources(text, schema);
    if (resources.length === 0) problems.push(`no resource of the package ${schema.name}`);
    for (const { name, token, properties } of resources) {
        const resource = schema.resources[token];
        if (!resource) {
            problems.push(`${name}: the schema has no resource ${token}`);
            continue;
        }
        for (const required of resource.requiredInputs ?? [])
            if (!(required in properties)) problems.push(`${name}.${required}: required, missing`);
        for (const [key, value] of Object.entries(properties)) {
            const property = resource.inputProperties[key];
            if (!property) problems.push(`${name}.${key}: not a property of ${token}`);
            else problems.push(...valueProblems(`${name}.${key}`, value, property, schema));
        }
    }
    return problems;
}

/** How `value` fails the property's schema type. */
function valueProblems(path: string, value: unknown, property: PropertySchema, schema: PackageSchema): string[] {
    if (typeof value === "string" && value.includes("${"))
        // An interpolation is an Output to the component: it can stand only where the schema does not say plain.
        return property.plain ? [`${path}: ${value} is an expression, and the schema takes a plain value here`] : [];
    if (property.$ref === "pulumi.json#/Any") return [];
    if (property.$ref) {
        const values = schema.types[property.$ref.replace(/^#\/types\//, "")]?.enum?.map((e) => e.value);
        if (!values) return [`${path}: the schema has no type ${property.$ref}`];
        return values.includes(value as string)
            ? []
            : [`${path}: ${JSON.stringify(value)} is none of ${values.join(", ")}`];
    }
    const wrong = [`${path}: ${JSON.stringify(value)} is not of type ${String(property.type)}`];
    switch (property.type) {
        case "string":
        case "boolean":
            return typeof value === property.type ? [] : wrong;
        case "number":
            return typeof value === "number" ? [] : wrong;
        case "integer":
            return Number.isInteger(value) ? [] : wrong;
        case "array":
            return Array.isArray(value)
                ? value.flatMap((item, i) => valueProblems(`${path}[${i}]`, item, property.items ?? {}, schema))
                : wrong;
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value)
                ? Object.entries(value).flatMap(([k, v]) =>
                      valueProblems(`${path}.${k}`, v, property.additionalProperties ?? {}, schema),
                  )
                : wrong;
        default:
            return [`${path}: the schema gives no type the check knows (${JSON.stringify(property)})`];
    }
}
