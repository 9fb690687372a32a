// What the component's steps share: who creates a child, under which options.
import * as pulumi from "@pulumi/pulumi";
import type { MilvusL7Settings } from "./types";

/** What one step of the component passes the next. */
export interface StepContext {
    /** The component's name; children are named `<name>-<role>`. */
    name: string;
    settings: MilvusL7Settings;
    /** Options of every child: the component as parent, and its `dependsOn`. */
    child: pulumi.CustomResourceOptions;
}

/** `base` with `dependsOn` added to the dependencies it has. */
export function after(base: pulumi.CustomResourceOptions, dependsOn: pulumi.Resource[]): pulumi.CustomResourceOptions {
    return pulumi.mergeOptions(base, { dependsOn });
}

/** Options of a child the `protect` argument protects (the release, the root password, the reserved address). */
export function protectedChild({ settings, child }: StepContext): pulumi.CustomResourceOptions {
    return { ...child, protect: settings.protect };
}

/** Metadata of an object in the Milvus namespace. */
export function inNamespace({ settings }: StepContext, name: string): { name: string; namespace: string } {
    return { name, namespace: settings.namespace };
}
