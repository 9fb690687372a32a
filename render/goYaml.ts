// Pulumi.yaml and stack files as the Pulumi CLI reads them: with Go's gopkg.in/yaml.v3 into `any`
// (pulumi/pulumi sdk/go/common/encoding/marshal.go; workspace/loaders.go LoadProjectStackBytes), then each config
// value turned into the text the program reads (sdk/go/common/resource/config/object.go, MarshalString). The yaml
// package parses; this module resolves every scalar the way yaml.v3 does (go-yaml/yaml v3 resolve.go, decode.go),
// not the way YAML 1.2 or the yaml package would: `0x258` is 600, `0777` is 511, `True` is true, `yes` is text.
import { readFileSync, statSync } from "node:fs";
import * as YAML from "yaml";

/** A file render cannot use (unreadable, not YAML, or not shaped as Pulumi reads it), named with where and why. */
export class UnreadableFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnreadableFileError";
    }
}

/** Stack and project files larger than this are refused before they are read (no config needs a mebibyte). */
export const maxConfigFileBytes = 1024 * 1024;
/**
 * Deeper nesting is refused with a clear error. yaml.v3 allows 10,000 levels (scannerc.go max_flow_level), but the
 * yaml package and the program recurse, and no config needs more than a few levels.
 */
export const maxNestingDepth = 256;
/** Nodes one file may expand to through aliases ("billion laughs" stays a clear error). */
const maxNodes = 100_000;

/** A whole number as yaml.v3 decodes it: int, int64 or uint64. */
export class GoInt {
    constructor(readonly value: bigint) {}
}
/** A float64 as yaml.v3 decodes it. */
export class GoFloat {
    constructor(readonly value: number) {}
}
/** A value as yaml.v3 decodes it into `any`; maps keep string keys only (Pulumi refuses others). */
export type GoValue = null | string | boolean | GoInt | GoFloat | GoValue[] | GoMap;
export type GoMap = Map<string, GoValue>;

export const isGoMap = (value: GoValue | undefined): value is GoMap => value instanceof Map;

/** The file's text, or why it cannot be read: not a regular file, too large, or not UTF-8 (yaml.v3 refuses that too). */
function readText(file: string): string {
    let size: number;
    try {
        const stat = statSync(file);
        if (!stat.isFile()) throw new UnreadableFileError(`${file}: not a regular file`);
        size = stat.size;
    } catch (error) {
        if (error instanceof UnreadableFileError) throw error;
        throw new UnreadableFileError(`${file}: ${(error as Error).message}`);
    }
    if (size > maxConfigFileBytes)
        throw new UnreadableFileError(
            `${file}: ${size} bytes; render reads config files of at most ${maxConfigFileBytes} bytes`,
        );
    let bytes = readFileSync(file);
    // Pulumi strips a UTF-8 byte-order mark (workspace/loaders.go readFileStripUTF8BOM).
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        throw new UnreadableFileError(
            `${file}: not valid UTF-8 (the Pulumi CLI's YAML reader, yaml.v3, refuses it too)`,
        );
    }
}

/** The deepest nesting of flow collections outside quotes and comments: checked before the parser recurses. */
function flowDepth(text: string): number {
    let depth = 0;
    let deepest = 0;
    let quote = "";
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (quote === '"' && c === "\\") i++;
            else if (c === quote) quote = "";
        } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
            const end = text.indexOf("\n", i);
            i = end < 0 ? text.length : end;
        } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) quote = c;
        else if (c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
        else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
    }
    return deepest;
}

const longTagPrefix = "tag:yaml.org,2002:";
const shortTag = (tag: string | undefined) =>
    tag?.startsWith(longTagPrefix) ? `!!${tag.slice(longTagPrefix.length)}` : (tag ?? "");

// go-yaml v3 resolve.go resolveMapList.
const resolveMap = new Map<string, [string, GoValue]>([
    ...["true", "True", "TRUE"].map((s): [string, [string, GoValue]] => [s, ["!!bool", true]]),
    ...["false", "False", "FALSE"].map((s): [string, [string, GoValue]] => [s, ["!!bool", false]]),
    ...["", "~", "null", "Null", "NULL"].map((s): [string, [string, GoValue]] => [s, ["!!null", null]]),
    ...[".nan", ".NaN", ".NAN"].map((s): [string, [string, GoValue]] => [s, ["!!float", new GoFloat(NaN)]]),
    ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s): [string, [string, GoValue]] => [
        s,
        ["!!float", new GoFloat(Infinity)],
    ]),
    ...["-.inf", "-.Inf", "-.INF"].map((s): [string, [string, GoValue]] => [s, ["!!float", new GoFloat(-Infinity)]]),
    ["<<", ["!!merge", "<<"]],
]);
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const uint64Max = 2n ** 64n - 1n;

