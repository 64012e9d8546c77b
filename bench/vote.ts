/**
 * `npm run bench:vote`: N members vote at the same moment through the full Slack HTTP path, and not one vote is lost.
 *
 * One stack, as main.ts builds it: createServices on a fresh database (a temporary SQLite file, or with
 * BENCH_DATABASE=postgresql a fresh PostgreSQL database), createHttpApp + createSlackAdapter (POST /slack/events) +
 * finishHttpApp on 127.0.0.1, and the scheduler with the Slack adapter's own messenger. A fake Slack Web API
 * (bench/fake-slack.ts, in its own worker thread) answers users.info, views.open, chat.postMessage, chat.update and the
 * response_url posts, and counts them.
 *
 * Set-up through the core: a network with a facilitator, N members (BENCH_VOTERS, default 200) and five proposed
 * topics; an approval vote of up to 3 picks is opened from the vote form and the scheduler posts the ballot card.
 * Then, as Slack would send them: each voter clicks the card's Vote button (block_actions, which opens the modal with
 * views.open and, as in Slack, is when the bot first looks the person up), and then all N submit the modal at once
 * (view_submission, signed, with `private_metadata` as the adapter encodes it), from a load generator in its own worker
 * thread (bench/lib/voters.ts). BENCH_WAVE sends the submissions in waves of that many instead.
 *
 * Measured: votes/s (N / the wall time from the first submission sent to the last acknowledgement), and each
 * acknowledgement's latency (p50/p99/max; the adapter acknowledges a submission after the vote is stored, since the
 * acknowledgement carries any field errors). Then the clock is moved past the close and the scheduler ticks: the
 * stored result must count exactly N papers with exactly the per-topic counts that were sent (lost = 0), and every
 * voter must have had the private "Your vote is recorded" reply.
 *
 * Exit code 1 if a vote was lost or miscounted, or any request failed (non-200, an acknowledgement that was not empty,
 * a transport error or a timeout), or a reply is missing. Everything listens on 127.0.0.1; the database, temporary
 * files and worker threads are removed at the end, also after a failure or Ctrl-C. Bounded: it gives up after 110 s.
 */

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type { Worker } from "node:worker_threads";
import { encodeFormRef } from "../src/core/app-refs";
import type { Ctx } from "../src/core/context";
import { ActionIds, FormIds } from "../src/core/ids";
import type { Clock } from "../src/core/ports";
import { createHttpApp, finishHttpApp, listen } from "../src/http";
import { createLogger } from "../src/logger";
import { createScheduler, type Scheduler } from "../src/scheduler/scheduler";
import { createServices, type Services } from "../src/services";
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from "../src/slack/adapter";
import { channelAddress, userAddress } from "../src/slack/addresses";
import { formView } from "../src/slack/render";
import { encodeViewMetadata } from "../src/slack/view-metadata";
import type { Provider } from "../src/store/engine";
import { freshDatabaseUrl, type TestDatabaseUrl } from "../test/support/db";
import { BENCH_TEAM, FAKE_SLACK_ROLE, type FakeSlackMessage, type FakeSlackRequest } from "./fake-slack";
import {
  VOTERS_ROLE,
  type VoteAnswer,
  type VotersRequest,
  type VotersResult,
  type VotersWorkerData,
} from "./lib/voters";
import { nextMessage, startWorker, stopWorker } from "./lib/workers";

const SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";
const BOT_TOKEN = "xoxb-bench-token";
const CHANNEL = "C0VOTE";
const FACILITATOR = "U0FACIL";
const TOPICS = [
  "Delirium in care homes",
  "Breathlessness at the end of life",
  "Opioid conversions",
  "Constipation",
  "Advance care planning",
];
const MAX_PICKS = 3;
const GIVE_UP_MS = 110_000;
const REQUEST_TIMEOUT_MS = 30_000;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return value;
}

const provider: Provider = process.env.BENCH_DATABASE === "postgresql" ? "postgresql" : "sqlite";
const VOTERS = envNumber("BENCH_VOTERS", 200);
const WAVE = Math.min(VOTERS, envNumber("BENCH_WAVE", VOTERS));

