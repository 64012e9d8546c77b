/**
 * The Slack door, through the real route: what is refused before any work (signatures from the future, headers
 * missing before a large body is read), a signed request replayed within its five minutes (answered once, also by
 * another copy of the bot on the same store), response_urls outside Slack's hooks host (never called), and the
 * ledger's keys (hashed, not cut; pruned after a day).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ActionIds } from "../../src/core/ids";
import { responseUrlPolicy } from "../../src/slack/replies";
import { requestLedger } from "../../src/store/platform";
import { PROVIDERS } from "../support/db";
import { rowCounts } from "../support/hostile";
import { SETUP_VALUES } from "../support/services";
import { blockActions, form, interactive, SlackHarness, slashCommand } from "../support/slack";

const now = () => Math.floor(Date.now() / 1000);

/** A web server on 127.0.0.1 that stands for somewhere a forged response_url points: it counts what reaches it. */
async function elsewhere(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/collect`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(PROVIDERS)("the Slack door on %s", (provider) => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await SlackHarness.start(provider);
  });

  afterEach(async () => {
    expect(h.blockKitViolations()).toEqual([]);
    await h.close();
  });

  test("a request signed six minutes in the future is refused like an old one, and nothing is done", async () => {
    const before = await rowCounts(h.services);
    const future = await h.post(form(slashCommand("help")), { timestamp: now() + 6 * 60 });
    const past = await h.post(form(slashCommand("help")), { timestamp: now() - 6 * 60 });
    expect([future.status, past.status]).toEqual([401, 401]);
    expect(h.fake.callsTo("response_url")).toHaveLength(0);
    expect(h.fake.callsTo("users.info")).toHaveLength(0);
    expect(await rowCounts(h.services)).toEqual(before);
    expect(h.services.log.lines).toContainEqual(
      expect.objectContaining({
        message: "slack: request refused: not signed by Slack",
        context: expect.objectContaining({ reason: "timestamp outside the five minutes a signature holds" }),
      }),
    );
  });

  test("an acknowledgement later than Slack's 3 s is logged with its delay", async () => {
    await h.command("setup");
    const view = h.openedView();
    const submitForm = h.services.core.submitForm;
    h.services.core.submitForm = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 3_100));
      return submitForm(...args);
    };
    // Bolt answers for a listener that has not acknowledged within 3 s (its unhandled-request timeout, 404)
    expect((await h.submit(SETUP_VALUES, "U1", view)).status).toBe(404);
    const late = h.services.log.lines.filter((l) => l.message === "slack: late acknowledgement");
    expect(late).toHaveLength(1);
    expect(Number(late[0]?.context?.delayMs)).toBeGreaterThanOrEqual(3_000);
    expect(late[0]?.context?.status).toBe(404);
    h.services.core.submitForm = submitForm;
    await h.command("schedule");
    expect(h.services.log.lines.filter((l) => l.message === "slack: late acknowledgement")).toHaveLength(1);
  });

  test("a request a few seconds in the future (a clock a little ahead) is accepted", async () => {
    const res = await h.post(form(slashCommand("help")), { timestamp: now() + 20 });
    expect(res.status).toBe(200);
    expect(h.fake.callsTo("response_url")).toHaveLength(1);
  });

  test("the signature headers are checked before the body is read: an unsigned 5 MB body is refused with 401", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, "a");
    const unsigned = await h.post(big, { headers: { "x-slack-signature": "" } });
    expect(unsigned.status).toBe(401);
    const stale = await h.post(big, { timestamp: now() - 3600 });
    expect(stale.status).toBe(401);
    const malformed = await h.post(big, { signature: "v0=not-hex" });
    expect(malformed.status).toBe(401);
    // a well-signed one of that size is read, and refused for its size
    expect((await h.post(big)).status).toBe(413);
  });

  test("a signed slash command sent twice within its five minutes is answered once", async () => {
    await h.setUpNetwork(SETUP_VALUES);
    const body = form(slashCommand("vote"));
    const timestamp = now();
    const first = await h.post(body, { timestamp });
    const before = await rowCounts(h.services);
    const calls = h.fake.calls.length;
    const replay = await h.post(body, { timestamp });
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.text).toBe("");
    expect(h.fake.calls.length).toBe(calls);
    expect(await rowCounts(h.services)).toEqual(before);
    expect(h.services.log.lines.map((l) => l.message)).toContain(
      "slack: a signed request was sent again; answered once",
    );
  });

  // several copies share a PostgreSQL store (the built-in SQLite file is for one copy: README, "Using PostgreSQL")
  if (provider === "postgresql")
    test("a replayed request is recognised by another copy of the bot on the same store", async () => {
      await h.setUpNetwork(SETUP_VALUES);
      const body = form(slashCommand("schedule"));
      const timestamp = now();
      const second = await SlackHarness.start(provider, { sameStoreAs: h });
      try {
        const answered = h.fake.callsTo("response_url").length;
        const answers = await Promise.all([h.post(body, { timestamp }), second.post(body, { timestamp })]);
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
        // the command's response_url is the first copy's fake: the one answer, from whichever copy took it, is there
        expect(h.fake.callsTo("response_url").length - answered).toBe(1);
        expect(second.fake.callsTo("response_url")).toHaveLength(0);
      } finally {
        await second.close();
      }
    });

  test("a slash command whose response_url is not Slack's is never answered there, and nothing is done", async () => {
    const trap = await elsewhere();
    try {
      const before = await rowCounts(h.services);
      const res = await h.post(form(slashCommand("help", "U1", {}, trap.url)));
      expect(res.status).toBe(200);
      expect(trap.hits).toEqual([]);
      expect(h.fake.callsTo("response_url")).toHaveLength(0);
      // only the signature is remembered, so the same request cannot be replayed
      const after = await rowCounts(h.services);
      expect({ ...after, SeenRequest: before.SeenRequest }).toEqual(before);
      expect(h.services.log.lines.map((l) => l.message)).toContain(
        "slack: a response_url outside Slack's hooks host was left uncalled",
      );
    } finally {
      await trap.close();
    }
  });

  test("a button click whose response_url is not Slack's is answered without calling it", async () => {
    await h.setUpNetwork(SETUP_VALUES);
    const trap = await elsewhere();
    try {
      const click = blockActions("U1", {
        type: "button",
        action_id: ActionIds.sessionSkip,
        value: "nope",
        text: { text: "Skip" },
      });
      click.response_url = trap.url;
      const res = await h.post(interactive(click));
      expect(res.status).toBe(200);
      expect(trap.hits).toEqual([]);
      const answer = h.fake.last("chat.postEphemeral").body;
      expect(answer.text).toBe("I could not find that session.");
    } finally {
      await trap.close();
    }
  });
});

describe("the response_url rule", () => {
  const allowed = responseUrlPolicy();
  const inTests = responseUrlPolicy("http://127.0.0.1:4000/api/");

  test("Slack's hooks host over https is allowed, and nothing else", () => {
    expect(allowed("https://hooks.slack.com/commands/T1/1/abc")).toBe(true);
    expect(allowed("https://hooks.slack.com/actions/T1/1/abc")).toBe(true);
    expect(allowed("http://hooks.slack.com/commands/T1/1/abc")).toBe(false);
    expect(allowed("https://hooks.slack.com.evil.example/commands")).toBe(false);
    expect(allowed("https://evil.example/?https://hooks.slack.com/")).toBe(false);
    expect(allowed("https://user:pass@hooks.slack.com/commands")).toBe(false);
    expect(allowed("https://hooks.slack.com:8443/commands")).toBe(false);
    expect(allowed("not a url")).toBe(false);
  });

  test("a configured API host (a test's fake) is allowed beside Slack's, on its own origin only", () => {
    expect(inTests("http://127.0.0.1:4000/respond/cmd")).toBe(true);
    expect(inTests("http://127.0.0.1:4001/respond/cmd")).toBe(false);
    expect(inTests("https://hooks.slack.com/commands/T1/1/abc")).toBe(true);
  });
});

describe.each(PROVIDERS)("the ledger of requests already handled on %s", (provider) => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start(provider);
  });
  afterEach(() => h.close());

  test("two long ids that share their first 190 characters are two entries, kept as hashes", async () => {
    const ledger = requestLedger(h.services.database.db);
    const stem = `slack:event:${"x".repeat(200)}`;
    expect(await ledger.firstTime(`${stem}a`)).toBe(true);
    expect(await ledger.firstTime(`${stem}b`)).toBe(true);
    expect(await ledger.firstTime(`${stem}a`)).toBe(false);
    const ids = (await h.services.database.db.seenRequest.findMany()).map((r) => r.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test("a signature is remembered as its hash, never as itself", async () => {
    await h.post(form(slashCommand("help")));
    const ids = (await h.services.database.db.seenRequest.findMany()).map((r) => r.id);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^slack:sig:[0-9a-f]{64}$/);
    expect(ids[0]).not.toContain("v0=");
  });

  test("the scheduler's upkeep forgets requests handled more than a day ago", async () => {
    const db = h.services.database.db;
    const ledger = requestLedger(db);
    await ledger.firstTime("old");
    await ledger.firstTime("recent");
    const today = h.services.clock.now().getTime();
    await db.seenRequest.update({ where: { id: "old" }, data: { at: new Date(today - 2 * 86_400_000) } });
    await db.seenRequest.update({ where: { id: "recent" }, data: { at: new Date(today - 3_600_000) } });
    await h.services.core.upkeep();
    expect((await db.seenRequest.findMany()).map((r) => r.id)).toEqual(["recent"]);
  });
});
