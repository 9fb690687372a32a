// Text this repository's tools did not write themselves reaches the operator's terminal: keys and values from stack
// files and callers in configuration errors; in `npm run verify` a certificate's subject, Milvus's health reasons,
// version and server info, gRPC error details, OpenSSL and Node error messages, stack outputs, flags. One function for
// all of them, importing nothing, so the verifier loads no Pulumi SDK for it. A terminal acts on control characters: ESC starts CSI/OSC sequences (ECMA-48) that move the cursor,
// clear lines or set the title; \r and \n rewrite or add lines; C1 codes (U+009B is a one-byte CSI to many
// terminals) do the same; bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069, Unicode UAX #9) reorder what
// is shown. A server could so draw a "healthy" line over a failure. Node's util.stripVTControlCharacters removes
// only ANSI sequences (not \r, C1 or bidi controls) and hides what was sent, so this escapes instead.

// Unicode categories Cc (C0, DEL, C1), Cf (format: bidi marks, overrides and isolates, zero-width characters,
// BOM, tags), Zl and Zp (U+2028, U+2029), and Cs (lone surrogates, which a terminal shows as U+FFFD).
const unprintable = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const namedEscapes: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeCodePoint(character: string): string {
    const name = namedEscapes[character];
    if (name !== undefined) return name;
    const code = character.codePointAt(0) ?? 0;
    const hex = code.toString(16);
    if (code <= 0xff) return `\\x${hex.padStart(2, "0")}`;
    if (code <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
    return `\\u{${hex}}`;
}

/**
 * `text` as one line a terminal shows as it is: every control, format and line-separator character written as its
 * JavaScript escape (`\x1b`, `\r`, `\u202e`, `\u{e0041}`); everything else, non-ASCII letters included, unchanged.
 * Applying it twice changes nothing more.
 */
export function printable(text: string): string {
    return text.replace(unprintable, escapeCodePoint);
}
