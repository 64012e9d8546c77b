/**
 * Benchmark (not a test) for the quality bar "the scheduler's tick cost grows with the jobs due, not with the jobs
 * stored". For SQLite and PostgreSQL, in one run, the Job table is filled with 1k, 10k and then 100k rows of a
 * realistic mix (mostly `done` history and `pending` rows due in the future, some `cancelled`, a few `failed` and
 * `undeliverable`), and at each size we time, with exactly 100 due `pending` rows armed each time:
 *
 *   - tick:  what the scheduler's tick does with them, `runDueJobs` with its defaults (batch 50, concurrency 8),
 *            a no-op handler for "bench.noop" and a no-op Messenger: claim rounds until nothing is due + 100 finishes;
 *   - claim: the claim statement alone, one `claimDue` taking all 100 due rows;
 *   - idle:  the claim statement when nothing is due (what most ticks, every 10 s, do).
 *
 * The measured rows are deleted after each repetition (untimed), so the stored count stays the stated size. At 100k
 * the claim's inner SELECT is EXPLAINed to show which index it uses.
 *
 * PostgreSQL gets `VACUUM ANALYZE "Job"` after each bulk load: fresh statistics, as autovacuum keeps them on a table
 * that grew over months, and no dead index entries carried over from the previous size's repetitions, so every size
 * starts from the same state and gets the same churn. (Without it the sizes are not comparable: each claim/finish is
 * a non-HOT update, and the claim's bitmap index scan never marks the dead (state, dueAt) entries as killed, so the
 * later sizes would pay for the earlier sizes' 4,600 processed jobs.) SQLite runs as the app runs it (no ANALYZE).
 *
 *   npm run bench:tick     BENCH_TICK_REPS=40 npm run bench:tick     BENCH_TICK_ONLY=sqlite|postgresql npm run bench:tick
 */

import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import { pngCharts } from "../src/charts/png";
import { createBatching } from "../src/core/batching";
import type { Job } from "../src/core/jobs/ports";
import { type JobDeps, type JobHandler, runDueJobs } from "../src/core/jobs/runner";
import { type Logger, type Messenger, noDirectory, systemClock } from "../src/core/ports";
import { createLifecycle } from "../src/core/sessions/lifecycle";
import { createSealer } from "../src/secrets";
import { createStore } from "../src/store";
import { type Database, openDatabase } from "../src/store/database";
import type { Provider } from "../src/store/engine";
import { POSTGRES_ADMIN_URL } from "../test/support/db-urls";
import { prng } from "../test/support/prng";
import { BENCH_SECRET, onInterrupt, Scratch } from "./lib/scratch";

const SIZES = [1_000, 10_000, 100_000] as const;
const DUE = 100;
const WARMUP = 3;
const FIRST_WARMUP = 12; // more before the first size: connections, JIT and caches are cold then
const REPS = Number(process.env.BENCH_TICK_REPS ?? 20);
const CHUNK = 2_000; // rows per INSERT: 2,000 × 14 columns stays under SQLite's 32,766 bound parameters
const NOOP_KIND = "bench.noop";
const WORKER = "bench-tick";
const LEASE_MS = 120_000;
const FLAT_LIMIT = 2; // the target: 100k costs at most 2× what 1k costs

const DAY = 86_400_000;
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------------------------
// data

const REMINDERS = ["agenda", "starting_soon", "presenter_due", "presenter_day_before", "runsheet", "it_room"];

interface JobInsert {
  id: string;
  key: string;
  kind: string;
  dueAt: Date;
  state: string;
  attempts: number;
  lockedUntil: Date | null;
  lockedBy: string | null;
  payload: string;
  lastError: string | null;
  networkId: string | null;
  sessionId: string | null;
}

/**
 * Background row `i`: 72% done history, 20% pending due 1 h – 90 days ahead, 6% cancelled, 1.5% failed,
 * 0.5% undeliverable. None of them is due, and none is `running`.
 */
function fillerRow(i: number, now: number, rand: () => number): JobInsert {
  const r = rand();
  const network = `net_${i % 40}`;
  const session = `ses_${Math.floor(i / 25)}`;
  const reminder = REMINDERS[i % REMINDERS.length]!;
  const base: JobInsert = {
    id: `bench_fill_${i}`,
    key: `reminder:${session}:${reminder}:U${String(i).padStart(8, "0")}`,
    kind: i % 9 === 0 ? "reminder.expand" : "reminder.send",
    dueAt: new Date(now - HOUR - rand() * 180 * DAY),
    state: "done",
    attempts: 1,
    lockedUntil: null,
    lockedBy: "old-host:4242:1a2b3c4d",
    payload: JSON.stringify({ reminder, recipient: `slack:U${i}`, offset: 1440, personal: i % 2 === 0 }),
    lastError: null,
    networkId: network,
    sessionId: session,
  };
  if (r < 0.72) return base;
  if (r < 0.92) return { ...base, state: "pending", attempts: 0, lockedBy: null, dueAt: after(now, rand) };
  if (r < 0.98)
    return {
      ...base,
      state: "cancelled",
      attempts: 0,
      lockedBy: null,
      dueAt: rand() < 0.5 ? base.dueAt : after(now, rand),
    };
  if (r < 0.995) return { ...base, state: "failed", attempts: 6, lastError: "Slack API: internal_error (HTTP 500)" };
  return { ...base, state: "undeliverable", lastError: "user_not_found" };
}

