/**
 * Proactive sends through the Messenger port, at Slack's HTTP boundary (a fake Web API on 127.0.0.1): addresses,
 * pacing under fan-out, 429s, failures turned into what the job runner understands, and the duplicate check on retries.
 */
import { webApi } from "@slack/bolt";
import { DeliveryError } from "../../src/core/jobs/runner";
import type { Limit } from "../../src/pacing";
import { singleTokenClients } from "../../src/slack/clients";
import { DELIVERY_EVENT, SLACK_LIMITS, type SlackLimits, slackMessenger } from "../../src/slack/messenger";
import { BOT_TOKEN, type FakeCall, SlackHarness } from "../support/slack";

const card = {
  title: "Starting soon",
  blocks: [{ kind: "text" as const, text: "The session starts in 15 minutes." }],
  fallback: "The session starts in 15 minutes.",
};

let h: SlackHarness;
const start = async (limits?: Partial<SlackLimits>, extra: Record<string, unknown> = {}) => {
  h = await SlackHarness.start("sqlite", { messenger: { limits, ...extra } });
  return h.adapter.messenger;
};

afterEach(async () => {
  expect(h.blockKitViolations()).toEqual([]);
  await h.close();
});

/** Where a token bucket's promise was broken: windows [first, last] holding more calls than burst + rate × length. */
function overTheLimit(times: number[], limit: Limit, jitterMs = 40): string[] {
  const sorted = [...times].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++)
    for (let j = i; j < sorted.length; j++) {
      const span = (sorted[j] as number) - (sorted[i] as number);
      const count = j - i + 1;
      const allowed =
        "perSecond" in limit
          ? limit.burst + (limit.perSecond * (span + jitterMs)) / 1000
          : span + jitterMs < limit.perMs
            ? limit.count
            : Number.POSITIVE_INFINITY;
      if (count > allowed + 1e-9) out.push(`${count} calls in ${Math.round(span)} ms`);
    }
  return out;
}

const times = (calls: FakeCall[]) => calls.map((c) => c.at);

/**
 * A Web API client that notes when each call leaves: what the pacer controls. (When calls arrive at the fake adds
 * transit time, which on a loaded machine bunches a few together.)
 */
