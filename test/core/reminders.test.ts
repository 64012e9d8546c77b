import { ActionIds, FormIds } from "../../src/core/ids";
import { DeliveryError } from "../../src/core/jobs/runner";
import { createScheduler } from "../../src/scheduler/scheduler";
import { as, CHANNEL, fran } from "../support/core";
import { PROVIDERS } from "../support/db";
import { RecordingMessenger } from "../support/recording-messenger";
import { SETUP_VALUES, type TestServices, testServices } from "../support/services";

const HOUR = 3_600_000;

describe.each(PROVIDERS)("reminders on %s", (provider) => {
  let s: TestServices;
  let messenger: RecordingMessenger;
  beforeEach(async () => {
    s = await testServices(provider, "2026-11-27T09:00:00Z");
    messenger = new RecordingMessenger();
  });
  afterEach(async () => s.close());

  async function setUp(values: Record<string, string> = {}) {
    const result = await s.core.submitForm(fran, FormIds.setup, "", { ...SETUP_VALUES, ...values });
    expect(result.kind).toBe("done");
    const network = await s.store.networks.byChannel(CHANNEL);
    if (!network) throw new Error("no network");
    return network;
  }
  const tickAt = async (iso: string) => {
    s.clock.set(iso);
    return createScheduler(s, messenger, { worker: "test" }).tick();
  };

  it("plans each kind at its offset before the first session", async () => {
    await setUp();
    const jobs = await s.database.db.job.findMany({
      where: { kind: "reminder.expand", dueAt: { lt: new Date("2026-12-03T00:00:00Z") } },
    });
    const planned = jobs.map((j) => [JSON.parse(j.payload).reminder, j.dueAt.toISOString()]);
    const byTimeThenKind = (a: string[], b: string[]) => `${a[1]}${a[0]}`.localeCompare(`${b[1]}${b[0]}`);
    expect(planned.sort(byTimeThenKind)).toEqual(
      [
        ["warnings", "2026-11-30T12:30:00.000Z"],
        ["case_missing", "2026-11-30T12:30:00.000Z"],
        ["presenter_due", "2026-11-28T12:30:00.000Z"],
        ["agenda", "2026-12-01T12:30:00.000Z"],
        ["presenter_day_before", "2026-12-01T12:30:00.000Z"],
        ["it_room", "2026-12-02T12:00:00.000Z"],
        ["starting_soon", "2026-12-02T12:15:00.000Z"],
        ["runsheet", "2026-12-02T12:30:00.000Z"],
      ].sort(byTimeThenKind),
    );
  });

  it("keeps a weekly 12:30 Europe/London reminder at 12:15 local across both clock changes", async () => {
    await setUp({ firstDate: "2027-03-24", reminderOffsets: "15m" });
    s.clock.set("2027-03-20T09:00:00Z");
    await s.core.command(fran, "schedule 12");
    const soon = async (occurrence: string) => {
      const session = await s.database.db.session.findFirst({ where: { occurrence } });
      const job = await s.database.db.job.findFirst({
        where: { sessionId: session!.id, key: { contains: ":starting_soon:" }, kind: "reminder.expand" },
      });
      return job?.dueAt.toISOString();
    };
    expect(await soon("2027-03-24")).toBe("2027-03-24T12:15:00.000Z");
    expect(await soon("2027-03-31")).toBe("2027-03-31T11:15:00.000Z");
    s.clock.set("2027-10-20T09:00:00Z");
    await createScheduler(s, messenger, { worker: "upkeep" }).tick();
    expect(await soon("2027-10-27")).toBe("2027-10-27T11:15:00.000Z");
    expect(await soon("2027-11-03")).toBe("2027-11-03T12:15:00.000Z");
  });

  it("sends the agenda to the channel, and “starting soon” to the channel and each member, once each", async () => {
    await setUp();
    await s.core.command(fran, "role <@shell:hana|Hana> hub_expert");
    await s.core.command(fran, "role <@shell:ivo|Ivo> it");
    await tickAt("2026-12-01T12:30:00Z");
    expect(messenger.to(CHANNEL).map((m) => m.text.split("\n")[0])).toEqual(["Palliative Care ECHO: session tomorrow"]);
    expect(messenger.to(CHANNEL)[0]?.text).toContain("Video room: https://zoom.us/j/123456789");
    await tickAt("2026-12-02T12:00:00Z");
    expect(messenger.to("shell:ivo").map((m) => m.text.split("\n")[0])).toEqual([
      "Please open the video room for Palliative Care ECHO",
    ]);
    await tickAt("2026-12-02T12:15:00Z");
    await tickAt("2026-12-02T12:16:00Z");
    const soon = messenger.sent.filter((m) => m.text.startsWith("Palliative Care ECHO starts in 15 minutes"));
    expect(soon.map((m) => m.address).sort()).toEqual([CHANNEL, "shell:fran", "shell:hana", "shell:ivo"].sort());
    expect(soon.every((m) => m.options?.dedupeKey)).toBe(true);
  });

  it("gives the facilitator a run-sheet that finishes on time, and warns about empty slots", async () => {
    await setUp();
    await tickAt("2026-11-30T12:30:00Z");
    const warning = messenger.to("shell:fran").find((m) => m.text.includes("needs attention"));
    expect(warning?.text).toContain("2 case slots are still open.");
    await tickAt("2026-12-02T12:30:00Z");
    const sheet = messenger.to("shell:fran").find((m) => m.text.startsWith("Run-sheet"));
    expect(sheet?.text).toContain("12:30  Welcome, introductions, housekeeping (5 min)");
    expect(sheet?.text).toContain("12:35  Teaching: topic to be confirmed (25 min)");
    expect(sheet?.text).toContain("13:00  Case 1: open slot (present, clarify, recommend, summarise) (27 min)");
    expect(sheet?.text).toContain("13:54  Wrap-up: summary, follow-up dates, next session (6 min)");
    expect(sheet?.text).toContain("14:00  Finish on time.");
  });

  it("cancels a skipped session's reminders and plans them again when it is restored or moved", async () => {
    const network = await setUp();
    const [first] = await s.store.sessions.upcoming(network.id, s.clock.now(), 1);
    await s.core.action(fran, ActionIds.sessionSkip, first!.id);
    expect(await s.database.db.job.count({ where: { sessionId: first!.id, state: "pending" } })).toBe(0);
    await s.core.action(fran, ActionIds.sessionUnskip, first!.id);
    // eight reminders, the rotation's offer of open case slots, and the session's own start and end
    expect(await s.database.db.job.count({ where: { sessionId: first!.id, state: "pending" } })).toBe(11);
    await s.core.submitForm(fran, FormIds.sessionMove, first!.id, { date: "2026-12-03", time: "10:00" });
    const pending = await s.database.db.job.findMany({
      where: { sessionId: first!.id, state: "pending", key: { contains: ":starting_soon:" } },
    });
    expect(pending.map((j) => j.dueAt.toISOString())).toEqual(["2026-12-03T09:45:00.000Z"]);
    await tickAt("2026-12-02T12:20:00Z");
    expect(messenger.sent.filter((m) => m.text.includes("starts in 15 minutes"))).toEqual([]);
  });

  it("lets a member turn “starting soon” off from the reminder's button, but not the facilitator's warnings", async () => {
    const network = await setUp();
    await s.core.command(fran, "role <@shell:hana|Hana> member");
    await tickAt("2026-12-02T12:15:00Z");
    const mine = messenger.to("shell:hana").find((m) => m.text.includes("starts in 15 minutes"));
    const buttons =
      mine?.message && "card" in mine.message
        ? mine.message.card.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []))
        : [];
    // sent inside the check-in window, it also carries "I'm here"
    expect(buttons.map((b) => b.label)).toEqual(["I'm here", "Stop these reminders"]);
    const button = buttons[1];
    const hana = { ...as("hana"), channel: "shell:dm-hana" };
    await s.core.action(hana, button!.actionId, button!.value);
    expect((await s.store.members.find(network.id, "shell:hana"))?.mutedKinds).toEqual(["starting_soon"]);
    await expect(
      s.core.action(fran, ActionIds.muteReminder, JSON.stringify({ n: network.id, k: "warnings" })),
    ).rejects.toMatchObject({ code: "stale" });
    await tickAt("2026-12-09T12:15:00Z");
    expect(messenger.to("shell:hana").filter((m) => m.text.includes("starts in 15 minutes"))).toHaveLength(1);
    const form = await s.core.openForm(hana, FormIds.myReminders, network.id);
    expect(form.fields.find((f) => f.id === "starting_soon")?.initial).toBe("off");
    expect(form.fields.map((f) => f.id)).not.toContain("warnings");
  });

  it("retries a failed send with backoff, then marks it failed and tells the facilitators the log line's reference", async () => {
    await setUp({ agendaOffsets: "1d", reminderOffsets: "", itOffsets: "", warningOffsets: "" });
    messenger.failWith.set(CHANNEL, new DeliveryError("Slack answered 503", "retry"));
    let at = new Date("2026-12-01T12:30:00Z").getTime();
    for (let i = 0; i < 8; i++) {
      await tickAt(new Date(at).toISOString());
      at += 2 * HOUR;
    }
    const job = await s.database.db.job.findFirst({ where: { kind: "reminder.send", key: { contains: ":agenda:" } } });
    expect(job).toMatchObject({ state: "failed", attempts: 6, lastError: "Slack answered 503" });
    const failure = s.log.lines.find((l) => l.level === "error" && l.message === "job failed for good");
    const reference = String(failure?.context?.reference);
    expect(reference).toMatch(/^[A-Z0-9]{6}$/);
    expect(
      messenger
        .to("shell:fran")
        .map((m) => m.text)
        .filter((t) => t.includes("could not be delivered")),
    ).toEqual([
      `The Channel agenda reminder for Wed 2 Dec 2026, 12:30–14:00 GMT to the channel could not be delivered after 6 tries (reference ${reference}). Please pass the message on another way.`,
    ]);
  });

  it("never shows facilitators or keeps on the job an internal error's text, which may hold what was written", async () => {
    await setUp({ agendaOffsets: "1d", reminderOffsets: "", itOffsets: "", warningOffsets: "" });
    const internal = Object.assign(
      new Error("Invalid `prisma.caseForm.update()`: { fields: 'Mrs Zebedee, 07700 900123' }"),
      {
        name: "PrismaClientValidationError",
      },
    );
    messenger.failWith.set(CHANNEL, internal);
    let at = new Date("2026-12-01T12:30:00Z").getTime();
    for (let i = 0; i < 8; i++) {
      await tickAt(new Date(at).toISOString());
      at += 2 * HOUR;
    }
    const job = await s.database.db.job.findFirst({ where: { kind: "reminder.send", key: { contains: ":agenda:" } } });
    expect(job).toMatchObject({ state: "failed", lastError: "PrismaClientValidationError" });
    const notices = messenger.to("shell:fran").map((m) => m.text);
    expect(notices.filter((t) => t.includes("could not be delivered"))).toHaveLength(1);
    expect(notices.join("\n")).not.toMatch(/Zebedee|07700|prisma/i);
    const rows = await s.database.db.job.findMany();
    expect(JSON.stringify(rows)).not.toMatch(/Zebedee|07700/);
  });

  it("records an unreachable member as undeliverable without retrying", async () => {
    await setUp({ agendaOffsets: "", itOffsets: "", warningOffsets: "" });
    await s.core.command(fran, "role <@shell:gone|Gone> member");
    messenger.failWith.set("shell:gone", new DeliveryError("account_inactive", "unreachable"));
    await tickAt("2026-12-02T12:15:00Z");
    await tickAt("2026-12-02T13:15:00Z");
    const job = await s.database.db.job.findFirst({
      where: {
        key: { endsWith: "|shell:gone" },
        kind: "reminder.send",
        dueAt: { lt: new Date("2026-12-03T00:00:00Z") },
      },
    });
    expect(job).toMatchObject({ state: "undeliverable", attempts: 1 });
  });

  it("shows the facilitator the progress of a large fan-out, and two ticks at once send nothing twice", async () => {
    const network = await setUp({ agendaOffsets: "", itOffsets: "", warningOffsets: "" });
    for (let i = 0; i < 40; i++) await s.store.members.upsert(network.id, `shell:m${i}`, `Member ${i}`, "member");
    s.clock.set("2026-12-02T12:15:00Z");
    const a = createScheduler(s, messenger, { worker: "a" });
    const b = createScheduler(s, messenger, { worker: "b" });
    for (let round = 0; round < 4; round++) {
      await Promise.all([a.tick(), b.tick()]);
      s.clock.advance(6_000);
    }
    const soon = messenger.sent.filter((m) => m.text.includes("starts in 15 minutes"));
    expect(soon).toHaveLength(42);
    expect(new Set(soon.map((m) => m.address)).size).toBe(42);
    const progress = [
      ...messenger
        .to("shell:fran")
        .filter((m) => m.text.includes("Sent "))
        .map((m) => m.text),
      ...messenger.updates.map((u) => u.text),
    ];
    expect(progress.at(-1)).toContain("Sent 42 of 42. Done.");
  });
});
