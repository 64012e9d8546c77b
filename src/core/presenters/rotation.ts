/**
 * The fair rotation: the spoke that presented least recently goes first, then that spoke's member who presented
 * least recently; people who never presented come first. Members without a spoke rotate as a spoke of their own.
 * The order is derived from who presented when, so skipping someone (away, already asked) never costs them their place.
 */
import type { Member } from "../ports";
import type { Presentation } from "./ports";

export interface RotationEntry {
  member: Member;
  /** when the member's spoke last presented, and the member themself; null: never */
  spokeLast: Date | null;
  memberLast: Date | null;
}

const NEVER = Number.NEGATIVE_INFINITY;
const spokeKey = (m: Pick<Member, "id" | "spokeId">) => m.spokeId ?? `member:${m.id}`;

/** Only members present cases (facilitators, hub experts, IT and admins run the network). */
export const presenters = (members: Member[]) => members.filter((m) => m.role === "member");

/** The next `count` people in the rotation, for whom `skip` is false. */
export function rotationOrder(
  members: Member[],
  history: Presentation[],
  count: number,
  skip: (m: Member) => boolean = () => false,
): RotationEntry[] {
  const candidates = presenters(members);
  const memberLast = new Map<string, number>();
  const spokeLast = new Map<string, number>();
  const spokeOfMember = new Map(members.map((m) => [m.id, spokeKey(m)]));
  for (const p of history) {
    const t = p.startsAt.getTime();
    memberLast.set(p.memberId, Math.max(memberLast.get(p.memberId) ?? NEVER, t));
    const spoke = spokeOfMember.get(p.memberId) ?? p.spokeId ?? `member:${p.memberId}`;
    spokeLast.set(spoke, Math.max(spokeLast.get(spoke) ?? NEVER, t));
  }
  const real = (t: number | undefined) => (t === undefined ? null : new Date(t));
  const entry = (m: Member): RotationEntry => ({
    member: m,
    spokeLast: real(spokeLast.get(spokeKey(m))),
    memberLast: real(memberLast.get(m.id)),
  });
  // ordering works on a copy in which each chosen person "presents next", so the queue keeps rotating across spokes
  const spokeOrder = new Map(spokeLast);
  const memberOrder = new Map(memberLast);
  const FUTURE = Date.UTC(9999, 0);
  const out: RotationEntry[] = [];
  while (out.length < count) {
    const open = candidates.filter((m) => !out.some((e) => e.member.id === m.id) && !skip(m));
    const [next] = [...open].sort(
      (a, b) =>
        (spokeOrder.get(spokeKey(a)) ?? NEVER) - (spokeOrder.get(spokeKey(b)) ?? NEVER) ||
        spokeKey(a).localeCompare(spokeKey(b)) ||
        (memberOrder.get(a.id) ?? NEVER) - (memberOrder.get(b.id) ?? NEVER) ||
        a.displayName.localeCompare(b.displayName),
    );
    if (!next) break;
    out.push(entry(next));
    spokeOrder.set(spokeKey(next), FUTURE + out.length);
    memberOrder.set(next.id, FUTURE + out.length);
  }
  return out;
}

/** Is the member away on this local date? */
export const awayOn = (
  away: Array<{ memberId: string; fromDate: string; toDate: string }>,
  memberId: string,
  date: string,
) => away.some((a) => a.memberId === memberId && a.fromDate <= date && date <= a.toDate);