const after = (now: number, rand: () => number) => new Date(now + HOUR + rand() * 90 * DAY);

const COLUMNS = [
  "id",
  "key",
  "kind",
  "dueAt",
  "state",
  "attempts",
  "lockedUntil",
  "lockedBy",
  "payload",
  "lastError",
  "networkId",
  "sessionId",
  "createdAt",
  "updatedAt",
] as const;

/**
 * Multi-row INSERTs with bound parameters through Prisma (10× faster than createMany here). Dates go through the
 * driver adapter's own conversion, so they are stored exactly as Prisma stores them (ISO text on SQLite).
 */
async function insertRows(database: Database, rows: JobInsert[]): Promise<void> {
  const pg = database.provider === "postgresql";
  const at = new Date();
  for (let from = 0; from < rows.length; from += CHUNK) {
    const params: unknown[] = [];
    const tuples = rows.slice(from, from + CHUNK).map((row) => {
      const values = { ...row, createdAt: at, updatedAt: at };
      return `(${COLUMNS.map((c) => {
        params.push(values[c]);
        return pg ? `$${params.length}` : "?";
      }).join(", ")})`;
    });
    await database.db.$executeRawUnsafe(
      `INSERT INTO "Job" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`,
      ...params,
    );
  }
}

/** Stores background rows [from, to). */
async function fill(database: Database, from: number, to: number): Promise<void> {
  const rand = prng(from + 1);
  const now = Date.now();
  for (let start = from; start < to; start += 10 * CHUNK) {
    const rows: JobInsert[] = [];
    for (let i = start; i < Math.min(to, start + 10 * CHUNK); i++) rows.push(fillerRow(i, now, rand));
    await insertRows(database, rows);
  }
}

/** Adds exactly DUE pending rows due in the last 100 seconds; returns their ids. */
async function arm(database: Database): Promise<string[]> {
  const now = Date.now();
  const run = randomUUID().slice(0, 8);
  const rows: JobInsert[] = Array.from({ length: DUE }, (_, i) => ({
    id: `bench_due_${run}_${i}`,
    key: `bench:due:${run}:${i}`,
    kind: NOOP_KIND,
    dueAt: new Date(now - 1_000 - i * 1_000),
    state: "pending",
    attempts: 0,
    lockedUntil: null,
    lockedBy: null,
    payload: JSON.stringify({ i }),
    lastError: null,
    networkId: "net_0",
    sessionId: null,
  }));
  await insertRows(database, rows);
  return rows.map((r) => r.id);
}

const disarm = async (database: Database, ids: string[]) => {
  await database.db.job.deleteMany({ where: { id: { in: ids } } });
};

// ---------------------------------------------------------------------------------------------------------------
// measuring

interface Sample {
  tick: number[];
  claim: number[];
  idle: number[];
}

interface Row {
  provider: Provider;
  size: number;
  stored: number;
  loadMs: number;
  tick: Summary;
  claim: Summary;
  idle: Summary;
}

interface Summary {
  median: number;
  p90: number;
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p90: at(0.9) };
}

const noopMessenger: Messenger = { send: async () => "bench:message", update: async () => undefined };
const noop: JobHandler = async () => undefined;

function silentLogger(problems: string[]): Logger {
  return {
    info: () => undefined,
    warn: (message, context) => problems.push(`warn: ${message} ${JSON.stringify(context)}`),
    error: (message, context) => problems.push(`error: ${message} ${JSON.stringify(context)}`),
  };
}

