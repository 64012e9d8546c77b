/** A case's durable work: to the hub experts, the day's summary to the channel, recommendations and follow-up. */
import { z } from "zod";
import type { JobDeps, JobHandler } from "../deps";
import { slotContext } from "../presenters/slots";
import { caseCard, daySummaryCard, followUpCard, recommendationsCard } from "./cards";
import { CASE_FOLLOW_UP, CASE_RECOMMEND, CASE_SHARE, CASE_SUMMARY } from "./service";

const bySlot = z.object({ slotId: z.string() });

async function load(deps: JobDeps, slotId: string) {
  const { slot, session, network } = await slotContext(deps, slotId);
  const form = await deps.store.cases.bySlot(slot.id);
  return { slot, session, network, form };
}

const share: JobHandler = async (deps, job) => {
  const { slot, session, network, form } = await load(deps, bySlot.parse(job.payload).slotId);
  if (form?.status !== "submitted" || !slot.user) return;
  const card = caseCard(network, session, slot.name ?? "a presenter", form);
  for (const expert of (await deps.store.members.list(network.id)).filter((m) => m.role === "hub_expert"))
    await deps.messenger.send(
      expert.user,
      { card },
      { dedupeKey: `${job.key}|${expert.user}`, retry: job.attempts > 1 },
    );
};

const summary: JobHandler = async (deps, job) => {
  const { sessionId, startsAt } = z.object({ sessionId: z.string(), startsAt: z.number() }).parse(job.payload);
  const found = await deps.sessions.find(deps.store, sessionId);
  if (found?.session.status !== "scheduled" || found.session.startsAt.getTime() !== startsAt) return;
  const { session, network } = found;
  const cases = [];
  for (const slot of await deps.store.slots.forSession(session.id)) {
    const form = await deps.store.cases.bySlot(slot.id);
    if (form?.status === "submitted") cases.push({ presenter: slot.name ?? "a presenter", form });
  }
  if (cases.length)
    await deps.messenger.send(
      network.channel,
      { card: daySummaryCard(network, session, cases) },
      { dedupeKey: job.key, retry: job.attempts > 1 },
    );
};

const recommend: JobHandler = async (deps, job) => {
  const { slot, session, network, form } = await load(deps, bySlot.parse(job.payload).slotId);
  if (!form?.recommendations || !slot.user) return;
  await deps.messenger.send(
    slot.user,
    { card: recommendationsCard(network, session, form) },
    { dedupeKey: job.key, retry: job.attempts > 1 },
  );
};

const followUp: JobHandler = async (deps, job) => {
  const { slot, session, network, form } = await load(deps, bySlot.parse(job.payload).slotId);
  if (!form || form.outcome || !slot.user) return;
  await deps.messenger.send(
    slot.user,
    { card: followUpCard(network, session, slot.id) },
    { dedupeKey: job.key, retry: job.attempts > 1 },
  );
};

export const caseHandlers: Readonly<Record<string, JobHandler>> = {
  [CASE_SHARE]: share,
  [CASE_SUMMARY]: summary,
  [CASE_RECOMMEND]: recommend,
  [CASE_FOLLOW_UP]: followUp,
};