/** The real time, moved forward on demand (to get past the vote's close without waiting for it). */
class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const voterId = (i: number) => `UV${String(i).padStart(6, "0")}`;
const ctxOf = (user: string, name: string): Ctx => ({
  platform: "slack",
  channel: channelAddress(BENCH_TEAM, CHANNEL),
  actor: { user: userAddress(BENCH_TEAM, user), name, isWorkspaceAdmin: false },
});

/** Voter i's picks, as indexes into the ballot's topics: 1 to 3 of them, spread so that every topic gets votes. */
const picksOf = (i: number) => Array.from({ length: 1 + (i % MAX_PICKS) }, (_, j) => (2 * i + j) % TOPICS.length);

// ---------------------------------------------------------------------------------------------- Slack payloads

const slackUser = (user: string) => ({
  id: user,
  username: user.toLowerCase(),
  name: user.toLowerCase(),
  team_id: BENCH_TEAM,
});
let triggers = 0;
const triggerId = () => `${++triggers}.47445629121.803a0bc887a14d10d2c447fce8b6703c`;

/** A click on the ballot card's Vote button, as Slack sends it (block_actions). */
function voteClick(user: string, ballotId: string, responseUrl: string): string {
  const payload = {
    type: "block_actions",
    user: slackUser(user),
    api_app_id: "A0BENCH",
    token: "verification-token-unused",
    container: { type: "message", message_ts: "1700000000.000100", channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: BENCH_TEAM, domain: "echo-bench" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: CHANNEL, name: "palliative-echo" },
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      {
        action_id: ActionIds.openForm,
        block_id: "b1",
        text: { type: "plain_text", text: "Vote", emoji: true },
        value: encodeFormRef(FormIds.vote, ballotId),
        type: "button",
        action_ts: "1700000001.000300",
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

type ModalView = ReturnType<typeof formView>;
interface CheckboxOption {
  text: unknown;
  value: string;
}

/** The modal submitted with these picks ticked, as Slack sends it (view_submission; test/support/slack.ts). */
function voteSubmission(user: string, view: ModalView, picks: CheckboxOption[]): string {
  const payload = {
    type: "view_submission",
    team: { id: BENCH_TEAM, domain: "echo-bench" },
    user: slackUser(user),
    api_app_id: "A0BENCH",
    token: "verification-token-unused",
    trigger_id: triggerId(),
    view: {
      id: `V${user}`,
      team_id: BENCH_TEAM,
      type: "modal",
      blocks: view.blocks,
      private_metadata: view.private_metadata,
      callback_id: view.callback_id,
      state: { values: { picks: { picks: { type: "checkboxes", selected_options: picks } } } },
      hash: "156772938.1827394",
      title: view.title,
      close: view.close,
      submit: view.submit,
      app_id: "A0BENCH",
      bot_id: "B0BENCH",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

// ---------------------------------------------------------------------------------------------- figures

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a");

/** What is wrong with an answer to a click or a submission; undefined when it was a plain acknowledgement. */
const problemOf = (a: VoteAnswer) =>
  a.error ?? (a.status !== 200 ? `HTTP ${a.status}` : a.body ? `acknowledged with ${a.body.slice(0, 200)}` : undefined);

// ---------------------------------------------------------------------------------------------- the run

interface Stack {
  services: Services;
  adapter: SlackAdapter;
  scheduler: Scheduler;
  server: Server;
  url: string;
}

async function main(): Promise<number> {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`bench: clean-up step failed: ${error instanceof Error ? error.message : error}\n`);
      }
    }
  };
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    process.stderr.write("bench:vote interrupted; cleaning up\n");
    void cleanUp().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const giveUp = setTimeout(() => {
    process.stderr.write(`bench:vote gave up after ${GIVE_UP_MS / 1000} s; cleaning up\n`);
    void cleanUp().then(() => process.exit(1));
  }, GIVE_UP_MS);

  try {
    const started = Date.now();
    // the fake Slack, in its own thread
    const fake = startWorker("fake-slack.ts", { role: FAKE_SLACK_ROLE });
    const fakeBase = await nextMessage<FakeSlackMessage, string>(
      fake,
      (m) => (m.type === "ready" ? m.base : undefined),
      30_000,
    );
    cleanups.push(() => stopWorker(fake, () => fake.postMessage({ type: "close" } satisfies FakeSlackRequest)));
    const fakeCounts = async () => {
      const reply = nextMessage<FakeSlackMessage, Record<string, number>>(
        fake,
        (m) => (m.type === "stats" ? m.counts : undefined),
        10_000,
      );
      fake.postMessage({ type: "stats" } satisfies FakeSlackRequest);
      return reply;
    };

    // the stack, on a fresh database
    const database: TestDatabaseUrl = await freshDatabaseUrl(provider);
    cleanups.push(() => database.drop());
    const logCounts: Record<string, number> = { info: 0, warn: 0, error: 0 };
    const logSamples: string[] = [];
    const log = createLogger("info", (line) => {
      const level = /"level":"(\w+)"/.exec(line)?.[1] ?? "?";
      logCounts[level] = (logCounts[level] ?? 0) + 1;
      if (level !== "info" && logSamples.length < 5) logSamples.push(line.slice(0, 400));
    });
    const clock = new MovableClock();
    const services = await createServices(database.url, log, {
      clock,
      secret: "bench-secret-0123456789abcdef0123456789",
    });
    cleanups.push(() => services.database.close());
    const http = createHttpApp(services);
    const adapter = createSlackAdapter(services, {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: `${fakeBase}/api/`,
      expressApp: http,
    });
    finishHttpApp(http, services);
    await adapter.start();
    cleanups.push(() => adapter.stop());
    const server = await listen(http, 0, "127.0.0.1");
    cleanups.push(async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    });
    const scheduler = createScheduler(services, adapter.messenger, { worker: "bench-vote" });
    cleanups.push(() => scheduler.stop());
    const stack: Stack = {
      services,
      adapter,
      scheduler,
      server,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`,
    };

    // the network, its members and topics, and the open vote: all through the core
    const fran = ctxOf(FACILITATOR, "Fran Facilitator");
    // the setup form's own defaults, with what a facilitator would type (new settings keep their defaults)
    const setupForm = await services.core.openForm(fran, FormIds.setup, "");
    const setUp = await services.core.submitForm(fran, FormIds.setup, "", {
      ...Object.fromEntries(setupForm.fields.map((f) => [f.id, f.initial ?? ""])),
      name: "Palliative Care ECHO",
      timeZone: "Europe/London",
      cadence: "weekly",
      firstDate: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
      startTime: "12:30",
      videoLink: "https://zoom.us/j/123456789",
    });
    if (setUp.kind !== "done") throw new Error(`network setup failed: ${JSON.stringify(setUp).slice(0, 500)}`);
    const network = await services.store.networks.byChannel(fran.channel);
    if (!network) throw new Error("the network was not created");
    const voters = Array.from({ length: VOTERS }, (_, i) => voterId(i + 1));
    // `role @a @b … member` takes up to 50 people, within the grammar's 2000 characters
    for (let i = 0; i < voters.length; i += 40) {
      const mentions = voters.slice(i, i + 40).map((v) => `<@${userAddress(BENCH_TEAM, v)}|Voter ${v}>`);
      const reply = await services.core.command(fran, `role ${mentions.join(" ")} member`);
      if (reply.kind !== "text" || !reply.text.includes("now members"))
        throw new Error(`could not add members: ${JSON.stringify(reply).slice(0, 300)}`);
    }
    for (const title of TOPICS) {
      const reply = await services.core.command(fran, `propose ${title}`);
      if (reply.kind !== "text" || !reply.text.includes("proposed")) throw new Error(`could not propose ${title}`);
    }
    const topics = await services.store.topics.list(network.id);
    const closesDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const opened = await services.core.submitForm(fran, FormIds.openVote, network.id, {
      topics: topics.map((t) => t.id).join(","),
      closesDate,
      closesTime: "12:00",
      method: "approval",
      maxPicks: String(MAX_PICKS),
      showRunning: "no",
      anonymous: process.env.BENCH_ANONYMOUS === "1" ? "yes" : "no",
    });
    if (opened.kind !== "done") throw new Error(`could not open the vote: ${JSON.stringify(opened).slice(0, 500)}`);
    await stack.scheduler.tick();
    const ballot = await services.store.ballots.openFor(network.id);
    if (!ballot?.message) throw new Error("the ballot card was not posted to the channel");
    const setUpMs = Date.now() - started;

    // the voters, in their own thread
    const load = startWorker("lib/voters.ts", {
      role: VOTERS_ROLE,
      signingSecret: SIGNING_SECRET,
    } satisfies VotersWorkerData);
    cleanups.push(() => stopWorker(load, () => load.postMessage({ type: "close" } satisfies VotersRequest)));
    const fire = async (worker: Worker, bodies: string[], wave: number) => {
      const result = nextMessage<VotersResult, VotersResult>(
        worker,
        (m) => (m.type === "result" ? m : undefined),
        GIVE_UP_MS,
      );
      worker.postMessage({
        type: "run",
        url: stack.url,
        bodies,
        wave,
        timeoutMs: REQUEST_TIMEOUT_MS,
      } satisfies VotersRequest);
      return result;
    };

    // each voter opens the vote modal from the card (in waves of 50: people do not all click in the same millisecond)
    const responseUrl = (user: string) => `${fakeBase}/respond/vote/${user}`;
    const clicks = await fire(
      load,
      voters.map((v) => voteClick(v, ballot.id, responseUrl(v))),
      50,
    );
    await adapter.drain();

    // the modal as the adapter rendered it for views.open; private_metadata as it encodes it, per voter
    const form = await services.core.openForm(ctxOf(voters[0] as string, "Voter"), FormIds.vote, ballot.id);
    const options = new Map(
      (
        (formView(form, "").blocks[0] as { element: { options: CheckboxOption[] } } | undefined)?.element.options ?? []
      ).map((o) => [o.value, o]),
    );
    const expected = new Map(ballot.topics.map((t) => [t.id, 0]));
    const bodies = voters.map((v, i) => {
      const view = formView(
        form,
        encodeViewMetadata({ channel: fran.channel, metadata: ballot.id, responseUrl: responseUrl(v) }),
      );
      const picks = picksOf(i).map((k) => ballot.topics[k]?.id as string);
      for (const id of picks) expected.set(id, (expected.get(id) ?? 0) + 1);
      return voteSubmission(
        v,
        view,
        picks.map((id) => options.get(id) as CheckboxOption),
      );
    });

    // all at once (or in waves of BENCH_WAVE)
    const votes = await fire(load, bodies, WAVE);
    await adapter.drain();
    const afterVotes = await fakeCounts();
    const storedBeforeClose = await services.store.ballots.voterCount(ballot.id);

    // the close: past the closing time, one tick
    clock.offsetMs = ballot.closesAt.getTime() - Date.now() + 60_000;
    await stack.scheduler.tick();
    const closed = await services.store.ballots.byId(ballot.id);
    const result = closed?.result;
    const counts = await fakeCounts();

    // ------------------------------------------------------------------------------------------ the report
    const latencies = votes.answers
      .map((a) => a.latencyMs)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const clickLatencies = clicks.answers
      .map((a) => a.latencyMs)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const failedVotes = votes.answers.map(problemOf).filter((p): p is string => p !== undefined);
    const failedClicks = clicks.answers.map(problemOf).filter((p): p is string => p !== undefined);
    const papers = result?.papers ?? 0;
    const lost = Math.max(0, VOTERS - papers);
    const counted = new Map((result?.ranking ?? []).map((r) => [r.topicId, r.votes]));
    const miscounted = ballot.topics.filter((t) => counted.get(t.id) !== expected.get(t.id));
    const replies = afterVotes["response_url:vote"] ?? 0;
    const resultPosts = (counts["chat.postMessage"] ?? 0) - (afterVotes["chat.postMessage"] ?? 0);
    const votesPerSecond = (VOTERS * 1000) / votes.wallMs;

    const out: string[] = [];
    out.push(
      `bench:vote  ${VOTERS} voters on ${provider === "sqlite" ? "SQLite" : "PostgreSQL"}, ` +
        `${WAVE === VOTERS ? "all at once" : `in waves of ${WAVE}`}, through POST /slack/events; ` +
        `approval vote of ${TOPICS.length} topics, 1 to ${MAX_PICKS} picks each` +
        `${process.env.BENCH_ANONYMOUS === "1" ? ", anonymous" : ""}`,
    );
    out.push(`  set-up (network, ${VOTERS} members, topics, vote opened and posted): ${(setUpMs / 1000).toFixed(1)} s`);
    out.push(
      `  modal opens (Vote clicks, waves of 50): ${clicks.answers.length} sent, ack p50 ${ms(percentile(clickLatencies, 50))}, ` +
        `p99 ${ms(percentile(clickLatencies, 99))}; views.open ${afterVotes["views.open"] ?? 0}, failed ${failedClicks.length}`,
    );
    out.push("");
    out.push(`voters          ${VOTERS}`);
    out.push(
      `votes/s         ${votesPerSecond.toFixed(1)}  (${votes.answers.length} submissions, first send → last ack ${ms(votes.wallMs)})`,
    );
    out.push(
      `ack p50/p99/max ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} / ${ms(latencies[latencies.length - 1] ?? Number.NaN)}`,
    );
    out.push(
      `lost            ${lost}  (stored before the close: ${storedBeforeClose}; counted at the close: ${papers} papers)`,
    );
    out.push(
      `per topic       ${ballot.topics.map((t) => `${t.title}: ${counted.get(t.id) ?? "?"}/${expected.get(t.id)}`).join("; ")}` +
        `  ${miscounted.length === 0 ? "(counted = sent, exactly)" : `(MISCOUNTED: ${miscounted.length})`}`,
    );
    out.push(
      `failed          ${failedVotes.length} of ${votes.answers.length} submissions, ${failedClicks.length} clicks`,
    );
    for (const p of [...new Set([...failedVotes, ...failedClicks])].slice(0, 5)) out.push(`  ${p}`);
    out.push(`private replies ${replies} of ${VOTERS} ("Your vote is recorded", through each voter's response_url)`);
    out.push(
      `result          ${resultPosts} post${resultPosts === 1 ? "" : "s"} to the channel at the close; ` +
        `users.info ${counts["users.info"] ?? 0}; log warn ${logCounts.warn ?? 0} / error ${logCounts.error ?? 0}`,
    );
    for (const line of logSamples) out.push(`  ${line}`);
    out.push(
      `machine         ${os.cpus().length} CPUs, Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    const ok =
      lost === 0 &&
      papers === VOTERS &&
      storedBeforeClose === VOTERS &&
      miscounted.length === 0 &&
      failedVotes.length === 0 &&
      failedClicks.length === 0 &&
      replies === VOTERS &&
      resultPosts === 1;
    out.push(ok ? "OK: every vote stored and counted exactly once." : "FAILED (exit code 1): see above.");
    process.stdout.write(`${out.join("\n")}\n`);
    return ok ? 0 : 1;
  } finally {
    clearTimeout(giveUp);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (!interrupted) await cleanUp();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // everything is closed: the process ends by itself; should a handle linger, say which and leave anyway
    setTimeout(() => {
      process.stderr.write(
        `bench: still running 10 s after clean-up: ${process.getActiveResourcesInfo().join(", ")}\n`,
      );
      process.exit(code);
    }, 10_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `bench:vote could not run: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 10_000).unref();
  },
);
