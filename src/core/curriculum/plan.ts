/**
 * Turning the ranking into the curriculum: the best topics go onto the next sessions (skipped dates are left out),
 * each with a teaching expert. Topics can then be moved, swapped and replaced.
 */
import { createHash } from "node:crypto";
import { type Access, recordAccess, requireManager } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError, notFound } from "../errors";
import type { Member, Network, Session } from "../ports";
import type { Topic } from "./ports";

export const PLAN_HORIZON = 8;

/** The topics in the order the latest vote ranked them, then the other proposals, oldest first. */
async function ranked(deps: CoreDeps, network: Network): Promise<Topic[]> {
  const topics = await deps.store.topics.list(network.id);
  const latest = await deps.store.ballots.latestClosed(network.id);
  const order = new Map((latest?.result?.ranking ?? []).map((r, i) => [r.topicId, i]));
  return topics
    .filter((t) => t.status === "proposed" || t.status === "on_ballot")
    .sort(
      (a, b) => (order.get(a.id) ?? 1e6) - (order.get(b.id) ?? 1e6) || a.createdAt.getTime() - b.createdAt.getTime(),
    );
}

export const teachersOf = (members: Member[]) =>
  members.filter((m) => m.role === "hub_expert" || m.role === "facilitator");

/** The suggested teacher when that is a member who teaches, otherwise the hub expert with the fewest sessions. */
function pickTeacher(topic: Topic, members: Member[], load: Map<string, number>): string | null {
  const suggested = topic.suggestedTeacher?.trim().toLowerCase();
  const experts = members.filter((m) => m.role === "hub_expert");
  const byName = suggested
    ? teachersOf(members).find((m) => m.user.toLowerCase() === suggested || m.displayName.toLowerCase() === suggested)
    : undefined;
  const chosen = byName ?? [...experts].sort((a, b) => (load.get(a.user) ?? 0) - (load.get(b.user) ?? 0))[0];
  if (!chosen) return null;
  load.set(chosen.user, (load.get(chosen.user) ?? 0) + 1);
  return chosen.user;
}

export async function upcomingForPlan(deps: CoreDeps, network: Network): Promise<Session[]> {
  return deps.sessions.upcoming(deps.store, network, deps.clock.now(), PLAN_HORIZON);
}

/** The sessions the plan card listed, read without creating anything (for a form opened from that card). */
export async function listedForPlan(deps: CoreDeps, network: Network): Promise<Session[]> {
  return (await deps.store.sessions.upcoming(network.id, deps.clock.now(), PLAN_HORIZON * 3))
    .filter((s) => s.status === "scheduled")
    .slice(0, PLAN_HORIZON);
}

export async function planCurriculum(deps: CoreDeps, ctx: Ctx, access: Access): Promise<Session[]> {
  requireManager(access, "plan the curriculum");
  const { network } = access;
  const sessions = await upcomingForPlan(deps, network);
  const queue = await ranked(deps, network);
  const members = await deps.store.members.list(network.id);
  const load = new Map<string, number>();
  for (const s of sessions) if (s.teacherUser) load.set(s.teacherUser, (load.get(s.teacherUser) ?? 0) + 1);
  await deps.store.transaction(async (store) => {
    for (const session of sessions) {
      if (session.topicId) continue; // already planned: left as it is
      const topic = queue.shift();
      if (!topic) break;
      await store.curriculum.assign(session.id, topic.id, pickTeacher(topic, members, load));
      await store.topics.setStatus([topic.id], "planned");
    }
    await store.audit.record({ networkId: network.id, actor: ctx.actor.user, action: "curriculum.plan", detail: {} });
  });
  return upcomingForPlan(deps, network);
}

