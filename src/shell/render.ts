/** Cards and forms as readable text for the console. Buttons are numbered so they can be pressed by number. */
import type { Button, Card, FormField } from "../core/ui/model";

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

/** What the person typed for a field: Enter keeps the default; a select takes its number or its value. */
export function fieldValue(field: FormField, typed: string): string {
  const value = typed.trim();
  if (value === "") return field.initial ?? "";
  if (field.kind === "multiselect" && field.options) {
    const options = field.options;
    return value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const n = Number(part);
        return Number.isInteger(n) && n >= 1 && n <= options.length ? (options[n - 1]?.value ?? part) : part;
      })
      .join(",");
  }
  if (field.options) {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 1 && n <= field.options.length) return field.options[n - 1]?.value ?? value;
    return field.options.find((o) => o.label.toLowerCase() === value.toLowerCase())?.value ?? value;
  }
  return value;
}