class DepartureClient extends webApi.WebClient {
  readonly departures: Array<{ method: string; channel?: string; at: number }> = [];
  override apiCall(method: string, options?: Record<string, unknown>): Promise<webApi.WebAPICallResult> {
    const channel = typeof options?.channel === "string" ? options.channel : undefined;
    this.departures.push({ method, channel, at: performance.now() });
    return super.apiCall(method, options);
  }
  leaving(method: string, channel?: string): number[] {
    return this.departures
      .filter((d) => d.method === method && (channel === undefined || d.channel === channel))
      .map((d) => d.at);
  }
}
/** A Web API client configured as the adapter's messenger client: 429s come back to it, and it never retries. */
const webClient = (slackApiUrl: string) =>
  new webApi.WebClient(BOT_TOKEN, { slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
const users = (n: number) => Array.from({ length: n }, (_, i) => `U${100 + i}`);

async function rejection(work: Promise<unknown>): Promise<DeliveryError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

describe("addresses", () => {
  test("a card sent to a channel is posted there, and its address names the message", async () => {
    const messenger = await start();
    const address = await messenger.send("slack:T1:C1", { card });
    const post = h.fake.last("chat.postMessage").body;
    expect(post).toMatchObject({ channel: "C1", text: "The session starts in 15 minutes." });
    expect(post.metadata).toBeUndefined();
    expect(address).toMatch(/^slack:T1:C1:\d+\.000100$/);
  });

  test("a message to a person opens a direct conversation first", async () => {
    const messenger = await start();
    const address = await messenger.send("slack:T1:U2", { text: "Your case form is due tomorrow." });
    expect(h.fake.last("conversations.open").body.users).toBe("U2");
    expect(h.fake.last("chat.postMessage").body).toMatchObject({
      channel: "DU2",
      text: "Your case form is due tomorrow.",
    });
    expect(address).toMatch(/^slack:T1:DU2:\d+\.000100$/);
  });

  test("an update changes the message at that address", async () => {
    const messenger = await start();
    const address = await messenger.send("slack:T1:C1", { card });
    await messenger.update(address, { ...card, title: "Started" });
    const update = h.fake.last("chat.update").body;
    expect(update).toMatchObject({ channel: "C1", ts: address.split(":")[3] });
    expect(JSON.stringify(update.blocks)).toContain("Started");
    await expect(messenger.update("slack:T1:C1", card)).rejects.toThrow(/not a Slack message address/);
  });

  test("a direct-message channel is opened once per person, and remembered across a restart", async () => {
    const messenger = await start();
    for (let i = 0; i < 3; i++) await messenger.send("slack:T1:U2", { text: `reminder ${i}` });
    expect(h.fake.callsTo("conversations.open")).toHaveLength(1);
    expect(h.fake.accepted("chat.postMessage").map((c) => c.body.channel)).toEqual(["DU2", "DU2", "DU2"]);

    // another running copy (or this one after a restart) finds the channel id in the store
    const restarted = slackMessenger(singleTokenClients(webClient(h.fake.apiUrl)), {
      refs: h.services.store.conversations,
    });
    await restarted.send("slack:T1:U2", { text: "after the restart" });
    expect(h.fake.callsTo("conversations.open")).toHaveLength(1);
    await restarted.send("slack:T1:U3", { text: "someone new" });
    expect(h.fake.callsTo("conversations.open").map((c) => c.body.users)).toEqual(["U2", "U3"]);
  });
});

describe("pacing", () => {
  test("30 direct messages and 5 channel posts at once stay within the channel, workspace and Tier 3 limits, near the limit", async () => {
    const limits = {
      channel: { perSecond: 2, burst: 1 },
      workspace: { perSecond: 20, burst: 4 },
      tier3: { perSecond: 40, burst: 5 },
    };
    await start(limits);
    const client = new DepartureClient(BOT_TOKEN, {
      slackApiUrl: h.fake.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    const messenger = slackMessenger(singleTokenClients(client), { limits: { ...SLACK_LIMITS, ...limits } });
    // one post first, so that the first measured requests do not carry the client's warm-up (JIT, connection)
    await messenger.send("slack:T1:C0", { text: "warm-up" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    h.fake.calls.length = 0;
    client.departures.length = 0;
    const people = users(30);
    const started = performance.now();
    const addresses = await Promise.all([
      ...people.map((u) => messenger.send(`slack:T1:${u}`, { card }, { dedupeKey: `fanout|${u}` })),
      ...[1, 2, 3, 4, 5].map((i) => messenger.send("slack:T1:C1", { text: `channel post ${i}` })),
    ]);
    const elapsed = performance.now() - started;

    // nothing lost, nothing doubled
    expect(new Set(addresses).size).toBe(35);
    const posts = h.fake.accepted("chat.postMessage");
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(35);
    for (const u of people) expect(posts.filter((p) => p.body.channel === `D${u}`)).toHaveLength(1);
    expect(posts.filter((p) => p.body.channel === "C1")).toHaveLength(5);

    // never over a limit, as the calls left: the workspace, each channel, and conversations.open (Tier 3)
    expect(overTheLimit(client.leaving("chat.postMessage"), limits.workspace)).toEqual([]);
    expect(overTheLimit(client.leaving("chat.postMessage", "C1"), limits.channel)).toEqual([]);
    expect(overTheLimit(client.leaving("conversations.open"), limits.tier3)).toEqual([]);

    // and near it: C1's five posts at 2 a second need 2 s, the workspace's 35 at 20 a second (burst 4) 1.55 s
    expect(elapsed).toBeGreaterThanOrEqual(1_950);
    expect(elapsed).toBeLessThan(3_000);
  });

  test("updates are paced as Tier 3 calls", async () => {
    const limits = { tier3: { perSecond: 4, burst: 1 } };
    const messenger = await start(limits);
    const address = await messenger.send("slack:T1:C1", { card });
    await Promise.all([1, 2, 3].map((i) => messenger.update(address, { ...card, title: `Sent ${i}` })));
    const updates = h.fake.callsTo("chat.update");
    expect(updates).toHaveLength(3);
    expect(overTheLimit(times(updates), limits.tier3)).toEqual([]);
    expect((updates[2]?.at ?? 0) - (updates[0]?.at ?? 0)).toBeGreaterThanOrEqual(480);
  });
});

describe("rate limiting (429)", () => {
  test("a 429 with Retry-After 1 pauses the workspace for a second, then every message goes once", async () => {
    const messenger = await start({ workspace: { perSecond: 50, burst: 10 } });
    h.fake.next.set("chat.postMessage", [{ status: 429, retryAfter: 1 }]);
    const people = users(5);
    const started = performance.now();
    const addresses = await Promise.all(people.map((u) => messenger.send(`slack:T1:${u}`, { text: "Survey" })));
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);

    const calls = h.fake.callsTo("chat.postMessage");
    expect(calls).toHaveLength(6);
    const refused = calls.filter((c) => c.status === 429);
    expect(refused).toHaveLength(1);
    // nothing else was posted in the second Slack asked for
    // (posts already on their way when the 429 came back may arrive just after it)
    const refusedAt = refused[0]?.at ?? 0;
    const during = calls.filter((c) => c.at > refusedAt + 100 && c.at < refusedAt + 975);
    expect(during).toEqual([]);
    // nothing lost, nothing doubled
    const accepted = h.fake.accepted("chat.postMessage");
    expect(accepted.map((c) => c.body.channel).sort()).toEqual(people.map((u) => `D${u}`).sort());
    expect(new Set(addresses).size).toBe(5);
    expect(h.services.log.lines.some((l) => l.level === "warn" && l.message.includes("rate limited"))).toBe(true);
  });

  test("a long Retry-After hands the send back to the queue as DeliveryError retry with that wait", async () => {
    const messenger = await start(undefined, { maxPacingWaitMs: 5_000 });
    h.fake.next.set("chat.postMessage", [{ status: 429, retryAfter: 30 }]);
    const error = await rejection(messenger.send("slack:T1:C1", { text: "hello" }));
    expect(error.kind).toBe("retry");
    expect(error.retryAfterMs).toBe(30_000);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
    // the workspace stays paused: a send now would wait longer than maxPacingWaitMs, so it goes back to the queue too
    const next = await rejection(messenger.send("slack:T1:C2", { text: "hello" }));
    expect(next.kind).toBe("retry");
    expect(next.retryAfterMs).toBeGreaterThan(29_000);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });
});

describe("failures", () => {
  test("errors that mean the person or channel cannot be reached become DeliveryError unreachable", async () => {
    const messenger = await start();
    h.fake.targetFailures.set("conversations.open U5", "account_inactive");
    h.fake.targetFailures.set("conversations.open U6", "user_not_found");
    h.fake.targetFailures.set("conversations.open U7", "cannot_dm_bot");
    h.fake.targetFailures.set("chat.postMessage DU8", "messages_tab_disabled");
    h.fake.targetFailures.set("chat.postMessage C404", "channel_not_found");
    h.fake.targetFailures.set("chat.postMessage CARCH", "is_archived");
    h.fake.targetFailures.set("chat.postMessage CPRIV", "not_in_channel");
    const cases: Array<[string, string]> = [
      ["slack:T1:U5", "account_inactive"],
      ["slack:T1:U6", "user_not_found"],
      ["slack:T1:U7", "cannot_dm_bot"],
      ["slack:T1:U8", "messages_tab_disabled"],
      ["slack:T1:C404", "channel_not_found"],
      ["slack:T1:CARCH", "is_archived"],
      ["slack:T1:CPRIV", "not_in_channel"],
    ];
    for (const [address, reason] of cases) {
      const error = await rejection(messenger.send(address, { text: "hello" }));
      expect(error.kind).toBe("unreachable");
      expect(error.message).toContain(reason);
    }
    const address = await messenger.send("slack:T1:C1", { card });
    h.fake.targetFailures.set("chat.update C1", "message_not_found");
    expect((await rejection(messenger.update(address, card))).kind).toBe("unreachable");
  });

  test("Slack's own trouble (internal_error, HTTP 503) becomes DeliveryError retry", async () => {
    const messenger = await start();
    h.fake.next.set("chat.postMessage", [{ error: "internal_error" }, { status: 503 }]);
    for (const expected of ["internal_error", "HTTP 503"]) {
      const error = await rejection(messenger.send("slack:T1:C1", { text: "hello" }));
      expect(error.kind).toBe("retry");
      expect(error.message).toContain(expected);
    }
    // each was tried once: the client does not retry by itself (a retried post might double)
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  test("a network failure becomes DeliveryError retry", async () => {
    h = await SlackHarness.start("sqlite");
    const error = await rejection(
      slackMessenger(singleTokenClients(webClient("http://127.0.0.1:9/api/"))).send("slack:T1:C1", { text: "hello" }),
    );
    expect(error.kind).toBe("retry");
    expect(error.message).toMatch(/chat.postMessage: network error/);
  });

  test("a mistake on our side (invalid_blocks) is an ordinary error, not a delivery verdict", async () => {
    const messenger = await start();
    h.fake.failures.set("chat.postMessage", "invalid_blocks");
    const error = await messenger.send("slack:T1:C1", { card }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toBe("chat.postMessage failed: invalid_blocks");
  });
});

describe("exactly once across a crash", () => {
  const key = "reminder:n1:s1:starting_soon:15|slack:T1:C1";

  test("every post with a dedupe key carries it in the message metadata", async () => {
    const messenger = await start();
    await messenger.send("slack:T1:C1", { card }, { dedupeKey: key });
    expect(h.fake.last("chat.postMessage").body.metadata).toEqual({
      event_type: DELIVERY_EVENT,
      event_payload: { key },
    });
    // a first attempt does not read the history
    expect(h.fake.callsTo("conversations.history")).toHaveLength(0);
  });

  test("a retry whose message is already in the channel's history answers with it and posts nothing", async () => {
    const messenger = await start();
    await messenger.send("slack:T1:C1", { text: "something else" }, { dedupeKey: "another key" });
    const first = await messenger.send("slack:T1:C1", { card }, { dedupeKey: key });
    await messenger.send("slack:T1:C1", { text: "a later message" });
    const again = await messenger.send("slack:T1:C1", { card }, { dedupeKey: key, retry: true });
    expect(again).toBe(first);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(3);
    const lookup = h.fake.last("conversations.history").body;
    expect(lookup).toMatchObject({ channel: "C1", limit: "50", include_all_metadata: "true" });
    const oldest = Number(lookup.oldest);
    expect(Math.abs(oldest - (Date.now() / 1000 - 86_400))).toBeLessThan(60);
    expect(h.services.log.lines.some((l) => l.message.includes("already delivered"))).toBe(true);
  });

  test("a retry of a direct message looks in that person's direct-message channel", async () => {
    const messenger = await start();
    const dmKey = "survey:s1|slack:T1:U2";
    const first = await messenger.send("slack:T1:U2", { card }, { dedupeKey: dmKey });
    const again = await messenger.send("slack:T1:U2", { card }, { dedupeKey: dmKey, retry: true });
    expect(again).toBe(first);
    expect(h.fake.last("conversations.history").body.channel).toBe("DU2");
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  test("a retry whose message is not in the history posts it, once, with its key", async () => {
    const messenger = await start();
    await messenger.send("slack:T1:C1", { text: "unrelated" }, { dedupeKey: "another key" });
    const address = await messenger.send("slack:T1:C1", { card }, { dedupeKey: key, retry: true });
    expect(h.fake.callsTo("conversations.history")).toHaveLength(1);
    const posts = h.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body.metadata).toEqual({ event_type: DELIVERY_EVENT, event_payload: { key } });
    expect(address).toMatch(/^slack:T1:C1:/);
  });

  test("without a dedupe key a retry cannot look, and posts", async () => {
    const messenger = await start();
    await messenger.send("slack:T1:C1", { card });
    await messenger.send("slack:T1:C1", { card }, { retry: true });
    expect(h.fake.callsTo("conversations.history")).toHaveLength(0);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  test("a history the app may not read degrades to posting, and the log says a repeat is possible", async () => {
    const messenger = await start();
    h.fake.targetFailures.set("conversations.history C1", "missing_scope");
    await messenger.send("slack:T1:C1", { card }, { dedupeKey: key, retry: true });
    expect(h.fake.accepted("chat.postMessage")).toHaveLength(1);
    const warning = h.services.log.lines.find((l) => l.message.includes("cannot look for an earlier delivery"));
    expect(warning).toMatchObject({ level: "warn", context: { channel: "C1", key } });
  });

  test("a history lookup that Slack throttles for long goes back to the queue before posting anything", async () => {
    const messenger = await start();
    h.fake.next.set("conversations.history", [{ status: 429, retryAfter: 20 }]);
    const error = await rejection(messenger.send("slack:T1:C1", { card }, { dedupeKey: key, retry: true }));
    expect(error).toMatchObject({ kind: "retry", retryAfterMs: 20_000 });
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });
});