async function measure(database: Database, deps: JobDeps, problems: string[], warmup: number): Promise<Sample> {
  const sample: Sample = { tick: [], claim: [], idle: [] };
  const handlers = { [NOOP_KIND]: noop };
  for (let rep = 0; rep < warmup + REPS; rep++) {
    const keep = rep >= warmup;

    // one tick over 100 due rows: what the scheduler runs (worker, lease; batch and concurrency left at defaults)
    let ids = await arm(database);
    let t0 = performance.now();
    const report = await runDueJobs(deps, handlers, { worker: WORKER, leaseMs: LEASE_MS });
    let ms = performance.now() - t0;
    if (report.claimed !== DUE || report.done !== DUE)
      throw new Error(`tick claimed ${report.claimed} and finished ${report.done} jobs, expected ${DUE}`);
    if (problems.length > 0) throw new Error(`the tick logged problems:\n${problems.join("\n")}`);
    await disarm(database, ids);
    if (keep) sample.tick.push(ms);

    // the claim statement alone, taking all 100
    ids = await arm(database);
    t0 = performance.now();
    const claimed: Job[] = await deps.jobs.claimDue(systemClock.now(), DUE, WORKER, LEASE_MS);
    ms = performance.now() - t0;
    if (claimed.length !== DUE) throw new Error(`claimDue returned ${claimed.length} jobs, expected ${DUE}`);
    await disarm(database, ids);
    if (keep) sample.claim.push(ms);

    // the claim statement with nothing due
    t0 = performance.now();
    const none = await deps.jobs.claimDue(systemClock.now(), 50, WORKER, LEASE_MS);
    ms = performance.now() - t0;
    if (none.length !== 0) throw new Error(`an idle claim returned ${none.length} jobs`);
    if (keep) sample.idle.push(ms);
  }
  return sample;
}

const WHERE_SQL = `("state" = 'pending' AND "dueAt" <= $1) OR ("state" = 'running' AND "lockedUntil" < $1)`;

/** The claim's inner SELECT, as src/store/jobs.ts sends it, with the same parameter types (a Date, a number). */
async function explain(database: Database): Promise<string[]> {
  const now = systemClock.now();
  if (database.provider === "postgresql") {
    const rows = await database.db.$queryRawUnsafe<Record<string, string>[]>(
      `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)
       SELECT "id" FROM "Job" WHERE ${WHERE_SQL} ORDER BY "dueAt" LIMIT $2 FOR UPDATE SKIP LOCKED`,
      now,
      DUE,
    );
    return rows.map((r) => Object.values(r)[0] ?? "");
  }
  const rows = await database.db.$queryRawUnsafe<{ id: number | bigint; parent: number | bigint; detail: string }[]>(
    `EXPLAIN QUERY PLAN SELECT "id" FROM "Job" WHERE ${WHERE_SQL.replaceAll("$1", "?")} ORDER BY "dueAt" LIMIT ?`,
    now,
    now,
    DUE,
  );
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((r) => {
    const d = (depth.get(Number(r.parent)) ?? -1) + 1;
    depth.set(Number(r.id), d);
    return `${"  ".repeat(d)}${r.detail}`;
  });
}

async function countJobs(database: Database): Promise<number> {
  return database.db.job.count();
}

// ---------------------------------------------------------------------------------------------------------------
// running

/** the benchmark databases still to drop, should the run be interrupted or fail */
const scratch = new Scratch();

async function runProvider(provider: Provider, plans: Map<Provider, string[]>): Promise<Row[]> {
  const target = await scratch.database(provider);
  let database: Database | undefined;
  try {
    database = await openDatabase(target.url);
    const problems: string[] = [];
    const store = createStore(database.db, provider);
    const deps: JobDeps = {
      store,
      clock: systemClock,
      log: silentLogger(problems),
      sealer: createSealer(BENCH_SECRET),
      batching: createBatching(),
      charts: pngCharts,
      wake: () => undefined,
      sessions: createLifecycle([]),
      directory: noDirectory,
      jobs: store.jobs,
      messenger: noopMessenger,
    };
    const rows: Row[] = [];
    let stored = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      await fill(database, stored, size);
      if (provider === "postgresql") await database.db.$executeRawUnsafe(`VACUUM ANALYZE "Job"`);
      const loadMs = performance.now() - t0;
      stored = size;
      const counted = await countJobs(database);
      if (counted !== size) throw new Error(`expected ${size} stored rows, found ${counted}`);
      process.stdout.write(`  ${provider}: ${size.toLocaleString("en")} rows stored (+${fmt(loadMs / 1000, 1)} s), `);
      const sample = await measure(database, deps, problems, size === SIZES[0] ? FIRST_WARMUP : WARMUP);
      const tick = summarize(sample.tick);
      process.stdout.write(`tick median ${fmt(tick.median)} ms\n`);
      rows.push({
        provider,
        size,
        stored: counted,
        loadMs,
        tick,
        claim: summarize(sample.claim),
        idle: summarize(sample.idle),
      });
      if (size === SIZES[SIZES.length - 1]) {
        const ids = await arm(database);
        plans.set(provider, await explain(database));
        await disarm(database, ids);
      }
    }
    return rows;
  } finally {
    await database?.close().catch(() => undefined);
    await target.drop().catch((error) => process.stderr.write(`could not remove the ${provider} database: ${error}\n`));
  }
}

async function postgresReachable(): Promise<string | undefined> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgSetting(name: string): Promise<string> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const out = await client.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = $1", [name]);
    return out.rows[0]?.setting ?? "unknown";
  } finally {
    await client.end().catch(() => undefined);
  }
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

