// What the package schema says beyond what Pulumi's component analyzer derives from the TypeScript types, added from
// the component's own tables (components/args.ts, components/outputs.ts) when plugin.js serves GetSchema.
//
// The analyzer (@pulumi/pulumi 3.270 provider/experimental/analyzer.js; pulumi/pulumi's
// sdk/nodejs/provider/experimental/analyzer.ts is the same in this as of August 2026) cannot say these:
// - integers: it maps every TypeScript `number` to `"type": "number"` (getSimplePropertyType); a type alias is the
//   same `number` type to the checker, so no spelling of the type reaches `"integer"`, and Go would get float64;
// - defaults and secrets: its property definitions have no `default` or `secret`, and it reads a TSDoc comment's
//   text only (`jsDoc[].comment`), never its tags (`@default`), so nothing in the source can carry them.
import { argumentSpecs, defaults, secretOutputs, type ArgumentName } from "./components";

/** A property of the Pulumi package schema (pulumi/pulumi pkg/codegen/schema PropertySpec), as far as this reads it. */
interface PropertySpec {
    type?: string;
    $ref?: string;
    default?: unknown;
    secret?: boolean;
    description?: string;
}

/** The package schema, as far as this amends it. */
interface PackageSpec {
    resources: Record<
        string,
        { inputProperties: Record<string, PropertySpec>; properties: Record<string, PropertySpec> }
    >;
}

/**
 * A default the schema can carry: Pulumi binds `default` for booleans, integers, numbers and strings, and enums of
 * them (pulumi/pulumi pkg/codegen/schema/bind.go bindDefaultValue, bindConstValue); an object (`helmValues: {}`) has none.
 */
function schemaDefault(name: ArgumentName): boolean | number | string | undefined {
    const value: unknown = (defaults as Record<ArgumentName, unknown>)[name];
    return typeof value === "boolean" || typeof value === "number" || typeof value === "string" ? value : undefined;
}

/** The amended input property of argument `name`: its integer type and its default. */
function amendedInput(name: ArgumentName, property: PropertySpec): PropertySpec {
    const integer = argumentSpecs[name].kind === "integer";
    if (integer && property.type !== "number" && property.type !== "integer")
        throw new Error(`the analyzer typed the integer argument ${name} as ${JSON.stringify(property)}, not a number`);
    const value = schemaDefault(name);
    return { ...property, ...(integer && { type: "integer" }), ...(value !== undefined && { default: value }) };
}

/** The schema the analyzer served (`text`, as GetSchema returns it) with integers, defaults and secrets added. */
export function amendSchema(text: string, typeToken: string): string {
    const schema = JSON.parse(text) as PackageSpec;
    const component = schema.resources[typeToken];
    if (!component) throw new Error(`the schema has no resource ${typeToken}`);
    for (const name of Object.keys(argumentSpecs) as ArgumentName[]) {
        const property = component.inputProperties[name];
        if (!property) throw new Error(`the schema has no input ${name}`);
        component.inputProperties[name] = amendedInput(name, property);
    }
    for (const name of secretOutputs) {
        const property = component.properties[name];
        if (!property) throw new Error(`the schema has no output ${name}`);
        component.properties[name] = { ...property, secret: true };
    }
    return JSON.stringify(schema);
}
