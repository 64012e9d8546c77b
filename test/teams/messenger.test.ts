/**
 * The Teams Messenger at the Bot Connector's HTTP boundary (a stub on 127.0.0.1): a 1:1 chat opened for a member who
 * never talked to the bot, retries of 412 / 429 without a second loop around the connector's own, refusals that mean
 * the recipient cannot be reached, and pacing per conversation and per tenant.
 */

import { DeliveryError } from "../../src/core/jobs/runner";
import type { TeamsMessengerOptions } from "../../src/teams/messenger";
import {
  BOT,
  CHANNEL,
  CHANNEL_ID,
  channelMessage,
  FRAN,
  MAX,
  personalConversation,
  personalMessage,
  type Recorded,
  setUpNetwork,
  startTeams,
  TENANT,
  type TeamsHarness,
} from "../support/teams";

const MAX_ADDRESS = `teams:${MAX.aadObjectId}`;

let h: TeamsHarness;

/** A Teams network in the General channel (its reference stored because Fran used the bot there), with Max a member. */
async function start(messenger: Omit<TeamsMessengerOptions, "adapter" | "appId" | "store"> = {}) {
  h = await startTeams("sqlite", {
    messenger: { retry: { baseDelayMs: 100, maxDelayMs: 400 }, ...messenger },
  });
  const url = h.connector.serviceUrl;
  await h.post(channelMessage(url, FRAN, "help"));
  await h.post(personalMessage(url, FRAN, "help"));
  await setUpNetwork(h);
  const network = await h.services.store.networks.byChannel(CHANNEL);
  if (!network) throw new Error("no network");
  await h.services.store.members.upsert(network.id, MAX_ADDRESS, MAX.name, "member");
  h.connector.clear();
  return h.teams.messenger;
}

afterEach(async () => {
  await h.close();
});

async function rejection(work: Promise<unknown>): Promise<DeliveryError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

/** Windows of `perMs` holding more than `count` requests (arrival times at the stub, with a little network slack). */
function overTheWindow(requests: Recorded[], count: number, perMs: number, jitterMs = 40): string[] {
  const at = requests.map((r) => r.at).sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i + count < at.length; i++) {
    const span = (at[i + count] as number) - (at[i] as number);
    if (span + jitterMs < perMs) out.push(`${count + 1} requests in ${Math.round(span)} ms`);
  }
  return out;
}

