// What a user of the component needs, and the one door of this repository's program (stackConfig.ts): the argument
// table it reads stack config by, and the check it runs first. Render, the checks and the tests import internals from
// their own modules.
export { MilvusL7LoadBalancer } from "./milvusL7LoadBalancer";
export type { MilvusL7LoadBalancerOutputs } from "./milvusL7LoadBalancer";
export { outputNames, outputSpecs, outputsWithValues, secretOutputs } from "./outputs";
export type { OutputName } from "./outputs";
export { defaults } from "./args";
export {
    CertMode,
    FrontEndKind,
    LoadBalancerApi,
    LoadBalancerScope,
    MilvusMode,
    MinTlsVersion,
    ObjectStorage,
} from "./types";
export type { JsonObject, MilvusL7LoadBalancerArgs, MilvusL7Settings, PlainObject } from "./types";
export { MilvusL7ConfigError } from "./problems";
export type { Problem } from "./problems";
export { argumentNames, argumentSpecs, unsetConfigText } from "./args";
export type { ArgumentKind, ArgumentName } from "./args";
export { checkArguments } from "./checkArguments";
export type { SecretValuesArgument } from "./checkArguments";
export { gcpNameProblems } from "./formats";