function table(rows: Row[]): string {
  const head = [
    "provider",
    "stored",
    "tick median",
    "tick p90",
    "tick ×1k",
    "claim median",
    "claim p90",
    "claim ×1k",
    "idle claim",
    "idle ×1k",
  ];
  const body = rows.map((r) => {
    const first = rows.find((x) => x.provider === r.provider && x.size === SIZES[0])!;
    return [
      r.provider,
      r.stored.toLocaleString("en"),
      `${fmt(r.tick.median)} ms`,
      `${fmt(r.tick.p90)} ms`,
      `${fmt(r.tick.median / first.tick.median)}×`,
      `${fmt(r.claim.median)} ms`,
      `${fmt(r.claim.p90)} ms`,
      `${fmt(r.claim.median / first.claim.median)}×`,
      `${fmt(r.idle.median)} ms`,
      `${fmt(r.idle.median / first.idle.median)}×`,
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const only = process.env.BENCH_TICK_ONLY;
  const providers: Provider[] = only === "postgresql" ? [] : ["sqlite"];
  const unreachable = await postgresReachable();
  if (unreachable) {
    const bar = "!".repeat(100);
    process.stderr.write(
      `\n${bar}\n!!! PostgreSQL at ${POSTGRES_ADMIN_URL} is UNREACHABLE (${unreachable}).\n` +
        `!!! Running SQLite ONLY: these figures say nothing about PostgreSQL.\n${bar}\n\n`,
    );
  } else if (only !== "sqlite") providers.push("postgresql");
  if (providers.length === 0)
    throw new Error("nothing to measure: PostgreSQL only was asked for, and it is unreachable");

  console.log(
    `tick benchmark: ${DUE} due rows per tick, ${REPS} measured repetitions (after ${WARMUP} warm-up, ${FIRST_WARMUP} for the first) per size, ` +
      `stored ${SIZES.map((s) => s.toLocaleString("en")).join(" / ")} rows; providers: ${providers.join(", ")}`,
  );
  console.log(
    `tick = runDueJobs (batch 50, concurrency 8, no-op handler): claim rounds + ${DUE} finishes; ` +
      `claim = one claimDue of all ${DUE}; idle claim = claimDue with nothing due\n`,
  );

  if (providers.includes("postgresql")) {
    const setting = await pgSetting("autovacuum");
    if (setting !== "on")
      console.log(
        `note: autovacuum is ${setting} on this PostgreSQL server: a real deployment must keep it on, or the claim's ` +
          "index scan keeps visiting the dead entries of every job processed since the last VACUUM\n",
      );
  }

  const rows: Row[] = [];
  const plans = new Map<Provider, string[]>();
  for (const provider of providers) rows.push(...(await runProvider(provider, plans)));

  console.log(`\n${table(rows)}\n`);
  for (const [provider, plan] of plans) {
    const how = provider === "postgresql" ? "EXPLAIN (ANALYZE, BUFFERS)" : "EXPLAIN QUERY PLAN";
    console.log(
      `${provider}: ${how} of the claim's inner SELECT at ${SIZES[SIZES.length - 1]!.toLocaleString("en")} rows:`,
    );
    for (const line of plan) console.log(`    ${line}`);
    console.log("");
  }

  let flat = true;
  for (const provider of providers) {
    const of = (size: number) => rows.find((r) => r.provider === provider && r.size === size)!;
    const small = of(SIZES[0]);
    const big = of(SIZES[SIZES.length - 1]!);
    const ratios = {
      tick: big.tick.median / small.tick.median,
      claim: big.claim.median / small.claim.median,
      idle: big.idle.median / small.idle.median,
    };
    const ok = Object.values(ratios).every((r) => r <= FLAT_LIMIT);
    flat &&= ok;
    console.log(
      `${provider}: 1k → 100k  tick ${fmt(ratios.tick)}×, claim ${fmt(ratios.claim)}×, idle claim ${fmt(ratios.idle)}× ` +
        `→ ${ok ? "FLAT" : "NOT FLAT"} (target ≤ ${FLAT_LIMIT}×)`,
    );
  }
  if (unreachable) console.log("PostgreSQL: NOT MEASURED (unreachable, see above)");
  console.log(`\ntotal ${fmt((performance.now() - started) / 1000, 1)} s`);
  if (!flat) process.exitCode = 1;
}

const interrupt = onInterrupt(
  (signal) => `\n${signal}: removing the benchmark databases …\n`,
  () => scratch.cleanUp(),
);

main().catch(async (error) => {
  if (interrupt.interrupted) return; // the signal handler drops the databases and exits
  process.stderr.write(`bench:tick failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  await scratch.cleanUp();
  process.exitCode = 1;
});
