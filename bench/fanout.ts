/**
 * `npm run bench:fanout`: a "starting soon" fan-out to 1,000 members (and the channel) run by the REAL bot process
 * (src/main.ts through tsx, test/support/bot-process.ts) against fakes that ENFORCE the platforms' rate limits:
 *
 *   Slack  a fake Web API (bench/lib/fake-slack.ts): chat.postMessage at most R in any second, workspace-wide, by
 *          arrival; the excess gets 429 with Retry-After (whole seconds). R = BENCH_SLACK_RATE, default 10, which is
 *          also the bot's default workspace pacing (SLACK_WORKSPACE_POSTS_PER_SECOND, passed to the bot as R).
 *   Teams  a stub Bot Connector (bench/lib/fake-teams.ts): at most T requests in any second per tenant (T =
 *          BENCH_TEAMS_TENANT_RATE, default 30, passed to the bot as TEAMS_TENANT_REQUESTS_PER_SECOND) and 7 in any
 *          second per conversation; the excess gets 429 with Retry-After: 1 (BENCH_TEAMS_RETRY_AFTER; "none" for none).
 *
 * The direct-message channel ids (Slack) and the personal conversation references (Teams) are stored before the bot
 * starts, the way the messengers store them after a first conversations.open / a first message: at Slack's Tier 3
 * (50 a minute) 1,000 first-time conversations.open calls alone would take over 20 minutes, so the bench measures the
 * posting. For each platform, two runs on a fresh database each: a clean one, then one where the bot is SIGKILLed
 * when half the recipients have their message and started again at once on the same database.
 *
 * Figures: the achieved rate over the steady part of the clean run (the reminders that arrived between the 10th and
 * the 90th percentile of arrival times at the fake, so the start-up burst and the tail are left out) as a fraction of
 * the enforced limit (target ≥ 0.9); 429s received; lost (recipients with no message) and duplicated (recipients with
 * more than one), counted at the fake; the Job rows' states; and for the crash run the same plus the times.
 *
 * Two fan-outs, each on each platform: the reminder above, and the post-session survey (every member checked in to a
 * session whose end job is made due at the start: the real end makes the session held, opens the survey and plans
 * one send job per attendee; the facilitator's end summary and progress message are not counted as deliveries).
 *
 * Environment: BENCH_DATABASE=postgresql (default SQLite), BENCH_MEMBERS (default 1000), BENCH_ONLY=slack|teams,
 * BENCH_KIND=reminder|survey (default both),
 * BENCH_SLACK_RATE, BENCH_TEAMS_TENANT_RATE, BENCH_TEAMS_CONVERSATION_RATE, BENCH_TEAMS_RETRY_AFTER; for experiments,
 * BENCH_BOT_SLACK_RATE / BENCH_BOT_TEAMS_RATE tell the bot another pace than the fake enforces, and BENCH_NO_CRASH=1
 * leaves out the crash runs. Everything runs on 127.0.0.1; bots, databases and temporary files are removed at the end,
 * also after a failure or Ctrl-C.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DELIVERY_EVENT } from "../src/slack/messenger";
import {
  type BotOptions,
  type BotProcess,
  countStates,
  DEFAULT_LEASE_SECONDS,
  killAllBots,
  REPO_ROOT,
  readJobs,
  type SeededFanOut,
  SLACK_TEAM,
  seedFanOut,
  settled,
  startBot,
  waitFor,
} from "../test/support/bot-process";
import { benchProvider, envNumber } from "./lib/env";
import { RateLimitedSlack } from "./lib/fake-slack";
import { RateLimitedConnector } from "./lib/fake-teams";
import { loadAverage, machine, nearestRank, seconds, steadyRate, table } from "./lib/figures";
import { onInterrupt, runBench, Scratch } from "./lib/scratch";

const TARGET_FRACTION = 0.9;

const provider = benchProvider();
const MEMBERS = Math.round(envNumber("BENCH_MEMBERS", 1000));
const SLACK_RATE = envNumber("BENCH_SLACK_RATE", 10);
const TEAMS_TENANT_RATE = Math.round(envNumber("BENCH_TEAMS_TENANT_RATE", 30));
const TEAMS_CONVERSATION_RATE = Math.round(envNumber("BENCH_TEAMS_CONVERSATION_RATE", 7));
const TEAMS_RETRY_AFTER =
  process.env.BENCH_TEAMS_RETRY_AFTER === "none" ? undefined : envNumber("BENCH_TEAMS_RETRY_AFTER", 1);
const ONLY = process.env.BENCH_ONLY;
const BOT_SLACK_RATE = envNumber("BENCH_BOT_SLACK_RATE", SLACK_RATE);
const BOT_TEAMS_RATE = Math.round(envNumber("BENCH_BOT_TEAMS_RATE", TEAMS_TENANT_RATE));
const CRASH = process.env.BENCH_NO_CRASH !== "1";
type Kind = "reminder" | "survey";
const KINDS: Kind[] =
  process.env.BENCH_KIND === "reminder" || process.env.BENCH_KIND === "survey"
    ? [process.env.BENCH_KIND]
    : ["reminder", "survey"];
const KIND_TEXT: Record<Kind, string> = {
  reminder: "a starting-soon reminder: the members by direct message + the channel",
  survey: "the post-session survey: every member checked in, the session ended, one survey each by direct message",
};

/** Whether the bot reads a variable (it is in src/config.ts's schema). */
const configKnows = (name: string) => readFileSync(path.join(REPO_ROOT, "src", "config.ts"), "utf8").includes(name);

