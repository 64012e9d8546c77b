/**
 * Integrity under double clicks and races, on both databases: one case slot each even when one person claims two at
 * once; swaps that are atomic and safe to repeat; one open vote per network, held by the database; a case and its
 * recommendations sent once however often they are submitted; a setup that changes nothing announces nothing; a
 * malformed button value is "out of date"; two facilitators demoting each other still leave one.
 */
import { DomainError } from "../../src/core/errors";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Reply } from "../../src/core/ui/model";
import { createScheduler } from "../../src/scheduler/scheduler";
import { CASE } from "../support/cases";
import { as, CHANNEL, fran, quietNetwork } from "../support/core";
import { PROVIDERS } from "../support/db";
import { voteValues } from "../support/hostile";
import { RecordingMessenger } from "../support/recording-messenger";
import { QUIET_SETUP } from "../support/seed";
import type { TestServices } from "../support/services";

const gil = as("gil");
const ana = as("ana");

const buttons = (reply: Reply) =>
  reply.kind === "card" ? reply.card.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : [])) : [];
/** Runs both at the same moment; each outcome is its value or the error's code. */
const both = <T>(a: () => Promise<T>, b: () => Promise<T>) =>
  Promise.all(
    [a, b].map((work) =>
      work().then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, code: error instanceof DomainError ? error.code : String(error) }),
      ),
    ),
  );

