/**
 * Teams through the real route: services on a real database, the shared express app with the Teams adapter mounted,
 * and a stub Bot Connector on 127.0.0.1 that records what the bot sends. Activities look like the ones Teams posts.
 */
import { randomUUID } from "node:crypto";
import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Core } from "../../src/core/app";
import { createHttpApp, finishHttpApp, listen } from "../../src/http";
import type { Provider } from "../../src/store/engine";
import { createTeamsAdapter, type TeamsAdapter, type TeamsAdapterOptions } from "../../src/teams/adapter";
import { expectValidAdaptiveCard } from "./adaptive-cards";
import { type TestServices, testServices } from "./services";

export interface Recorded {
  method: string;
  /** the path with the conversation and activity ids decoded */
  conversationId: string;
  activityId?: string;
  kind: "post" | "reply" | "update" | "member" | "create" | "other";
  body: Record<string, unknown>;
  authorization?: string;
  /** when the request arrived (performance.now(), ms) */
  at: number;
  /** the HTTP status the stub answered with */
  status: number;
}

/** A canned answer: used once, for the next request (of `kind`, when given). */
export interface StubFailure {
  status: number;
  headers?: Record<string, string>;
  kind?: Recorded["kind"];
  body?: unknown;
}

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export const BOT = { id: "28:teleecho-bot", name: "teleecho" };
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const FRAN: TeamsUser = {
  id: "29:1fran-teams-id",
  name: "Fran Facilitator",
  aadObjectId: "6f1d2a4e-0000-4000-8000-00000000f1a0",
};
export const MAX: TeamsUser = {
  id: "29:1max-teams-id",
  name: "Max Member",
  aadObjectId: "9c3b7e21-0000-4000-8000-0000000000aa",
};
export const CHANNEL_ID = "19:general-abc@thread.tacv2";
export const TEAM_ID = "19:team-abc@thread.tacv2";
export const personalConversation = (user: TeamsUser) => `a:1personal-${user.id.slice(3)}`;

/** A stub of the Bot Connector REST API: records every call and answers like the service does. */
export class StubConnector {
  readonly requests: Recorded[] = [];
  private server?: Server;
  private next = 0;
  /** answers to use, once each, before the normal ones (e.g. a 429 with Retry-After) */
  readonly failures: StubFailure[] = [];
  private created = 0;
  /** members the stub knows, by Teams user id, for `GET …/members/{id}` */
  readonly members = new Map<string, TeamsUser>();

  get serviceUrl(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => {
        raw += chunk;
      });
      req.on("end", () => this.answer(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  private answer(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://stub");
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const [v3, conversations, conversationId = "", collection, itemId] = parts;
    let kind: Recorded["kind"] = "other";
    if (v3 === "v3" && conversations === "conversations" && collection === "activities")
      kind = req.method === "PUT" ? "update" : itemId ? "reply" : "post";
    else if (collection === "members") kind = "member";
    else if (v3 === "v3" && conversations === "conversations" && parts.length === 2 && req.method === "POST")
      kind = "create";
    const recorded: Recorded = {
      method: req.method ?? "",
      conversationId,
      activityId: itemId,
      kind,
      body,
      authorization: req.headers.authorization,
      at: performance.now(),
      status: 200,
    };
    this.requests.push(recorded);
    const at = this.failures.findIndex((f) => f.kind === undefined || f.kind === kind);
    const failure = at >= 0 ? this.failures.splice(at, 1)[0] : undefined;
    if (failure) {
      recorded.status = failure.status;
      res.writeHead(failure.status, { "content-type": "application/json", ...failure.headers });
      res.end(JSON.stringify(failure.body ?? { error: { code: "Throttled", message: "slow down" } }));
      return;
    }
    if (kind === "create") {
      // POST /v3/conversations answers with the new (or existing) conversation's id
      recorded.status = 201;
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `a:1created-${++this.created}`, activityId: "", serviceUrl: this.serviceUrl }));
      return;
    }
    if (kind === "member") {
      const member = this.members.get(itemId ?? "");
      res.writeHead(member ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(member ?? { error: { code: "MemberNotFoundInConversation" } }));
      return;
    }
    recorded.status = kind === "update" ? 200 : 201;
    res.writeHead(recorded.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: kind === "update" ? itemId : `1:msg-${++this.next}` }));
  }

  /** Messages the bot sent (posts and replies), in order, including ones the stub refused. */
  sent(): Recorded[] {
    return this.requests.filter((r) => r.kind === "post" || r.kind === "reply");
  }

  /** Messages the stub accepted (2xx): what the recipients see. */
  delivered(): Recorded[] {
    return this.sent().filter((r) => r.status < 300);
  }

  /** The Adaptive Card of a sent message, checked with the adaptivecards package. */
  static card(message: Recorded): Record<string, unknown> {
    const attachments = message.body.attachments as
      | Array<{ contentType: string; content: Record<string, unknown> }>
      | undefined;
    const attachment = attachments?.[0];
    if (!attachment) throw new Error(`message has no card: ${JSON.stringify(message.body).slice(0, 300)}`);
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    // every card message carries fallback text for notifications and clients that cannot show cards
    expect(message.body.summary).toEqual(expect.stringMatching(/\S/));
    expectValidAdaptiveCard(attachment.content);
    return attachment.content;
  }

  clear(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      // the bot's HTTP client keeps connections alive; they would hold the test process open
      this.server?.closeAllConnections();
    });
  }
}