// ------------------------------------------------------------------------------------------------ platforms

interface Delivery {
  at: number;
  /** epoch ms */
  wall: number;
  recipient: string;
}

interface Platform {
  name: "Slack" | "Teams";
  /** what the fake enforces, in words, and the limit the rate is compared with (per second) */
  limitText: string;
  limit: number;
  reset(): void;
  seed(url: string, kind: Kind): Promise<SeededFanOut>;
  bot(url: string, name: string): BotOptions;
  /** accepted reminder messages of this fan-out, with the recipient each went to */
  reminders(seed: SeededFanOut): Delivery[];
  /** arrival times of accepted messages that are not reminders (the facilitator's progress message) */
  others(seed: SeededFanOut): number[];
  /** arrival times of message updates (the progress message's count) */
  updates(): number[];
  refused(): number[];
  /** other calls worth a line */
  calls(): string;
}

function slackPlatform(fake: RateLimitedSlack): Platform {
  const known = configKnows("SLACK_WORKSPACE_POSTS_PER_SECOND");
  return {
    name: "Slack",
    limitText: `chat.postMessage ≤ ${SLACK_RATE} in any 1 s, workspace-wide (429 + Retry-After)`,
    limit: SLACK_RATE,
    reset: () => fake.reset(),
    seed: (url, kind) =>
      seedFanOut({ databaseUrl: url, platform: "slack", members: MEMBERS, storedDm: () => true, kind }),
    bot: (url, name) => ({
      databaseUrl: url,
      slackApiUrl: fake.apiUrl,
      name,
      env: known ? { SLACK_WORKSPACE_POSTS_PER_SECOND: String(BOT_SLACK_RATE) } : undefined,
    }),
    reminders: (seed) => {
      const prefix = `${seed.expandKey}|`;
      return fake.posts
        .filter((p) => p.eventType === DELIVERY_EVENT && p.key?.startsWith(prefix))
        .map((p) => ({ at: p.at, wall: p.wall, recipient: (p.key ?? "").slice(prefix.length) }));
    },
    others: () => fake.posts.filter((p) => p.eventType !== DELIVERY_EVENT).map((p) => p.at),
    updates: () => fake.updates,
    refused: () => fake.refused,
    calls: () =>
      ["conversations.open", "conversations.history", "chat.update"]
        .map((m) => `${m} ${fake.counts.get(m) ?? 0}`)
        .join(", "),
  };
}

