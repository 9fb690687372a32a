import type { PlainObject } from "./args";
import { isPlainObject } from "./plain";

/**
 * The key Milvus looks a setting up by. Its config manager flattens YAML maps into dotted keys and then folds every
 * key, from a file or an environment variable, with `formatKey` (milvus-io/milvus pkg/config/config.go): lower case,
 * with '/', '_' and '.' removed. So `common.security.tlsMode`, `common.security.TLSMode`, `{"common.security.tlsMode"}`
 * and the variable `COMMON_SECURITY_TLSMODE` are one setting.
 */
export function milvusKey(spelling: string): string {
    return spelling.toLowerCase().replace(/[/_.]/g, "");
}

/**
 * Every setting of a user.yaml as Milvus flattens it: `[dotted path as written, value]`, nested maps joined with
 * '.', anything else (lists included) a value.
 */
export function milvusSettings(config: PlainObject, prefix = ""): [string, unknown][] {
    return Object.entries(config).flatMap(([key, value]): [string, unknown][] =>
        isPlainObject(value) ? milvusSettings(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
    );
}
