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

import { encodeFormRef } from "../src/core/app-refs";
import { ActionIds, FormIds } from "../src/core/ids";
import type { Clock } from "../src/core/ports";
import { createScheduler } from "../src/scheduler/scheduler";
import { formView } from "../src/slack/render";
import { encodeViewMetadata } from "../src/slack/view-metadata";
import { BENCH_TEAM } from "./fake-slack";
import { BALLOT_CHANNEL, setUpBallot } from "./lib/ballot";
import { benchProvider, envWholeNumber } from "./lib/env";
import { loadAverage, machine, nearestRank } from "./lib/figures";
import { startFloor } from "./lib/floor";
import { runBounded, type Scratch } from "./lib/scratch";
import { blockActions, SIGNING_SECRET, slackCtx, slackUser, startFakeSlack, startSlackStack } from "./lib/slack-stack";
import {
  lateOf,
  problemOf,
  VOTERS_ROLE,
  type VotersRequest,
  type VotersResult,
  type VotersWorkerData,
} from "./lib/voters";
import { ask, startWorker, stopWorker } from "./lib/workers";

const CHANNEL = BALLOT_CHANNEL;
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

const provider = benchProvider();
const VOTERS = envWholeNumber("BENCH_VOTERS", 200);
const WAVE = Math.min(VOTERS, envWholeNumber("BENCH_WAVE", VOTERS));

/** The real time, moved forward on demand (to get past the vote's close without waiting for it). */
class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const ctxOf = (user: string, name: string) => slackCtx(CHANNEL, user, name);

/** Voter i's picks, as indexes into the ballot's topics: 1 to 3 of them, spread so that every topic gets votes. */
const picksOf = (i: number) => Array.from({ length: 1 + (i % MAX_PICKS) }, (_, j) => (2 * i + j) % TOPICS.length);

// ---------------------------------------------------------------------------------------------- Slack payloads

let triggers = 0;
const triggerId = () => `${++triggers}.47445629121.803a0bc887a14d10d2c447fce8b6703c`;

