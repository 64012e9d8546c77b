import { ActionIds, FormIds } from "../../src/core/ids";
import { createScheduler } from "../../src/scheduler/scheduler";
import { as, CHANNEL, fran, quietNetwork } from "../support/core";
import { PROVIDERS } from "../support/db";
import { RecordingMessenger } from "../support/recording-messenger";
import type { TestServices } from "../support/services";

describe.each(PROVIDERS)("presenter slots and the rotation on %s", (provider) => {
  let s: TestServices;
  let messenger: RecordingMessenger;
  let scheduler: ReturnType<typeof createScheduler> | undefined;
  beforeEach(async () => {
    scheduler = undefined;
    s = await quietNetwork(provider, ["<@shell:ana|Ana> <@shell:ben|Ben> <@shell:cy|Cy> <@shell:dee|Dee> member"]);
    messenger = new RecordingMessenger();
  });
  afterEach(async () => s.close());

  const network = async () => (await s.store.networks.byChannel(CHANNEL))!;
  const slotsOf = async (index: number) => {
    const reply = await s.core.command(fran, "present");
    if (reply.kind !== "card") throw new Error("no card");
    const sessions = (await s.store.sessions.upcoming((await network()).id, s.clock.now(), 10)).filter(
      (x) => x.status === "scheduled",
    );
    return s.store.slots.forSession(sessions[index]!.id);
  };
  // one scheduler for the test: a click that wakes it and the test's own tick share one run
  const tick = () => {
    scheduler ??= createScheduler(s, messenger, { worker: "t" });
    return scheduler.tick();
  };

  it("gives one slot to exactly one of 20 members claiming it at the same moment", async () => {
    const net = await network();
    const claimers = Array.from({ length: 20 }, (_, i) => `c${i}`);
    for (const c of claimers) await s.store.members.upsert(net.id, `shell:${c}`, c, "member");
    const [slot] = await slotsOf(1);
    const replies = await Promise.all(claimers.map((c) => s.core.action(as(c), ActionIds.slotClaim, slot!.id)));
    const won = replies.filter((r) => r.kind === "card");
    const lost = replies.filter((r) => r.kind === "text");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    expect(lost.every((r) => r.kind === "text" && r.text.startsWith("Sorry, that slot was just taken by"))).toBe(true);
    const held = await s.store.slots.byId(slot!.id);
    expect(claimers.map((c) => `shell:${c}`)).toContain(held?.user);
  });

  it("lets a presenter release a slot before the case deadline but not after, and holds one slot per session", async () => {
    const [a, b] = await slotsOf(0);
    await s.core.action(as("ana"), ActionIds.slotClaim, a!.id);
    await expect(s.core.action(as("ana"), ActionIds.slotClaim, b!.id)).rejects.toMatchObject({
      userText: expect.stringContaining("one case each"),
    });
    s.clock.set("2026-11-30T12:30:00Z"); // the deadline: 2 days before Wed 2 Dec 12:30
    await expect(s.core.action(as("ana"), ActionIds.slotRelease, a!.id)).rejects.toMatchObject({
      userText: expect.stringContaining("deadline has passed"),
    });
    s.clock.set("2026-11-28T09:00:00Z");
    await s.core.action(as("ana"), ActionIds.slotRelease, a!.id);
    expect((await s.store.slots.byId(a!.id))?.memberId).toBeNull();
  });

  it("lets only a facilitator assign, free and swap slots", async () => {
    const net = await network();
    const members = await s.store.members.list(net.id);
    const ana = members.find((m) => m.user === "shell:ana")!;
    const ben = members.find((m) => m.user === "shell:ben")!;
    const [a] = await slotsOf(0);
    const [c] = await slotsOf(1);
    await expect(s.core.submitForm(as("ben"), FormIds.slotAssign, a!.id, { member: ana.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await s.core.submitForm(fran, FormIds.slotAssign, a!.id, { member: ana.id });
    await s.core.submitForm(fran, FormIds.slotAssign, c!.id, { member: ben.id });
    const swap = await s.core.openForm(fran, FormIds.slotSwap, a!.id);
    const withC = swap.fields[0]?.options?.find((o) => o.value.startsWith(`${c!.id}~`));
    expect(await s.core.submitForm(fran, FormIds.slotSwap, a!.id, { other: withC?.value })).toMatchObject({
      kind: "done",
    });
    expect((await s.store.slots.byId(a!.id))?.user).toBe("shell:ben");
    expect((await s.store.slots.byId(c!.id))?.user).toBe("shell:ana");
    await s.core.action(fran, ActionIds.slotFree, a!.id);
    expect((await s.store.slots.byId(a!.id))?.memberId).toBeNull();
  });

  it("orders the rotation by spoke, then member, least recently presented first, never-presented first, and says why", async () => {
    await s.core.command(fran, "rotation spoke <@shell:ana|Ana> Riverside Practice");
    await s.core.command(fran, "rotation spoke <@shell:ben|Ben> Riverside Practice");
    await s.core.command(fran, "rotation spoke <@shell:cy|Cy> Hilltop Hospice");
    await s.core.command(fran, "rotation spoke <@shell:dee|Dee> Hilltop Hospice");
    // Ana presented in the past: Riverside goes after Hilltop, and Ben before Ana
    const [past] = await slotsOf(0);
    await s.core.action(as("ana"), ActionIds.slotClaim, past!.id);
    s.clock.set("2026-12-03T09:00:00Z");
    const reply = await s.core.command(as("ben"), "rotation");
    expect(reply.kind === "card" && reply.card.blocks[0]).toEqual({
      kind: "text",
      text: [
        "1. Cy: Hilltop Hospice never presented; Cy never presented",
        "2. Ben: Riverside Practice last presented 2026-12-02; Ben never presented",
        "3. Dee: Hilltop Hospice never presented; Dee never presented",
        "4. Ana: Riverside Practice last presented 2026-12-02; Ana last presented 2026-12-02",
      ].join("\n"),
    });
  });

  it("asks the next person N days before, moves on after a pass or a silence, and skips the away without losing their place", async () => {
    await s.core.command(as("ana"), "rotation away 2026-12-01 2026-12-05");
    await tick(); // the first session is within 7 days: its open slots are offered at once
    const asks = () => messenger.sent.filter((m) => m.text.startsWith("Could you present a case"));
    expect(
      asks()
        .map((m) => m.address)
        .sort(),
    ).toEqual(["shell:ben", "shell:cy"]);
    const benAsk = asks().find((m) => m.address === "shell:ben")!;
    const buttons =
      benAsk.message && "card" in benAsk.message
        ? benAsk.message.card.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []))
        : [];
    const pass = buttons.find((b) => b.label === "Pass")!;
    await expect(s.core.action(as("cy"), pass.actionId, pass.value)).rejects.toMatchObject({ code: "forbidden" });
    expect(await s.core.action(as("ben"), pass.actionId, pass.value)).toMatchObject({
      text: expect.stringContaining("ask the next person"),
    });
    await tick();
    expect(asks().map((m) => m.address)).toContain("shell:dee");
    // Cy says nothing for 48 hours: the ask moves on and says so
    s.clock.set("2026-11-29T09:01:00Z");
    await tick();
    expect(
      messenger.to("shell:cy").some((m) => m.text.startsWith("No answer came, so I've asked the next person")),
    ).toBe(true);
    // Ana was away on the session day and was never asked for it, but leads the queue for the next session
    expect(asks().some((m) => m.address === "shell:ana" && m.text.includes("2 Dec"))).toBe(false);
    const queue = await s.core.command(fran, "rotation");
    expect(
      queue.kind === "card" && queue.card.blocks[0]?.kind === "text" && queue.card.blocks[0].text.startsWith("1. Ana"),
    ).toBe(true);
  });

  it("gives the slot to the one who accepts, and withdraws the other open question", async () => {
    await tick();
    const ask = messenger.sent.find((m) => m.address === "shell:ana" && m.text.startsWith("Could you present"))!;
    const accept =
      ask.message && "card" in ask.message
        ? ask.message.card.blocks
            .flatMap((b) => (b.kind === "actions" ? b.buttons : []))
            .find((b) => b.label === "Accept")
        : undefined;
    expect(await s.core.action(as("ana"), accept!.actionId, accept!.value)).toMatchObject({
      text: expect.stringContaining("Thank you! You present a case"),
    });
    expect(await s.core.action(as("ana"), accept!.actionId, accept!.value)).toMatchObject({
      text: "You have this slot already. Thank you!",
    });
    const [first] = await slotsOf(0);
    expect(first?.user).toBe("shell:ana");
    expect(first?.how).toBe("asked");
  });
});
