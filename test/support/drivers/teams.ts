/**
 * The scenarios' Teams: activities POSTed to the real /api/messages route (commands as channel posts that @mention
 * the bot, clicks as `Action.Execute` invokes, dialogs as task/fetch and task/submit) against the stub Bot Connector,
 * with the real Teams messenger sending proactively when the scheduler ticks. Every Adaptive Card the bot answers
 * with or sends is validated with the adaptivecards package.
 */
import { createHash, randomUUID } from "node:crypto";
import { createScheduler, type Scheduler } from "../../../src/scheduler/scheduler";
import type { Provider } from "../../../src/store/engine";
import {
  ADAPTIVE_CARD,
  type CardAction,
  CHANNEL,
  CHANNEL_ID,
  cardInputs,
  dialogCard,
  execute,
  invoke,
  type Mention,
  mention,
  type Recorded,
  StubConnector,
  sentCards,
  startTeams,
  type TeamsHarness,
  type TeamsUser,
  taskFetch,
  taskSubmit,
  teamsRead,
  type ValidatedTeams,
  validated,
  type Where,
} from "../teams";
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

type Json = Record<string, unknown>;

/** Where a message was: the channel (or the thread a command was answered in), or someone's 1:1 chat. */
type Origin = { kind: "channel" } | { kind: "chat"; who: string; conversationId: string };

interface OpenForm {
  card: Json;
  /** where the dialog was opened, and by whom */
  who: string;
  where?: Where;
  /** what each field showed when the dialog first opened, by label */
  initials: Map<string, string | string[] | undefined>;
}

export const NOTICE = "application/vnd.microsoft.activity.message";
export const FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO = "application/vnd.microsoft.teams.card.file.info";

/** A file consent card the bot sent: the file's name, its size, and what accepting or declining sends back. */
export interface ConsentCard {
  name: string;
  conversationId: string;
  content: { description: string; sizeInBytes: number; acceptContext: Json; declineContext: Json };
}

