/**
 * Turns a session into its reminder jobs. Each (session, start time, kind, offset) is one "expand" job; when due it
 * expands into one "send" job per recipient (keys `<expand key>|<recipient>`), so a fan-out survives a crash half
 * way and nobody gets a reminder twice. A moved session gets new keys (its start time is in them); a skipped,
 * cancelled or past one keeps none.
 */
import type { JobSpec } from "../jobs/ports";
import type { Network, Session, Store } from "../ports";
import { ROTATION_CHECK, rotationKey } from "../presenters/asks";
import { offsetsFor, REMINDER_KINDS } from "./kinds";

export const EXPAND = "reminder.expand";
export const SEND = "reminder.send";
export const PROGRESS = "fanout.progress";
export const progressKey = (expand: string) => `${expand}#progress`;

export const expandKey = (session: Session, kind: string, offset: number) =>
  `remind:${session.id}:${session.startsAt.getTime()}:${kind}:${offset}`;

export function reminderJobs(network: Network, session: Session, now: Date): JobSpec[] {
  if (session.status !== "scheduled" || session.startsAt <= now) return [];
  const specs: JobSpec[] = [
    {
      // open case slots go to the rotation N days before (at once, for a session nearer than that)
      key: rotationKey(session),
      kind: ROTATION_CHECK,
      dueAt: new Date(Math.max(now.getTime(), session.startsAt.getTime() - network.rotationAskDays * 86_400_000)),
      networkId: network.id,
      sessionId: session.id,
      payload: { sessionId: session.id, startsAt: session.startsAt.getTime() },
    },
  ];
  for (const kind of REMINDER_KINDS) {
    for (const offset of offsetsFor(network, kind)) {
      const dueAt = new Date(session.startsAt.getTime() - offset * 60_000);
      if (dueAt < now) continue; // a reminder whose moment has passed would only confuse
      specs.push({
        key: expandKey(session, kind, offset),
        kind: EXPAND,
        dueAt,
        networkId: network.id,
        sessionId: session.id,
        payload: { sessionId: session.id, startsAt: session.startsAt.getTime(), reminder: kind, offset },
      });
    }
  }
  return specs;
}

/** Brings a session's pending reminder jobs in line with the session and the network's settings. */
export async function planSessionReminders(store: Store, network: Network, session: Session, now: Date): Promise<void> {
  const specs = reminderJobs(network, session, now);
  await store.jobs.cancelForSession(
    session.id,
    specs.map((s) => s.key),
  );
  await store.jobs.plan(specs);
}

export async function planNetworkReminders(store: Store, network: Network, now: Date): Promise<void> {
  for (const session of await store.sessions.upcoming(network.id, now, 100))
    await planSessionReminders(store, network, session, now);
}
