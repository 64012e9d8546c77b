/** Slack ids ↔ neutral addresses, and Slack's escaped text → the words the core's grammar reads. */
import { parseCommand } from "../../src/core/commands/grammar";
import { channelAddress, commandText, messageAddress, parseAddress, userAddress } from "../../src/slack/addresses";

test("addresses encode the team with the channel, user or message", () => {
  expect(channelAddress("T1", "C1")).toBe("slack:T1:C1");
  expect(userAddress("T1", "U2")).toBe("slack:T1:U2");
  expect(messageAddress("T1", "C1", "1700000000.000100")).toBe("slack:T1:C1:1700000000.000100");
  expect(parseAddress("slack:T1:C1")).toEqual({ kind: "channel", team: "T1", channel: "C1" });
  expect(parseAddress("slack:T1:D42")).toEqual({ kind: "channel", team: "T1", channel: "D42" });
  expect(parseAddress("slack:T1:U2")).toEqual({ kind: "user", team: "T1", user: "U2" });
  expect(parseAddress("slack:E1:W2")).toEqual({ kind: "user", team: "E1", user: "W2" });
  expect(parseAddress("slack:T1:C1:1700000000.000100")).toEqual({
    kind: "message",
    team: "T1",
    channel: "C1",
    ts: "1700000000.000100",
  });
});

test.each([
  "teams:T1:C1",
  "slack:T1",
  "slack:t1:c1",
  "slack:T1:C1:notats",
  "slack:T1:U1:1700000000.1",
  "slack:T1:C1:1.2:extra",
])("%s is not a Slack address", (address) => {
  expect(() => parseAddress(address)).toThrow(/not a Slack/);
});

test("escaped mentions become the core's mention form, which the grammar reads", () => {
  const words = commandText("role <@U2|bob> hub_expert", "T1");
  expect(words).toBe("role <@slack:T1:U2|bob> hub_expert");
  expect(parseCommand(words)).toEqual({
    ok: true,
    command: { name: "role", targets: [{ user: "slack:T1:U2", name: "bob" }], role: "hub_expert" },
  });
  expect(commandText("role <@W2> member", "T1")).toBe("role <@slack:T1:W2> member");
});

test("the bot's own mention is dropped and other markup is unwrapped", () => {
  expect(commandText("<@UBOT> schedule 3", "T1", "UBOT")).toBe("schedule 3");
  expect(commandText("recording 2026-12-02 <https://zoom.us/rec/1|zoom.us/rec/1>", "T1")).toBe(
    "recording 2026-12-02 https://zoom.us/rec/1",
  );
  expect(commandText("propose Pain &amp; nausea in <#C9|general> for <!here>", "T1")).toBe(
    "propose Pain & nausea in #general for @here",
  );
  expect(commandText("propose a &gt; b &lt; c", "T1")).toBe("propose a > b < c");
});

test("typed text can never become a mention", () => {
  // what Slack sends when someone types "<@slack:T2:U9>" literally
  expect(commandText("role &lt;@slack:T2:U9&gt; admin", "T1")).toBe("role &lt;@slack:T2:U9> admin");
  expect(parseCommand(commandText("role &lt;@slack:T2:U9&gt; admin", "T1")).ok).toBe(false);
});