async function plannedSession(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
): Promise<{ network: Network; session: Session }> {
  const session = await deps.store.sessions.byId(sessionId);
  if (!session) throw notFound("that session");
  const access = await recordAccess(deps, ctx, session.networkId);
  requireManager(access, "change the curriculum");
  const { network } = access;
  if (session.status !== "scheduled" || session.startsAt <= deps.clock.now())
    throw new DomainError("conflict", "That session is not coming up, so its plan can't change.");
  return { network, session };
}

export const loadPlannedSession = plannedSession;

/** Puts a topic (or none) and a teacher on a session; a topic planned elsewhere moves here, a replaced one is freed. */
export async function editPlan(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
  topicId: string | null,
  teacher: string | null,
): Promise<Network> {
  const { network, session } = await plannedSession(deps, ctx, sessionId);
  if (topicId) {
    const topic = await deps.store.topics.byId(topicId);
    if (!topic || topic.networkId !== network.id) throw notFound("that topic");
  }
  await deps.store.transaction(async (store) => {
    if (topicId) {
      const elsewhere = await store.curriculum.sessionOfTopic(topicId);
      if (elsewhere && elsewhere !== session.id) await store.curriculum.assign(elsewhere, null, null);
      await store.topics.setStatus([topicId], "planned");
    }
    if (session.topicId && session.topicId !== topicId) await store.topics.setStatus([session.topicId], "proposed");
    await store.curriculum.assign(session.id, topicId, teacher);
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "curriculum.edit",
      detail: { sessionId, topicId, teacher },
    });
  });
  return network;
}

/** What "Swap with next" carries: the two sessions and a token of their plans as the card showed them. */
export const planToken = (a: Session, b: Session) =>
  createHash("sha256")
    .update(`${a.id}=${a.topicId ?? ""}/${a.teacherUser ?? ""};${b.id}=${b.topicId ?? ""}/${b.teacherUser ?? ""}`)
    .digest("hex")
    .slice(0, 12);

export interface SwapRef {
  session: string;
  next: string;
  token: string;
}

export const swapRef = (a: Session, b: Session): SwapRef => ({ session: a.id, next: b.id, token: planToken(a, b) });
export const encodeSwap = (ref: SwapRef) => JSON.stringify({ s: ref.session, n: ref.next, t: ref.token });

/**
 * Swaps a session's topic and teacher with the next scheduled session's, atomically and only as the card showed them:
 * a change made since is never overwritten, and a double click does not swap them back.
 */
export async function swapWithNext(deps: CoreDeps, ctx: Ctx, ref: SwapRef): Promise<Network> {
  const { network } = await plannedSession(deps, ctx, ref.session);
  await deps.store.transaction(async (store) => {
    // a swap sent twice at once waits here for the first, then finds it done
    await store.sessions.lock([ref.session, ref.next].filter(Boolean));
    const a = await store.sessions.byId(ref.session);
    const b = await store.sessions.byId(ref.next);
    if (!a || !b || b.networkId !== network.id || b.status !== "scheduled" || b.startsAt <= a.startsAt)
      throw new DomainError("conflict", "There is no later session in the plan to swap with.");
    if (planToken(a, b) !== ref.token) {
      const swapped = { ...a, topicId: b.topicId, teacherUser: b.teacherUser };
      const back = { ...b, topicId: a.topicId, teacherUser: a.teacherUser };
      if (planToken(swapped, back) === ref.token) return; // this swap was applied already: a double click
      throw new DomainError(
        "conflict",
        "The plan changed since that card was shown; nothing was swapped. Run `topics plan` again.",
      );
    }
    const first = await store.curriculum.assignIf(a.id, a.topicId, a.teacherUser, b.topicId, b.teacherUser);
    const second = first && (await store.curriculum.assignIf(b.id, b.topicId, b.teacherUser, a.topicId, a.teacherUser));
    if (!second)
      throw new DomainError("conflict", "The plan changed just now; nothing was swapped. Run `topics plan` again.");
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "curriculum.swap",
      detail: { a: a.id, b: b.id },
    });
  });
  return network;
}