describe("a member who has never talked to the bot", () => {
  test("gets a 1:1 chat created in their network channel's tenant, and later sends and updates reuse it", async () => {
    const messenger = await start();
    const address = await messenger.send(MAX_ADDRESS, { text: "Your case form is due tomorrow." });

    const [create, post] = h.connector.requests;
    expect(create).toMatchObject({ method: "POST", kind: "create", status: 201 });
    expect(create?.body).toEqual({
      isGroup: false,
      bot: { id: BOT.id, name: BOT.name },
      members: [{ id: MAX.aadObjectId }],
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    });
    expect(post).toMatchObject({ kind: "post", conversationId: "a:1created-1" });
    expect(post?.body.text).toBe("Your case form is due tomorrow.");
    expect(address).toMatch(/^teams:a:1created-1#1%3Amsg-\d+$/);

    // the new chat's reference is stored under the person and the chat, like one from a conversation with the bot
    const stored = JSON.parse((await h.services.store.conversations.find(MAX_ADDRESS)) ?? "{}");
    expect(stored).toMatchObject({
      channelId: "msteams",
      serviceUrl: h.connector.serviceUrl,
      conversation: { id: "a:1created-1", conversationType: "personal", tenantId: TENANT },
      bot: { id: BOT.id },
      user: { id: MAX.aadObjectId },
    });
    expect(await h.services.store.conversations.find("teams:a:1created-1")).toBe(JSON.stringify(stored));

    h.connector.clear();
    await messenger.send(MAX_ADDRESS, { text: "Your session starts in 15 minutes." });
    await messenger.update(address, { title: "Updated", blocks: [], fallback: "Updated" });
    expect(h.connector.requests.map((r) => [r.kind, r.conversationId])).toEqual([
      ["post", "a:1created-1"],
      ["update", "a:1created-1"],
    ]);
  });

  test("known by a Teams user id (29:…) is added to the chat by that id", async () => {
    const messenger = await start();
    const network = await h.services.store.networks.byChannel(CHANNEL);
    await h.services.store.members.upsert(network?.id ?? "", `teams:${MAX.id}`, MAX.name, "member");
    await messenger.send(`teams:${MAX.id}`, { text: "hello" });
    expect(h.connector.requests[0]?.body.members).toEqual([{ id: MAX.id }]);
    expect(h.connector.delivered()).toHaveLength(1);
  });

  test("and in no Teams network cannot be reached: DeliveryError unreachable, with nothing sent", async () => {
    const messenger = await start();
    const error = await rejection(messenger.send("teams:00000000-0000-4000-8000-000000000000", { text: "hello" }));
    expect(error.kind).toBe("unreachable");
    expect(error.message).toContain("no Teams conversation reference is stored for teams:00000000");
    expect(error.message).toContain("no Teams network channel of theirs is known");
    expect(h.connector.requests).toHaveLength(0);
  });

  test("whom the bot may not message (403 on creating the chat) is unreachable, and nothing is stored", async () => {
    const messenger = await start();
    h.connector.failures.push({ status: 403, kind: "create", body: { error: { code: "Forbidden" } } });
    const error = await rejection(messenger.send(MAX_ADDRESS, { text: "hello" }));
    expect(error.kind).toBe("unreachable");
    expect(h.connector.requests.map((r) => r.kind)).toEqual(["create"]);
    expect(await h.services.store.conversations.find(MAX_ADDRESS)).toBeUndefined();
  });
});

describe("refusals and retries", () => {
  test("a 412 is retried once after a backoff, and the message is delivered once", async () => {
    const messenger = await start();
    h.connector.failures.push({ status: 412, kind: "post" });
    const started = performance.now();
    const address = await messenger.send(CHANNEL, { text: "Starting soon" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(h.connector.sent().map((r) => r.status)).toEqual([412, 201]);
    expect(h.connector.delivered()).toHaveLength(1);
    expect(address).toMatch(new RegExp(`^${CHANNEL}#1%3Amsg-\\d+$`));
  });

  test("a 412 that persists gives up after the configured tries: DeliveryError retry for the queue", async () => {
    const messenger = await start({ retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 100 } });
    for (let i = 0; i < 3; i++) h.connector.failures.push({ status: 412, kind: "post" });
    const error = await rejection(messenger.send(CHANNEL, { text: "Starting soon" }));
    expect(error.kind).toBe("retry");
    expect(error.message).toContain("HTTP 412 after 3 tries");
    expect(h.connector.sent()).toHaveLength(3);
    expect(h.connector.delivered()).toHaveLength(0);
  });

  test("a 429 without Retry-After (which the connector does not retry) is retried here", async () => {
    const messenger = await start();
    h.connector.failures.push({ status: 429, kind: "post" });
    await messenger.send(CHANNEL, { text: "Starting soon" });
    expect(h.connector.sent().map((r) => r.status)).toEqual([429, 201]);
  });

  test("a 429 with Retry-After that persists through the connector's own retries goes to the queue with that wait", async () => {
    const messenger = await start();
    for (let i = 0; i < 4; i++)
      h.connector.failures.push({ status: 429, kind: "post", headers: { "retry-after": "1" } });
    const error = await rejection(messenger.send(CHANNEL, { text: "Starting soon" }));
    expect(error).toMatchObject({ kind: "retry", retryAfterMs: 1_000 });
    expect(h.connector.sent()).toHaveLength(4);
  });

  test("a 502 is retried by the Bot Connector client itself, and not a second time around it", async () => {
    const messenger = await start();
    h.connector.failures.push({ status: 502, kind: "post" });
    await messenger.send(CHANNEL, { text: "Starting soon" });
    expect(h.connector.sent().map((r) => r.status)).toEqual([502, 201]);

    // when it keeps failing, the connector's 3 retries are all there is (4 requests, not 4 × 3), then the queue's turn
    h.connector.clear();
    for (let i = 0; i < 4; i++) h.connector.failures.push({ status: 502, kind: "post" });
    const error = await rejection(messenger.send(CHANNEL, { text: "Starting soon" }));
    expect(error.kind).toBe("retry");
    expect(error.message).toContain("HTTP 502");
    expect(h.connector.sent()).toHaveLength(4);
  });

  test("403 (the bot is blocked or removed) and 404 (the conversation is gone) are unreachable, tried once", async () => {
    const messenger = await start();
    h.connector.failures.push({ status: 403, kind: "post" });
    const blocked = await rejection(messenger.send(`teams:${FRAN.aadObjectId}`, { text: "Survey" }));
    expect(blocked.kind).toBe("unreachable");
    expect(blocked.message).toContain("HTTP 403");
    h.connector.failures.push({ status: 404, kind: "post" });
    const gone = await rejection(messenger.send(CHANNEL, { text: "Starting soon" }));
    expect(gone.kind).toBe("unreachable");
    expect(h.connector.sent()).toHaveLength(2);
  });

  test("a failed update is classified the same way", async () => {
    const messenger = await start();
    const address = await messenger.send(CHANNEL, { text: "Sent 0 of 3" });
    h.connector.failures.push({ status: 404, kind: "update" });
    const error = await rejection(messenger.update(address, { title: "Sent 1 of 3", blocks: [], fallback: "Sent 1" }));
    expect(error.kind).toBe("unreachable");
  });
});

describe("pacing", () => {
  test("sends to one conversation keep to its limit, while another conversation is not held up", async () => {
    const messenger = await start({
      limits: { conversation: [{ count: 2, perMs: 400 }], tenant: { count: 100, perMs: 1_000 } },
    });
    const started = performance.now();
    const channelSends = Array.from({ length: 6 }, (_, i) => messenger.send(CHANNEL, { text: `post ${i}` }));
    const direct = messenger.send(`teams:${FRAN.aadObjectId}`, { text: "meanwhile" });
    await Promise.all([...channelSends, direct]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(790);

    const toChannel = h.connector.delivered().filter((r) => r.conversationId === CHANNEL_ID);
    expect(toChannel).toHaveLength(6);
    expect(overTheWindow(toChannel, 2, 400)).toEqual([]);
    const toFran = h.connector.delivered().filter((r) => r.conversationId === personalConversation(FRAN));
    expect(toFran).toHaveLength(1);
    // the personal chat's message did not wait behind the channel's queue
    expect(toFran[0]?.at).toBeLessThan(toChannel[2]?.at ?? 0);
  });

  test("the tenant's cap holds across conversations", async () => {
    const messenger = await start({
      limits: { conversation: { count: 100, perMs: 1_000 }, tenant: { count: 3, perMs: 500 } },
    });
    const started = performance.now();
    await Promise.all([
      ...[1, 2, 3].map((i) => messenger.send(CHANNEL, { text: `channel ${i}` })),
      ...[1, 2, 3].map((i) => messenger.send(`teams:${FRAN.aadObjectId}`, { text: `direct ${i}` })),
      messenger.send(MAX_ADDRESS, { text: "new chat" }),
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    // every request to the tenant counts: the posts and the creation of Max's chat
    const requests = h.connector.requests;
    expect(requests).toHaveLength(8);
    expect(overTheWindow(requests, 3, 500)).toEqual([]);
  });
});
