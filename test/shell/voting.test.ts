/**
 * Curriculum voting at the shell prompt, end to end: one running shell (as `npm start` runs it with piped input) fed
 * line by line, and the scheduler posting with the shell's own messenger into the same output. Members propose
 * (`propose <title>` and the form asked field by field), the facilitator opens a vote from the numbered button of the
 * topics card (topics chosen as comma-separated numbers), members vote from the ballot card's numbered Vote button,
 * the scheduler closes the vote, and `topics plan` turns the ranking into the curriculum. On each database provider.
 */
import type { Ballot } from "../../src/core/curriculum/ports";
import type { Network } from "../../src/core/ports";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler";
import { shellMessenger } from "../../src/shell/shell";
import { PROVIDERS } from "../support/db";
import { BREATHLESSNESS, CLOSES, CONSTIPATION, DELIRIUM, OPIOIDS } from "../support/seed";
import { type TestServices, testServices } from "../support/services";
import { ShellSession } from "../support/shell";

const CHANNEL = "shell:#echo";

/** What the shell prints for a card's numbered buttons. */
const buttonLine = (labels: string[]) => `  ${labels.map((label, i) => `[${i + 1}] ${label}`).join("  ")}`;

describe.each(PROVIDERS)("curriculum voting in the shell on %s", (provider) => {
  let s: TestServices;
  let shell: ShellSession;
  let scheduler: Scheduler;
  let network: Network;
  let ballot: Ballot;
  const id = async (title: string) =>
    (await s.store.topics.list(network.id)).find((t) => t.title === title)?.id as string;
  const papers = async () => (await s.store.ballots.papers(ballot.id)).named;
  const voteCard = async (user: string) => {
    await shell.send(`as ${user}`);
    return shell.send("vote");
  };

  beforeAll(async () => {
    s = await testServices(provider);
    shell = new ShellSession(s, "fran");
    // the scheduler as main.ts builds it for the shell: its messenger prints to the same console
    scheduler = createScheduler(s, shellMessenger(shell.output), { worker: `shell-voting-${provider}` });
    await shell.ready();
  });

  afterAll(async () => {
    await shell.quit();
    await scheduler.stop();
    await s.close();
  });

  test("a facilitator sets up the network and gives members and a hub expert their roles", async () => {
    const asked = await shell.send("setup");
    const printed = await shell.fill(
      {
        "Network name": "Palliative Care ECHO",
        "How often": "1",
        "First session date": "2026-12-02",
        "Cases per session": "2",
        "Video room link": "https://zoom.us/j/123",
      },
      asked,
    );
    expect(printed).toContain("Palliative Care ECHO is set up in this channel");
    network = (await s.store.networks.byChannel(CHANNEL)) as Network;
    expect(network).toMatchObject({ name: "Palliative Care ECHO", timeZone: "Europe/London" });
    expect(await shell.send("role @bob @cara member")).toContain(
      "Bob and Cara are now members of Palliative Care ECHO.",
    );
    expect(await shell.send("role @hugo hub_expert")).toContain("Hugo is now hub expert of Palliative Care ECHO.");
  });

  test("members propose topics with `propose <title>`", async () => {
    await shell.send("as bob");
    expect(await shell.send(`propose ${DELIRIUM}`)).toContain(
      `Bob proposed “${DELIRIUM}”. Type \`topics\` to see all proposals.`,
    );
    await shell.send(`propose ${BREATHLESSNESS}`);
    await shell.send("as cara");
    await shell.send(`propose ${OPIOIDS}`);
    expect((await s.store.topics.list(network.id)).map((t) => t.title)).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS]);
  });

  test("a near-identical title gets the pointer to the existing topic and adds nothing", async () => {
    expect(await shell.send("propose opioid conversion")).toContain(
      `“${OPIOIDS}” is already proposed (proposed). Vote for it instead.`,
    );
    expect(await s.store.topics.list(network.id)).toHaveLength(3);
  });

  test("`propose` alone asks the form field by field, and asks the title again while it is empty or too long", async () => {
    expect(await shell.send("propose")).toContain("-- Propose a topic --");
    await shell.send("");
    await shell.send("Laxatives, opioid-induced constipation and when to worry.");
    const empty = await shell.send("Fran");
    expect(empty).toContain("Please check these:\n  Title: Give the topic a title.");
    expect(empty).toMatch(/Title\n> $/);
    const long = await shell.send("x".repeat(121));
    expect(long).toContain("  Title: Keep the title to 120 characters (it has 121).");
    expect(await shell.send(CONSTIPATION)).toContain(`Cara proposed “${CONSTIPATION}”.`);
    const topic = (await s.store.topics.list(network.id)).find((t) => t.title === CONSTIPATION);
    expect(topic).toMatchObject({
      description: "Laxatives, opioid-induced constipation and when to worry.",
      suggestedTeacher: "Fran",
      proposedBy: "shell:cara",
    });
  });

  test("`topics` lists every proposal; only the facilitator gets the vote and plan buttons", async () => {
    const member = await shell.send("topics");
    expect(member).toContain(
      [
        "== Palliative Care ECHO: topics ==",
        `• ${DELIRIUM} (proposed)`,
        `• ${BREATHLESSNESS} (proposed)`,
        `• ${OPIOIDS} (proposed)`,
        `• ${CONSTIPATION} (proposed), suggested teacher: Fran`,
      ].join("\n"),
    );
    expect(member).toContain(`${buttonLine(["Propose a topic"])}\n`);
    await shell.send("as fran");
    expect(await shell.send("topics")).toContain(buttonLine(["Propose a topic", "Open a vote", "Plan the curriculum"]));
  });

  test("the facilitator opens the vote from the numbered button: topics as comma-separated numbers, bad answers asked again", async () => {
    const topicsPrompt = await shell.send("2");
    expect(topicsPrompt).toContain("-- Open a curriculum vote --");
    expect(topicsPrompt).toContain(
      [
        "Topics on the ballot",
        "  Between 2 and 20 proposed topics",
        `  1) ${DELIRIUM}\n  2) ${BREATHLESSNESS}\n  3) ${OPIOIDS}\n  4) ${CONSTIPATION}`,
        "  Several: numbers separated by commas, e.g. 1,3 (at most 20)",
        "[1,2,3,4] > ",
      ].join("\n"),
    );
    await shell.send("1");
    await shell.send("2026-11-28");
    await shell.send("25:00");
    await shell.send("");
    await shell.send("0");
    await shell.send("maybe");
    const errors = await shell.send("");
    expect(errors).toContain(
      [
        "Please check these:",
        "  Topics on the ballot: Put at least 2 topics on the ballot.",
        "  Closes at (Europe/London): Give the closing time as HH:MM, 24-hour.",
        "  Most picks per person (approval): Give a whole number of picks from 1 to 10.",
        "  Show counts while the vote is open: Choose yes or no.",
      ].join("\n"),
    );
    await shell.send("1,9");
    await shell.send("17:00");
    await shell.send("2");
    const again = await shell.send("Yes");
    expect(again).toContain("  Topics on the ballot: Choose from the proposed topics.");
    expect(await s.store.ballots.openFor(network.id)).toBeUndefined();
    expect(await shell.send("1,2,3,4")).toContain(
      `The vote is open until ${CLOSES}; the ballot is being posted to the channel.`,
    );
  });

  test("the scheduler posts the ballot card to the channel with the shell's messenger", async () => {
    const before = shell.all.length;
    await scheduler.tick();
    ballot = (await s.store.ballots.openFor(network.id)) as Ballot;
    expect(ballot).toMatchObject({ method: "approval", maxPicks: 2, showRunning: true, anonymous: false });
    const posted = shell.all.slice(before);
    expect(posted).toContain(
      `[to ${CHANNEL}] Palliative Care ECHO: curriculum vote\nPick up to 2 topics you would like taught. Ties go to the topic proposed first.`,
    );
    expect(ballot.message).toMatch(/^shell:message:\d+$/);
  });

  test("a member votes from the ballot's numbered Vote button, choosing topics by number", async () => {
    const card = await voteCard("bob");
    expect(card).toContain("== Palliative Care ECHO: curriculum vote ==");
    expect(card).toContain(buttonLine(["Vote", "Close now"]));
    const form = await shell.send("1");
    expect(form).toContain(
      `Pick up to 2\n  1) ${DELIRIUM}\n  2) ${BREATHLESSNESS}\n  3) ${OPIOIDS}\n  4) ${CONSTIPATION}\n  Several: numbers separated by commas, e.g. 1,3 (at most 2)\n> `,
    );
    expect(await shell.send("3,1")).toContain(
      `Your vote is recorded: ${OPIOIDS}, ${DELIRIUM}. You can change it until ${CLOSES}.`,
    );
    expect(await papers()).toEqual([[await id(OPIOIDS), await id(DELIRIUM)]]);
  });

  test("choosing more than the ballot allows asks again", async () => {
    await voteCard("cara");
    await shell.send("1");
    expect(await shell.send("1,2,3")).toContain("Please check these:\n  Pick up to 2: Choose at most 2 (you chose 3).");
    expect(await shell.send("3,2")).toContain(`Your vote is recorded: ${OPIOIDS}, ${BREATHLESSNESS}.`);
  });

  test("a member changes the vote: the form offers the earlier picks, and the new ones replace them", async () => {
    await voteCard("bob");
    expect(await shell.send("1")).toMatch(/\(at most 2\)\n\[3,1\] > $/);
    expect(await shell.send("3")).toContain(`Your vote is recorded: ${OPIOIDS}.`);
    // the same vote again, with Enter keeping it, counts once
    await shell.send("vote");
    await shell.send("1");
    expect(await shell.send("")).toContain(`Your vote is recorded: ${OPIOIDS}.`);
    expect(await s.store.ballots.voterCount(ballot.id)).toBe(2);
    expect(await papers()).toContainEqual([await id(OPIOIDS)]);
  });

  test("someone who is not a member is refused clearly, and nothing is counted", async () => {
    await voteCard("zed");
    expect(await shell.send("1")).toContain(
      "Only members of Palliative Care ECHO can vote. A facilitator can add you with `role @you member`.",
    );
    expect(await shell.send("propose Syringe drivers")).toContain(
      "Only members of Palliative Care ECHO can propose topics.",
    );
    expect(await s.store.ballots.voterCount(ballot.id)).toBe(2);
  });

  test("the running counts update the ballot card", async () => {
    const before = shell.all.length;
    s.clock.advance(10_000);
    await scheduler.tick();
    const updated = shell.all.slice(before);
    expect(updated).toContain(`[update ${ballot.message}] Palliative Care ECHO: curriculum vote`);
    expect(updated).toContain(`1. ${OPIOIDS}: 2 votes\n2. ${BREATHLESSNESS}: 1 vote`);
    expect(updated).toContain("2 voted so far.");
  });

  test("a vote sent after the close gets “This vote closed at …” and changes nothing", async () => {
    await voteCard("hugo");
    await shell.send("1");
    s.clock.set("2026-11-28T17:00:00Z");
    expect(await shell.send("1")).toContain(`This vote closed at ${CLOSES}; your vote was not changed.`);
    expect(await shell.send("1")).toContain(`This vote closed at ${CLOSES}; your vote was not changed.`);
    expect(await s.store.ballots.voterCount(ballot.id)).toBe(2);
  });

  test("the scheduler closes the vote once and posts the ranking; the ballot card shows it closed", async () => {
    const before = shell.all.length;
    await scheduler.tick();
    await scheduler.tick();
    const printed = shell.all.slice(before);
    expect(printed.split(`[to ${CHANNEL}] Palliative Care ECHO: the vote is closed`)).toHaveLength(2);
    expect(printed).toContain(
      `1. ${OPIOIDS}: 2 votes\n2. ${BREATHLESSNESS}: 1 vote\n3. ${DELIRIUM}: 0 votes\n4. ${CONSTIPATION}: 0 votes\n2 people voted.`,
    );
    expect(printed).toContain(`[update ${ballot.message}] Palliative Care ECHO: curriculum vote (closed)`);
    expect((await s.store.ballots.byId(ballot.id))?.result?.papers).toBe(2);
  });

  test("`topics plan` puts the ranking onto the next sessions with teachers; Swap and Change work by number", async () => {
    await shell.send("as fran");
    const plan = await shell.send("topics plan");
    expect(plan).toContain(
      [
        "== Palliative Care ECHO: curriculum plan ==",
        `Wed 2 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by Hugo`,
        buttonLine(["Change", "Swap with next"]),
        `Wed 9 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by Hugo`,
      ].join("\n"),
    );
    expect(plan).toContain(`Wed 16 Dec 2026, 12:30 GMT: ${DELIRIUM}, taught by Hugo`);
    expect(plan).toContain(`Wed 23 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by Fran`);
    const swapped = await shell.send("2");
    expect(swapped).toContain(`Wed 2 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by Hugo`);
    expect(swapped).toContain(`Wed 9 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by Hugo`);
    // Change on the third session: the topic by its number, the teacher by name
    const topicPrompt = await shell.send("5");
    expect(topicPrompt).toContain("-- Change the plan --");
    expect(topicPrompt).toMatch(/\[Delirium in care homes\] > $/);
    const teacherPrompt = await shell.send("5");
    expect(teacherPrompt).toMatch(/Teaching expert\n {2}1\) To be confirmed\n(.|\n)*\[Hugo\] > $/);
    const changed = await shell.send("hugo");
    expect(changed).toContain(`Wed 16 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by Hugo`);
    expect(changed).toContain("Wed 23 Dec 2026, 12:30 GMT: no topic yet");
  });

  test("`schedule` shows each session's topic and teacher", async () => {
    const schedule = await shell.send("schedule 3");
    expect(schedule).toContain(`Topic: ${BREATHLESSNESS} · Teacher: Hugo`);
    expect(schedule).toContain(`Topic: ${OPIOIDS} · Teacher: Hugo`);
    expect(schedule).toContain(`Topic: ${CONSTIPATION} · Teacher: Hugo`);
  });
});
