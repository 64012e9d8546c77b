/**
 * Slack at its HTTP boundary, for tests: a fake Web API and response_url endpoint on 127.0.0.1 that records every
 * call, signed requests to the real /slack/events route, and payload builders shaped like Slack's own (bolt-python
 * tests/scenario_tests fixtures).
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApp, finishHttpApp, listen } from "../../src/http";
import { createSlackAdapter, type SlackAdapter } from "../../src/slack/adapter";
import { checkBlockKit } from "../../src/slack/limits";
import type { SlackMessengerOptions } from "../../src/slack/messenger";
import type { Provider } from "../../src/store/engine";
import { type TestServices, testServices } from "./services";

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
export const TEAM = "T1";
export const CHANNEL = "C1";
export const BOT_USER = "UBOT";

export interface FakeUser {
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface FakeCall {
  /** Web API method ("chat.postMessage") or "response_url" */
  method: string;
  body: Record<string, unknown>;
  /** for response_url calls: which one */
  path: string;
  /** when the request arrived (performance.now(), ms) */
  at: number;
  /** what the fake answered: the HTTP status, and Slack's `error` when `ok` was false */
  status: number;
  error?: string;
  /** a chat.postMessage that was posted (it is in the history) but whose answer the fake never sent (`holdPosts`) */
  held?: boolean;
}

/** A canned answer for the next call to a method: an HTTP status (429 comes with Retry-After) or `{ok: false, error}`. */
export interface FakeFailure {
  status?: number;
  retryAfter?: number;
  error?: string;
}

/** A message the fake holds in a channel's history. */
export interface FakeMessage {
  ts: string;
  text?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** Web API arguments arrive form-encoded, with objects and arrays as JSON strings. */
function decodeApiBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Web API methods that answer `{ok: false, error}` */
  readonly failures = new Map<string, string>();
  /** Web API methods that answer only after this many milliseconds */
  readonly delays = new Map<string, number>();
  /** `{ok: false, error}` for one method and one target (the `channel` or `users` argument): "conversations.open U5" */
  readonly targetFailures = new Map<string, string>();
  /** answers used once each, in order, for the next calls to a method (e.g. one 429 with Retry-After) */
  readonly next = new Map<string, FakeFailure[]>();
  /** what was posted, per channel, oldest first (conversations.history reads it) */
  readonly history = new Map<string, FakeMessage[]>();
  private server?: Server;
  /** `holdPosts`: after `after` answered posts, the next `count` are posted but never answered */
  private hold?: { after: number; count: number };
  private answeredPosts = 0;
  private readonly heldResponses: ServerResponse[] = [];
  // message timestamps start an hour ago, so that they fall inside a "last 24 hours" history window
  private ts = Math.floor(Date.now() / 1000) - 3600;
  base = "";