describe.each(PROVIDERS)("integrity under double clicks and races on %s", (provider) => {
  let s: TestServices;
  beforeEach(async () => {
    s = await quietNetwork(provider, [
      "<@shell:ana|Ana> <@shell:ben|Ben> member",
      "<@shell:gil|Gil> facilitator",
      "<@shell:hugo|Hugo> hub_expert",
    ]);
  });
  afterEach(async () => s.close());

  const network = async () => (await s.store.networks.byChannel(CHANNEL))!;
  const sessions = async () =>
    (await s.store.sessions.upcoming((await network()).id, s.clock.now(), 10)).filter((x) => x.status === "scheduled");
  const slotsOf = async (index: number) => {
    await s.core.command(fran, "present");
    return s.store.slots.forSession((await sessions())[index]!.id);
  };

  it("gives a member one slot of a session when they claim both of its slots at the same instant", async () => {
    const [a, b] = await slotsOf(0);
    const outcomes = await both(
      () => s.core.action(ana, ActionIds.slotClaim, a!.id),
      () => s.core.action(ana, ActionIds.slotClaim, b!.id),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, code: "conflict" }]);
    const held = (await s.store.slots.forSession(a!.sessionId)).filter((x) => x.user === "shell:ana");
    expect(held).toHaveLength(1);
  });

  it("swaps two slots once when the swap is sent twice, in turn or at once", async () => {
    const members = await s.store.members.list((await network()).id);
    const id = (user: string) => members.find((m) => m.user === user)!.id;
    const [a] = await slotsOf(0);
    const [c] = await slotsOf(1);
    await s.core.submitForm(fran, FormIds.slotAssign, a!.id, { member: id("shell:ana") });
    await s.core.submitForm(fran, FormIds.slotAssign, c!.id, { member: id("shell:ben") });
    const form = await s.core.openForm(fran, FormIds.slotSwap, a!.id);
    const other = form.fields[0]?.options?.find((o) => o.value.startsWith(`${c!.id}~`))?.value;
    const submit = () => s.core.submitForm(fran, FormIds.slotSwap, a!.id, { other });
    expect(await submit()).toMatchObject({ kind: "done" });
    expect(await submit()).toMatchObject({ kind: "done" }); // the same modal again: already done, not swapped back
    expect((await s.store.slots.byId(a!.id))?.user).toBe("shell:ben");
    expect((await s.store.slots.byId(c!.id))?.user).toBe("shell:ana");

    const again = await s.core.openForm(fran, FormIds.slotSwap, a!.id);
    const back = again.fields[0]?.options?.find((o) => o.value.startsWith(`${c!.id}~`))?.value;
    const outcomes = await both(
      () => s.core.submitForm(fran, FormIds.slotSwap, a!.id, { other: back }),
      () => s.core.submitForm(fran, FormIds.slotSwap, a!.id, { other: back }),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect((await s.store.slots.byId(a!.id))?.user).toBe("shell:ana");
    expect((await s.store.slots.byId(c!.id))?.user).toBe("shell:ben");
    expect(await s.database.db.auditEntry.count({ where: { action: "slot.swap" } })).toBe(2);
  });

  it("never overwrites a claim made between opening the swap form and sending it", async () => {
    const members = await s.store.members.list((await network()).id);
    const [a] = await slotsOf(0);
    const [c] = await slotsOf(1);
    await s.core.submitForm(fran, FormIds.slotAssign, a!.id, {
      member: members.find((m) => m.user === "shell:ana")!.id,
    });
    const form = await s.core.openForm(fran, FormIds.slotSwap, a!.id);
    const other = form.fields[0]?.options?.find((o) => o.value.startsWith(`${c!.id}~`))?.value;
    await s.core.action(as("ben"), ActionIds.slotClaim, c!.id); // Ben claims the open slot meanwhile
    await expect(s.core.submitForm(fran, FormIds.slotSwap, a!.id, { other })).rejects.toMatchObject({
      code: "conflict",
      userText: "Those slots changed since the form was opened; nothing was swapped. Run `present` again.",
    });
    expect((await s.store.slots.byId(a!.id))?.user).toBe("shell:ana");
    expect((await s.store.slots.byId(c!.id))?.user).toBe("shell:ben");
  });

  it("swaps two sessions' plans once on a double click, and refuses a swap the plan changed under", async () => {
    for (const title of ["Delirium in care homes", "Breathlessness at the end of life", "Opioid conversions"])
      await s.core.command(ana, `propose ${title}`);
    const plan = await s.core.command(fran, "topics plan");
    const [first, second] = await sessions();
    const swap = buttons(plan).filter((b) => b.actionId === ActionIds.planSwap)[0]!.value;
    const topicOf = async (id: string) => (await s.store.sessions.byId(id))?.topicTitle;
    expect([await topicOf(first!.id), await topicOf(second!.id)]).toEqual([
      "Delirium in care homes",
      "Breathlessness at the end of life",
    ]);
    const outcomes = await both(
      () => s.core.action(fran, ActionIds.planSwap, swap),
      () => s.core.action(fran, ActionIds.planSwap, swap),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    await s.core.action(fran, ActionIds.planSwap, swap); // and a third time, later: still swapped once
    expect([await topicOf(first!.id), await topicOf(second!.id)]).toEqual([
      "Breathlessness at the end of life",
      "Delirium in care homes",
    ]);
    // the plan changes (the second session's topic is cleared): the old card's swap no longer applies
    const current = buttons(await s.core.command(fran, "topics plan")).filter(
      (b) => b.actionId === ActionIds.planSwap,
    )[0]!.value;
    await s.core.submitForm(fran, FormIds.planEdit, second!.id, { topic: "none", teacher: "none" });
    await expect(s.core.action(fran, ActionIds.planSwap, current)).rejects.toMatchObject({ code: "conflict" });
    expect(await topicOf(first!.id)).toBe("Breathlessness at the end of life");
  });

  it("keeps one open vote per network when two facilitators open votes at the same moment", async () => {
    for (const title of ["Delirium in care homes", "Breathlessness at the end of life"])
      await s.core.command(ana, `propose ${title}`);
    const net = await network();
    const ids = (await s.store.topics.list(net.id)).map((t) => t.id).join(",");
    const values = voteValues(ids);
    const outcomes = await both(
      () => s.core.submitForm(fran, FormIds.openVote, net.id, values),
      () => s.core.submitForm(gil, FormIds.openVote, net.id, values),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, code: "conflict" }]);
    expect(await s.database.db.ballot.count({ where: { networkId: net.id, closedAt: null } })).toBe(1);
    // the rule is the database's own: a second open ballot cannot be written even past the code's check
    const topicIds = (await s.store.topics.list(net.id)).map((t) => t.id);
    expect(
      await s.store.ballots.create({
        networkId: net.id,
        openedBy: "shell:gil",
        method: "approval",
        maxPicks: 1,
        showRunning: false,
        anonymous: false,
        closesAt: new Date("2026-12-01T17:00:00Z"),
        topicIds,
      }),
    ).toBeUndefined();
  });

  it("sends a case to the hub experts and its recommendations to the presenter once, however often each is sent", async () => {
    const [slot] = await slotsOf(0);
    await s.core.action(ana, ActionIds.slotClaim, slot!.id);
    const messenger = new RecordingMessenger();
    const tick = () => createScheduler(s, messenger, { worker: "t" }).tick();
    const submit = () => s.core.submitForm(ana, FormIds.caseForm, slot!.id, { ...CASE, action: "submit" });
    await both(submit, submit);
    await submit();
    await tick();
    expect(messenger.to("shell:hugo").filter((m) => m.text.startsWith("Case from Ana"))).toHaveLength(1);
    const advise = () =>
      s.core.submitForm(fran, FormIds.recommendations, slot!.id, {
        recommendations: "Consider a trial of low-dose oral morphine at night.",
        followUpDate: "2027-01-13",
      });
    await both(advise, advise);
    await advise();
    await tick();
    expect(messenger.to("shell:ana").filter((m) => m.text.startsWith("The panel's recommendations"))).toHaveLength(1);
  });

  it("announces a setup that changes nothing to nobody: the same form sent twice posts one message", async () => {
    const changed = await s.core.submitForm(fran, FormIds.setup, "", { ...QUIET_SETUP, teachingMinutes: "30" });
    expect(changed).toMatchObject({ kind: "done", reply: { kind: "card", visibility: "public" } });
    const again = await s.core.submitForm(fran, FormIds.setup, "", { ...QUIET_SETUP, teachingMinutes: "30" });
    expect(again).toEqual({
      kind: "done",
      reply: {
        kind: "text",
        text: "Nothing changed: Palliative Care ECHO's settings are as they were.",
        visibility: "private",
      },
    });
    expect(await s.database.db.auditEntry.count({ where: { action: "network.update" } })).toBe(1);
  });

  it("answers a malformed button value with “out of date”, and changes nothing", async () => {
    for (const value of ["not json", '{"n":1}', "{}", "", '{"n":"x","k":"warnings"}'])
      await expect(s.core.action(ana, ActionIds.muteReminder, value)).rejects.toMatchObject({
        code: "stale",
        userText: "That button is out of date. Run the command again.",
      });
    for (const [id, value] of [
      [ActionIds.slotClaim, "x".repeat(100)],
      [ActionIds.sessionSkip, "<script>"],
      [ActionIds.planSwap, '{"s":"a"}'],
    ] as const)
      await expect(s.core.action(fran, id, value)).rejects.toMatchObject({ code: "stale" });
    const member = await s.store.members.find((await network()).id, "shell:ana");
    expect(member?.mutedKinds).toEqual([]);
  });

  it("keeps a facilitator when two facilitators demote each other at the same moment", async () => {
    const outcomes = await both(
      () => s.core.command(fran, "role <@shell:gil|Gil> member"),
      () => s.core.command(gil, "role <@shell:fran|Fran> member"),
    );
    const facilitators = (await s.store.members.list((await network()).id)).filter((m) => m.role === "facilitator");
    expect(facilitators).toHaveLength(1);
    // one demotion happens; the other finds its author no longer a facilitator, or the network's last one
    const texts = outcomes.map((o) => (o.ok && o.value.kind === "text" ? o.value.text : o.ok ? "" : o.code)).sort();
    expect([
      ["Fran is now member of Palliative Care ECHO.", "forbidden"],
      ["Gil is now member of Palliative Care ECHO.", "forbidden"],
    ]).toContainEqual(texts);
  });
});
