/** The de-identified case template of a slot. */

export const CASE_FIELDS = [
  "ageBand",
  "sex",
  "setting",
  "problem",
  "history",
  "medications",
  "tried",
  "question",
] as const;
export type CaseField = (typeof CASE_FIELDS)[number];
export type CaseFields = Partial<Record<CaseField, string>>;

export interface CaseForm {
  slotId: string;
  status: "draft" | "submitted";
  fields: CaseFields;
  submittedAt: Date | null;
  recommendations: string | null;
  followUpDate: string | null;
  outcome: string | null;
}

export interface CaseRepository {
  bySlot(slotId: string): Promise<CaseForm | undefined>;
  save(slotId: string, fields: CaseFields, status: "draft" | "submitted", at: Date): Promise<CaseForm>;
  setRecommendations(slotId: string, text: string, followUpDate: string | null, at: Date): Promise<void>;
  setOutcome(slotId: string, text: string, at: Date): Promise<void>;
}
