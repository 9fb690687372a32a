import * as pulumi from "@pulumi/pulumi";
import { printable } from "./printable";

/** One thing wrong with the input, tied to the argument (or stack config key) at fault. */
export interface Problem {
    /** Argument name, as it appears in `MilvusL7LoadBalancerArgs` and in stack config (e.g. `domain`, `helmValues.service.type`). */
    key: string;
    message: string;
}

/** Longest quoted value shown whole in a refusal. */
const maxQuoted = 120;

/**
 * `text` with every quoted value longer than {@link maxQuoted} cut short, its length said: a megabyte-long domain is
 * refused in one readable line, not echoed (twice) in full.
 */
function shortened(text: string): string {
    return text.replace(
        new RegExp(`"(?:[^"\\\\]|\\\\.){${maxQuoted},}"`, "g"),
        (quoted) => `${quoted.slice(0, maxQuoted - 3)}..." (${quoted.length - 2} characters)`,
    );
}

/**
 * Thrown before any resource is registered when the input has problems. Every problem is listed at once so a
 * user fixes them in one round instead of one `pulumi up` per mistake.
 *
 * It is a `pulumi.InputPropertiesError`: when the component is constructed from another language (through the
 * package's provider), the engine prints each problem against the input property it names.
 */
export class MilvusL7ConfigError extends pulumi.InputPropertiesError {
    public readonly problems: readonly Problem[];
    constructor(
        given: readonly Problem[],
        /** Prefix that turns a key into what the user typed: `milvus-l7:` for stack config, none for the component. */
        keyPrefix: string,
    ) {
        const problems = given.map((p) => ({
            key: printable(shortened(p.key)),
            message: printable(shortened(p.message)),
        }));
        super({
            message:
                `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                // A key that already names its namespace (`milvus-I7:allowedSourceRanges`) is shown as given.
                problems.map((p) => `  - ${p.key.includes(":") ? "" : keyPrefix}${p.key}: ${p.message}`).join("\n"),
            errors: problems.map((p) => ({ propertyPath: p.key, reason: p.message })),
        });
        this.name = "MilvusL7ConfigError";
        this.problems = problems;
    }
}
