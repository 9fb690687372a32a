// Where `npm run render` writes, and what it may delete: only a folder directly inside --out that it wrote itself.
// Each test works in a fresh temporary folder and checks everything around the output folder is left as it was.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { markerFile, OutputFolderRefused, previousRender, stackFolder, writeRender } from "../render/outputFolder";

const work = mkdtempSync(join(tmpdir(), "milvus-l7-render-folder-"));
after(() => rmSync(work, { recursive: true, force: true }));

let cases = 0;
/** A fresh folder holding a user's file beside `out/`, which no render may touch. */
function sandbox(): { out: string; userFile: string; tree: () => Record<string, string> } {
    const dir = join(work, String(cases++));
    const out = join(dir, "out");
    mkdirSync(out, { recursive: true });
    const userFile = join(dir, "keep.ts");
    writeFileSync(userFile, "the user's\n");
    // Every path under the sandbox with its content ("/" for folders, "->" for links).
    const tree = () =>
        Object.fromEntries(
            readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => {
                const path = join(e.parentPath, e.name);
                return [
                    path.slice(dir.length + 1),
                    e.isDirectory() ? "/" : e.isSymbolicLink() ? "->" : readFileSync(path, "utf8"),
                ];
            }),
        );
    return { out, userFile, tree };
}

const plan = { "manifests.yaml": "kind: Ingress\n", "gcp.json": "{}\n" };

describe("the stack's folder", () => {
    test("is <out>/<stack>", () => {
        assert.equal(stackFolder("/plans", "prod"), "/plans/prod");
    });

    test("a name that leaves --out, or is --out itself, is refused", () => {
        for (const stack of ["..", ".", "../x", "a/b", ""])
            assert.throws(() => stackFolder("/plans/out", stack), OutputFolderRefused, stack);
    });
});

describe("writeRender replaces only what render wrote", () => {
    test("a first render writes the files and the marker listing them, and nothing else", () => {
        const { out, tree } = sandbox();
        const before = tree();
        writeRender(join(out, "dev"), plan);
        const after = tree();
        assert.deepEqual(
            Object.keys(after)
                .filter((p) => !(p in before))
                .sort(),
            ["out/dev", "out/dev/.milvus-l7-render.json", "out/dev/gcp.json", "out/dev/manifests.yaml"],
        );
        for (const [path, content] of Object.entries(before)) assert.equal(after[path], content, path);
        assert.deepEqual((JSON.parse(after[`out/dev/${markerFile}`]) as { files: string[] }).files, [
            "manifests.yaml",
            "gcp.json",
        ]);
    });

    test("a previous render is replaced whole: a file the new plan lacks goes too, no staging is left", () => {
        const { out, tree } = sandbox();
        writeRender(join(out, "dev"), { ...plan, "milvus-values.yaml": "cluster: {}\n" });
        writeRender(join(out, "dev"), { "manifests.yaml": "kind: Secret\n" });
        const files = tree();
        assert.deepEqual(
            Object.keys(files)
                .filter((p) => p.startsWith("out/"))
                .sort(),
            ["out/dev", `out/dev/${markerFile}`, "out/dev/manifests.yaml"],
        );
        assert.equal(files["out/dev/manifests.yaml"], "kind: Secret\n");
    });

    test("a folder render did not write (no marker) is refused and left as it was", () => {
        const { out, tree } = sandbox();
        mkdirSync(join(out, "components"));
        writeFileSync(join(out, "components", "index.ts"), "export {};\n");
        const before = tree();
        assert.throws(
            () => writeRender(join(out, "components"), plan),
            /components exists without render's \.milvus-l7-render\.json/,
        );
        assert.deepEqual(tree(), before);
    });

    test("a previous render holding a file render did not write is refused and left as it was", () => {
        const { out, tree } = sandbox();
        writeRender(join(out, "dev"), plan);
        writeFileSync(join(out, "dev", "notes.md"), "mine\n");
        const before = tree();
        assert.throws(() => writeRender(join(out, "dev"), plan), /holds notes\.md, which render did not write/);
        assert.deepEqual(tree(), before);
    });

    test("a file, or a link to a folder elsewhere, in the stack's place is refused and what it leads to kept", () => {
        const { out, userFile, tree } = sandbox();
        writeFileSync(join(out, "dev"), "a file\n");
        const elsewhere = join(out, "..", "elsewhere");
        writeRender(elsewhere, plan);
        symlinkSync(elsewhere, join(out, "prod"));
        const before = tree();
        assert.throws(() => writeRender(join(out, "dev"), plan), /dev exists and is not a folder/);
        assert.throws(() => writeRender(join(out, "prod"), plan), /prod exists and is not a folder/);
        assert.deepEqual(tree(), before);
        assert.equal(readFileSync(userFile, "utf8"), "the user's\n");
    });

    test("a write that fails leaves the previous render as it was, and no staging", () => {
        const { out, tree } = sandbox();
        writeRender(join(out, "dev"), plan);
        const before = tree();
        // A name with a folder that does not exist in the staging folder: its write fails after the first file's.
        assert.throws(() => writeRender(join(out, "dev"), { "manifests.yaml": "new\n", "missing/gcp.json": "{}\n" }), {
            code: "ENOENT",
        });
        assert.deepEqual(tree(), before);
    });

    test("a missing folder has no previous render, an empty one is replaced", () => {
        const { out, tree } = sandbox();
        assert.equal(previousRender(join(out, "dev")), undefined);
        mkdirSync(join(out, "dev"));
        writeRender(join(out, "dev"), plan);
        assert.equal(tree()["out/dev/gcp.json"], "{}\n");
    });
});
