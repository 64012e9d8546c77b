/** A presenter's case from draft to recommendations and outcome; the hub experts and the channel hear of it. */
import { createHash } from "node:crypto";
import { type Access, canAdvise, recordAccess } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps, SessionJobs } from "../deps";
import { DomainError } from "../errors";
import type { JobSpec } from "../jobs/ports";
import type { Member, Network, Session } from "../ports";
import type { Slot } from "../presenters/ports";
import { slotContext } from "../presenters/slots";
import { instantOf, isValidDate, localDate } from "../sessions/calendar";
import { type CaseCheck, checkCase, checkFreeText } from "./form";
import type { CaseForm } from "./ports";

export const CASE_SHARE = "case.share";
export const CASE_SUMMARY = "case.summary";
export const CASE_RECOMMEND = "case.recommend";
export const CASE_FOLLOW_UP = "case.followup";

const SESSION_PREFIX = "cases:";

/** A short fingerprint of what is sent, so that the same case or advice sent twice (a double submit) goes once. */
const fingerprint = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/** The day-of summary of a session's submitted cases: 08:00 local on the day, or an hour before the start. */
function summaryJob(network: Network, session: Session, now: Date): JobSpec {
  const dayStart = instantOf(localDate(session.startsAt, network.timeZone), "08:00", network.timeZone);
  return {
    key: `${SESSION_PREFIX}${session.id}:${session.startsAt.getTime()}:summary`,
    kind: CASE_SUMMARY,
    dueAt: new Date(Math.max(now.getTime(), Math.min(dayStart.getTime(), session.startsAt.getTime() - 3_600_000))),
    networkId: network.id,
    sessionId: session.id,
    payload: { sessionId: session.id, startsAt: session.startsAt.getTime() },
  };
}

/** A session with a submitted case carries its summary to the channel; a moved session's summary moves with it. */
export const caseSessionJobs: SessionJobs = {
  prefixes: [SESSION_PREFIX],
  jobs: async (store, network, session, now) => {
    if (session.startsAt <= now) return [];
    for (const slot of await store.slots.forSession(session.id))
      if ((await store.cases.bySlot(slot.id))?.status === "submitted") return [summaryJob(network, session, now)];
    return [];
  },
};

export interface CaseContext {
  slot: Slot;
  session: Session;
  network: Network;
  member: Member | undefined;
  access: Access;
}

/** A case's slot, checked against where the request came from and who is asking. */
export async function caseContext(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<CaseContext> {
  const { slot, session, network } = await slotContext(deps, slotId);
  const access = await recordAccess(deps, ctx, network.id);
  return { slot, session, network, member: access.member, access };
}

/** Only hub experts and facilitators see a case's advice and write it. */
export async function adviseCase(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<CaseContext> {
  const c = await caseContext(deps, ctx, slotId);
  if (!canAdvise(c.access))
    throw new DomainError("forbidden", "Only hub experts and facilitators record recommendations.");
  return c;
}

/** Only the case's presenter answers how things went. */
export async function presenterOfCase(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<CaseContext> {
  const c = await caseContext(deps, ctx, slotId);
  if (!c.member || c.slot.memberId !== c.member.id)
    throw new DomainError("forbidden", "Only the case's presenter records its outcome.");
  return c;
}

/** Only the slot's holder writes the case. */
export async function ownCase(deps: CoreDeps, ctx: Ctx, slotId: string): Promise<CaseContext> {
  const c = await caseContext(deps, ctx, slotId);
  if (!c.member || c.slot.memberId !== c.member.id)
    throw new DomainError("forbidden", "Only the presenter of this slot can fill in its case.");
  if (c.session.status !== "scheduled" || c.session.startsAt <= deps.clock.now())
    throw new DomainError("conflict", "That session has started, so its case can no longer change.");
  return c;
}

export type SaveResult = { ok: true; saved: CaseForm } | Extract<CaseCheck, { ok: false }>;

export async function saveCase(
  deps: CoreDeps,
  ctx: Ctx,
  slotId: string,
  values: Record<string, string>,
): Promise<SaveResult> {
  const { slot, session, network } = await ownCase(deps, ctx, slotId);
  const checked = checkCase(values);
  if (!checked.ok) return checked;
  const now = deps.clock.now();
  const saved = await deps.store.transaction(async (store) => {
    const result = await store.cases.save(slot.id, checked.fields, checked.submit ? "submitted" : "draft", now);
    if (checked.submit) {
      // the same case submitted twice goes to the hub experts once; a changed case goes again
      await store.jobs.plan([
        {
          key: `case:${slot.id}:share:${fingerprint(checked.fields)}`,
          kind: CASE_SHARE,
          dueAt: now,
          networkId: network.id,
          payload: { slotId },
        },
      ]);
      await deps.sessions.replan(store, network, session, now, "cases");
    }
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: checked.submit ? "case.submit" : "case.draft",
      detail: { slotId },
    });
    return result;
  });
  if (checked.submit) deps.wake();
  return { ok: true, saved };
}

export type AdviceResult = { ok: true; network: Network } | { ok: false; errors: Record<string, string> };

export async function saveRecommendations(
  deps: CoreDeps,
  ctx: Ctx,
  slotId: string,
  values: Record<string, string>,
): Promise<AdviceResult> {
  const { slot, network } = await adviseCase(deps, ctx, slotId);
  const form = await deps.store.cases.bySlot(slot.id);
  if (form?.status !== "submitted") throw new DomainError("conflict", "That case has not been submitted.");
  const text = (values.recommendations ?? "").trim();
  const followUp = (values.followUpDate ?? "").trim();
  const errors: Record<string, string> = {};
  const problem = text ? checkFreeText("Recommendations", text, 3000) : "Write the panel's recommendations.";
  if (problem) errors.recommendations = problem;
  const today = localDate(deps.clock.now(), network.timeZone);
  if (followUp && (!isValidDate(followUp) || followUp <= today))
    errors.followUpDate = "Give a follow-up date after today, as YYYY-MM-DD.";
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now();
  await deps.store.transaction(async (store) => {
    await store.cases.setRecommendations(slot.id, text, followUp || null, now);
    const jobs = [
      {
        key: `case:${slot.id}:recommend:${fingerprint([text, followUp])}`,
        kind: CASE_RECOMMEND,
        dueAt: now,
        networkId: network.id,
        payload: { slotId },
      },
    ];
    if (followUp)
      jobs.push({
        key: `case:${slot.id}:followup:${followUp}`,
        kind: CASE_FOLLOW_UP,
        dueAt: instantOf(followUp, "09:00", network.timeZone),
        networkId: network.id,
        payload: { slotId },
      });
    await store.jobs.plan(jobs);
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "case.recommendations",
      detail: { slotId, followUp },
    });
  });
  deps.wake();
  return { ok: true, network };
}

export async function saveOutcome(
  deps: CoreDeps,
  ctx: Ctx,
  slotId: string,
  values: Record<string, string>,
): Promise<AdviceResult> {
  const { slot, network } = await presenterOfCase(deps, ctx, slotId);
  const text = (values.outcome ?? "").trim();
  const problem = text ? checkFreeText("Outcome", text, 2000) : "Tell the panel how things went.";
  if (problem) return { ok: false, errors: { outcome: problem } };
  await deps.store.cases.setOutcome(slot.id, text, deps.clock.now());
  await deps.store.audit.record({
    networkId: network.id,
    actor: ctx.actor.user,
    action: "case.outcome",
    detail: { slotId },
  });
  return { ok: true, network };
}
