/** Case slots, the fair rotation, away dates and spokes: records and repositories. */

export interface Slot {
  id: string;
  sessionId: string;
  position: number;
  memberId: string | null;
  /** neutral user address and name of the holder */
  user: string | null;
  name: string | null;
  claimedAt: Date | null;
  /** claimed | assigned | asked */
  how: string | null;
  caseStatus: "none" | "draft" | "submitted";
}

export type AskState = "pending" | "accepted" | "passed" | "expired" | "withdrawn";

export interface Ask {
  id: string;
  slotId: string;
  memberId: string;
  state: AskState;
  askedAt: Date;
}

/** A past (or already held) presentation, for the rotation's order. */
export interface Presentation {
  memberId: string;
  spokeId: string | null;
  startsAt: Date;
}

export interface Away {
  memberId: string;
  /** local dates, inclusive */
  fromDate: string;
  toDate: string;
}

export interface Spoke {
  id: string;
  name: string;
}

export interface SlotRepository {
  /** makes sure the session has `count` slots (positions 1..count) */
  ensure(sessionId: string, count: number): Promise<void>;
  forSession(sessionId: string): Promise<Slot[]>;
  byId(id: string): Promise<Slot | undefined>;
  /** takes a free slot; false when someone holds it already (one row, one conditional update) */
  claim(slotId: string, memberId: string, how: "claimed" | "asked", at: Date): Promise<boolean>;
  /** gives a slot up; false when the member does not hold it */
  release(slotId: string, memberId: string): Promise<boolean>;
  /** a facilitator's assignment (memberId null frees it) */
  assign(slotId: string, memberId: string | null, at: Date): Promise<void>;
  /** presentations in sessions that started before `before` (held or scheduled), newest first */
  history(networkId: string, before: Date): Promise<Presentation[]>;
  /** the member's slots in sessions starting after `from` */
  heldBy(memberId: string, from: Date): Promise<Slot[]>;
  /** the members of a network who hold a slot in a session starting after `from` (one query) */
  holders(networkId: string, from: Date): Promise<Set<string>>;
}

export interface AskRepository {
  /** records an ask; undefined when this member was already asked for this slot */
  create(slotId: string, memberId: string, at: Date): Promise<Ask | undefined>;
  byId(id: string): Promise<Ask | undefined>;
  /** answers a pending ask; false when it was answered (or expired) already */
  answer(id: string, state: Exclude<AskState, "pending">, at: Date): Promise<boolean>;
  forSlot(slotId: string): Promise<Ask[]>;
}

export interface PeopleRepository {
  awayFor(networkId: string): Promise<Away[]>;
  addAway(memberId: string, fromDate: string, toDate: string): Promise<void>;
  spokes(networkId: string): Promise<Spoke[]>;
  /** the spoke by name, created when new; the member is put in it */
  setSpoke(networkId: string, memberId: string, spokeName: string): Promise<Spoke>;
  spokeOf(memberId: string): Promise<string | null>;
}
