import { ActionIds, FormIds } from "../../src/core/ids";
import { createScheduler } from "../../src/scheduler/scheduler";
import { CASE } from "../support/cases";
import { as, CHANNEL, quietNetwork } from "../support/core";
import { PROVIDERS } from "../support/db";
import { RecordingMessenger } from "../support/recording-messenger";
import type { TestServices } from "../support/services";

const ana = as("ana");

describe.each(PROVIDERS)("case forms on %s", (provider) => {
  let s: TestServices;
  let messenger: RecordingMessenger;
  let scheduler: ReturnType<typeof createScheduler> | undefined;
  beforeEach(async () => {
    s = await quietNetwork(provider, ["<@shell:ana|Ana> member", "<@shell:hugo|Hugo> <@shell:iris|Iris> hub_expert"], {
      rotationAskDays: "1",
    });
    messenger = new RecordingMessenger();
    scheduler = undefined;
  });
  afterEach(async () => s.close());
  const tick = () => {
    scheduler ??= createScheduler(s, messenger, { worker: "t" });
    return scheduler.tick();
  };
  async function claimFirst() {
    const network = (await s.store.networks.byChannel(CHANNEL))!;
    await s.core.command(ana, "present");
    const [session] = await s.store.sessions.upcoming(network.id, s.clock.now(), 1);
    const [slot] = await s.store.slots.forSession(session!.id);
    await s.core.action(ana, ActionIds.slotClaim, slot!.id);
    return { network, session: session!, slot: slot! };
  }

  it("opens the case form for the presenter's slot, saves a draft and reopens it", async () => {
    const { slot } = await claimFirst();
    const reply = await s.core.command(ana, "case");
    expect(reply).toMatchObject({ kind: "form", form: { formId: FormIds.caseForm, metadata: slot.id } });
    expect(
      await s.core.submitForm(ana, FormIds.caseForm, slot.id, { action: "draft", problem: CASE.problem }),
    ).toMatchObject({ kind: "done" });
    const again = await s.core.openForm(ana, FormIds.caseForm, slot.id);
    expect(again.fields.find((f) => f.id === "problem")?.initial).toBe(CASE.problem);
    expect((await s.store.cases.bySlot(slot.id))?.status).toBe("draft");
    await expect(s.core.openForm(as("hugo"), FormIds.caseForm, slot.id)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("asks for the required fields before a submission and holds every field to its length", async () => {
    const { slot } = await claimFirst();
    const result = await s.core.submitForm(ana, FormIds.caseForm, slot.id, {
      action: "submit",
      problem: "x".repeat(1001),
      sex: "unknown",
    });
    expect(result).toEqual({
      kind: "errors",
      errors: {
        ageBand: "Age band is needed before you submit.",
        sex: "Choose one of the sex options.",
        setting: "Care setting is needed before you submit.",
        problem: "Keep this to 1000 characters (it has 1001).",
        question: "Your one question for the panel is needed before you submit.",
      },
    });
  });

  it("refuses identifiers, naming the field and the kind, and stores nothing of them", async () => {
    const { slot } = await claimFirst();
    const result = await s.core.submitForm(ana, FormIds.caseForm, slot.id, {
      ...CASE,
      action: "submit",
      history: `${CASE.history} Born 12/03/1948.`,
      question: "Mrs Patricia Hughes asks whether she can stay at home - call 07700 900123",
    });
    expect(result.kind).toBe("errors");
    if (result.kind !== "errors") return;
    expect(Object.keys(result.errors).sort()).toEqual(["history", "question"]);
    expect(result.errors.history).toMatch(/^Relevant history: /);
    expect(result.errors.question).toMatch(/^Your one question for the panel: /);
    expect(JSON.stringify(result.errors)).not.toContain("07700 900123");
    expect(await s.store.cases.bySlot(slot.id)).toBeUndefined();
    const everything = JSON.stringify(
      await Promise.all([
        s.database.db.caseForm.findMany(),
        s.database.db.auditEntry.findMany(),
        s.database.db.job.findMany(),
      ]),
    );
    expect(everything).not.toMatch(/Hughes|1948|07700/);
  });

  it("sends a submitted case to every hub expert, summarises the day's cases in the channel, and brings the recommendations back", async () => {
    const { slot, session } = await claimFirst();
    expect(await s.core.submitForm(ana, FormIds.caseForm, slot.id, { ...CASE, action: "submit" })).toMatchObject({
      kind: "done",
      reply: { text: expect.stringContaining("Your case is submitted") },
    });
    await tick();
    expect(
      messenger.sent
        .filter((m) => m.text.startsWith("Case from Ana"))
        .map((m) => m.address)
        .sort(),
    ).toEqual(["shell:hugo", "shell:iris"]);
    s.clock.set("2026-12-02T08:00:00Z");
    await tick();
    const summary = messenger.to(CHANNEL).find((m) => m.text.startsWith("Today at Palliative Care ECHO: 1 case"));
    expect(summary?.text).toContain("Case 1 (Ana): 70–79, female, care home.");
    expect(summary?.text).toContain(`Question: ${CASE.question}`);
    s.clock.set(new Date(session.startsAt.getTime() + 2 * 3_600_000));
    await expect(
      s.core.submitForm(ana, FormIds.recommendations, slot.id, { recommendations: "x" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(
      await s.core.submitForm(as("hugo"), FormIds.recommendations, slot.id, {
        recommendations: "Try a low-dose benzodiazepine? Call Dr Smith on 020 7946 0000",
        followUpDate: "2027-01-06",
      }),
    ).toMatchObject({
      kind: "errors",
      errors: { recommendations: expect.stringMatching(/^Recommendations: /) },
    });
    await s.core.submitForm(as("hugo"), FormIds.recommendations, slot.id, {
      recommendations: "Consider lorazepam 0.5 mg sublingual at night; review falls risk.",
      followUpDate: "2027-01-06",
    });
    await tick();
    const advice = messenger.to("shell:ana").find((m) => m.text.startsWith("The panel's recommendations"));
    expect(advice?.text).toContain("Consider lorazepam 0.5 mg sublingual at night");
    expect(advice?.text).toContain("Follow-up: 2027-01-06");
    s.clock.set("2027-01-06T09:00:00Z");
    await tick();
    const ask = messenger.to("shell:ana").find((m) => m.text.startsWith("How did things go?"));
    expect(ask).toBeDefined();
    expect(
      await s.core.submitForm(ana, FormIds.outcome, slot.id, { outcome: "Sleeping better; no falls since." }),
    ).toMatchObject({ kind: "done" });
    expect((await s.store.cases.bySlot(slot.id))?.outcome).toBe("Sleeping better; no falls since.");
  });

  it("reminds a presenter whose case is missing at the deadline, with a note to the facilitator", async () => {
    await claimFirst();
    s.clock.set("2026-11-30T12:30:00Z");
    await tick();
    expect(messenger.to("shell:ana").map((m) => m.text.split("\n")[0])).toContain(
      "Your case form for Palliative Care ECHO is overdue",
    );
    expect(
      messenger.to("shell:fran").find((m) => m.text.startsWith("Palliative Care ECHO: case form missing"))?.text,
    ).toContain("Ana (case 1)");
  });
});
