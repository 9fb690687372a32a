import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MilvusL7LoadBalancer } from "./components";
import { readStackConfig } from "./stackConfig";

const { args, kubeconfig, kubeContext } = readStackConfig();

// The ambient kubeconfig and context unless the stack names others, so each stack can target its own cluster.
const kubernetes =
    kubeconfig !== undefined || kubeContext !== undefined
        ? new k8s.Provider("kubernetes", {
              kubeconfig: kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig),
              context: kubeContext,
          })
        : undefined;

const milvus = new MilvusL7LoadBalancer("milvus", args, kubernetes ? { providers: [kubernetes] } : undefined);

export const loadBalancerIp = milvus.loadBalancerIp;
export const endpoint = milvus.endpoint;
export const certificatePem = milvus.certificatePem;
/** What an existing release must carry when manageRelease is false (see README). */
export const milvusHelmValues = milvus.milvusHelmValues;
