/**
 * Facilitators' side of attendance: the list, corrections (each an audit entry: who, when, what, why), the end of a
 * session, and the summary they get when it ends.
 */
import { type Access, outOfDate, requireManager } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps, JobDeps } from "../deps";
import { DomainError } from "../errors";
import type { Member, Network, Session } from "../ports";
import { instantOf, localDate } from "../sessions/calendar";
import { endsAt } from "../sessions/lifecycle";
import { offerSurvey } from "../surveys/service";
import { type AttendanceRow, MAX_REASON } from "./cards";
import { CHECK_IN_EARLY_MINUTES } from "./checkin";
import type { AttendanceRecord } from "./ports";

/** The network's session on a local date (held or scheduled), if it has one. */
export async function sessionOn(deps: CoreDeps, network: Network, date: string): Promise<Session | undefined> {
  const from = instantOf(date, "00:00", network.timeZone);
  const to = new Date(instantOf(date, "23:59", network.timeZone).getTime() + 59_999);
  return (await deps.store.sessions.between(network.id, from, to))[0];
}

/**
 * The session a facilitator's `attend` is about: the latest one whose check-in has opened (it opens 30 minutes
 * before the start), so the one open now, else the last one held.
 */
export const sessionToShow = (deps: CoreDeps, network: Network, now: Date): Promise<Session | undefined> =>
  deps.store.sessions.lastStarted(network.id, new Date(now.getTime() + CHECK_IN_EARLY_MINUTES * 60_000));

/**
 * Everyone a session's attendance shows, by name: the network's members now, and anyone with a record for it (a
 * former member keeps their history). `everyone`: the network's members, former ones too.
 */
export function listedFor(
  everyone: readonly Member[],
  records: ReadonlyMap<string, AttendanceRecord>,
): AttendanceRow[] {
  return everyone
    .filter((m) => m.active || records.has(m.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((member) => ({ member, record: records.get(member.id) }));
}

/** A session's attendance list (see `listedFor`). */
export async function attendanceRows(deps: CoreDeps, network: Network, session: Session): Promise<AttendanceRow[]> {
  const records = new Map((await deps.store.attendance.list(session.id)).map((r) => [r.memberId, r]));
  return listedFor(await deps.store.members.everyone(network.id), records);
}

export const notStarted = (network: Network, session: Session) =>
  new DomainError(
    "invalid_input",
    `The session on ${localDate(session.startsAt, network.timeZone)} has not started yet; attendance can be corrected once it has.`,
  );

/** What is wrong with a correction's reason, in words for the facilitator; undefined when it is fine. */
export function reasonProblem(reason: string): string | undefined {
  if (!reason.trim()) return "Give a reason (for example: joined by phone).";
  if (reason.length > MAX_REASON) return `Keep the reason to ${MAX_REASON} characters (this one has ${reason.length}).`;
  return undefined;
}

/** A facilitator marks a member present or absent, with a reason; the audit log keeps who, when, what and why. */
export async function correctAttendance(
  deps: CoreDeps,
  ctx: Ctx,
  access: Access,
  session: Session,
  member: Member,
  present: boolean,
  reason: string,
): Promise<AttendanceRecord> {
  requireManager(access, "correct attendance");
  const { network } = access;
  if (session.networkId !== network.id || member.networkId !== network.id) throw outOfDate();
  const now = deps.clock.now();
  if (session.startsAt.getTime() - CHECK_IN_EARLY_MINUTES * 60_000 > now.getTime()) throw notStarted(network, session);
  const problem = reasonProblem(reason);
  if (problem) throw new DomainError("invalid_input", problem);
  return deps.store.transaction(async (store) => {
    const record = await store.attendance.correct(session.id, member.id, present, reason.trim(), now);
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "attendance.correct",
      detail: { sessionId: session.id, memberId: member.id, present, reason: reason.trim() },
    });
    // marked present after the end: the survey goes to them now (once; nothing if they had it)
    if (present && session.status === "held") await offerSurvey(store, network, session, [member.user], now);
    return record;
  });
}

/** The session running now (started, not past its scheduled end), if any. */
export async function runningSession(deps: CoreDeps, network: Network, now: Date): Promise<Session | undefined> {
  const started = await deps.store.sessions.lastStarted(network.id, new Date(now.getTime() + 1));
  return started && started.status === "scheduled" && endsAt(started) > now ? started : undefined;
}

/** A facilitator ends a session early: its end job becomes due now, so the end runs once, from that job. */
export async function endSession(deps: CoreDeps, access: Access, session: Session | undefined): Promise<string> {
  requireManager(access, "end a session");
  const { network } = access;
  const now = deps.clock.now();
  if (!session) {
    const last = await deps.store.sessions.lastStarted(network.id, now);
    return last?.status === "held"
      ? `The session on ${localDate(last.startsAt, network.timeZone)} has already ended. Nothing is running now.`
      : "No session is running now.";
  }
  const date = localDate(session.startsAt, network.timeZone);
  if (session.status === "held") return `The session on ${date} has already ended.`;
  if (session.startsAt > now) return `The session on ${date} has not started yet.`;
  if (!(await deps.sessions.endNow(deps.store, network, session, now)))
    return `The session on ${date} has already ended.`;
  deps.wake();
  return `Ending the session on ${date} now. The facilitators get the attendance list; check-in stays open until 30 minutes after its scheduled end.`;
}

/** Sent to each facilitator when a session ends: how many came, and how to correct the list. */
export async function endSummary(deps: JobDeps, network: Network, session: Session): Promise<void> {
  const rows = await attendanceRows(deps, network, session);
  const present = rows.filter((r) => r.record?.present);
  const checkedIn = present.filter((r) => r.record?.source === "checkin").length;
  const date = localDate(session.startsAt, network.timeZone);
  const text =
    `${network.name} on ${date} has ended: ${present.length} present (${checkedIn} checked in, ` +
    `${present.length - checkedIn} marked by a facilitator) of ${rows.length}. ` +
    "Type `attend` in the network's channel to see the list and correct it.";
  const facilitators = rows.filter((r) => r.member.active && r.member.role === "facilitator");
  for (const f of facilitators)
    await deps.messenger.send(
      f.member.user,
      { text },
      { dedupeKey: `attendance:${session.id}:${session.startsAt.getTime()}:ended|${f.member.user}` },
    );
}
