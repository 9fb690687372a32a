// Removing `allowedSourceRanges` from a deployed stack, in each mode: the object that names the Cloud Armor policy
// (BackendConfig, GCPBackendPolicy) is updated to the empty name, which detaches it, before the SecurityPolicy is
// deleted; GCP refuses to delete a policy still attached to a backend service ("in use").
//
// The order is Pulumi's: a resource the program no longer registers is deleted in the delete phase, which starts only
// when the program has ended (pulumi/pulumi pkg/resource/deploy/deployment_executor.go: Execute calls performDeletes on
// the source's last event), and the Node SDK ends the program only once every registration, the update of the
// backend object included, has returned. So on the graphs the component registers before and after, the removal is
// sound when: the policy is a delete (not registered after), the backend object is an update that names no policy, and
// before the removal the object depended on the policy (so no destroy ever deletes the policy first either).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { MilvusL7LoadBalancerArgs } from "../components";
import type { Registration } from "../harness/engine";
import { deploy, kubeObject, T } from "./deploy";

/** The component's children by role (`<name>-<role>` without the component's name): one stack's state, before or after. */
const byRole = (name: string, children: Registration[]) =>
    new Map(children.map((c) => [`${c.type}::${c.name.slice(name.length + 1)}`, c]));

/** The steps Pulumi takes from `before` to `after`: roles deleted, and roles whose inputs change. */
function steps(before: Map<string, Registration>, after: Map<string, Registration>) {
    const deletes = [...before.keys()].filter((role) => !after.has(role));
    const updates = [...after.keys()].filter(
        (role) =>
            before.has(role) &&
            JSON.stringify(before.get(role)!.rawInputs) !== JSON.stringify(after.get(role)!.rawInputs),
    );
    return { deletes, updates };
}

const modes: {
    mode: string;
    args: Partial<MilvusL7LoadBalancerArgs>;
    backend: string;
    securityPolicyOf: (spec: Record<string, any>) => unknown;
}[] = [
    { mode: "ingress", args: {}, backend: T.backendConfig, securityPolicyOf: (spec) => spec.securityPolicy.name },
    {
        mode: "gateway",
        args: { loadBalancerApi: "gateway", network: "default" },
        backend: T.backendPolicy,
        securityPolicyOf: (spec) => spec.default.securityPolicy,
    },
];

for (const { mode, args, backend, securityPolicyOf } of modes) {
    describe(`${mode} mode: allowedSourceRanges set, then removed`, async () => {
        const [on, off] = [`${mode}-armor-on`, `${mode}-armor-off`];
        const withRanges = await deploy(on, { ...args, releaseName: on, allowedSourceRanges: ["203.0.113.0/24"] });
        const without = await deploy(off, { ...args, releaseName: off });
        const before = byRole(on, withRanges.children);
        const after = byRole(off, without.children);
        const { deletes, updates } = steps(before, after);

        test("the SecurityPolicy is the one resource deleted", () =>
            assert.deepEqual(deletes, [`${T.securityPolicy}::security-policy`]));

        test("the backend object is updated to the empty name, which detaches the policy", () => {
            const role = [...after.keys()].find((r) => r.startsWith(`${backend}::`))!;
            assert.ok(updates.includes(role), `${role} is updated`);
            assert.equal(securityPolicyOf(kubeObject(after.get(role)!).spec as Record<string, any>), "");
        });

        test("after the removal the backend object depends on no SecurityPolicy: its update is a program step, before the delete phase", () => {
            const object = [...after.values()].find((c) => c.type === backend)!;
            assert.deepEqual(
                object.inputDependencies.filter((ref) => ref.startsWith(`${T.securityPolicy}::`)),
                [],
            );
        });

        test("before the removal the backend object depended on the policy, so Pulumi never deletes the policy first", () => {
            const object = [...before.values()].find((c) => c.type === backend)!;
            assert.deepEqual(
                object.inputDependencies.filter((ref) => ref.startsWith(`${T.securityPolicy}::`)),
                [`${T.securityPolicy}::${on}-security-policy`],
            );
        });
    });
}
