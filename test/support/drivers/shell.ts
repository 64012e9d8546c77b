/**
 * The scenarios' shell: the real shell (as `npm start` runs it with piped input) fed line by line, `as <name>`
 * switching who types, and the scheduler posting with the shell's own messenger into the same output, as main.ts
 * builds it. Cards are read from what the shell prints (`== title ==`, `(context)` lines, numbered buttons), direct
 * messages from the messenger's `[to …]` lines (their buttons pressed as `m<number>`), and forms field by field from
 * the prompts: a submission answers each field as it is asked, and after errors the shell asks only those fields again.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScheduler, type Scheduler } from "../../../src/scheduler/scheduler";
import { shellMessenger } from "../../../src/shell/shell";
import type { Provider } from "../../../src/store/engine";
import { type TestServices, testServices } from "../services";
import { type ShellDelivery, ShellSession } from "../shell";
import type {
  Answer,
  Cast,
  Delivered,
  FieldView,
  FormView,
  Item,
  LineMatch,
  ReceivedFile,
  ReceivedImage,
  Values,
  View,
} from "./model";
import { BaseDriver, buttonOf, capitalised, makeAnswer, makeView, withoutLabel } from "./model";

export const SHELL_CHANNEL = "shell:#echo";

/** Where a message was printed: in answer to what was typed (its buttons are numbers), or by the messenger. */
type Origin = "reply" | "delivery";

interface OpenForm {
  form: FormView;
  /** what each field holds, by label: what was typed, or what it showed */
  held: Map<string, string | string[] | undefined>;
}

const CHECK = "Please check these:";
const FORM_HEADER = /^-- (.+) -- \(Enter keeps/m;
/** the most fields one submission answers before giving up */
const MOST_FIELDS = 60;

/** A form field's prompt as the shell prints it (see `fieldPrompt` in src/shell/render.ts). */
export function parseField(prompt: string): FieldView {
  const lines = prompt.split("\n");
  const last = lines.pop() ?? "";
  const shown = /^\[(.*)\] > $/.exec(last)?.[1];
  const [head = "", ...rest] = lines;
  const optional = head.endsWith(" (optional)");
  const label = optional ? head.slice(0, -" (optional)".length) : head;
  const options = rest.flatMap((line) => /^ {2}\d+\) (.*)$/.exec(line)?.slice(1, 2) ?? []);
  const multiple = rest.some((line) => line.startsWith("  Several: "));
  const hint = rest.find((line) => !/^ {2}\d+\) /.test(line) && !line.startsWith("  Several: "))?.trim();
  const value =
    shown === undefined ? undefined : multiple ? shown.split(",").map((n) => options[Number(n) - 1] ?? n) : shown;
  return {
    label,
    required: !optional,
    ...(options.length ? { options, multiple } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(hint !== undefined ? { hint } : {}),
  };
}

const empty = (value: string | string[] | undefined) =>
  value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === "");

