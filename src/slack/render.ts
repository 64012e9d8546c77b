/**
 * Neutral cards and forms → Block Kit, within Slack's limits (./limits.ts): texts are cut with an ellipsis, long
 * lists are split over several blocks, and a message never has more blocks than Slack accepts. Also the way back:
 * a modal's `view.state.values` → the core's `Record<fieldId, string>`.
 */
import type { types } from "@slack/bolt";
import { type Button, type Card, type Form, type FormField, mentionsAsNames } from "../core/ui/model";
import { LIMITS } from "./limits";
import type { StateValues } from "./payloads";

type KnownBlock = types.KnownBlock;
type ActionsBlock = types.ActionsBlock;
type InputBlock = types.InputBlock;
type PlainTextOption = types.PlainTextOption;
type PlainTextElement = types.PlainTextElement;
type MrkdwnElement = types.MrkdwnElement;
export type ModalView = types.ModalView;

export interface SlackMessage {
  /** fallback for notifications and clients without blocks; always present */
  text: string;
  blocks?: KnownBlock[];
}

/** Cuts to `max` UTF-16 units including the ellipsis, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Like `clip`, but never leaves half an entity (`&am`) at the cut. */
function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${clip(text, max)
    .slice(0, -1)
    .replace(/&[a-z]{0,4}$/, "")}…`;
}

/**
 * Core text → mrkdwn. Everything is escaped (`&`, `<`, `>`), so nothing anyone typed becomes a ping or a link:
 * "<!channel>", "<!here>", "<@U123>" and "<https://evil.example|click>" show as typed. The core's mentions
 * (`<@slack:T:U1|Ann>`) show as "@Ann" (src/core/ui/model.ts, CORE_MENTION). The core's `code` spans pass as mrkdwn.
 */
export function mrkdwn(text: string): string {
  return mentionsAsNames(text).replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Core text → plain_text, which Slack never parses: shown as typed, the core's mentions as @name. */
function plain(text: string, max: number, fallback = "—"): PlainTextElement {
  const value = mentionsAsNames(text).trim();
  return { type: "plain_text", text: clip(value || fallback, max), emoji: true };
}

const md = (text: string, max: number): MrkdwnElement => ({ type: "mrkdwn", text: clipMrkdwn(mrkdwn(text), max) });

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Slack wants action_ids unique within a block; repeats get a `~n` suffix that `coreActionId` removes. */
export const coreActionId = (slackActionId: string) => slackActionId.replace(/~\d+$/, "");

function actionsBlock(buttons: Button[]): ActionsBlock {
  const seen = new Map<string, number>();
  return {
    type: "actions",
    elements: buttons.map((b) => {
      const n = seen.get(b.actionId) ?? 0;
      seen.set(b.actionId, n + 1);
      const actionId = n === 0 ? b.actionId : `${b.actionId}~${n}`;
      return {
        type: "button" as const,
        action_id: clip(actionId, LIMITS.id),
        text: plain(b.label, LIMITS.buttonText),
        value: clip(b.value, LIMITS.buttonValue),
        ...(b.style ? { style: b.style } : {}),
      };
    }),
  };
}

export function cardBlocks(card: Card): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: "header", text: plain(card.title, LIMITS.headerText, "teleecho") }];
  for (const block of card.blocks) {
    switch (block.kind) {
      case "text":
        if (block.text.trim()) blocks.push({ type: "section", text: md(block.text, LIMITS.sectionText) });
        break;
      case "fields":
        for (const group of chunks(block.fields, LIMITS.sectionFields))
          blocks.push({
            type: "section",
            fields: group.map((f) => md(`*${f.label}*\n${f.value || "—"}`, LIMITS.fieldText)),
          });
        break;
      case "actions":
        for (const group of chunks(block.buttons, LIMITS.actionsElements)) blocks.push(actionsBlock(group));
        break;
      case "context":
        if (block.text.trim()) blocks.push({ type: "context", elements: [md(block.text, LIMITS.contextText)] });
        break;
      case "divider":
        blocks.push({ type: "divider" });
        break;
    }
  }
  if (blocks.length <= LIMITS.messageBlocks) return blocks;
  const kept = blocks.slice(0, LIMITS.messageBlocks - 1);
  const note = `${blocks.length - kept.length} more parts are not shown: this is too long for one Slack message.`;
  return [...kept, { type: "context", elements: [md(note, LIMITS.contextText)] }];
}

const fallbackText = (text: string) => clipMrkdwn(mrkdwn(text.trim() || "teleecho"), LIMITS.sectionText);

export const cardMessage = (card: Card): SlackMessage => ({
  text: fallbackText(card.fallback || card.title),
  blocks: cardBlocks(card),
});

export const textMessage = (text: string): SlackMessage => ({ text: fallbackText(text) });

/** The longest message text Slack shows whole (longer text is cut by Slack, at 40,000). */
export const MESSAGE_TEXT = 4000;

/**
 * A card as one mrkdwn text: the message a file is uploaded with (`initial_comment`), which takes no blocks. Lists of
 * fields become lines ("*Label*: value"); buttons are left out (the report, the one card sent this way, has none).
 */
export function cardMrkdwn(card: Card): string {
  const lines = [`*${mrkdwn(card.title)}*`];
  for (const block of card.blocks) {
    if (block.kind === "text" || block.kind === "context") lines.push(mrkdwn(block.text));
    else if (block.kind === "fields")
      for (const f of block.fields) lines.push(`• *${mrkdwn(f.label)}*: ${mrkdwn(f.value || "—")}`);
  }
  return clipMrkdwn(lines.join("\n"), MESSAGE_TEXT);
}

function option(value: string, label: string): PlainTextOption {
  return { text: plain(label, LIMITS.optionText), value: clip(value, LIMITS.optionValue) };
}

function inputElement(field: FormField): InputBlock["element"] {
  const base = {
    action_id: clip(field.id, LIMITS.id),
    ...(field.placeholder ? { placeholder: plain(field.placeholder, LIMITS.placeholder) } : {}),
  };
  const initial = field.initial?.trim() ? field.initial : undefined;
  switch (field.kind) {
    case "select": {
      const options = (field.options ?? []).slice(0, LIMITS.selectOptions).map((o) => option(o.value, o.label));
      if (options.length === 0) break;
      const chosen = options.find((o) => initial !== undefined && o.value === clip(initial, LIMITS.optionValue));
      return { type: "static_select", ...base, options, ...(chosen ? { initial_option: chosen } : {}) };
    }
    case "multiselect": {
      // up to 10 options show as checkboxes; more as a multi-select menu (Slack's limits)
      const options = (field.options ?? []).slice(0, LIMITS.selectOptions).map((o) => option(o.value, o.label));
      if (options.length === 0) break;
      const wanted = new Set((initial ?? "").split(","));
      const chosen = options.filter((o) => wanted.has(o.value ?? ""));
      const initialOptions = chosen.length ? { initial_options: chosen } : {};
      if (options.length <= LIMITS.checkboxOptions)
        return { type: "checkboxes", action_id: base.action_id, options, ...initialOptions };
      return {
        type: "multi_static_select",
        ...base,
        options,
        ...initialOptions,
        ...(field.maxSelections ? { max_selected_items: field.maxSelections } : {}),
      };
    }
    case "number":
      return {
        type: "number_input",
        ...base,
        is_decimal_allowed: false,
        ...(initial && /^-?\d+$/.test(initial.trim()) ? { initial_value: initial.trim() } : {}),
      };
    case "date":
      return {
        type: "datepicker",
        ...base,
        ...(initial && /^\d{4}-\d{2}-\d{2}$/.test(initial) ? { initial_date: initial } : {}),
      };
    case "time":
      return {
        type: "timepicker",
        ...base,
        ...(initial && /^([01]\d|2[0-3]):[0-5]\d$/.test(initial) ? { initial_time: initial } : {}),
      };
    case "url":
      return {
        type: "url_text_input",
        ...base,
        ...(initial ? { initial_value: clip(initial, LIMITS.inputMaxLength) } : {}),
      };
    default:
      break;
  }
  const maxLength = Math.min(field.maxLength ?? LIMITS.inputMaxLength, LIMITS.inputMaxLength);
  return {
    type: "plain_text_input",
    ...base,
    multiline: field.kind === "textarea",
    max_length: maxLength,
    ...(initial ? { initial_value: clip(initial, maxLength) } : {}),
  };
}

function inputBlock(field: FormField): InputBlock {
  return {
    type: "input",
    block_id: clip(field.id, LIMITS.id),
    label: plain(field.label, LIMITS.inputLabel, field.id),
    optional: !field.required,
    element: inputElement(field),
    ...(field.hint ? { hint: plain(field.hint, LIMITS.inputHint) } : {}),
  };
}

/** A neutral form as a modal. `privateMetadata` comes from `encodeViewMetadata`. */
export function formView(form: Form, privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: clip(form.formId, LIMITS.id),
    title: plain(form.title, LIMITS.viewTitle, "teleecho"),
    submit: plain(form.submitLabel, LIMITS.viewSubmit, "Save"),
    close: plain("Cancel", LIMITS.viewClose),
    private_metadata: privateMetadata,
    blocks: form.fields.slice(0, LIMITS.modalBlocks).map(inputBlock),
  };
}

/** A modal that only says something: what a failed submission turns into. */
export function noticeView(title: string, text: string): ModalView {
  return {
    type: "modal",
    title: plain(title, LIMITS.viewTitle, "teleecho"),
    close: plain("Close", LIMITS.viewClose),
    blocks: [{ type: "section", text: md(text, LIMITS.sectionText) }],
  };
}

/** `view.state.values` → one string per field (the block id is the field id). */
export function formValues(state: StateValues): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const entry = actions[blockId] ?? Object.values(actions)[0];
    if (!entry) continue;
    values[blockId] =
      entry.value ??
      entry.selected_option?.value ??
      entry.selected_options?.map((o) => o.value).join(",") ??
      entry.selected_date ??
      entry.selected_time ??
      "";
  }
  return values;
}
