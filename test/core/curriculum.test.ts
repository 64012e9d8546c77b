import { pngCharts } from "../../src/charts/png";
import { createBatching } from "../../src/core/batching";
import { castVote, closeBallot } from "../../src/core/curriculum/ballots";
import { ActionIds, FormIds } from "../../src/core/ids";
import { createLifecycle } from "../../src/core/sessions/lifecycle";
import type { FormResult } from "../../src/core/ui/model";
import { createScheduler } from "../../src/scheduler/scheduler";
import { as, CHANNEL, fran } from "../support/core";
import { PROVIDERS } from "../support/db";
import { RecordingMessenger } from "../support/recording-messenger";
import { SETUP_VALUES, type TestServices, testServices } from "../support/services";

const TITLES = ["Delirium in care homes", "Breathlessness at the end of life", "Opioid conversions", "Constipation"];

/** The value of the n-th "Swap with next" button on the plan card a form submission replied with. */
function swapButtonOf(result: FormResult, n: number): string {
  const reply = result.kind === "done" ? result.reply : undefined;
  const buttons =
    reply?.kind === "card" ? reply.card.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : [])) : [];
  const swap = buttons.filter((b) => b.actionId === ActionIds.planSwap)[n];
  if (!swap) throw new Error("no Swap with next button on the plan");
  return swap.value;
}

