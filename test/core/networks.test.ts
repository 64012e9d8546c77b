import { ActionIds, FormIds } from "../../src/core/ids";
import { parseSetup } from "../../src/core/networks/settings";
import { as, fran as facilitator } from "../support/core";
import { PROVIDERS } from "../support/db";
import { SETUP_VALUES, type TestServices, testServices } from "../support/services";

const member = as("sam");

describe("the video room link", () => {
  const linkError = (videoLink: string) => {
    const parsed = parseSetup({ ...SETUP_VALUES, videoLink });
    return parsed.ok ? undefined : parsed.errors.videoLink;
  };

  it.each([
    "https://zoom.us/j/123456789?pwd=abcDEF123",
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ODk2NTVm%40thread.v2/0?context=%7b%22Tid%22%3a%22x%22%7d",
    "https://meet.google.com/abc-defg-hij",
    "https://nhs.webex.com/meet/j.doe",
  ])("takes a real meeting link: %s", (link) => {
    expect(linkError(link)).toBeUndefined();
  });

  it.each([
    ["[Join the room](https://evil.example)", /cannot have any of \[ \] \( \) < > \| \* ` \\/],
    ["https://zoom.us/j/1)[Verify your NHS login](https://evil.example", /cannot have any of/],
    ["<https://evil.example|Join>", /cannot have any of/],
    ["https://zoom.us/j/1*urgent*", /cannot have any of/],
    ["https://zoom.us/j/1 join now", /cannot have spaces/],
    ["http://zoom.us/j/1", /must start with https:\/\//],
    ["https:zoom.us/j/1", /must start with https:\/\//],
    ["javascript://zoom.us/%0aalert(1)", /cannot have any of/],
    ["ftp://zoom.us/j/1", /must start with https:\/\//],
    ["https://user:secret@zoom.us/j/1", /user name and password/],
    ["https://localhost/room", /a web address such as/],
    ["zoom", /^Give the video room's link, starting with https:\/\/\.$/],
    ["https://[::1/room", /cannot have any of/],
    ["https://zoom..us/j/1", /web address/],
    [`https://zoom.us/j/${"1".repeat(490)}`, /500 characters/],
  ])("refuses %s with a message that says why", (link, why) => {
    expect(linkError(link)).toMatch(why);
  });
});

describe.each(PROVIDERS)("networks and schedule on %s", (provider) => {
  let s: TestServices;
  beforeEach(async () => {
    s = await testServices(provider, "2026-11-27T09:00:00Z");
  });
  afterEach(async () => s.close());

  it("refuses a setup form with bad values, names each field, and writes nothing", async () => {
    const result = await s.core.submitForm(facilitator, FormIds.setup, "", {
      ...SETUP_VALUES,
      timeZone: "Mars/Base",
      videoLink: "zoom",
      teachingMinutes: "120",
      firstDate: "2026-02-30",
    });
    expect(result.kind).toBe("errors");
    if (result.kind !== "errors") return;
    expect(Object.keys(result.errors).sort()).toEqual(["firstDate", "teachingMinutes", "timeZone", "videoLink"]);
    expect(result.errors.timeZone).toMatch(/Europe\/London/);
    expect(await s.database.db.network.count()).toBe(0);
  });

  it("sets up a network, makes its creator the facilitator and creates the coming sessions", async () => {
    const result = await s.core.submitForm(facilitator, FormIds.setup, "", SETUP_VALUES);
    expect(result.kind).toBe("done");
    const network = await s.store.networks.byChannel(facilitator.channel);
    expect(network).toMatchObject({ name: "Palliative Care ECHO", weekday: 3, cadence: "weekly" });
    expect((await s.store.members.find(network!.id, "shell:fran"))?.role).toBe("facilitator");
    const sessions = await s.store.sessions.upcoming(network!.id, s.clock.now(), 3);
    expect(sessions.map((x) => x.startsAt.toISOString())).toEqual([
      "2026-12-02T12:30:00.000Z",
      "2026-12-09T12:30:00.000Z",
      "2026-12-16T12:30:00.000Z",
    ]);
  });

  it("keeps a weekly 12:30 Europe/London session at 12:30 local across the spring and autumn clock changes", async () => {
    await s.core.submitForm(facilitator, FormIds.setup, "", { ...SETUP_VALUES, firstDate: "2027-03-17" });
    s.clock.set("2027-03-10T09:00:00Z");
    const network = await s.store.networks.byChannel(facilitator.channel);
    await s.core.command(facilitator, "schedule 3");
    const spring = await s.store.sessions.upcoming(network!.id, s.clock.now(), 3);
    expect(spring.map((x) => x.startsAt.toISOString())).toEqual([
      "2027-03-17T12:30:00.000Z",
      "2027-03-24T12:30:00.000Z",
      "2027-03-31T11:30:00.000Z",
    ]);
    s.clock.set("2027-10-21T09:00:00Z");
    await s.core.command(facilitator, "schedule 2");
    const autumn = await s.store.sessions.upcoming(network!.id, s.clock.now(), 2);
    expect(autumn.map((x) => x.startsAt.toISOString())).toEqual([
      "2027-10-27T11:30:00.000Z",
      "2027-11-03T12:30:00.000Z",
    ]);
  });

  it("lets the facilitator skip and restore a date, and a second click changes nothing", async () => {
    await s.core.submitForm(facilitator, FormIds.setup, "", SETUP_VALUES);
    const network = await s.store.networks.byChannel(facilitator.channel);
    const [first] = await s.store.sessions.upcoming(network!.id, s.clock.now(), 1);
    const reply = await s.core.action(facilitator, ActionIds.sessionSkip, first!.id);
    expect(reply).toMatchObject({ kind: "card", replaceOriginal: true });
    await s.core.action(facilitator, ActionIds.sessionSkip, first!.id);
    expect((await s.store.sessions.byId(first!.id))?.status).toBe("skipped");
    expect(await s.database.db.auditEntry.count({ where: { action: "session.skip" } })).toBe(1);
    await s.core.action(facilitator, ActionIds.sessionUnskip, first!.id);
    expect((await s.store.sessions.byId(first!.id))?.status).toBe("scheduled");
  });

  it("refuses schedule changes from a member who is not a facilitator or admin", async () => {
    await s.core.submitForm(facilitator, FormIds.setup, "", SETUP_VALUES);
    const network = await s.store.networks.byChannel(facilitator.channel);
    const [first] = await s.store.sessions.upcoming(network!.id, s.clock.now(), 1);
    await expect(s.core.action(member, ActionIds.sessionSkip, first!.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(s.core.submitForm(member, FormIds.setup, "", SETUP_VALUES)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await s.store.sessions.byId(first!.id))?.status).toBe("scheduled");
  });

  it("moves a session to a new local date and time, and refuses a time in the past", async () => {
    await s.core.submitForm(facilitator, FormIds.setup, "", SETUP_VALUES);
    const network = await s.store.networks.byChannel(facilitator.channel);
    const [first] = await s.store.sessions.upcoming(network!.id, s.clock.now(), 1);
    const form = await s.core.openForm(facilitator, FormIds.sessionMove, first!.id);
    expect(form.fields.map((f) => [f.id, f.initial])).toEqual([
      ["date", "2026-12-02"],
      ["time", "12:30"],
    ]);
    const bad = await s.core.submitForm(facilitator, FormIds.sessionMove, first!.id, {
      date: "2026-11-01",
      time: "10:00",
    });
    expect(bad).toEqual({ kind: "errors", errors: { date: "The new date and time must be in the future." } });
    const ok = await s.core.submitForm(facilitator, FormIds.sessionMove, first!.id, {
      date: "2026-12-03",
      time: "09:15",
    });
    expect(ok.kind).toBe("done");
    const moved = await s.store.sessions.byId(first!.id);
    expect(moved).toMatchObject({ moved: true, occurrence: "2026-12-02" });
    expect(moved?.startsAt.toISOString()).toBe("2026-12-03T09:15:00.000Z");
  });

  it("answers schedule in a channel without a network with how to set one up", async () => {
    await expect(s.core.command(member, "schedule")).rejects.toMatchObject({ code: "not_set_up" });
  });

  it("lets a facilitator give roles, keeps at least one facilitator, and refuses members", async () => {
    await s.core.submitForm(facilitator, FormIds.setup, "", SETUP_VALUES);
    const reply = await s.core.command(facilitator, "role <@shell:hana|Hana> hub_expert");
    expect(reply).toMatchObject({ kind: "text", visibility: "public" });
    const network = await s.store.networks.byChannel(facilitator.channel);
    expect((await s.store.members.find(network!.id, "shell:hana"))?.role).toBe("hub_expert");
    await expect(s.core.command(member, "role <@shell:sam|Sam> facilitator")).rejects.toMatchObject({
      code: "forbidden",
    });
    const last = await s.core.command(facilitator, "role <@shell:fran|Fran> member");
    expect(last).toMatchObject({ kind: "text", text: expect.stringMatching(/at least one facilitator/) });
  });
});
