/**
 * bench:report — the outcomes report over three years of a busy network (156 weekly sessions, 300 members in 12
 * spokes, about 30,000 attendance rows and 20,000 survey answers), on SQLite and PostgreSQL side by side: the
 * report's queries, the chart, the report's CSV tables, and the whole export (which also writes every attendance
 * row). Each database is seeded first; the report is then made by a fresh process of its own, so its peak RSS is
 * the report's (Node, the Prisma client and Vega loaded, and the work), not the seeding's.
 *
 * Targets: queries + chart + CSVs under 2 s, peak RSS under 200 MB, on each database.
 * BENCH_CHART_OUT=<file.png> writes the chart drawn (the README's picture comes from here).
 * BENCH_TRACE=1 prints each query's time and the memory after each step.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { drawnHere, pngCharts } from "../src/charts/png";
import { reportFiles } from "../src/core/exports/report-tables";
import { attendanceRows, heldSessions, surveyRows } from "../src/core/exports/tables";
import type { Network } from "../src/core/ports";
import { reportCard } from "../src/core/reports/card";
import { CHART_MAX_BYTES, chartSpec, reportChart } from "../src/core/reports/chart";
import { reportFigures } from "../src/core/reports/figures";
import { parsePeriod } from "../src/core/reports/period";
import type { ReportRepository } from "../src/core/reports/ports";
import { createStore } from "../src/store";
import { openDatabase } from "../src/store/database";
import type { Provider } from "../src/store/engine";
import { BUSY_NETWORK, seedHistory } from "../test/support/report-seed";
import { machine, table } from "./lib/figures";
import { runBounded } from "./lib/scratch";

const TODAY = "2026-11-27";
const NOW = new Date(`${TODAY}T12:00:00Z`);
const TARGET_MS = 2000;
const TARGET_MB = 200;

interface Measured {
  provider: Provider;
  steps: Array<{ name: string; ms: number }>;
  /** rows the report's queries returned, all together */
  rowsRead: number;
  /** the process's RSS when the report starts: Node, tsx, Prisma's engines, the store opened and used once */
  startRssMb: number;
  /** the highest RSS while the report's queries, chart and tables were made */
  peakRssMb: number;
  /** the process's highest RSS over its whole life (opening the store and migrating included) */
  processPeakMb: number;
  chartBytes: number;
  csvBytes: number;
  exportRows: number;
  /** the longest the event loop was held up (its delay) while the first chart was drawn, and a second */
  firstBlockedMs: number;
  blockedMs: number;
  /** the same, for a chart drawn in the main thread (without the worker) */
  blockedHereMs: number;
}

/** Counts what the report's queries hand back (rows, map entries), to show they are aggregates. */
function counted(reports: ReportRepository, into: { rows: number }): ReportRepository {
  return new Proxy(reports, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        const out = await value.apply(target, args);
        if (process.env.BENCH_TRACE)
          process.stderr.write(`  ${String(key)}: ${Math.round(performance.now() - started)} ms\n`);
        if (Array.isArray(out) || out instanceof Map) into.rows += Array.isArray(out) ? out.length : out.size;
        return out;
      };
    },
  });
}

const rssMb = () => process.memoryUsage().rss / 1e6;

/**
 * The longest gap between the ticks of a 1 ms interval: how long the event loop could run nothing else (a click's
 * acknowledgement included). `stop` waits one more tick, so that the gap a last stretch of work made is counted.
 */
function loopGaps(): { stop(): Promise<number> } {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop: async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(tick);
      return longest;
    },
  };
}
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * The child: makes the report from a seeded database and prints what it measured as one JSON line. Its store is
 * opened (migrations checked) and has answered one query before the measuring starts, as a running bot's has; the
 * memory the report needs is the highest RSS seen during its steps above that starting point.
 */
async function measure(url: string, provider: Provider, networkId: string): Promise<void> {
  const database = await openDatabase(url);
  try {
    const store = createStore(database.db, provider);
    await store.health.check();
    const network = (await store.networks.byId(networkId)) as Network;
    const startRssMb = rssMb();
    const peakBefore = maxRssMb();
    let highest = startRssMb;
    const tally = { rows: 0 };
    const deps = { store: { ...store, reports: counted(store.reports, tally) } };
    const parsed = parsePeriod(["2023-12..2026-11"], TODAY);
    if (!parsed.ok) throw new Error(parsed.message);
    const steps: Measured["steps"] = [];
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const out = await work();
      steps.push({ name, ms: performance.now() - started });
      highest = Math.max(highest, rssMb());
      return out;
    };
    const figures = await timed("queries", () => reportFigures(deps, network, parsed.period, NOW));
    // the longest the bot's one thread could answer nothing while the chart was drawn (the first drawing here)
    const firstGap = loopGaps();
    const image = await timed("chart", async () => {
      reportCard(figures);
      return reportChart(pngCharts, figures);
    });
    const firstBlockedMs = await firstGap.stop();
    const files = await timed("CSV tables", () => reportFiles(deps, figures, "bench"));
    // and while it was drawn again, as the next report's is; then drawn in this thread, as it would be without one
    const nextGap = loopGaps();
    await pngCharts.png(chartSpec(figures), CHART_MAX_BYTES);
    const blockedMs = await nextGap.stop();
    const hereGap = loopGaps();
    await drawnHere.png(chartSpec(figures), CHART_MAX_BYTES);
    const blockedHereMs = await hereGap.stop();
    // a new high-water mark of the process during the steps is theirs (resvg and UPNG work synchronously, between
    // the samples above)
    const peakRssMb = maxRssMb() > peakBefore ? Math.max(highest, maxRssMb()) : highest;
    const exported = await timed("whole export", async () => {
      const held = await heldSessions({ store }, network, NOW);
      const members = await store.members.everyone(network.id);
      return [attendanceRows(network, members, held), surveyRows(network, held).rows];
    });
    if (process.env.BENCH_CHART_OUT) writeFileSync(process.env.BENCH_CHART_OUT, image.content);
    const result: Measured = {
      provider,
      steps,
      rowsRead: tally.rows,
      startRssMb,
      peakRssMb,
      processPeakMb: maxRssMb(),
      chartBytes: image.content.byteLength,
      csvBytes: files.reduce((a, f) => a + f.content.byteLength, 0),
      exportRows: exported.reduce((a, rows) => a + rows.length, 0),
      firstBlockedMs,
      blockedMs,
      blockedHereMs,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await database.db.$disconnect();
  }
}

