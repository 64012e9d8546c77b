/**
 * What comes back from a button or a form, parsed with zod at the core's door. Form values arrive as strings (Slack,
 * the shell) or as strings and numbers (Teams dialogs); a missing field is an empty string. Button values are the
 * strings the core put on its own buttons, and anything else is refused as out of date.
 */
import { z } from "zod";

/** Any form value as trimmed text: a number becomes its digits, anything else (missing, an object) is empty. */
export const text = z
  .unknown()
  .optional()
  .transform((value) => {
    if (typeof value === "string") return value.trim();
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return "";
  });

/** A date picker's value: Teams may add a time ("2026-12-02T00:00:00"), which is dropped. */
export const dateText = text.transform((value) => value.replace(/^(\d{4}-\d{2}-\d{2})T.*$/, "$1"));

/** A time picker's value: seconds, when a client adds them, are dropped. */
export const timeText = text.transform((value) => value.replace(/^(\d{2}:\d{2}):\d{2}(\.\d+)?$/, "$1"));

/** A multiselect's values: the chosen option values joined with commas, without repeats or empties. */
export const listText = text.transform((value) => [
  ...new Set(
    value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  ),
]);

/** One of a select's option values. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  text.pipe(z.enum(values, { error: message }));

/** The field errors of a failed parse: the first message per field id (an issue without a path goes to `_form`). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A record id our buttons carry (a cuid): anything else is out of date. */
export const idValue = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A button value the core wrote as JSON, checked against its shape. */
export const jsonValue = <T extends z.ZodType>(shape: T) =>
  z
    .string()
    .max(2000)
    .transform((raw, ctx): unknown => {
      try {
        return JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: "custom", message: "not JSON" });
        return z.NEVER;
      }
    })
    .pipe(shape);
