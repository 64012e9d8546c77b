/** Case slots, the fair rotation, away dates and spokes: records and repositories. */

export const CASE_STATUSES = ["none", "draft", "submitted"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const SLOT_HOWS = ["claimed", "assigned", "asked"] as const;
export type SlotHow = (typeof SLOT_HOWS)[number];

/** Who holds a session's case slot, and how far their case form is. */
export interface Presenter {
  position: number;
  user: string;
  name: string;
  caseStatus: CaseStatus;
}

export interface Slot {
  id: string;
  sessionId: string;
  position: number;
  memberId: string | null;
  /** neutral user address and name of the holder */
  user: string | null;
  name: string | null;
  claimedAt: Date | null;
  how: SlotHow | null;
  caseStatus: CaseStatus;
}

export const ASK_STATES = ["pending", "accepted", "passed", "expired", "withdrawn"] as const;
export type AskState = (typeof ASK_STATES)[number];

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
  /** locks these slots for the rest of the transaction (a swap reads and writes two slots as one change) */
  lock(ids: string[]): Promise<void>;
  byId(id: string): Promise<Slot | undefined>;
  /**
   * Takes a free slot (one conditional update): `taken` when someone holds it already, `duplicate` when the member
   * holds another slot of the same session (the database allows one slot per member per session).
   */
  claim(slotId: string, memberId: string, how: "claimed" | "asked", at: Date): Promise<"won" | "taken" | "duplicate">;
  /** gives a slot up; false when the member does not hold it */
  release(slotId: string, memberId: string): Promise<boolean>;
  /**
   * A facilitator's assignment (memberId null frees it), made only while the slot is still held by `expected` (a
   * member id, or null for open): false when it changed meanwhile. `duplicate` when the member already presents in
   * that session.
   */
  assign(
    slotId: string,
    memberId: string | null,
    expected: string | null,
    at: Date,
  ): Promise<"done" | "changed" | "duplicate">;
  /** who presents in a session, in slot order */
  presenters(sessionId: string): Promise<Presenter[]>;
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
