/** Networks and their schedule: set up or change a network, skip, restore and move its sessions. */
import { type Access, channelAccess, recordAccess, requireManager } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError, notFound } from "../errors";
import type { Network, NetworkSettings, Session } from "../ports";
import { instantOf } from "../sessions/calendar";
import { endsAt } from "../sessions/lifecycle";

const SETTING_KEYS = (settings: NetworkSettings) => Object.keys(settings) as Array<keyof NetworkSettings>;

/** Whether saving `settings` would change anything about the network. */
export const changesNothing = (network: Network, settings: NetworkSettings) =>
  SETTING_KEYS(settings).every((key) => network[key] === settings[key]);

export type SetupOutcome = { network: Network; created: boolean; changed: boolean };

export async function saveSetup(deps: CoreDeps, ctx: Ctx, settings: NetworkSettings): Promise<SetupOutcome> {
  const now = deps.clock.now();
  return deps.store.transaction(async (store) => {
    const existing = await store.networks.byChannel(ctx.channel);
    if (existing) {
      requireManager(await channelAccess({ store }, ctx), "change this network's settings");
      // the same form sent twice (a double click, a platform retry) changes nothing the second time
      if (changesNothing(existing, settings)) return { network: existing, created: false, changed: false };
      const network = await store.networks.update(existing.id, settings);
      await deps.sessions.resync(store, network, now);
      await store.audit.record({
        networkId: network.id,
        actor: ctx.actor.user,
        action: "network.update",
        detail: { ...settings },
      });
      return { network, created: false, changed: true };
    }
    if (ctx.actor.guest)
      throw new DomainError("forbidden", "Guests of this workspace can't set up a network. Ask a member of the team.");
    const network = await store.networks.create(ctx.channel, ctx.platform, ctx.workspace, settings);
    await store.members.upsert(network.id, ctx.actor.user, ctx.actor.name, "facilitator");
    await deps.sessions.setUp(store, network, now);
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "network.create",
      detail: { ...settings },
    });
    return { network, created: true, changed: true };
  });
}

/** A session of the request's network that a manager may change. */
export async function managedSession(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
  what: string,
): Promise<{ access: Access; session: Session }> {
  const found = await deps.sessions.find(deps.store, sessionId);
  if (!found) throw notFound("that session");
  const access = await recordAccess(deps, ctx, found.network.id);
  requireManager(access, what);
  if (endsAt(found.session) <= deps.clock.now())
    throw new DomainError("conflict", "That session is already over, so it can't be changed.");
  return { access, session: found.session };
}

/** Skips or restores a session and its jobs, in one transaction (a double click finds it done already). */
export async function skipSession(deps: CoreDeps, ctx: Ctx, sessionId: string, skip: boolean): Promise<Access> {
  return deps.store.transaction(async (store) => {
    const { access, session } = await managedSession(
      { ...deps, store },
      ctx,
      sessionId,
      skip ? "skip a session" : "restore a session",
    );
    const { network } = access;
    if (skip === (session.status === "skipped")) return access;
    const changed = await store.sessions.setStatus(
      session.id,
      skip ? "skipped" : "scheduled",
      skip ? `Skipped by ${ctx.actor.name}` : null,
    );
    await deps.sessions.replan(store, network, changed, deps.clock.now());
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: skip ? "session.skip" : "session.unskip",
      detail: { sessionId, occurrence: session.occurrence },
    });
    return access;
  });
}

export type MoveResult = { ok: true; access: Access } | { ok: false; errors: Record<string, string> };

export async function moveSession(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
  date: string,
  time: string,
): Promise<MoveResult> {
  return deps.store.transaction(async (store) => {
    const { access, session } = await managedSession({ ...deps, store }, ctx, sessionId, "move a session");
    const { network } = access;
    const startsAt = instantOf(date, time, network.timeZone);
    if (startsAt <= deps.clock.now())
      return { ok: false, errors: { date: "The new date and time must be in the future." } };
    const moved = await store.sessions.reschedule(
      session.id,
      startsAt,
      session.durationMinutes,
      true,
      `Moved by ${ctx.actor.name} from ${session.occurrence}`,
    );
    await deps.sessions.replan(store, network, moved, deps.clock.now());
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "session.move",
      detail: { sessionId, from: session.startsAt.toISOString(), to: startsAt.toISOString() },
    });
    return { ok: true as const, access };
  });
}
