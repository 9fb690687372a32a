// The @pulumi/gcp services the component and the program use, as `gcp.<service>`. The package's index loads all
// ~150 services' modules (each registering its resource types), a fifth of the program's start-up for four used.
export * as certificatemanager from "@pulumi/gcp/certificatemanager";
export * as compute from "@pulumi/gcp/compute";
export * as container from "@pulumi/gcp/container";
export * as dns from "@pulumi/gcp/dns";
export * as organizations from "@pulumi/gcp/organizations";
export * as serviceaccount from "@pulumi/gcp/serviceaccount";
export * as storage from "@pulumi/gcp/storage";
