/** The surveys feature's repository (core/surveys/ports.ts) on Prisma. */
import { randomUUID } from "node:crypto";
import type { SessionSurvey, SurveyRepository } from "../core/surveys/ports";
import { type Client, isUniqueViolation } from "./client";
import { Prisma } from "./generated/sqlite/client";

const toSurvey = (row: { sessionId: string; questions: string; closesAt: Date }): SessionSurvey => ({
  sessionId: row.sessionId,
  questions: row.questions,
  closesAt: row.closesAt,
});

export function surveyRepository(db: Client): SurveyRepository {
  const get = async (sessionId: string) => {
    const row = await db.survey.findUnique({ where: { sessionId } });
    return row ? toSurvey(row) : undefined;
  };
  return {
    settings: async (networkId) => {
      const row = await db.network.findUnique({
        where: { id: networkId },
        select: { surveyQuestions: true, surveyCloseDays: true, surveyReminderDays: true },
      });
      return row
        ? { questions: row.surveyQuestions, closeDays: row.surveyCloseDays, reminderDays: row.surveyReminderDays }
        : undefined;
    },
    saveSettings: async (networkId, settings) => {
      await db.network.update({
        where: { id: networkId },
        data: {
          surveyQuestions: settings.questions,
          surveyCloseDays: settings.closeDays,
          surveyReminderDays: settings.reminderDays,
        },
      });
    },
    open: async (survey) => {
      try {
        return toSurvey(await db.survey.create({ data: survey }));
      } catch (error) {
        // made already (the end's job ran again): the first one stands
        if (!isUniqueViolation(error)) throw error;
        return (await get(survey.sessionId)) ?? survey;
      }
    },
    get,
    latest: async (networkId, before) => {
      const row = await db.survey.findFirst({
        where: { session: { networkId, startsAt: { lt: before } } },
        orderBy: { session: { startsAt: "desc" } },
      });
      return row ? toSurvey(row) : undefined;
    },
    answer: async (sessionId, answers) => {
      const rows = [...new Map(answers.map((a) => [`${a.respondent}\u0000${a.questionId}`, a])).values()];
      if (rows.length === 0) return;
      const at = new Date();
      // one plain statement for a crowd answering at once, the same on SQLite and PostgreSQL
      await db.$executeRaw`INSERT INTO "SurveyAnswer" ("id", "sessionId", "respondent", "questionId", "value", "updatedAt")
        VALUES ${Prisma.join(rows.map((a) => Prisma.sql`(${randomUUID()}, ${sessionId}, ${a.respondent}, ${a.questionId}, ${a.value}, ${at})`))}
        ON CONFLICT ("sessionId", "respondent", "questionId") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`;
    },
    clear: async (sessionId, respondent, questionIds) => {
      if (questionIds.length === 0) return;
      await db.surveyAnswer.deleteMany({ where: { sessionId, respondent, questionId: { in: [...questionIds] } } });
    },
    answersOf: async (sessionId, respondents) => {
      const out = new Map<string, Map<string, string>>();
      if (respondents.length === 0) return out;
      // a plain statement: every batch of answers reads its people's answers back with it
      const rows = await db.$queryRaw<Array<{ respondent: string; questionId: string; value: string }>>`
        SELECT "respondent", "questionId", "value" FROM "SurveyAnswer"
        WHERE "sessionId" = ${sessionId} AND "respondent" IN (${Prisma.join([...new Set(respondents)])})`;
      for (const row of rows) {
        const mine = out.get(row.respondent) ?? new Map<string, string>();
        mine.set(row.questionId, row.value);
        out.set(row.respondent, mine);
      }
      return out;
    },
    answers: async (sessionId) =>
      db.surveyAnswer.findMany({
        where: { sessionId },
        select: { respondent: true, questionId: true, value: true, updatedAt: true },
        orderBy: { updatedAt: "asc" },
      }),
  };
}
