// Text a hostile or broken server sends to rewrite the operator's screen, and what a terminal acts on: none of it
// may reach the output of `npm run verify` unescaped.

/**
 * A forged success: return to the line start and erase it (ESC [2K), a ✓ line, a line break, the final "healthy"
 * line, a bidi override (U+202E) and a one-byte C1 CSI (U+009B) that colours the rest.
 */
export const forgedHealthy = "\r\x1b[2K✓ CheckHealth healthy\nMilvus at milvus.test is healthy.\u202e\x9b32m";

/** {@link forgedHealthy} as the verifier prints it. */
export const forgedHealthyEscaped =
    "\\r\\x1b[2K✓ CheckHealth healthy\\nMilvus at milvus.test is healthy.\\u202e\\x9b32m";

/** Short enough for a certificate's CN (at most 64 characters, RFC 5280 ub-common-name). */
export const forgedCommonName = "\x1b[2J\r\n\u202e\x9b✓ TLS handshake ok";

/** {@link forgedCommonName} as the verifier prints it. */
export const forgedCommonNameEscaped = "\\x1b[2J\\r\\n\\u202e\\x9b✓ TLS handshake ok";

/**
 * What a terminal acts on: C0 controls but the line feed that ends each printed line, DEL, C1 controls, bidi
 * marks, overrides and isolates, zero-width characters, line and paragraph separators.
 */
export const terminalControls =
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;
