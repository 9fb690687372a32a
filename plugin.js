// The package's entry for Pulumi's nodejs plugin host: `run-plugin` requires package.json `main` and serves every
// ComponentResource it exports (@pulumi/pulumi cmd/run-plugin/run.js). Left to itself the host would load
// components/index.ts through its ts-node, which type-checks the component against the SDKs' typings on every cold
// start (about 5 of the 7 seconds before the provider listened); load.js registers tsx instead, which only
// transpiles (`npm test` type-checks). Pulumi's schema analyzer reads the TypeScript sources from package.json
// `exports`, and tsconfig.json keeps its compile to the program and the component.
require("./load.js");
module.exports = require("./components");
