/**
 * The outcomes report's reads (core/reports/ports.ts) on Prisma: each one a GROUP BY or a COUNT in the database, so
 * a report over years of sessions reads a row per session, spoke or answer value. The joins to a member's spoke are
 * plain SQL (Prisma's groupBy cannot group by a related row's field); the SQL is the same on SQLite and PostgreSQL.
 */

import type { BallotResult } from "../core/curriculum/ports";
import type { ReportRepository, SpokeTotals } from "../core/reports/ports";
import { SESSION_STATUSES, type SessionStatus } from "../core/sessions/ports";
import type { Client } from "./client";
import { Prisma } from "./generated/sqlite/client";

/** A count as a driver returns it: PostgreSQL's bigint, SQLite's number. */
const count = (value: number | bigint | string | null | undefined) => Number(value ?? 0);

interface SpokeRow {
  spoke: string | null;
  n: number | bigint;
  people: number | bigint;
}

const spokeTotals = (rows: SpokeRow[]): SpokeTotals[] =>
  rows.map((r) => ({ spoke: r.spoke, count: count(r.n), people: count(r.people) }));

export function reportRepository(db: Client): ReportRepository {
  return {
    statusCounts: async (networkId, from, until) => {
      const rows = await db.session.groupBy({
        by: ["status"],
        where: { networkId, startsAt: { gte: from, lt: until } },
        _count: { _all: true },
      });
      const out = Object.fromEntries(SESSION_STATUSES.map((s) => [s, 0])) as Record<SessionStatus, number>;
      for (const row of rows)
        if ((SESSION_STATUSES as readonly string[]).includes(row.status))
          out[row.status as SessionStatus] = row._count._all;
      return out;
    },
    notHeld: async (networkId, from, until) =>
      (
        await db.session.findMany({
          where: { networkId, startsAt: { gte: from, lt: until }, status: { in: ["skipped", "cancelled"] } },
          orderBy: { startsAt: "asc" },
          select: { startsAt: true, status: true, note: true },
        })
      ).map((r) => ({ startsAt: r.startsAt, status: r.status === "skipped" ? "skipped" : "cancelled", note: r.note })),
    presentBySession: async (sessionIds) => {
      if (sessionIds.length === 0) return new Map();
      const rows = await db.attendance.groupBy({
        by: ["sessionId"],
        where: { sessionId: { in: [...sessionIds] }, present: true },
        _count: { _all: true },
      });
      return new Map(rows.map((r) => [r.sessionId, r._count._all]));
    },
    presentBySpoke: async (sessionIds) => {
      if (sessionIds.length === 0) return [];
      return spokeTotals(
        await db.$queryRaw<SpokeRow[]>`
        SELECT s."name" AS "spoke", COUNT(*) AS "n", COUNT(DISTINCT a."memberId") AS "people"
        FROM "Attendance" a JOIN "Member" m ON m."id" = a."memberId" LEFT JOIN "Spoke" s ON s."id" = m."spokeId"
        WHERE a."sessionId" IN (${Prisma.join([...sessionIds])}) AND a."present" = TRUE
        GROUP BY s."name"`,
      );
    },
    participants: async (sessionIds) => {
      if (sessionIds.length === 0) return 0;
      const [row] = await db.$queryRaw<Array<{ n: number | bigint }>>`
        SELECT COUNT(DISTINCT "memberId") AS "n" FROM "Attendance"
        WHERE "sessionId" IN (${Prisma.join([...sessionIds])}) AND "present" = TRUE`;
      return count(row?.n);
    },
    casesBySpoke: async (sessionIds) => {
      if (sessionIds.length === 0) return [];
      return spokeTotals(
        await db.$queryRaw<SpokeRow[]>`
        SELECT s."name" AS "spoke", COUNT(*) AS "n", COUNT(DISTINCT p."memberId") AS "people"
        FROM "PresenterSlot" p JOIN "Member" m ON m."id" = p."memberId" LEFT JOIN "Spoke" s ON s."id" = m."spokeId"
        WHERE p."sessionId" IN (${Prisma.join([...sessionIds])})
        GROUP BY s."name"`,
      );
    },
    respondents: async (sessionIds) => {
      if (sessionIds.length === 0) return new Map();
      // only attendees count: someone corrected to absent after answering is not a respondent of the session; each
      // attendee is looked up in the answers by the (session, respondent) index
      const rows = await db.$queryRaw<Array<{ sessionId: string; n: number | bigint }>>`
        SELECT a."sessionId" AS "sessionId", COUNT(*) AS "n"
        FROM "Attendance" a JOIN "Member" m ON m."id" = a."memberId"
        WHERE a."sessionId" IN (${Prisma.join([...sessionIds])}) AND a."present" = TRUE
          AND EXISTS (SELECT 1 FROM "SurveyAnswer" sa WHERE sa."sessionId" = a."sessionId" AND sa."respondent" = m."user")
        GROUP BY a."sessionId"`;
      return new Map(rows.map((r) => [r.sessionId, count(r.n)]));
    },
    surveyQuestions: async (sessionIds) => {
      if (sessionIds.length === 0) return new Map();
      const rows = await db.survey.findMany({
        where: { sessionId: { in: [...sessionIds] } },
        select: { sessionId: true, questions: true },
      });
      return new Map(rows.map((r) => [r.sessionId, r.questions]));
    },
    answerCounts: async (sessionIds, questionIds) => {
      if (sessionIds.length === 0 || questionIds.length === 0) return [];
      const rows = await db.surveyAnswer.groupBy({
        by: ["sessionId", "questionId", "value"],
        where: { sessionId: { in: [...sessionIds] }, questionId: { in: [...questionIds] } },
        _count: { _all: true },
      });
      return rows.map((r) => ({
        sessionId: r.sessionId,
        questionId: r.questionId,
        value: r.value,
        count: r._count._all,
      }));
    },
    ballotResults: async (networkId, from, until) => {
      const rows = await db.ballot.findMany({
        where: { networkId, closedAt: { gte: from, lt: until }, result: { not: null } },
        orderBy: { closedAt: "asc" },
        select: { result: true },
      });
      return rows.flatMap((r) => (r.result ? [JSON.parse(r.result) as BallotResult] : []));
    },
    monthly: async (networkId) =>
      (await db.network.findUnique({ where: { id: networkId }, select: { monthlyReport: true } }))?.monthlyReport ??
      false,
    setMonthly: async (networkId, on) => {
      await db.network.update({ where: { id: networkId }, data: { monthlyReport: on } });
    },
  };
}
