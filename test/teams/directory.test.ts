/**
 * Membership from the team's roster in Teams: the daily sync pages through the Bot Connector's pagedmembers (500 a
 * page, continuation tokens) through the channel's stored reference, within Teams' limits; roster changes Teams
 * reports in between (conversationUpdate) join and leave people; guests are members who cannot set up a network or
 * be made facilitators. All through the real route, the real scheduler and the stub Bot Connector.
 */
import { FormIds } from "../../src/core/ids";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler";
import { routingDirectory } from "../../src/services";
import { PROVIDERS } from "../support/db";
import { SETUP_VALUES } from "../support/services";
import {
  BOT,
  CHANNEL,
  channelMessage,
  FRAN,
  invoke,
  MAX,
  mention,
  OUTBOUND_TOKEN,
  rosterUpdate,
  setUpNetwork,
  startTeams,
  TEAM_ID,
  type TeamsHarness,
  type TeamsUser,
  taskValue,
} from "../support/teams";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const GWEN: TeamsUser = {
  id: "29:1gwen-teams-id",
  name: "Gwen Guest",
  aadObjectId: "3b5d7f91-0000-4000-8000-00000000c0e5",
  userRole: "guest",
};
const NIA: TeamsUser = {
  id: "29:1nia-teams-id",
  name: "Nia Newcomer",
  aadObjectId: "5e7a9c13-0000-4000-8000-0000000000a1",
};
const person = (n: number): TeamsUser => ({
  id: `29:1roster-${n}`,
  name: `Person ${n}`,
  aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
});

