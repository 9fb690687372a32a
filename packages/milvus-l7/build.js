// Builds the package from the repository's components/ (the one source): compiled JavaScript and .d.ts in dist/, so
// consumers need no TypeScript loader and their compiler reads our types only (issue 21). Run by `prepare`/`prepack`.
const { execFileSync } = require("node:child_process");
const { copyFileSync, rmSync } = require("node:fs");
const { join } = require("node:path");

const here = __dirname;
rmSync(join(here, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(here, "tsconfig.json")], {
    stdio: "inherit",
});
// The tarball carries the repository's README, LICENSE and CHANGELOG, copied (not kept twice in git).
for (const file of ["README.md", "LICENSE", "CHANGELOG.md"])
    copyFileSync(join(here, "..", "..", file), join(here, file));
