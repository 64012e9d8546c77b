/**
 * The scenarios' Slack: signed slash commands, block_actions and view_submissions POSTed to the real /slack/events
 * route, the real Slack messenger posting to the fake Web API when the scheduler ticks. Messages are read from the
 * response_url posts, chat.postMessage, chat.postEphemeral and chat.update calls the fake recorded; forms from
 * views.open and the view_submission acknowledgements. Every Block Kit payload is checked with checkBlockKit.
 */
import type { Scheduler } from "../../../src/scheduler/scheduler";
import { decodeViewMetadata } from "../../../src/slack/view-metadata";
import type { Provider } from "../../../src/store/engine";
import {
  type ButtonElement,
  CHANNEL,
  type FakeCall,
  NETWORK_CHANNEL,
  SlackHarness,
  type SlackResponse,
  type SubmittedValues,
  TEAM,
} from "../slack";
import { type Block, type InputBlock, inputs, type Json } from "../slack-blocks";
import type {
  Answer,
  Cast,
  Delivered,
  FormView,
  Item,
  LineMatch,
  ReceivedFile,
  ReceivedImage,
  Values,
  View,
} from "./model";
import { BaseDriver, buttonOf, capitalised, makeAnswer, makeView, withoutLabel } from "./model";

/** Where a message was: the network's channel (and answers in it), or someone's direct messages. */
type Origin = { kind: "channel" } | { kind: "dm"; who: string };

interface OpenForm {
  view: Json;
  /** what has been entered, by block id */
  state: SubmittedValues;
  /** the response_url the modal's answers go back through */
  responsePath?: string;
}

const unescaped = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const optionLabels = (options: Array<{ text: { text: string } }> | undefined) => options?.map((o) => o.text.text);

export class SlackDriver extends BaseDriver {
  readonly platform = "slack" as const;
  readonly channel = NETWORK_CHANNEL;
  private readonly origins = new WeakMap<View, Origin>();
  private readonly forms = new WeakMap<FormView, OpenForm>();

  private constructor(
    readonly provider: Provider,
    readonly h: SlackHarness,
    private readonly cast: Cast,
    readonly scheduler: Scheduler,
  ) {
    super();
  }

  static async start(provider: Provider, cast: Cast): Promise<SlackDriver> {
    const h = await SlackHarness.start(provider);
    for (const [key, person] of Object.entries(cast))
      h.fake.users.set(SlackDriver.userId(key), { name: person.name ?? capitalised(key) });
    return new SlackDriver(provider, h, cast, h.createScheduler(`slack-flows-${provider}`));
  }

  static userId = (who: string) => `U${who.toUpperCase()}`;

  get services() {
    return this.h.services;
  }

  userId(who: string): string {
    if (!(who in this.cast)) throw new Error(`${who} is not in the cast`);
    return SlackDriver.userId(who);
  }

  /** The body of Slack's HTTP answer to a request (a view_submission's acknowledgement). */
  ack(answer: Answer): Json {
    return (answer.raw as SlackResponse).json() as Json;
  }

  /** The direct-message channel the fake Slack opens with someone. */
  dm = (who: string) => `D${this.userId(who)}`;

  name(who: string): string {
    return this.cast[who]?.name ?? capitalised(who);
  }

  address(who: string): string {
    return `slack:${TEAM}:${this.userId(who)}`;
  }

  private whoseDm(channel: string): string | undefined {
    return Object.keys(this.cast).find((key) => `D${SlackDriver.userId(key)}` === channel);
  }

  async command(who: string, words: string): Promise<Answer> {
    const text = words.replace(/(^|\s)@([a-z][a-z0-9]*)/g, (whole, space: string, key: string) =>
      key in this.cast ? `${space}<@${this.userId(key)}|${this.name(key)}>` : whole,
    );
    const mark = this.h.fake.calls.length;
    const res = await this.h.command(text, this.userId(who));
    return this.answer(who, mark, res);
  }

  async press(who: string, view: View, label: string, after: LineMatch[] = []): Promise<Answer> {
    const button = buttonOf(view, label, after).raw as ButtonElement;
    // a button in someone's direct messages is clicked there (or, by someone else, in their own)
    const channel = this.origins.get(view)?.kind === "dm" ? this.dm(who) : CHANNEL;
    const mark = this.h.fake.calls.length;
    const res = await this.h.click(button, this.userId(who), channel);
    return this.answer(who, mark, res);
  }

