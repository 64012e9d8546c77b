/** The cases feature's repository (core/cases/ports.ts) on Prisma. */
import { CASE_FIELDS, type CaseFields, type CaseForm, type CaseRepository } from "../core/cases/ports";
import type { Client } from "./client";
import type { Prisma } from "./generated/sqlite/client";

/** The stored fields, keeping only the template's own and only text. */
function fieldsOf(json: string): CaseFields {
  const parsed: unknown = JSON.parse(json);
  const fields: CaseFields = {};
  if (typeof parsed !== "object" || parsed === null) return fields;
  for (const id of CASE_FIELDS) {
    const value = (parsed as Record<string, unknown>)[id];
    if (typeof value === "string") fields[id] = value;
  }
  return fields;
}

const toCase = (row: Prisma.CaseFormGetPayload<object>): CaseForm => ({
  slotId: row.slotId,
  status: row.status === "submitted" ? "submitted" : "draft",
  fields: fieldsOf(row.fields),
  submittedAt: row.submittedAt,
  recommendations: row.recommendations,
  followUpDate: row.followUpDate,
  outcome: row.outcome,
});

export function caseRepository(db: Client): CaseRepository {
  return {
    bySlot: async (slotId) => {
      const row = await db.caseForm.findUnique({ where: { slotId } });
      return row ? toCase(row) : undefined;
    },
    save: async (slotId, fields, status, at) => {
      const data = { fields: JSON.stringify(fields), status, submittedAt: status === "submitted" ? at : null };
      return toCase(await db.caseForm.upsert({ where: { slotId }, create: { slotId, ...data }, update: data }));
    },
    setRecommendations: async (slotId, text, followUpDate, at) => {
      await db.caseForm.update({ where: { slotId }, data: { recommendations: text, followUpDate, recommendedAt: at } });
    },
    setOutcome: async (slotId, text, at) => {
      await db.caseForm.update({ where: { slotId }, data: { outcome: text, outcomeAt: at } });
    },
  };
}
