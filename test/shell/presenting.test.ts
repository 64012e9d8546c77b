/**
 * Presenting a case at the shell prompt, end to end: a running shell (as `npm start` runs it with piped input) fed
 * line by line, a second shell on the same database for a second person at the same moment, and the scheduler posting
 * with the shell's own messenger into the first one's output, where the buttons of what it sends (Accept, Pass,
 * Record the outcome) are pressed as `m<number>`. A facilitator sets the network up and adds people with `role`;
 * `present` lists the slots with numbered Claim buttons; a claim made in one shell is refused in the other; members
 * release; the facilitator assigns, swaps and frees; `rotation` says who is next and why, `rotation away` skips
 * someone without costing their place; the scheduler asks the next people with Accept and Pass; `case` asks the case
 * form field by field, keeps a draft, refuses identifiers by asking those fields again and stores nothing of them;
 * a submitted case goes to the hub expert, the day's summary to the channel, the recommendations back to the
 * presenter and, at the follow-up date, the outcome form. On each database provider.
 */
import type { Network } from "../../src/core/ports";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler";
import { shellMessenger } from "../../src/shell/shell";
import { CASE } from "../support/cases";
import { PROVIDERS } from "../support/db";
import { ASK, LEAKS, OUTCOME, RECOMMENDATIONS, S1, S2, S3 } from "../support/seed";
import { type TestServices, testServices } from "../support/services";
import { ShellSession } from "../support/shell";

const CHANNEL = "shell:#echo";

/**
 * In the last slots card printed: the number of the button with this label on case `position` of the session whose
 * heading starts with `session`.
 */
