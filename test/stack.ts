// Stack config as the Pulumi CLI hands it to a program: every value a string, objects as JSON.
import * as pulumi from "@pulumi/pulumi";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as YAML from "yaml";

export const root = join(__dirname, "..");

/** The stacks committed beside Pulumi.yaml: `dev` for `Pulumi.dev.yaml`, and so on. */
export function committedStacks(): string[] {
    return readdirSync(root)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack) => stack !== undefined)
        .sort();
}

/** The `config:` map of a stack file (`Pulumi.<stack>.yaml`), keys as written (`milvus-l7:domain`). */
export function stackFileConfig(stack: string): Record<string, unknown> {
    const file = YAML.parse(readFileSync(join(root, `Pulumi.${stack}.yaml`), "utf8")) as {
        config?: Record<string, unknown>;
    };
    return file.config ?? {};
}

/** Sets the program's config as the CLI would, from `project:key` -> value. */
export function setStackConfig(config: Record<string, unknown>, secretKeys: string[] = []): void {
    const asStrings = Object.fromEntries(
        Object.entries(config).map(([k, v]) => [
            k,
            typeof v === "object" ? JSON.stringify(v) : String(v as string | number | boolean),
        ]),
    );
    pulumi.runtime.setAllConfig(asStrings, secretKeys);
}
