import { DomainError } from "./errors";
import { ActionIds, type FormId } from "./ids";
import type { Card, Form } from "./ui/model";

/** What `echo.form.open` buttons carry: which form to open, with its metadata. */
export const encodeFormRef = (formId: FormId, metadata: string) => JSON.stringify({ f: formId, m: metadata });
export function decodeFormRef(value: string): { formId: string; metadata: string } {
  try {
    const parsed = JSON.parse(value) as { f?: unknown; m?: unknown };
    if (typeof parsed.f === "string" && typeof parsed.m === "string") return { formId: parsed.f, metadata: parsed.m };
  } catch {
    // fall through to the refusal below
  }
  throw new DomainError("invalid_input", "That button is out of date. Run the command again.");
}

/**
 * Where a form cannot be opened straight away (a Teams message, a Slack mention or DM, which carry no trigger), the
 * reply is this card: one button that opens the form.
 */
export function formLauncher(form: Form): Card {
  return {
    title: form.title,
    blocks: [
      { kind: "text", text: "Open the form to fill it in." },
      {
        kind: "actions",
        buttons: [
          {
            actionId: ActionIds.openForm,
            label: `Open: ${form.title}`,
            value: encodeFormRef(form.formId, form.metadata),
            style: "primary",
          },
        ],
      },
    ],
    fallback: `${form.title}: open the form with the button.`,
  };
}
