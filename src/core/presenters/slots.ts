/**
 * Claiming, releasing, assigning, freeing and swapping case slots. Two people can never hold one slot, and nobody
 * holds two slots of one session: both are rules of the database, not only of this code.
 */
import { createHash } from "node:crypto";
import { type Access, recordAccess, requireManager, requireMember } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError, notFound } from "../errors";
import type { Member, Network, Session, Store } from "../ports";
import { localDate } from "../sessions/calendar";
import type { Slot } from "./ports";

export const PRESENT_HORIZON = 6;

export interface SessionSlots {
  session: Session;
  slots: Slot[];
}

/** The coming sessions with their case slots (created to the network's cases-per-session). */
export async function upcomingSlots(deps: CoreDeps, network: Network): Promise<SessionSlots[]> {
  const sessions = await deps.sessions.upcoming(deps.store, network, deps.clock.now(), PRESENT_HORIZON);
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

/** The slots `present` listed, read without creating anything (for a form opened from that card). */
export async function listedSlots(deps: CoreDeps, network: Network): Promise<SessionSlots[]> {
  const sessions = (await deps.store.sessions.upcoming(network.id, deps.clock.now(), PRESENT_HORIZON * 3))
    .filter((s) => s.status === "scheduled")
    .slice(0, PRESENT_HORIZON);
  const out: SessionSlots[] = [];
  for (const session of sessions)
    out.push({ session, slots: (await deps.store.slots.forSession(session.id)).slice(0, network.casesPerSession) });
  return out;
}

/** The case form is due this long before the session; releasing a slot is possible until then. */
export const deadlineOf = (network: Network, session: Session) =>
  new Date(session.startsAt.getTime() - network.caseDueDays * 86_400_000);

export async function slotContext(
  deps: Pick<CoreDeps, "store" | "sessions">,
  slotId: string,
): Promise<{ slot: Slot; session: Session; network: Network }> {
  const slot = await deps.store.slots.byId(slotId);
  const found = slot && (await deps.sessions.find(deps.store, slot.sessionId));
  if (!slot || !found) throw notFound("that case slot");
  return { slot, ...found };
}

function mustBeUpcoming(deps: CoreDeps, session: Session): void {
  if (session.status !== "scheduled" || session.startsAt <= deps.clock.now())
    throw new DomainError("conflict", "That session is not coming up any more.");
}

const oneEach = () => new DomainError("conflict", "You already present a case in that session; one case each.");

export type ClaimResult = { ok: true; slot: Slot } | { ok: false; holder: string | null };
export type ClaimReply = ClaimResult & { access: Access };

/** Takes a free slot for `member`: one conditional update, so of many simultaneous claims exactly one wins. */
export async function claimFor(
  deps: CoreDeps,
  member: Member,
  slotId: string,
  how: "claimed" | "asked",
): Promise<ClaimResult> {
  const { slot, session } = await slotContext(deps, slotId);
  mustBeUpcoming(deps, session);
  const outcome = await deps.store.slots.claim(slot.id, member.id, how, deps.clock.now());
  if (outcome === "duplicate") throw oneEach();
  if (outcome === "taken") {
    const holder = await deps.store.slots.byId(slot.id);
    if (holder?.memberId === member.id) return { ok: true, slot: holder }; // a double click: it is theirs already
    return { ok: false, holder: holder?.name ?? null };
  }
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

export async function claim(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<ClaimReply> {
  const { network } = await slotContext(deps, slotId);
  const access = await recordAccess(deps, ctx, network.id);
  const member = requireMember(access, ctx, "present a case");
  if (!member.id)
    throw new DomainError("forbidden", "Join the network as a member (`role @you member`) to present a case.");
  return { ...(await claimFor(deps, member, slotId, "claimed")), access };
}

export async function release(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<Access> {
  const { slot, session, network } = await slotContext(deps, slotId);
  const access = await recordAccess(deps, ctx, network.id);
  mustBeUpcoming(deps, session);
  const { member } = access;
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
  return access;
}

/** A facilitator puts a member on a slot, or frees it (memberId null). */
export async function assign(deps: CoreDeps, ctx: Ctx, slotId: string, memberId: string | null): Promise<Access> {
  const { slot, session, network } = await slotContext(deps, slotId);
  const access = await recordAccess(deps, ctx, network.id);
  requireManager(access, "assign case slots");
  mustBeUpcoming(deps, session);
  if (memberId) {
    const members = await deps.store.members.list(network.id);
    if (!members.some((m) => m.id === memberId)) throw notFound("that member");
  }
  const outcome = await deps.store.slots.assign(slot.id, memberId, slot.memberId, deps.clock.now());
  if (outcome === "duplicate")
    throw new DomainError("conflict", "That person already presents a case in that session.");
  if (outcome === "changed")
    throw new DomainError("conflict", "Someone changed that slot just now; nothing was assigned. Run `present` again.");
  await deps.store.audit.record({
    networkId: network.id,
    actor: ctx.actor.user,
    action: memberId ? "slot.assign" : "slot.free",
    detail: { slotId, memberId },
  });
  return access;
}

/** A short token of who holds two slots, carried by the swap form so that a stale or repeated swap is noticed. */
export const holdersToken = (a: Slot, b: Slot) =>
  createHash("sha256")
    .update(`${a.id}=${a.memberId ?? ""};${b.id}=${b.memberId ?? ""}`)
    .digest("hex")
    .slice(0, 12);

/** The swap form's choice: the other slot and the holders both had when the form was opened. */
export const swapChoice = (a: Slot, b: Slot) => `${b.id}~${holdersToken(a, b)}`;

export type SwapOutcome = "swapped" | "already";

/**
 * A facilitator swaps the people on two slots, atomically and only as the form showed them: a claim made since is
 * never overwritten, and the same swap sent twice (a double click) does not swap them back.
 */
export async function swap(deps: CoreDeps, ctx: Ctx, slotId: string, otherId: string, token: string): Promise<Access> {
  const first = await slotContext(deps, slotId);
  const access = await recordAccess(deps, ctx, first.network.id);
  requireManager(access, "swap case slots");
  await deps.store.transaction(async (store: Store) => {
    // a swap sent twice at once waits here for the first, then finds it done
    await store.slots.lock([slotId, otherId]);
    const a = await slotContext({ ...deps, store }, slotId);
    const b = await slotContext({ ...deps, store }, otherId);
    if (a.network.id !== b.network.id || a.slot.id === b.slot.id) throw notFound("the other slot");
    mustBeUpcoming(deps, a.session);
    mustBeUpcoming(deps, b.session);
    if (holdersToken(a.slot, b.slot) !== token) {
      // the state the form showed, swapped: this very swap was applied already
      const swapped = holdersToken({ ...a.slot, memberId: b.slot.memberId }, { ...b.slot, memberId: a.slot.memberId });
      if (swapped === token) return "already";
      throw new DomainError(
        "conflict",
        "Those slots changed since the form was opened; nothing was swapped. Run `present` again.",
      );
    }
    const now = deps.clock.now();
    const steps: Array<[string, string | null, string | null]> = [
      [a.slot.id, null, a.slot.memberId],
      [b.slot.id, a.slot.memberId, b.slot.memberId],
      [a.slot.id, b.slot.memberId, null],
    ];
    for (const [id, to, expected] of steps) {
      const outcome = await store.slots.assign(id, to, expected, now);
      if (outcome === "duplicate")
        throw new DomainError("conflict", "That would give someone two cases in one session; nothing was swapped.");
      if (outcome === "changed")
        throw new DomainError(
          "conflict",
          "Someone changed those slots just now; nothing was swapped. Run `present` again.",
        );
    }
    await store.audit.record({
      networkId: a.network.id,
      actor: ctx.actor.user,
      action: "slot.swap",
      detail: { a: a.slot.id, b: b.slot.id },
    });
    return "swapped";
  });
  return access;
}
