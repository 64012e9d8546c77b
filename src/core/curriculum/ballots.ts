/**
 * Curriculum votes: open, vote (and change it) until the close, close exactly once. A vote holds a shared lock on
 * its ballot and the close an exclusive one, so a vote is either in the count or refused as late — never both.
 */
import { accessToNetwork, recordAccess, requireManager, requireMember } from "../access";
import { type Lane, type Settled, sentAgain } from "../batching";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { AlreadyHandled, DomainError } from "../errors";
import type { Network, Store } from "../ports";
import type { Ballot, BallotMethod, BallotResult } from "./ports";
import { tally } from "./tally";

export const BALLOT_POST = "ballot.post";
export const BALLOT_REFRESH = "ballot.refresh";
export const BALLOT_CLOSE = "ballot.close";
export const MAX_BALLOT_TOPICS = 20;
/** ranked ballots ask for this many preferences at most */
export const MAX_RANKS = 5;

export const closedText = (ballot: Ballot, describe: (d: Date) => string) =>
  `This vote closed at ${describe(ballot.closedAt ?? ballot.closesAt)}; your vote was not changed.`;

export interface OpenBallotInput {
  topicIds: string[];
  closesAt: Date;
  method: BallotMethod;
  maxPicks: number;
  showRunning: boolean;
  anonymous: boolean;
}

export async function openBallot(deps: CoreDeps, ctx: Ctx, network: Network, input: OpenBallotInput): Promise<Ballot> {
  return deps.store.transaction(async (store) => {
    requireManager(await recordAccess({ store }, ctx, network.id), "open a vote");
    const alreadyOpen = () =>
      new DomainError("conflict", "A vote is already open in this network. Close it before opening another.");
    if (await store.ballots.openFor(network.id)) throw alreadyOpen();
    // the database holds one open ballot per network, so two facilitators opening votes at once get one vote
    const ballot = await store.ballots.create({ networkId: network.id, openedBy: ctx.actor.user, ...input });
    if (!ballot) throw alreadyOpen();
    await store.topics.setStatus(input.topicIds, "on_ballot");
    const now = deps.clock.now();
    await store.jobs.plan([
      {
        key: `ballot:${ballot.id}:post`,
        kind: BALLOT_POST,
        dueAt: now,
        networkId: network.id,
        payload: { ballotId: ballot.id },
      },
      {
        key: `ballot:${ballot.id}:close`,
        kind: BALLOT_CLOSE,
        dueAt: input.closesAt,
        networkId: network.id,
        payload: { ballotId: ballot.id },
      },
    ]);
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "ballot.open",
      detail: { ballotId: ballot.id, method: input.method, anonymous: input.anonymous, topics: input.topicIds.length },
    });
    return ballot;
  });
}

export type CastResult =
  | { ok: true; ballot: Ballot; network: Network; picks: string[] }
  | { ok: false; closed: Ballot; network: Network }
  | { ok: false; invalid: string; ballot: Ballot };

/** What is wrong with a set of picks for this ballot, in words for the voter; undefined when they are fine. */
export function checkPicks(ballot: Ballot, picks: readonly string[]): string | undefined {
  const known = new Set(ballot.topics.map((t) => t.id));
  if (picks.some((p) => !known.has(p))) return "Choose from the topics on the ballot.";
  if (picks.length === 0) return "Choose at least one topic.";
  if (new Set(picks).size !== picks.length) return "Each topic can be chosen only once.";
  if (ballot.method === "approval" && picks.length > ballot.maxPicks)
    return `Choose at most ${ballot.maxPicks} (you chose ${picks.length}).`;
  if (ballot.method === "ranked" && picks.length > Math.min(MAX_RANKS, ballot.topics.length))
    return `Rank at most ${Math.min(MAX_RANKS, ballot.topics.length)} topics.`;
  return undefined;
}

