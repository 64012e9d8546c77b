/** Networks and their schedule: set up, keep the session rows in step with the cadence, skip and move. */
import type { Ctx } from "../context";
import { DomainError, notFound, notSetUp } from "../errors";
import type { CoreDeps } from "../feature";
import type { Network, NetworkSettings, Session, Store } from "../ports";
import { planNetworkReminders, planSessionReminders } from "../reminders/plan";
import { requireManager } from "../roles";
import { instantOf, isValidDate, isValidTime, localDate, occurrences } from "./schedule";

/** How many sessions ahead exist as rows, so they can be skipped, moved and given topics and presenters. */
export const HORIZON = 12;

export async function networkFor(store: Store, ctx: Ctx): Promise<Network> {
  const network = await store.networks.byChannel(ctx.channel);
  if (!network) throw notSetUp();
  return network;
}

/** Adds missing session rows up to the horizon, from today in the network's zone. */
export async function ensureSessions(store: Store, network: Network, now: Date, count = HORIZON): Promise<void> {
  const today = localDate(now, network.timeZone);
  const rows = occurrences(network, today, count).map((occurrence) => ({
    occurrence,
    startsAt: instantOf(occurrence, network.startTime, network.timeZone),
    durationMinutes: network.durationMinutes,
  }));
  for (const session of await store.sessions.ensure(network.id, rows))
    await planSessionReminders(store, network, session, now);
}

/**
 * After a settings change: future sessions the cadence still gives move to the new time; untouched ones it no longer
 * gives are removed (or cancelled, when something is attached to them); moved ones stay where they were put.
 */
export async function resyncSessions(store: Store, network: Network, now: Date): Promise<void> {
  const today = localDate(now, network.timeZone);
  const wanted = new Set(occurrences(network, today, HORIZON));
  const existing = (await store.sessions.fromOccurrence(network.id, today)).filter((s) => s.startsAt > now);
  const gone: string[] = [];
  for (const session of existing) {
    if (session.moved) continue;
    if (wanted.has(session.occurrence)) {
      const startsAt = instantOf(session.occurrence, network.startTime, network.timeZone);
      if (startsAt.getTime() !== session.startsAt.getTime() || session.durationMinutes !== network.durationMinutes)
        await store.sessions.reschedule(session.id, startsAt, network.durationMinutes, false, session.note);
    } else if (session.status === "scheduled") gone.push(session.id);
  }
  if (gone.length) {
    for (const id of gone) await store.jobs.cancelForSession(id);
    await store.sessions.remove(gone);
  }
  await ensureSessions(store, network, now);
  await planNetworkReminders(store, network, now);
}

export async function saveSetup(
  deps: CoreDeps,
  ctx: Ctx,
  settings: NetworkSettings,
): Promise<{ network: Network; created: boolean }> {
  const now = deps.clock.now();
  return deps.store.transaction(async (store) => {
    const existing = await store.networks.byChannel(ctx.channel);
    if (existing) {
      requireManager(ctx, await store.members.find(existing.id, ctx.actor.user), "change this network's settings");
      const network = await store.networks.update(existing.id, settings);
      await resyncSessions(store, network, now);
      await store.audit.record({
        networkId: network.id,
        actor: ctx.actor.user,
        action: "network.update",
        detail: { ...settings },
      });
      return { network, created: false };
    }
    const network = await store.networks.create(ctx.channel, ctx.platform, settings);
    await store.members.upsert(network.id, ctx.actor.user, ctx.actor.name, "facilitator");
    await ensureSessions(store, network, now);
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "network.create",
      detail: { ...settings },
    });
    return { network, created: true };
  });
}

/** A session of this channel's network that a manager may change. */
async function managedSession(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
  what: string,
): Promise<{ network: Network; session: Session }> {
  const network = await networkFor(deps.store, ctx);
  requireManager(ctx, await deps.store.members.find(network.id, ctx.actor.user), what);
  const session = await deps.store.sessions.byId(sessionId);
  if (!session || session.networkId !== network.id) throw notFound("that session");
  if (session.startsAt.getTime() + session.durationMinutes * 60_000 <= deps.clock.now().getTime())
    throw new DomainError("conflict", "That session is already over, so it can't be changed.");
  return { network, session };
}

/** Skips or restores a session and its reminders, in one transaction (a double click finds it done already). */
export async function skipSession(deps: CoreDeps, ctx: Ctx, sessionId: string, skip: boolean): Promise<Network> {
  return deps.store.transaction(async (store) => {
    const { network, session } = await managedSession(
      { ...deps, store },
      ctx,
      sessionId,
      skip ? "skip a session" : "restore a session",
    );
    if (skip === (session.status === "skipped")) return network;
    const changed = await store.sessions.setStatus(
      session.id,
      skip ? "skipped" : "scheduled",
      skip ? `Skipped by ${ctx.actor.name}` : null,
    );
    await planSessionReminders(store, network, changed, deps.clock.now());
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: skip ? "session.skip" : "session.unskip",
      detail: { sessionId, occurrence: session.occurrence },
    });
    return network;
  });
}

export async function loadSession(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
): Promise<{ network: Network; session: Session }> {
  return managedSession(deps, ctx, sessionId, "move a session");
}

export type MoveResult = { ok: true; network: Network } | { ok: false; errors: Record<string, string> };

export async function moveSession(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
  date: string,
  time: string,
): Promise<MoveResult> {
  const errors: Record<string, string> = {};
  if (!isValidDate(date.trim())) errors.date = "Give the new date as YYYY-MM-DD.";
  if (!isValidTime(time.trim())) errors.time = "Give the new start time as HH:MM, 24-hour.";
  if (Object.keys(errors).length) return { ok: false, errors };
  return deps.store.transaction(async (store) => {
    const { network, session } = await managedSession({ ...deps, store }, ctx, sessionId, "move a session");
    const startsAt = instantOf(date.trim(), time.trim(), network.timeZone);
    if (startsAt <= deps.clock.now())
      return { ok: false, errors: { date: "The new date and time must be in the future." } };
    const moved = await store.sessions.reschedule(
      session.id,
      startsAt,
      session.durationMinutes,
      true,
      `Moved by ${ctx.actor.name} from ${session.occurrence}`,
    );
    await planSessionReminders(store, network, moved, deps.clock.now());
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "session.move",
      detail: { sessionId, from: session.startsAt.toISOString(), to: startsAt.toISOString() },
    });
    return { ok: true as const, network };
  });
}
