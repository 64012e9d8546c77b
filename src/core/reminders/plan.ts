/**
 * The reminders a session carries, as the feature's session jobs. Each (session, start time, kind, offset) is one
 * "expand" job; when due it expands into one "send" job per recipient (keys `<expand key>|<recipient>`), so a
 * fan-out survives a crash half way and nobody gets a reminder twice. A moved session gets new keys (its start time
 * is in them); the session kernel cancels the pending ones of a skipped, cancelled or moved session.
 */
import type { SessionJobs } from "../deps";
import type { JobSpec } from "../jobs/ports";
import type { Network, Session } from "../ports";
import { offsetsFor, REMINDER_KINDS } from "./kinds";

export const EXPAND = "reminder.expand";
export const SEND = "reminder.send";
export const PROGRESS = "fanout.progress";
export const progressKey = (expand: string) => `${expand}#progress`;

const PREFIX = "remind:";
export const expandKey = (session: Session, kind: string, offset: number) =>
  `${PREFIX}${session.id}:${session.startsAt.getTime()}:${kind}:${offset}`;

export function reminderJobs(network: Network, session: Session, now: Date): JobSpec[] {
  if (session.startsAt <= now) return [];
  const specs: JobSpec[] = [];
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

export const reminderSessionJobs: SessionJobs = {
  prefixes: [PREFIX],
  jobs: async (_store, network, session, now) => reminderJobs(network, session, now),
};
