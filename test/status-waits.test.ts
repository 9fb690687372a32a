// The waits on GKE's status reports: each object carries them in pulumi-kubernetes' own form, a missing or malformed
// one is refused, and a status that says Accepted=False is reported with the object, the condition and GKE's reason.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gatewayPolicy, httpRoute, healthCheckPolicy, backendPolicy, gateway } from "../components/gateway";
import { frontEndModel } from "../components/frontEnd";
import { resolveSettings } from "../components/settings";
import { statusWaitProblems, unmetWaits, waitExpressionProblem } from "../checks/statusWaits";
import type { KubeObject } from "../components/types";

const { settings } = resolveSettings({ domain: "milvus.example.com", loadBalancerApi: "gateway", network: "default" });
const fe = frontEndModel(settings);
const route = httpRoute(fe) as KubeObject;
const refs = { sslPolicyName: "ssl", staticIpName: "ip", securityPolicyName: "armor" };
const objects = [
    gateway(fe, refs),
    route,
    healthCheckPolicy(fe),
    backendPolicy(fe, refs),
    gatewayPolicy(fe, refs),
] as KubeObject[];
const withAnnotations = (o: KubeObject, annotations: Record<string, string>): KubeObject => ({
    ...o,
    metadata: { ...o.metadata, annotations },
});

describe("every object GKE reports on waits for its verdict", () => {
    test("the objects as built carry every wait", () => assert.deepEqual(statusWaitProblems(objects), []));

    test("a route without its waits is refused, naming each condition", () => {
        const problems = statusWaitProblems([withAnnotations(route, {})]);
        assert.equal(problems.length, 2);
        assert.match(problems[0], /HTTPRoute default\/my-release-milvus-l7: does not wait for .*Accepted/);
        assert.match(problems[1], /ResolvedRefs/);
    });

    test("a policy without Attached is refused", () => {
        assert.match(
            statusWaitProblems([withAnnotations(objects[2], {})]).join("\n"),
            /HealthCheckPolicy .*: does not wait for condition=Attached/,
        );
    });

    test("an expression pulumi-kubernetes would refuse is refused with its reason", () => {
        assert.match(waitExpressionProblem("Programmed") ?? "", /prefix/);
        assert.match(waitExpressionProblem("jsonpath='{.status}'=True") ?? "", /shell quotes/);
        assert.match(waitExpressionProblem("jsonpath={.a}=b=c") ?? "", /format should be/);
        assert.match(waitExpressionProblem("jsonpath=.status.phase=Running") ?? "", /brackets/);
        assert.equal(waitExpressionProblem('jsonpath={.status.conditions[?(@.type=="Ready")].status}=True'), undefined);
    });
});

describe("a failed wait names the object, the condition and GKE's reason and message", () => {
    const parentRef = {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        name: fe.names.gatewayName,
        sectionName: "https",
    };
    const condition = (type: string, status: string, reason: string, message: string) => ({
        type,
        status,
        reason,
        message,
        lastTransitionTime: "2026-12-04T00:00:00Z",
    });

    test("Accepted=False", () => {
        const status = {
            parents: [
                {
                    parentRef,
                    controllerName: "networking.gke.io/gateway",
                    conditions: [
                        condition(
                            "Accepted",
                            "False",
                            "NotAllowedByListeners",
                            "no listener accepts the route's hostnames",
                        ),
                        condition("ResolvedRefs", "True", "ResolvedRefs", ""),
                    ],
                },
            ],
        };
        assert.deepEqual(unmetWaits(route, status), [
            "HTTPRoute default/my-release-milvus-l7: waiting for Accepted=True on parent my-release-milvus-l7; GKE reports Accepted=False (NotAllowedByListeners: no listener accepts the route's hostnames)",
        ]);
    });

    test("a policy that does not attach", () => {
        const status = {
            conditions: [
                condition("Attached", "False", "TargetNotFound", "Service default/my-release-milvus not found"),
            ],
        };
        assert.deepEqual(unmetWaits(objects[3], status), [
            "GCPBackendPolicy default/my-release-milvus-backend: waiting for Attached=True; GKE reports Attached=False (TargetNotFound: Service default/my-release-milvus not found)",
        ]);
    });

    test("no status yet, and a status that satisfies every wait", () => {
        assert.match(unmetWaits(route, {}).join("\n"), /GKE reports no Accepted condition yet/);
        const ok = {
            parents: [
                {
                    parentRef,
                    conditions: [
                        condition("Accepted", "True", "Accepted", ""),
                        condition("ResolvedRefs", "True", "ResolvedRefs", ""),
                    ],
                },
            ],
        };
        assert.deepEqual(unmetWaits(route, ok), []);
    });
});
