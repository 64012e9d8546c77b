/** Mentions and direct messages run the same command grammar; a retried event is handled once. */
import { BOT_USER, buttonsIn, CHANNEL, eventCallback, SlackHarness } from "../support/slack";

let h: SlackHarness;

beforeEach(async () => {
  h = await SlackHarness.start("sqlite");
});

afterEach(async () => {
  expect(h.blockKitViolations()).toEqual([]);
  await h.close();
});

const mention = (eventId: string, text: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    eventCallback(eventId, {
      type: "app_mention",
      user: "U1",
      text,
      ts: "1700000100.000100",
      channel: CHANNEL,
      event_ts: "1700000100.000100",
      ...extra,
    }),
  );

const directMessage = (eventId: string, text: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    eventCallback(eventId, {
      type: "message",
      channel_type: "im",
      user: "U2",
      text,
      ts: "1700000200.000100",
      channel: "D42",
      event_ts: "1700000200.000100",
      ...extra,
    }),
  );

const asJson = { contentType: "application/json" };

test("a mention runs the command without the bot's own mention and answers privately in the channel", async () => {
  const res = await h.post(mention("Ev001", `<@${BOT_USER}> help`), asJson);
  expect(res.status).toBe(200);
  const reply = h.fake.last("chat.postEphemeral").body;
  expect(reply).toMatchObject({ channel: CHANNEL, user: "U1" });
  expect(JSON.stringify(reply)).toContain("teleecho: what I can do");
});

test("a retried event (X-Slack-Retry-Num) is handled only once", async () => {
  const body = mention("Ev002", `<@${BOT_USER}> help`);
  const now = Math.floor(Date.now() / 1000);
  await h.post(body, { ...asJson, timestamp: now - 60 });
  // Slack signs a retry again, at the time it is sent
  const retry = await h.post(body, {
    ...asJson,
    timestamp: now,
    headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
  });
  expect(retry.status).toBe(200);
  expect(h.fake.callsTo("chat.postEphemeral")).toHaveLength(1);
  expect(h.services.log.lines).toContainEqual(
    expect.objectContaining({
      message: "slack: event already handled; retry ignored",
      context: { eventId: "Ev002", retryNum: 1 },
    }),
  );
  expect(await h.services.database.db.seenRequest.count({ where: { id: { startsWith: "slack:event:" } } })).toBe(1);
});

test("a direct message to the bot runs the command and answers in that conversation", async () => {
  await h.post(directMessage("Ev003", "schedule"), asJson);
  const reply = h.fake.last("chat.postMessage").body;
  expect(reply.channel).toBe("D42");
  expect(reply.text).toBe("This channel has no ECHO network yet. A facilitator can start one with `setup`.");
});

test("edits, bot posts and channel messages are not commands", async () => {
  await h.post(directMessage("Ev004", "help", { subtype: "message_changed" }), asJson);
  await h.post(directMessage("Ev005", "help", { bot_id: "B2" }), asJson);
  await h.post(directMessage("Ev006", "help", { channel_type: "channel", channel: CHANNEL }), asJson);
  expect(h.fake.calls.filter((c) => c.method.startsWith("chat."))).toHaveLength(0);
});

test("a mention asking for a form offers a button that opens it as a modal", async () => {
  await h.post(mention("Ev007", `<@${BOT_USER}> setup`), asJson);
  const offer = h.fake.last("chat.postEphemeral").body;
  const button = buttonsIn(offer)[0];
  expect(button?.action_id).toBe("echo.form.open");
  if (!button) throw new Error("no button");
  await h.click(button);
  const view = h.fake.last("views.open").body.view as { callback_id: string };
  expect(view.callback_id).toBe("echo.setup");
});