function slotButton(printed: string, session: string, position: number, label: string): string {
  const lines = printed.slice(printed.lastIndexOf("== Palliative Care ECHO: case slots ==")).split("\n");
  const heading = lines.findIndex((line) => line.startsWith(session));
  const slot = lines.findIndex((line, i) => i > heading && line.startsWith(`  (Case ${position}:`));
  const found = /\[(\d+)\] ([^[]+)/g;
  for (const m of (lines[slot + 1] ?? "").matchAll(found)) if (m[2]?.trim() === label) return m[1] as string;
  throw new Error(`no ${label} button on case ${position} of ${session} in:\n${lines.slice(0, 20).join("\n")}`);
}

/** The last message the scheduler printed to `to` starting with `title` (it ends where a blank line or a prompt starts). */
function message(printed: string, to: string, title: string): string {
  const start = printed.lastIndexOf(`\n[to ${to}] ${title}`);
  if (start < 0) throw new Error(`nothing starting “${title}” was printed to ${to}`);
  const rest = printed.slice(start + 1);
  return rest.split(/\n(?:\n|teleecho \()/)[0]?.replace(/\n$/, "") ?? rest;
}

/** The `m<number>` that presses a button of a printed message. */
function messageButton(printed: string, label: string): string {
  const found = new RegExp(`\\[(m\\d+)\\] ${label}(?:  |\\n|$)`).exec(printed);
  if (!found) throw new Error(`no ${label} button in:\n${printed}`);
  return found[1] as string;
}

/** The case form's answers by the start of each field's label. */
const CASE_ANSWERS = {
  "Age band": CASE.ageBand,
  Sex: CASE.sex,
  "Care setting": CASE.setting,
  "Presenting problem": CASE.problem,
  "Relevant history": CASE.history,
  "Current medications": CASE.medications,
  "What has been tried": CASE.tried,
  "Your one question": CASE.question,
};

describe.each(PROVIDERS)("presenting a case in the shell on %s", (provider) => {
  let s: TestServices;
  let shell: ShellSession;
  /** Ben, at another terminal on the same database */
  let second: ShellSession;
  let scheduler: Scheduler;
  let network: Network;
  /** the slot ids of the first six sessions, by session and then by case position */
  let slots: string[][];

  beforeAll(async () => {
    s = await testServices(provider);
    shell = new ShellSession(s, "fran");
    second = new ShellSession(s, "ben");
    // the scheduler as main.ts builds it for the shell: its messenger prints to the same console
    scheduler = createScheduler(s, shellMessenger(shell.output), { worker: `shell-presenting-${provider}` });
    await Promise.all([shell.ready(), second.ready()]);
  });

  afterAll(async () => {
    await shell.quit();
    await second.quit();
    await scheduler.stop();
    await s.close();
  });

  const slot = async (session: number, position: number) => {
    const found = await s.store.slots.byId(slots[session]?.[position - 1] ?? "");
    if (!found) throw new Error(`no slot ${position} in session ${session}`);
    return found;
  };
  /** Runs the scheduler once and returns what it printed. */
  const tick = async () => {
    const before = shell.all.length;
    await scheduler.tick();
    return shell.all.slice(before);
  };

  test("a facilitator sets the network up, adds four members with one `role` and a hub expert, and puts them in spokes", async () => {
    const asked = await shell.send("setup");
    const printed =
      asked +
      (await shell.answer({
        "Network name": "Palliative Care ECHO",
        "How often": "1",
        "First session date": "2026-12-02",
        "Cases per session": "2",
        "Video room link": "https://zoom.us/j/123",
      }));
    expect(printed).toContain("Palliative Care ECHO is set up in this channel");
    network = (await s.store.networks.byChannel(CHANNEL)) as Network;
    expect(network).toMatchObject({ casesPerSession: 2, caseDueDays: 2, rotationAskDays: 7 });
    expect(await shell.send("role @ana @ben @cy @dee member")).toContain(
      "Ana, Ben, Cy and Dee are now members of Palliative Care ECHO.",
    );
    expect(await shell.send("role @hugo hub_expert")).toContain("Hugo is now hub expert of Palliative Care ECHO.");
    for (const [who, spoke] of [
      ["ana", "Riverside Practice"],
      ["ben", "Riverside Practice"],
      ["cy", "Hilltop Hospice"],
      ["dee", "Hilltop Hospice"],
    ] as const)
      expect(await shell.send(`rotation spoke @${who} ${spoke}`)).toContain(
        `${who[0]?.toUpperCase()}${who.slice(1)} is at ${spoke}.`,
      );
  });

  test("`present` shows each coming session's open slots with numbered Claim buttons", async () => {
    await shell.send("as ana");
    const card = await shell.send("present");
    expect(card).toContain(
      [
        "== Palliative Care ECHO: case slots ==",
        S1,
        "  (Case 1: open)",
        "  [1] Claim case 1",
        "  (Case 2: open)",
        "  [2] Claim case 2",
        S2,
        "  (Case 1: open)",
        "  [3] Claim case 1",
      ].join("\n"),
    );
    expect(card).toContain("[12] Claim case 2");
    expect(card).not.toContain("Assign");
    const sessions = (await s.store.sessions.upcoming(network.id, s.clock.now(), 6)).filter(
      (x) => x.status === "scheduled",
    );
    slots = [];
    for (const session of sessions) slots.push((await s.store.slots.forSession(session.id)).map((x) => x.id));
  });

  test("a member claims a slot with its button and the card shows it as theirs; the same Claim pressed next in another shell is refused", async () => {
    // Ben, at another terminal, has the same card open
    expect(await second.send("present")).toContain("  [1] Claim case 1");
    const claimed = await shell.send("1");
    expect(claimed).toContain(
      [S1, "  (Case 1: Ana (you), case form not started)", "  [1] Case form  [2] Release", "  (Case 2: open)"].join(
        "\n",
      ),
    );
    expect(await slot(0, 1)).toMatchObject({ user: "shell:ana", how: "claimed" });
    expect(await second.send("1")).toContain("Sorry, that slot was just taken by Ana.");
    expect(await slot(0, 1)).toMatchObject({ user: "shell:ana" });
    // and one case each per session
    expect(await shell.send(slotButton(claimed, S1, 2, "Claim case 2"))).toContain(
      "You already present a case in that session; one case each.",
    );
  });

  test("a member releases a slot before the case deadline, and it is open again", async () => {
    const claimed = await second.send("2");
    expect(claimed).toContain("  (Case 2: Ben (you), case form not started)");
    const released = await second.send(slotButton(claimed, S1, 2, "Release"));
    expect(released).toContain([S1, "  (Case 1: Ana, case form not started)", "  (Case 2: open)"].join("\n"));
    expect((await slot(0, 2)).memberId).toBeNull();
  });

  test("a facilitator gets Assign, Free and Swap, and assigns an open slot with the Assign form", async () => {
    await shell.send("as fran");
    const card = await shell.send("present");
    expect(card).toContain(
      [S1, "  (Case 1: Ana, case form not started)", "  [1] Assign  [2] Free  [3] Swap", "  (Case 2: open)"].join("\n"),
    );
    const form = await shell.send(slotButton(card, S1, 2, "Assign"));
    expect(form).toContain("-- Assign a case slot --");
    expect(form).toContain(
      "Case 2 presenter\n  1) Nobody (free the slot)\n  2) Fran\n  3) Hugo\n  4) Ana\n  5) Ben\n  6) Cy\n  7) Dee\n[Nobody (free the slot)] > ",
    );
    const after = await shell.send("Ben");
    expect(after).toContain("  (Case 2: Ben, case form not started)");
    expect(await slot(0, 2)).toMatchObject({ user: "shell:ben", how: "assigned" });
  });

  test("a facilitator swaps two slots with the Swap form and frees one with Free", async () => {
    let card = await shell.send("present");
    await shell.send(slotButton(card, "Wed 16 Dec", 1, "Assign"));
    card = await shell.send("Dee");
    expect((await slot(2, 1)).user).toBe("shell:dee");
    const form = await shell.send(slotButton(card, "Wed 16 Dec", 1, "Swap"));
    expect(form).toContain(
      "Swap with\n  1) 2026-12-02 case 1: Ana\n  2) 2026-12-02 case 2: Ben\n  3) 2026-12-09 case 1: open\n  4) 2026-12-09 case 2: open\n  5) 2026-12-16 case 2: open\n  6) 2026-12-23 case 1: open\n  7) 2026-12-23 case 2: open\n",
    );
    card = await shell.send("7");
    expect((await slot(2, 1)).memberId).toBeNull();
    expect((await slot(3, 2)).user).toBe("shell:dee");
    const freed = await shell.send(slotButton(card, "Wed 23 Dec", 2, "Free"));
    expect(freed.slice(freed.lastIndexOf("== "))).not.toContain("Dee");
    expect((await slot(3, 2)).memberId).toBeNull();
    const audit = await s.database.db.auditEntry.findMany({ where: { action: { startsWith: "slot." } } });
    expect(audit.map((a) => `${a.action} by ${a.actor}`).sort()).toEqual([
      "slot.assign by shell:fran",
      "slot.assign by shell:fran",
      "slot.claimed by shell:ana",
      "slot.claimed by shell:ben",
      "slot.free by shell:fran",
      "slot.release by shell:ben",
      "slot.swap by shell:fran",
    ]);
  });

  test("`case` asks the case form field by field; a draft is saved and offered again next time", async () => {
    await shell.send("as ana");
    const first = await shell.send("case");
    expect(first).toContain("-- Case for the panel --");
    expect(first).toMatch(/Age band\n {2}1\) under 18\n(.|\n)*\n> $/);
    const printed = await shell.answer({ "Presenting problem": CASE.problem });
    expect(printed).toMatch(
      /Save as\n {2}Submitting sends the case to the hub experts of .+\. Leave out names, dates of birth/,
    );
    expect(printed).toContain("Submitted to the hub: it has no names or identifiers");
    expect(printed).toContain("[A draft (only you see it)] > ");
    expect(printed).toContain("Draft saved. Open it again with `case` to finish it.");
    expect(await s.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "draft",
      fields: { problem: CASE.problem },
    });
    await shell.send("case");
    let asked = "";
    for (let i = 0; i < 3; i++) asked = await shell.send("");
    expect(asked).toBe(`Presenting problem\n[${CASE.problem}] > `);
    expect(await shell.send("cancel")).toContain("Cancelled; nothing was saved.");
  });

  test("identifiers are refused by naming the field and the kind, the shell asks those fields again, and nothing of them is stored", async () => {
    await shell.send("case");
    const refused = await shell.answer({
      ...CASE_ANSWERS,
      "Presenting problem": "Mrs Patricia Hughes has increasing breathlessness at rest.",
      "Relevant history": "DOB 12/03/1948. COPD since 2015.",
      "Current medications": "NHS number 943 476 5919 is on the referral; morphine MR 10 mg bd.",
      "Your one question": "Can we call her daughter on 07700 900123 to discuss what matters to her?",
      "Save as": "2",
    });
    const listed = refused.slice(refused.indexOf("Please check these:")).split("\n");
    expect(listed[1]).toMatch(/^ {2}Presenting problem: this looks like a person's name/);
    expect(listed[2]).toMatch(/^ {2}Relevant history: this looks like a date of birth/);
    expect(listed[3]).toMatch(/^ {2}Current medications: this looks like an NHS number/);
    expect(listed[4]).toMatch(/^ {2}Your one question for the panel: this looks like a phone number/);
    // the messages show what was found masked, never the identifier itself
    expect(listed.slice(1, 5).join("\n")).not.toMatch(/Hughes|12\/03|943 476 5919|07700 900123/);
    // only the refused fields are asked again, starting with the first
    expect(shell.prompt).toMatch(/^Presenting problem\n\[Mrs Patricia Hughes/);
    expect(await s.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "draft",
      fields: { problem: CASE.problem },
    });
    const stored = JSON.stringify(
      await Promise.all([
        s.database.db.caseForm.findMany(),
        s.database.db.auditEntry.findMany(),
        s.database.db.job.findMany(),
      ]),
    );
    expect(stored).not.toMatch(LEAKS);
    expect(await shell.send(CASE.problem)).toBe(`Relevant history (optional)\n[DOB 12/03/1948. COPD since 2015.] > `);
    await shell.send(CASE.history);
    expect(shell.prompt).toMatch(/^Current medications \(optional\)\n/);
    await shell.send(CASE.medications);
    expect(shell.prompt).toMatch(/^Your one question for the panel\n/);
    expect(await shell.send(CASE.question)).toContain(
      "Your case is submitted: the hub experts have it now, and the channel gets a summary on the day.",
    );
    expect(await s.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "submitted",
      fields: CASE,
    });
  });

  test("the submitted case goes to the hub expert by direct message when the scheduler runs, and nobody is asked to present yet", async () => {
    const printed = await tick();
    const shared = message(shell.all, "shell:hugo", "Case from Ana for Palliative Care ECHO");
    expect(shared).toContain(`To be discussed on ${S1}.`);
    expect(shared).toContain(`Presenting problem: ${CASE.problem}`);
    expect(shared).toContain(`Your one question for the panel: ${CASE.question}`);
    expect(shell.all.split("Case from Ana for Palliative Care ECHO")).toHaveLength(2);
    // what the bot sent anywhere carries none of the refused identifiers
    const sent = shell.all
      .split("\n[to ")
      .slice(1)
      .map((m) => m.split(/\n(?:\n|teleecho \()/)[0]);
    expect(sent.join("\n")).not.toMatch(LEAKS);
    expect(printed).not.toContain(ASK);
  });

  test("on the day of the session the channel gets the summary of its cases", async () => {
    s.clock.set("2026-12-02T08:00:00Z");
    await tick();
    expect(message(shell.all, CHANNEL, "Today at Palliative Care ECHO: 1 case")).toBe(
      [
        `[to ${CHANNEL}] Today at Palliative Care ECHO: 1 case`,
        `${S1}. Video room: https://zoom.us/j/123`,
        "Case 1 (Ana): 70–79, female, care home.",
        `Question: ${CASE.question}`,
      ].join("\n"),
    );
  });

  test("`rotation` lists who is next and why: the spoke that presented least recently first, then its member", async () => {
    s.clock.set("2026-12-03T09:00:00Z");
    await shell.send("as dee");
    expect(await shell.send("rotation")).toContain(
      [
        "== Palliative Care ECHO: who presents next ==",
        "1. Cy: Hilltop Hospice never presented; Cy never presented",
        "2. Ana: Riverside Practice last presented 2026-12-02; Ana last presented 2026-12-02",
        "3. Dee: Hilltop Hospice never presented; Dee never presented",
        "4. Ben: Riverside Practice last presented 2026-12-02; Ben last presented 2026-12-02",
      ].join("\n"),
    );
  });

  test("`rotation away` marks the first in line as skipped for the next session, keeping their place", async () => {
    await shell.send("as cy");
    expect(await shell.send("rotation away 2026-12-07 2026-12-11")).toContain(
      "Noted: you are away from 2026-12-07 to 2026-12-11. The rotation skips you then and keeps your place.",
    );
    expect(await shell.send("rotation")).toContain(
      "\n1. Cy (away for the next session: skipped, keeps this place): Hilltop Hospice never presented; Cy never presented\n",
    );
  });

  test("the scheduler asks the next people with Accept and Pass, skipping the one away", async () => {
    const printed = await tick();
    // Cy is away on the 9th: Hilltop Hospice, which has never presented, is still next, so Dee is asked for case 1;
    // Ana, next from Riverside Practice, for case 2
    const dee = message(printed, "shell:dee", ASK);
    expect(dee).toMatch(
      new RegExp(
        `^\\[to shell:dee\\] ${ASK.replace("?", "\\?")}\\nCase 1 on ${S2} is still open and it is your turn in the rotation\\.\\n {2}\\[m\\d+\\] Accept {2}\\[m\\d+\\] Pass$`,
      ),
    );
    expect(message(printed, "shell:ana", ASK)).toContain(`Case 2 on ${S2} is still open`);
    expect(printed.split(ASK)).toHaveLength(3);
  });

  test("Pass hands the question to the next person in the rotation, and nobody else can answer it", async () => {
    const pass = messageButton(message(shell.all, "shell:dee", ASK), "Pass");
    expect(await shell.send(pass)).toContain("That request was sent to someone else.");
    await shell.send("as dee");
    expect(await shell.send(pass)).toContain(
      "No problem: I'll ask the next person. Your place in the rotation is kept.",
    );
    await tick();
    expect(message(shell.all, "shell:ben", ASK)).toContain(`Case 1 on ${S2} is still open`);
    expect(shell.all).not.toContain(`[to shell:cy] ${ASK}`);
  });

  test("Accept gives the slot to the one who accepts, and the one away still leads the rotation", async () => {
    const accept = messageButton(message(shell.all, "shell:ben", ASK), "Accept");
    await shell.send("as ben");
    expect(await shell.send(accept)).toContain(
      `Thank you! You present a case on ${S2}. Fill in the de-identified case form with \`case\`.`,
    );
    expect(await slot(1, 1)).toMatchObject({ user: "shell:ben", how: "asked" });
    expect(await shell.send("present")).toContain(
      ["== Palliative Care ECHO: case slots ==", S2, "  (Case 1: Ben (you), case form not started)"].join("\n"),
    );
    expect(await shell.send("rotation")).toContain("\n1. Cy (away for the next session");
    expect(await shell.send("m999")).toContain("There is no button with that number on the messages sent here.");
  });

  test("the hub expert writes the recommendations from `case`; identifiers are refused there too, and the presenter gets them by direct message", async () => {
    await shell.send("as hugo");
    const list = await shell.send("case");
    expect(list).toContain(`== Palliative Care ECHO: cases ==\nAna's case, ${S1}\n  [1] Recommendations`);
    expect(await shell.send("1")).toContain("-- Recommendations --");
    const refused = await shell.answer({
      "The panel's recommendations": "Try a low-dose benzodiazepine; ring Dr Smith on 020 7946 0000.",
      "Follow-up date": "2027-01-06",
    });
    expect(refused).toMatch(
      /Please check these:\n {2}The panel's recommendations: Recommendations: this looks like a person's name/,
    );
    expect(shell.prompt).toMatch(/^The panel's recommendations\n/);
    expect(await shell.send(RECOMMENDATIONS)).toContain("Recommendations saved; the presenter gets them now.");
    await tick();
    expect(message(shell.all, "shell:ana", "The panel's recommendations on your case")).toBe(
      [
        "[to shell:ana] The panel's recommendations on your case",
        `Palliative Care ECHO, ${S1}`,
        RECOMMENDATIONS,
        "Follow-up: 2027-01-06. I'll ask you then how things went.",
      ].join("\n"),
    );
  });

  test("an ask nobody answers moves on after 48 hours, and after the away dates the one who was away is asked first", async () => {
    s.clock.set("2026-12-05T09:01:00Z");
    const expired = await tick();
    expect(expired).toContain(
      `[to shell:ana] No answer came, so I've asked the next person to present on ${S2}. Your place in the rotation is kept.`,
    );
    expect(message(expired, "shell:dee", ASK)).toContain(`Case 2 on ${S2} is still open`);
    expect(shell.all).not.toContain(`[to shell:cy] ${ASK}`);
    // the 16th: Cy is back, and Hilltop Hospice has still never presented
    s.clock.set("2026-12-10T09:00:00Z");
    const asked = await tick();
    expect(message(asked, "shell:cy", ASK)).toContain(`Case 1 on ${S3} is still open`);
    expect(message(asked, "shell:dee", ASK)).toContain(`Case 2 on ${S3} is still open`);
  });

  test("at the follow-up date the presenter is asked how things went, and the outcome form stores the answer", async () => {
    s.clock.set("2027-01-06T09:00:00Z");
    await tick();
    const followUp = message(shell.all, "shell:ana", "How did things go?");
    expect(followUp).toContain(`It's the follow-up date for the case you presented at Palliative Care ECHO on ${S1}.`);
    await shell.send("as ana");
    const form = await shell.send(messageButton(followUp, "Record the outcome"));
    expect(form).toContain("-- Case outcome --");
    expect(form).toMatch(/What happened after the panel's advice\?\n> $/);
    expect(await shell.send("Seen again at 14 Elm Road; much better.")).toMatch(
      /Please check these:\n {2}What happened after the panel's advice\?: Outcome: this looks like a street address/,
    );
    expect(await shell.send(OUTCOME)).toContain("Thank you: the outcome is recorded with the case.");
    expect(await s.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "submitted",
      recommendations: RECOMMENDATIONS,
      followUpDate: "2027-01-06",
      outcome: OUTCOME,
    });
  });
});
