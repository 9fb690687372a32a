import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { PlainObject } from "./types";

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
        if (!Object.hasOwn(owned, key)) return [];
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
    if (
        typeof value === "object" &&
        value !== null &&
        !isPlainObject(value) &&
        !(Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype)
    ) {
        const name = (value.constructor as { name?: unknown } | undefined)?.name;
        return `a ${typeof name === "string" && name !== "" ? name : "non-plain object"}`;
    }
    if (typeof value === "object" && value !== null) {
        // Only plain data is shown: a list or object holding an Output, a getter, a cycle or deep nesting is named.
        const { problems } = plainSnapshot(value, "");
        if (problems.length > 0 || holdsOutput(value)) return Array.isArray(value) ? "a list" : "an object";
    }
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** Whether plain data `value` holds an Output anywhere. */
function holdsOutput(value: unknown): boolean {
    if (pulumi.Output.isInstance(value)) return true;
    if (Array.isArray(value)) return value.some(holdsOutput);
    return isPlainObject(value) && Object.values(value).some(holdsOutput);
}

/** The chart value at `path`, or undefined. */
export function valueAt(values: unknown, path: readonly string[]): unknown {
    let node = values;
    for (const step of path) {
        if (!isPlainObject(node) || !Object.hasOwn(node, step)) return undefined;
        node = node[step];
    }
    return node;
}

/**
 * How deep JSON-valued arguments may nest. The chart's values nest about 8 levels and Milvus's settings about 6;
 * the limit keeps the checks (which recurse) and the YAML and JSON writers far from the JavaScript stack's limit.
 */
export const maxValueDepth = 64;
/** How many values (scalars, lists and objects) one argument may hold: a bound on the work of checking it. */
export const maxValueCount = 100_000;

/**
 * A copy of `value` as plain JSON data (Outputs kept as they are), made by reading each property once, and what
 * keeps `value` from being plain data, each problem naming its path under `path`. The component checks and uses only
 * the copy: a getter that answers one thing to the checks and another to Helm, a class instance, a symbol key, a
 * function, a `Date`, `NaN`, a hole in a list, a cycle or nesting beyond {@link maxValueDepth} is refused rather
 * than followed. `undefined` object members are dropped, as JSON drops them; a `__proto__` key is refused, since
 * JavaScript reads it as the object's prototype, not as a value.
 */
export function plainSnapshot(
    value: unknown,
    path: string,
): { snapshot: unknown; problems: { key: string; message: string }[] } {
    const copier = new PlainCopier(path);
    const snapshot = copier.copy(value, path, 0);
    return { snapshot, problems: copier.problems };
}

/** The walk of {@link plainSnapshot}: the copy's problems, the objects on the path being copied (cycles), a count. */
class PlainCopier {
    readonly problems: { key: string; message: string }[] = [];
    private readonly ancestors = new Map<object, string>();
    private count = 0;

    constructor(private readonly root: string) {}

    private refuse(at: string, message: string): undefined {
        this.problems.push({ key: at, message });
        return undefined;
    }

    private notJson(at: string, found: string): undefined {
        return this.refuse(at, `must be JSON data (a string, number, boolean, null, list or object); got ${found}`);
    }

    copy(item: unknown, at: string, depth: number): unknown {
        if (++this.count > maxValueCount)
            return this.count === maxValueCount + 1
                ? this.refuse(this.root, `holds more than ${maxValueCount} values`)
                : undefined;
        if (item === null || typeof item === "string" || typeof item === "boolean" || pulumi.Output.isInstance(item))
            return item;
        if (typeof item === "number") return Number.isFinite(item) ? item : this.notJson(at, describeValue(item));
        if (
            typeof item !== "object" ||
            (!Array.isArray(item) && !isPlainObject(item)) ||
            (Array.isArray(item) && Object.getPrototypeOf(item) !== Array.prototype)
        ) {
            return this.notJson(at, describeValue(item));
        }
        const cycle = this.ancestors.get(item);
        if (cycle !== undefined)
            return this.refuse(at, `refers back to ${cycle || "itself"}: JSON data cannot hold a cycle`);
        if (depth >= maxValueDepth)
            return this.refuse(at, `nests more than ${maxValueDepth} levels deep, the limit for JSON-valued arguments`);
        if (Object.getOwnPropertySymbols(item).length > 0)
            this.refuse(at, "has symbol keys; JSON data has only string keys");
        this.ancestors.set(item, at);
        const result = Array.isArray(item) ? this.copyList(item, at, depth) : this.copyObject(item, at, depth);
        this.ancestors.delete(item);
        return result;
    }

    /** Reads `item[key]` once, as a data property, and gives its copy to `into`. */
    private read(item: object, key: string | number, at: string, depth: number, into: (v: unknown) => void): void {
        const where = pathText(at, key);
        const property = Object.getOwnPropertyDescriptor(item, key);
        if (property === undefined) return void this.notJson(where, "nothing (a hole in the list)");
        if (property.get || property.set) {
            return void this.refuse(
                where,
                "is an accessor (getter or setter), which may answer differently each time it is read; give the value itself",
            );
        }
        if (property.value === undefined && Array.isArray(item)) return void this.notJson(where, "nothing");
        if (property.value !== undefined) into(this.copy(property.value, where, depth + 1));
    }

    private copyList(item: unknown[], at: string, depth: number): unknown[] {
        const list: unknown[] = [];
        const length = item.length;
        for (let i = 0; i < length; i++) this.read(item, i, at, depth, (v) => list.push(v));
        return list;
    }

    private copyObject(item: PlainObject, at: string, depth: number): PlainObject {
        const object: PlainObject = {};
        for (const key of Object.keys(item)) {
            if (key === "__proto__") {
                this.refuse(
                    pathText(at, key),
                    "is a key JavaScript reads as the object's prototype; no chart value or Milvus setting has this name",
                );
            } else if (key === "toString" || key === "valueOf") {
                // `${values}` (@pulumi/pulumi runtime/rpc.ts safeToString, on every resource input) calls these.
                this.refuse(
                    pathText(at, key),
                    "is a key JavaScript calls to turn an object into text or a number (Pulumi's SDK does, for every resource input), so it would fail there; no chart value or Milvus setting has this name",
                );
            } else {
                this.read(item, key, at, depth, (v) => (object[key] = v));
            }
        }
        return object;
    }
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
    if (isPlainObject(value))
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withUnknowns(item)]));
    return value;
}
