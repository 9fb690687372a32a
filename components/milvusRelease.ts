// The Milvus side of the component: the backend certificate Milvus serves, the root password, and the Helm release.
// Nothing of the front end reaches these, so front-end changes never touch Milvus or its data.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { selfSignedCertificate, tlsSecret } from "./certificates";
import { milvusHelmValues, milvusUserYaml, rootPasswordKey } from "./chartValues";
import { objectStorage } from "./objectStorage";
import type { Release } from "@pulumi/kubernetes/helm/v3/release";
import * as k8s from "./sdk/kubernetes";
import { after, inNamespace, protectedChild, type StepContext } from "./stepContext";

/** Where the Milvus chart is published (zilliztech/milvus-helm). */
export const milvusChartRepo = "https://zilliztech.github.io/milvus-helm/";

/**
 * The Secret with the certificate Milvus serves on its gRPC port. The load balancer speaks HTTP/2 to Milvus only over
 * TLS and does not validate the certificate, so a long-lived self-signed one named after the in-cluster Service
 * serves; it never mentions the domain.
 */
export function backendTls(ctx: StepContext): pulumi.Resource {
    const { name, settings, child } = ctx;
    const { serviceName, namespace } = settings;
    const serviceDns = pulumi.interpolate`${serviceName}.${namespace}.svc`;
    const pair = selfSignedCertificate(
        `${name}-backend-tls`,
        {
            commonName: serviceDns,
            dnsNames: [
                serviceName,
                pulumi.interpolate`${serviceName}.${namespace}`,
                serviceDns,
                pulumi.interpolate`${serviceDns}.cluster.local`,
            ],
            validityPeriodHours: 10 * 365 * 24,
            earlyRenewalHours: 0,
        },
        child,
    );
    return tlsSecret(`${name}-backend-tls`, inNamespace(ctx, settings.backendTlsSecretName), pair, child);
}

/** What the release step gives the next steps. */
export interface MilvusRelease {
    /** The Helm release, unless `manageRelease` is false. */
    release?: Release;
    /** The root password, a secret; undefined without `auth`. */
    rootPassword: pulumi.Output<string | undefined>;
    /** user.yaml's text: an Output, secret when `milvusConfig` holds secrets. */
    userYaml: pulumi.Output<string>;
    /** The Google service account the pods act as (`objectStorage: "gcs"`). */
    storageAccountEmail?: pulumi.Output<string>;
}

/**
 * The root password and its Secret (with `auth`), and the Milvus release (with `manageRelease`), which waits for
 * `waitsFor` (the backend certificate and what the Service's annotations name), for the password's Secret and (with
 * `objectStorage: "gcs"`) for the bucket and its grants.
 */
export function milvusRelease(ctx: StepContext, waitsFor: pulumi.Resource[]): MilvusRelease {
    const { name, settings } = ctx;
    // The password exists only as a Pulumi secret and in a Kubernetes Secret; the release refers to the Secret.
    const password = settings.auth
        ? new random.RandomPassword(`${name}-root-password`, { length: 32, special: false }, protectedChild(ctx))
        : undefined;
    const passwordSecret = password
        ? new k8s.core.v1.Secret(
              `${name}-root-password`,
              {
                  metadata: inNamespace(ctx, settings.rootPasswordSecretName),
                  type: "Opaque",
                  stringData: { [rootPasswordKey]: password.result },
              },
              protectedChild(ctx),
          )
        : undefined;
    // objectStorage "gcs": the bucket, its Google service account and grants; nothing in minio mode.
    const storage = objectStorage(name, settings, ctx.child);
    // Secrets inside milvusConfig (Outputs) make the whole user.yaml, and so the values that carry it, secret.
    const userYaml = pulumi
        .output(settings.milvusConfig)
        .apply((milvusConfig) => milvusUserYaml(milvusConfig, settings.auth));
    const release = settings.manageRelease
        ? new k8s.helm.v3.Release(
              `${name}-milvus`,
              {
                  // An explicit name: otherwise Pulumi suffixes it, and every chart object is renamed with it.
                  name: settings.releaseName,
                  namespace: settings.namespace,
                  chart: "milvus",
                  version: settings.chartVersion,
                  repositoryOpts: { repo: milvusChartRepo },
                  values: milvusHelmValues(settings, userYaml, storage.serviceAccountEmail),
                  timeout: settings.helmTimeoutSeconds,
              },
              // Pods mount the backend certificate and read the password at start; the Service's annotation names
              // the BackendConfig. Nothing of the front end is waited on, so Milvus starts while GCP builds it.
              after(protectedChild(ctx), [
                  ...waitsFor,
                  ...(passwordSecret ? [passwordSecret] : []),
                  ...storage.waitFor,
              ]),
          )
        : undefined;
    return {
        release,
        rootPassword: password ? pulumi.secret(password.result) : pulumi.output(undefined),
        userYaml,
        storageAccountEmail: storage.serviceAccountEmail,
    };
}
