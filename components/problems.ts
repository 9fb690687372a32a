/** One thing wrong with the input, tied to the argument (or stack config key) at fault. */
export interface Problem {
    /** Argument name, as it appears in `MilvusL7LoadBalancerArgs` and in stack config (e.g. `domain`, `helmValues.service.type`). */
    key: string;
    message: string;
}

/**
 * Thrown before any resource is registered when the input has problems. Every problem is listed at once so a
 * user fixes them in one round instead of one `pulumi up` per mistake.
 */
export class MilvusL7ConfigError extends Error {
    constructor(
        public readonly problems: readonly Problem[],
        /** Prefix that turns a key into what the user typed: `milvus-l7:` for stack config, none for the component (`args.domain`, `name`). */
        keyPrefix: string,
    ) {
        super(
            `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${keyPrefix}${p.key}: ${p.message}`).join("\n"),
        );
        this.name = "MilvusL7ConfigError";
    }
}
