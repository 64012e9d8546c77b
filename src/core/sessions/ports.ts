/** The sessions of a network: one row per date the cadence gives (and per moved date), with its state. */

export const SESSION_STATUSES = ["scheduled", "skipped", "held", "cancelled"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Session {
  id: string;
  networkId: string;
  occurrence: string;
  startsAt: Date;
  durationMinutes: number;
  status: SessionStatus;
  note: string | null;
  moved: boolean;
  topicTitle: string | null;
  teacherUser: string | null;
  topicId: string | null;
}

export interface SessionRepository {
  byId(id: string): Promise<Session | undefined>;
  /** sessions starting at or after `from`, earliest first */
  upcoming(networkId: string, from: Date, limit: number): Promise<Session[]>;
  /** sessions held or still scheduled that start from `from` to `to` (inclusive), earliest first */
  between(networkId: string, from: Date, to: Date): Promise<Session[]>;
  /** the latest session held or still scheduled that started before `before` */
  lastStarted(networkId: string, before: Date): Promise<Session | undefined>;
  /** every session whose occurrence date is on or after `fromOccurrence` */
  fromOccurrence(networkId: string, fromOccurrence: string): Promise<Session[]>;
  /** inserts the occurrences that are missing and returns them; existing rows are left alone */
  ensure(
    networkId: string,
    rows: Array<{ occurrence: string; startsAt: Date; durationMinutes: number }>,
  ): Promise<Session[]>;
  reschedule(
    id: string,
    startsAt: Date,
    durationMinutes: number,
    moved: boolean,
    note: string | null,
  ): Promise<Session>;
  setStatus(id: string, status: SessionStatus, note: string | null): Promise<Session>;
  /** locks these sessions for the rest of the transaction (changes that must not interleave, such as a plan swap) */
  lock(ids: string[]): Promise<void>;
  /** moves a session from one status to another; false when it was not in `from` (someone else changed it first) */
  transition(id: string, from: SessionStatus, to: SessionStatus): Promise<boolean>;
  remove(ids: string[]): Promise<void>;
}
