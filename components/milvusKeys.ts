import type { PlainObject } from "./args";
import { isPlainObject } from "./plain";

/**
 * The key Milvus looks a setting up by. Its config manager flattens YAML maps into dotted keys and then folds every
 * key with `formatKey` (milvus-io/milvus pkg/config/config.go): lower case, with '/', '_' and '.' removed, except
 * keys under `knowhere.`, which it keeps as written. So `common.security.tlsMode`, `common.security.TLSMode` and
 * `{"common.security.tlsMode"}` are one setting.
 */
export function milvusKey(spelling: string): string {
    return spelling.toLowerCase().startsWith("knowhere.") ? spelling : spelling.toLowerCase().replace(/[/_.]/g, "");
}

/**
 * The setting an environment variable sets. Milvus's environment source folds variable names the same way
 * (pkg/util/paramtable/base_table.go), so `COMMON_SECURITY_TLSMODE` is `common.security.tlsMode`, and variables
 * take priority over user.yaml (pkg/config/source.go: env NormalPriority, files LowPriority). Newer releases also
 * read a `MILVUS_CONF_` prefix; it is folded away too.
 */
export function milvusEnvKey(name: string): string {
    return milvusKey(name).replace(/^milvusconf/, "");
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
