/**
 * `npm run bench:clicks`: a room answering the post-session survey at once. N attendees (BENCH_CLICKS, default 500)
 * each click an answer to the survey's first question (1 to 5) on the survey message in their direct messages, the N
 * clicks spread evenly over BENCH_SPREAD_MS (default 1000: "within one second", an open loop from its own worker
 * thread), through POST /slack/events as Slack sends them (signed block_actions). A survey answer is an answer: it is
 * stored before it is acknowledged (ANSWER_ACTIONS).
 *
 * The same clicks go first to the floor (bench/lib/floor.ts: a bare Bolt app that stores each with one INSERT of the
 * same driver, then acknowledges), so every figure is shown beside what this machine and driver allow, in one run.
 *
 * Before each stack's measured run, 100 other members click over half a second (a running bot is warm).
 *
 * Checked: every click stored exactly once, with the value that person clicked (lost 0, duplicated 0), and every
 * clicker's survey message replaced with their answer shown. Overload: BENCH_CLICKS=2500 is five times the target rate; the
 * run prints the peak RSS and how many acknowledgements the stack logged as later than Slack's 3 s.
 *
 * Exit code 1 if a click was lost, duplicated or stored wrong, or a request failed. Everything listens on 127.0.0.1;
 * the databases, files and threads are removed at the end. Bounded: it gives up after 170 s.
 */
import { ActionIds } from "../src/core/ids";
import { answerValue } from "../src/core/surveys/cards";
import { benchProvider, envWholeNumber } from "./lib/env";
import { loadAverage, machine, nearestRank } from "./lib/figures";
import { startFloor } from "./lib/floor";
import { runBounded, type Scratch } from "./lib/scratch";
import { blockActions, SIGNING_SECRET, startFakeSlack, startSlackStack } from "./lib/slack-stack";
import { setUpSurvey } from "./lib/survey";
import {
  lateOf,
  problemOf,
  VOTERS_ROLE,
  type VoteAnswer,
  type VotersRequest,
  type VotersResult,
  type VotersWorkerData,
} from "./lib/voters";
import { ask, startWorker, stopWorker } from "./lib/workers";

const GIVE_UP_MS = 170_000;
const REQUEST_TIMEOUT_MS = 30_000;
const TARGET_P99_MS = 300;
const TARGET_RATIO = 3;

const provider = benchProvider();
const CLICKS = envWholeNumber("BENCH_CLICKS", 500);
const SPREAD_MS = envWholeNumber("BENCH_SPREAD_MS", 1000);
/** members who click first, to warm each stack up (a running bot has served requests before the crowd arrives) */
const WARM_UP = 100;

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a");
const sorted = (answers: VoteAnswer[]) =>
  answers
    .map((a) => a.latencyMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);

let triggers = 0;

