// Loads the TypeScript sources with tsx, registered only after @pulumi/pulumi is loaded: tsx's loader hooks make
// each of the ~750 JavaScript modules of the SDK slower to load, and its ESM hooks (`--import tsx`) start a loader
// thread, so registering them late takes about 40 % off the start of `pulumi up` and `npm run render`
// (bench/results.md, "Start"). Pulumi.yaml (`nodeargs: --require ./load.js`) and package.json's render script use it;
// the SDK loaded here is the same module the language host loads next.
require("@pulumi/pulumi");
require("tsx/cjs/api").register();
