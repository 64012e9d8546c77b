/**
 * What the end-to-end scenarios see of a chat platform, whichever one it is: messages as a title, text lines and
 * buttons by label; forms as fields by label with their choices, values and errors. Each driver decodes these from the
 * platform's real payloads (Block Kit, Adaptive Cards, the shell's printed text) and keeps the raw payload beside them
 * for the checks that belong to one platform.
 */
import type { Form } from "../../../src/core/ui/model";
import type { Scheduler } from "../../../src/scheduler/scheduler";
import type { Provider } from "../../../src/store/engine";
import type { TestServices } from "../services";

export type Platform = "slack" | "teams" | "shell";

/** Someone a scenario acts as, by a key of lower-case letters and digits ("fran", "racer01"). */
export interface Person {
  /** the display name on Slack (the shell always shows the key with a capital) */
  name?: string;
  /** the display name in Teams, where it is often a full name; by default `name` */
  teams?: string;
}

export type Cast = Record<string, Person>;

/** "ana" → "Ana": how the shell, and by default the other platforms, name someone. */
export const capitalised = (key: string) => `${key.charAt(0).toUpperCase()}${key.slice(1)}`;

export interface ButtonView {
  label: string;
  style?: "primary" | "danger";
  /** the platform's own button: a Block Kit element, an Adaptive Card action, or the number the shell prints */
  raw: unknown;
}

export type Item = { line: string } | { button: ButtonView };

/** A message, as the person it reached reads it. */
export interface View {
  /** the card's title; none for a plain text message */
  title?: string;
  /** every line of text, in order (blank lines left out), the title not included; a field reads "label: value" */
  lines: string[];
  buttons: ButtonView[];
  /** lines and buttons in the order they show */
  items: Item[];
  /** the title, the lines and the button labels, one a line */
  text: string;
  /** Slack: whether only the person sees it (ephemeral); undefined where the platform does not say */
  private?: boolean;
  /** whether it replaced the message whose button was pressed (Slack `replace_original`, a Teams card refresh) */
  replaced?: boolean;
  /** the platform's payload: a Slack message body, an Adaptive Card or Teams activity, the shell's printed text */
  raw: unknown;
}

export function makeView(parts: {
  title?: string;
  items: Item[];
  private?: boolean;
  replaced?: boolean;
  raw: unknown;
}): View {
  const items = parts.items.flatMap((item): Item[] =>
    "line" in item
      ? item.line
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => ({ line }))
      : [item],
  );
  const lines = items.flatMap((item) => ("line" in item ? [item.line] : []));
  const buttons = items.flatMap((item) => ("button" in item ? [item.button] : []));
  return {
    ...(parts.title !== undefined ? { title: parts.title } : {}),
    lines,
    buttons,
    items,
    text: [...(parts.title !== undefined ? [parts.title] : []), ...lines, ...buttons.map((b) => b.label)].join("\n"),
    ...(parts.private !== undefined ? { private: parts.private } : {}),
    ...(parts.replaced !== undefined ? { replaced: parts.replaced } : {}),
    raw: parts.raw,
  };
}

/** A view's lines and buttons in the order they show, each button as `[label]`. */
export const layout = (view: View) => view.items.map((item) => ("line" in item ? item.line : `[${item.button.label}]`));

/** A line to look for: the whole line, or a pattern it matches. */
export type LineMatch = string | RegExp;
const matches = (line: string, match: LineMatch) => (typeof match === "string" ? line === match : match.test(line));

/**
 * The first button with this label, after lines that match `after` one after another (say a session's heading, then
 * the line of its second case). Throws when there is none.
 */
export function buttonOf(view: View, label: string, after: LineMatch[] = []): ButtonView {
  let wanted = 0;
  for (const item of view.items) {
    if ("line" in item) {
      if (wanted < after.length && matches(item.line, after[wanted] as LineMatch)) wanted += 1;
    } else if (wanted === after.length && item.button.label === label) return item.button;
  }
  throw new Error(`no ${label} button${after.length ? ` after ${after.join(" / ")}` : ""} in:\n${view.text}`);
}

