/** Proactive sends through the Messenger port reach the Web API and return neutral message addresses. */
import { SlackHarness } from "../support/slack";

let h: SlackHarness;

beforeEach(async () => {
  h = await SlackHarness.start("sqlite");
});

afterEach(async () => {
  expect(h.blockKitViolations()).toEqual([]);
  await h.close();
});

const card = {
  title: "Starting soon",
  blocks: [{ kind: "text" as const, text: "The session starts in 15 minutes." }],
  fallback: "The session starts in 15 minutes.",
};

test("a card sent to a channel is posted there, and its address names the message", async () => {
  const address = await h.adapter.messenger.send("slack:T1:C1", { card });
  const post = h.fake.last("chat.postMessage").body;
  expect(post).toMatchObject({ channel: "C1", text: "The session starts in 15 minutes." });
  expect(address).toMatch(/^slack:T1:C1:\d+\.000100$/);
});

test("a message to a person opens a direct conversation first", async () => {
  const address = await h.adapter.messenger.send("slack:T1:U2", { text: "Your case form is due tomorrow." });
  expect(h.fake.last("conversations.open").body.users).toBe("U2");
  expect(h.fake.last("chat.postMessage").body).toMatchObject({
    channel: "DU2",
    text: "Your case form is due tomorrow.",
  });
  expect(address).toMatch(/^slack:T1:DU2:\d+\.000100$/);
});

test("an update changes the message at that address", async () => {
  const address = await h.adapter.messenger.send("slack:T1:C1", { card });
  await h.adapter.messenger.update(address, { ...card, title: "Started" });
  const update = h.fake.last("chat.update").body;
  expect(update).toMatchObject({ channel: "C1", ts: address.split(":")[3] });
  expect(JSON.stringify(update.blocks)).toContain("Started");
});

test("a Slack error is thrown to the caller, not swallowed", async () => {
  h.fake.failures.set("chat.postMessage", "channel_not_found");
  await expect(h.adapter.messenger.send("slack:T1:C404", { text: "hello" })).rejects.toThrow(/channel_not_found/);
  await expect(h.adapter.messenger.update("slack:T1:C1", card)).rejects.toThrow(/not a Slack message address/);
});