  get apiUrl() {
    return `${this.base}/api/`;
  }
  responseUrl(name: string) {
    return `${this.base}/respond/${name}`;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const raw = await readBody(req);
      const url = req.url ?? "/";
      const body = decodeApiBody(raw, req.headers["content-type"]);
      if (url.startsWith("/respond/")) {
        this.calls.push({ method: "response_url", body, path: url, at: performance.now(), status: 200 });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      const method = url.replace(/^\/api\//, "").split("?")[0] ?? "";
      const call: FakeCall = { method, body, path: url, at: performance.now(), status: 200 };
      this.calls.push(call);
      const delay = this.delays.get(method);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      const canned = this.next.get(method)?.shift();
      if (canned?.status) {
        call.status = canned.status;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (canned.retryAfter !== undefined) headers["retry-after"] = String(canned.retryAfter);
        res.writeHead(canned.status, headers).end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      const target = String(body.channel ?? body.users ?? "");
      const failure = canned?.error ?? this.targetFailures.get(`${method} ${target}`) ?? this.failures.get(method);
      const answer = failure ? { ok: false, error: failure } : this.answer(method, body);
      if (failure) call.error = failure;
      if (method === "chat.postMessage" && !failure) {
        if (this.hold && this.answeredPosts >= this.hold.after && this.heldResponses.length < this.hold.count) {
          // the message is posted (and in the history, with its metadata); the bot never hears back
          call.held = true;
          this.heldResponses.push(res);
          return;
        }
        this.answeredPosts += 1;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://test.slack.com/",
          team: "Test",
          user: "teleecho",
          team_id: TEAM,
          user_id: BOT_USER,
          bot_id: "BBOT",
        };
      case "users.info": {
        const id = String(body.user);
        const user = this.users.get(id);
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id,
            team_id: TEAM,
            name: user.name.toLowerCase(),
            real_name: `${user.name} Real`,
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            profile: { display_name: user.name, real_name: `${user.name} Real` },
          },
        };
      }
      case "views.open":
        return { ok: true, view: { id: `V${this.calls.length}`, ...(body.view as object) } };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case "chat.postMessage": {
        const channel = String(body.channel);
        const message: FakeMessage = { ts: `${++this.ts}.000100`, text: body.text };
        if (body.metadata) message.metadata = body.metadata as FakeMessage["metadata"];
        this.history.set(channel, [...(this.history.get(channel) ?? []), message]);
        return { ok: true, channel, ts: message.ts, message: { text: body.text } };
      }
      case "conversations.history": {
        // newest first, at most `limit`, not older than `oldest`; metadata only when asked for
        const oldest = Number(body.oldest ?? 0);
        const limit = Number(body.limit ?? 100);
        const all = [...(this.history.get(String(body.channel)) ?? [])].reverse();
        const inWindow = all.filter((m) => Number(m.ts) > oldest);
        const withMetadata = String(body.include_all_metadata) === "true";
        const messages = inWindow
          .slice(0, limit)
          .map(({ metadata, ...m }) => ({ type: "message", ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        return { ok: true, messages, has_more: inWindow.length > limit };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case "chat.update":
        return { ok: true, channel: body.channel, ts: body.ts };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  /**
   * The "posted but not recorded" window on demand: once `after` chat.postMessage calls have been answered, the next
   * `count` are posted (recorded in the history with their metadata, as Slack would) but never answered.
   */
  holdPosts(after: number, count: number): void {
    this.hold = { after, count };
  }

  /** The chat.postMessage calls posted but left unanswered by `holdPosts`. */
  held(): FakeCall[] {
    return this.calls.filter((c) => c.held);
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Calls to a method that Slack accepted (HTTP 200 and ok: true). */
  accepted(method: string): FakeCall[] {
    return this.callsTo(method).filter((c) => c.status === 200 && !c.error);
  }

  last(method: string): FakeCall {
    const all = this.callsTo(method);
    const call = all[all.length - 1];
    if (!call) throw new Error(`no ${method} call; calls were: ${this.calls.map((c) => c.method).join(", ")}`);
    return call;
  }

  /** The Block Kit payloads among the recorded calls (what Slack would validate). */
  blockKitPayloads(): Array<{ method: string; payload: Record<string, unknown> }> {
    const kinds = new Set([
      "chat.postMessage",
      "chat.postEphemeral",
      "chat.update",
      "views.open",
      "views.update",
      "views.push",
      "response_url",
    ]);
    return this.calls.filter((c) => kinds.has(c.method)).map((c) => ({ method: c.method, payload: c.body }));
  }

  async close(): Promise<void> {
    // held answers would keep their connections, and so close(), waiting forever
    for (const res of this.heldResponses) res.socket?.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface PostOptions {
  contentType?: string;
  secret?: string;
  timestamp?: number;
  headers?: Record<string, string>;
  signature?: string;
  /** false: return as soon as the HTTP answer arrives, without waiting for the adapter to finish */
  wait?: boolean;
}

export interface SlackResponse {
  status: number;
  text: string;
  json(): unknown;
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const interactive = (payload: unknown) => form({ payload: JSON.stringify(payload) });

/** Everything a Slack test needs: services on a fresh database, the real HTTP app with the adapter, a fake Slack. */
export class SlackHarness {
  /** every Block Kit payload the route answered with (view_submission acknowledgements) */
  readonly acks: unknown[] = [];
  private server?: Server;
  base = "";

  private constructor(
    readonly services: TestServices,
    readonly fake: FakeSlack,
    readonly adapter: SlackAdapter,
  ) {}

  static async start(
    provider: Provider = "sqlite",
    options: { bodyLimitBytes?: number; messenger?: SlackMessengerOptions } = {},
  ): Promise<SlackHarness> {
    const fake = new FakeSlack();
    await fake.start();
    currentFakeBase = fake.base;
    fake.users.set("U1", { name: "Alice" });
    fake.users.set("U2", { name: "Bob" });
    fake.users.set("U3", { name: "Carol" });
    fake.users.set("U9", { name: "Wendy", isAdmin: true });
    const services = await testServices(provider);
    const http = createHttpApp(services);
    const adapter = createSlackAdapter(services, {
      botToken: "xoxb-test-token",
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      expressApp: http,
      ...options,
    });
    finishHttpApp(http, services);
    await adapter.start();
    const harness = new SlackHarness(services, fake, adapter);
    harness.server = await listen(http, 0, "127.0.0.1");
    harness.base = `http://127.0.0.1:${(harness.server.address() as AddressInfo).port}`;
    return harness;
  }

  /** A signed POST to /slack/events; waits until the adapter has finished everything the request started. */
  async post(body: string | Buffer, options: PostOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature ?? sign(options.secret ?? SIGNING_SECRET, timestamp, body.toString());
    const response = await fetch(`${this.base}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": options.contentType ?? "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature,
        ...options.headers,
      },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
    const text = await response.text();
    if (options.wait !== false) await this.adapter.drain();
    const result = { status: response.status, text, json: () => JSON.parse(text) as unknown };
    if (text.includes("response_action")) this.acks.push(result.json());
    return result;
  }

  command(text: string, user = "U1", extra: Record<string, string> = {}): Promise<SlackResponse> {
    return this.post(form(slashCommand(text, user, extra)));
  }

  /** The buttons with this action id in the last message sent through a response_url. */
  buttons(actionId: string): ButtonElement[] {
    const message = this.fake.last("response_url").body;
    return buttonsIn(message).filter((b) => b.action_id.replace(/~\d+$/, "") === actionId);
  }

  click(button: ButtonElement, user = "U1"): Promise<SlackResponse> {
    return this.post(interactive(blockActions(user, button)));
  }

  /** Submits the last opened modal with these values (other fields keep their initial values). */
  submit(values: Record<string, string>, user = "U1"): Promise<SlackResponse> {
    const view = this.fake.last("views.open").body.view as Record<string, unknown>;
    return this.post(interactive(viewSubmission(user, view, values)));
  }

  /** Every Block Kit payload seen so far, with what checkBlockKit says about it. */
  blockKitViolations(): string[] {
    const seen = [...this.fake.blockKitPayloads(), ...this.acks.map((payload) => ({ method: "ack", payload }))];
    return seen.flatMap(({ method, payload }) => checkBlockKit(payload).map((v) => `${method}: ${v}`));
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.fake.close();
    await this.services.close();
  }
}

/** The running fake's base URL, so payload builders point response_url at it (set by SlackHarness.start). */
let currentFakeBase = "http://127.0.0.1:9";
let triggerCounter = 0;
const trigger = () => `${++triggerCounter}.47445629121.803a0bc887a14d10d2c447fce8b6703c`;

export function slashCommand(
  text: string,
  user = "U1",
  extra: Record<string, string> = {},
  respondTo = "",
): Record<string, string> {
  return {
    token: "verification-token-unused",
    team_id: TEAM,
    team_domain: "echo-test",
    channel_id: CHANNEL,
    channel_name: "palliative-echo",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/echo",
    text,
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: respondTo || `${currentFakeBase}/respond/cmd-${user}`,
    trigger_id: trigger(),
    ...extra,
  };
}

export interface ButtonElement {
  type: string;
  action_id: string;
  value?: string;
  text: { text: string };
}

export function buttonsIn(message: Record<string, unknown>): ButtonElement[] {
  const blocks = (message.blocks ?? []) as Array<{ type: string; block_id?: string; elements?: ButtonElement[] }>;
  return blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);
}

export function blockActions(user: string, button: ButtonElement, channel = CHANNEL): Record<string, unknown> {
  return {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: "A1",
    token: "verification-token-unused",
    container: { type: "message", message_ts: "1700000000.000100", channel_id: channel, is_ephemeral: true },
    trigger_id: trigger(),
    team: { id: TEAM, domain: "echo-test" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: "palliative-echo" },
    state: { values: {} },
    response_url: `${currentFakeBase}/respond/action-${user}`,
    actions: [
      {
        action_id: button.action_id,
        block_id: "b1",
        text: { type: "plain_text", text: button.text.text, emoji: true },
        value: button.value,
        type: "button",
        action_ts: "1700000001.000300",
      },
    ],
  };
}

type Element = {
  type: string;
  initial_value?: string;
  initial_date?: string;
  initial_time?: string;
  initial_option?: { value: string };
};

/** What Slack puts in view.state.values for an input element holding `value` (or its initial value). */
function stateOf(element: Element, value: string | undefined): Record<string, unknown> {
  switch (element.type) {
    case "static_select": {
      const chosen = value ?? element.initial_option?.value;
      return {
        type: element.type,
        selected_option: chosen ? { text: { type: "plain_text", text: chosen }, value: chosen } : null,
      };
    }
    case "datepicker":
      return { type: element.type, selected_date: value ?? element.initial_date ?? null };
    case "timepicker":
      return { type: element.type, selected_time: value ?? element.initial_time ?? null };
    default:
      return { type: element.type, value: value ?? element.initial_value ?? null };
  }
}

export function viewSubmission(
  user: string,
  view: Record<string, unknown>,
  values: Record<string, string>,
): Record<string, unknown> {
  const blocks = view.blocks as Array<{ type: string; block_id: string; element: Element & { action_id: string } }>;
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of blocks.filter((b) => b.type === "input"))
    state[block.block_id] = { [block.element.action_id]: stateOf(block.element, values[block.block_id]) };
  return {
    type: "view_submission",
    team: { id: TEAM, domain: "echo-test" },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: "A1",
    token: "verification-token-unused",
    trigger_id: trigger(),
    view: {
      id: "V123",
      team_id: TEAM,
      type: "modal",
      blocks,
      private_metadata: view.private_metadata,
      callback_id: view.callback_id,
      state: { values: state },
      hash: "156772938.1827394",
      title: view.title,
      close: view.close,
      submit: view.submit,
      app_id: "A1",
      bot_id: "BBOT",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function eventCallback(eventId: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: "verification-token-unused",
    team_id: TEAM,
    api_app_id: "A1",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [
      { enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
  };
}
