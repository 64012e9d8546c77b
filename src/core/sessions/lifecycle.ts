/**
 * The session lifecycle kernel: which sessions exist as rows, and the jobs every feature hangs on them. Features
 * contribute through their `SessionHooks` (their own jobs under key prefixes they own, and start and end hooks); the
 * kernel plans, re-plans and cancels them when a session is created, skipped, restored, moved or its network's
 * settings change, and runs the start and end of each session as durable jobs of its own.
 */
import { z } from "zod";
import type { JobDeps, JobHandler, SessionHooks, SessionKernel } from "../deps";
import type { JobSpec } from "../jobs/ports";
import type { Network, Session, Store } from "../ports";
import { instantOf, localDate, occurrences } from "./calendar";

/** How many sessions ahead exist as rows, so they can be skipped, moved and given topics and presenters. */
export const HORIZON = 12;

export const SESSION_START = "session.start";
export const SESSION_END = "session.end";
/** The kernel's own key prefix; no feature may use it. */
const KERNEL_PREFIX = "session:";

const startKey = (session: Session) => `${KERNEL_PREFIX}${session.id}:${session.startsAt.getTime()}:start`;
/** The network's sessions held up to `now`, earliest first. */
export const sessionsHeld = async (store: Pick<Store, "sessions">, networkId: string, now: Date): Promise<Session[]> =>
  (await store.sessions.between(networkId, new Date(0), now)).filter((s) => s.status === "held");

/** the key of a session's end job (the seed of a benchmark's survey run ends a session through it) */
export const endKey = (session: Session) => `${KERNEL_PREFIX}${session.id}:${session.startsAt.getTime()}:end`;
export const endsAt = (session: Session) => new Date(session.startsAt.getTime() + session.durationMinutes * 60_000);

const lifecyclePayload = z.object({ sessionId: z.string(), startsAt: z.number() });

export interface Lifecycle extends SessionKernel {
  /** the kernel's job handlers (a session's start and end), to be merged into the job table */
  handlers: Readonly<Record<string, JobHandler>>;
}

