/** The attendance feature's repository (core/attendance/ports.ts) on Prisma. */
import { randomUUID } from "node:crypto";
import { ATTENDANCE_SOURCES, type AttendanceRecord, type AttendanceRepository } from "../core/attendance/ports";
import { type Client, oneOf } from "./client";
import { Prisma } from "./generated/sqlite/client";
import { truthy } from "./members";

/** A row as a plain statement reads it (SQLite: 0 and 1 for booleans, text or numbers for times). */
interface AttendanceRow {
  sessionId: string;
  memberId: string;
  present: boolean | number | bigint;
  source: string;
  reason: string | null;
  at: Date | string | number;
}

const toRecord = (
  row: Pick<Prisma.AttendanceGetPayload<object>, "sessionId" | "memberId" | "present" | "source" | "reason" | "at">,
): AttendanceRecord => ({
  sessionId: row.sessionId,
  memberId: row.memberId,
  present: row.present,
  source: oneOf(ATTENDANCE_SOURCES, row.source, "Attendance.source"),
  reason: row.reason,
  at: row.at,
});

export function attendanceRepository(db: Client): AttendanceRepository {
  return {
    // a plain statement: every batch of answers and check-ins in a crowd reads its people's records with it
    findMany: async (sessionId, memberIds) => {
      const ids = [...new Set(memberIds)];
      if (ids.length === 0) return new Map();
      const rows = await db.$queryRaw<
        AttendanceRow[]
      >`SELECT "sessionId", "memberId", "present", "source", "reason", "at"
        FROM "Attendance" WHERE "sessionId" = ${sessionId} AND "memberId" IN (${Prisma.join(ids)})`;
      return new Map(
        rows.map((row) => [row.memberId, toRecord({ ...row, present: truthy(row.present), at: new Date(row.at) })]),
      );
    },
    list: async (sessionId) =>
      (await db.attendance.findMany({ where: { sessionId }, orderBy: { at: "asc" } })).map(toRecord),
    checkIn: async (sessionId, memberIds, at) => {
      const ids = [...new Set(memberIds)];
      if (ids.length === 0) return;
      // one plain statement for a crowd checking in at once, the same on SQLite and PostgreSQL; a record that exists
      // (an earlier check-in, or a facilitator's correction) is left as it is
      await db.$executeRaw`INSERT INTO "Attendance" ("id", "sessionId", "memberId", "present", "source", "at")
        VALUES ${Prisma.join(ids.map((memberId) => Prisma.sql`(${randomUUID()}, ${sessionId}, ${memberId}, ${true}, ${"checkin"}, ${at})`))}
        ON CONFLICT ("sessionId", "memberId") DO NOTHING`;
    },
    correct: async (sessionId, memberId, present, reason, at) =>
      toRecord(
        await db.attendance.upsert({
          where: { sessionId_memberId: { sessionId, memberId } },
          create: { sessionId, memberId, present, source: "correction", reason, at },
          update: { present, source: "correction", reason, at },
        }),
      ),
  };
}
