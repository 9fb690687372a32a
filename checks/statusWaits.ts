// The waits `pulumi up` makes on what GKE reports (components/waits.ts), as rules over the objects applied, and the
// reading of a status they wait on. pulumi-kubernetes' await code runs in its provider (Go), not in-process, so its
// check is reproduced here from its source (pulumi/pulumi-kubernetes provider/pkg/metadata/overrides.go
// ReadyCondition, provider/pkg/jsonpath/jsonpath.go Parse, provider/pkg/await/condition/kubectl.go checkCondition),
// for the expressions components/waits.ts writes.
import { waitExpression } from "../components/waits";
import { at, list, plain, type KubeObject, type Objects, type Plain } from "./lookup";

/** The expressions of an object's `pulumi.com/waitFor`: a JSON list of strings, or one expression (ReadyCondition). */
export function waitExpressions(o: KubeObject): string[] {
    const value = o.metadata.annotations?.["pulumi.com/waitFor"];
    if (value === undefined) return [];
    try {
        const parsed = JSON.parse(value) as unknown;
        if (Array.isArray(parsed) && parsed.every((e) => typeof e === "string")) return parsed;
    } catch {
        // Not JSON: one expression, as pulumi-kubernetes reads it.
    }
    return [value];
}

/**
 * Why pulumi-kubernetes would refuse an expression: it needs a `jsonpath=` or `condition=` prefix; a JSONPath is
 * wrapped in `{...}`, not shell-quoted, and has at most one `=` besides `==`, with a value after it (Parse).
 */
export function waitExpressionProblem(expression: string): string | undefined {
    if (expression.startsWith("condition="))
        return expression.length > "condition=".length ? undefined : "condition= needs a condition type";
    if (!expression.startsWith("jsonpath="))
        return `expected a "jsonpath=" or "condition=" prefix, got ${JSON.stringify(expression)}`;
    const parts = expression.slice("jsonpath=".length).replaceAll("==", "\u0000").split("=");
    if (parts.length > 2) return "format should be {.path}=value or {.path}";
    if (parts.length === 2 && parts[1] === "") return "= requires a value";
    if (parts[0].startsWith("'")) return "should omit shell quotes";
    return /^\{\s*.*?\s*\}$/.test(parts[0]) ? undefined : "should be wrapped in brackets { ... }";
}

/** What each kind must wait for, as components/waits.ts writes it (the GKE conditions, with their sources there). */
function expectedWaits(o: KubeObject): string[] {
    switch (o.kind) {
        case "Gateway":
            return [waitExpression({ type: "Programmed" })];
        case "HTTPRoute":
            return list(plain(o.spec).parentRefs).flatMap((ref) =>
                ["Accepted", "ResolvedRefs"].map((type) => waitExpression({ type, parentName: String(ref.name) })),
            );
        case "HealthCheckPolicy":
        case "GCPBackendPolicy":
        case "GCPGatewayPolicy":
            return [waitExpression({ type: "Attached" })];
        default:
            return [];
    }
}

/**
 * Every object GKE reports on carries the waits for its verdict (the Gateway Programmed; the route Accepted and
 * ResolvedRefs for each parent; each GKE policy Attached), each an expression pulumi-kubernetes accepts: without
 * them `pulumi up` succeeds while clients get "no healthy upstream" (pulumi/pulumi-kubernetes#1649).
 */
export function statusWaitProblems(objects: Objects): string[] {
    return objects.flatMap((o) => {
        const given = waitExpressions(o);
        const invalid = given.flatMap((e) => {
            const problem = waitExpressionProblem(e);
            return problem ? [`${at(o)}: pulumi.com/waitFor ${JSON.stringify(e)}: ${problem}`] : [];
        });
        const missing = expectedWaits(o)
            .filter((e) => !given.includes(e))
            .map((e) => `${at(o)}: does not wait for ${e}`);
        return [...invalid, ...missing];
    });
}

/** The condition of `type` in a list of conditions (kubectl compares types case-insensitively). */
const conditionOf = (conditions: unknown, type: string): Plain | undefined =>
    list(conditions).find((c) => typeof c.type === "string" && c.type.toLowerCase() === type.toLowerCase());

/**
 * Each wait of `o` that `status` does not satisfy, named with the object, the condition, and GKE's reason and message:
 * pulumi-kubernetes' own report says only "Resource has condition Accepted=False (want True)" (condition=) or
 * `Waiting for {...}=True (found "False")` (jsonpath=) while it waits, and then "timed out waiting for the condition".
 */
export function unmetWaits(o: KubeObject, status: unknown): string[] {
    return waitExpressions(o).flatMap((expression) => {
        const routeWait =
            /^jsonpath=\{\.status\.parents\[\?\(@\.parentRef\.name=="([^"]*)"\)\]\.conditions\[\?\(@\.type=="([^"]*)"\)\]\.status\}=True$/.exec(
                expression,
            );
        const type = routeWait ? routeWait[2] : expression.replace(/^condition=/, "").split("=")[0];
        const holder = routeWait
            ? list(plain(status).parents).find((p) => plain(p.parentRef).name === routeWait[1])
            : plain(status);
        const where = routeWait ? ` on parent ${routeWait[1]}` : "";
        // jsonpath selects the first match, and a route's status can lag its spec: observedGeneration is not checked
        // per condition (JSONPath.Satisfied checks only status.observedGeneration).
        const condition = conditionOf(holder?.conditions, type);
        if (condition?.status === "True") return [];
        const reported = condition
            ? `GKE reports ${type}=${String(condition.status)} (${String(condition.reason)}: ${String(condition.message)})`
            : `GKE reports no ${type} condition yet`;
        return [`${at(o)}: waiting for ${type}=True${where}; ${reported}`];
    });
}