function child(url: string, provider: Provider, networkId: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const run = spawn(process.execPath, [...process.execArgv, __filename, "--measure", url, provider, networkId], {
      stdio: ["ignore", "pipe", "inherit"],
      env: process.env,
    });
    let out = "";
    run.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    run.on("error", reject);
    run.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`the report process exited with ${code}`));
      else resolve(JSON.parse(line) as Measured);
    });
  });
}

const ms = (value: number) => `${Math.round(value)} ms`;

async function main(scratch: import("./lib/scratch").Scratch): Promise<number> {
  process.stdout.write(`bench:report on ${machine()}\n\n`);
  const results: Measured[] = [];
  for (const provider of ["sqlite", "postgresql"] as const) {
    const target = await scratch.database(provider);
    const database = await openDatabase(target.url);
    const started = performance.now();
    const written = await seedHistory(database.db, BUSY_NETWORK);
    await database.db.$disconnect();
    process.stdout.write(
      `${provider}: seeded ${written.held.length} sessions held (${written.sessions} in all), ` +
        `${written.attendanceRows.toLocaleString("en-GB")} attendance rows, ` +
        `${written.answerRows.toLocaleString("en-GB")} survey answers in ${ms(performance.now() - started)}\n`,
    );
    results.push(await child(target.url, provider, written.networkId));
  }
  const step = (r: Measured, name: string) => r.steps.find((s) => s.name === name)?.ms ?? 0;
  const total = (r: Measured) => step(r, "queries") + step(r, "chart") + step(r, "CSV tables");
  const rows = [
    ...["queries", "chart", "CSV tables"].map((name) => [name, ...results.map((r) => ms(step(r, name)))]),
    ["report total", ...results.map((r) => ms(total(r)))],
    ["rows the queries returned", ...results.map((r) => String(r.rowsRead))],
    ["chart PNG", ...results.map((r) => `${r.chartBytes.toLocaleString("en-GB")} B`)],
    ["report CSV tables", ...results.map((r) => `${r.csvBytes.toLocaleString("en-GB")} B`)],
    ["RSS before the report", ...results.map((r) => `${Math.round(r.startRssMb)} MB`)],
    ["peak RSS during it", ...results.map((r) => `${Math.round(r.peakRssMb)} MB`)],
    ["the report's own memory", ...results.map((r) => `${Math.round(r.peakRssMb - r.startRssMb)} MB`)],
    ["process peak (migrations too)", ...results.map((r) => `${Math.round(r.processPeakMb)} MB`)],
    ["(whole export, 7 files)", ...results.map((r) => ms(step(r, "whole export")))],
    ["event loop held up, first chart", ...results.map((r) => ms(r.firstBlockedMs))],
    ["event loop held up, next chart", ...results.map((r) => ms(r.blockedMs))],
    ["(the same, drawn in the main thread)", ...results.map((r) => ms(r.blockedHereMs))],
  ];
  process.stdout.write(`\n${table(["step", ...results.map((r) => r.provider)], rows)}\n\n`);
  let missed = 0;
  for (const r of results) {
    const fast = total(r) < TARGET_MS;
    const own = r.peakRssMb - r.startRssMb;
    const small = own < TARGET_MB;
    if (!fast || !small) missed += 1;
    process.stdout.write(
      `${r.provider}: report ${ms(total(r))} (target < ${TARGET_MS} ms) ${fast ? "MET" : "MISSED"}; ` +
        `memory ${Math.round(own)} MB above the running bot's ${Math.round(r.startRssMb)} MB (target < ${TARGET_MB} MB) ` +
        `${small ? "MET" : "MISSED"}\n`,
    );
  }
  return missed ? 1 : 0;
}

if (process.argv[2] === "--measure") {
  const [url, provider, networkId] = process.argv.slice(3) as [string, Provider, string];
  measure(url, provider, networkId).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench:report could not make the report: ${error instanceof Error ? error.stack : error}\n`);
      process.exit(1);
    },
  );
} else runBounded("bench:report", 600_000, main);
