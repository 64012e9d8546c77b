/**
 * `npm run bench:ack`: acknowledgement latency of Slack requests through the full HTTP stack, at a fixed rate.
 *
 * Two stacks answer the same signed requests side by side in one run:
 *   ours  createServices (a fresh temporary SQLite file) + createHttpApp + createSlackAdapter on /slack/events +
 *         finishHttpApp, with a network set up through the core so the Skip button acts on a real session
 *   bare  a bare Bolt App on an ExpressReceiver whose `/echo` command and Skip action only `await ack()`
 * Both talk to one fake Slack Web API (bench/fake-slack.ts, its own worker thread); the load comes from an open-loop
 * generator (bench/load.ts, its own worker thread). Everything listens on 127.0.0.1 only.
 *
 * Phases: a warm-up of each stack, then ours, bare, ours, bare (aggregated), alternating a slash command
 * (`/echo help`) and a click on a session's Skip button (`echo.session.skip`; after the first click a no-op).
 * Environment: BENCH_RATE (requests/s, default 100), BENCH_SECONDS (per measured phase, default 10),
 * BENCH_WARMUP_SECONDS (per stack, default 3).
 *
 * It reports; it does not gate: the exit code is 0 when a target is missed, 1 only when a request failed
 * (a non-2xx answer, a transport error or a timeout) or the run could not be set up.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type { App } from "@slack/bolt";
import { ActionIds, FormIds } from "../src/core/ids";
import type { Services } from "../src/services";
import { SLACK_EVENTS_PATH } from "../src/slack/adapter";
import { SETUP_VALUES } from "../test/support/services";
import { BENCH_TEAM, type FakeSlackMessage } from "./fake-slack";
import { envNumber } from "./lib/env";
import { loadAverage, machine, nearestRank, table } from "./lib/figures";
import { bareBolt } from "./lib/floor";
import { runBench, Scratch } from "./lib/scratch";
import { signatureHeaders } from "./lib/slack-signing";
import {
  blockActions,
  SIGNING_SECRET,
  type SlackButton,
  slackCtx,
  startFakeSlack,
  startSlackStack,
} from "./lib/slack-stack";
import { ask, startWorker, stopWorker } from "./lib/workers";
import { KINDS, type Kind, LOAD_ROLE, type LoadRequest, type LoadWorkerData, type RunResult } from "./load";

const CHANNEL = "C0BENCH";
const USER = "U0BENCH1";

/** the targets (DESIGN.md, Quality bars) */
const TARGET_P99_MS = 50;
const TARGET_RATE = 100;
const TARGET_MEDIAN_RATIO = 1.5;

type Stack = "ours" | "bare";
const STACKS: readonly Stack[] = ["ours", "bare"];

// ---------------------------------------------------------------------------------------------- payloads

function slashCommand(fakeBase: string, stack: string, text: string): Record<string, string> {
  return {
    token: "verification-token-unused",
    team_id: BENCH_TEAM,
    team_domain: "echo-bench",
    channel_id: CHANNEL,
    channel_name: "palliative-echo",
    user_id: USER,
    user_name: USER.toLowerCase(),
    command: "/echo",
    text,
    api_app_id: "A0BENCH",
    is_enterprise_install: "false",
    response_url: `${fakeBase}/respond/${stack}/command`,
    trigger_id: "1.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  };
}

function click(fakeBase: string, stack: string, button: SlackButton): Record<string, unknown> {
  return blockActions({
    user: USER,
    channel: CHANNEL,
    ephemeral: true,
    triggerId: "1.47445629121.803a0bc887a14d10d2c447fce8b6703c",
    responseUrl: `${fakeBase}/respond/${stack}/click`,
    button,
  });
}

/** The Skip buttons of a schedule message as Slack received it (a response_url body). */
function skipButtons(message: Record<string, unknown>): SlackButton[] {
  const blocks = (message.blocks ?? []) as Array<{ type: string; elements?: Array<Partial<SlackButton>> }>;
  return blocks
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? [])
    .filter(
      (e): e is SlackButton =>
        typeof e.action_id === "string" &&
        e.action_id.replace(/~\d+$/, "") === ActionIds.sessionSkip &&
        typeof e.value === "string" &&
        typeof e.text?.text === "string",
    );
}

// ---------------------------------------------------------------------------------------------- the two stacks

/** A network bound to the channel, set up through the core by USER, who becomes its facilitator. */
async function setUpNetwork(services: Services): Promise<void> {
  const ctx = slackCtx(CHANNEL, USER, "Bench Facilitator");
  const firstDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const result = await services.core.submitForm(ctx, FormIds.setup, "", { ...SETUP_VALUES, firstDate });
  if (result.kind !== "done") throw new Error(`network setup failed: ${JSON.stringify(result).slice(0, 500)}`);
}

