// Checks of the objects the program applies: the real schemas, the GKE Ingress and Gateway controllers' rules, and
// what the Milvus chart renders that they need. For render/ and test/; components/ never imports them.
import type { KubeObject } from "../components/types";
import { gatewayRuleProblems } from "./gatewayRules";
import { gkeRuleProblems } from "./gkeRules";
import { validateObject } from "./schemas";

export { gatewayRuleProblems } from "./gatewayRules";
export { gcpRuleProblems } from "./gcpRules";
export { gkeRuleProblems } from "./gkeRules";
export { chartService, milvusBackendFacts, type BackendFacts } from "./milvusChart";
export { objectStorageRuleProblems, type GcpResource } from "./objectStorageRules";
export { validateObject, validateVolume, validateVolumeMount } from "./schemas";

/**
 * Problems with objects applied together: each against its schema (kubernetes-models, @kubernetes-models/gke), and
 * all of them with `milvusService`, as the chart renders it ({@link chartService}), against the GKE controller rules. Each
 * names its object.
 */
export function objectProblems(objects: readonly KubeObject[], milvusService: KubeObject | undefined): string[] {
    const problems: string[] = [];
    for (const object of objects) {
        try {
            validateObject(object);
        } catch (error) {
            problems.push(
                `${object.kind} ${object.metadata.namespace}/${object.metadata.name}: ${String((error as Error).message ?? error)}`,
            );
        }
    }
    // The rules take the first Service of a name, so the chart's goes before the ServicePatch of the same name: the
    // Ingress does not wait for the patch, and the load balancer is built from the annotations the chart renders.
    const withService = milvusService ? [milvusService, ...objects] : objects;
    problems.push(...gkeRuleProblems(withService), ...gatewayRuleProblems(withService));
    return problems;
}
