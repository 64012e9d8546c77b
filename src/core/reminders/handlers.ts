/** The reminder jobs: expand into one send per recipient, send, report a large fan-out's progress, report failures. */
import { z } from "zod";
import type { JobDeps, JobHandler } from "../deps";
import { JOB_FAILED_NOTICE } from "../jobs/runner";
import type { Member, Network, Session } from "../ports";
import { describeSlot } from "../sessions/calendar";
import { isReminderKind, MUTABLE_KINDS, type ReminderKind } from "./kinds";
import { reminderCard, reminderLabel, worthSending } from "./messages";
import { EXPAND, PROGRESS, progressKey, SEND } from "./plan";

/** From this many recipients on, the facilitator sees a "sent 120 of 340" message. */
export const PROGRESS_FROM = 20;
const PROGRESS_EVERY_MS = 5_000;

const reminderPayload = z.object({
  sessionId: z.string(),
  startsAt: z.number(),
  reminder: z.string().refine(isReminderKind),
  offset: z.number(),
});
const sendPayload = reminderPayload.extend({ recipient: z.string(), personal: z.boolean() });

/** The session as the job knew it (a reminder after the start may find it held), or nothing if it was skipped, cancelled or moved since. */
async function stillDue(
  deps: JobDeps,
  sessionId: string,
  startsAt: number,
): Promise<{ network: Network; session: Session } | undefined> {
  const found = await deps.sessions.find(deps.store, sessionId);
  const live = found?.session.status === "scheduled" || found?.session.status === "held";
  return found && live && found.session.startsAt.getTime() === startsAt ? found : undefined;
}

const wants = (member: Member, kind: ReminderKind) =>
  !(MUTABLE_KINDS.includes(kind) && member.mutedKinds.includes(kind));

function recipients(kind: ReminderKind, network: Network, members: Member[], presenterUsers: string[]): string[] {
  const people = (pick: (m: Member) => boolean) => members.filter((m) => pick(m) && wants(m, kind)).map((m) => m.user);
  switch (kind) {
    case "agenda":
      return [network.channel];
    case "starting_soon":
      return [network.channel, ...people(() => true)];
    case "presenter_due":
    case "presenter_day_before":
      return people((m) => presenterUsers.includes(m.user));
    case "case_missing":
      // the presenters (whether they still owe a case is checked when it is sent) and a note to the facilitators
      return people((m) => presenterUsers.includes(m.user) || m.role === "facilitator");
    case "runsheet":
    case "warnings":
      return people((m) => m.role === "facilitator");
    case "it_room":
      return people((m) => m.role === "it");
  }
}

const expand: JobHandler = async (deps, job) => {
  const p = reminderPayload.parse(job.payload);
  const due = await stillDue(deps, p.sessionId, p.startsAt);
  if (!due) return;
  const kind = p.reminder as ReminderKind;
  const presenters = await deps.store.slots.presenters(due.session.id);
  const members = await deps.store.members.list(due.network.id);
  const to = recipients(
    kind,
    due.network,
    members,
    presenters.map((x) => x.user),
  );
  const now = deps.clock.now();
  await deps.store.jobs.plan(
    to.map((recipient) => ({
      key: `${job.key}|${recipient}`,
      kind: SEND,
      dueAt: now,
      networkId: due.network.id,
      sessionId: due.session.id,
      payload: { ...p, recipient, personal: recipient !== due.network.channel },
    })),
  );
  if (to.length >= PROGRESS_FROM) {
    await deps.store.fanOuts.create(job.key, due.network.id, to.length);
    await deps.store.jobs.plan([
      {
        key: progressKey(job.key),
        kind: PROGRESS,
        dueAt: now,
        networkId: due.network.id,
        sessionId: due.session.id,
        payload: { ...p, fanOut: job.key },
      },
    ]);
  }
};

const send: JobHandler = async (deps, job) => {
  const p = sendPayload.parse(job.payload);
  const due = await stillDue(deps, p.sessionId, p.startsAt);
  if (!due) return;
  const kind = p.reminder as ReminderKind;
  if (p.personal) {
    const member = await deps.store.members.find(due.network.id, p.recipient);
    if (!member?.active || !wants(member, kind)) return; // left the network, or turned this reminder off meanwhile
  }
  const presenters = await deps.store.slots.presenters(due.session.id);
  if (!worthSending(kind, due.network, presenters, p.recipient)) return;
  const card = reminderCard(kind, due.network, due.session, presenters, p.offset, p.personal, p.recipient);
  await deps.messenger.send(p.recipient, { card }, { dedupeKey: job.key, retry: job.attempts > 1 });
};

