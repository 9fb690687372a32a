// What the component's steps share: who creates a child, under which options.
import * as pulumi from "@pulumi/pulumi";
import type { MilvusL7Settings, StringOrOutput } from "./types";
import { statusWaitTimeout } from "./waits";

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
export function inNamespace({ settings }: StepContext, name: string): { name: string; namespace: StringOrOutput } {
    return { name, namespace: settings.namespace };
}

/**
 * GCE load balancers often take more than the 10 minutes Pulumi's Ingress await allows by default before the
 * Ingress gets an IP, or the Gateway is programmed (forwarding rule, URL map, NEG backends, health checks are all
 * created in turn): as long as GKE's other reports (waits.ts).
 */
const loadBalancerTimeout = statusWaitTimeout;

/**
 * Options of the object that makes the load balancer (the Ingress or the Gateway), given what it waits for besides
 * `waitsFor`. It does not wait for a managed release: GCP builds the load balancer (minutes) while Milvus starts.
 */
export function loadBalancerOptions(
    ctx: StepContext,
    waitsFor: pulumi.Resource[],
    reservedAddress: boolean,
): (alsoWaitsFor: pulumi.Resource[]) => pulumi.CustomResourceOptions {
    return (alsoWaitsFor) => ({
        ...after(ctx.child, [...waitsFor, ...alsoWaitsFor]),
        customTimeouts: { create: loadBalancerTimeout, update: loadBalancerTimeout },
        // A reserved address serves one forwarding rule at a time: a replacement Ingress or Gateway (new namespace)
        // created while the old one holds it never gets its IP ("IP ... is already being used by another resource",
        // ingress-gce), so its 30-minute await fails and the old one stays. Delete the old one first.
        deleteBeforeReplace: reservedAddress,
    });
}
