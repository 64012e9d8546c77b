/**
 * The survey's fan-out and refusals through the core, on both databases: 25 attendees each get the survey once with
 * the facilitator shown "sent n of 25", across ticks; an answer a button never carries is refused as out of date.
 */
import { ActionIds, FormIds } from "../../src/core/ids";
import { answerValue } from "../../src/core/surveys/cards";
import { createScheduler } from "../../src/scheduler/scheduler";
import { as, CHANNEL, fran } from "../support/core";
import { PROVIDERS } from "../support/db";
import { RecordingMessenger } from "../support/recording-messenger";
import { QUIET_SETUP } from "../support/seed";
import { type TestServices, testServices } from "../support/services";

describe.each(PROVIDERS)("the survey's delivery on %s", (provider) => {
  let s: TestServices;
  let messenger: RecordingMessenger;
  beforeEach(async () => {
    s = await testServices(provider, "2026-11-27T09:00:00Z");
    messenger = new RecordingMessenger();
  });
  afterEach(async () => s.close());
  const tickAt = async (iso?: string) => {
    if (iso) s.clock.set(iso);
    return createScheduler(s, messenger, { worker: "test" }).tick();
  };
  const people = Array.from({ length: 25 }, (_, i) => `p${String(i + 1).padStart(2, "0")}`);

  it("sends the survey once to each of 25 attendees and shows the facilitator its progress", async () => {
    expect((await s.core.submitForm(fran, FormIds.setup, "", QUIET_SETUP)).kind).toBe("done");
    await s.core.command(fran, `role ${people.map((p) => `<@shell:${p}|${p}>`).join(" ")} member`);
    await tickAt("2026-12-02T12:30:00Z");
    for (const p of people) await s.core.command(as(p), "attend");
    await tickAt("2026-12-02T14:00:00Z");
    await tickAt("2026-12-02T14:00:10Z");
    const surveys = people.flatMap((p) =>
      messenger.to(`shell:${p}`).filter((m) => m.text.startsWith("How was Palliative Care ECHO on 2026-12-02?")),
    );
    expect(surveys).toHaveLength(25);
    expect(messenger.to("shell:fran").some((m) => m.text.includes("How was"))).toBe(false);
    const progress = [...messenger.to("shell:fran").map((m) => m.text), ...messenger.updates.map((u) => u.text)];
    expect(
      progress.some(
        (t) => t.includes("Survey for Palliative Care ECHO, 2026-12-02") && t.includes("Sent 25 of 25. Done."),
      ),
    ).toBe(true);
    await tickAt("2026-12-02T15:00:00Z");
    expect(people.flatMap((p) => messenger.to(`shell:${p}`).filter((m) => m.text.startsWith("How was")))).toHaveLength(
      25,
    );
  });

  it("refuses an answer no button carries (another question, out of range) and stores nothing", async () => {
    expect((await s.core.submitForm(fran, FormIds.setup, "", QUIET_SETUP)).kind).toBe("done");
    await s.core.command(fran, "role <@shell:ana|ana> member");
    await tickAt("2026-12-02T12:30:00Z");
    await s.core.command(as("ana"), "attend");
    await tickAt("2026-12-02T14:00:00Z");
    const network = await s.store.networks.byChannel(CHANNEL);
    const survey = await s.store.surveys.latest(network?.id ?? "", s.clock.now());
    const ana = { ...as("ana"), channel: "shell:dm-ana" };
    for (const [q, v] of [
      ["q1", "6"],
      ["q1", "0"],
      ["q4", "3"],
      ["q5", "1"],
      ["q11", "1"],
    ])
      await expect(
        s.core.action(ana, ActionIds.surveyAnswer, answerValue(survey?.sessionId ?? "", q as string, v as string)),
      ).rejects.toMatchObject({ code: "stale" });
    expect(await s.store.surveys.answers(survey?.sessionId ?? "")).toEqual([]);
    expect(
      await s.core.action(ana, ActionIds.surveyAnswer, answerValue(survey?.sessionId ?? "", "q1", "3")),
    ).toMatchObject({ kind: "card", replaceOriginal: true });
  });
});