export interface TeamsHarness {
  services: TestServices;
  connector: StubConnector;
  teams: TeamsAdapter;
  url: string;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  postRaw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startTeams(
  provider: Provider,
  options: {
    appId?: string;
    appPassword?: string;
    admins?: string[];
    bodyLimit?: string;
    core?: (core: Core) => Core;
    messenger?: TeamsAdapterOptions["messenger"];
  } = {},
): Promise<TeamsHarness> {
  const services = await testServices(provider);
  if (options.core) services.core = options.core(services.core);
  const connector = new StubConnector();
  await connector.start();
  const app = createHttpApp(services);
  const teams = createTeamsAdapter(services, {
    appId: options.appId ?? "",
    appPassword: options.appPassword,
    appType: "MultiTenant",
    admins: options.admins ?? [],
    expressApp: app,
    bodyLimit: options.bodyLimit,
    messenger: options.messenger,
  });
  finishHttpApp(app, services);
  const server = await listen(app, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  const postRaw = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // leave it as text
    }
    return { status: response.status, body: parsed };
  };
  return {
    services,
    connector,
    teams,
    url,
    postRaw,
    post: (activity, headers) => postRaw(JSON.stringify(activity), headers),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connector.stop();
      await services.close();
    },
  };
}

// ---- activities as Teams posts them ----

type Where = { kind: "personal"; user: TeamsUser } | { kind: "channel"; thread?: string };

function conversationOf(where: Where) {
  if (where.kind === "personal")
    return {
      conversation: { id: personalConversation(where.user), conversationType: "personal", tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    };
  const id = where.thread ? `${CHANNEL_ID};messageid=${where.thread}` : CHANNEL_ID;
  return {
    conversation: { id, conversationType: "channel", isGroup: true, tenantId: TENANT, name: "General" },
    channelData: {
      team: { id: TEAM_ID, name: "Palliative care" },
      channel: { id: CHANNEL_ID, name: "General" },
      tenant: { id: TENANT },
    },
  };
}

function base(serviceUrl: string, from: TeamsUser, where: Where) {
  return {
    id: `1:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    locale: "en-GB",
    ...conversationOf(where),
  };
}

export function personalMessage(serviceUrl: string, from: TeamsUser, text: string) {
  return { ...base(serviceUrl, from, { kind: "personal", user: from }), type: "message", text, textFormat: "plain" };
}

/** A channel post that @mentions the bot (and maybe people: pass them with the text that names them). */
export function channelMessage(
  serviceUrl: string,
  from: TeamsUser,
  text: string,
  mentions: Array<{ user: { id: string; name: string; aadObjectId?: string }; text: string }> = [],
) {
  const botMention = { type: "mention", text: `<at>${BOT.name}</at>`, mentioned: { id: BOT.id, name: BOT.name } };
  return {
    ...base(serviceUrl, from, { kind: "channel", thread: "1700000000001" }),
    type: "message",
    text: `<at>${BOT.name}</at> ${text}`,
    textFormat: "plain",
    entities: [
      botMention,
      ...mentions.map((m) => ({ type: "mention", text: m.text, mentioned: { id: m.user.id, name: m.user.name } })),
      { type: "clientInfo", locale: "en-GB", country: "GB", platform: "Web", timezone: "Europe/London" },
    ],
  };
}

export function invoke(
  serviceUrl: string,
  from: TeamsUser,
  name: string,
  value: unknown,
  where: Where = { kind: "channel", thread: "1700000000001" },
) {
  return { ...base(serviceUrl, from, where), type: "invoke", name, value, replyToId: "1:card-message" };
}

/** What Teams sends for an `Action.Execute` click. */
export const executeValue = (action: Record<string, unknown>) => ({
  action: { type: "Action.Execute", id: randomUUID(), verb: action.verb, data: action.data },
  trigger: "manual",
});

/** What Teams sends for an `Action.Submit` with `msteams.type = task/fetch`, or a dialog's submit: the data plus inputs. */
export const taskValue = (data: Record<string, unknown>, type: "task/fetch" | "task/submit") => ({
  type,
  data,
  context: { theme: "default" },
});

// ---- reading cards ----

export interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/** Every action on a card, in ActionSets and at the root. */
export function cardActions(card: Record<string, unknown>): CardAction[] {
  const out: CardAction[] = [];
  const body = (card.body as Array<Record<string, unknown>> | undefined) ?? [];
  for (const element of body) if (element.type === "ActionSet") out.push(...(element.actions as CardAction[]));
  out.push(...((card.actions as CardAction[] | undefined) ?? []));
  return out;
}

export function cardText(card: Record<string, unknown>): string {
  return JSON.stringify(card.body);
}

/** The inputs of a dialog card by id. */
export function cardInputs(card: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const body = (card.body as Array<Record<string, unknown>> | undefined) ?? [];
  return new Map(body.filter((e) => String(e.type).startsWith("Input.")).map((e) => [String(e.id), e]));
}

/** The dialog card of a `task/fetch` or `task/submit` response, checked. */
export function dialogCard(body: unknown): Record<string, unknown> {
  const task = (
    body as { task?: { type: string; value: { card?: { contentType: string; content: Record<string, unknown> } } } }
  ).task;
  expect(task?.type).toBe("continue");
  const card = task?.value.card;
  expect(card?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  expectValidAdaptiveCard(card?.content);
  return card?.content as Record<string, unknown>;
}

/** What Teams posts when the user presses the dialog's submit button: its data merged with the inputs. */
export function submitDialog(
  card: Record<string, unknown>,
  values: Record<string, string | number>,
): Record<string, unknown> {
  const submit = cardActions(card).find((a) => a.type === "Action.Submit");
  if (!submit?.data) throw new Error("the dialog has no submit action");
  const inputs = cardInputs(card);
  for (const id of Object.keys(values)) if (!inputs.has(id)) throw new Error(`the dialog has no input ${id}`);
  const merged: Record<string, unknown> = { ...submit.data };
  for (const [id, input] of inputs) if (input.value !== undefined) merged[id] = input.value;
  return { ...merged, ...values };
}
