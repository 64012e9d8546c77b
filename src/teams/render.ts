/**
 * The neutral UI model rendered as Adaptive Cards 1.5 (the schema Teams supports everywhere), and dialog (task
 * module) payloads. Buttons are `Action.Execute` with `verb` = the core's action id; a button that opens a form is an
 * `Action.Submit` carrying `msteams.type = "task/fetch"`, because only that opens a dialog.
 */
import { ActionIds } from "../core/ids";
import { type Button, type Card, type CardImage, type Form, type FormField, mentionsAsNames } from "../core/ui/model";

export const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";
const SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

/** Teams refuses messages over about 28 KB; the card gets this much and the activity envelope the rest. */
export const CARD_BYTE_BUDGET = 26 * 1024;
export const TEAMS_MESSAGE_LIMIT = 28 * 1024;

/** Keys of a dialog's submit data that are not form fields. */
export const RESERVED_DATA_KEYS: readonly string[] = ["formId", "metadata", "msteams", "verb", "value"];

export interface AcElement {
  type: string;
  [key: string]: unknown;
}

export interface AdaptiveCard {
  $schema: string;
  type: "AdaptiveCard";
  version: "1.5";
  fallbackText: string;
  body: AcElement[];
  actions?: AcElement[];
}

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD;
  content: AdaptiveCard;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A web address left as it is (Teams links it, showing where it goes); it ends before anything that makes markup. */
