/** The case template: its fields, their limits, and the identifier guard on every free-text answer. */
import { FormIds } from "../ids";
import type { Form, FormField } from "../ui/model";
import { explainFinding, findIdentifiers } from "./guard";
import type { CaseField, CaseFields } from "./ports";

const choices = (...labels: string[]) => labels.map((label) => ({ value: label, label }));

const FIELDS: Record<CaseField, Omit<FormField, "id" | "initial">> = {
  ageBand: {
    label: "Age band",
    kind: "select",
    required: true,
    options: choices("under 18", "18–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90 or over"),
  },
  sex: { label: "Sex", kind: "select", required: true, options: choices("female", "male", "other or not stated") },
  setting: {
    label: "Care setting",
    kind: "select",
    required: true,
    options: choices("own home", "care home", "hospice", "hospital ward", "GP practice", "community service", "other"),
  },
  problem: { label: "Presenting problem", kind: "textarea", required: true, maxLength: 1000 },
  history: { label: "Relevant history", kind: "textarea", required: false, maxLength: 2000 },
  medications: { label: "Current medications", kind: "textarea", required: false, maxLength: 1000 },
  tried: { label: "What has been tried", kind: "textarea", required: false, maxLength: 1000 },
  question: { label: "Your one question for the panel", kind: "textarea", required: true, maxLength: 500 },
};

export const FREE_TEXT: readonly CaseField[] = ["problem", "history", "medications", "tried", "question"];
export const fieldLabel = (field: CaseField) => FIELDS[field].label;

export function caseForm(slotId: string, fields: CaseFields, title: string): Form {
  return {
    formId: FormIds.caseForm,
    title: "Case for the panel",
    submitLabel: "Save",
    metadata: slotId,
    fields: [
      ...(Object.keys(FIELDS) as CaseField[]).map((id) => ({ id, ...FIELDS[id], initial: fields[id] })),
      {
        id: "action",
        label: "Save as",
        kind: "select",
        required: true,
        options: [
          { value: "draft", label: "A draft (only you see it)" },
          // Choosing this is the presenter's word that the case is de-identified, beside the guard's own check.
          { value: "submit", label: "Submitted to the hub: it has no names or identifiers" },
        ],
        initial: "draft",
        hint: `Submitting sends the case to the hub experts of ${title}. Leave out names, dates of birth, NHS or record numbers, phone numbers, e-mails, addresses and exact dates.`,
      },
    ],
  };
}

/** Checks one free-text answer against the identifier guard; the message names the field and the kind found. */
export function guardText(label: string, value: string): string | undefined {
  const [finding] = findIdentifiers(value);
  return finding ? explainFinding(label, finding) : undefined;
}

/** Checks one answer's length, then the identifier guard: the message for the field, or undefined when it is fine. */
export function checkFreeText(label: string, value: string, maxLength: number): string | undefined {
  if (value.length > maxLength) return `Keep this to ${maxLength} characters (it has ${value.length}).`;
  return guardText(label, value);
}

export type CaseCheck =
  | { ok: true; fields: CaseFields; submit: boolean }
  | { ok: false; errors: Record<string, string> };

export function checkCase(values: Record<string, string>): CaseCheck {
  const errors: Record<string, string> = {};
  const fields: CaseFields = {};
  const submit = values.action === "submit";
  if (values.action !== "submit" && values.action !== "draft") errors.action = "Choose draft or submitted.";
  for (const id of Object.keys(FIELDS) as CaseField[]) {
    const spec = FIELDS[id];
    const value = (values[id] ?? "").trim();
    if (!value) {
      if (submit && spec.required) errors[id] = `${spec.label} is needed before you submit.`;
      continue;
    }
    if (spec.options && !spec.options.some((o) => o.value === value))
      errors[id] = `Choose one of the ${spec.label.toLowerCase()} options.`;
    else {
      const found = FREE_TEXT.includes(id)
        ? checkFreeText(spec.label, value, spec.maxLength ?? Number.POSITIVE_INFINITY)
        : undefined;
      if (found) errors[id] = found;
      else fields[id] = value;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, fields, submit };
}