async function signedPost(url: string, body: string): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...signatureHeaders(SIGNING_SECRET, body) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function startBare(apiUrl: string, actionId: string): Promise<{ app: App; server: Server; url: string }> {
  const app = bareBolt(apiUrl);
  app.command("/echo", async ({ ack }) => {
    await ack();
  });
  app.action(actionId, async ({ ack }) => {
    await ack();
  });
  const server = await app.start({ port: 0, host: "127.0.0.1" });
  return { app, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}` };
}

// ---------------------------------------------------------------------------------------------- figures

interface Stats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p99: nearestRank(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "n/a");
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}x` : "n/a");

// ---------------------------------------------------------------------------------------------- the run

interface Phase {
  stack: Stack;
  warmUp: boolean;
  result?: RunResult;
}

async function main(): Promise<number> {
  const rate = envNumber("BENCH_RATE", TARGET_RATE);
  const seconds = envNumber("BENCH_SECONDS", 10);
  const warmUpSeconds = envNumber("BENCH_WARMUP_SECONDS", 3);
  const loadBefore = os.loadavg();

  const scratch = new Scratch();
  try {
    // the fake Slack, in its own thread
    const fake = await startFakeSlack(scratch);
    const fakeBase = fake.base;
    const captured: Array<Extract<FakeSlackMessage, { type: "captured" }>> = [];
    fake.worker.on("message", (m: FakeSlackMessage) => {
      if (m.type === "captured") captured.push(m);
    });

    // our stack on a temporary SQLite file, with a network, and the Skip button of its schedule as Slack would show it
    const ours = await startSlackStack(scratch, { provider: "sqlite", apiUrl: fake.apiUrl });
    await setUpNetwork(ours.services);
    const scheduleStatus = await signedPost(
      ours.url,
      new URLSearchParams({
        ...slashCommand(fakeBase, "capture", "schedule"),
        response_url: `${fakeBase}/respond/capture/schedule`,
      }).toString(),
    );
    if (scheduleStatus !== 200) throw new Error(`/echo schedule answered ${scheduleStatus}`);
    await ours.adapter.drain();
    const deadline = Date.now() + 10_000;
    while (captured.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const scheduleMessage = captured[0]?.body;
    if (!scheduleMessage) throw new Error("the schedule never reached its response_url");
    const skip = skipButtons(scheduleMessage)[0];
    if (!skip) throw new Error(`the schedule has no Skip button: ${JSON.stringify(scheduleMessage).slice(0, 500)}`);

    // the bare Bolt app
    const bare = await startBare(fake.apiUrl, skip.action_id);
    scratch.defer(async () => {
      const stopped = bare.app.stop();
      bare.server.closeAllConnections();
      await stopped;
    });

    // the load generator, in its own thread
    const load = startWorker("load.ts", { role: LOAD_ROLE, signingSecret: SIGNING_SECRET } satisfies LoadWorkerData);
    scratch.defer(() => stopWorker(load, () => load.postMessage({ type: "close" } satisfies LoadRequest)));

    const urls: Record<Stack, string> = { ours: ours.url, bare: bare.url };
    const phases: Phase[] = [
      { stack: "ours", warmUp: true },
      { stack: "bare", warmUp: true },
      { stack: "ours", warmUp: false },
      { stack: "bare", warmUp: false },
      { stack: "ours", warmUp: false },
      { stack: "bare", warmUp: false },
    ];
    process.stdout.write(
      `bench:ack  ${rate} req/s open-loop, alternating /echo help and a Skip click; ` +
        `warm-up ${warmUpSeconds} s per stack, then ours/bare/ours/bare ${seconds} s each\n`,
    );
    for (const phase of phases) {
      const request: LoadRequest = {
        type: "run",
        url: urls[phase.stack],
        rate,
        seconds: phase.warmUp ? warmUpSeconds : seconds,
        command: slashCommand(fakeBase, phase.stack, "help"),
        click: click(fakeBase, phase.stack, skip),
      };
      const waitMs = (request.seconds + 30) * 1000;
      phase.result = await ask<RunResult, RunResult>(
        load,
        request,
        (m) => (m.type === "result" ? m : undefined),
        waitMs,
      );
      // our follow-up work (replies through response_url) finishes before the next phase starts
      if (phase.stack === "ours") await ours.adapter.drain();
      await new Promise((r) => setTimeout(r, 300));
      const r = phase.result;
      const failed = Object.entries(r.statuses).filter(([s]) => !s.startsWith("2"));
      process.stdout.write(
        `  ${phase.warmUp ? "warm-up " : "measured"} ${phase.stack}: ${r.sent} sent in ${(r.elapsedMs / 1000).toFixed(1)} s, ` +
          `p50 ${ms(stats([...r.latencies.command, ...r.latencies.click]).p50)} ms, ` +
          `p99 ${ms(stats([...r.latencies.command, ...r.latencies.click]).p99)} ms, ` +
          `failed ${failed.reduce((n, [, c]) => n + c, 0) + r.errors.length}\n`,
      );
    }

    const fakeCounts = await fake.counts();
    const skippedSession = await ours.services.store.sessions.byId(skip.value);
    const skipAudits = await ours.services.database.db.auditEntry.count({ where: { action: "session.skip" } });

    // ------------------------------------------------------------------------------------------ the report
    const measured = phases.filter((p) => !p.warmUp);
    const sample = (stack: Stack, kind: Kind) =>
      measured.filter((p) => p.stack === stack).flatMap((p) => p.result?.latencies[kind] ?? []);
    const figures = new Map<string, Stats>();
    for (const stack of STACKS) for (const kind of KINDS) figures.set(`${stack}:${kind}`, stats(sample(stack, kind)));
    const fig = (stack: Stack, kind: Kind) => figures.get(`${stack}:${kind}`) as Stats;

    const rows: string[][] = [];
    for (const stack of STACKS)
      for (const kind of KINDS) {
        const s = fig(stack, kind);
        rows.push([stack, kind, String(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)]);
      }
    const ratioRows = KINDS.map((kind) => [
      "ours/bare",
      kind,
      "",
      ratio(fig("ours", kind).p50, fig("bare", kind).p50),
      "",
      ratio(fig("ours", kind).p99, fig("bare", kind).p99),
      "",
    ]);

    let non2xx = 0;
    let errors = 0;
    const problems: string[] = [];
    for (const phase of phases) {
      const r = phase.result;
      if (!r) continue;
      for (const [status, count] of Object.entries(r.statuses))
        if (!status.startsWith("2")) {
          non2xx += count;
          problems.push(`${phase.stack}: ${count} answered ${status}`);
        }
      errors += r.errors.length;
      problems.push(...r.errors.slice(0, 5).map((e) => `${phase.stack}: ${e}`));
    }
    const lateness = phases.map((p) => p.result?.lateness.max ?? 0);
    const ourRequests = phases.filter((p) => p.stack === "ours").reduce((n, p) => n + (p.result?.sent ?? 0), 0);

    const out: string[] = [];
    out.push("");
    out.push(
      `Acknowledgement latency, ms (send → response status), ${rate} req/s, ` +
        `${measured.length / 2} × ${seconds} s per stack, alternating A/B`,
    );
    out.push(table(["stack", "kind", "count", "p50", "p90", "p99", "max"], [...rows, ...ratioRows], 2));
    out.push("");
    out.push("Per measured phase (p50 / p99 ms, command | click):");
    measured.forEach((phase, i) => {
      const c = stats(phase.result?.latencies.command ?? []);
      const k = stats(phase.result?.latencies.click ?? []);
      out.push(`  ${i + 1}. ${phase.stack.padEnd(4)}  ${ms(c.p50)} / ${ms(c.p99)}  |  ${ms(k.p50)} / ${ms(k.p99)}`);
    });
    out.push("");
    out.push(`Failures (all phases, warm-up included): non-2xx ${non2xx}, errors ${errors}`);
    for (const p of problems.slice(0, 10)) out.push(`  ${p}`);
    out.push(
      `Generator lateness against the schedule: max ${ms(Math.max(...lateness))} ms ` +
        `(worst phase p99 ${ms(Math.max(...phases.map((p) => p.result?.lateness.p99 ?? 0)))} ms)`,
    );
    out.push(
      `Our follow-up work: ${fakeCounts["response_url:ours"] ?? 0} response_url replies for ${ourRequests} requests, ` +
        `users.info ${fakeCounts["users.info"] ?? 0}, ` +
        `Skip target ${skippedSession?.status ?? "missing"} with ${skipAudits} skip audit entr${skipAudits === 1 ? "y" : "ies"}, ` +
        `log lines info ${ours.logCounts.info ?? 0} / warn ${ours.logCounts.warn ?? 0} / error ${ours.logCounts.error ?? 0}`,
    );
    for (const line of ours.logSamples) out.push(`  ${line}`);
    out.push(`Machine: ${machine()}, load average ${loadAverage(loadBefore)} before, ${loadAverage()} after`);

    out.push("");
    out.push(
      `Targets${rate === TARGET_RATE ? "" : ` (stated at ${TARGET_RATE} req/s; this run was at ${rate} req/s)`}:`,
    );
    for (const kind of KINDS) {
      const p99 = fig("ours", kind).p99;
      out.push(`  our p99 < ${TARGET_P99_MS} ms (${kind}): ${ms(p99)} ms  ${p99 < TARGET_P99_MS ? "MET" : "MISSED"}`);
    }
    for (const kind of KINDS) {
      const ours50 = fig("ours", kind).p50;
      const bare50 = fig("bare", kind).p50;
      const met = ours50 <= TARGET_MEDIAN_RATIO * bare50;
      out.push(
        `  our p50 within ${TARGET_MEDIAN_RATIO}x of bare Bolt (${kind}): ${ms(ours50)} vs ${ms(bare50)} ms = ` +
          `${ratio(ours50, bare50)}  ${met ? "MET" : "MISSED"}`,
      );
    }
    out.push(non2xx + errors === 0 ? "All requests acknowledged with 2xx." : "SOME REQUESTS FAILED (exit code 1).");
    process.stdout.write(`${out.join("\n")}\n`);
    return non2xx + errors === 0 ? 0 : 1;
  } finally {
    await scratch.cleanUp();
  }
}

runBench("bench:ack", main);
