// The one door a program uses to check arguments before it creates the component (the program's stack config reader
// does): the same check the constructor runs, run once.
import { asSecretValues } from "./ownedValues";
import type { Problem } from "./problems";
import { rememberSettings, resolveSettings } from "./settings";
import type { MilvusL7LoadBalancerArgs } from "./types";

/** Arguments whose values a program may hold as secrets (e.g. stack config set with `--secret`). */
export type SecretValuesArgument = "helmValues" | "milvusConfig";

/**
 * Checks `args` as the component's constructor does, creating nothing. With no problem, returns the arguments to
 * create the component with: frozen, the values of each `secretValues` argument turned into Pulumi secrets (all but
 * the few the component reads: names, owned settings, environment variable names; none a credential), and known to
 * the constructor as checked, so it does not check them again.
 */
export function checkArguments(
    args: MilvusL7LoadBalancerArgs,
    options: { secretValues?: readonly SecretValuesArgument[] } = {},
): { problems: Problem[]; args: MilvusL7LoadBalancerArgs } {
    const { settings, problems } = resolveSettings(args);
    if (problems.length > 0) return { problems, args };
    // Wrapped from the checked snapshot: what is built is what was checked.
    const secret = Object.fromEntries(
        (options.secretValues ?? [])
            .filter((key) => args[key] !== undefined)
            .map((key) => [key, asSecretValues(settings[key], settings, key === "milvusConfig")]),
    );
    return { problems: [], args: rememberSettings({ ...args, ...secret }, { ...settings, ...secret }) };
}