describe.each(PROVIDERS)("curriculum voting on %s", (provider) => {
  let s: TestServices;
  let messenger: RecordingMessenger;
  beforeEach(async () => {
    s = await testServices(provider, "2026-11-27T09:00:00Z");
    messenger = new RecordingMessenger();
    await s.core.submitForm(fran, FormIds.setup, "", SETUP_VALUES);
    await s.core.command(fran, "role <@shell:ana|Ana> <@shell:ben|Ben> <@shell:cy|Cy> member");
    await s.core.command(fran, "role <@shell:hugo|Hugo> hub_expert");
  });
  afterEach(async () => s.close());

  const network = async () => (await s.store.networks.byChannel(CHANNEL))!;
  const tick = () => createScheduler(s, messenger, { worker: "test" }).tick();
  // the facilitator proposes, so that the voters are linked to no topic in any way but their votes
  async function proposeAll() {
    for (const title of TITLES)
      expect(await s.core.command(fran, `propose ${title}`)).toMatchObject({ visibility: "public" });
    return s.store.topics.list((await network()).id);
  }
  async function open(values: Record<string, string> = {}) {
    const existing = await s.store.topics.list((await network()).id);
    const topics = existing.length ? existing : await proposeAll();
    const result = await s.core.submitForm(fran, FormIds.openVote, (await network()).id, {
      topics: topics.map((t) => t.id).join(","),
      closesDate: "2026-12-01",
      closesTime: "17:00",
      method: "approval",
      maxPicks: "2",
      showRunning: "no",
      anonymous: "no",
      ...values,
    });
    expect(result.kind).toBe("done");
    const ballot = await s.store.ballots.openFor((await network()).id);
    return { ballot: ballot!, topics };
  }

  it("refuses a duplicate title, exact or near-identical, and points at the existing topic", async () => {
    await proposeAll();
    for (const again of ["DELIRIUM in care homes!", "Delirium in care home", "Delirum in care homes"])
      expect(await s.core.command(as("ben"), `propose ${again}`)).toEqual({
        kind: "text",
        visibility: "private",
        text: "“Delirium in care homes” is already proposed (proposed). Vote for it instead.",
      });
    expect(await s.store.topics.list((await network()).id)).toHaveLength(4);
  });

  it("puts errors on the form's fields for an empty or over-long title", async () => {
    const id = (await network()).id;
    expect(await s.core.submitForm(as("ana"), FormIds.propose, id, { title: "  " })).toEqual({
      kind: "errors",
      errors: { title: "Give the topic a title." },
    });
    expect(await s.core.submitForm(as("ana"), FormIds.propose, id, { title: "x".repeat(121) })).toEqual({
      kind: "errors",
      errors: { title: "Keep the title to 120 characters (it has 121)." },
    });
    const ok = await s.core.submitForm(as("ana"), FormIds.propose, id, {
      title: "Anticipatory prescribing",
      description: "Just-in-case medicines",
      suggestedTeacher: "Hugo",
    });
    expect(ok.kind).toBe("done");
  });

  it("refuses proposals and votes from someone who is not a member", async () => {
    await expect(s.core.command(as("zed"), "propose Something new")).rejects.toMatchObject({ code: "forbidden" });
    const { ballot, topics } = await open();
    await expect(s.core.submitForm(as("zed"), FormIds.vote, ballot.id, { picks: topics[0]!.id })).rejects.toMatchObject(
      {
        code: "forbidden",
        userText: expect.stringContaining("Only members of Palliative Care ECHO can vote"),
      },
    );
  });

  it("lists the topics with their status", async () => {
    await proposeAll();
    const reply = await s.core.command(as("ana"), "topics");
    expect(reply).toMatchObject({ kind: "card" });
    if (reply.kind !== "card") return;
    expect(reply.card.blocks[0]).toEqual({ kind: "text", text: TITLES.map((t) => `• ${t} (proposed)`).join("\n") });
  });

  it("opens a vote only for a facilitator, with clear field errors, and posts the ballot to the channel", async () => {
    const topics = await proposeAll();
    const id = (await network()).id;
    await expect(s.core.submitForm(as("ana"), FormIds.openVote, id, {})).rejects.toMatchObject({ code: "forbidden" });
    const bad = await s.core.submitForm(fran, FormIds.openVote, id, {
      topics: topics[0]!.id,
      closesDate: "2026-11-27",
      closesTime: "09:01",
      method: "plurality",
      maxPicks: "0",
      showRunning: "maybe",
      anonymous: "no",
    });
    expect(bad).toEqual({
      kind: "errors",
      errors: {
        topics: "Put at least 2 topics on the ballot.",
        closesDate: "The vote must stay open for at least 5 minutes.",
        method: "Choose approval or ranked choice.",
        showRunning: "Choose yes or no.",
      },
    });
    await open();
    await tick();
    const posted = messenger.to(CHANNEL);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toContain(
      "Pick up to 2 topics you would like taught. Ties go to the topic proposed first.",
    );
  });

  it("lets a member vote, change the vote until the close, and refuses a late vote without changing it", async () => {
    const { ballot, topics } = await open();
    const [a, b, c] = topics;
    expect(
      await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { picks: `${a!.id},${b!.id},${c!.id}` }),
    ).toEqual({
      kind: "errors",
      errors: { picks: "Choose at most 2 (you chose 3)." },
    });
    await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { picks: `${a!.id},${b!.id}` });
    await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { picks: `${a!.id},${b!.id}` }); // a double submit
    const form = await s.core.openForm(as("ana"), FormIds.vote, ballot.id);
    expect(form.fields[0]?.initial).toBe(`${a!.id},${b!.id}`);
    await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { picks: c!.id });
    await s.core.submitForm(as("ben"), FormIds.vote, ballot.id, { picks: `${c!.id},${a!.id}` });
    s.clock.set("2026-12-01T17:00:00Z");
    const late = await s.core.submitForm(as("cy"), FormIds.vote, ballot.id, { picks: a!.id });
    expect(late).toEqual({
      kind: "done",
      reply: {
        kind: "text",
        visibility: "private",
        text: "This vote closed at 2026-12-01 17:00 (Europe/London); your vote was not changed.",
      },
    });
    await tick();
    const closed = await s.store.ballots.byId(ballot.id);
    expect(closed?.result?.ranking.map((r) => [r.title, r.votes])).toEqual([
      ["Opioid conversions", 2],
      ["Delirium in care homes", 1],
      ["Breathlessness at the end of life", 0],
      ["Constipation", 0],
    ]);
    const aboutVotes = messenger.to(CHANNEL).filter((m) => m.text.includes("vote"));
    expect(aboutVotes.map((m) => m.text.split("\n")[0])).toEqual([
      "Palliative Care ECHO: curriculum vote",
      "Palliative Care ECHO: the vote is closed",
    ]);
  });

  it("keeps an anonymous vote anonymous in every table, before and after the close", async () => {
    const { ballot, topics } = await open({ anonymous: "yes", method: "ranked" });
    const voters = ["ana", "ben", "cy"];
    for (const [i, voter] of voters.entries())
      await s.core.submitForm(as(voter), FormIds.vote, ballot.id, { rank1: topics[i]!.id, rank2: topics[3]!.id });
    const db = s.database.db;
    // every row of every table, one JSON string per row
    const everything = async () =>
      (
        await Promise.all([
          db.network.findMany(),
          db.member.findMany(),
          db.spoke.findMany(),
          db.awayPeriod.findMany(),
          db.session.findMany(),
          db.topic.findMany(),
          db.ballot.findMany(),
          db.ballotChoice.findMany(),
          db.vote.findMany(),
          db.voterMark.findMany(),
          db.presenterSlot.findMany(),
          db.caseForm.findMany(),
          db.job.findMany(),
          db.attendance.findMany(),
          db.survey.findMany(),
          db.surveyAnswer.findMany(),
          db.recording.findMany(),
          db.conversationRef.findMany(),
          db.auditEntry.findMany(),
          db.seenRequest.findMany(),
          db.fanOut.findMany(),
        ])
      ).flatMap((rows) => rows.map((row) => JSON.stringify(row)));
    // a voter and a topic never stand in the same row
    const linked = (rows: string[]) =>
      rows.filter((row) => voters.some((v) => row.includes(`shell:${v}`)) && topics.some((t) => row.includes(t.id)));
    expect(linked(await everything())).toEqual([]);
    expect(await db.vote.count()).toBe(0);
    expect((await db.voterMark.findMany()).map((m) => m.voter).sort()).toEqual(voters.map((v) => `shell:${v}`));
    s.clock.set("2026-12-01T17:00:00Z");
    await tick();
    expect(linked(await everything())).toEqual([]);
    expect((await db.voterMark.findMany()).every((m) => m.sealed === null)).toBe(true);
    expect((await s.store.ballots.byId(ballot.id))?.result?.papers).toBe(3);
  });

  it("ranks by instant runoff, shows the rounds, and breaks ties for the topic proposed first", async () => {
    const { ballot, topics } = await open({ method: "ranked" });
    const [a, b, c] = topics.map((t) => t.id);
    // first preferences: a 1, b 1, c 1 → c (proposed last of the three) goes; its paper moves to b
    await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { rank1: a!, rank2: b! });
    await s.core.submitForm(as("ben"), FormIds.vote, ballot.id, { rank1: b!, rank2: a! });
    await s.core.submitForm(as("cy"), FormIds.vote, ballot.id, { rank1: c!, rank2: b! });
    s.clock.set("2026-12-01T17:00:00Z");
    await tick();
    const result = (await s.store.ballots.byId(ballot.id))?.result;
    expect(result?.ranking.map((r) => r.title).slice(0, 2)).toEqual([
      "Breathlessness at the end of life",
      "Delirium in care homes",
    ]);
    expect(result?.rounds.map((r) => r.eliminated)).toEqual([topics[3]!.id, c, null]);
    expect(
      messenger.to(CHANNEL).find((m) => m.text.startsWith("Palliative Care ECHO: the vote is closed"))?.text,
    ).toContain("Round 1:");
  });

  it("closes once however many copies tick, and a facilitator can close early", async () => {
    const { ballot, topics } = await open();
    await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { picks: topics[1]!.id });
    await expect(s.core.action(as("ana"), ActionIds.ballotClose, ballot.id)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await s.core.action(fran, ActionIds.ballotClose, ballot.id)).toMatchObject({
      text: expect.stringContaining("Closing the vote now"),
    });
    await Promise.all([tick(), createScheduler(s, messenger, { worker: "other" }).tick()]);
    await tick();
    expect(
      messenger.to(CHANNEL).filter((m) => m.text.startsWith("Palliative Care ECHO: the vote is closed")),
    ).toHaveLength(1);
    expect(await s.database.db.auditEntry.count({ where: { action: "ballot.close" } })).toBe(1);
  });

  it("turns the ranking into the plan on the next sessions, skipping skipped dates, with teachers, and lets it be changed", async () => {
    const { ballot, topics } = await open();
    await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { picks: `${topics[2]!.id},${topics[1]!.id}` });
    await s.core.submitForm(as("ben"), FormIds.vote, ballot.id, { picks: topics[2]!.id });
    s.clock.set("2026-12-01T17:00:00Z");
    await tick();
    const net = await network();
    const [first] = await s.store.sessions.upcoming(net.id, s.clock.now(), 1);
    await s.core.action(fran, ActionIds.sessionSkip, first!.id);
    await expect(s.core.command(as("ana"), "topics plan")).rejects.toMatchObject({ code: "forbidden" });
    const plan = await s.core.command(fran, "topics plan");
    expect(
      plan.kind === "card" &&
        plan.card.blocks
          .filter((b) => b.kind === "text")
          .map((b) => (b.kind === "text" ? b.text : ""))
          .slice(0, 3),
    ).toEqual([
      "Wed 9 Dec 2026, 12:30 GMT: Opioid conversions, taught by Hugo",
      "Wed 16 Dec 2026, 12:30 GMT: Breathlessness at the end of life, taught by Hugo",
      "Wed 23 Dec 2026, 12:30 GMT: Delirium in care homes, taught by Hugo",
    ]);
    const schedule = await s.core.command(fran, "schedule 2");
    expect(
      schedule.kind === "card" &&
        schedule.card.blocks.some(
          (b) => b.kind === "text" && b.text.includes("Topic: Opioid conversions · Teacher: Hugo"),
        ),
    ).toBe(true);
    const sessions = (await s.store.sessions.upcoming(net.id, s.clock.now(), 5)).filter(
      (x) => x.status === "scheduled",
    );
    // move "Delirium" to the first planned session: it leaves its old one
    const edited = await s.core.submitForm(fran, FormIds.planEdit, sessions[0]!.id, {
      topic: topics[0]!.id,
      teacher: "shell:hugo",
    });
    expect((await s.store.sessions.byId(sessions[2]!.id))?.topicId).toBeNull();
    expect((await s.store.topics.byId(topics[2]!.id))?.status).toBe("proposed");
    await s.core.action(fran, ActionIds.planSwap, swapButtonOf(edited, 0));
    expect((await s.store.sessions.byId(sessions[1]!.id))?.topicId).toBe(topics[0]!.id);
    expect(
      await s.core.submitForm(fran, FormIds.planEdit, sessions[0]!.id, { topic: "none", teacher: "shell:ana" }),
    ).toEqual({
      kind: "errors",
      errors: { teacher: "Choose a hub expert or facilitator of this network." },
    });
  });

  it("counts exactly when 100 members vote at the same moment", async () => {
    const net = await network();
    const { ballot, topics } = await open({ maxPicks: "3" });
    const voters = Array.from({ length: 100 }, (_, i) => `v${i}`);
    for (const v of voters) await s.store.members.upsert(net.id, `shell:${v}`, v, "member");
    await Promise.all(
      voters.map((v, i) =>
        s.core.submitForm(as(v), FormIds.vote, ballot.id, {
          picks: [topics[i % 4]!.id, topics[(i + 1) % 4]!.id].join(","),
        }),
      ),
    );
    s.clock.set("2026-12-01T17:00:00Z");
    await tick();
    const result = (await s.store.ballots.byId(ballot.id))?.result;
    expect(result?.papers).toBe(100);
    expect(result?.ranking.map((r) => r.votes)).toEqual([50, 50, 50, 50]);
  });

  it("never both counts and refuses a vote changed while the vote closes", async () => {
    const { ballot, topics } = await open();
    await s.core.submitForm(as("ana"), FormIds.vote, ballot.id, { picks: topics[0]!.id });
    const deps = {
      store: s.store,
      clock: s.clock,
      log: s.log,
      sealer: s.sealer,
      sessions: createLifecycle([]),
      wake: () => undefined,
      batching: createBatching(),
      charts: pngCharts,
    };
    s.clock.set("2026-12-01T16:59:59.500Z");
    const [changed, closed] = await Promise.all([
      castVote(deps, as("ana"), ballot.id, [topics[1]!.id]),
      closeBallot(deps, ballot.id),
    ]);
    const first = closed?.result?.ranking[0];
    if (changed.ok) expect(first?.topicId).toBe(topics[1]!.id);
    else expect(first?.topicId).toBe(topics[0]!.id);
    expect(first?.votes).toBe(1);
  });
});