/**
 * Go's strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64): an optional sign (ParseInt only), then 0x/0b/0o or a
 * leading 0 (octal) or decimal digits.
 */
function goParseInteger(plain: string): bigint | undefined {
    const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
    if (!match) return undefined;
    const digits = match[2];
    const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    const value = match[1] === "-" ? -magnitude : magnitude;
    if (value >= int64Min && value <= int64Max) return value;
    return match[1] === "" && value <= uint64Max ? value : undefined;
}

/** A date-only timestamp (`2006-1-2`), which yaml.v3 decodes to a time.Time and Pulumi turns into time.String(). */
function goDate(text: string): string | undefined {
    const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (!match) return undefined;
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
    return `${match[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")} 00:00:00 +0000 UTC`;
}

/** yaml.v3's resolve(tag, in) for a plain scalar: the tag it resolves to and the value. */
function resolvePlain(tag: string, text: string): [string, GoValue] {
    const first = text[0];
    const hint =
        text === ""
            ? "N"
            : /[+-]/.test(first)
              ? "S"
              : /\d/.test(first)
                ? "D"
                : /[yYnNtTfFoO~]/.test(first)
                  ? "M"
                  : first === "."
                    ? "."
                    : "";
    if (hint === "" || tag === "!!str") return ["!!str", text];
    const known = resolveMap.get(text);
    if (known) return known;
    // strconv.ParseFloat fails (ErrRange) beyond float64's range, and resolve then keeps the text as a string.
    if (hint === "." && /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) && Number.isFinite(Number(text)))
        return ["!!float", new GoFloat(Number(text))];
    if (hint === "D" || hint === "S") {
        if ((tag === "" || tag === "!!timestamp") && /^\d{4}-/.test(text)) {
            const date = goDate(text);
            if (date !== undefined) return ["!!timestamp", date];
            if (/^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d)/.test(text)) {
                throw new Error(
                    `render does not reproduce how the Pulumi CLI turns the timestamp ${JSON.stringify(text)} into text; quote it`,
                );
            }
        }
        const plain = text.replace(/_/g, "");
        const integer = goParseInteger(plain);
        if (integer !== undefined) return ["!!int", new GoInt(integer)];
        if (yamlStyleFloat.test(plain) && Number.isFinite(Number(plain)))
            return ["!!float", new GoFloat(Number(plain))];
    }
    return ["!!str", text];
}

/** A scalar as yaml.v3 decodes it into `any` (decode.go scalar(), resolve.go resolve()). */
function scalarValue(node: YAML.Scalar): GoValue {
    const tag = shortTag(node.tag);
    const text = node.source ?? String(node.value);
    const quotedOrBlock = node.type !== undefined && node.type !== "PLAIN";
    // Node.indicatedString(): an explicit !!str, or a quoted or block scalar without a specific tag.
    if (tag === "!!str" || ((tag === "" || tag === "!") && quotedOrBlock)) return text;
    if (tag === "!!binary") {
        const base64 = text.replace(/[\r\n]/g, "");
        if (!/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64))
            throw new Error("!!binary value contains invalid base64 data");
        try {
            return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(base64, "base64"));
        } catch {
            throw new Error("a !!binary value that is not UTF-8 text cannot be a config value");
        }
    }
    // Tags yaml.v3 cannot resolve (`!`, `!custom`, `!!set`) keep the text.
    if (!["", "!!bool", "!!int", "!!float", "!!null", "!!timestamp"].includes(tag)) return text;
    const [resolved, value] = resolvePlain(tag, text);
    if (tag === "" || tag === resolved) return resolved === "!!merge" ? text : value;
    if (tag === "!!float" && resolved === "!!int") return new GoFloat(Number((value as GoInt).value));
    throw new Error(`cannot decode ${resolved} \`${text}\` as a ${tag}`);
}