  async submit(who: string, form: FormView, values: Values): Promise<Answer> {
    const open = this.forms.get(form);
    if (!open) throw new Error(`the form ${form.title} is not open`);
    for (const [label, value] of Object.entries(values)) {
      const block = inputs(open.view).find((b) => b.label?.text === label);
      if (!block) throw new Error(`the modal ${form.title} has no field “${label}”`);
      open.state[block.block_id] = slackValue(block, value);
    }
    const mark = this.h.fake.calls.length;
    const res = await this.h.submit(open.state, this.userId(who), open.view);
    expect(res.status).toBe(200);
    if (!res.text) {
      this.forms.delete(form);
      return this.answer(who, mark, res, open.responsePath);
    }
    const ack = res.json() as { response_action?: string; errors?: Record<string, string>; view?: Json };
    if (ack.response_action === "errors") {
      this.fill(form, open, ack.errors ?? {});
      return makeAnswer({ views: [], form, raw: res });
    }
    expect(ack.response_action).toBe("update");
    this.forms.delete(form);
    const next = ack.view as Json;
    if (inputs(next).length) return makeAnswer({ views: [], form: this.openForm(next), raw: res });
    const done = this.answer(who, mark, res, open.responsePath);
    return makeAnswer({ views: [this.view(next, { kind: "channel" }), ...done.views], raw: res });
  }

  async cancel(_who: string, form: FormView): Promise<void> {
    // closing a modal tells the app nothing (no notify_on_close)
    this.forms.delete(form);
  }

  async directMessages(): Promise<Delivered[]> {
    return this.h.fake.callsTo("chat.postMessage").flatMap((call) => {
      const to = this.whoseDm(String(call.body.channel));
      return to ? [{ to, view: this.view(call.body, { kind: "dm", who: to }) }] : [];
    });
  }

