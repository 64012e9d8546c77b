/** Figures for bench/fanout.ts: the steady rate of a run, and plain tables. */

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

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
