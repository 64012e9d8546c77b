/**
 * The access kernel, on both databases: who may do what is decided from who is asking and where the request came
 * from. A member of another network, an admin of another workspace and a member of this network each try every
 * facilitator action with this network's ids, and each is refused with nothing changed; the recommendations and
 * outcome forms open only for those who may write them; people who leave the channel lose access and keep their
 * history; guests are members, never managers; the daily sync makes the channel's people the members.
 */
import type { Ctx } from "../../src/core/context";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Directory, Person } from "../../src/core/ports";
import { PROVIDERS } from "../support/db";
import { facilitatorActions, type NetworkIds, rowCounts, seedActivity } from "../support/hostile";
import { RecordingMessenger } from "../support/recording-messenger";
import { QUIET_SETUP } from "../support/seed";
import { type TestServices, testServices } from "../support/services";

const A = "slack:TA:CA";
const B = "slack:TA:CB";
const actor = (name: string, channel: string, workspace = "slack:TA", admin = false): Ctx => ({
  platform: "slack",
  channel,
  workspace,
  actor: { user: `slack:TA:U${name.toUpperCase()}`, name, isWorkspaceAdmin: admin },
});
const fran = actor("fran", A);
const ana = actor("ana", A);
const hugo = actor("hugo", A);
const ben = actor("ben", A);
const mention = (name: string) => `<@slack:TA:U${name.toUpperCase()}|${name}>`;

/** A directory that lists the people a test puts in a channel, a page of two at a time. */
class TestDirectory implements Directory {
  readonly channels = new Map<string, Person[]>();
  members(channel: string) {
    const people = this.channels.get(channel) ?? [];
    return (async function* () {
      for (let i = 0; i < people.length; i += 2) yield people.slice(i, i + 2);
    })();
  }
}