export function createLifecycle(hooks: readonly SessionHooks[]): Lifecycle {
  const owners = hooks.filter((h) => h.sessionJobs);
  const prefixes = owners.flatMap((h) => h.sessionJobs?.prefixes ?? []);
  for (const [i, prefix] of prefixes.entries()) {
    if (prefix.startsWith(KERNEL_PREFIX) || KERNEL_PREFIX.startsWith(prefix))
      throw new Error(`session job prefix "${prefix}" overlaps the kernel's own`);
    const clash = prefixes.find((other, j) => j !== i && (other.startsWith(prefix) || prefix.startsWith(other)));
    if (clash) throw new Error(`session job prefixes "${prefix}" and "${clash}" overlap: each feature owns its own`);
  }
  const starters = hooks.filter((h) => h.onStart);
  const enders = hooks.filter((h) => h.onEnd);

  /** The kernel's own jobs for a session: its start and its end, each while some feature acts then. */
  const kernelJobs = (network: Network, session: Session, now: Date): JobSpec[] => {
    const payload = { sessionId: session.id, startsAt: session.startsAt.getTime() };
    const specs: JobSpec[] = [];
    if (starters.length && session.startsAt > now)
      specs.push({
        key: startKey(session),
        kind: SESSION_START,
        dueAt: session.startsAt,
        networkId: network.id,
        payload,
      });
    if (enders.length && endsAt(session) > now)
      specs.push({ key: endKey(session), kind: SESSION_END, dueAt: endsAt(session), networkId: network.id, payload });
    return specs;
  };

  const checkOwned = (owned: readonly string[], specs: JobSpec[]) => {
    const stray = specs.find((s) => !owned.some((p) => s.key.startsWith(p)));
    if (stray) throw new Error(`session job ${stray.key} is outside its owner's prefixes (${owned.join(", ")})`);
  };

  const planFor = async (store: Store, owned: readonly string[], session: Session, specs: JobSpec[]): Promise<void> => {
    checkOwned(owned, specs);
    await store.jobs.cancelForSession(session.id, { prefixes: owned, keep: specs.map((s) => s.key) });
    await store.jobs.plan(specs.map((s) => ({ ...s, sessionId: session.id })));
  };

  /** Every job the kernel and the features want for a session now, checked against their owners' prefixes. */
  const wanted = async (store: Store, network: Network, session: Session, now: Date): Promise<JobSpec[]> => {
    if (session.status !== "scheduled") return [];
    const specs = [...kernelJobs(network, session, now)];
    for (const owner of owners) {
      const jobs = owner.sessionJobs;
      if (!jobs) continue;
      const own = await jobs.jobs(store, network, session, now);
      checkOwned(jobs.prefixes, own);
      specs.push(...own);
    }
    return specs.map((s) => ({ ...s, sessionId: session.id }));
  };

  const replan: SessionKernel["replan"] = async (store, network, session, now, only) => {
    const live = session.status === "scheduled";
    if (!only) await planFor(store, [KERNEL_PREFIX], session, live ? kernelJobs(network, session, now) : []);
    for (const owner of owners) {
      if (only && owner.name !== only) continue;
      const jobs = owner.sessionJobs;
      if (!jobs) continue;
      await planFor(store, jobs.prefixes, session, live ? await jobs.jobs(store, network, session, now) : []);
    }
  };

  const ensure: SessionKernel["ensure"] = async (store, network, now, count = HORIZON) => {
    const today = localDate(now, network.timeZone);
    const rows = occurrences(network, today, count).map((occurrence) => ({
      occurrence,
      startsAt: instantOf(occurrence, network.startTime, network.timeZone),
      durationMinutes: network.durationMinutes,
    }));
    for (const session of await store.sessions.ensure(network.id, rows)) await replan(store, network, session, now);
  };

  const replanAll = async (store: Store, network: Network, now: Date) => {
    for (const session of await store.sessions.upcoming(network.id, now, 100))
      await replan(store, network, session, now);
  };

  const fillIn: SessionKernel["fillIn"] = async (store, network, now) => {
    for (const session of await store.sessions.upcoming(network.id, now, 100))
      await store.jobs.addMissing(await wanted(store, network, session, now));
  };

  const resync: SessionKernel["resync"] = async (store, network, now) => {
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
    await ensure(store, network, now);
    await replanAll(store, network, now);
  };

  const find: SessionKernel["find"] = async (store, sessionId) => {
    const session = await store.sessions.byId(sessionId);
    const network = session && (await store.networks.byId(session.networkId));
    return session && network ? { session, network } : undefined;
  };

  const upcoming: SessionKernel["upcoming"] = async (store, network, now, count) => {
    await ensure(store, network, now);
    return (await store.sessions.upcoming(network.id, now, count + HORIZON))
      .filter((s) => s.status === "scheduled")
      .slice(0, count);
  };

  const endNow: SessionKernel["endNow"] = async (store, network, session, now) => {
    if (!enders.length || session.status !== "scheduled" || session.startsAt > now || endsAt(session) <= now)
      return false;
    await store.jobs.plan([
      {
        key: endKey(session),
        kind: SESSION_END,
        dueAt: now,
        networkId: network.id,
        sessionId: session.id,
        payload: { sessionId: session.id, startsAt: session.startsAt.getTime(), early: true },
      },
    ]);
    return true;
  };

  /** The session as the job knew it, or nothing when it was skipped, moved or ended since. */
  const current = async (deps: JobDeps, payload: unknown) => {
    const p = lifecyclePayload.parse(payload);
    const found = await find(deps.store, p.sessionId);
    if (!found || found.session.startsAt.getTime() !== p.startsAt) return undefined;
    return found;
  };

  const handlers: Record<string, JobHandler> = {
    [SESSION_START]: async (deps, job) => {
      const found = await current(deps, job.payload);
      if (found?.session.status !== "scheduled") return;
      for (const hook of starters) await hook.onStart?.(deps, found.network, found.session);
    },
    [SESSION_END]: async (deps, job) => {
      const found = await current(deps, job.payload);
      if (!found) return;
      // the transition happens once; a retry after a crash finds the session held and runs the hooks again, which
      // are idempotent by their own job keys
      if (found.session.status === "scheduled")
        await deps.store.sessions.transition(found.session.id, "scheduled", "held");
      else if (found.session.status !== "held") return;
      const held = { ...found.session, status: "held" as const };
      for (const hook of enders) await hook.onEnd?.(deps, found.network, held);
    },
  };

  const networkJobs: SessionKernel["networkJobs"] = async (store, network, now) => {
    const specs = hooks.flatMap((h) => h.networkJobs?.(network, now) ?? []);
    if (specs.length) await store.jobs.addMissing(specs.map((s) => ({ ...s, networkId: network.id })));
  };

  const setUp: SessionKernel["setUp"] = async (store, network, now) => {
    await ensure(store, network, now);
    await networkJobs(store, network, now);
  };

  return { ensure, setUp, networkJobs, resync, replan, fillIn, find, upcoming, endNow, handlers };
}
