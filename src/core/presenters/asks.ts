/** Offering open slots through the rotation: ask, accept, pass, and move on when an ask goes unanswered. */
import { recordAccess } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps, JobDeps, SessionJobs } from "../deps";
import { DomainError } from "../errors";
import type { Member, Network, Session } from "../ports";
import { describeSlot, localDate } from "../sessions/calendar";
import { askCard } from "./cards";
import type { Slot } from "./ports";
import { awayOn, rotationOrder } from "./rotation";
import { claimFor, slotContext } from "./slots";

export const ROTATION_CHECK = "rotation.check";
export const ROTATION_NEXT = "rotation.next";
export const ASK_EXPIRE = "rotation.expire";

const PREFIX = "rotation:";
export const rotationKey = (session: Session) => `${PREFIX}${session.id}:${session.startsAt.getTime()}`;

/** Open case slots go to the rotation N days before the session (at once, for a session nearer than that). */
export const rotationSessionJobs: SessionJobs = {
  prefixes: [PREFIX],
  jobs: async (_store, network, session, now) =>
    session.startsAt <= now
      ? []
      : [
          {
            key: rotationKey(session),
            kind: ROTATION_CHECK,
            dueAt: new Date(Math.max(now.getTime(), session.startsAt.getTime() - network.rotationAskDays * 86_400_000)),
            networkId: network.id,
            sessionId: session.id,
            payload: { sessionId: session.id, startsAt: session.startsAt.getTime() },
          },
        ],
};

/** Who would be asked next for a slot of this session: not away that day, not asked already, not presenting soon. */
export async function nextCandidate(
  deps: CoreDeps,
  network: Network,
  session: Session,
  slot: Slot,
): Promise<Member | undefined> {
  const now = deps.clock.now();
  const members = await deps.store.members.list(network.id);
  const asked = new Set((await deps.store.asks.forSlot(slot.id)).map((a) => a.memberId));
  // someone already holding an open question for another slot of this session is not asked twice at once
  for (const other of await deps.store.slots.forSession(session.id))
    for (const a of await deps.store.asks.forSlot(other.id)) if (a.state === "pending") asked.add(a.memberId);
  const away = await deps.store.people.awayFor(network.id);
  const day = localDate(session.startsAt, network.timeZone);
  const busy = await deps.store.slots.holders(network.id, now);
  const history = await deps.store.slots.history(network.id, now);
  const [next] = rotationOrder(
    members,
    history,
    1,
    (m) => asked.has(m.id) || busy.has(m.id) || awayOn(away, m.id, day),
  );
  return next?.member;
}

/** Asks the next person for an open slot (or re-sends the pending ask after a crash). Idempotent. */
export async function askNext(deps: JobDeps, slotId: string): Promise<void> {
  const { slot, session, network } = await slotContext(deps, slotId);
  const now = deps.clock.now();
  if (slot.memberId || session.status !== "scheduled" || session.startsAt <= now) return;
  let ask = (await deps.store.asks.forSlot(slot.id)).find((a) => a.state === "pending");
  let member = ask && (await deps.store.members.list(network.id)).find((m) => m.id === ask?.memberId);
  if (!ask) {
    member = await nextCandidate(deps, network, session, slot);
    if (!member) {
      const text = `Nobody is left in the rotation to ask for case ${slot.position} on ${describeSlot(session.startsAt, session.durationMinutes, network.timeZone)}. Please assign it with \`present\`.`;
      for (const f of (await deps.store.members.list(network.id)).filter((m) => m.role === "facilitator"))
        await deps.messenger.send(f.user, { text }, { dedupeKey: `rotation:${slot.id}:exhausted:${f.user}` });
      // people may join or come back from time away: look again each day while the slot is open
      const again = new Date(now.getTime() + 86_400_000);
      if (again.getTime() < session.startsAt.getTime() - 3_600_000)
        await deps.store.jobs.plan([
          {
            key: `${PREFIX}${slot.id}:again:${localDate(again, network.timeZone)}`,
            kind: ROTATION_NEXT,
            dueAt: again,
            networkId: network.id,
            payload: { slotId: slot.id },
          },
        ]);
      return;
    }
    ask = await deps.store.asks.create(slot.id, member.id, now);
    if (!ask) return; // another copy asked at the same moment
  }
  if (!member) return;
  await deps.messenger.send(
    member.user,
    { card: askCard(network, session, slot, ask.id) },
    { dedupeKey: `ask:${ask.id}` },
  );
  const expiresAt = new Date(
    Math.min(ask.askedAt.getTime() + network.askTimeoutHours * 3_600_000, session.startsAt.getTime() - 3_600_000),
  );
  await deps.store.jobs.plan([
    // no sessionId: replanning a session's reminders must not cancel a pending ask's expiry (handlers check the session)
    {
      key: `ask:${ask.id}:expire`,
      kind: ASK_EXPIRE,
      dueAt: expiresAt,
      networkId: network.id,
      payload: { askId: ask.id },
    },
  ]);
}

async function myAsk(deps: CoreDeps, ctx: Ctx, askId: string) {
  const ask = await deps.store.asks.byId(askId);
  if (!ask) throw new DomainError("stale", "That request is no longer open.");
  const { network, session, slot } = await slotContext(deps, ask.slotId);
  const member = (await deps.store.members.list(network.id)).find((m) => m.id === ask.memberId);
  if (!member || member.user !== ctx.actor.user)
    throw new DomainError("forbidden", "That request was sent to someone else.");
  await recordAccess(deps, ctx, network.id);
  return { ask, member, network, session, slot };
}

export async function acceptAsk(deps: CoreDeps, ctx: Ctx, askId: string): Promise<string> {
  const { ask, member, network, session } = await myAsk(deps, ctx, askId);
  if (ask.state === "accepted") return "You have this slot already. Thank you!";
  if (ask.state !== "pending") return "This request has moved on to someone else; thank you all the same.";
  const claimed = await claimFor(deps, member, ask.slotId, "asked");
  await deps.store.asks.answer(ask.id, claimed.ok ? "accepted" : "withdrawn", deps.clock.now());
  if (!claimed.ok) return "Someone took that slot meanwhile; thank you all the same.";
  return `Thank you! You present a case on ${describeSlot(session.startsAt, session.durationMinutes, network.timeZone)}. Fill in the de-identified case form with \`case\`.`;
}

export async function passAsk(deps: CoreDeps, ctx: Ctx, askId: string): Promise<string> {
  const { ask, network } = await myAsk(deps, ctx, askId);
  if (!(await deps.store.asks.answer(ask.id, "passed", deps.clock.now())))
    return "This request has already been answered.";
  await deps.store.jobs.plan([
    {
      key: `ask:${ask.id}:next`,
      kind: ROTATION_NEXT,
      dueAt: deps.clock.now(),
      networkId: network.id,
      payload: { slotId: ask.slotId },
    },
  ]);
  deps.wake();
  return "No problem: I'll ask the next person. Your place in the rotation is kept.";
}
