/**
 * The neutral UI model. Use cases return these; each adapter renders them (Block Kit, Adaptive Cards 1.5, plain
 * text) and always includes the fallback text. Nothing here knows a platform.
 */
import type { ActionId, FormId } from "../ids";

export interface Button {
  actionId: ActionId;
  label: string;
  /** opaque to the adapter; comes back with the click */
  value: string;
  style?: "primary" | "danger";
}

export interface Field {
  label: string;
  value: string;
}

export type CardBlock =
  | { kind: "text"; text: string }
  | { kind: "fields"; fields: Field[] }
  | { kind: "actions"; buttons: Button[] }
  | { kind: "context"; text: string }
  | { kind: "divider" };

export interface Card {
  title: string;
  blocks: CardBlock[];
  /** plain text for notifications, screen readers and clients that cannot show cards */
  fallback: string;
}

/** `multiselect` values travel as the chosen option values joined with commas. */
export type FormFieldKind = "text" | "textarea" | "select" | "multiselect" | "number" | "date" | "time" | "url";

export interface FormField {
  id: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  maxLength?: number;
  options?: Array<{ value: string; label: string }>;
  /** multiselect: the most options one may choose */
  maxSelections?: number;
  initial?: string;
  hint?: string;
  placeholder?: string;
}

export interface Form {
  formId: FormId;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** opaque context handed back on submit (for example the session being moved) */
  metadata: string;
}

export type Visibility = "private" | "public";

/** A file made for the person who asked (an export): only ever delivered to them, never to a channel. */
export interface ExportFile {
  /** the file's name, with its extension ("palliative-care-echo-attendance-2026-12-07.csv") */
  name: string;
  mediaType: "text/csv";
  content: Uint8Array;
}

/** A picture that goes with a card (the report's chart): PNG bytes, with words for whoever cannot see it. */
export interface CardImage {
  /** the file's name, with its extension ("palliative-care-echo-report-2026.png") */
  name: string;
  mediaType: "image/png";
  content: Uint8Array;
  /** what the picture shows, in a sentence (alt text) */
  alt: string;
  width: number;
  height: number;
}

export type Reply =
  | { kind: "text"; text: string; visibility: Visibility }
  | { kind: "card"; card: Card; visibility: Visibility; replaceOriginal?: boolean }
  | { kind: "form"; form: Form }
  /** files for the asker alone, with a line that says what they are; the adapter says where they went */
  | { kind: "files"; text: string; files: ExportFile[] }
  /**
   * a card with its picture: to the asker's direct message (the adapter says so where they asked), or, with `here`,
   * into the conversation they asked in
   */
  | { kind: "image"; card: Card; image: CardImage; here: boolean };

export type FormResult =
  | { kind: "errors"; errors: Record<string, string> }
  | { kind: "done"; reply?: Reply; announce?: Card };

/** What a Messenger sends proactively. */
export type OutboundMessage = { text: string } | { card: Card };

export const text = (value: string, visibility: Visibility = "private"): Reply => ({
  kind: "text",
  text: value,
  visibility,
});

export const cardReply = (card: Card, visibility: Visibility = "private", replaceOriginal = false): Reply => ({
  kind: "card",
  card,
  visibility,
  replaceOriginal,
});

/**
 * The core's text is plain text: anything in it may have been typed by someone (a topic's title, a network's name,
 * a case), so every renderer escapes all of it for its platform. The core's own markup is only this:
 * - a code span in backticks (`help`), which renderers show as code where that cannot turn text into a link;
 * - a person as adapters write them, `<@slack:T1:U2|Ann>`, `<@teams:…|Ann>`, `<@shell:ann|Ann>`, which renderers
 *   show as "@Ann" and never as a platform mention: a mention typed into a form must not ping anyone.
 */
export const CORE_MENTION = /<@(?:slack|teams|shell):[^<>|\s]+(?:\|([^<>]*))?>/g;

/** The core's mentions as "@Name" (see CORE_MENTION). */
export const mentionsAsNames = (text: string): string =>
  text.replace(CORE_MENTION, (_m, name: string | undefined) => `@${name?.trim() || "someone"}`);

/** Text of a card for plain-text surfaces: the shell, notifications, logs. */
export function cardToPlainText(card: Card): string {
  const lines = [card.title];
  for (const block of card.blocks) {
    if (block.kind === "text" || block.kind === "context") lines.push(block.text);
    else if (block.kind === "fields") for (const f of block.fields) lines.push(`${f.label}: ${f.value}`);
    else if (block.kind === "divider") lines.push("—");
  }
  return lines.join("\n");
}