/** A mapping holding just `pair`. */
function oneKeyMap(pair: YAML.Pair): YAML.YAMLMap {
    const map = new YAML.YAMLMap();
    map.items.push(pair);
    return map;
}

/** A parsed document as yaml.v3 decodes it, with mapping merges (`<<`) applied as decode.go merge() does. */
class Decoder {
    private nodes = 0;
    constructor(
        private readonly doc: YAML.Document.Parsed,
        private readonly at: (offset?: number) => string,
    ) {}

    value(node: unknown, depth = 0): GoValue {
        if (++this.nodes > maxNodes)
            throw new UnreadableFileError(`${this.at()}: expands to more than ${maxNodes} values through aliases`);
        if (depth > maxNestingDepth)
            throw new UnreadableFileError(`${this.at()}: nested more than ${maxNestingDepth} levels deep`);
        if (YAML.isAlias(node)) {
            const anchored = node.resolve(this.doc);
            if (anchored === undefined)
                throw new UnreadableFileError(
                    `${this.at(node.range?.[0])}: Unresolved alias (the anchor must be set before the alias): ${node.source}`,
                );
            return this.value(anchored, depth + 1);
        }
        const offset = YAML.isNode(node) ? node.range?.[0] : undefined;
        try {
            if (YAML.isScalar(node)) return scalarValue(node);
            // An `!!omap` or `!!pairs` sequence holds its one-key maps as bare pairs here; yaml.v3 knows neither tag
            // and decodes each as the mapping it is written as.
            if (YAML.isSeq(node))
                return node.items.map((item) =>
                    YAML.isPair(item) ? this.mapping(oneKeyMap(item), depth + 1) : this.value(item, depth + 1),
                );
            if (YAML.isMap(node)) return this.mapping(node, depth);
            return null;
        } catch (error) {
            if (error instanceof UnreadableFileError) throw error;
            throw new UnreadableFileError(`${this.at(offset)}: ${(error as Error).message}`);
        }
    }

    private key(node: unknown): string {
        const key = YAML.isAlias(node) ? this.value(node) : YAML.isScalar(node) ? scalarValue(node) : undefined;
        // Pulumi casts yaml's map[any]any to map[string]any and refuses any other key (project.go SimplifyMarshalledValue).
        if (typeof key !== "string")
            throw new Error(`expected only string keys, got '${YAML.isNode(node) ? String(node) : "?"}'`);
        return key;
    }

    private mapping(node: YAML.YAMLMap, depth: number): GoMap {
        const result: GoMap = new Map();
        const merges: unknown[] = [];
        for (const pair of node.items) {
            // decode.go isMerge: a `<<` key that is not quoted and not otherwise tagged.
            if (
                YAML.isScalar(pair.key) &&
                pair.key.source === "<<" &&
                pair.key.type === "PLAIN" &&
                ["", "!", "!!merge"].includes(shortTag(pair.key.tag))
            ) {
                merges.push(pair.value);
                continue;
            }
            result.set(this.key(pair.key), this.value(pair.value, depth + 1));
        }
        // Explicit keys win over merged ones, and earlier merged maps over later ones (decode.go merge, mergedFields).
        for (const merge of merges) {
            const sources = YAML.isSeq(merge) ? merge.items : [merge];
            for (const source of sources) {
                const merged = this.value(source, depth + 1);
                if (!isGoMap(merged)) throw new Error("map merge requires map or sequence of maps as the value");
                for (const [key, value] of merged) if (!result.has(key)) result.set(key, value);
            }
        }
        return result;
    }
}

/**
 * A Pulumi YAML file (Pulumi.yaml or a stack file) as yaml.v3 decodes it. Refused with `file:line:column: problem`:
 * a file that is not a regular file, too large or not UTF-8; a syntax error; a duplicate key (yaml.v3 refuses them
 * too: "mapping key already defined"); nesting or alias expansion beyond the bounds above; a file or a `config` that
 * is not a mapping.
 */