/** The messages with this title. */
export const titled = (views: View[], title: string) => views.filter((v) => v.title === title);

/** The last message with this title; throws when there is none. */
export function lastTitled(views: View[], title: string): View {
  const found = titled(views, title).at(-1);
  if (!found) throw new Error(`no message titled “${title}” among:\n${views.map((v) => v.title ?? v.text).join("\n")}`);
  return found;
}

export interface FieldView {
  label: string;
  required: boolean;
  /** the choices of a select field, by label */
  options?: string[];
  /** whether several choices may be made */
  multiple?: boolean;
  /** what the field showed when the form first showed it: its text, its choice's label, or its choices' labels */
  initial?: string | string[];
  /** what it holds now (what was entered, or what it showed) */
  value?: string | string[];
  hint?: string;
  /** the message about this field, without the field's own label in front of it */
  error?: string;
}

/** A form someone has open: it stays open (and is updated in place) while it has errors. */
export interface FormView {
  title: string;
  /** its fields, in order, as far as the platform has shown them (the shell asks them one at a time) */
  fields: FieldView[];
  /** by field label: what the last submission was refused for */
  errors: Record<string, string>;
  /** the platform's form as it shows now: a modal view, a dialog's invoke response, what the shell printed */
  raw: unknown;
}

/** A field of a form by its label; throws when the form has none (or has not shown it yet). */
export function fieldOf(form: FormView, label: string): FieldView {
  const found = form.fields.find((f) => f.label === label);
  if (!found) throw new Error(`no field “${label}” in ${form.title}: ${form.fields.map((f) => f.label).join(", ")}`);
  return found;
}

/** A field's message with its own label taken off the front, as every platform's errors are compared. */
export const withoutLabel = (label: string, message: string) =>
  message.startsWith(`${label}: `) ? message.slice(label.length + 2) : message;

/** What came back to the person for one command, button press or form submission. */
export interface Answer {
  /** the messages that answered them, in order */
  views: View[];
  /** a short note shown in place of a message (a Teams card's notice, a Teams dialog's closing message) */
  notice?: string;
  /** the form it opened, or the form still open with its errors */
  form?: FormView;
  /** the platform's own answer (a Slack HTTP answer, a Teams invoke response, the shell's printed text) */
  raw: unknown;
  /** the first message; throws when there is none */
  readonly view: View;
  /** what the person reads: the messages' text, or the notice */
  readonly text: string;
}

export function makeAnswer(parts: { views: View[]; notice?: string; form?: FormView; raw: unknown }): Answer {
  return {
    ...parts,
    get view() {
      const first = parts.views[0];
      if (!first) throw new Error(`no message came back${parts.notice ? ` (the notice was “${parts.notice}”)` : ""}`);
      return first;
    },
    get text() {
      if (parts.views.length) return parts.views.map((v) => v.text).join("\n");
      if (parts.notice !== undefined) return parts.notice;
      throw new Error("nothing came back");
    },
  };
}

/** Form values by field label: text, a choice's label, or several choices' labels. A label no choice has is sent as is. */
export type Values = Record<string, string | string[]>;

/** The values of a core form, given by field id (as the core's tests give them), by label as people see them. */
export function byLabel(form: Form, values: Record<string, string>): Values {
  const out: Values = {};
  for (const [id, value] of Object.entries(values)) {
    const field = form.fields.find((f) => f.id === id);
    if (!field) throw new Error(`the form ${form.formId} has no field ${id}`);
    const label = (v: string) => field.options?.find((o) => o.value === v)?.label ?? v;
    out[field.label] = field.kind === "multiselect" ? value.split(",").filter(Boolean).map(label) : label(value);
  }
  return out;
}

/** A direct message, and who got it. */
export interface Delivered {
  to: string;
  view: View;
}

/** A file the bot gave someone (an export), as they would open it. */
export interface ReceivedFile {
  name: string;
  /** the file's bytes as UTF-8 text, a byte-order mark kept */
  text: string;
}

/** A picture the bot sent (the report's chart), with the message it came with. */
export interface ReceivedImage {
  name: string;
  png: Buffer;
  /** the message's words (Slack: the upload's comment; Teams: the card's text; the shell: what it printed) */
  text: string;
  alt: string;
}

