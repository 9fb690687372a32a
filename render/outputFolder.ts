// The folder `npm run render` writes a stack's plan into, <out>/<stack>. render deletes only what it wrote itself: a
// folder it replaces must carry render's marker and hold nothing but the files the marker lists, and it is emptied
// file by file and then removed as an empty folder, never recursively, so a wrong --out or --stack (`--out .
// --stack components`) is refused instead of taking a source folder with it.
import {
    lstatSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    renameSync,
    rmdirSync,
    rmSync,
    writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Written into every folder render fills: the files it wrote there, which the next render may replace. */
export const markerFile = ".milvus-l7-render.json";

/** `<out>/<stack>` is not a folder render may replace; nothing was written. */
export class OutputFolderRefused extends Error {
    constructor(folder: string, why: string) {
        super(
            `${folder} ${why}; render replaces only a folder it wrote itself: remove it yourself or choose another --out. Nothing written.`,
        );
        this.name = "OutputFolderRefused";
    }
}

/** `<out>/<stack>`, which must be a folder directly inside --out (a stack name such as ".." is not). */
export function stackFolder(out: string, stack: string): string {
    const outDir = resolve(out);
    const folder = resolve(outDir, stack);
    if (dirname(folder) !== outDir || basename(folder) !== stack)
        throw new OutputFolderRefused(folder, `is not a folder inside ${outDir}`);
    return folder;
}

/**
 * The entries of a previous render in `folder`, undefined when there is no folder; refuses one render did not write:
 * anything but a real folder (a symbolic link would lead the deletions elsewhere), or a folder with entries but no
 * marker, or an entry the marker does not list.
 */
export function previousRender(folder: string): string[] | undefined {
    const stat = lstatSync(folder, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (!stat.isDirectory()) throw new OutputFolderRefused(folder, "exists and is not a folder");
    const entries = readdirSync(folder, { withFileTypes: true });
    // An empty folder holds nothing to lose (`mkdir -p out/dev` before a first render).
    if (entries.length === 0) return [];
    let listed: unknown;
    try {
        listed = (JSON.parse(readFileSync(join(folder, markerFile), "utf8")) as { files?: unknown }).files;
    } catch {
        throw new OutputFolderRefused(folder, `exists without render's ${markerFile}`);
    }
    const ours = (name: string) => name === markerFile || (Array.isArray(listed) && listed.includes(name));
    const foreign = entries.filter((e) => !e.isFile() || !ours(e.name)).map((e) => e.name);
    if (foreign.length > 0)
        throw new OutputFolderRefused(folder, `holds ${foreign.join(", ")}, which render did not write`);
    return entries.map((e) => e.name);
}

/** Removes the named files of `folder`, then the folder itself if that left it empty (else throws ENOTEMPTY). */
function removeFolder(folder: string, names: readonly string[]): void {
    if (!lstatSync(folder, { throwIfNoEntry: false })) return;
    for (const name of names) rmSync(join(folder, name), { force: true });
    rmdirSync(folder);
}

/**
 * Writes `files` as `folder`'s whole content, with the marker, replacing a previous render (see
 * {@link previousRender}). All or nothing: the files are staged in a fresh folder of render's own beside it and
 * swapped in with renames, so a failure leaves the previous render, or no folder, never a mix.
 */
export function writeRender(folder: string, files: Readonly<Record<string, string>>): void {
    const previous = previousRender(folder);
    const outDir = dirname(folder);
    mkdirSync(outDir, { recursive: true });
    const work = mkdtempSync(join(outDir, `.${basename(folder)}.render-`));
    const staged = join(work, "staged");
    const replaced = join(work, "replaced");
    const written = {
        ...files,
        [markerFile]: `${JSON.stringify({ writtenBy: "npm run render (milvus-l7)", files: Object.keys(files) }, null, 2)}\n`,
    };
    try {
        mkdirSync(staged);
        for (const [name, text] of Object.entries(written)) writeFileSync(join(staged, name), text);
        if (previous) renameSync(folder, replaced);
        try {
            renameSync(staged, folder);
        } catch (error) {
            if (previous) renameSync(replaced, folder);
            throw error;
        }
    } finally {
        removeFolder(staged, Object.keys(written));
        removeFolder(replaced, previous ?? []);
        rmdirSync(work);
    }
}
