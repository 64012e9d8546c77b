/** Addresses, the acting user and the command's words, from Teams activities. */
import type { TurnContext } from "botbuilder";
import {
  baseConversationId,
  conversationAddress,
  decodeMessageAddress,
  messageAddress,
  userAddress,
} from "../../src/teams/addresses";
import { commandText, turnCtx } from "../../src/teams/turn";
import { TENANT } from "../support/fake-connector";

const OTHER_TENANT = "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

import { TestLog } from "../support/services";
import { BOT, channelMessage, FRAN, MAX, personalMessage } from "../support/teams";

const URL = "http://127.0.0.1:9/";
/** Enough of a TurnContext for code that only reads the activity; a member lookup through it fails. */
const turnOf = (activity: unknown) => ({ activity }) as unknown as TurnContext;

describe("addresses", () => {
  test("a channel's address is the channel, whichever reply thread the bot was mentioned in", () => {
    expect(conversationAddress("19:abc@thread.tacv2;messageid=1700000000001")).toBe("teams:19:abc@thread.tacv2");
    expect(conversationAddress("a:1personal")).toBe("teams:a:1personal");
    expect(baseConversationId("19:abc@thread.v2")).toBe("19:abc@thread.v2");
  });

  test("a user's address is the AAD object id, or the Teams user id without one", () => {
    expect(userAddress({ id: "29:1x", aadObjectId: "aad-1" })).toBe("teams:aad-1");
    expect(userAddress({ id: "29:1x" })).toBe("teams:29:1x");
  });

  test("a message address decodes back to its conversation and activity, even with # in the ids", () => {
    for (const [conversation, activity] of [
      ["19:abc@thread.tacv2", "1:1700000000002"],
      ["a:1personal", "weird#id%with/things"],
      ["19:abc@thread.tacv2;messageid=17", "1700000000002"],
    ] as const) {
      const address = messageAddress(conversation, activity);
      expect(decodeMessageAddress(address)).toEqual({ conversationId: conversation, activityId: activity });
    }
  });

  test("a malformed message address is refused", () => {
    for (const bad of ["teams:abc", "slack:C1#1", "teams:#1", "teams:abc#", "teams:abc#%E0%A4%A", "teams:"])
      expect(() => decodeMessageAddress(bad)).toThrow("is not a Teams message address");
  });
});

describe("the acting user", () => {
  test("is known by the AAD object id, in the channel's network", () => {
    const ctx = turnCtx(turnOf(channelMessage(URL, FRAN, "help")), { admins: [] });
    expect(ctx).toEqual({
      platform: "teams",
      actor: { user: `teams:${FRAN.aadObjectId}`, name: FRAN.name, isWorkspaceAdmin: false },
      channel: "teams:19:general-abc@thread.tacv2",
      workspace: `teams:${TENANT}`,
    });
  });

  const adminOf = (admins: Array<{ tenant: string; user: string }>) =>
    turnCtx(turnOf(personalMessage(URL, FRAN, "help")), { admins }).actor.isWorkspaceAdmin;

  test("is a workspace admin when TEAMS_ADMINS lists their AAD object id or Teams user id for this tenant", () => {
    expect(adminOf([{ tenant: TENANT, user: FRAN.aadObjectId }])).toBe(true);
    expect(adminOf([{ tenant: TENANT, user: FRAN.id }])).toBe(true);
    expect(adminOf([{ tenant: TENANT, user: MAX.aadObjectId }])).toBe(false);
  });

  test("is no workspace admin here when TEAMS_ADMINS lists them for another tenant", () => {
    expect(adminOf([{ tenant: OTHER_TENANT, user: FRAN.aadObjectId }])).toBe(false);
    expect(adminOf([{ tenant: OTHER_TENANT, user: FRAN.id }])).toBe(false);
  });

  test("carries what the Bot Connector says about being a guest, and nothing when it could not say", () => {
    const turn = turnOf(personalMessage(URL, FRAN, "help"));
    expect(turnCtx(turn, { admins: [] }, true).actor.guest).toBe(true);
    expect(turnCtx(turn, { admins: [] }, false).actor.guest).toBe(false);
    expect(turnCtx(turn, { admins: [] }).actor).not.toHaveProperty("guest");
  });
});

describe("the command's words", () => {
  test("lose every mention of the bot and keep the rest", async () => {
    const activity = channelMessage(URL, FRAN, "schedule 3");
    activity.text = `<at>${BOT.name}</at> schedule&nbsp;3 <at>${BOT.name}</at>`;
    expect(await commandText(turnOf(activity), new TestLog())).toBe("schedule 3");
  });

  test("turn a mention that carries an AAD id into the core's mention form", async () => {
    const activity = channelMessage(URL, FRAN, "role <at>Max Member</at> it", [
      { user: { ...MAX }, text: "<at>Max Member</at>" },
    ]);
    (activity.entities[1] as { mentioned: Record<string, unknown> }).mentioned.aadObjectId = MAX.aadObjectId;
    expect(await commandText(turnOf(activity), new TestLog())).toBe(`role <@teams:${MAX.aadObjectId}|Max Member> it`);
  });

  test("fall back to the Teams user id, with a warning, when the member lookup fails", async () => {
    const log = new TestLog();
    const activity = channelMessage(URL, FRAN, "role <at>Max Member</at> it", [
      { user: { id: MAX.id, name: "Max <Member>|x" }, text: "<at>Max Member</at>" },
    ]);
    expect(await commandText(turnOf(activity), log)).toBe(`role <@teams:${MAX.id}|Max Memberx> it`);
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: "warn",
        message: "teams: could not look up a mentioned member; using the Teams user id",
      }),
    ]);
  });

  test("ignore entities that are not well-formed mentions", async () => {
    const activity = personalMessage(URL, FRAN, "help");
    Object.assign(activity, { entities: [{ type: "mention" }, { type: 42 }, null, { type: "clientInfo" }] });
    expect(await commandText(turnOf(activity), new TestLog())).toBe("help");
  });
});