const WEB_ADDRESS = /https?:\/\/[^\s<>[\]()`|\\*~]+/g;
/** What CommonMark could read as markup: emphasis, code, links and images, HTML, escapes. */
const MARKDOWN = /[\\`*_~[\]<>]/g;
/** A code span the core wrote: shown as code only when nothing in it could make a link if read as plain markdown. */
const CODE_SPAN = /`([^`\n]+)`/g;
/** What could make a link outside a code span: "](", an HTML anchor, an address in angle brackets, an escape. */
const LINK_IN_CODE = /\]\s*\(|<\s*a[\s>]|<[a-z][a-z0-9+.-]*:|\\/i;

const escapeMarkdown = (text: string) => text.replace(MARKDOWN, "\\$&").replace(/^(\s*)([#>])/gm, "$1\\$2");

function escapeOutsideCode(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(WEB_ADDRESS)) {
    out += escapeMarkdown(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeMarkdown(text.slice(last));
}

/**
 * Core text → Teams markdown (TextBlock, FactSet and message text are markdown in Teams). Everything anyone may have
 * typed is escaped with CommonMark's backslash, so "[Verify your NHS login](https://evil.example)" shows as written
 * and links nowhere; web addresses are left as they are. The core's own markup (src/core/ui/model.ts) still works:
 * its mentions read as "@Name", and a `code` span stays code unless what is inside could make a link if a client
 * that does not show code spans read it as markdown ("](", "<a …>", "<https:…>"); then it is escaped like the rest,
 * backticks included.
 */
export function teamsMarkdown(text: string): string {
  const source = mentionsAsNames(text);
  let out = "";
  let last = 0;
  for (const m of source.matchAll(CODE_SPAN)) {
    const inside = m[1] ?? "";
    if (LINK_IN_CODE.test(inside)) continue;
    out += escapeOutsideCode(source.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeOutsideCode(source.slice(last));
}

const heading = (title: string): AcElement => ({
  type: "TextBlock",
  text: teamsMarkdown(clip(title, 300)),
  size: "medium",
  weight: "bolder",
  style: "heading",
  wrap: true,
});

/** One TextBlock per line: Teams does not reliably break a TextBlock on a single newline. */
function paragraphs(text: string, extra: Record<string, unknown> = {}): AcElement[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return lines.map((line, i) => ({
    type: "TextBlock",
    text: teamsMarkdown(line),
    wrap: true,
    ...extra,
    ...(i > 0 ? { spacing: "none" } : {}),
  }));
}

function action(button: Button): AcElement {
  const style =
    button.style === "primary" ? { style: "positive" } : button.style === "danger" ? { style: "destructive" } : {};
  if (button.actionId === ActionIds.openForm)
    return {
      type: "Action.Submit",
      title: clip(button.label, 60),
      data: { msteams: { type: "task/fetch" }, verb: button.actionId, value: button.value },
      ...style,
    };
  return {
    type: "Action.Execute",
    title: clip(button.label, 60),
    verb: button.actionId,
    data: { value: button.value },
    ...style,
  };
}

function cardBody(card: Card): AcElement[] {
  const body: AcElement[] = [heading(card.title)];
  let separate = false;
  for (const block of card.blocks) {
    let elements: AcElement[];
    switch (block.kind) {
      case "divider":
        separate = true;
        continue;
      case "text":
        elements = paragraphs(block.text);
        break;
      case "context":
        elements = paragraphs(block.text, { size: "small", isSubtle: true });
        break;
      case "fields":
        elements = block.fields.length
          ? [
              {
                type: "FactSet",
                facts: block.fields.map((f) => ({
                  title: teamsMarkdown(clip(f.label, 100)),
                  value: teamsMarkdown(f.value),
                })),
              },
            ]
          : [];
        break;
      case "actions":
        elements = block.buttons.length ? [{ type: "ActionSet", actions: block.buttons.map(action) }] : [];
        break;
    }
    const [first, ...rest] = elements;
    if (!first) continue;
    body.push(separate ? { ...first, separator: true, spacing: "medium" } : first, ...rest);
    separate = false;
  }
  return body;
}

const byteSize = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** Drops elements from the end (keeping the title) until the card fits, and says so on the card. */
export function fitCard(card: AdaptiveCard, budget = CARD_BYTE_BUDGET): AdaptiveCard {
  if (byteSize(card) <= budget) return card;
  const note: AcElement = {
    type: "TextBlock",
    text: "This was too long for a Teams card and has been shortened.",
    size: "small",
    isSubtle: true,
    wrap: true,
  };
  const body = [...card.body];
  const shortened = (): AdaptiveCard => ({
    ...card,
    body: [...body, note],
    fallbackText: clip(card.fallbackText, 2000),
  });
  while (body.length > 1 && byteSize(shortened()) > budget) body.pop();
  const result = shortened();
  // a title alone over budget: only a pathological input gets here
  if (byteSize(result) > budget) return { ...result, body: [heading(clip(card.fallbackText, 200)), note] };
  return result;
}

export function renderCard(card: Card): AdaptiveCard {
  return fitCard({
    $schema: SCHEMA,
    type: "AdaptiveCard",
    version: "1.5",
    fallbackText: card.fallback || card.title,
    body: cardBody(card),
  });
}

/** values the date and time pickers can show; anything else is left out rather than breaking the dialog */
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function input(field: FormField, value: string | undefined, error: string | undefined): AcElement {
  const common: AcElement = { type: "Input.Text", id: field.id, label: field.label, isRequired: field.required };
  const message = error ?? (field.required ? `${field.label} is required.` : undefined);
  if (message) common.errorMessage = message;
  if (field.placeholder) common.placeholder = field.placeholder;
  switch (field.kind) {
    case "text":
    case "textarea":
    case "url": {
      const element: AcElement = { ...common };
      if (field.kind === "textarea") element.isMultiline = true;
      if (field.kind === "url") element.style = "url";
      if (field.maxLength) element.maxLength = field.maxLength;
      if (value !== undefined && value !== "")
        element.value = field.maxLength ? value.slice(0, field.maxLength) : value;
      return element;
    }
    case "select": {
      const element: AcElement = {
        ...common,
        type: "Input.ChoiceSet",
        style: "compact",
        choices: (field.options ?? []).map((o) => ({ title: o.label, value: o.value })),
      };
      if (value !== undefined && (field.options ?? []).some((o) => o.value === value)) element.value = value;
      return element;
    }
    case "multiselect": {
      // Teams sends the chosen values back joined with commas, as the core expects
      const element: AcElement = {
        ...common,
        type: "Input.ChoiceSet",
        isMultiSelect: true,
        style: "expanded",
        choices: (field.options ?? []).map((o) => ({ title: o.label, value: o.value })),
      };
      const known = new Set((field.options ?? []).map((o) => o.value));
      const chosen = (value ?? "").split(",").filter((v) => known.has(v));
      if (chosen.length) element.value = chosen.join(",");
      return element;
    }
    case "number": {
      const element: AcElement = { ...common, type: "Input.Number" };
      const n = value === undefined || value.trim() === "" ? Number.NaN : Number(value);
      if (Number.isFinite(n)) element.value = n;
      return element;
    }
    case "date":
    case "time": {
      const element: AcElement = { ...common, type: field.kind === "date" ? "Input.Date" : "Input.Time" };
      if (value !== undefined && (field.kind === "date" ? DATE : TIME).test(value)) element.value = value;
      return element;
    }
  }
}

export interface FormState {
  /** what the user typed last time, shown again instead of the form's initial values */
  values?: Record<string, string>;
  /** one message per field id */
  errors?: Record<string, string>;
}

/** A form as the card inside a dialog; its submit action carries the form id and metadata back. */
export function renderForm(form: Form, state: FormState = {}): AdaptiveCard {
  const body: AcElement[] = [];
  const errors = state.errors ?? {};
  const known = new Set(form.fields.map((f) => f.id));
  const loose = Object.entries(errors).filter(([id]) => !known.has(id));
  if (Object.keys(errors).length)
    body.push({
      type: "TextBlock",
      text: "Some answers need another look: see the messages under the fields.",
      color: "attention",
      weight: "bolder",
      wrap: true,
    });
  for (const [, message] of loose)
    body.push({ type: "TextBlock", text: teamsMarkdown(message), color: "attention", wrap: true });
  for (const field of form.fields) {
    if (RESERVED_DATA_KEYS.includes(field.id))
      throw new Error(`form field id "${field.id}" is reserved by the Teams adapter`);
    const value = state.values ? state.values[field.id] : field.initial;
    body.push(input(field, value, errors[field.id]));
    if (errors[field.id])
      body.push({
        type: "TextBlock",
        text: teamsMarkdown(errors[field.id] ?? ""),
        color: "attention",
        size: "small",
        wrap: true,
        spacing: "none",
      });
    if (field.hint)
      body.push({
        type: "TextBlock",
        text: teamsMarkdown(field.hint),
        size: "small",
        isSubtle: true,
        wrap: true,
        spacing: "none",
      });
  }
  return {
    $schema: SCHEMA,
    type: "AdaptiveCard",
    version: "1.5",
    fallbackText: form.title,
    body,
    actions: [
      {
        type: "Action.Submit",
        title: form.submitLabel,
        style: "positive",
        data: { formId: form.formId, metadata: form.metadata },
      },
    ],
  };
}

export { formLauncher } from "../core/app-refs";

export const attachment = (content: AdaptiveCard): CardAttachment => ({ contentType: ADAPTIVE_CARD, content });

/** A message carrying a card; `summary` is the fallback text that notifications and old clients show. */
export const cardMessage = (card: Card) => ({
  type: "message" as const,
  summary: card.fallback || card.title,
  attachments: [attachment(renderCard(card))],
});

/**
 * A card with its picture inside it, as a base64 data URI (Teams shows data URIs in Adaptive Cards on desktop, web
 * and mobile): the whole message must stay under TEAMS_MESSAGE_LIMIT, so the card's words get what the picture leaves
 * (the report's chart is at most 15,000 bytes of PNG, 20,000 as base64). A picture that could not fit is left out,
 * and the card says so.
 */
export function imageMessage(card: Card, image: CardImage) {
  const element: AcElement = {
    type: "Image",
    url: `data:${image.mediaType};base64,${Buffer.from(image.content).toString("base64")}`,
    altText: clip(image.alt, 1000),
    size: "Stretch",
  };
  // the card gets what the picture leaves, less 2 KB for the message around it (as CARD_BYTE_BUDGET keeps)
  const room = TEAMS_MESSAGE_LIMIT - byteSize(element) - 2048;
  const rendered = renderCard(card);
  const words = room > 4096 ? fitCard(rendered, room) : undefined;
  const tooLarge: AcElement = {
    type: "TextBlock",
    text: "The chart was too large for a Teams message.",
    isSubtle: true,
    wrap: true,
  };
  const content: AdaptiveCard = words
    ? { ...words, body: [...words.body, element] }
    : fitCard({ ...rendered, body: [...rendered.body, tooLarge] });
  return { type: "message" as const, summary: card.fallback || card.title, attachments: [attachment(content)] };
}

export const textMessage = (text: string) => ({
  type: "message" as const,
  text: teamsMarkdown(text),
  textFormat: "markdown" as const,
});

/**
 * Submitted dialog data → the form's values, as they came (Input.Number may arrive as a number): every key but the
 * adapter's own. The core's form schema reads and checks them.
 */
export function formValues(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !RESERVED_DATA_KEYS.includes(key)));
}

/** What was typed, as text per field, to show a dialog again with its field errors. */
export function typedValues(values: Record<string, unknown>, fields: readonly FormField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.id];
    let value = typeof raw === "string" ? raw : typeof raw === "number" && Number.isFinite(raw) ? String(raw) : "";
    if (field.kind === "date") value = value.replace(/^(\d{4}-\d{2}-\d{2})T.*$/, "$1");
    if (field.kind === "time") value = value.replace(/^(\d{2}:\d{2}):\d{2}(\.\d+)?$/, "$1");
    out[field.id] = value;
  }
  return out;
}

export interface TaskResponse {
  task:
    | { type: "continue"; value: { title: string; width: string; height: string; card: CardAttachment } }
    | { type: "message"; value: string };
}

export const dialogResponse = (form: Form, state: FormState = {}): TaskResponse => ({
  task: {
    type: "continue",
    value: {
      title: clip(form.title, 100),
      width: "medium",
      height: "large",
      card: attachment(renderForm(form, state)),
    },
  },
});

export const dialogMessage = (text: string): TaskResponse => ({ task: { type: "message", value: clip(text, 1000) } });
