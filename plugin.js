// The package's entry for Pulumi's nodejs plugin host: `run-plugin` requires package.json `main` and calls the
// function it exports (@pulumi/pulumi cmd/run-plugin/run.js), which serves MilvusL7LoadBalancer as Pulumi's own
// component host would (provider/experimental ComponentProvider, served by provider `main`), except that its schema
// is amended (pluginSchema.ts: integers, defaults and secret outputs, which Pulumi's analyzer cannot derive). The
// host's own path, exporting the component for it to find, builds its ComponentProvider internally with no way to
// change the schema. Left to itself the host would load components/index.ts through its ts-node, which type-checks
// the component against the SDKs' typings on every cold start (about 5 of the 7 seconds before the provider
// listened); load.js registers tsx instead, which only transpiles (`npm test` type-checks). Pulumi's schema analyzer
// reads the TypeScript sources from package.json `exports`, and tsconfig.json keeps its compile to the program and
// the component.
require("./load.js");
const { main } = require("@pulumi/pulumi/provider");
const { ComponentProvider } = require("@pulumi/pulumi/provider/experimental");
const { MilvusL7LoadBalancer } = require("./components");
const { amendSchema } = require("./pluginSchema");

class MilvusL7Provider extends ComponentProvider {
    async getSchema() {
        return amendSchema(await super.getSchema(), MilvusL7LoadBalancer.typeToken);
    }
}

// The package name the host would derive from package.json `name` ("milvus-l7"), as the type token spells it.
const name = MilvusL7LoadBalancer.typeToken.split(":")[0];

// run-plugin passes the engine's address as the program's only argument.
module.exports = () =>
    main(new MilvusL7Provider({ name, dirname: __dirname, components: [MilvusL7LoadBalancer] }), process.argv.slice(2));
