/** The curriculum feature: `topics`, `propose`, `vote`, `topics plan`, their buttons and forms. */
import { addDays } from "date-fns";
import { z } from "zod";
import {
  type Access,
  canManage,
  channelAccess,
  outOfDate,
  recordAccess,
  requireManager,
  requireMember,
} from "../access";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError } from "../errors";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import type { Network } from "../ports";
import { instantOf, isValidDate, isValidTime, localDate, localTime } from "../sessions/calendar";
import { dateText, idValue, jsonValue, listText, text as textInput, timeText } from "../ui/inputs";
import { cardReply, type Reply, text } from "../ui/model";
import { castVote, closedText, closeEarly, currentPicks, MAX_BALLOT_TOPICS, MAX_RANKS, openBallot } from "./ballots";
import { ballotCard, openVoteForm, planCard, planEditForm, proposeForm, topicsCard, voteForm } from "./cards";
import { curriculumHandlers } from "./jobs";
import { editPlan, loadPlannedSession, planCurriculum, swapWithNext, teachersOf, upcomingForPlan } from "./plan";
import type { BallotMethod } from "./ports";
import { proposeTopic } from "./topics";

/** The network a form or button names (checked against the request), or else the channel's. */
const networkAccess = (deps: CoreDeps, ctx: Ctx, id: string): Promise<Access> =>
  id ? recordAccess(deps, ctx, id) : channelAccess(deps, ctx);

const proposeSchema = z.object({ title: textInput, description: textInput, suggestedTeacher: textInput });
const openVoteSchema = z.object({
  topics: listText,
  closesDate: dateText,
  closesTime: timeText,
  method: textInput,
  maxPicks: textInput,
  showRunning: textInput,
  anonymous: textInput,
});
const voteSchema = z.object({
  picks: listText,
  ...Object.fromEntries(Array.from({ length: MAX_RANKS }, (_, i) => [`rank${i + 1}`, textInput])),
});
const planEditSchema = z.object({ topic: textInput, teacher: textInput });
const pickValue = jsonValue(z.object({ b: idValue, t: idValue })).transform((v) => ({ ballotId: v.b, topicId: v.t }));
const swapValue = jsonValue(
  z.object({ s: idValue, n: z.union([idValue, z.literal("")]), t: z.string().max(64) }),
).transform((v) => ({ session: v.s, next: v.n, token: v.t }));

async function topicsReply(deps: CoreDeps, access: Access): Promise<Reply> {
  const { network } = access;
  const topics = await deps.store.topics.list(network.id);
  const sessions = await deps.store.sessions.upcoming(network.id, deps.clock.now(), 50);
  const plannedOn = new Map(sessions.flatMap((s) => (s.topicId ? [[s.topicId, s] as const] : [])));
  return cardReply(topicsCard(network, topics, plannedOn, canManage(access)));
}

async function planReply(deps: CoreDeps, network: Network, replaceOriginal: boolean): Promise<Reply> {
  const sessions = await upcomingForPlan(deps, network);
  const topics = new Map((await deps.store.topics.list(network.id)).map((t) => [t.id, t]));
  const names = new Map((await deps.store.members.everyone(network.id)).map((m) => [m.user, m.displayName]));
  return cardReply(planCard(network, sessions, topics, names), "private", replaceOriginal);
}

const when = (network: Network, d: Date) =>
  `${localDate(d, network.timeZone)} ${localTime(d, network.timeZone)} (${network.timeZone})`;

function parseOpenVote(network: Network, values: z.infer<typeof openVoteSchema>, now: Date, known: Set<string>) {
  const errors: Record<string, string> = {};
  const topicIds = values.topics;
  if (topicIds.some((id) => !known.has(id))) errors.topics = "Choose from the proposed topics.";
  else if (topicIds.length < 2) errors.topics = "Put at least 2 topics on the ballot.";
  else if (topicIds.length > MAX_BALLOT_TOPICS)
    errors.topics = `Put at most ${MAX_BALLOT_TOPICS} topics on the ballot.`;
  const date = values.closesDate;
  const time = values.closesTime;
  let closesAt: Date | undefined;
  if (!isValidDate(date)) errors.closesDate = "Give the closing date as YYYY-MM-DD.";
  if (!isValidTime(time)) errors.closesTime = "Give the closing time as HH:MM, 24-hour.";
  if (!errors.closesDate && !errors.closesTime) {
    closesAt = instantOf(date, time, network.timeZone);
    if (closesAt.getTime() < now.getTime() + 5 * 60_000)
      errors.closesDate = "The vote must stay open for at least 5 minutes.";
    else if (closesAt.getTime() > now.getTime() + 60 * 86_400_000) errors.closesDate = "Close the vote within 60 days.";
  }
  const method: BallotMethod | undefined =
    values.method === "ranked" ? "ranked" : values.method === "approval" ? "approval" : undefined;
  if (!method) errors.method = "Choose approval or ranked choice.";
  const maxPicks = Number(values.maxPicks);
  if (method === "approval" && !(Number.isInteger(maxPicks) && maxPicks >= 1 && maxPicks <= 10))
    errors.maxPicks = "Give a whole number of picks from 1 to 10.";
  for (const field of ["showRunning", "anonymous"] as const)
    if (values[field] !== "yes" && values[field] !== "no") errors[field] = "Choose yes or no.";
  if (Object.keys(errors).length || !closesAt || !method) return { ok: false as const, errors };
  return {
    ok: true as const,
    input: {
      topicIds,
      closesAt,
      method,
      maxPicks: method === "approval" ? Math.min(maxPicks, topicIds.length) : topicIds.length,
      showRunning: values.showRunning === "yes",
      anonymous: values.anonymous === "yes",
    },
  };
}

