/**
 * What reaches POST /slack/events without being Slack's: forged, replayed, malformed and oversized requests are
 * refused with the right status, and nothing is written to the database or sent to Slack.
 */
import { SETUP_VALUES } from "../support/services";
import {
  form,
  interactive,
  NETWORK_CHANNEL,
  SIGNING_SECRET,
  SlackHarness,
  sign,
  slashCommand,
  viewSubmission,
} from "../support/slack";

let h: SlackHarness;

beforeAll(async () => {
  h = await SlackHarness.start("sqlite", { bodyLimitBytes: 1024 * 1024 });
});

afterAll(async () => {
  expect(h.blockKitViolations()).toEqual([]);
  await h.close();
});

/** Rows in every table a request could write to, and the Web API calls beyond the start-up auth.test. */
async function footprint() {
  const db = h.services.database.db;
  return {
    networks: await db.network.count(),
    members: await db.member.count(),
    sessions: await db.session.count(),
    audit: await db.auditEntry.count(),
    seen: await db.seenRequest.count(),
    slackCalls: h.fake.calls.filter((c) => c.method !== "auth.test").length,
  };
}
const untouched = { networks: 0, members: 0, sessions: 0, audit: 0, seen: 0, slackCalls: 0 };

/** A setup submission that would create a network, were it accepted. */
function setupSubmission(): string {
  const metadata = JSON.stringify({ c: NETWORK_CHANNEL, m: "" });
  const blocks = Object.keys(SETUP_VALUES).map((id) => ({
    type: "input",
    block_id: id,
    element: { type: "plain_text_input", action_id: id },
  }));
  return interactive(
    viewSubmission("U1", { callback_id: "echo.setup", private_metadata: metadata, blocks }, SETUP_VALUES),
  );
}

describe("requests not signed by Slack", () => {
  test("a forged signature is refused with 401 and touches nothing", async () => {
    const res = await h.post(setupSubmission(), { secret: "not-the-signing-secret" });
    expect(res.status).toBe(401);
    expect(await footprint()).toEqual(untouched);
  });

  test("a replayed request (signed more than 5 minutes ago) is refused with 401 and touches nothing", async () => {
    const res = await h.post(setupSubmission(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(await footprint()).toEqual(untouched);
  });

  test("a request without signature headers is refused with 401", async () => {
    const res = await fetch(`${h.base}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form(slashCommand("help")),
    });
    expect(res.status).toBe(401);
    expect(await footprint()).toEqual(untouched);
  });

  test("a signature over a different body is refused with 401", async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(SIGNING_SECRET, timestamp, form(slashCommand("help")));
    const res = await h.post(form(slashCommand("setup")), { timestamp, signature });
    expect(res.status).toBe(401);
    expect(await footprint()).toEqual(untouched);
  });
});

describe("malformed bodies", () => {
  const cases: Array<[string, string, string]> = [
    ["an interactive payload that is not JSON", "payload=%7Bnot-json", "application/x-www-form-urlencoded"],
    [
      "a JSON payload of an unknown type",
      interactive({ type: "mystery_payload", user: { id: "U1" } }),
      "application/x-www-form-urlencoded",
    ],
    [
      "a block_actions payload without actions",
      interactive({ type: "block_actions", user: { id: "U1", team_id: "T1" }, trigger_id: "1.2.3", actions: [] }),
      "application/x-www-form-urlencoded",
    ],
    [
      "a slash command without its team, channel and response_url",
      form({ command: "/echo", text: "help", user_id: "U1", trigger_id: "1.2.3" }),
      "application/x-www-form-urlencoded",
    ],
    [
      "a slash command with a response_url that is not a URL",
      form(slashCommand("help", "U1", { response_url: "javascript:alert(1)" })),
      "application/x-www-form-urlencoded",
    ],
    [
      "two payload fields",
      `${interactive({ type: "view_closed", view: { id: "V1" } })}&payload=%7B%7D`,
      "application/x-www-form-urlencoded",
    ],
    ["an events body that is not JSON", '{"type": "event_callback",', "application/json"],
    ["an event envelope of an unknown type", JSON.stringify({ type: "mystery", event_id: "Ev1" }), "application/json"],
    [
      "an event callback without an event id",
      JSON.stringify({ type: "event_callback", team_id: "T1", event: { type: "app_mention" } }),
      "application/json",
    ],
    ["a body of another content type", "help", "text/plain"],
    ["an empty body", "", "application/x-www-form-urlencoded"],
  ];

  test.each(cases)("%s is refused with 400 and touches nothing", async (_name, body, contentType) => {
    const res = await h.post(body, { contentType });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: "bad request" });
    expect(await footprint()).toEqual(untouched);
  });

  test("the server keeps answering after malformed requests", async () => {
    const res = await h.post(form(slashCommand("help")));
    expect(res.status).toBe(200);
    expect(h.fake.last("response_url").body.response_type).toBe("ephemeral");
  });
});

describe("oversized bodies", () => {
  test("a body over 1 MB is refused with 413 before anything reads it", async () => {
    const before = h.fake.calls.length;
    const huge = form(slashCommand(`propose ${"x".repeat(1_100_000)}`));
    const res = await h.post(huge);
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ error: "payload too large" });
    expect(h.fake.calls.length).toBe(before);
    expect(await h.services.database.db.network.count()).toBe(0);
  });
});

describe("Slack's own checks", () => {
  test("the url_verification challenge is answered", async () => {
    const res = await h.post(
      JSON.stringify({
        token: "t",
        challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        type: "url_verification",
      }),
      {
        contentType: "application/json",
      },
    );
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  test("an app_rate_limited notice is acknowledged at once and logged", async () => {
    const notice = {
      token: "t",
      type: "app_rate_limited",
      team_id: "T1",
      minute_rate_limited: 1518467820,
      api_app_id: "A1",
    };
    const res = await h.post(JSON.stringify(notice), { contentType: "application/json" });
    expect(res.status).toBe(200);
    expect(h.services.log.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: "slack: Slack is rate-limiting this app's events (app_rate_limited)",
      }),
    );
  });

  test("other routes are not the adapter's", async () => {
    const res = await fetch(`${h.base}/slack/other`, { method: "POST" });
    expect(res.status).toBe(404);
  });
});
