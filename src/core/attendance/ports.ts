/** Attendance: who came to a session, and how it was recorded. */

export const ATTENDANCE_SOURCES = ["checkin", "correction"] as const;
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

export interface AttendanceRecord {
  sessionId: string;
  memberId: string;
  present: boolean;
  /** `checkin`: the member said "I'm here"; `correction`: a facilitator marked them (with a reason) */
  source: AttendanceSource;
  reason: string | null;
  at: Date;
}

export interface AttendanceRepository {
  /** these members' records for a session (the ones that exist), by member id */
  findMany(sessionId: string, memberIds: readonly string[]): Promise<Map<string, AttendanceRecord>>;
  /** every record of a session */
  list(sessionId: string): Promise<AttendanceRecord[]>;
  /** check-ins for members with no record yet, in one write; a member with a record keeps it */
  checkIn(sessionId: string, memberIds: readonly string[], at: Date): Promise<void>;
  /** a facilitator's correction: the member's record becomes this, whatever it was */
  correct(sessionId: string, memberId: string, present: boolean, reason: string, at: Date): Promise<AttendanceRecord>;
}
