// Golden files: `npm run render` of every committed stack (Pulumi.<stack>.yaml: the dev stack, a production-like
// stack and the gateway example), byte for byte as they were when the files were written. A refactor must leave them
// unchanged; a change that means to alter what is deployed regenerates them (`npm run render -- --stack dev --out
// /tmp/x`, then copy) and shows the difference in review.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { render } from "./renderCli";
import { committedStacks, root } from "./stack";

const work = mkdtempSync(join(tmpdir(), "milvus-l7-golden-"));
after(() => rmSync(work, { recursive: true, force: true }));
const golden = join(root, "test", "golden");

test("every committed stack has a golden render, and every golden render a committed stack", () => {
    const goldens = readdirSync(golden, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    assert.deepEqual(goldens.sort(), committedStacks());
});

for (const stack of committedStacks()) {
    test(`render of the ${stack} stack is byte-identical to test/golden/${stack}`, async () => {
        const { code, stdout, stderr } = await render("--stack", stack, "--out", work);
        assert.equal(code, 0, stderr);
        // A committed stack is a correct one: a warning the SDK prints here (`warning: [runtime] ...`) would be printed
        // by every `pulumi up` of it too.
        assert.deepEqual(
            stderr.split("\n").filter((line) => line.startsWith("warning:")),
            [],
            "warnings on stderr",
        );
        const expected = readdirSync(join(golden, stack))
            .filter((f) => f !== "stdout.txt")
            .sort();
        assert.deepEqual(
            readdirSync(join(work, stack))
                .filter((f) => !f.startsWith("."))
                .sort(),
            expected,
        );
        for (const file of expected) {
            assert.equal(
                readFileSync(join(work, stack, file), "utf8"),
                readFileSync(join(golden, stack, file), "utf8"),
                file,
            );
        }
        // The tree lists resources in the order they registered, which follows when their inputs resolve: compared
        // as a set of lines (type, name, depth under the parent), not as an order.
        const lines = (text: string) => text.replaceAll("└─", "├─").split("\n").sort();
        assert.deepEqual(
            lines(stdout),
            lines(readFileSync(join(golden, stack, "stdout.txt"), "utf8")),
            "the resource tree and summary",
        );
    });
}
