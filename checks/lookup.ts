// How the rule modules (gkeRules.ts, gatewayRules.ts) read the objects applied together. The rules run beside the
// schemas, not after them, so nothing in an object is taken for granted: a field of the wrong shape reads as empty
// and the rule that needs it reports it.
import type { KubeObject } from "../components/types";
import { isPlainObject } from "../components/plainData";

export type { KubeObject } from "../components/types";

/** A JSON object as read from an object applied. */
export type Plain = { [key: string]: unknown };

/** The objects applied together. */
export type Objects = readonly KubeObject[];

/** `v` if it is a JSON object, else an empty one. */
export const plain = (v: unknown): Plain => (isPlainObject(v) ? v : {});

/** `v`'s items as JSON objects (an item of another shape reads as empty), or none if `v` is not an array. */
export const list = (v: unknown): Plain[] => (Array.isArray(v) ? v.map(plain) : []);

/** How a message names the object at fault: `<kind> <namespace>/<name>`. */
export const at = (o: KubeObject) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

/** The objects of `kind`, in the order given. */
export const ofKind = (objects: Objects, kind: string) => objects.filter((o) => o.kind === kind);

/** The first object of `kind` named `name` in `namespace`: controllers resolve a reference in the referrer's namespace. */
export const find = (objects: Objects, kind: string, namespace: string, name: unknown) =>
    objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

/** The object's annotations (none: empty). */
export const annotationsOf = (o: KubeObject): Record<string, string> => o.metadata.annotations ?? {};

/** What {@link annotationJson} returns for text that is not JSON: no JSON value equals it. */
const unparsable = Symbol.for("unparsable");

/**
 * The JSON value of annotation `key` on `o` (GKE's Service annotations hold JSON text): undefined when it is absent,
 * a value no rule accepts when it is not JSON.
 */
export function annotationJson(o: KubeObject, key: string): unknown {
    const text = annotationsOf(o)[key];
    if (text === undefined) return undefined;
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return unparsable;
    }
}
