/** Claiming, releasing, assigning, freeing and swapping case slots. Two people can never hold one slot. */
import type { Ctx } from "../context";
import { requireMember } from "../curriculum/topics";
import { DomainError, notFound } from "../errors";
import type { CoreDeps } from "../feature";
import { localDate } from "../networks/schedule";
import { ensureSessions } from "../networks/service";
import type { Member, Network, Session } from "../ports";
import { requireManager } from "../roles";
import type { Slot } from "./ports";

export const PRESENT_HORIZON = 6;

export interface SessionSlots {
  session: Session;
  slots: Slot[];
}

/** The coming sessions with their case slots (created to the network's cases-per-session). */
export async function upcomingSlots(deps: CoreDeps, network: Network): Promise<SessionSlots[]> {
  const now = deps.clock.now();
  await ensureSessions(deps.store, network, now);
  const sessions = (await deps.store.sessions.upcoming(network.id, now, PRESENT_HORIZON + 6))
    .filter((s) => s.status === "scheduled")
    .slice(0, PRESENT_HORIZON);
  const out: SessionSlots[] = [];
  for (const session of sessions) {
    await deps.store.slots.ensure(session.id, network.casesPerSession);
    out.push({
      session,
      slots: (await deps.store.slots.forSession(session.id)).slice(0, Math.max(network.casesPerSession, 1)),
    });
  }
  return out;
}

/** The case form is due this long before the session; releasing a slot is possible until then. */
export const deadlineOf = (network: Network, session: Session) =>
  new Date(session.startsAt.getTime() - network.caseDueDays * 86_400_000);

export async function slotContext(
  deps: CoreDeps,
  slotId: string,
): Promise<{ slot: Slot; session: Session; network: Network }> {
  const slot = await deps.store.slots.byId(slotId);
  const session = slot && (await deps.store.sessions.byId(slot.sessionId));
  const network = session && (await deps.store.networks.byId(session.networkId));
  if (!slot || !session || !network) throw notFound("that case slot");
  return { slot, session, network };
}

function mustBeUpcoming(deps: CoreDeps, session: Session): void {
  if (session.status !== "scheduled" || session.startsAt <= deps.clock.now())
    throw new DomainError("conflict", "That session is not coming up any more.");
}

export type ClaimResult = { ok: true; slot: Slot } | { ok: false; holder: string | null };

/** Takes a free slot for `member`: one conditional update, so of many simultaneous claims exactly one wins. */
export async function claimFor(
  deps: CoreDeps,
  member: Member,
  slotId: string,
  how: "claimed" | "asked",
): Promise<ClaimResult> {
  const { slot, session } = await slotContext(deps, slotId);
  mustBeUpcoming(deps, session);
  const others = await deps.store.slots.forSession(session.id);
  if (others.some((s) => s.memberId === member.id && s.id !== slot.id))
    throw new DomainError("conflict", "You already present a case in that session; one case each.");
  const won = await deps.store.slots.claim(slot.id, member.id, how, deps.clock.now());
  if (!won) return { ok: false, holder: (await deps.store.slots.byId(slot.id))?.name ?? null };
  for (const ask of await deps.store.asks.forSlot(slot.id))
    if (ask.state === "pending" && ask.memberId !== member.id)
      await deps.store.asks.answer(ask.id, "withdrawn", deps.clock.now());
  await deps.store.audit.record({
    networkId: session.networkId,
    actor: member.user,
    action: `slot.${how}`,
    detail: { slotId },
  });
  return { ok: true, slot: (await deps.store.slots.byId(slot.id)) as Slot };
}

export async function claim(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<ClaimResult> {
  const { network } = await slotContext(deps, slotId);
  if (network.channel !== ctx.channel && !(await deps.store.members.find(network.id, ctx.actor.user)))
    throw notFound("that case slot");
  const member = await requireMember(deps, ctx, network, "present a case");
  if (!member.id)
    throw new DomainError("forbidden", "Join the network as a member (`role @you member`) to present a case.");
  return claimFor(deps, member, slotId, "claimed");
}

export async function release(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<Network> {
  const { slot, session, network } = await slotContext(deps, slotId);
  mustBeUpcoming(deps, session);
  const member = await deps.store.members.find(network.id, ctx.actor.user);
  if (!member || slot.memberId !== member.id) throw new DomainError("conflict", "You don't hold that slot.");
  if (deps.clock.now() >= deadlineOf(network, session))
    throw new DomainError(
      "conflict",
      `The case form deadline has passed (${localDate(deadlineOf(network, session), network.timeZone)}); ask a facilitator to free the slot.`,
    );
  await deps.store.slots.release(slot.id, member.id);
  await deps.store.audit.record({
    networkId: network.id,
    actor: ctx.actor.user,
    action: "slot.release",
    detail: { slotId },
  });
  return network;
}

/** A facilitator puts a member on a slot, or frees it (memberId null). */
export async function assign(deps: CoreDeps, ctx: Ctx, slotId: string, memberId: string | null): Promise<Network> {
  const { slot, session, network } = await slotContext(deps, slotId);
  requireManager(ctx, await deps.store.members.find(network.id, ctx.actor.user), "assign case slots");
  mustBeUpcoming(deps, session);
  if (memberId) {
    const members = await deps.store.members.list(network.id);
    if (!members.some((m) => m.id === memberId)) throw notFound("that member");
    const others = await deps.store.slots.forSession(session.id);
    if (others.some((s) => s.memberId === memberId && s.id !== slot.id))
      throw new DomainError("conflict", "That person already presents a case in that session.");
  }
  await deps.store.slots.assign(slot.id, memberId, deps.clock.now());
  await deps.store.audit.record({
    networkId: network.id,
    actor: ctx.actor.user,
    action: memberId ? "slot.assign" : "slot.free",
    detail: { slotId, memberId },
  });
  return network;
}

/** A facilitator swaps the people on two slots. */
export async function swap(deps: CoreDeps, ctx: Ctx, slotId: string, otherId: string): Promise<Network> {
  const a = await slotContext(deps, slotId);
  const b = await slotContext(deps, otherId);
  if (a.network.id !== b.network.id || a.slot.id === b.slot.id) throw notFound("the other slot");
  requireManager(ctx, await deps.store.members.find(a.network.id, ctx.actor.user), "swap case slots");
  mustBeUpcoming(deps, a.session);
  mustBeUpcoming(deps, b.session);
  await deps.store.transaction(async (store) => {
    await store.slots.assign(a.slot.id, b.slot.memberId, deps.clock.now());
    await store.slots.assign(b.slot.id, a.slot.memberId, deps.clock.now());
    await store.audit.record({
      networkId: a.network.id,
      actor: ctx.actor.user,
      action: "slot.swap",
      detail: { a: a.slot.id, b: b.slot.id },
    });
  });
  return a.network;
}
