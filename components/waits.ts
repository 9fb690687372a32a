// What `pulumi up` waits for on the objects GKE reports on, in pulumi-kubernetes' own form: the `pulumi.com/waitFor`
// annotation (pulumi/pulumi-kubernetes provider/pkg/metadata/overrides.go, ReadyCondition). Its value is one
// expression, or a JSON list of expressions that must all hold at once; `condition=<Type>` waits for
// `status.conditions[type=<Type>].status` True (kubectl's rule, case-insensitive), and `jsonpath={<path>}=<value>`
// for the first value the path selects (provider/pkg/jsonpath/jsonpath.go: kubectl's strict `{...}` syntax, one `=`
// besides `==`). Ground floor: imports nothing.

/** A condition GKE reports on an object: top-level (`status.conditions`), or on one parent of a route. */
export interface AwaitedCondition {
    type: string;
    /** For a route: the Gateway whose `status.parents[]` entry holds the condition. */
    parentName?: string;
}

/**
 * How long Pulumi waits for GKE to report: building a load balancer (forwarding rule, URL map, NEG backends, health
 * checks, in turn) often takes more than the 10 minutes pulumi-kubernetes allows by default, and GKE reports on the
 * route and the policies while it builds. Bounded: a wait that fails ends `pulumi up` with the object named.
 */
export const statusWaitTimeout = "30m";

/** The expression pulumi-kubernetes evaluates for one condition. */
export function waitExpression(c: AwaitedCondition): string {
    if (c.parentName === undefined) return `condition=${c.type}`;
    // status.parents[] has one entry per parentRef (Gateway API RouteStatus); a condition= expression reads only the
    // top-level status.conditions, so a route's conditions need JSONPath.
    return `jsonpath={.status.parents[?(@.parentRef.name=="${c.parentName}")].conditions[?(@.type=="${c.type}")].status}=True`;
}

/** The `pulumi.com/waitFor` annotation for these conditions: one expression, or a JSON list all must satisfy. */
export function waitForAnnotation(conditions: readonly AwaitedCondition[]): { "pulumi.com/waitFor": string } {
    const expressions = conditions.map(waitExpression);
    return { "pulumi.com/waitFor": expressions.length === 1 ? expressions[0] : JSON.stringify(expressions) };
}