describe.each(PROVIDERS)("the Teams roster on %s", (provider) => {
  let h: TeamsHarness;
  let scheduler: Scheduler;

  /** A network in the General channel (set up after Fran used the bot there), and the scheduler as main.ts builds it. */
  async function start(people: TeamsUser[] = [], { network = true } = {}) {
    h = await startTeams(provider, { members: people, messenger: { retry: { baseDelayMs: 50, maxDelayMs: 200 } } });
    await h.post(channelMessage(h.connector.serviceUrl, FRAN, "help"));
    if (network) await setUpNetwork(h);
    scheduler = createScheduler(h.services, h.teams.messenger, {
      worker: `roster-${provider}`,
      directory: routingDirectory({ teams: h.teams.directory }),
    });
    h.connector.clear();
  }
  afterEach(async () => {
    await scheduler.stop();
    await h.close();
  });

  const network = async () => {
    const found = await h.services.store.networks.byChannel(CHANNEL);
    if (!found) throw new Error("no network");
    return found;
  };
  const member = async (user: TeamsUser) =>
    h.services.store.members.find((await network()).id, `teams:${user.aadObjectId}`);
  const syncJob = async () =>
    h.services.database.db.job.findFirstOrThrow({ where: { key: `members:${(await network()).id}:sync` } });

  test("the daily sync pages through the team's roster 500 at a time and makes everyone on it a member", async () => {
    const many = Array.from({ length: 1_048 }, (_, i) => person(i + 1));
    await start(many);
    await scheduler.tick();

    const pages = h.connector.requests.filter((r) => r.kind === "roster");
    expect(pages.map((p) => p.conversationId)).toEqual([TEAM_ID, TEAM_ID, TEAM_ID]);
    expect(pages.map((p) => p.query.pageSize)).toEqual(["500", "500", "500"]);
    expect(pages[0]?.query.continuationToken).toBeUndefined();
    expect(pages[1]?.query.continuationToken).toEqual(expect.any(String));
    expect(pages[2]?.query.continuationToken).not.toBe(pages[1]?.query.continuationToken);
    expect(pages.every((p) => p.authorization === `Bearer ${OUTBOUND_TOKEN}`)).toBe(true);

    const members = await h.services.store.members.list((await network()).id);
    expect(members).toHaveLength(1_050);
    expect(await member(FRAN)).toMatchObject({ role: "facilitator", active: true, guest: false });
    expect(await member(person(1_048))).toMatchObject({ displayName: "Person 1048", role: "member", guest: false });
    const job = await syncJob();
    expect(job.state).toBe("pending");
    expect(job.dueAt.getTime()).toBe(h.services.clock.now().getTime() + DAY_MS);
  });

  test("someone no longer on the roster stops being a member at the next sync, and comes back when they return", async () => {
    await start();
    await scheduler.tick();
    expect(await member(MAX)).toMatchObject({ active: true });

    h.connector.members.delete(MAX.id);
    h.services.clock.advance(DAY_MS);
    await scheduler.tick();
    expect(await member(MAX)).toMatchObject({ active: false });
    expect(await member(FRAN)).toMatchObject({ active: true, role: "facilitator" });

    h.connector.members.set(MAX.id, MAX);
    h.services.clock.advance(DAY_MS);
    await scheduler.tick();
    expect(await member(MAX)).toMatchObject({ active: true });
  });

  test("a roster page Teams throttles is retried after a backoff, and the listing goes on to its end", async () => {
    await start([GWEN]);
    h.connector.failures.push({ status: 429, kind: "roster" });
    await scheduler.tick();
    expect(h.connector.requests.filter((r) => r.kind === "roster").map((r) => r.status)).toEqual([429, 200]);
    expect(h.services.log.lines.map((l) => l.message)).toContain("teams: throttled; retrying");
    expect(await member(GWEN)).toMatchObject({ active: true });
  });

  test("a roster that stays throttled changes nobody's membership, and the sync is tried again later", async () => {
    await start([GWEN]);
    await scheduler.tick();
    h.connector.members.delete(MAX.id);
    h.services.clock.advance(DAY_MS);
    h.connector.failures.push(...[1, 2, 3].map(() => ({ status: 429, kind: "roster" as const })));
    await scheduler.tick();
    expect(await member(MAX)).toMatchObject({ active: true });
    const retried = await syncJob();
    expect(retried.state).toBe("pending");
    expect(retried.dueAt.getTime()).toBe(h.services.clock.now().getTime() + HOUR_MS);
    const warning = h.services.log.lines.find((l) => l.message.startsWith("members: the channel could not be listed"));
    expect(warning?.context).toMatchObject({ error: expect.stringContaining("HTTP 429 after 3 tries") });

    h.services.clock.advance(HOUR_MS);
    await scheduler.tick();
    expect(await member(MAX)).toMatchObject({ active: false });
  });

  test("guests on the roster are members, and cannot be made facilitators", async () => {
    await start([GWEN]);
    await scheduler.tick();
    expect(await member(GWEN)).toMatchObject({ active: true, guest: true, role: "member" });

    await h.post(
      channelMessage(h.connector.serviceUrl, FRAN, `role ${mention(GWEN).text} facilitator`, [mention(GWEN)]),
    );
    expect(h.connector.last().body.text).toBe(
      "Gwen Guest is a guest of this workspace: guests can be members, not facilitators.",
    );
    expect(await member(GWEN)).toMatchObject({ role: "member" });
  });

  test("a guest cannot set up a network: the Bot Connector's member lookup says they are one", async () => {
    await start([GWEN]);
    const data = { formId: FormIds.setup, metadata: "", ...SETUP_VALUES };
    const elsewhere = "19:case-review@thread.tacv2";
    const submit = invoke(h.connector.serviceUrl, GWEN, "task/submit", taskValue(data, "task/submit"));
    const response = await h.post({ ...submit, conversation: { ...submit.conversation, id: elsewhere } });
    expect(response.body).toEqual({
      task: { type: "message", value: "Guests of this workspace can't set up a network. Ask a member of the team." },
    });
    expect(await h.services.store.networks.byChannel(`teams:${elsewhere}`)).toBeUndefined();
    expect(h.connector.requests.filter((r) => r.kind === "member").map((r) => r.activityId)).toEqual([GWEN.id]);
  });

  test("people Teams reports added to the team join its networks, and people removed leave", async () => {
    await start();
    h.connector.members.set(GWEN.id, GWEN);
    h.connector.members.set(NIA.id, NIA);
    const url = h.connector.serviceUrl;
    // Teams names the people added by their Teams ids; botbuilder looks each up (and skips the bot itself)
    const added = await h.post(rosterUpdate(url, FRAN, { added: [{ id: NIA.id }, { id: GWEN.id }, BOT] }));
    expect(added.status).toBe(200);
    expect(await member(NIA)).toMatchObject({ active: true, guest: false, role: "member" });
    expect(await member(GWEN)).toMatchObject({ active: true, guest: true });

    // a removal may name them by their Teams id alone
    await h.post(rosterUpdate(url, FRAN, { removed: [{ id: NIA.id }] }));
    expect(await member(NIA)).toMatchObject({ active: false });
    await h.post(rosterUpdate(url, FRAN, { removed: [{ id: GWEN.id, aadObjectId: GWEN.aadObjectId }] }));
    expect(await member(GWEN)).toMatchObject({ active: false });
    expect(await member(FRAN)).toMatchObject({ active: true });
    expect(h.connector.sent()).toHaveLength(0);
  });

  test("a roster change in a team with no network changes nothing", async () => {
    await start([], { network: false });
    h.connector.members.set(NIA.id, NIA);
    const response = await h.post(rosterUpdate(h.connector.serviceUrl, FRAN, { added: [{ id: NIA.id }] }));
    expect(response.status).toBe(200);
    expect(await h.services.database.db.member.count()).toBe(0);
    expect(await h.services.store.networks.all()).toEqual([]);
  });
});

describe("routing membership listings by platform", () => {
  test("sends a Teams channel to the Teams directory, and has no list for a platform without one", async () => {
    const h = await startTeams("sqlite");
    try {
      const directory = routingDirectory({ teams: h.teams.directory });
      expect(directory.members(CHANNEL)).toBeDefined();
      expect(directory.members("slack:T1:C1")).toBeUndefined();
      expect(directory.members("shell:general")).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});