/** A made-up but stable Entra object id for someone in the cast. */
const objectId = (key: string) => {
  const h = createHash("sha1").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export class TeamsDriver extends BaseDriver {
  readonly platform = "teams" as const;
  readonly channel = CHANNEL;
  readonly url: string;
  private readonly origins = new WeakMap<View, Origin>();
  private readonly forms = new WeakMap<FormView, OpenForm>();
  /** the files each person took, by accepting their consent cards */
  private readonly received = new Map<string, ReceivedFile[]>();
  /** the consent cards already answered (their request records) */
  private readonly answered = new WeakSet<Recorded>();

  private constructor(
    readonly provider: Provider,
    readonly h: TeamsHarness,
    readonly v: ValidatedTeams,
    private readonly cast: Cast,
    readonly scheduler: Scheduler,
  ) {
    super();
    this.url = h.connector.serviceUrl;
  }

  static async start(provider: Provider, cast: Cast): Promise<TeamsDriver> {
    const users = Object.keys(cast).map((key) => TeamsDriver.userOf(key, cast));
    const h = await startTeams(provider, { members: users });
    // the scheduler as main.ts builds it, with the Teams adapter's own messenger, but without the roster directory:
    // memberships in the shared scenarios come from `role` on every platform (test/teams/directory.test.ts has the roster)
    const scheduler = createScheduler(h.services, h.teams.messenger, { worker: `teams-flows-${provider}` });
    return new TeamsDriver(provider, h, validated(h), cast, scheduler);
  }

  private static userOf(key: string, cast: Cast): TeamsUser {
    const person = cast[key];
    if (!person) throw new Error(`${key} is not in the cast`);
    return {
      id: `29:1${key}-teams-id`,
      name: person.teams ?? person.name ?? capitalised(key),
      aadObjectId: objectId(key),
    };
  }

  get services() {
    return this.h.services;
  }

  user(who: string): TeamsUser {
    return TeamsDriver.userOf(who, this.cast);
  }

  name(who: string): string {
    return this.user(who).name;
  }

  address(who: string): string {
    return `teams:${this.user(who).aadObjectId}`;
  }

  /** The Adaptive Card of an open dialog, as Teams shows it now. */
  dialog(form: FormView): Json {
    return (form.raw as { task: { value: { card: { content: Json } } } }).task.value.card.content;
  }

  /** The 1:1 chat the bot has with someone, if it has one (created by the messenger, or by them writing). */
  async chatOf(who: string): Promise<string | undefined> {
    const stored = await this.services.store.conversations.find(this.address(who));
    return stored ? (JSON.parse(stored) as { conversation: { id: string } }).conversation.id : undefined;
  }

  async command(who: string, words: string): Promise<Answer> {
    const mentions: Mention[] = [];
    const text = words.replace(/(^|\s)@([a-z][a-z0-9]*)/g, (whole, space: string, key: string) => {
      if (!(key in this.cast)) return whole;
      mentions.push(mention(this.user(key)));
      return `${space}<at>${this.name(key)}</at>`;
    });
    const mark = this.h.connector.requests.length;
    const res = await this.v.say(this.user(who), text, mentions);
    return this.answer(who, mark, res.body);
  }

  async press(who: string, view: View, label: string, after: LineMatch[] = []): Promise<Answer> {
    const action = buttonOf(view, label, after).raw as CardAction;
    const origin = this.origins.get(view);
    // a button in someone's chat is pressed there; anyone else's press comes from the channel
    const where: Where | undefined =
      origin?.kind === "chat" && origin.who === who
        ? { kind: "personal", user: this.user(who), conversationId: origin.conversationId }
        : undefined;
    const mark = this.h.connector.requests.length;
    const opensDialog =
      action.type === "Action.Submit" && (action.data?.msteams as { type?: string } | undefined)?.type === "task/fetch";
    if (opensDialog) {
      const res = await this.v.post(taskFetch(this.url, this.user(who), action.data, where));
      return this.dialogAnswer(who, mark, res.body, where);
    }
    expect(action.type).toBe("Action.Execute");
    const res = await this.v.post(execute(this.url, this.user(who), action, where));
    return this.answer(who, mark, res.body);
  }

  override async form(who: string, answer: Answer): Promise<FormView> {
    if (answer.form) return answer.form;
    // a command that opens a form is answered with a card whose one button opens it as a dialog
    const launcher = answer.view.buttons.find((b) => b.label.startsWith("Open: "));
    if (!launcher) throw new Error(`no dialog to open; the answer was: ${answer.text}`);
    const opened = await this.press(who, answer.view, launcher.label);
    if (!opened.form) throw new Error(`the dialog did not open: ${opened.text}`);
    return opened.form;
  }

  async submit(who: string, form: FormView, values: Values): Promise<Answer> {
    const open = this.forms.get(form);
    if (!open) throw new Error(`the dialog ${form.title} is not open`);
    const inputs = [...cardInputs(open.card).values()];
    const entered: Record<string, string | number> = {};
    for (const [label, value] of Object.entries(values)) {
      const input = inputs.find((i) => i.label === label);
      if (!input) throw new Error(`the dialog ${form.title} has no field “${label}”`);
      entered[String(input.id)] = teamsValue(input, value);
    }
    const where = who === open.who ? open.where : undefined;
    const mark = this.h.connector.requests.length;
    const res = await this.v.post(taskSubmit(this.url, this.user(who), open.card, entered, where));
    const task = (res.body as { task?: { type: string; value: unknown } }).task;
    if (task?.type === "continue") {
      open.card = dialogCard(res.body);
      form.raw = res.body;
      this.fill(form, open);
      return makeAnswer({ views: this.replies(who, mark), form, raw: res.body });
    }
    this.forms.delete(form);
    return this.dialogAnswer(who, mark, res.body, where);
  }

  async cancel(_who: string, form: FormView): Promise<void> {
    // closing a dialog sends nothing
    this.forms.delete(form);
  }

  async directMessages(): Promise<Delivered[]> {
    const chats = new Map<string, string>();
    for (const key of Object.keys(this.cast)) {
      const chat = await this.chatOf(key);
      if (chat) chats.set(chat, key);
    }
    return this.h.connector.sent().flatMap((r) => {
      const to = chats.get(r.conversationId);
      return to ? [{ to, view: this.message(r, { kind: "chat", who: to, conversationId: r.conversationId }) }] : [];
    });
  }

  /** The file consent cards the bot sent to this person's personal chat, oldest first (answered or not). */
  async consentCards(who: string): Promise<Array<ConsentCard & { request: Recorded }>> {
    const chat = await this.chatOf(who);
    return this.h.connector.sent().flatMap((request) => {
      if (!chat || request.conversationId !== chat) return [];
      const attachments = (request.body.attachments as Array<Json> | undefined) ?? [];
      return attachments
        .filter((a) => a.contentType === FILE_CONSENT)
        .map((a) => ({
          request,
          name: String(a.name),
          conversationId: chat,
          content: a.content as ConsentCard["content"],
        }));
    });
  }

  /**
   * What Teams sends when `who` answers a consent card in the chat it is in: on accept, an upload session on the
   * stub's host and the file's place in their OneDrive.
   */
  consent(who: string, card: ConsentCard, action: "accept" | "decline", upload: Json = {}) {
    const value =
      action === "accept"
        ? {
            type: "fileUpload",
            action,
            context: card.content.acceptContext,
            uploadInfo: {
              name: card.name,
              uploadUrl: this.h.connector.uploadUrl(card.name),
              contentUrl: `https://hospice-my.sharepoint.com/personal/${who}/Documents/Applications/teleecho/${card.name}`,
              uniqueId: randomUUID(),
              fileType: "csv",
              ...upload,
            },
          }
        : { type: "fileUpload", action, context: card.content.declineContext };
    return invoke(this.url, this.user(who), "fileConsent/invoke", value, {
      kind: "personal",
      user: this.user(who),
      conversationId: card.conversationId,
    });
  }

  /** Accepts each consent card not yet answered in the person's chat, as they would, and reads what was uploaded. */
  async files(who: string): Promise<ReceivedFile[]> {
    for (const card of await this.consentCards(who)) {
      if (this.answered.has(card.request)) continue;
      await this.v.post(this.consent(who, card, "accept"));
      const upload = this.h.connector.uploads.get(card.name);
      if (upload)
        this.received.set(who, [...(this.received.get(who) ?? []), { name: card.name, text: upload.content }]);
    }
    for (const card of await this.consentCards(who)) this.answered.add(card.request);
    return this.received.get(who) ?? [];
  }

  /**
   * Pictures inside the cards the bot sent to the person's personal chat, or to the channel (a reply in its thread
   * too), each a data URI in an Image element; the text is the card's.
   */
  async images(where: string): Promise<ReceivedImage[]> {
    const target = where === "channel" ? CHANNEL_ID : await this.chatOf(where);
    const out: ReceivedImage[] = [];
    for (const r of this.h.connector.sent()) {
      if (!target || (r.conversationId !== target && !r.conversationId.startsWith(`${target};`))) continue;
      if (!sentCards(r).length) continue;
      const card = StubConnector.card(r) as { body?: Array<{ type?: string; url?: string; altText?: string }> };
      for (const element of card.body ?? []) {
        const data = element.type === "Image" ? /^data:image\/png;base64,(.+)$/.exec(element.url ?? "") : null;
        if (!data?.[1]) continue;
        const origin = where === "channel" ? ({ kind: "channel" } as const) : undefined;
        const text = origin
          ? this.message(r, origin).text
          : this.message(r, { kind: "chat", who: where, conversationId: r.conversationId }).text;
        out.push({
          name: element.altText ?? "",
          png: Buffer.from(data[1], "base64"),
          text,
          alt: element.altText ?? "",
        });
      }
    }
    return out;
  }

  async channelMessages(): Promise<View[]> {
    return this.h.connector
      .sent()
      .filter((r) => r.conversationId === CHANNEL_ID)
      .map((r) => this.message(r, { kind: "channel" }));
  }

  async updates(): Promise<View[]> {
    return this.h.connector.requests
      .filter((r) => r.kind === "update")
      .map((r) => this.message(r, { kind: "channel" }));
  }

  sent(): string {
    return JSON.stringify(this.h.connector.requests);
  }

  verify(): void {
    this.v.checkSent();
  }

  async close(): Promise<void> {
    await this.scheduler.stop();
    await this.h.close();
  }

  /** The replies the bot sent in the conversation of a request by `who` since `mark`. */
  private replies(who: string, mark: number): View[] {
    return this.h.connector.requests
      .slice(mark)
      .filter((r) => r.kind === "reply")
      .map((r) =>
        this.message(
          r,
          r.conversationId.startsWith(CHANNEL_ID)
            ? { kind: "channel" }
            : { kind: "chat", who, conversationId: r.conversationId },
        ),
      );
  }

  /** A message's answer (nothing), or an `Action.Execute` invoke's: a card that replaces the clicked one, or a notice. */
  private answer(who: string, mark: number, body: unknown): Answer {
    const views = this.replies(who, mark);
    const clicked = body as { statusCode?: number; type?: string; value?: unknown } | undefined;
    if (clicked?.type === ADAPTIVE_CARD) {
      expect(clicked.statusCode).toBe(200);
      const card = this.card(clicked.value as Json, { kind: "channel" }, true);
      return makeAnswer({ views: [card, ...views], raw: body });
    }
    if (clicked?.type === NOTICE) {
      expect(clicked.statusCode).toBe(200);
      return makeAnswer({ views, notice: String(clicked.value), raw: body });
    }
    return makeAnswer({ views, raw: body });
  }

  /** A task/fetch or task/submit answer: the dialog, or its closing message. */
  private dialogAnswer(who: string, mark: number, body: unknown, where: Where | undefined): Answer {
    const views = this.replies(who, mark);
    const task = (body as { task?: { type: string; value: unknown } }).task;
    if (task?.type === "continue") {
      const card = dialogCard(body);
      const form: FormView = { title: (task.value as { title: string }).title, fields: [], errors: {}, raw: body };
      const open: OpenForm = { card, who, ...(where ? { where } : {}), initials: new Map() };
      this.fill(form, open);
      for (const field of form.fields) open.initials.set(field.label, field.value);
      this.forms.set(form, open);
      return makeAnswer({ views, form, raw: body });
    }
    expect(task?.type).toBe("message");
    return makeAnswer({ views, notice: String(task?.value), raw: body });
  }

  /** A message the bot sent: its card (checked), or its text. */
  private message(request: Recorded, origin: Origin): View {
    if (sentCards(request).length) return this.card(StubConnector.card(request), origin);
    const view = makeView({ items: [{ line: teamsRead(String(request.body.text ?? "")) }], raw: request.body });
    this.origins.set(view, origin);
    return view;
  }

  private card(card: Json, origin: Origin, replaced?: boolean): View {
    const items: Item[] = [];
    let title: string | undefined;
    const button = (a: CardAction & { style?: string }): Item => ({
      button: {
        label: a.title,
        ...(a.style === "positive" ? { style: "primary" } : a.style === "destructive" ? { style: "danger" } : {}),
        raw: a,
      },
    });
    for (const element of (card.body as Json[] | undefined) ?? []) {
      if (element.type === "TextBlock" && element.style === "heading" && title === undefined)
        title = teamsRead(String(element.text));
      else if (element.type === "TextBlock") items.push({ line: teamsRead(String(element.text)) });
      else if (element.type === "FactSet")
        for (const fact of element.facts as Array<{ title: string; value: string }>)
          items.push({ line: `${teamsRead(fact.title)}: ${teamsRead(fact.value)}` });
      else if (element.type === "ActionSet") items.push(...(element.actions as CardAction[]).map(button));
    }
    items.push(...((card.actions as CardAction[] | undefined) ?? []).map(button));
    const view = makeView({
      ...(title !== undefined ? { title } : {}),
      items,
      ...(replaced ? { replaced } : {}),
      raw: card,
    });
    this.origins.set(view, origin);
    return view;
  }

  /** The dialog's fields as its card shows them: values, and the messages the bot put under them. */
  private fill(form: FormView, open: OpenForm): void {
    const body = (open.card.body as Json[] | undefined) ?? [];
    form.fields = body.flatMap((input, i) => {
      if (!String(input.type).startsWith("Input.")) return [];
      const label = String(input.label ?? input.id);
      const choices = input.choices as Array<{ title: string; value: string }> | undefined;
      const title = (v: string) => choices?.find((c) => c.value === v)?.title ?? v;
      const raw = input.value === undefined ? undefined : String(input.value);
      const value = raw === undefined ? undefined : input.isMultiSelect ? raw.split(",").map(title) : title(raw);
      // Teams shows errorMessage only when the client refuses the input; the bot's own message follows the input
      const next = body[i + 1];
      const error =
        next?.type === "TextBlock" && next.color === "attention" && teamsRead(String(next.text)) === input.errorMessage
          ? String(input.errorMessage)
          : undefined;
      const end = body.findIndex((e, j) => j > i && e.type !== "TextBlock");
      const after = body.slice(i + 1, end < 0 ? undefined : end);
      const hintBlock = after.find((e) => e.isSubtle === true);
      const initial = open.initials.has(label) ? open.initials.get(label) : value;
      return [
        {
          label,
          required: input.isRequired === true,
          ...(choices ? { options: choices.map((c) => c.title), multiple: input.isMultiSelect === true } : {}),
          ...(initial !== undefined ? { initial } : {}),
          ...(value !== undefined ? { value } : {}),
          ...(hintBlock ? { hint: teamsRead(String(hintBlock.text)) } : {}),
          ...(error !== undefined ? { error: withoutLabel(label, error) } : {}),
        },
      ];
    });
    form.errors = Object.fromEntries(form.fields.flatMap((f) => (f.error !== undefined ? [[f.label, f.error]] : [])));
  }
}

/** A value by label as the dialog sends it: a choice's value (several joined with commas), a number for Input.Number. */
function teamsValue(input: Json, value: string | string[]): string | number {
  const choices = input.choices as Array<{ title: string; value: string }> | undefined;
  const choice = (label: string) => choices?.find((c) => c.title === label)?.value ?? label;
  if (Array.isArray(value)) return value.map(choice).join(",");
  if (choices) return choice(value);
  if (input.type === "Input.Number" && /^-?\d+$/.test(value)) return Number(value);
  return value;
}