const PROGRESS = /Sent \d+ of \d+/;
/** the facilitators' summary when a session ends (a survey run): not part of the fan-out */
const ENDED = /has ended: \d+ present/;
const isOther = (summary: string) => PROGRESS.test(summary) || ENDED.test(summary);

function teamsPlatform(connector: RateLimitedConnector): Platform {
  const known = configKnows("TEAMS_TENANT_REQUESTS_PER_SECOND");
  return {
    name: "Teams",
    limitText:
      `≤ ${TEAMS_TENANT_RATE} requests in any 1 s per tenant, ≤ ${TEAMS_CONVERSATION_RATE} in any 1 s per conversation ` +
      `(429${TEAMS_RETRY_AFTER === undefined ? " without Retry-After" : ` + Retry-After: ${TEAMS_RETRY_AFTER}`})`,
    limit: TEAMS_TENANT_RATE,
    reset: () => connector.reset(),
    seed: (url, kind) =>
      seedFanOut({
        databaseUrl: url,
        platform: "teams",
        members: MEMBERS,
        teamsServiceUrl: connector.serviceUrl,
        kind,
      }),
    bot: (url, name) => ({
      databaseUrl: url,
      teams: true,
      name,
      env: known ? { TEAMS_TENANT_REQUESTS_PER_SECOND: String(BOT_TEAMS_RATE) } : undefined,
    }),
    reminders: (seed) => {
      const byConversation = new Map([...seed.conversationOf].map(([address, id]) => [id, address]));
      return connector.posts
        .filter((p) => !isOther(p.summary))
        .map((p) => ({
          at: p.at,
          wall: p.wall,
          recipient: byConversation.get(p.conversationId) ?? `?${p.conversationId}`,
        }));
    },
    others: () => connector.posts.filter((p) => isOther(p.summary)).map((p) => p.at),
    updates: () => connector.updates,
    refused: () => connector.refused,
    calls: () => `updates ${connector.counts.get("update") ?? 0}`,
  };
}

// ------------------------------------------------------------------------------------------------ one run

interface RunResult {
  recipients: number;
  lost: number;
  duplicated: number;
  /** a few of them, for the report */
  examples: string[];
  rate?: ReturnType<typeof steadyRate>;
  refused: number;
  refusedInSteady: number;
  others: number;
  /** the progress message: when it was first posted, how many reminders had arrived by then, its updates */
  progress: string;
  jobs: Record<string, number>;
  retriedJobs: number;
  /** ms from the (first) bot start */
  firstPostMs?: number;
  killMs?: number;
  restartMs?: number;
  firstPostAfterRestartMs?: number;
  settledMs: number;
  calls: string;
  warnings: Map<string, number>;
  timedOut: boolean;
  /**
   * From the platform accepting a reminder to its job being recorded done (the row's updatedAt), over the recipients
   * with one message: the window in which a crash leaves a message sent but not recorded.
   */
  recordLag?: { p50: number; p90: number; max: number };
}

/** Counts the bot's warning and error lines by message (node-cron's own overlap notices apart). */
function warningCounter(into: Map<string, number>): (line: string) => void {
  return (line) => {
    let key: string;
    if (line.includes("NODE-CRON")) key = "node-cron: task still running, new execution blocked";
    else {
      try {
        const parsed = JSON.parse(line) as { level?: string; message?: string };
        key = `${parsed.level}: ${parsed.message}`;
      } catch {
        key = line.slice(0, 120);
      }
    }
    into.set(key, (into.get(key) ?? 0) + 1);
  };
}