async function facilitators(deps: JobDeps, networkId: string): Promise<Member[]> {
  return (await deps.store.members.list(networkId)).filter((m) => m.role === "facilitator");
}

/**
 * A large fan-out's "sent n of N" message: a reminder's (its title from the reminder), or another feature's that
 * gives its own title (the survey's), counted over the send jobs whose keys start with the fan-out's id.
 */
const progressPayload = z.union([
  z.object({ fanOut: z.string(), title: z.string().min(1).max(150) }),
  reminderPayload.extend({ fanOut: z.string() }),
]);

const progress: JobHandler = async (deps, job) => {
  const p = progressPayload.parse(job.payload);
  const fanOut = await deps.store.fanOuts.get(p.fanOut);
  const network = fanOut && (await deps.store.networks.byId(fanOut.networkId));
  if (!fanOut || !network) return;
  const counts = await deps.store.jobs.countByState(`${p.fanOut}|`);
  const sent = counts.done ?? 0;
  const unreachable = (counts.undeliverable ?? 0) + (counts.failed ?? 0);
  const settled = sent + unreachable + (counts.cancelled ?? 0);
  const title =
    "title" in p
      ? p.title
      : `${reminderLabel(p.reminder as ReminderKind)} for ${describeSlot(new Date(p.startsAt), network.durationMinutes, network.timeZone)}`;
  const line = `Sent ${sent} of ${fanOut.total}${unreachable ? ` (${unreachable} could not be delivered)` : ""}${settled >= fanOut.total ? ". Done." : "…"}`;
  const card = { title, blocks: [{ kind: "text" as const, text: line }], fallback: `${title}: ${line}` };
  if (fanOut.message) await deps.messenger.update(fanOut.message, card);
  else {
    const [first] = await facilitators(deps, network.id);
    if (first) await deps.store.fanOuts.setMessage(fanOut.id, await deps.messenger.send(first.user, { card }));
  }
  return settled >= fanOut.total ? undefined : { rerunInMs: PROGRESS_EVERY_MS };
};

const failedPayload = z.object({
  failedKind: z.string(),
  failedPayload: z.record(z.string(), z.unknown()).default({}),
  attempts: z.number().default(0),
  /** the reference in the log line for the failure (notices planned by an older version carry none) */
  reference: z
    .string()
    .regex(/^[A-Z0-9]{1,12}$/)
    .optional(),
});

/** Tells the facilitators, in words they can act on, that a scheduled message could not be delivered. */
const jobFailed: JobHandler = async (deps, job) => {
  const p = failedPayload.parse(job.payload);
  if (!job.networkId) return;
  const network = await deps.store.networks.byId(job.networkId);
  if (!network) return;
  const send = sendPayload.safeParse(p.failedPayload);
  let what = `A scheduled task (${p.failedKind})`;
  if (send.success) {
    const label = reminderLabel(send.data.reminder as ReminderKind);
    const when = describeSlot(new Date(send.data.startsAt), network.durationMinutes, network.timeZone);
    const member = send.data.personal ? await deps.store.members.find(network.id, send.data.recipient) : undefined;
    const to = send.data.personal ? (member?.displayName ?? "a member") : "the channel";
    what = `The ${label} reminder for ${when} to ${to}`;
  }
  const reference = p.reference ? ` (reference ${p.reference})` : "";
  const text = `${what} could not be delivered after ${p.attempts} tries${reference}. Please pass the message on another way.`;
  for (const f of await facilitators(deps, network.id))
    await deps.messenger.send(f.user, { text }, { dedupeKey: `${job.key}|${f.user}` });
};

export const reminderHandlers: Readonly<Record<string, JobHandler>> = {
  [EXPAND]: expand,
  [SEND]: send,
  [PROGRESS]: progress,
  [JOB_FAILED_NOTICE]: jobFailed,
};
