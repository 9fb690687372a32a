import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { PlainObject } from "./args";

/** An object literal or JSON object: not a list, not a Date, Map, Output or other class instance. */
export function isPlainObject(value: unknown): value is PlainObject {
    if (typeof value !== "object" || value === null) return false;
    const prototype = Object.getPrototypeOf(value) as unknown;
    return prototype === Object.prototype || prototype === null;
}

/**
 * Helm's value-merge semantics: objects merge key by key, anything else (scalars, lists) in `top` replaces what
 * is in `bottom`. Neither input is modified.
 */
export function mergeValues(bottom: PlainObject, top: PlainObject): PlainObject {
    const merged: PlainObject = { ...bottom };
    for (const [key, value] of Object.entries(top)) {
        const below = merged[key];
        merged[key] = isPlainObject(below) && isPlainObject(value) ? mergeValues(below, value) : value;
    }
    return merged;
}

/**
 * Dotted paths where `given` sets something other than what `owned` sets: a leaf of `owned` that `given` changes,
 * or an object of `owned` that `given` replaces with a non-object. Equal values are not conflicts.
 */
export function conflictingPaths(given: PlainObject, owned: PlainObject, prefix = ""): string[] {
    return Object.entries(given).flatMap(([key, value]) => {
        if (!(key in owned)) return [];
        const path = `${prefix}${key}`;
        const ours = owned[key];
        if (isPlainObject(ours) && isPlainObject(value)) return conflictingPaths(value, ours, `${path}.`);
        return isDeepStrictEqual(value, ours) ? [] : [path];
    });
}

/** A path into JSON data, as a user writes it: `a.b[2]`, with `["x.y"]` for keys that are not plain words. */
export function pathText(prefix: string, key: string | number): string {
    if (typeof key === "number") return `${prefix}[${key}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(key)) return prefix === "" ? key : `${prefix}.${key}`;
    return `${prefix}[${JSON.stringify(key)}]`;
}

/** How a value reads in an error message: `NaN` and `Infinity` as such (JSON would say `null`), never an Output's text. */
export function describeValue(value: unknown): string {
    if (pulumi.Output.isInstance(value)) return "an Output";
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    if (value === undefined) return "nothing";
    if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
    if (typeof value === "object" && value !== null && !Array.isArray(value) && !isPlainObject(value)) {
        return `a ${value.constructor?.name ?? "non-plain object"}`;
    }
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/**
 * Where `value` holds something JSON (and so Helm values and YAML) cannot carry: a Date, Map, Set, class instance,
 * function, symbol, bigint, `NaN`/`Infinity` or a hole in a list. Pulumi would silently drop or mangle those. Outputs
 * are allowed (secrets inside the JSON-valued arguments stay secret); `undefined` object members are dropped, as JSON
 * drops them. Returns `[path, what]` pairs.
 */
export function nonJsonValues(value: unknown, path: string): [string, string][] {
    if (value === null || typeof value === "string" || typeof value === "boolean" || pulumi.Output.isInstance(value)) return [];
    if (typeof value === "number") return Number.isFinite(value) ? [] : [[path, describeValue(value)]];
    if (Array.isArray(value)) {
        return Array.from(value, (item: unknown, i) => (item === undefined ? [[pathText(path, i), "nothing"] as [string, string]] : nonJsonValues(item, pathText(path, i)))).flat();
    }
    if (isPlainObject(value)) {
        return Object.entries(value).flatMap(([key, item]) => (item === undefined ? [] : nonJsonValues(item, pathText(path, key))));
    }
    return [[path, describeValue(value)]];
}

/**
 * Stands in for an Output inside JSON data while the data is checked: its value is unknown until deployment, so it
 * equals nothing the component sets and is no string, object or list a check could read.
 */
export class UnknownValue {}

/** `value` with every Output replaced by an {@link UnknownValue}, for the checks (which run before anything exists). */
export function withUnknowns(value: unknown): unknown {
    if (pulumi.Output.isInstance(value)) return new UnknownValue();
    if (Array.isArray(value)) return value.map(withUnknowns);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withUnknowns(item)]));
    return value;
}