/** One chat platform driven through its real route, on a real database. */
export interface Driver {
  readonly platform: Platform;
  readonly provider: Provider;
  readonly services: TestServices;
  /** the neutral address of the network's channel */
  readonly channel: string;
  name(who: string): string;
  /** the neutral address of a person ("slack:T1:UANA", "teams:…", "shell:ana") */
  address(who: string): string;
  /** the command words, as after `/echo`; `@key` mentions someone in the cast */
  command(who: string, words: string): Promise<Answer>;
  /** presses the button with this label on a message the person got or was answered with (see `buttonOf`) */
  press(who: string, view: View, label: string, after?: LineMatch[]): Promise<Answer>;
  /** the form an answer opened (Teams answers a command with a card whose button opens it: that is pressed) */
  form(who: string, answer: Answer): Promise<FormView>;
  /** submits an open form with these values; fields left out keep what they hold */
  submit(who: string, form: FormView, values: Values): Promise<Answer>;
  /** closes an open form without submitting it */
  cancel(who: string, form: FormView): Promise<void>;
  /** a field of an open form, moving on to it where the platform shows one field at a time (keeping each value) */
  field(form: FormView, label: string): Promise<FieldView>;
  /** the direct messages the bot sent, in order, to everyone or to one person */
  directMessages(): Promise<Delivered[]>;
  messagesTo(who: string): Promise<View[]>;
  /** what the bot posted to the network's channel by itself */
  channelMessages(): Promise<View[]>;
  /**
   * the files the bot has given this person so far, as they would open them (Teams: each file consent card in their
   * personal chat accepted first, as they would)
   */
  files(who: string): Promise<ReceivedFile[]>;
  /** the pictures the bot sent to this person's direct message, or (`"channel"`) posted in the network's channel */
  images(where: string): Promise<ReceivedImage[]>;
  /** the messages the bot changed after posting them, as they read after each change */
  updates(): Promise<View[]>;
  /** everything the bot sent to the platform so far, as text */
  sent(): string;
  /** one scheduler tick, at this time (ISO) or this many milliseconds later, or now */
  tick(at?: string | number): Promise<void>;
  /** the checks every payload gets: Block Kit limits, Adaptive Card validation */
  verify(): void;
  close(): Promise<void>;
}

/** What every driver does the same way: one person's direct messages, the scheduler's tick, a field by label. */
export abstract class BaseDriver implements Driver {
  abstract readonly platform: Platform;
  abstract readonly provider: Provider;
  abstract readonly services: TestServices;
  abstract readonly channel: string;
  /** the scheduler as main.ts builds it, with the platform's own messenger */
  abstract readonly scheduler: Scheduler;
  abstract name(who: string): string;
  abstract address(who: string): string;
  abstract command(who: string, words: string): Promise<Answer>;
  abstract press(who: string, view: View, label: string, after?: LineMatch[]): Promise<Answer>;
  abstract submit(who: string, form: FormView, values: Values): Promise<Answer>;
  abstract cancel(who: string, form: FormView): Promise<void>;
  abstract directMessages(): Promise<Delivered[]>;
  abstract channelMessages(): Promise<View[]>;
  abstract files(who: string): Promise<ReceivedFile[]>;
  abstract images(where: string): Promise<ReceivedImage[]>;
  abstract updates(): Promise<View[]>;
  abstract sent(): string;
  abstract verify(): void;
  abstract close(): Promise<void>;

  async form(_who: string, answer: Answer): Promise<FormView> {
    if (!answer.form) throw new Error(`no form opened; the answer was: ${answer.text}`);
    return answer.form;
  }

  async field(form: FormView, label: string): Promise<FieldView> {
    return fieldOf(form, label);
  }

  async messagesTo(who: string): Promise<View[]> {
    return (await this.directMessages()).filter((m) => m.to === who).map((m) => m.view);
  }

  async tick(at?: string | number): Promise<void> {
    if (typeof at === "string") this.services.clock.set(at);
    if (typeof at === "number") this.services.clock.advance(at);
    await this.scheduler.tick();
  }
}