async function main(scratch: Scratch): Promise<number> {
  const started = Date.now();
  const fake = await startFakeSlack(scratch);
  const stack = await startSlackStack(scratch, { provider, apiUrl: fake.apiUrl });
  const { services, adapter, logCounts, logSamples } = stack;
  const everyone = await setUpSurvey(services, CLICKS + WARM_UP);
  const { session } = everyone;
  const warmers = everyone.attendees.slice(CLICKS);
  const voters = everyone.attendees.slice(0, CLICKS);
  const setUpMs = Date.now() - started;

  // each attendee clicks an answer to the first question on the survey in their direct messages, as Slack sends it
  const chosen = new Map(everyone.attendees.map((v, i) => [v, String((i % 5) + 1)]));
  const click = (v: string) => {
    const value = chosen.get(v) as string;
    const payload = blockActions({
      user: v,
      channel: `D${v.slice(1)}`,
      ephemeral: false,
      triggerId: `${++triggers}.47445629121.803a0bc887a14d10d2c447fce8b6703c`,
      responseUrl: `${fake.base}/respond/clicks/${v}`,
      button: {
        action_id: ActionIds.surveyAnswer,
        text: { text: value },
        value: answerValue(session.id, "q1", value),
      },
    });
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  };
  const bodies = voters.map(click);
  const warmUp = warmers.map(click);

  const load = startWorker("lib/voters.ts", {
    role: VOTERS_ROLE,
    signingSecret: SIGNING_SECRET,
  } satisfies VotersWorkerData);
  scratch.defer(() => stopWorker(load, () => load.postMessage({ type: "close" } satisfies VotersRequest)));
  const fire = (url: string, clicks = bodies, spreadMs = SPREAD_MS) =>
    ask<VotersResult, VotersResult>(
      load,
      { type: "run", url, bodies: clicks, wave: clicks.length, spreadMs, timeoutMs: REQUEST_TIMEOUT_MS },
      (m) => (m.type === "result" ? m : undefined),
      GIVE_UP_MS,
    );

  // the floor first, then ours, with the same clicks
  const floor = await startFloor(scratch, provider, fake.apiUrl);
  await fire(floor.url, warmUp, 500);
  const floorRun = await fire(floor.url);
  const floorStored = (await floor.stored()) - WARM_UP;
  await fire(stack.url, warmUp, 500);
  await adapter.drain();
  const rssBefore = process.memoryUsage().rss;
  const ours = await fire(stack.url);
  await adapter.drain();
  const counts = await fake.counts();

  // every clicker's answer, as stored
  const stored = (await services.store.surveys.answers(session.id)).filter((a) => a.questionId === "q1");
  const answers = new Map<string, string[]>();
  for (const a of stored) answers.set(a.respondent, [...(answers.get(a.respondent) ?? []), a.value]);
  let lost = 0;
  let wrong = 0;
  for (const v of voters) {
    const given = answers.get(`slack:T0BENCH:${v}`);
    if (!given) lost += 1;
    else if (given.length !== 1 || given[0] !== chosen.get(v)) wrong += 1;
  }
  const papers = stored.length - WARM_UP;
  const duplicated = Math.max(0, papers - (CLICKS - lost));

  const latencies = sorted(ours.answers);
  const floorLatencies = sorted(floorRun.answers);
  const p99 = nearestRank(latencies, 99);
  const floorP99 = nearestRank(floorLatencies, 99);
  const failed = ours.answers.map(problemOf).filter((p): p is string => p !== undefined);
  const floorFailed = floorRun.answers.map(problemOf).filter((p): p is string => p !== undefined).length;
  const replies = (counts["response_url:clicks"] ?? 0) - WARM_UP;
  const perSecond = (n: number, wallMs: number) => ((n * 1000) / wallMs).toFixed(1);

  const out: string[] = [];
  out.push(
    `bench:clicks  ${CLICKS} clicks on ${provider === "sqlite" ? "SQLite" : "PostgreSQL"}, spread over ${SPREAD_MS} ms, ` +
      "through POST /slack/events; each a survey answer stored before its acknowledgement",
  );
  out.push(
    `  set-up (network, ${CLICKS + WARM_UP} members present at a session, its survey open): ${(setUpMs / 1000).toFixed(1)} s`,
  );
  out.push("");
  out.push(
    `ours            ack p50/p99/max ${ms(nearestRank(latencies, 50))} / ${ms(p99)} / ${ms(latencies[latencies.length - 1] ?? Number.NaN)}` +
      `; ${perSecond(CLICKS, ours.wallMs)} clicks/s (first send → last ack ${ms(ours.wallMs)})`,
  );
  out.push(
    `floor           ack p50/p99/max ${ms(nearestRank(floorLatencies, 50))} / ${ms(floorP99)} / ${ms(floorLatencies[floorLatencies.length - 1] ?? Number.NaN)}` +
      `; ${perSecond(CLICKS, floorRun.wallMs)} clicks/s  (bare Bolt + one INSERT; stored ${floorStored}, failed ${floorFailed})`,
  );
  out.push(`ours ÷ floor    ack p99 ${(p99 / floorP99).toFixed(2)}x`);
  out.push(
    `targets         ack p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? "MET" : "MISSED"}; ` +
      `within ${TARGET_RATIO}x the floor's p99: ${p99 <= TARGET_RATIO * floorP99 ? "MET" : "MISSED"}`,
  );
  out.push(
    `lost            ${lost}; duplicated ${duplicated}; stored with another value ${wrong}  (answers ${papers})`,
  );
  out.push(
    `failed          ${failed.length} of ${CLICKS}; answered after 3 s (Bolt's 404, the click still stored): ${lateOf(ours.answers)}`,
  );
  for (const p of [...new Set(failed)].slice(0, 5)) out.push(`  ${p}`);
  out.push(
    `private replies ${replies} of ${CLICKS} (the survey with the answer shown, through each clicker's response_url)`,
  );
  out.push(
    `late acks       ${logCounts.lateAcks ?? 0} logged by the stack as later than 3 s; log warn ${logCounts.warn ?? 0} / error ${logCounts.error ?? 0}`,
  );
  for (const line of logSamples) out.push(`  ${line}`);
  out.push(
    `memory          peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; RSS before our run ${(rssBefore / 1048576).toFixed(0)} MB, ` +
      `after ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (this process: the stack, the floor, the fake Slack and the load threads)`,
  );
  out.push(`users.info      ${counts["users.info"] ?? 0} (looked up after the acknowledgement, once per person)`);
  out.push(`machine         ${machine()}, load average ${loadAverage()}`);
  const ok = lost === 0 && duplicated === 0 && wrong === 0 && failed.length === 0 && replies === CLICKS;
  out.push(ok ? "OK: every click stored exactly once." : "FAILED (exit code 1): see above.");
  process.stdout.write(`${out.join("\n")}\n`);
  return ok ? 0 : 1;
}

runBounded("bench:clicks", GIVE_UP_MS, main);
