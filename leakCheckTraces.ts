// Imported first by index.ts, before any resource exists. @pulumi/pulumi records `new Error().stack` for every
// promise it makes (runtime/debuggable.js, for its promise leak check), and formatting those traces through source
// maps (Node's under tsx, source-map-support's under the language host) is more than half of what each component costs.
// They are printed only with PULUMI_DEBUG_PROMISE_LEAKS set, so they get V8's plain format; every other trace (the
// errors users see, the source position Pulumi records for each resource) is formatted as before.
import { sep } from "node:path";

const leakCheckCapture = `${sep}@pulumi${sep}pulumi${sep}runtime${sep}debuggable.js`;
const format = Error.prepareStackTrace?.bind(Error);

if (format !== undefined && !process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
    Error.prepareStackTrace = (error, callSites): unknown =>
        callSites[0]?.getFileName()?.endsWith(leakCheckCapture)
            ? // V8's CallSite has the toString that formats a frame; @types/node does not declare it.
              [String(error), ...callSites.map((site) => (site as { toString(): string }).toString())].join("\n    at ")
            : format(error, callSites);
}
