/** The rotation's durable work: offer open slots N days before, ask the next person after a pass or a silence. */
import { z } from "zod";
import type { JobHandler } from "../deps";
import { describeSlot } from "../sessions/calendar";
import { ASK_EXPIRE, askNext, ROTATION_CHECK, ROTATION_NEXT } from "./asks";
import { slotContext } from "./slots";

const check: JobHandler = async (deps, job) => {
  const { sessionId, startsAt } = z.object({ sessionId: z.string(), startsAt: z.number() }).parse(job.payload);
  const found = await deps.sessions.find(deps.store, sessionId);
  if (found?.session.status !== "scheduled" || found.session.startsAt.getTime() !== startsAt) return;
  const { session, network } = found;
  await deps.store.slots.ensure(session.id, network.casesPerSession);
  for (const slot of (await deps.store.slots.forSession(session.id)).slice(0, network.casesPerSession))
    if (!slot.memberId) await askNext(deps, slot.id);
};

const next: JobHandler = async (deps, job) => {
  await askNext(deps, z.object({ slotId: z.string() }).parse(job.payload).slotId);
};

const expire: JobHandler = async (deps, job) => {
  const { askId } = z.object({ askId: z.string() }).parse(job.payload);
  const ask = await deps.store.asks.byId(askId);
  if (ask?.state !== "pending") return;
  const { network, session } = await slotContext(deps, ask.slotId);
  if (await deps.store.asks.answer(ask.id, "expired", deps.clock.now())) {
    const member = (await deps.store.members.list(network.id)).find((m) => m.id === ask.memberId);
    const text = `No answer came, so I've asked the next person to present on ${describeSlot(session.startsAt, session.durationMinutes, network.timeZone)}. Your place in the rotation is kept.`;
    if (member) await deps.messenger.send(member.user, { text }, { dedupeKey: `${job.key}:told` });
  }
  await askNext(deps, ask.slotId);
};

export const presenterHandlers: Readonly<Record<string, JobHandler>> = {
  [ROTATION_CHECK]: check,
  [ROTATION_NEXT]: next,
  [ASK_EXPIRE]: expire,
};
