// The component's argument check as the tests read it: the keys of its problems, and the messages for one key.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { MilvusL7LoadBalancerArgs } from "../components";
import { resolveSettings } from "../components/settings";
import type { MilvusL7Settings } from "../components/types";

/** `args` over a valid domain. */
export const withDomain = (args: Partial<MilvusL7LoadBalancerArgs>): MilvusL7LoadBalancerArgs => ({
    domain: "a.example.com",
    ...args,
});

/** The argument each problem of `args` names, in the order reported. */
export const problemKeys = (args: MilvusL7LoadBalancerArgs) => resolveSettings(args).problems.map((p) => p.key);

/** The messages of the problems of `args` that name `key`, one a line. */
export const messagesFor = (args: MilvusL7LoadBalancerArgs, key: string) =>
    resolveSettings(args)
        .problems.filter((p) => p.key === key)
        .map((p) => p.message)
        .join("\n");

/**
 * `settings` with their names (`namespace`, `dnsZone`, `staticIpName`) as plain strings, as they are when the arguments
 * gave plain strings: what the builders turn into plain objects.
 */
export function withPlainNames(settings: MilvusL7Settings): MilvusL7Settings<string> {
    for (const key of ["namespace", "dnsZone", "staticIpName"] as const)
        assert.ok(!pulumi.Output.isInstance(settings[key]), `${key} is a plain string`);
    return settings as MilvusL7Settings<string>;
}
