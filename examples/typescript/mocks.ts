// Runs the program on Pulumi's mocks, with no engine, CLI or cloud: `node --require ./bin/mocks.js bin/index.js`
// (examples/run.ts does so after installing the packed package). Every resource the program registers is written,
// with the URN of its parent, as JSON to the file named by $MILVUS_L7_REGISTRATIONS once the program is done.
import { writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";

/** A resource as the program registered it; `parent` is the parent's URN, "" for none. */
export interface Registration {
    type: string;
    name: string;
    parent: string;
}

const out = process.env["MILVUS_L7_REGISTRATIONS"];
if (!out) throw new Error("MILVUS_L7_REGISTRATIONS names no file to write the registrations to");

// Providers fill in nothing here: each resource's state is its inputs (the component reads every provider-filled
// output, such as an Ingress's status, as possibly absent).
void pulumi.runtime.setMocks(
    {
        newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: inputs as Record<string, unknown> }),
        call: ({ inputs }) => inputs as Record<string, unknown>,
    },
    "milvus-l7-example",
    "dev",
    false,
);

// The mocks' newResource is not told the parent, which the monitor's request carries: read it there.
type RegisterResource = (
    request: { getType(): string; getName(): string; getParent(): string },
    ...rest: unknown[]
) => unknown;
const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterResource };
const registerResource = monitor.registerResource.bind(monitor);
const registrations: Registration[] = [];
monitor.registerResource = (request, ...rest) => {
    registrations.push({ type: request.getType(), name: request.getName(), parent: request.getParent() });
    return registerResource(request, ...rest);
};

// The event loop drains only once every registration has been answered.
process.once("beforeExit", () => writeFileSync(out, JSON.stringify(registrations, null, 2)));
