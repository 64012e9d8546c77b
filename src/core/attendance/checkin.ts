/**
 * Check-in: "I'm here", open from 30 minutes before a session's start until 30 minutes after its scheduled end.
 * Check-ins that arrive together for one session go in one transaction (batching.ts), with the requests' ledger keys
 * (Ctx.delivery), as a crowd checks in in the first minutes. A member's record, once made, is kept: checking in
 * twice is one check-in, and a facilitator's correction is not undone by a later click.
 */
import { accessToNetwork, outOfDate } from "../access";
import { type Lane, type Settled, sentAgain } from "../batching";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { AlreadyHandled, DomainError } from "../errors";
import type { Network, Session } from "../ports";
import { endsAt } from "../sessions/lifecycle";
import { offerSurvey } from "../surveys/service";
import type { AttendanceRecord } from "./ports";

export const CHECK_IN_EARLY_MINUTES = 30;
export const CHECK_IN_LATE_MINUTES = 30;

export function checkInWindow(session: Session): { opens: Date; closes: Date } {
  return {
    opens: new Date(session.startsAt.getTime() - CHECK_IN_EARLY_MINUTES * 60_000),
    closes: new Date(endsAt(session).getTime() + CHECK_IN_LATE_MINUTES * 60_000),
  };
}

/** Where a session's check-in stands at `now`. */
export function checkInState(session: Session, now: Date): "not_yet" | "open" | "closed" {
  const { opens, closes } = checkInWindow(session);
  if (now < opens) return "not_yet";
  return now > closes ? "closed" : "open";
}

/**
 * The session `attend` is about: the one whose check-in is open now; else the next one (not open yet); else the
 * last one that started (closed). Undefined when the network has no session at all.
 */
export async function sessionNow(deps: CoreDeps, network: Network, now: Date): Promise<Session | undefined> {
  const day = 86_400_000;
  const near = await deps.store.sessions.between(
    network.id,
    new Date(now.getTime() - day),
    new Date(now.getTime() + CHECK_IN_EARLY_MINUTES * 60_000),
  );
  const open = near.find((s) => checkInState(s, now) === "open");
  if (open) return open;
  const [next] = (await deps.store.sessions.upcoming(network.id, now, 12)).filter((s) => s.status === "scheduled");
  return next ?? (await deps.store.sessions.lastStarted(network.id, now));
}

export type CheckInResult =
  | { kind: "checked_in"; session: Session; network: Network; record: AttendanceRecord; first: boolean }
  | { kind: "not_yet" | "closed"; session: Session; network: Network };

const notMember = (network: Network) =>
  new DomainError(
    "forbidden",
    `Only members of ${network.name} can check in. A facilitator can add you with \`role\`.`,
  );

/** The check-ins for one session that arrived together: the session, its network and the members read once. */
const checkInLane: Lane<CoreDeps, Ctx, CheckInResult> = {
  name: "attendance.checkin",
  flush: (deps, sessionId, items) =>
    deps.store.transaction(async (store): Promise<Settled<CheckInResult>[]> => {
      const session = await store.sessions.byId(sessionId);
      const network = session && (await store.networks.byId(session.networkId));
      if (!session || !network || (session.status !== "scheduled" && session.status !== "held"))
        return items.map(() => ({ ok: false, error: outOfDate() }));
      const repeated = await sentAgain(store, items);
      const members = await store.members.findMany(
        network.id,
        items.map((ctx) => ctx.actor.user),
      );
      const now = deps.clock.now();
      const state = checkInState(session, now);
      const out: Array<Settled<CheckInResult> | { memberId: string }> = [];
      for (const ctx of items) {
        if (repeated(ctx)) {
          out.push({ ok: false, error: new AlreadyHandled() });
          continue;
        }
        try {
          const access = await accessToNetwork({ store }, ctx, network, { member: members.get(ctx.actor.user) });
          // a workspace admin who is not a member has nothing to check in: attendance is a member's
          if (!access.member) throw notMember(network);
          if (state !== "open") out.push({ ok: true, value: { kind: state, session, network } });
          else out.push({ memberId: access.member.id });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          out.push({ ok: false, error });
        }
      }
      const ids = out.flatMap((o) => ("memberId" in o ? [o.memberId] : []));
      const before = await store.attendance.findMany(session.id, ids);
      const made = ids.filter((id) => !before.has(id));
      await store.attendance.checkIn(session.id, made, now);
      // a check-in after the session ended (check-in stays open 30 minutes after it): the survey goes to them now
      if (session.status === "held") {
        const users = new Map([...members.values()].map((m) => [m.id, m.user]));
        await offerSurvey(
          store,
          network,
          session,
          [...new Set(made)].map((id) => users.get(id) as string),
          now,
        );
      }
      const seen = new Set<string>();
      return out.map((o): Settled<CheckInResult> => {
        if (!("memberId" in o)) return o;
        const kept = before.get(o.memberId);
        // the same person twice in one batch: the first made the record, the second finds it
        const first = !kept && !seen.has(o.memberId);
        seen.add(o.memberId);
        const record: AttendanceRecord = kept ?? {
          sessionId: session.id,
          memberId: o.memberId,
          present: true,
          source: "checkin",
          reason: null,
          at: now,
        };
        return { ok: true, value: { kind: "checked_in", session, network, record, first } };
      });
    }),
};

/** "I'm here" for this session, by the person asking; the answer says what was recorded, or when check-in opens. */
export function checkIn(deps: CoreDeps, ctx: Ctx, sessionId: string): Promise<CheckInResult> {
  return deps.batching.submit(checkInLane, deps, sessionId, ctx);
}