  async channelMessages(): Promise<View[]> {
    return this.h.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === CHANNEL)
      .map((c) => this.view(c.body, { kind: "channel" }));
  }

  /** Files shared (files.uploadV2) into the person's direct message with the bot. */
  async files(who: string): Promise<ReceivedFile[]> {
    return this.h.fake.shared
      .filter((f) => f.channel === this.dm(who))
      .map((f) => ({ name: f.filename, text: f.content }));
  }

  /** Pictures shared (files.uploadV2) into the person's direct message or the channel, with the upload's comment. */
  async images(where: string): Promise<ReceivedImage[]> {
    const channel = where === "channel" ? CHANNEL : this.dm(where);
    return this.h.fake.shared
      .filter((f) => f.channel === channel && f.filename.endsWith(".png"))
      .map((f) => ({ name: f.filename, png: f.bytes, text: f.comment ?? "", alt: f.altText ?? "" }));
  }

  async updates(): Promise<View[]> {
    return this.h.fake.callsTo("chat.update").map((c) => this.view(c.body, { kind: "channel" }));
  }

  sent(): string {
    return JSON.stringify(this.h.fake.calls);
  }

  verify(): void {
    expect(this.h.blockKitViolations()).toEqual([]);
  }

  async close(): Promise<void> {
    await this.h.close();
  }

  /**
   * What came back since `mark` for a request by `who`: the response_url posts for them (or for the modal's opener),
   * their ephemeral messages, what the responder posted to the channel (a delivery carries metadata, an answer none),
   * and the modal it opened.
   */
  private answer(who: string, mark: number, res: SlackResponse, responsePath?: string): Answer {
    expect(res.status).toBe(200);
    // an acknowledgement says nothing, or carries a response_action
    if (!res.text.includes("response_action")) expect(res.text).toBe("");
    const user = this.userId(who);
    const calls = this.h.fake.calls.slice(mark);
    const views: View[] = [];
    for (const call of calls) {
      const mine =
        (call.method === "response_url" && (call.path.endsWith(`-${user}`) || call.path === responsePath)) ||
        (call.method === "chat.postEphemeral" && call.body.user === user) ||
        (call.method === "chat.postMessage" && !call.body.metadata && call.body.channel === CHANNEL);
      if (mine) views.push(this.view(call.body, { kind: "channel" }, call));
    }
    const opened = calls.filter((c) => c.method === "views.open").at(-1);
    return makeAnswer({
      views,
      ...(opened ? { form: this.openForm(opened.body.view as Json) } : {}),
      raw: res,
    });
  }

  /** A message body (or a modal that only says something) as a view. */
  private view(body: Json, origin: Origin, call?: FakeCall): View {
    const items: Item[] = [];
    let title: string | undefined;
    const blocks = (body.blocks ?? []) as Block[];
    for (const block of blocks) {
      if (block.type === "header") title = unescaped(block.text?.text ?? "");
      else if (block.type === "section" && block.fields)
        for (const field of block.fields as Array<{ text: string }>) {
          const [label, ...value] = field.text.split("\n");
          items.push({ line: unescaped(`${label?.replace(/^\*(.*)\*$/, "$1")}: ${value.join("\n")}`) });
        }
      else if (block.type === "section") items.push({ line: this.plain(block.text?.text ?? "") });
      else if (block.type === "context")
        items.push({ line: this.plain((block.elements ?? []).map((e) => String(e.text)).join(" ")) });
      else if (block.type === "actions")
        for (const element of (block.elements ?? []) as unknown as Array<ButtonElement & { style?: string }>)
          items.push({
            button: {
              label: element.text.text,
              ...(element.style === "primary" || element.style === "danger" ? { style: element.style } : {}),
              raw: element,
            },
          });
    }
    if (!blocks.length) items.push({ line: this.plain(String(body.text ?? "")) });
    if (body.type === "modal") title = (body.title as { text: string } | undefined)?.text;
    const responseType = body.response_type;
    const isPrivate =
      call?.method === "chat.postEphemeral" || responseType === "ephemeral"
        ? true
        : call?.method === "chat.postMessage" || responseType === "in_channel"
          ? false
          : undefined;
    const view = makeView({
      ...(title !== undefined ? { title } : {}),
      items,
      ...(isPrivate !== undefined ? { private: isPrivate } : {}),
      ...(body.replace_original !== undefined ? { replaced: body.replace_original === true } : {}),
      raw: body,
    });
    this.origins.set(view, origin);
    return view;
  }

  /** mrkdwn as people read it: entities unescaped, mentions as @name. */
  private plain(text: string): string {
    return unescaped(
      text.replace(/<@([UW][A-Z0-9]*)>/g, (_m, id: string) => {
        const who = Object.keys(this.cast).find((key) => SlackDriver.userId(key) === id);
        return `@${who ? this.name(who) : id}`;
      }),
    );
  }

  private openForm(view: Json): FormView {
    const meta = decodeViewMetadata(String(view.private_metadata));
    const open: OpenForm = {
      view,
      state: {},
      ...(meta?.responseUrl ? { responsePath: new URL(meta.responseUrl).pathname } : {}),
    };
    const form: FormView = { title: (view.title as { text: string }).text, fields: [], errors: {}, raw: view };
    this.fill(form, open, {});
    this.forms.set(form, open);
    return form;
  }

  /** The modal's fields as it shows them now: what was entered over what it opened with, and the errors by label. */
  private fill(form: FormView, open: OpenForm, errors: Record<string, string>): void {
    form.fields = inputs(open.view).map((block) => {
      const label = block.label?.text ?? block.block_id;
      const initial = initialOf(block);
      const entered = open.state[block.block_id];
      const value = entered === undefined ? initial : labelsOf(block, entered);
      const hint = (block as InputBlock & { hint?: { text: string } }).hint?.text;
      const error = errors[block.block_id];
      const options = optionLabels(block.element.options);
      const multiple = block.element.type === "checkboxes" || block.element.type === "multi_static_select";
      return {
        label,
        required: !block.optional,
        ...(options ? { options, multiple } : {}),
        ...(initial !== undefined ? { initial } : {}),
        ...(value !== undefined ? { value } : {}),
        ...(hint !== undefined ? { hint } : {}),
        ...(error !== undefined ? { error: withoutLabel(label, error) } : {}),
      };
    });
    form.errors = Object.fromEntries(form.fields.flatMap((f) => (f.error !== undefined ? [[f.label, f.error]] : [])));
  }
}

/** What an input block shows when the modal opens, as labels for choices. */
function initialOf(block: InputBlock): string | string[] | undefined {
  const element = block.element as InputBlock["element"] & { initial_date?: string; initial_time?: string };
  switch (element.type) {
    case "checkboxes":
    case "multi_static_select":
      return optionLabels(element.initial_options);
    case "static_select":
      return element.initial_option?.text.text;
    case "datepicker":
      return element.initial_date;
    case "timepicker":
      return element.initial_time;
    default:
      return element.initial_value;
  }
}

/** Entered values (option values for choices) as the labels they show. */
function labelsOf(block: InputBlock, entered: string | string[]): string | string[] {
  const label = (v: string) => block.element.options?.find((o) => o.value === v)?.text.text ?? v;
  return Array.isArray(entered) ? entered.map(label) : label(entered);
}

/** A value by label as the modal's state holds it: a choice's option value, or the text as typed. */
function slackValue(block: InputBlock, value: string | string[]): string | string[] {
  const option = (label: string) => block.element.options?.find((o) => o.text.text === label)?.value ?? label;
  if (Array.isArray(value)) return value.map(option);
  return block.element.type === "static_select" ? option(value) : value;
}
