// The @pulumi/kubernetes API groups the component and the program use, as `k8s.<group>`, without the package's
// index (every API group's modules). A Provider or Release reference read back from the engine (this project reads
// none) comes back as its ID: the package and the helm.sh/v3 module register their types in those index modules.
import { Release } from "@pulumi/kubernetes/helm/v3/release";

export * as apiextensions from "@pulumi/kubernetes/apiextensions";
export * as core from "@pulumi/kubernetes/core";
export * as networking from "@pulumi/kubernetes/networking";
export { Provider } from "@pulumi/kubernetes/provider";
/** helm/v3's index also loads the deprecated Chart, and with it every API group's modules. */
export const helm = { v3: { Release } };