/** A click on the ballot card's Vote button, as Slack sends it (block_actions). */
function voteClick(user: string, ballotId: string, responseUrl: string): string {
  const payload = blockActions({
    user,
    channel: CHANNEL,
    ephemeral: false,
    triggerId: triggerId(),
    responseUrl,
    button: { action_id: ActionIds.openForm, text: { text: "Vote" }, value: encodeFormRef(FormIds.vote, ballotId) },
  });
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

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a");

// ---------------------------------------------------------------------------------------------- the run

async function main(scratch: Scratch): Promise<number> {
  const started = Date.now();
  // the fake Slack, in its own thread
  const fake = await startFakeSlack(scratch);

  // the stack, on a fresh database, and the scheduler with the Slack adapter's messenger
  const clock = new MovableClock();
  const stack = await startSlackStack(scratch, { provider, apiUrl: fake.apiUrl, clock });
  const { services, adapter, logCounts, logSamples } = stack;
  const scheduler = createScheduler(services, adapter.messenger, { worker: "bench-vote" });
  scratch.defer(() => scheduler.stop());

  // the network, its members and topics, and the open vote: all through the core
  const {
    facilitator: fran,
    voters,
    ballot,
  } = await setUpBallot(services, scheduler, {
    voters: VOTERS,
    topics: TOPICS,
    maxPicks: MAX_PICKS,
    anonymous: process.env.BENCH_ANONYMOUS === "1",
  });
  const setUpMs = Date.now() - started;

  // the voters, in their own thread
  const load = startWorker("lib/voters.ts", {
    role: VOTERS_ROLE,
    signingSecret: SIGNING_SECRET,
  } satisfies VotersWorkerData);
  scratch.defer(() => stopWorker(load, () => load.postMessage({ type: "close" } satisfies VotersRequest)));
  const fire = (bodies: string[], wave: number) =>
    ask<VotersResult, VotersResult>(
      load,
      { type: "run", url: stack.url, bodies, wave, timeoutMs: REQUEST_TIMEOUT_MS } satisfies VotersRequest,
      (m) => (m.type === "result" ? m : undefined),
      GIVE_UP_MS,
    );

  // each voter opens the vote modal from the card (in waves of 50: people do not all click in the same millisecond)
  const responseUrl = (user: string) => `${fake.base}/respond/vote/${user}`;
  const clicks = await fire(
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

  // the floor first, with the same submissions: a bare Bolt app that stores each with one INSERT, then acknowledges
  const floor = await startFloor(scratch, provider, fake.apiUrl);
  const floorRun = await ask<VotersResult, VotersResult>(
    load,
    { type: "run", url: floor.url, bodies, wave: WAVE, timeoutMs: REQUEST_TIMEOUT_MS } satisfies VotersRequest,
    (m) => (m.type === "result" ? m : undefined),
    GIVE_UP_MS,
  );
  const floorStored = await floor.stored();

  // all at once (or in waves of BENCH_WAVE)
  const votes = await fire(bodies, WAVE);
  await adapter.drain();
  const afterVotes = await fake.counts();
  const storedBeforeClose = await services.store.ballots.voterCount(ballot.id);

  // the close: past the closing time, one tick
  clock.offsetMs = ballot.closesAt.getTime() - Date.now() + 60_000;
  await scheduler.tick();
  const closed = await services.store.ballots.byId(ballot.id);
  const result = closed?.result;
  const counts = await fake.counts();

  // ------------------------------------------------------------------------------------------ the report
  const latencies = votes.answers
    .map((a) => a.latencyMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const clickLatencies = clicks.answers
    .map((a) => a.latencyMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const floorLatencies = floorRun.answers
    .map((a) => a.latencyMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const floorFailed = floorRun.answers.map(problemOf).filter((p): p is string => p !== undefined).length;
  const floorPerSecond = (VOTERS * 1000) / floorRun.wallMs;
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
    `  modal opens (Vote clicks, waves of 50): ${clicks.answers.length} sent, ack p50 ${ms(nearestRank(clickLatencies, 50))}, ` +
      `p99 ${ms(nearestRank(clickLatencies, 99))}; views.open ${afterVotes["views.open"] ?? 0}, failed ${failedClicks.length}`,
  );
  out.push("");
  out.push(`voters          ${VOTERS}`);
  out.push(
    `votes/s         ${votesPerSecond.toFixed(1)}  (${votes.answers.length} submissions, first send → last ack ${ms(votes.wallMs)})`,
  );
  out.push(
    `ack p50/p99/max ${ms(nearestRank(latencies, 50))} / ${ms(nearestRank(latencies, 99))} / ${ms(latencies[latencies.length - 1] ?? Number.NaN)}`,
  );
  const p99 = nearestRank(latencies, 99);
  const floorP99 = nearestRank(floorLatencies, 99);
  out.push(
    `floor           ${floorPerSecond.toFixed(1)} votes/s, ack p50/p99 ${ms(nearestRank(floorLatencies, 50))} / ${ms(floorP99)}` +
      `  (bare Bolt + one INSERT per submission; stored ${floorStored} of ${VOTERS}, failed ${floorFailed})`,
  );
  out.push(
    `ours ÷ floor    throughput ${(votesPerSecond / floorPerSecond).toFixed(2)}x, ack p99 ${(p99 / floorP99).toFixed(2)}x`,
  );
  out.push(
    `targets         ack p99 < 500 ms: ${p99 < 500 ? "MET" : "MISSED"}; ≥ 400 votes/s: ${votesPerSecond >= 400 ? "MET" : "MISSED"}; ` +
      `p99 within 3x the floor's: ${p99 <= 3 * floorP99 ? "MET" : "MISSED"}`,
  );
  out.push(
    `peak RSS        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process: the stack, the floor, the fake Slack and the load threads)`,
  );
  out.push(
    `lost            ${lost}  (stored before the close: ${storedBeforeClose}; counted at the close: ${papers} papers)`,
  );
  out.push(
    `per topic       ${ballot.topics.map((t) => `${t.title}: ${counted.get(t.id) ?? "?"}/${expected.get(t.id)}`).join("; ")}` +
      `  ${miscounted.length === 0 ? "(counted = sent, exactly)" : `(MISCOUNTED: ${miscounted.length})`}`,
  );
  out.push(
    `failed          ${failedVotes.length} of ${votes.answers.length} submissions, ${failedClicks.length} clicks; ` +
      `answered after 3 s (Bolt's 404, the vote still stored): ${lateOf(votes.answers)}; late acks logged ${logCounts.lateAcks ?? 0}`,
  );
  for (const p of [...new Set([...failedVotes, ...failedClicks])].slice(0, 5)) out.push(`  ${p}`);
  out.push(`private replies ${replies} of ${VOTERS} ("Your vote is recorded", through each voter's response_url)`);
  out.push(
    `result          ${resultPosts} post${resultPosts === 1 ? "" : "s"} to the channel at the close; ` +
      `users.info ${counts["users.info"] ?? 0}; log warn ${logCounts.warn ?? 0} / error ${logCounts.error ?? 0}`,
  );
  for (const line of logSamples) out.push(`  ${line}`);
  out.push(`machine         ${machine()}, load average ${loadAverage()}`);
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
}

runBounded("bench:vote", GIVE_UP_MS, main);
