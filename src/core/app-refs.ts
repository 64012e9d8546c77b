import { DomainError } from "./errors";
import type { FormId } from "./ids";

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
