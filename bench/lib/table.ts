// Markdown tables and number formats shared by the terminal output and bench/results.md.
import type { Stats } from "./measure";

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
    return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const spread = (s: Stats): string => `${seconds(s.median)} (${(s.min / 1000).toFixed(2)}–${(s.max / 1000).toFixed(2)})`;
export const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
export const ratio = (r: number): string => `${r.toFixed(2)}×`;
export const met = (ok: boolean): string => (ok ? "met" : "**missed**");
export const minutes = (s: number): string => (s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);