describe.each(PROVIDERS)("who may do what, on %s", (provider) => {
  let s: TestServices;
  let ids: NetworkIds;
  beforeEach(async () => {
    s = await testServices(provider, "2026-11-27T09:00:00Z");
    expect(await s.core.submitForm(fran, FormIds.setup, "", QUIET_SETUP)).toMatchObject({ kind: "done" });
    await s.core.command(fran, `role ${mention("ana")} ${mention("ben")} member`);
    await s.core.command(fran, `role ${mention("hugo")} hub_expert`);
    // another network in the same workspace, with its own facilitator
    await s.core.submitForm(actor("zed", B), FormIds.setup, "", { ...QUIET_SETUP, name: "Other ECHO" });
    const network = (await s.store.networks.byChannel(A))!;
    ids = await seedActivity(s, network, fran, ana);
  });
  afterEach(async () => s.close());

  /** Tries every facilitator action as `who` and returns how each was refused; nothing may change. */
  async function refusals(who: Ctx, only?: (name: string) => boolean): Promise<Record<string, string>> {
    const before = await rowCounts(s);
    const out: Record<string, string> = {};
    for (const [name, act] of facilitatorActions(ids)) {
      if (only && !only(name)) continue;
      out[name] = await act(s.core, who).then(
        (value) => `allowed: ${JSON.stringify(value).slice(0, 80)}`,
        (error: { code?: string }) => error.code ?? String(error),
      );
    }
    expect(await rowCounts(s)).toEqual(before);
    return out;
  }
  const all = (code: string) => Object.fromEntries(facilitatorActions(ids).map(([name]) => [name, code]));

  it("refuses a member of another network every action on this one with its ids, from that network's channel", async () => {
    expect(await refusals(actor("zed", B))).toEqual(all("stale"));
  });

  it("refuses someone outside the network the same actions from a direct message", async () => {
    expect(await refusals(actor("zed", "slack:TA:DZED"))).toEqual(all("stale"));
  });

  it("refuses an admin of another workspace, from their own channel and even when the request names this channel", async () => {
    expect(await refusals(actor("boss", "slack:TB:C1", "slack:TB", true))).toEqual(all("stale"));
    const inThisChannel = await refusals(actor("boss", A, "slack:TB", true));
    expect(Object.values(inThisChannel).every((code) => code === "forbidden" || code === "stale")).toBe(true);
    for (const words of [
      "topics plan",
      `role ${mention("boss")} facilitator`,
      "rotation spoke <@slack:TA:UANA|ana> Elsewhere",
    ])
      await expect(s.core.command(actor("boss", A, "slack:TB", true), words)).rejects.toMatchObject({
        code: "forbidden",
      });
  });

  it("refuses a member of the network what only facilitators may do, and lets an admin of its own workspace do it", async () => {
    const forMembers = new Set([
      "claim a slot",
      "mute a reminder",
      "open the network's reminders form",
      "check in",
      "page the library",
    ]);
    const refused = await refusals(ben, (name) => !forMembers.has(name));
    expect(Object.values(refused).every((code) => code === "forbidden" || code === "conflict")).toBe(true);
    expect(refused["skip a session"]).toBe("forbidden");
    expect(await s.core.action(actor("boss", A, "slack:TA", true), ActionIds.sessionSkip, ids.session)).toMatchObject({
      kind: "card",
    });
    expect((await s.store.sessions.byId(ids.session))?.status).toBe("skipped");
  });

  it("opens the recommendations form only for hub experts and facilitators, and the outcome form only for the presenter", async () => {
    await expect(s.core.openForm(ben, FormIds.recommendations, ids.slot)).rejects.toMatchObject({ code: "forbidden" });
    await expect(s.core.openForm(ana, FormIds.recommendations, ids.slot)).rejects.toMatchObject({ code: "forbidden" });
    expect(await s.core.openForm(hugo, FormIds.recommendations, ids.slot)).toMatchObject({
      formId: FormIds.recommendations,
    });
    await expect(s.core.openForm(ben, FormIds.outcome, ids.slot)).rejects.toMatchObject({ code: "forbidden" });
    await expect(s.core.openForm(hugo, FormIds.outcome, ids.slot)).rejects.toMatchObject({ code: "forbidden" });
    expect(await s.core.openForm(ana, FormIds.outcome, ids.slot)).toMatchObject({ formId: FormIds.outcome });
  });

  it("takes access from someone who leaves the channel, keeps their history, and gives it back when they return", async () => {
    await s.core.membership({ channel: A, workspace: "slack:TA", left: ["slack:TA:UANA"] });
    await expect(s.core.command(ana, "propose Opioid conversions")).rejects.toMatchObject({
      code: "forbidden",
      userText: expect.stringContaining("Only members of Palliative Care ECHO can propose topics"),
    });
    expect((await s.store.slots.byId(ids.slot))?.name).toBe("ana");
    const roles = await s.core.command(fran, "role");
    expect(JSON.stringify(roles)).not.toContain("ana: Member");
    // a leave reported for another workspace's channel changes nothing
    await s.core.membership({ channel: A, workspace: "slack:TB", left: ["slack:TA:UBEN"] });
    expect((await s.store.members.find(ids.network.id, "slack:TA:UBEN"))?.active).toBe(true);
    await s.core.membership({
      channel: A,
      workspace: "slack:TA",
      joined: [{ user: "slack:TA:UANA", name: "ana", guest: false }],
    });
    expect(await s.core.command(ana, "propose Opioid conversions")).toMatchObject({ visibility: "public" });
  });

  it("lets guests be members, never facilitators or admins, and never set up a network", async () => {
    await s.core.membership({
      channel: A,
      workspace: "slack:TA",
      joined: [{ user: "slack:TA:UGIA", name: "Gia", guest: true }],
    });
    expect(await s.core.command(fran, `role ${mention("Gia")} facilitator`)).toMatchObject({
      text: "Gia is a guest of this workspace: guests can be members, not facilitators.",
    });
    expect((await s.store.members.find(ids.network.id, "slack:TA:UGIA"))?.role).toBe("member");
    const guest: Ctx = { ...actor("gia", "slack:TA:CNEW"), actor: { ...actor("gia", "").actor, guest: true } };
    await expect(s.core.submitForm(guest, FormIds.setup, "", QUIET_SETUP)).rejects.toMatchObject({
      code: "forbidden",
      userText: "Guests of this workspace can't set up a network. Ask a member of the team.",
    });
    expect(await s.store.networks.byChannel("slack:TA:CNEW")).toBeUndefined();
  });

  it("makes the channel's people the members through the daily sync, and those who left former members", async () => {
    const directory = new TestDirectory();
    directory.channels.set(A, [
      { user: "slack:TA:UFRAN", name: "Fran", guest: false },
      { user: "slack:TA:UANA", name: "Ana", guest: false },
      { user: "slack:TA:UHUGO", name: "Hugo", guest: false },
      { user: "slack:TA:UNIA", name: "Nia", guest: false },
      { user: "slack:TA:UOLA", name: "Ola", guest: true },
    ]);
    const run = () => s.core.runJobs(new RecordingMessenger(), { worker: "sync", directory });
    await run();
    const members = await s.store.members.list(ids.network.id);
    expect(members.map((m) => [m.displayName, m.role, m.guest]).sort()).toEqual(
      [
        ["Ana", "member", false],
        ["Fran", "facilitator", false],
        ["Hugo", "hub_expert", false],
        ["Nia", "member", false],
        ["Ola", "member", true],
      ].sort(),
    );
    // Ben was not in the channel: no longer a member, his row (and so his history) kept
    expect((await s.store.members.find(ids.network.id, "slack:TA:UBEN"))?.active).toBe(false);
    // the sync runs again a day later, not before
    s.clock.set("2026-11-27T20:00:00Z");
    directory.channels.set(A, []);
    await run();
    expect(await s.store.members.list(ids.network.id)).toHaveLength(5);
  });

  it("changes nobody's membership when the channel cannot be listed, and tries again an hour later", async () => {
    const failing: Directory = {
      members: () =>
        (async function* (): AsyncGenerator<Person[]> {
          yield [{ user: "slack:TA:UNIA", name: "Nia", guest: false }];
          throw new Error("the platform answered 429 for good");
        })(),
    };
    const before = (await s.store.members.list(ids.network.id)).map((m) => m.user).sort();
    await s.core.runJobs(new RecordingMessenger(), { worker: "sync", directory: failing });
    const after = (await s.store.members.list(ids.network.id)).map((m) => m.user);
    expect(after.filter((u) => u !== "slack:TA:UNIA").sort()).toEqual(before);
    const job = await s.store.jobs.byKey(`members:${ids.network.id}:sync`);
    expect(job).toMatchObject({ state: "pending", dueAt: new Date("2026-11-27T10:00:00.000Z") });
  });
});