/** A vote to cast: who, and their picks (or how to read them from the form once the ballot is known). */
interface VoteItem {
  ctx: Ctx;
  picks: string[] | ((ballot: Ballot) => string[]);
}

const notFound = () => new DomainError("not_found", "I could not find that vote.");

/**
 * What a ballot was opened with (its topics, method, rules) does not change, so it is read once and kept; when it
 * closes, and whether it has, is read with every batch, under its lock.
 */
const opened = new Map<string, Ballot>();
const MAX_KEPT_BALLOTS = 500;

async function currentBallot(
  store: Store,
  ballotId: string,
): Promise<{ ballot: Ballot; network: Network } | undefined> {
  const closing = await store.ballots.closing(ballotId);
  if (!closing) return undefined;
  let ballot = opened.get(ballotId);
  if (!ballot) {
    ballot = await store.ballots.byId(ballotId);
    if (!ballot) return undefined;
    if (opened.size >= MAX_KEPT_BALLOTS) opened.delete(opened.keys().next().value as string);
    opened.set(ballotId, ballot);
  }
  const { network, ...when } = closing;
  return { ballot: { ...ballot, ...when }, network };
}

/**
 * The votes for one ballot that arrived together, in one transaction (see batching.ts): the ballot under a shared
 * lock (the close takes an exclusive one) with its network, the requests' ledger keys and the voters, each read or
 * written once; then each vote checked on its own, and the papers written in one statement. A vote refused (not a
 * member, closed, bad picks) refuses that voter only; a request seen before is refused as `AlreadyHandled`.
 */
const voteLane: Lane<CoreDeps, VoteItem, CastResult> = {
  name: "ballot.vote",
  flush: async (deps, ballotId, items) => {
    const settled = await deps.store.transaction(async (store): Promise<Settled<CastResult>[]> => {
      await store.ballots.lock(ballotId, "share");
      const current = await currentBallot(store, ballotId);
      if (!current) return items.map(() => ({ ok: false, error: notFound() }));
      const { ballot, network } = current;
      const repeated = await sentAgain(
        store,
        items.map((item) => item.ctx),
      );
      const members = await store.members.findMany(
        network.id,
        items.map((item) => item.ctx.actor.user),
      );
      const closed = ballot.closedAt !== null || ballot.closesAt <= deps.clock.now();
      const out: Settled<CastResult>[] = [];
      const named: Array<{ voter: string; picks: string[] }> = [];
      const sealed: Array<{ voter: string; sealed: string }> = [];
      for (const { ctx, picks: given } of items) {
        // a key seen before, or twice in this batch, is a request sent again: its first delivery is the answer
        if (repeated(ctx)) {
          out.push({ ok: false, error: new AlreadyHandled() });
          continue;
        }
        try {
          const access = await accessToNetwork({ store }, ctx, network, { member: members.get(ctx.actor.user) });
          requireMember(access, ctx, "vote");
          if (closed) {
            out.push({ ok: true, value: { ok: false, closed: ballot, network } });
            continue;
          }
          const picks = typeof given === "function" ? given(ballot) : given;
          const invalid = checkPicks(ballot, picks);
          if (invalid) {
            out.push({ ok: true, value: { ok: false, invalid, ballot } });
            continue;
          }
          if (ballot.anonymous)
            sealed.push({ voter: ctx.actor.user, sealed: deps.sealer.seal(ballot.id, JSON.stringify(picks)) });
          else named.push({ voter: ctx.actor.user, picks });
          out.push({ ok: true, value: { ok: true, ballot, network, picks } });
        } catch (error) {
          // a refusal (not a member, out of date) is this voter's answer; anything else undoes the whole batch
          if (!(error instanceof DomainError)) throw error;
          out.push({ ok: false, error });
        }
      }
      if (named.length) await store.ballots.castNamed(ballot.id, named);
      if (sealed.length) await store.ballots.castSealed(ballot.id, sealed);
      return out;
    });
    const cast = settled.find((s) => s.ok && s.value.ok);
    if (cast?.ok && cast.value.ok && cast.value.ballot.showRunning) {
      // one card refresh per five seconds at most, whatever the number of votes (Slack allows ~50 updates a minute)
      const bucket = Math.floor(deps.clock.now().getTime() / 5000);
      await deps.store.jobs.plan([
        {
          key: `ballot:${ballotId}:refresh:${bucket}`,
          kind: BALLOT_REFRESH,
          dueAt: new Date((bucket + 1) * 5000),
          networkId: cast.value.ballot.networkId,
          payload: { ballotId },
        },
      ]);
    }
    return settled;
  },
};

