import { isDeepStrictEqual } from "node:util";
import type { PlainObject } from "./args";

export function isPlainObject(value: unknown): value is PlainObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
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