/** The line to type for a value by label: a choice as its label, several as their numbers, text as it is. */
function typed(field: FieldView, value: string | string[] | undefined): string {
  if (value === undefined) return "";
  // Enter keeps what the field shows, so the shell cannot empty a field that shows something
  if (empty(value) && !empty(field.value))
    throw new Error(`the shell cannot empty “${field.label}”: Enter keeps [${String(field.value)}]`);
  if (field.options && field.multiple) {
    const list = Array.isArray(value) ? value : [value];
    return list
      .map((label) => {
        const at = field.options?.indexOf(label) ?? -1;
        return at >= 0 ? String(at + 1) : label;
      })
      .join(",");
  }
  if (Array.isArray(value)) throw new Error(`“${field.label}” takes one value`);
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class ShellDriver extends BaseDriver {
  readonly platform = "shell" as const;
  readonly channel = SHELL_CHANNEL;
  private readonly origins = new WeakMap<View, Origin>();
  private readonly terminals: ShellSession[] = [];
  private open?: OpenForm;
  /** the last card the shell printed: its numbers are the buttons a number presses */
  private lastCard?: View;
  /** the prompts the last form submission answered, as the shell printed them */
  lastPrompts: string[] = [];
  /** the files each person's commands wrote (the shell prints `written: <path>` for each) */
  private readonly written = new Map<string, Array<{ file: string; said: string }>>();

  private constructor(
    readonly provider: Provider,
    readonly services: TestServices,
    readonly shell: ShellSession,
    readonly scheduler: Scheduler,
    private current: string,
    /** where `export` writes, a folder of its own for each run */
    readonly exportsDir: string,
  ) {
    super();
  }

  static async start(provider: Provider, cast: Cast): Promise<ShellDriver> {
    const services = await testServices(provider);
    const first = Object.keys(cast)[0] ?? "admin";
    const exportsDir = path.join(mkdtempSync(path.join(tmpdir(), "teleecho-exports-")), "exports");
    const shell = new ShellSession(services, first, exportsDir);
    // the scheduler as main.ts builds it for the shell: its messenger prints to the same console
    const scheduler = createScheduler(services, shellMessenger(shell.output), { worker: `shell-flows-${provider}` });
    await shell.ready();
    return new ShellDriver(provider, services, shell, scheduler, first, exportsDir);
  }

  name(who: string): string {
    return capitalised(who);
  }

  address(who: string): string {
    return `shell:${who}`;
  }

  /** Another terminal on the same database, for someone typing at the same moment. */
  async terminal(who: string): Promise<ShellSession> {
    const session = new ShellSession(this.services, who);
    this.terminals.push(session);
    await session.ready();
    return session;
  }

  /** Types a line as someone, outside any form; resolves with what the shell printed for it. */
  async type(who: string, line: string): Promise<string> {
    await this.as(who);
    return this.say(line);
  }

  async command(who: string, words: string): Promise<Answer> {
    await this.as(who);
    const said = await this.say(words);
    const paths = [...said.matchAll(/^ {2}written: (.+)$/gm)].map((m) => ({ file: m[1] as string, said }));
    if (paths.length) this.written.set(who, [...(this.written.get(who) ?? []), ...paths]);
    return this.answer(said);
  }

  /** The files the shell wrote for this person's commands, read from where it said it wrote them. */
  async files(who: string): Promise<ReceivedFile[]> {
    return (this.written.get(who) ?? [])
      .filter(({ file }) => !file.endsWith(".png"))
      .map(({ file }) => ({ name: path.basename(file), text: readFileSync(file, "utf8") }));
  }

  /** The pictures the shell wrote for this person's commands (the shell is their own terminal: no channel). */
  async images(where: string): Promise<ReceivedImage[]> {
    return (this.written.get(where) ?? [])
      .filter(({ file }) => file.endsWith(".png"))
      .map(({ file, said }) => ({ name: path.basename(file), png: readFileSync(file), text: said, alt: "" }));
  }

  async press(who: string, view: View, label: string, after: LineMatch[] = []): Promise<Answer> {
    const button = buttonOf(view, label, after);
    if (this.origins.get(view) === "reply" && view !== this.lastCard)
      throw new Error("the shell presses only the buttons of the last card it printed");
    await this.as(who);
    return this.answer(await this.say(String(button.raw)));
  }

  async submit(who: string, form: FormView, values: Values): Promise<Answer> {
    const open = this.asked(form);
    if (who !== this.current) throw new Error("the shell asks a form at one terminal: nobody else can submit it");
    const given = new Map(Object.entries(values));
    const asked = new Set<string>();
    this.lastPrompts = [];
    let out = "";
    for (let n = 0; ; n++) {
      if (n >= MOST_FIELDS) throw new Error(`the form ${form.title} did not end:\n${out}`);
      this.lastPrompts.push(this.shell.prompt);
      const field = this.see(open, parseField(this.shell.prompt));
      asked.add(field.label);
      const value = given.get(field.label);
      const line = typed(field, value);
      const holds = value ?? field.value;
      open.held.set(field.label, holds);
      if (holds === undefined) delete field.value;
      else field.value = holds;
      out = await this.say(line);
      if (this.shell.atCommandPrompt || out.includes(CHECK)) break;
      if (parseField(this.shell.prompt).label === field.label)
        throw new Error(`the shell asked “${field.label}” again:\n${out}`);
    }
    for (const [label, value] of given) {
      if (asked.has(label)) continue;
      if (!open.held.has(label)) throw new Error(`the shell never asked “${label}” in ${form.title}`);
      if (!same(open.held.get(label), value))
        throw new Error(
          `the shell asks again only the fields with errors: “${label}” still holds ${open.held.get(label)}`,
        );
    }
    if (this.shell.atCommandPrompt) {
      this.open = undefined;
      form.errors = {};
      return this.answer(out);
    }
    form.errors = {};
    const listed = out.slice(out.indexOf(CHECK) + CHECK.length).split("\n");
    for (const line of listed.filter((l) => l.startsWith("  "))) {
      const text = line.slice(2);
      const label = form.fields
        .map((f) => f.label)
        .filter((l) => text.startsWith(`${l}: `))
        .sort((a, b) => b.length - a.length)[0];
      form.errors[label ?? ""] = label ? withoutLabel(label, text) : text;
    }
    for (const field of form.fields) {
      const error = form.errors[field.label];
      if (error === undefined) delete field.error;
      else field.error = error;
    }
    this.see(open, parseField(this.shell.prompt));
    form.raw = out;
    return makeAnswer({ views: [], form, raw: out });
  }

  async cancel(who: string, form: FormView): Promise<void> {
    this.asked(form);
    if (who !== this.current) throw new Error("the shell asks a form at one terminal: nobody else can cancel it");
    expect(await this.say("cancel")).toContain("Cancelled; nothing was saved.");
    this.open = undefined;
  }

  /** A field of the form being asked; the fields before it are answered with Enter (keeping what they show). */
  override async field(form: FormView, label: string): Promise<FieldView> {
    const open = this.asked(form);
    const seen = form.fields.find((f) => f.label === label);
    if (seen) return seen;
    for (let n = 0; n < MOST_FIELDS; n++) {
      const field = this.see(open, parseField(this.shell.prompt));
      if (field.label === label) return field;
      open.held.set(field.label, field.value);
      const out = await this.say("");
      if (this.shell.atCommandPrompt || out.includes(CHECK))
        throw new Error(`the form ${form.title} ended before “${label}”:\n${out}`);
    }
    throw new Error(`the form ${form.title} has no field “${label}”`);
  }

  async directMessages(): Promise<Delivered[]> {
    return this.shell.deliveries
      .filter((d) => d.kind === "to" && d.address.startsWith("shell:") && !d.address.startsWith("shell:#"))
      .map((d) => ({ to: d.address.slice("shell:".length), view: this.delivered(d) }));
  }

  async channelMessages(): Promise<View[]> {
    return this.shell.deliveries
      .filter((d) => d.kind === "to" && d.address === SHELL_CHANNEL)
      .map((d) => this.delivered(d));
  }

  async updates(): Promise<View[]> {
    return this.shell.deliveries.filter((d) => d.kind === "update").map((d) => this.delivered(d));
  }

  sent(): string {
    return this.shell.deliveries.map((d) => d.text).join("\n");
  }

  verify(): void {
    // the shell prints text: there is no payload to check beyond what the scenarios read
  }

  async close(): Promise<void> {
    if (this.open) await this.cancel(this.current, this.open.form);
    await this.shell.quit();
    for (const terminal of this.terminals) await terminal.quit();
    await this.scheduler.stop();
    await this.services.close();
    rmSync(path.dirname(this.exportsDir), { recursive: true, force: true });
  }

  /** Switches who is typing (`as <name>`), unless it is them already. */
  private async as(who: string): Promise<void> {
    if (this.open) throw new Error(`the shell is asking the form ${this.open.form.title}: submit or cancel it first`);
    if (who === this.current) return;
    expect(await this.say(`as ${who}`)).toBe(`You are now ${capitalised(who)}.\n`);
    this.current = who;
  }

  /** Types a line; resolves with what the shell printed for it, without its next prompt and the messenger's lines. */
  private async say(line: string): Promise<string> {
    await this.shell.send(line);
    const said = this.shell.said;
    return said.endsWith(this.shell.prompt) ? said.slice(0, -this.shell.prompt.length) : said;
  }

  private asked(form: FormView): OpenForm {
    if (this.open?.form !== form) throw new Error(`the shell is not asking the form ${form.title}`);
    return this.open;
  }

  /** What the shell printed for a line: the messages, and the form it started asking, if any. */
  private answer(printed: string): Answer {
    const header = FORM_HEADER.exec(printed);
    const views = this.views(header ? printed.slice(0, header.index) : printed);
    if (!header) return makeAnswer({ views, raw: printed });
    const form: FormView = { title: header[1] as string, fields: [], errors: {}, raw: printed };
    this.open = { form, held: new Map() };
    this.see(this.open, parseField(this.shell.prompt));
    return makeAnswer({ views, form, raw: printed });
  }

  /** A field as it is asked now, merged into the form: its first showing is its initial value. */
  private see(open: OpenForm, field: FieldView): FieldView {
    const known = open.form.fields.find((f) => f.label === field.label);
    if (!known) {
      const first = { ...field, ...(field.value !== undefined ? { initial: field.value } : {}) };
      open.form.fields.push(first);
      return first;
    }
    if (field.value === undefined) delete known.value;
    else known.value = field.value;
    return known;
  }

  /** Printed text as messages: each card starts at its `== title ==` line; text before a card is a message of its own. */
  private views(printed: string): View[] {
    const views: View[] = [];
    let plain: string[] = [];
    let card: { title: string; items: Item[]; printed: string[] } | undefined;
    let context: string[] | undefined;
    const flush = () => {
      if (plain.some((line) => line.trim() !== ""))
        views.push(this.reply({ items: [{ line: plain.join("\n") }] }, plain));
      plain = [];
      if (card) {
        const view = this.reply({ title: card.title, items: card.items }, card.printed);
        views.push(view);
        this.lastCard = view;
      }
      card = undefined;
    };
    for (const line of printed.split("\n")) {
      const heading = /^== (.*) ==$/.exec(line);
      if (heading) {
        flush();
        card = { title: heading[1] as string, items: [], printed: [line] };
        continue;
      }
      if (!card) {
        plain.push(line);
        continue;
      }
      card.printed.push(line);
      if (context) {
        context.push(line);
        if (line.endsWith(")")) {
          card.items.push({ line: context.join("\n").slice(0, -1) });
          context = undefined;
        }
      } else if (/^ {2}\[\d+\] /.test(line))
        for (const m of line.matchAll(/\[(\d+)\] (.+?)(?= {2}\[\d+\] |$)/g))
          card.items.push({ button: { label: m[2] as string, raw: m[1] } });
      else if (line === "  ----" || line.trim() === "") continue;
      else if (/^ {2}\(.*\)$/.test(line)) card.items.push({ line: line.slice(3, -1) });
      else if (line.startsWith("  (")) context = [line.slice(3)];
      else card.items.push({ line: line.replace(/^ {2}/, "") });
    }
    flush();
    return views;
  }

  private reply(parts: { title?: string; items: Item[] }, printed: string[]): View {
    const view = makeView({ ...parts, raw: printed.join("\n") });
    this.origins.set(view, "reply");
    return view;
  }

  /** A message the messenger printed: a card's plain text (its buttons as `m<number>`), or a text. */
  private delivered(delivery: ShellDelivery): View {
    const lines = delivery.text.split("\n");
    const last = lines.at(-1) ?? "";
    const buttons: Item[] = /^ {2}\[m\d+\] /.test(last)
      ? [...last.matchAll(/\[(m\d+)\] (.+?)(?= {2}\[m\d+\] |$)/g)].map((m) => ({
          button: { label: m[2] as string, raw: m[1] },
        }))
      : [];
    if (buttons.length) lines.pop();
    // a card has a title line and more; a text message is one line
    const card = buttons.length > 0 || lines.length > 1;
    const title = card ? lines.shift() : undefined;
    const items: Item[] = [...lines.filter((line) => line !== "—").map((line) => ({ line })), ...buttons];
    const view = makeView({
      ...(title !== undefined ? { title } : {}),
      items,
      raw: `[${delivery.kind} ${delivery.address}] ${delivery.text}`,
    });
    this.origins.set(view, "delivery");
    return view;
  }
}