export function readPulumiYaml(file: string): GoMap {
    const text = readText(file);
    if (flowDepth(text) > maxNestingDepth)
        throw new UnreadableFileError(`${file}: nested more than ${maxNestingDepth} levels deep`);
    const lineCounter = new YAML.LineCounter();
    let doc: YAML.Document.Parsed;
    try {
        doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, schema: "failsafe", uniqueKeys: true });
    } catch (error) {
        throw new UnreadableFileError(`${file}: ${(error as Error).message}`);
    }
    const at = (offset = 0) => {
        const { line, col } = lineCounter.linePos(offset);
        return `${file}:${line}:${col}`;
    };
    const [error] = doc.errors;
    // yaml.v3's Unmarshal decodes the first document and never reads past it (decode.go unmarshal: one p.parse()), so
    // the CLI would silently ignore every key below a `---`: refused, rather than rendered unlike or like the CLI.
    if (error?.code === "MULTIPLE_DOCS") {
        throw new UnreadableFileError(
            `${at(error.pos[0])}: a second YAML document ('---'); the Pulumi CLI reads only the first document of a stack file (gopkg.in/yaml.v3 Unmarshal) and would ignore everything from here on: keep one document`,
        );
    }
    if (error) throw new UnreadableFileError(`${at(error.pos[0])}: ${error.message}`);
    const isEmpty = (node: unknown) =>
        node === null || node === undefined || (YAML.isScalar(node) && (node.value === null || node.source === ""));
    const expectMapping = (node: unknown, what: string) => {
        if (isEmpty(node) || YAML.isMap(node)) return;
        const found = YAML.isSeq(node) ? "a list" : "a single value";
        throw new UnreadableFileError(
            `${at(YAML.isNode(node) ? node.range?.[0] : 0)}: ${what} must be a mapping of keys to values; found ${found}`,
        );
    };
    expectMapping(doc.contents, "the file");
    if (isEmpty(doc.contents)) return new Map();
    expectMapping((doc.contents as YAML.YAMLMap).get("config", true), "config");
    return new Decoder(doc, at).value(doc.contents) as GoMap;
}

/** Go's encoding/json for a float64 (NaN and infinities are refused, as json.Marshal refuses them). */
function goFloatJson(value: number): string {
    if (!Number.isFinite(value))
        throw new Error(`json: unsupported value: ${Number.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf"}`);
    // A float goes through Pulumi's YAML round trip (LoadProjectStackBytes re-encodes with %g): -0 comes back as 0.
    // JavaScript's shortest form and its switch to exponents (below 1e-6, from 1e21) are Go's.
    return Object.is(value, -0) ? "0" : String(value);
}

/** Go's json.Marshal of a decoded value: map keys sorted, floats as Go writes them. */
export function goJson(value: GoValue): string {
    if (value === null) return "null";
    if (value instanceof GoInt) return value.value.toString();
    if (value instanceof GoFloat) return goFloatJson(value.value);
    if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
    if (isGoMap(value)) {
        const keys = [...value.keys()].sort();
        return `{${keys.map((key) => `${JSON.stringify(key)}:${goJson(value.get(key)!)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/**
 * The text a program reads for a config value (config/object.go MarshalString): a string as itself, a bool or a
 * number as JSON, a list or a map as JSON; an empty value as "" (loaders.go checkForEmptyConfig: "currently treated
 * as an empty string").
 */
export function goConfigText(value: GoValue): string {
    if (value === null) return "";
    if (typeof value === "string") return value;
    return goJson(value);
}

/** Whether a value is Pulumi's ciphertext: a map of exactly one key `secure` holding a string (object.go isSecureValue). */
export function isSecureValue(value: GoValue | undefined): value is GoMap {
    return isGoMap(value) && value.size === 1 && typeof value.get("secure") === "string";
}

/** Whether a value is, or holds, ciphertext: Pulumi then treats the whole key as secret (object.go Secure). */
export function holdsSecureValue(value: GoValue | undefined): boolean {
    if (isSecureValue(value)) return true;
    if (Array.isArray(value)) return value.some(holdsSecureValue);
    return isGoMap(value) && [...value.values()].some(holdsSecureValue);
}

/** The value with every ciphertext replaced by `placeholder`. */
export function withSecretsAs(value: GoValue, placeholder: string): GoValue {
    if (isSecureValue(value)) return placeholder;
    if (Array.isArray(value)) return value.map((item) => withSecretsAs(item, placeholder));
    if (isGoMap(value)) return new Map([...value].map(([key, item]) => [key, withSecretsAs(item, placeholder)]));
    return value;
}
