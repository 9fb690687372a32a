// Type-aware lint: the Pulumi rules need types to tell an Output inside a template literal (a real bug: it
// renders as a warning string, not the value) from a plain string.
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        // examples/typescript is a consumer's program: it imports the npm package, which only its own project (made
        // by `npm run examples`) installs, and it compiles there under its own stricter tsconfig.
        ignores: [
            "node_modules/**",
            "bin/**",
            "out/**",
            "packages/*/dist/**",
            "examples/typescript/**",
            "eslint.config.mjs",
        ],
    },
    ...tseslint.configs.recommendedTypeChecked,
    {
        // tsconfig.json holds only what the package's schema analyzer compiles; tsconfig.all.json is every file.
        languageOptions: { parserOptions: { project: "./tsconfig.all.json", tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
        },
    },
    {
        // The component reads as its architecture: small named steps and rules (issue "One shape for the edge").
        files: ["components/**/*.ts"],
        rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: false, skipComments: false }] },
    },
    {
        // load.js, plugin.js and the package build run before any TypeScript can: plain CommonJS, linted without types.
        files: ["load.js", "plugin.js", "packages/*/build.js"],
        extends: [tseslint.configs.disableTypeChecked],
        languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable" } },
        rules: {
            "@typescript-eslint/no-require-imports": "off",
            "@pulumi/no-output-in-template-literal": "off",
            "@pulumi/no-output-instance-in-template-literal": "off",
        },
    },
    {
        // Tests probe plain JSON the engine received, and node:test tracks the promises test() returns itself.
        files: ["test/**/*.ts"],
        rules: {
            "@typescript-eslint/no-floating-promises": "off",
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-non-null-assertion": "off",
        },
    },
);