async function runOnce(platform: Platform, kind: Kind, crash: boolean, scratch: Scratch): Promise<RunResult> {
  platform.reset();
  const database = await scratch.database(provider);
  const bots: BotProcess[] = [];
  try {
    const seed = await platform.seed(database.url, kind);
    const total = seed.recipients.length;
    const budgetMs = (total / Math.min(platform.limit, 30)) * 2_500 + 150_000;
    const started = performance.now();
    const since = (at: number | undefined) => (at === undefined ? undefined : at - started);
    const describe = () => `${new Set(platform.reminders(seed).map((d) => d.recipient)).size} of ${total} reached`;

    const warnings = new Map<string, number>();
    const onLine = warningCounter(warnings);
    let bot = startBot({ ...platform.bot(database.url, crash ? "first" : "bot"), onLine });
    bots.push(bot);
    let killMs: number | undefined;
    let restartMs: number | undefined;
    if (crash) {
      await waitFor(
        "half of the recipients",
        () => (new Set(platform.reminders(seed).map((d) => d.recipient)).size >= total / 2 ? true : undefined),
        { timeoutMs: budgetMs, everyMs: 50, bots: [bot], describe },
      );
      await bot.kill();
      killMs = performance.now() - started;
      bot = startBot({ ...platform.bot(database.url, "restarted"), onLine });
      bots.push(bot);
      restartMs = performance.now() - started;
    }
    let timedOut = false;
    let rows = await readJobs(database.url, `${seed.expandKey}|`);
    try {
      rows = await waitFor(
        "every send job to be settled",
        async () => {
          const now = await readJobs(database.url, `${seed.expandKey}|`);
          return now.length === total && now.every(settled) ? now : undefined;
        },
        { timeoutMs: budgetMs, everyMs: 500, bots: [bot], describe },
      );
    } catch (error) {
      if (!bot.running) throw error; // the bot died: no figures to give
      timedOut = true;
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      rows = await readJobs(database.url, `${seed.expandKey}|`);
    }
    const settledMs = performance.now() - started;
    await bot.stop();

    const deliveries = platform.reminders(seed);
    const perRecipient = new Map(seed.recipients.map((r) => [r, 0]));
    for (const d of deliveries) perRecipient.set(d.recipient, (perRecipient.get(d.recipient) ?? 0) + 1);
    const lost = [...perRecipient].filter(([, n]) => n === 0);
    const duplicated = [...perRecipient].filter(([, n]) => n > 1);
    const strangers = [...perRecipient.keys()].filter((r) => !seed.recipients.includes(r));
    const times = deliveries.map((d) => d.at).sort((a, b) => a - b);
    const rate = steadyRate(times);
    const first = times[0];
    const refused = platform.refused();
    const steadyFrom = (first ?? 0) + (rate?.fromMs ?? 0);
    const steadyTo = (first ?? 0) + (rate?.toMs ?? 0);
    const doneAt = new Map(
      rows.filter((r) => r.state === "done").map((r) => [r.key.slice(seed.expandKey.length + 1), r.updatedAt]),
    );
    const lags = deliveries
      .filter((d) => perRecipient.get(d.recipient) === 1 && doneAt.has(d.recipient))
      .map((d) => (doneAt.get(d.recipient) ?? 0) - d.wall)
      .sort((a, b) => a - b);
    return {
      recipients: total,
      lost: lost.length,
      duplicated: duplicated.length,
      examples: [
        ...lost.slice(0, 3).map(([r]) => `lost ${r}`),
        ...duplicated.slice(0, 3).map(([r, n]) => `${n}× ${r}`),
        ...strangers.slice(0, 3).map((r) => `unexpected recipient ${r}`),
      ],
      rate,
      refused: refused.length,
      refusedInSteady: refused.filter((at) => at >= steadyFrom && at <= steadyTo).length,
      others: platform.others(seed).length,
      progress: describeProgress(
        times,
        platform.others(seed),
        platform.updates(),
        first ?? started,
        settledMs + started,
      ),
      jobs: countStates(rows),
      retriedJobs: rows.filter((r) => r.attempts > 1).length,
      firstPostMs: since(first),
      killMs,
      restartMs,
      firstPostAfterRestartMs:
        restartMs === undefined ? undefined : since(times.find((at) => at - started > (restartMs ?? 0))),
      settledMs,
      calls: platform.calls(),
      warnings,
      timedOut,
      recordLag: lags.length
        ? { p50: nearestRank(lags, 50), p90: nearestRank(lags, 90), max: lags[lags.length - 1] ?? 0 }
        : undefined,
    };
  } finally {
    for (const bot of bots) await bot.kill().catch(() => undefined);
    await database.drop();
  }
}

