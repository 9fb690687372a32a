// What a user of the component needs; the program, render, the checks and the tests import internals from their
// own modules.
export { MilvusL7LoadBalancer } from "./milvusL7LoadBalancer";
export { CertMode, defaults, LoadBalancerApi, MilvusMode, MinTlsVersion, ObjectStorage } from "./args";
export type { JsonObject, MilvusL7LoadBalancerArgs, PlainObject } from "./args";
export { MilvusL7ConfigError } from "./problems";
export type { Problem } from "./problems";