export const curriculumFeature: Feature = {
  name: "curriculum",
  handlers: curriculumHandlers,
  commands: {
    topics: async (deps, ctx, command) => {
      const access = await channelAccess(deps, ctx);
      if (command.name === "topics" && command.plan) {
        await planCurriculum(deps, ctx, access);
        return planReply(deps, access.network, false);
      }
      return topicsReply(deps, access);
    },
    propose: async (deps, ctx, command) => {
      const access = await channelAccess(deps, ctx);
      if (command.name !== "propose" || !command.title) return { kind: "form", form: proposeForm(access.network) };
      const result = await proposeTopic(deps, ctx, access, { title: command.title });
      if (!result.ok) return text(result.message);
      return text(
        `${ctx.actor.name} proposed “${result.topic.title}”. Type \`topics\` to see all proposals.`,
        "public",
      );
    },
    vote: async (deps, ctx) => {
      const access = await channelAccess(deps, ctx);
      const { network } = access;
      const open = await deps.store.ballots.openFor(network.id);
      if (open) return cardReply(ballotCard(network, open, undefined, await deps.store.ballots.voterCount(open.id)));
      requireManager(access, "open a vote");
      return { kind: "form", form: await openVoteFormFor(deps, network) };
    },
  },
  actions: {
    // a click on a one-pick ballot's topic: that topic is the vote (clicked again, the same vote; another, a change)
    [ActionIds.ballotPick]: action(pickValue, async (deps, ctx, { ballotId, topicId }) => {
      let cast: Awaited<ReturnType<typeof castVote>>;
      try {
        cast = await castVote(deps, ctx, ballotId, [topicId]);
      } catch (error) {
        if (error instanceof DomainError && error.code === "not_found") throw outOfDate();
        throw error;
      }
      if (!cast.ok && "invalid" in cast) throw outOfDate();
      if (!cast.ok) return text(closedText(cast.closed, (d) => when(cast.network, d)));
      const title = cast.ballot.topics.find((t) => t.id === topicId)?.title ?? "";
      return text(
        `Your vote is recorded: ${title}. You can change it until ${when(cast.network, cast.ballot.closesAt)}.`,
      );
    }),
    [ActionIds.ballotClose]: action(idValue, async (deps, ctx, ballotId) => {
      const ballot = await closeEarly(deps, ctx, ballotId);
      return text(
        ballot.closedAt
          ? "That vote is already closed."
          : "Closing the vote now; the results will be posted to the channel in a moment.",
      );
    }),
    [ActionIds.planCurriculum]: action(z.union([idValue, z.literal("")]), async (deps, ctx, networkId) => {
      const access = await networkAccess(deps, ctx, networkId);
      await planCurriculum(deps, ctx, access);
      return planReply(deps, access.network, false);
    }),
    [ActionIds.planSwap]: action(swapValue, async (deps, ctx, ref) =>
      planReply(deps, await swapWithNext(deps, ctx, ref), true),
    ),
  },
  forms: {
    [FormIds.propose]: form({
      schema: proposeSchema,
      open: async (deps, ctx, metadata) => proposeForm((await networkAccess(deps, ctx, metadata)).network),
      submit: async (deps, ctx, metadata, values) => {
        const result = await proposeTopic(deps, ctx, await networkAccess(deps, ctx, metadata), values);
        if (!result.ok) return { kind: "errors", errors: { [result.field]: result.message } };
        return { kind: "done", reply: text(`${ctx.actor.name} proposed “${result.topic.title}”.`, "public") };
      },
    }),
    [FormIds.openVote]: form({
      schema: openVoteSchema,
      open: async (deps, ctx, metadata) => {
        const access = await networkAccess(deps, ctx, metadata);
        requireManager(access, "open a vote");
        return openVoteFormFor(deps, access.network);
      },
      submit: async (deps, ctx, metadata, values) => {
        const access = await networkAccess(deps, ctx, metadata);
        const { network } = access;
        requireManager(access, "open a vote");
        const proposed = (await deps.store.topics.list(network.id)).filter((t) => t.status === "proposed");
        const parsed = parseOpenVote(network, values, deps.clock.now(), new Set(proposed.map((t) => t.id)));
        if (!parsed.ok) return { kind: "errors", errors: parsed.errors };
        const ballot = await openBallot(deps, ctx, network, parsed.input);
        deps.wake();
        return {
          kind: "done",
          reply: text(
            `The vote is open until ${when(network, ballot.closesAt)}; the ballot is being posted to the channel.`,
          ),
        };
      },
    }),
    [FormIds.vote]: form({
      schema: voteSchema,
      open: async (deps, ctx, metadata) => {
        const ballot = await deps.store.ballots.byId(metadata);
        const network = ballot && (await deps.store.networks.byId(ballot.networkId));
        if (!ballot || !network) throw new DomainError("stale", "That vote is no longer available.");
        requireMember(await recordAccess(deps, ctx, network.id), ctx, "vote");
        if (ballot.closedAt || ballot.closesAt <= deps.clock.now())
          throw new DomainError(
            "conflict",
            closedText(ballot, (d) => when(network, d)),
          );
        return voteForm(ballot, await currentPicks(deps, ctx, ballot));
      },
      submit: async (deps, ctx, metadata, values) => {
        const ranks = values as Record<string, unknown>;
        // the picks are read from the form once the ballot is known (approval: the ticks; ranked: the rank fields)
        const picksOf = (ballot: { method: BallotMethod }) =>
          ballot.method === "approval"
            ? values.picks
            : Array.from({ length: MAX_RANKS }, (_, i) => String(ranks[`rank${i + 1}`] ?? "")).filter(
                (v) => v && v !== "none",
              );
        let cast: Awaited<ReturnType<typeof castVote>>;
        try {
          cast = await castVote(deps, ctx, metadata, picksOf);
        } catch (error) {
          if (error instanceof DomainError && error.code === "not_found")
            throw new DomainError("stale", "That vote is no longer available.");
          throw error;
        }
        if (!cast.ok && "invalid" in cast)
          return { kind: "errors", errors: { [cast.ballot.method === "ranked" ? "rank1" : "picks"]: cast.invalid } };
        if (!cast.ok) return { kind: "done", reply: text(closedText(cast.closed, (d) => when(cast.network, d))) };
        const { ballot, network, picks } = cast;
        const titles = picks
          .map((id) => ballot.topics.find((t) => t.id === id)?.title)
          .join(ballot.method === "ranked" ? " > " : ", ");
        return {
          kind: "done",
          reply: text(`Your vote is recorded: ${titles}. You can change it until ${when(network, ballot.closesAt)}.`),
        };
      },
    }),
    [FormIds.planEdit]: form({
      schema: planEditSchema,
      open: async (deps, ctx, metadata) => {
        const { network, session } = await loadPlannedSession(deps, ctx, metadata);
        return planEditForm(
          network,
          session,
          await deps.store.topics.list(network.id),
          teachersOf(await deps.store.members.list(network.id)),
        );
      },
      submit: async (deps, ctx, metadata, values) => {
        const topic = values.topic || "none";
        const teacher = values.teacher || "none";
        const { network } = await loadPlannedSession(deps, ctx, metadata);
        const members = await deps.store.members.list(network.id);
        if (teacher !== "none" && !teachersOf(members).some((m) => m.user === teacher))
          return { kind: "errors", errors: { teacher: "Choose a hub expert or facilitator of this network." } };
        const changed = await editPlan(
          deps,
          ctx,
          metadata,
          topic === "none" ? null : topic,
          teacher === "none" ? null : teacher,
        );
        return { kind: "done", reply: await planReply(deps, changed, false) };
      },
    }),
  },
};

async function openVoteFormFor(deps: CoreDeps, network: Network) {
  const topics = await deps.store.topics.list(network.id);
  if (topics.filter((t) => t.status === "proposed").length < 2)
    throw new DomainError(
      "conflict",
      "A vote needs at least 2 proposed topics. Members can propose with `propose <title>`.",
    );
  const closes = addDays(deps.clock.now(), 7);
  return openVoteForm(network, topics, { date: localDate(closes, network.timeZone), time: "17:00" });
}
