// What a user of the component needs; the program, render, the checks and the tests import internals from their
// own modules.
export { MilvusL7LoadBalancer } from "./milvusL7LoadBalancer";
export { defaults } from "./args";
export { CertMode, LoadBalancerApi, MilvusMode, MinTlsVersion } from "./types";
export type { JsonObject, MilvusL7LoadBalancerArgs, MilvusL7Settings, PlainObject } from "./types";
export { MilvusL7ConfigError } from "./problems";
export type { Problem } from "./problems";
