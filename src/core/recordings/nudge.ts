/**
 * The nudge: when a session ended and no recording was added within two days, its facilitators get one direct
 * message saying so (a durable job planned at the end, exactly once by its key; `recording nudge off` turns it off).
 */
import { z } from "zod";
import type { JobDeps, JobHandler } from "../deps";
import type { JobSpec } from "../jobs/ports";
import type { Network, Session } from "../ports";
import { localDate } from "../sessions/calendar";
import { endsAt } from "../sessions/lifecycle";

export const RECORDING_NUDGE = "recording.nudge";
export const NUDGE_AFTER_MS = 2 * 86_400_000;

export const nudgeJob = (network: Network, session: Session): JobSpec => ({
  key: `recording:${session.id}:nudge`,
  kind: RECORDING_NUDGE,
  dueAt: new Date(endsAt(session).getTime() + NUDGE_AFTER_MS),
  networkId: network.id,
  sessionId: session.id,
  payload: { sessionId: session.id },
});

/** At a session's end: its nudge, two days later (whether it is sent is decided then). */
export async function planNudge(deps: JobDeps, network: Network, session: Session): Promise<void> {
  await deps.store.jobs.addMissing([nudgeJob(network, session)]);
}

const nudge: JobHandler = async (deps, job) => {
  const { sessionId } = z.object({ sessionId: z.string() }).parse(job.payload);
  const found = await deps.sessions.find(deps.store, sessionId);
  if (found?.session.status !== "held") return;
  const { network, session } = found;
  if (!(await deps.store.recordings.nudge(network.id))) return;
  if ((await deps.store.recordings.ofSession(session.id)).length > 0) return;
  const date = localDate(session.startsAt, network.timeZone);
  const text =
    `No recording has been added for ${network.name} on ${date} yet. If it was recorded, type ` +
    `\`recording ${date} <link>\` in the network's channel (or \`recording\` for the form), so that members can ` +
    "find it in the library. `recording nudge off` stops these reminders.";
  const facilitators = (await deps.store.members.list(network.id)).filter((m) => m.role === "facilitator");
  for (const f of facilitators) await deps.messenger.send(f.user, { text }, { dedupeKey: `${job.key}|${f.user}` });
};

export const nudgeHandlers: Readonly<Record<string, JobHandler>> = { [RECORDING_NUDGE]: nudge };