// ------------------------------------------------------------------------------------------------ report

/** When the facilitator's "Sent n of N" message was posted and updated, against the reminders' arrivals. */
function describeProgress(reminders: number[], posts: number[], updates: number[], first: number, end: number): string {
  const at = (t: number) => `${((t - first) / 1000).toFixed(1)} s (${reminders.filter((r) => r <= t).length} sent)`;
  const during = updates.filter((u) => u <= end);
  return (
    `posted at ${posts.length ? posts.map(at).join(", ") : "never"}; ${during.length} update(s) before all settled` +
    (during.length ? `, first at ${at(during[0] ?? 0)}` : "")
  );
}

function report(platform: Platform, kind: Kind, clean: RunResult, crashed: RunResult | undefined): string[] {
  const out: string[] = [];
  const fraction = clean.rate ? clean.rate.perSecond / platform.limit : Number.NaN;
  const runs: Array<[string, RunResult]> = [["clean", clean]];
  if (crashed) runs.push(["SIGKILL halfway + restart", crashed]);
  out.push("");
  out.push(`== ${platform.name}, ${KIND_TEXT[kind]}: ${clean.recipients} recipients`);
  out.push(`   enforced by the fake: ${platform.limitText}`);
  out.push(
    table(
      ["run", "lost", "duplicated", "429s", "jobs", "retried jobs", "progress msgs", "first post", "all settled"],
      runs.map(([label, run]) => [
        label,
        String(run.lost),
        String(run.duplicated),
        String(run.refused),
        JSON.stringify(run.jobs),
        String(run.retriedJobs),
        String(run.others),
        seconds(run.firstPostMs),
        `${seconds(run.settledMs)}${run.timedOut ? " (TIMED OUT)" : ""}`,
      ]),
    ),
  );
  if (clean.rate)
    out.push(
      `   clean run, steady part (arrivals between the 10th and 90th percentile, ${seconds(clean.rate.fromMs)}–` +
        `${seconds(clean.rate.toMs)} after the first): ${clean.rate.count} reminders in ${seconds(clean.rate.spanMs)} = ` +
        `${clean.rate.perSecond.toFixed(2)}/s = ${fraction.toFixed(3)} of the limit ${platform.limit}/s ` +
        `(target ≥ ${TARGET_FRACTION}: ${fraction >= TARGET_FRACTION ? "MET" : "MISSED"}); 429s in that part: ${clean.refusedInSteady}`,
    );
  if (crashed?.rate)
    out.push(
      `   crash run, steady part: ${crashed.rate.perSecond.toFixed(2)}/s = ` +
        `${(crashed.rate.perSecond / platform.limit).toFixed(3)} of the limit (the restart included)`,
    );
  if (crashed)
    out.push(
      `   crash run: killed at ${seconds(crashed.killMs)}, restarted at ${seconds(crashed.restartMs)}, first post after ` +
        `the restart at ${seconds(crashed.firstPostAfterRestartMs)}, all settled at ${seconds(crashed.settledMs)} ` +
        `(clean run: ${seconds(clean.settledMs)})`,
    );
  if (clean.recordLag)
    out.push(
      `   clean run, platform accepted → job recorded done: median ${clean.recordLag.p50.toFixed(0)} ms, ` +
        `p90 ${clean.recordLag.p90.toFixed(0)} ms, max ${clean.recordLag.max.toFixed(0)} ms (a crash inside it leaves a ` +
        `message sent but not recorded)`,
    );
  for (const [label, run] of runs) {
    out.push(`   ${label}: progress message to the facilitator (times after the first reminder): ${run.progress}`);
    out.push(`   ${label}: other calls: ${run.calls}`);
    if (run.examples.length) out.push(`   ${label}: ${run.examples.join("; ")}`);
    const lines = [...run.warnings].sort((a, b) => b[1] - a[1]).slice(0, 6);
    if (lines.length)
      out.push(`   ${label}: bot warnings: ${lines.map(([m, n]) => `${n}× ${m.slice(0, 90)}`).join(" | ")}`);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  const scratch = new Scratch();
  const cleanUp = async () => {
    await killAllBots();
    await scratch.cleanUp();
  };
  onInterrupt((signal) => `bench:fanout: ${signal}; cleaning up\n`, cleanUp);

  const began = performance.now();
  const loadBefore = os.loadavg();
  const out: string[] = [];
  let problems = 0;
  try {
    process.stdout.write(
      `bench:fanout  the real bot process on ${provider === "sqlite" ? "SQLite" : "PostgreSQL"}, tick 1 s, lease ` +
        `${DEFAULT_LEASE_SECONDS} s; ${MEMBERS} members per run (+ the channel for the reminder); direct-message channels / conversation ` +
        `references PRE-STORED (no conversations.open / createConversation: the bench measures posting)\n` +
        `  the bot reads SLACK_WORKSPACE_POSTS_PER_SECOND: ${configKnows("SLACK_WORKSPACE_POSTS_PER_SECOND") ? `yes (set to ${BOT_SLACK_RATE})` : "no (it paces at its default)"}; ` +
        `TEAMS_TENANT_REQUESTS_PER_SECOND: ${configKnows("TEAMS_TENANT_REQUESTS_PER_SECOND") ? `yes (set to ${BOT_TEAMS_RATE})` : "no (it paces at its default)"}\n`,
    );
    const platforms: Platform[] = [];
    if (ONLY !== "teams") {
      const fake = new RateLimitedSlack(SLACK_TEAM, SLACK_RATE);
      await fake.start();
      scratch.defer(() => fake.close());
      platforms.push(slackPlatform(fake));
    }
    if (ONLY !== "slack") {
      const connector = new RateLimitedConnector({
        tenantPerSecond: TEAMS_TENANT_RATE,
        conversationPerSecond: TEAMS_CONVERSATION_RATE,
        retryAfterSeconds: TEAMS_RETRY_AFTER,
      });
      await connector.start();
      scratch.defer(() => connector.close());
      platforms.push(teamsPlatform(connector));
    }
    for (const platform of platforms)
      for (const kind of KINDS) {
        process.stdout.write(`  ${platform.name}, ${kind}: clean run …\n`);
        const clean = await runOnce(platform, kind, false, scratch);
        process.stdout.write(`  ${platform.name}, ${kind}: clean run settled in ${seconds(clean.settledMs)}\n`);
        let crashed: RunResult | undefined;
        if (CRASH) {
          process.stdout.write(`  ${platform.name}, ${kind}: run with a SIGKILL halfway …\n`);
          crashed = await runOnce(platform, kind, true, scratch);
        }
        out.push(...report(platform, kind, clean, crashed));
        problems +=
          clean.lost + clean.duplicated + (clean.timedOut || crashed?.timedOut ? 1 : 0) + (crashed?.lost ?? 0);
        // Teams may repeat a message that was in flight at the kill (README: the one window Teams leaves open)
        if (platform.name === "Slack") problems += crashed?.duplicated ?? 0;
      }
    out.push("");
    out.push(
      `Total ${seconds(performance.now() - began)}. Machine: ${machine()}, load average ` +
        `${loadAverage(loadBefore)} before, ${loadAverage()} after.`,
    );
    out.push(
      problems === 0
        ? "Nothing lost; nothing duplicated where the design promises it (Slack; and Teams outside a crash)."
        : "SOMETHING WAS LOST, DUPLICATED OR TIMED OUT (exit code 1).",
    );
    process.stdout.write(`${out.join("\n")}\n`);
    return problems === 0 ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

runBench("bench:fanout", main);
