/**
 * Teams through the real route: services on a real database, the shared express app with the Teams adapter mounted,
 * and the stub Bot Connector (fake-connector.ts). Activities look like the ones Teams posts, and by default carry a
 * Bot Framework token signed for their service URL (bot-tokens.ts), as Teams' do: the adapter keeps conversation
 * references only from such turns. `appId: ""` starts the unauthenticated local endpoint instead.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Core } from "../../src/core/app";
import { FormIds } from "../../src/core/ids";
import { createHttpApp, finishHttpApp, listen } from "../../src/http";
import type { Provider } from "../../src/store/engine";
import { createTeamsAdapter, type TeamsAdapter, type TeamsAdapterOptions } from "../../src/teams/adapter";
import { expectValidAdaptiveCard } from "./adaptive-cards";
import { TEST_APP_ID, TEST_ISSUER, TestCredentials, TokenIssuer } from "./bot-tokens";
import {
  ADAPTIVE_CARD,
  BOT,
  CHANNEL,
  CHANNEL_ID,
  FRAN,
  personalConversation,
  type Recorded,
  StubConnector,
  TEAM_ID,
  TENANT,
  type TeamsUser,
} from "./fake-connector";
import { SETUP_VALUES, type TestServices, testServices } from "./services";

export * from "./bot-tokens";
export * from "./fake-connector";
export * from "./teams-markdown";

export interface TeamsHarness {
  services: TestServices;
  connector: StubConnector;
  teams: TeamsAdapter;
  /** signs the harness's requests (undefined on the unauthenticated endpoint) */
  issuer?: TokenIssuer;
  url: string;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  postRaw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startTeams(
  provider: Provider,
  options: {
    /** default: the test app id, with signed tokens; "" for the unauthenticated local endpoint */
    appId?: string;
    /** TEAMS_ADMINS entries, `<tenant id>/<id>` */
    admins?: string[];
    /** TEAMS_TENANTS */
    tenants?: string[];
    /** TEAMS_SERVICE_URLS; default: the stub connector's */
    serviceUrls?: string[];
    bodyLimit?: string;
    core?: (core: Core) => Core;
    messenger?: TeamsAdapterOptions["messenger"];
    /** people the stub connector knows, so that the bot can look them up when they are @mentioned */
    members?: TeamsUser[];
  } = {},
): Promise<TeamsHarness> {
  const services = await testServices(provider);
  if (options.core) services.core = options.core(services.core);
  const connector = new StubConnector();
  await connector.start();
  for (const member of options.members ?? []) connector.members.set(member.id, member);
  const appId = options.appId ?? TEST_APP_ID;
  const issuer = appId ? new TokenIssuer() : undefined;
  await issuer?.start();
  const app = createHttpApp(services);
  const teams = createTeamsAdapter(services, {
    appId,
    appType: "MultiTenant",
    admins: (options.admins ?? []).map((entry) => {
      const [tenant = "", user = ""] = entry.split("/");
      return { tenant: tenant.toLowerCase(), user };
    }),
    tenants: options.tenants?.map((t) => t.toLowerCase()),
    serviceUrls: options.serviceUrls ?? [connector.serviceUrl],
    ...(issuer
      ? {
          openIdMetadataUrl: issuer.metadataUrl,
          tokenIssuer: TEST_ISSUER,
          credentialsFactory: new TestCredentials(appId),
        }
      : {}),
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
  /** a token for the activity's own service URL, unless the test passes its own Authorization header */
  const signed = (activity: unknown, headers: Record<string, string> = {}) => {
    const serviceUrl = (activity as { serviceUrl?: unknown } | null)?.serviceUrl;
    if ("authorization" in headers) {
      // an empty one: no Authorization header at all
      const { authorization, ...rest } = headers;
      return authorization ? headers : rest;
    }
    if (!issuer || typeof serviceUrl !== "string") return headers;
    return { ...headers, authorization: issuer.authorization({ serviceUrl }) };
  };
  return {
    services,
    connector,
    teams,
    issuer,
    url,
    postRaw,
    post: (activity, headers) => postRaw(JSON.stringify(activity), signed(activity, headers)),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connector.stop();
      await issuer?.stop();
      await services.close();
    },
  };
}

/** Sets a network up in the General channel through the core, as `facilitator` would from the setup dialog. */
export async function setUpNetwork(h: TeamsHarness, facilitator: TeamsUser = FRAN): Promise<void> {
  const ctx = {
    platform: "teams" as const,
    actor: { user: `teams:${facilitator.aadObjectId}`, name: facilitator.name, isWorkspaceAdmin: false },
    channel: CHANNEL,
    workspace: `teams:${TENANT}`,
  };
  await h.services.core.submitForm(ctx, FormIds.setup, "", SETUP_VALUES);
}

// ---- activities as Teams posts them ----

/**
 * The conversation an activity comes from: someone's personal chat with the bot (by default the one named after
 * them; pass `conversationId` for a chat the bot created), or a channel, in a reply thread when `thread` is given.
 */
export type Where =
  | { kind: "personal"; user: TeamsUser; conversationId?: string }
  | { kind: "channel"; thread?: string };

function conversationOf(where: Where) {
  if (where.kind === "personal")
    return {
      conversation: {
        id: where.conversationId ?? personalConversation(where.user),
        conversationType: "personal",
        tenantId: TENANT,
      },
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

/** Someone @mentioned in a channel post, with the text that names them. */
export interface Mention {
  user: { id: string; name: string; aadObjectId?: string };
  text: string;
}

/** An @mention of `user` as Teams writes it: `<at>` and their display name. */
export const mention = (user: TeamsUser): Mention => ({
  user: { id: user.id, name: user.name },
  text: `<at>${user.name}</at>`,
});

/** A channel post that @mentions the bot (and maybe people: pass them with the text that names them). */
export function channelMessage(serviceUrl: string, from: TeamsUser, text: string, mentions: Mention[] = []) {
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

/** What Teams posts when people join or leave a team (`conversationUpdate` in the team's General channel). */
export function rosterUpdate(
  serviceUrl: string,
  by: TeamsUser,
  change: {
    added?: Array<{ id: string; aadObjectId?: string }>;
    removed?: Array<{ id: string; aadObjectId?: string }>;
  },
) {
  return {
    ...base(serviceUrl, by, { kind: "channel" }),
    type: "conversationUpdate",
    conversation: { id: TEAM_ID, conversationType: "channel", isGroup: true, tenantId: TENANT },
    channelData: {
      team: { id: TEAM_ID, name: "Palliative care", aadGroupId: "4a7c1f3e-0000-4000-8000-00000000a11d" },
      eventType: change.added ? "teamMemberAdded" : "teamMemberRemoved",
      tenant: { id: TENANT },
    },
    ...(change.added ? { membersAdded: change.added } : {}),
    ...(change.removed ? { membersRemoved: change.removed } : {}),
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
export const executeValue = (action: Pick<CardAction, "verb" | "data">) => ({
  action: { type: "Action.Execute", id: randomUUID(), verb: action.verb, data: action.data },
  trigger: "manual",
});

/** What Teams sends for an `Action.Submit` with `msteams.type = task/fetch`, or a dialog's submit: the data plus inputs. */
export const taskValue = (data: Record<string, unknown>, type: "task/fetch" | "task/submit") => ({
  type,
  data,
  context: { theme: "default" },
});

/** The invoke for a click on an `Action.Execute` button (in the channel thread unless `where` says otherwise). */
export function execute(serviceUrl: string, from: TeamsUser, action: Pick<CardAction, "verb" | "data">, where?: Where) {
  return invoke(serviceUrl, from, "adaptiveCard/action", executeValue(action), where);
}

/** The `task/fetch` invoke for a button that opens a dialog, given that button's data. */
export function taskFetch(
  serviceUrl: string,
  from: TeamsUser,
  data: Record<string, unknown> | undefined,
  where?: Where,
) {
  return invoke(serviceUrl, from, "task/fetch", taskValue(data ?? {}, "task/fetch"), where);
}

/** The `task/submit` invoke for pressing a dialog's submit button with `values` entered (see `submitDialog`). */
export function taskSubmit(
  serviceUrl: string,
  from: TeamsUser,
  card: Record<string, unknown>,
  values: Record<string, string | number>,
  where?: Where,
) {
  return invoke(serviceUrl, from, "task/submit", taskValue(submitDialog(card, values), "task/submit"), where);
}

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

/** The button (action) titled `title` on a card; throws when the card has none. */
export function button(card: Record<string, unknown>, title: string): CardAction {
  const found = cardActions(card).find((a) => a.title === title);
  if (!found) throw new Error(`the card has no ${title} button`);
  return found;
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
  expect(card?.contentType).toBe(ADAPTIVE_CARD);
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

/** The `task` of a dialog response: a message that closes the dialog, or the dialog again. */
export const taskMessage = (body: unknown) => (body as { task?: { type: string; value: unknown } }).task;

// ---- checking every card ----

/** The Adaptive Cards inside an invoke response: a dialog's card, or a card that replaces the clicked one. */
export function responseCards(body: unknown): unknown[] {
  const b = body as { task?: { value?: { card?: { content?: unknown } } }; type?: string; value?: unknown } | undefined;
  const cards: unknown[] = [];
  if (b?.task?.value?.card?.content) cards.push(b.task.value.card.content);
  if (b?.type === ADAPTIVE_CARD) cards.push(b.value);
  return cards;
}

/** The Adaptive Cards of a request the bot sent to the connector (a post, reply or update). */
export function sentCards(request: Recorded): unknown[] {
  return ((request.body.attachments as Array<{ contentType: string; content: unknown }> | undefined) ?? [])
    .filter((a) => a.contentType === ADAPTIVE_CARD)
    .map((a) => a.content);
}

/** Posting to a harness with every card checked: see `validated`. */
export interface ValidatedTeams {
  /** posts an activity, expects 200 and validates every card in the invoke response */
  post(activity: unknown): Promise<{ status: number; body: unknown }>;
  /** posts a channel message from `from` that @mentions the bot (and `mentions`), through `post` */
  say(from: TeamsUser, text: string, mentions?: Mention[]): Promise<{ status: number; body: unknown }>;
  /** validates the cards sent since the last call (also before the connector's record is cleared); returns the total */
  checkSent(): number;
}

/** A harness whose every invoke response and every card sent to the connector is validated. */
export function validated(h: TeamsHarness): ValidatedTeams {
  const seen = new WeakSet<Recorded>();
  let checked = 0;
  const post = async (activity: unknown) => {
    const response = await h.post(activity);
    expect(response.status).toBe(200);
    for (const card of responseCards(response.body)) {
      expectValidAdaptiveCard(card);
      checked += 1;
    }
    return response;
  };
  const say = (from: TeamsUser, text: string, mentions: Mention[] = []) =>
    post(channelMessage(h.connector.serviceUrl, from, text, mentions));
  const checkSent = () => {
    for (const request of h.connector.requests) {
      if (seen.has(request)) continue;
      seen.add(request);
      for (const card of sentCards(request)) {
        expectValidAdaptiveCard(card);
        checked += 1;
      }
    }
    return checked;
  };
  return { post, say, checkSent };
}
