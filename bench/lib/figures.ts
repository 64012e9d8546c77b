/** Figures for the benches: percentiles, the steady rate of a run, plain tables, the machine. */
import os from "node:os";

/** The nearest-rank `p`th percentile (0–100) of ascending `sorted`; NaN when it is empty. */
export function nearestRank(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export interface SteadyRate {
  /** deliveries per second between the two cut points */
  perSecond: number;
  /** how many deliveries, and over how long, the rate was measured on */
  count: number;
  spanMs: number;
  /** the cut points, as ms from the first delivery */
  fromMs: number;
  toMs: number;
}

/**
 * The rate of the steady part of a run: the deliveries between the one at `from` and the one at `to` of the way
 * through (by count: the 10th and the 90th percentile of arrival times by default), which leaves out the start-up
 * burst and the tail. `times` are arrival times in ms, in any order.
 */
export function steadyRate(times: number[], from = 0.1, to = 0.9): SteadyRate | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  if (sorted.length < 10) return undefined;
  const i = Math.floor(from * (sorted.length - 1));
  const j = Math.ceil(to * (sorted.length - 1));
  const start = sorted[i] ?? 0;
  const end = sorted[j] ?? 0;
  const first = sorted[0] ?? 0;
  if (end <= start) return undefined;
  return {
    perSecond: ((j - i) * 1000) / (end - start),
    count: j - i,
    spanMs: end - start,
    fromMs: start - first,
    toMs: end - first,
  };
}

export const seconds = (ms: number | undefined) => (ms === undefined ? "n/a" : `${(ms / 1000).toFixed(1)} s`);

/** A plain table: the first `leftColumns` columns aligned left, the others right. */
export function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** "<n> CPUs, Node <version>" */
export const machine = () => `${os.cpus().length} CPUs, Node ${process.version}`;

/** The 1, 5 and 15 minute load averages (now, by default), two decimals each. */
export const loadAverage = (values = os.loadavg()) => values.map((l) => l.toFixed(2)).join(" ");
