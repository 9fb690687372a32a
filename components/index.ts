// What a user of the component needs; the program, render, the checks and the tests import internals from their
// own modules.
export { MilvusL7LoadBalancer } from "./milvusL7LoadBalancer";
export { certModes, defaults, milvusModes, minTlsVersions } from "./args";
export type { CertMode, MilvusL7LoadBalancerArgs, MilvusMode, MinTlsVersion, PlainObject } from "./args";
export { MilvusL7ConfigError } from "./problems";
export type { Problem } from "./problems";
