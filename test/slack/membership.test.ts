/**
 * Membership from the Slack channel, through the real routes and the fake Web API, on both databases: the daily sync
 * pages through a channel of 1,050 people (conversations.members, then users.list), guests and people from another
 * organisation are members but never managers, bots and deactivated accounts are not people, someone who leaves stops
 * being a member at once (member_left_channel) or at the next sync, and someone who joins is one at once.
 */
import { routingDirectory } from "../../src/services";
import { PROVIDERS } from "../support/db";
import { SETUP_VALUES } from "../support/services";
import { blockActions, buttonsIn, eventCallback, interactive, SlackHarness } from "../support/slack";

const DAY_MS = 86_400_000;
const asJson = { contentType: "application/json" };
const personId = (i: number) => `UP${String(i).padStart(5, "0")}`;

describe.each(PROVIDERS)("Slack channel membership on %s", (provider) => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await SlackHarness.start(provider, { directorySpacingMs: 1 });
  });
  afterEach(async () => {
    expect(h.blockKitViolations()).toEqual([]);
    await h.close();
  });

  const network = async () => {
    const found = await h.services.store.networks.byChannel("slack:T1:C1");
    if (!found) throw new Error("no network");
    return found;
  };
  const member = async (user: string) => h.services.store.members.find((await network()).id, `slack:T1:${user}`);
  const sync = async () => {
    const scheduler = h.createScheduler(`sync-${provider}`, routingDirectory({ slack: h.adapter.directory }));
    await scheduler.tick();
  };
  const event = (id: string, type: string, user: string) =>
    JSON.stringify(eventCallback(id, { type, user, channel: "C1", channel_type: "C", team: "T1", event_ts: "1.2" }));

  test("the daily sync pages through a channel of 1,050 people and makes each of them a member", async () => {
    for (let i = 1; i <= 1_050; i += 1) h.fake.users.set(personId(i), { name: `Person ${i}` });
    h.fake.users.set("UGUEST", { name: "Gwen", guest: true });
    h.fake.users.set("UBOTX", { name: "Some bot", isBot: true });
    h.fake.users.set("UGONE", { name: "Gone", deleted: true });
    h.fake.users.set("UCONNECT", { name: "Xavier", team: "T9", isAdmin: true });
    h.fake.users.set("UNOTHERE", { name: "Nadia" });
    const inChannel = ["U1", ...Array.from({ length: 1_050 }, (_, i) => personId(i + 1))];
    h.fake.channelMembers.set("C1", [...inChannel, "UGUEST", "UBOTX", "UGONE", "UCONNECT"]);
    await h.setUpNetwork(SETUP_VALUES);
    await sync();

    const pages = h.fake.callsTo("conversations.members");
    expect(pages.length).toBe(2);
    expect(h.fake.callsTo("users.list").length).toBeGreaterThanOrEqual(6);
    const members = await h.services.store.members.list((await network()).id);
    expect(members).toHaveLength(1_053); // 1,051 people, the guest and the person from another organisation
    expect(await member("U1")).toMatchObject({ role: "facilitator", active: true });
    expect(await member(personId(1_050))).toMatchObject({ displayName: "Person 1050", role: "member", guest: false });
    expect(await member("UGUEST")).toMatchObject({ guest: true, active: true });
    expect(await member("UCONNECT")).toMatchObject({ guest: true, active: true });
    expect(await member("UBOTX")).toBeUndefined();
    expect(await member("UGONE")).toBeUndefined();
    expect(await member("UNOTHERE")).toBeUndefined();
    const job = await h.services.database.db.job.findFirstOrThrow({
      where: { key: `members:${(await network()).id}:sync` },
    });
    expect(job.dueAt.getTime()).toBe(h.services.clock.now().getTime() + DAY_MS);
  });

  test("someone no longer in the channel stops being a member at the next sync, and keeps their history", async () => {
    h.fake.channelMembers.set("C1", ["U1", "U2"]);
    await h.setUpNetwork(SETUP_VALUES);
    await sync();
    expect(await member("U2")).toMatchObject({ active: true });
    h.fake.channelMembers.set("C1", ["U1"]);
    h.services.clock.advance(DAY_MS);
    await sync();
    expect(await member("U2")).toMatchObject({ active: false });
    expect(await member("U1")).toMatchObject({ active: true, role: "facilitator" });
  });

  test("a listing Slack throttles is waited out (Retry-After) and goes on to its end", async () => {
    h.fake.channelMembers.set("C1", ["U1", "U2"]);
    await h.setUpNetwork(SETUP_VALUES);
    h.fake.next.set("conversations.members", [{ status: 429, retryAfter: 1 }]);
    await sync();
    expect(h.fake.callsTo("conversations.members").map((c) => c.status)).toEqual([429, 200]);
    expect(await member("U2")).toMatchObject({ active: true });
  });

  test("a listing that keeps failing changes nobody's membership, and the sync is tried again in an hour", async () => {
    h.fake.channelMembers.set("C1", ["U1", "U2"]);
    await h.setUpNetwork(SETUP_VALUES);
    await sync();
    h.fake.channelMembers.set("C1", ["U1"]);
    h.fake.failures.set("conversations.members", "channel_not_found");
    h.services.clock.advance(DAY_MS);
    await sync();
    expect(await member("U2")).toMatchObject({ active: true });
    const job = await h.services.database.db.job.findFirstOrThrow({
      where: { key: `members:${(await network()).id}:sync` },
    });
    expect(job.dueAt.getTime()).toBe(h.services.clock.now().getTime() + 3_600_000);
  });

  test("someone who leaves the channel loses access at once, and their next request is refused", async () => {
    await h.setUpNetwork(SETUP_VALUES);
    await h.command("role <@U2|bob> member");
    expect((await h.post(event("EvL1", "member_left_channel", "U2"), asJson)).status).toBe(200);
    expect(await member("U2")).toMatchObject({ active: false });
    await h.command("present", "U2");
    const [claim] = buttonsIn(h.fake.last("response_url").body);
    if (!claim) throw new Error("no claim button");
    await h.post(interactive(blockActions("U2", claim)));
    const refusal = [...h.fake.callsTo("chat.postEphemeral"), ...h.fake.callsTo("response_url")].at(-1);
    expect(JSON.stringify(refusal?.body)).toContain("Only members of Palliative Care ECHO can present a case.");
    expect(await h.services.database.db.presenterSlot.count({ where: { memberId: { not: null } } })).toBe(0);
  });

  test("someone who joins the channel is a member at once, once however often Slack sends the event", async () => {
    h.fake.users.set("UNEW", { name: "Nia", guest: true });
    await h.setUpNetwork(SETUP_VALUES);
    const joined = event("EvJ1", "member_joined_channel", "UNEW");
    await h.post(joined, asJson);
    await h.post(joined, {
      ...asJson,
      timestamp: Math.floor(Date.now() / 1000) + 1,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(await member("UNEW")).toMatchObject({ active: true, guest: true, displayName: "Nia" });
    expect(h.fake.callsTo("users.info").filter((c) => c.body.user === "UNEW")).toHaveLength(1);
  });

  test("someone from another organisation in a shared channel is not an admin here, and cannot be a facilitator", async () => {
    h.fake.users.set("UCONNECT", { name: "Xavier", team: "T9", isAdmin: true });
    await h.setUpNetwork(SETUP_VALUES);
    await h.post(event("EvJ2", "member_joined_channel", "UCONNECT"), asJson);
    expect(await member("UCONNECT")).toMatchObject({ active: true, guest: true });
    await h.command("vote", "UCONNECT");
    expect(JSON.stringify(h.fake.last("response_url").body)).not.toContain("Open a curriculum vote");
    await h.command("role <@UCONNECT|xavier> facilitator");
    expect(await member("UCONNECT")).toMatchObject({ role: "member" });
  });
});
