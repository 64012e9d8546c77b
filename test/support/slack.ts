/**
 * Slack at its HTTP boundary, for tests: the fake Web API (fake-slack.ts), signed requests to the real /slack/events
 * route, and payload builders shaped like Slack's own (bolt-python tests/scenario_tests fixtures).
 */
import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Directory } from "../../src/core/ports";
import { createHttpApp, finishHttpApp, listen } from "../../src/http";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler";
import { createSlackAdapter, type SlackAdapter } from "../../src/slack/adapter";
import type { SlackMessengerOptions } from "../../src/slack/messenger";
import type { Provider } from "../../src/store/engine";
import { checkBlockKit } from "./block-kit";
import { BOT_USER, CLIENT_ID, CLIENT_SECRET, FakeSlack, TEAM } from "./fake-slack";
import { SETUP_VALUES, type TestServices, testServices } from "./services";
import { inputs, type Json, type SlackOption } from "./slack-blocks";

export * from "./fake-slack";

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
export const CHANNEL = "C1";
export const BOT_TOKEN = "xoxb-test-token";
export const STATE_SECRET = "test-state-secret-0123456789abcdef0123";
/** The neutral address of the channel the tests' commands come from. */
export const NETWORK_CHANNEL = `slack:${TEAM}:${CHANNEL}`;

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
  private scheduler?: Scheduler;
  base = "";

  private constructor(
    readonly services: TestServices,
    readonly fake: FakeSlack,
    readonly adapter: SlackAdapter,
  ) {}

  static async start(
    provider: Provider = "sqlite",
    options: {
      bodyLimitBytes?: number;
      messenger?: SlackMessengerOptions;
      sameStoreAs?: SlackHarness;
      directorySpacingMs?: number;
      /** installs into many workspaces (OAuth) instead of one bot token; see slack-oauth.ts */
      oauth?: boolean;
      /** another copy's fake Slack (copies of the bot share one Slack) */
      fake?: FakeSlack;
    } = {},
  ): Promise<SlackHarness> {
    const { sameStoreAs, oauth, fake: sharedFake, ...adapterOptions } = options;
    const fake = sharedFake ?? new FakeSlack();
    if (!sharedFake) await fake.start();
    currentFakeBase = fake.base;
    fake.users.set("U1", { name: "Alice" });
    fake.users.set("U2", { name: "Bob" });
    fake.users.set("U3", { name: "Carol" });
    fake.users.set("U9", { name: "Wendy", isAdmin: true });
    const services = await testServices(provider, undefined, sameStoreAs?.services.databaseUrl);
    const http = createHttpApp(services);
    const adapter = createSlackAdapter(services, {
      ...(oauth
        ? { oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET } }
        : { botToken: BOT_TOKEN }),
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      expressApp: http,
      ...adapterOptions,
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

  /** `setup`, then the setup modal submitted with these values, both by this user; answers the submission. */
  async setUpNetwork(values: Record<string, string> = SETUP_VALUES, user = "U1"): Promise<SlackResponse> {
    await this.command("setup", user);
    return this.submit(values, user);
  }

  /**
   * The message of the last response_url call, which must be the answer to this user's slash command ("cmd") or
   * button click ("action").
   */
  lastReply(user: string, kind: "cmd" | "action" = "cmd"): Json {
    const reply = this.fake.last("response_url");
    expect(reply.path).toBe(`/respond/${kind}-${user}`);
    return reply.body;
  }

  /** The view of the last modal opened with views.open. */
  openedView(): Json {
    return this.fake.last("views.open").body.view as Json;
  }

  /** The buttons with this action id in the last message sent through a response_url. */
  buttons(actionId: string): ButtonElement[] {
    const message = this.fake.last("response_url").body;
    return buttonsIn(message).filter((b) => b.action_id.replace(/~\d+$/, "") === actionId);
  }

  /** A click on a button of a message in this channel (by default the tests' channel). */
  click(button: ButtonElement, user = "U1", channel = CHANNEL): Promise<SlackResponse> {
    return this.post(interactive(blockActions(user, button, channel)));
  }

  /**
   * Submits a modal, by default the last one opened, with these values (see viewSubmission; other fields keep their
   * initial values).
   */
  submit(values: SubmittedValues, user = "U1", view: Json = this.openedView()): Promise<SlackResponse> {
    return this.post(interactive(viewSubmission(user, view, values)));
  }

  /** The scheduler as main.ts builds it, with the adapter's own messenger; close() stops it first. */
  createScheduler(worker: string, directory?: Directory): Scheduler {
    this.scheduler = createScheduler(this.services, this.adapter.messenger, {
      worker,
      ...(directory ? { directory } : {}),
    });
    return this.scheduler;
  }

  /** Every Block Kit payload seen so far, with what checkBlockKit says about it. */
  blockKitViolations(): string[] {
    const seen = [...this.fake.blockKitPayloads(), ...this.acks.map((payload) => ({ method: "ack", payload }))];
    return seen.flatMap(({ method, payload }) => checkBlockKit(payload).map((v) => `${method}: ${v}`));
  }

  async close(): Promise<void> {
    await this.scheduler?.stop();
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

/** The first button in a message with this label (and, if given, that `where` accepts); throws if there is none. */
export function buttonLabelled(
  message: Record<string, unknown>,
  label: string,
  where: (button: ButtonElement) => boolean = () => true,
): ButtonElement {
  const found = buttonsIn(message).find((b) => b.text.text === label && where(b));
  if (!found) throw new Error(`no ${label} button in the message`);
  return found;
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
  options?: SlackOption[];
  initial_options?: SlackOption[];
};

/**
 * What a user enters in a modal, by block id: typed text, a chosen option's value, or for checkboxes and multi-selects
 * the chosen values in order.
 */
export type SubmittedValues = Record<string, string | string[]>;

/**
 * What Slack puts in view.state.values for an input element holding `value` (or its initial value). Checkboxes and
 * multi-selects take a list of values; given none (or a single string), they keep their initial options.
 */
function stateOf(element: Element, value: string | string[] | undefined): Record<string, unknown> {
  const text = typeof value === "string" ? value : undefined;
  switch (element.type) {
    case "checkboxes":
    case "multi_static_select": {
      // Slack sends whole option objects
      const chosen = Array.isArray(value)
        ? value.map(
            (v) =>
              (element.options ?? []).find((o) => o.value === v) ?? {
                text: { type: "plain_text", text: v, emoji: true },
                value: v,
              },
          )
        : (element.initial_options ?? []);
      return { type: element.type, selected_options: chosen };
    }
    case "static_select": {
      const chosen = text ?? element.initial_option?.value;
      return {
        type: element.type,
        selected_option: chosen ? { text: { type: "plain_text", text: chosen }, value: chosen } : null,
      };
    }
    case "datepicker":
      return { type: element.type, selected_date: text ?? element.initial_date ?? null };
    case "timepicker":
      return { type: element.type, selected_time: text ?? element.initial_time ?? null };
    default:
      return { type: element.type, value: text ?? element.initial_value ?? null };
  }
}

/**
 * A view_submission as Slack sends it for this modal: `values` are typed text, a chosen option's value, or for
 * checkboxes and multi-selects the chosen values in order (sent as `selected_options`, whole option objects).
 * Fields left out keep their initial values.
 */
export function viewSubmission(user: string, view: Record<string, unknown>, values: SubmittedValues): Json {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of inputs(view))
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
      blocks: view.blocks,
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
