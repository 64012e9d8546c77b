/** The ballot's durable work: post the ballot card, refresh its running counts, close it and post the result. */
import { z } from "zod";
import type { JobHandler } from "../jobs/runner";
import { BALLOT_CLOSE, BALLOT_POST, BALLOT_REFRESH, closeBallot, count } from "./ballots";
import { ballotCard, resultCard } from "./cards";

const payload = z.object({ ballotId: z.string() });

const post: JobHandler = async (deps, job) => {
  const { ballotId } = payload.parse(job.payload);
  const ballot = await deps.store.ballots.byId(ballotId);
  const network = ballot && (await deps.store.networks.byId(ballot.networkId));
  if (!ballot || !network || ballot.message) return;
  const running = ballot.showRunning ? await count(deps, ballot) : undefined;
  const card = ballotCard(network, ballot, running, await deps.store.ballots.voterCount(ballot.id));
  const message = await deps.messenger.send(network.channel, { card }, { dedupeKey: job.key, retry: job.attempts > 1 });
  await deps.store.ballots.setMessage(ballot.id, message);
};

const refresh: JobHandler = async (deps, job) => {
  const { ballotId } = payload.parse(job.payload);
  const ballot = await deps.store.ballots.byId(ballotId);
  const network = ballot && (await deps.store.networks.byId(ballot.networkId));
  if (!ballot?.message || !network || ballot.closedAt) return;
  const running = ballot.showRunning ? await count(deps, ballot) : undefined;
  await deps.messenger.update(
    ballot.message,
    ballotCard(network, ballot, running, await deps.store.ballots.voterCount(ballot.id)),
  );
};

const close: JobHandler = async (deps, job) => {
  const { ballotId } = payload.parse(job.payload);
  const before = await deps.store.ballots.byId(ballotId);
  if (!before) return;
  // brought forward or pushed back since this job was planned: only the current close time counts
  if (!before.closedAt && before.closesAt > deps.clock.now())
    return { rerunInMs: before.closesAt.getTime() - deps.clock.now().getTime() };
  const ballot = await closeBallot(deps, ballotId);
  const network = ballot && (await deps.store.networks.byId(ballot.networkId));
  if (!ballot?.result || !network) return;
  await deps.messenger.send(
    network.channel,
    { card: resultCard(network, ballot, ballot.result) },
    { dedupeKey: `${job.key}:result`, retry: job.attempts > 1 },
  );
  if (ballot.message)
    await deps.messenger.update(ballot.message, ballotCard(network, ballot, ballot.result, ballot.result.papers));
};

export const curriculumHandlers: Readonly<Record<string, JobHandler>> = {
  [BALLOT_POST]: post,
  [BALLOT_REFRESH]: refresh,
  [BALLOT_CLOSE]: close,
};
