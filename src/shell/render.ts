/** Cards and forms as readable text for the console. Buttons are numbered so they can be pressed by number. */
import type { Button, Card, FormField } from "../core/ui/model";

/**
 * Text made safe for a terminal: control characters other than a new line and a tab are dropped, so text someone
 * typed (a topic's title, a form's answer) cannot move the cursor, clear the screen or make a terminal hyperlink
 * (ESC ] 8). Everything else is printed as typed: the shell shows no markup.
 */
export const printable = (text: string): string => text.replace(/(?![\n\t])\p{Cc}/gu, "");

export function renderCard(card: Card, firstButton = 1): { text: string; buttons: Button[] } {
  const lines = [`== ${card.title} ==`];
  const buttons: Button[] = [];
  for (const block of card.blocks) {
    switch (block.kind) {
      case "text":
        lines.push(block.text);
        break;
      case "context":
        lines.push(`  (${block.text})`);
        break;
      case "fields":
        for (const f of block.fields) lines.push(`  ${f.label}: ${f.value}`);
        break;
      case "divider":
        lines.push("  ----");
        break;
      case "actions":
        lines.push(
          `  ${block.buttons
            .map((b) => {
              buttons.push(b);
              return `[${firstButton + buttons.length - 1}] ${b.label}`;
            })
            .join("  ")}`,
        );
        break;
    }
  }
  return { text: lines.join("\n"), buttons };
}

export function fieldPrompt(field: FormField): string {
  const parts = [`${field.label}${field.required ? "" : " (optional)"}`];
  if (field.hint) parts.push(`  ${field.hint}`);
  if (field.options) parts.push(field.options.map((o, i) => `  ${i + 1}) ${o.label}`).join("\n"));
  if (field.kind === "multiselect")
    parts.push(
      `  Several: numbers separated by commas, e.g. 1,3${field.maxSelections ? ` (at most ${field.maxSelections})` : ""}`,
    );
  const fallback =
    field.kind === "multiselect"
      ? (field.initial ?? "")
          .split(",")
          .map((v) => field.options?.findIndex((o) => o.value === v) ?? -1)
          .filter((i) => i >= 0)
          .map((i) => i + 1)
          .join(",")
      : (field.options?.find((o) => o.value === field.initial)?.label ?? field.initial);
  return `${parts.join("\n")}\n${fallback ? `[${fallback}] ` : ""}> `;
}

const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/**
 * The option a typed answer means: its number, its value or its label (any case), or a word that only one option's
 * label or value has, or begins with ("weekly" → "Every week", "last" → "Monthly, last weekday"). A word several
 * options fit is asked again, naming them; an answer no option fits is passed on for the form to refuse.
 */
export function optionFor(
  options: ReadonlyArray<{ value: string; label: string }>,
  typed: string,
): { value: string } | { error: string } {
  const answer = typed.trim();
  const n = Number(answer);
  if (Number.isInteger(n) && n >= 1 && n <= options.length) return { value: options[n - 1]?.value ?? answer };
  const lower = answer.toLowerCase();
  const exact = options.find((o) => o.value.toLowerCase() === lower || o.label.toLowerCase() === lower);
  if (exact) return { value: exact.value };
  const typedWords = words(answer);
  const matches = (o: { value: string; label: string }) => {
    const own = new Set([...words(o.label), ...words(o.value), o.value.toLowerCase()]);
    return typedWords.every((w) =>
      [...own].some((x) => x === w || x.startsWith(w) || (x.length >= 4 && w.startsWith(x))),
    );
  };
  const candidates = typedWords.length ? options.filter(matches) : [];
  // a word that is one option's own word exactly beats a word that only begins another's ("week" → "Every week")
  const exactWord = candidates.filter((o) =>
    typedWords.every((w) => new Set([...words(o.label), ...words(o.value)]).has(w)),
  );
  const [only, ...more] = exactWord.length === 1 ? exactWord : candidates;
  if (only && more.length === 0) return { value: only.value };
  // nothing fits: the answer goes to the form as typed, and the form says what it expects
  if (!candidates.length) return { value: answer };
  const list = candidates.map((o) => `${options.indexOf(o) + 1}) ${o.label}`);
  return { error: `“${answer}” could mean ${list.join(" or ")}: type the number.` };
}

/**
 * What the person typed for a field: Enter keeps the default; a select takes its number, its label, or an
 * unambiguous word of it; a multiselect, several of those separated by commas.
 */
export function fieldValue(field: FormField, typed: string): { value: string } | { error: string } {
  const value = typed.trim();
  if (value === "") return { value: field.initial ?? "" };
  const options = field.options;
  if (!options) return { value };
  if (field.kind === "multiselect") {
    const chosen: string[] = [];
    for (const part of value
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const one = optionFor(options, part);
      if ("error" in one) return one;
      chosen.push(one.value);
    }
    return { value: chosen.join(",") };
  }
  return optionFor(options, value);
}