/**
 * Records (or replaces) a member's vote. Picks are topic ids, in rank order for ranked ballots, or a function that
 * reads them from a form once the ballot is known. The ballot's rules (its topics, one pick each, the per-member
 * limit) are checked here, whichever way the vote arrives; votes arriving together are written together.
 */
export function castVote(deps: CoreDeps, ctx: Ctx, ballotId: string, picks: VoteItem["picks"]): Promise<CastResult> {
  return deps.batching.submit(voteLane, deps, ballotId, { ctx, picks });
}

/** The member's current picks, to prefill the form (anonymous choices are opened with the sealing key). */
export async function currentPicks(deps: CoreDeps, ctx: Ctx, ballot: Ballot): Promise<string[]> {
  if (!ballot.anonymous) return (await deps.store.ballots.namedPicks(ballot.id, ctx.actor.user)) ?? [];
  const sealed = await deps.store.ballots.sealedChoice(ballot.id, ctx.actor.user);
  return sealed ? (JSON.parse(deps.sealer.open(ballot.id, sealed)) as string[]) : [];
}

/** Counts the papers (opening sealed ones); used for running results and at the close. */
export async function count(deps: CoreDeps, ballot: Ballot): Promise<BallotResult> {
  const { named, sealed } = await deps.store.ballots.papers(ballot.id);
  const papers = ballot.anonymous ? sealed.map((s) => JSON.parse(deps.sealer.open(ballot.id, s)) as string[]) : named;
  return tally(ballot.method, ballot.topics, papers);
}

/** Closes the ballot once: counts, stores the result, erases sealed choices. Later calls return the stored ballot. */
export async function closeBallot(deps: CoreDeps, ballotId: string): Promise<Ballot | undefined> {
  return deps.store.transaction(async (store) => {
    await store.ballots.lock(ballotId, "exclusive");
    const ballot = await store.ballots.byId(ballotId);
    if (!ballot || ballot.closedAt) return ballot;
    const now = deps.clock.now();
    const result = await count({ ...deps, store }, ballot);
    await store.ballots.close(ballot.id, now, result);
    await store.topics.setStatus(
      ballot.topics.filter((t) => t.status === "on_ballot").map((t) => t.id),
      "proposed",
    );
    await store.audit.record({
      networkId: ballot.networkId,
      actor: "teleecho",
      action: "ballot.close",
      detail: { ballotId, papers: result.papers },
    });
    return { ...ballot, closedAt: now, result };
  });
}

/** A facilitator closes the vote now: the close job is brought forward and the scheduler woken. */
export async function closeEarly(deps: CoreDeps, ctx: Ctx, ballotId: string): Promise<Ballot> {
  const ballot = await deps.store.ballots.byId(ballotId);
  if (!ballot) throw new DomainError("not_found", "I could not find that vote.");
  requireManager(await recordAccess(deps, ctx, ballot.networkId), "close a vote");
  if (ballot.closedAt) return ballot;
  const now = deps.clock.now();
  await deps.store.ballots.setClosesAt(ballot.id, now);
  await deps.store.jobs.plan([
    {
      key: `ballot:${ballot.id}:close`,
      kind: BALLOT_CLOSE,
      dueAt: now,
      networkId: ballot.networkId,
      payload: { ballotId },
    },
  ]);
  deps.wake();
  return { ...ballot, closesAt: now };
}
