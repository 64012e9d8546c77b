/**
 * Presenting a case in Slack, end to end through POST /slack/events on a real listening server, with the REAL Slack
 * messenger posting to the fake Web API when the scheduler ticks. A facilitator sets the network up and adds people
 * with `role`; `present` lists the slots with Claim buttons; members claim and release; the facilitator assigns,
 * swaps and frees from modals and buttons; `rotation` says who is next and why, `rotation away` skips someone without
 * costing their place; the scheduler asks the next people by direct message (conversations.open, chat.postMessage)
 * with Accept and Pass; `case` opens the case form as a modal, where a draft is kept, identifiers are refused on their
 * own field and never stored, and a submitted case goes to the hub expert, the day's summary to the channel, the
 * recommendations back to the presenter and, at the follow-up date, the outcome form. Twenty members click one Claim
 * button at the same moment, and exactly one gets the slot. Every Block Kit payload is checked with checkBlockKit.
 */
import { decodeFormRef } from "../../src/core/app-refs";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Network } from "../../src/core/ports";
import type { Scheduler } from "../../src/scheduler/scheduler";
import { decodeViewMetadata } from "../../src/slack/view-metadata";
import { CASE } from "../support/cases";
import { PROVIDERS } from "../support/db";
import { ASK, IDENTIFIED, LEAKS, OUTCOME, QUIET_SETUP, RECOMMENDATIONS, S1, S2, S3 } from "../support/seed";
import {
  type ButtonElement,
  buttonLabelled,
  buttonsIn,
  CHANNEL,
  type FakeCall,
  NETWORK_CHANNEL,
  SlackHarness,
} from "../support/slack";
import { allText, contexts, header, input, inputs, type Json, optionValue, sections } from "../support/slack-blocks";

const FRAN = "UFRAN";
const ANA = "UANA";
const BEN = "UBEN";
const CY = "UCY";
const DEE = "UDEE";
const HUGO = "UHUGO";
const NAMES: Record<string, string> = {
  [FRAN]: "Fran",
  [ANA]: "Ana",
  [BEN]: "Ben",
  [CY]: "Cy",
  [DEE]: "Dee",
  [HUGO]: "Hugo",
};
/** The direct-message channel the fake Slack opens with a user. */
const dm = (user: string) => `D${user}`;

/** The slot a button works on: its value, or the metadata of the form it opens. */
const slotOf = (button: ButtonElement) =>
  button.action_id.startsWith(ActionIds.openForm) ? decodeFormRef(button.value ?? "").metadata : button.value;

describe.each(PROVIDERS)("presenting a case in Slack on %s", (provider) => {
  let h: SlackHarness;
  let scheduler: Scheduler;
  let network: Network;
  /** the slot ids of the first six sessions, by session and then by case position */
  let slots: string[][];

  beforeAll(async () => {
    h = await SlackHarness.start(provider);
    for (const [id, name] of Object.entries(NAMES)) h.fake.users.set(id, { name });
    scheduler = h.createScheduler(`slack-presenting-${provider}`);
  });

  afterEach(() => {
    expect(h.blockKitViolations()).toEqual([]);
  });

  afterAll(async () => {
    await h.close();
  });

  /** The button with this label that works on this slot, in a message. */
  const buttonFor = (message: Json, label: string, slot: string): ButtonElement =>
    buttonLabelled(message, label, (b) => slotOf(b) === slot);
  /** A click on a button of a direct message from the bot. */
  const clickInDm = (button: ButtonElement, user: string) => h.click(button, user, dm(user));
  const posts = (channel: string) => h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
  const postsTitled = (channel: string, title: string) => posts(channel).filter((c) => header(c.body) === title);
  const lastPostTitled = (channel: string, title: string): FakeCall => {
    const found = postsTitled(channel, title).at(-1);
    if (!found) throw new Error(`nothing titled “${title}” was posted to ${channel}`);
    return found;
  };
  const slot = async (session: number, position: number) => {
    const found = await h.services.store.slots.byId(slots[session]?.[position - 1] ?? "");
    if (!found) throw new Error(`no slot ${position} in session ${session}`);
    return found;
  };

  test("a facilitator sets the network up, adds four members with one `role` and a hub expert, and puts them in spokes", async () => {
    expect((await h.setUpNetwork(QUIET_SETUP, FRAN)).status).toBe(200);
    network = (await h.services.store.networks.byChannel(NETWORK_CHANNEL)) as Network;
    expect(network).toMatchObject({ casesPerSession: 2, caseDueDays: 2, rotationAskDays: 7 });
    await h.command("role <@UANA|Ana> <@UBEN|Ben> <@UCY|Cy> <@UDEE|Dee> member", FRAN);
    expect(h.lastReply(FRAN).text).toBe("Ana, Ben, Cy and Dee are now members of Palliative Care ECHO.");
    await h.command("role <@UHUGO|Hugo> hub_expert", FRAN);
    expect(h.lastReply(FRAN).text).toBe("Hugo is now hub expert of Palliative Care ECHO.");
    for (const [id, spoke] of [
      [ANA, "Riverside Practice"],
      [BEN, "Riverside Practice"],
      [CY, "Hilltop Hospice"],
      [DEE, "Hilltop Hospice"],
    ] as const) {
      await h.command(`rotation spoke <@${id}|${NAMES[id]}> ${spoke}`, FRAN);
      expect(h.lastReply(FRAN).text).toBe(`${NAMES[id]} is at ${spoke}.`);
    }
    await h.command("rotation spoke <@UANA|Ana> Elsewhere", BEN);
    expect(h.lastReply(BEN).text).toBe("Only a facilitator or an admin of this network can set spokes.");
  });

  test("`present` shows a member each coming session's open slots with a Claim button, privately", async () => {
    await h.command("present", ANA);
    const card = h.lastReply(ANA);
    expect(card.response_type).toBe("ephemeral");
    expect(header(card)).toBe("Palliative Care ECHO: case slots");
    expect(sections(card).slice(0, 2)).toEqual([S1, S2]);
    expect(contexts(card).slice(0, 2)).toEqual(["Case 1: open", "Case 2: open"]);
    const buttons = buttonsIn(card);
    expect(buttons.map((b) => b.text.text)).toEqual(
      Array.from({ length: 6 }, () => ["Claim case 1", "Claim case 2"]).flat(),
    );
    const sessions = (await h.services.store.sessions.upcoming(network.id, h.services.clock.now(), 6)).filter(
      (s) => s.status === "scheduled",
    );
    slots = [];
    for (const session of sessions) slots.push((await h.services.store.slots.forSession(session.id)).map((s) => s.id));
    expect(buttons.map((b) => b.value)).toEqual(slots.flat());
  });

  test("a member claims a slot with its button, and the card is replaced to show it as theirs with Case form and Release", async () => {
    await h.click(buttonFor(h.lastReply(ANA), "Claim case 1", slots[0]![0]!), ANA);
    const card = h.lastReply(ANA, "action");
    expect(card.replace_original).toBe(true);
    expect(contexts(card).slice(0, 2)).toEqual(["Case 1: Ana (you), case form not started", "Case 2: open"]);
    expect(
      buttonsIn(card)
        .slice(0, 3)
        .map((b) => b.text.text),
    ).toEqual(["Case form", "Release", "Claim case 2"]);
    expect(await slot(0, 1)).toMatchObject({ user: `slack:T1:${ANA}`, how: "claimed" });
    // one case each per session
    await h.click(buttonFor(card, "Claim case 2", slots[0]![1]!), ANA);
    expect(h.lastReply(ANA, "action")).toMatchObject({
      response_type: "ephemeral",
      replace_original: false,
      text: "You already present a case in that session; one case each.",
    });
    expect((await slot(0, 2)).memberId).toBeNull();
  });

  test("a member releases a slot before the case deadline, and it is open again", async () => {
    await h.command("present", BEN);
    await h.click(buttonFor(h.lastReply(BEN), "Claim case 2", slots[0]![1]!), BEN);
    const claimed = h.lastReply(BEN, "action");
    expect(contexts(claimed).slice(0, 2)).toEqual([
      "Case 1: Ana, case form not started",
      "Case 2: Ben (you), case form not started",
    ]);
    await h.click(buttonFor(claimed, "Release", slots[0]![1]!), BEN);
    const released = h.lastReply(BEN, "action");
    expect(released.replace_original).toBe(true);
    expect(contexts(released)[1]).toBe("Case 2: open");
    expect((await slot(0, 2)).memberId).toBeNull();
  });

  test("a facilitator sees Assign, Free and Swap, and assigns an open slot from the Assign modal", async () => {
    await h.command("present", FRAN);
    const card = h.lastReply(FRAN);
    expect(
      buttonsIn(card)
        .slice(0, 6)
        .map((b) => b.text.text),
    ).toEqual(["Assign", "Free", "Swap", "Claim case 2", "Assign", "Swap"]);
    await h.click(buttonFor(card, "Assign", slots[0]![1]!), FRAN);
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.slotAssign);
    expect(decodeViewMetadata(String(view.private_metadata))?.metadata).toBe(slots[0]![1]);
    const choice = input(view, "member");
    expect(choice.element.type).toBe("static_select");
    expect(choice.element.initial_option?.value).toBe("none");
    expect((choice.element.options ?? []).map((o) => o.text.text)).toEqual([
      "Nobody (free the slot)",
      "Fran",
      "Hugo",
      "Ana",
      "Ben",
      "Cy",
      "Dee",
    ]);
    const res = await h.submit({ member: optionValue(choice, "Ben") }, FRAN);
    expect(res.text).toBe("");
    const after = h.lastReply(FRAN, "action");
    expect(contexts(after).slice(0, 2)).toEqual([
      "Case 1: Ana, case form not started",
      "Case 2: Ben, case form not started",
    ]);
    expect(await slot(0, 2)).toMatchObject({ user: `slack:T1:${BEN}`, how: "assigned" });
  });

  test("a facilitator swaps two slots from the Swap modal and frees one with Free", async () => {
    await h.command("present", FRAN);
    await h.click(buttonFor(h.lastReply(FRAN), "Assign", slots[2]![0]!), FRAN);
    await h.submit({ member: optionValue(input(h.openedView(), "member"), "Dee") }, FRAN);
    expect((await slot(2, 1)).user).toBe(`slack:T1:${DEE}`);
    await h.click(buttonFor(h.lastReply(FRAN, "action"), "Swap", slots[2]![0]!), FRAN);
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.slotSwap);
    const other = input(view, "other");
    expect((other.element.options ?? []).map((o) => o.text.text).slice(0, 5)).toEqual([
      "2026-12-02 case 1: Ana",
      "2026-12-02 case 2: Ben",
      "2026-12-09 case 1: open",
      "2026-12-09 case 2: open",
      "2026-12-16 case 2: open",
    ]);
    expect((await h.submit({ other: optionValue(other, "2026-12-23 case 2: open") }, FRAN)).text).toBe("");
    expect((await slot(2, 1)).memberId).toBeNull();
    expect((await slot(3, 2)).user).toBe(`slack:T1:${DEE}`);
    const swapped = h.lastReply(FRAN, "action");
    await h.click(buttonFor(swapped, "Free", slots[3]![1]!), FRAN);
    const freed = h.lastReply(FRAN, "action");
    expect(freed.replace_original).toBe(true);
    expect(allText(freed)).not.toContain("Dee");
    expect((await slot(3, 2)).memberId).toBeNull();
    const actions = await h.services.database.db.auditEntry.findMany({ where: { action: { startsWith: "slot." } } });
    expect(actions.map((a) => `${a.action} by ${a.actor.split(":")[2]}`).sort()).toEqual([
      "slot.assign by UFRAN",
      "slot.assign by UFRAN",
      "slot.claimed by UANA",
      "slot.claimed by UBEN",
      "slot.free by UFRAN",
      "slot.release by UBEN",
      "slot.swap by UFRAN",
    ]);
  });

  test("`case` opens the case form as a modal; a draft is saved privately and opens again with what was written", async () => {
    await h.command("case", ANA);
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.caseForm);
    expect(decodeViewMetadata(String(view.private_metadata))?.metadata).toBe(slots[0]![0]);
    expect(inputs(view).map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ["ageBand", "static_select", false],
      ["sex", "static_select", false],
      ["setting", "static_select", false],
      ["problem", "plain_text_input", false],
      ["history", "plain_text_input", true],
      ["medications", "plain_text_input", true],
      ["tried", "plain_text_input", true],
      ["question", "plain_text_input", false],
      ["action", "static_select", false],
    ]);
    expect(input(view, "problem").element).toMatchObject({ multiline: true, max_length: 1000 });
    expect(input(view, "action").element.initial_option?.value).toBe("draft");
    expect((await h.submit({ problem: CASE.problem }, ANA)).text).toBe("");
    expect(h.lastReply(ANA)).toMatchObject({
      response_type: "ephemeral",
      text: "Draft saved. Open it again with `case` to finish it.",
    });
    expect(await h.services.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "draft",
      fields: { problem: CASE.problem },
    });
    await h.command("case", ANA);
    expect(input(h.openedView(), "problem").element.initial_value).toBe(CASE.problem);
  });

  test("a submission with a name, a date of birth, an NHS number and a phone number gets an error on each of those blocks naming the kind, and nothing of it is stored", async () => {
    const res = await h.submit({ ...CASE, ...IDENTIFIED, action: "submit" }, ANA);
    const ack = res.json() as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe("errors");
    expect(Object.keys(ack.errors).sort()).toEqual(["history", "medications", "problem", "question"]);
    expect(ack.errors.problem).toMatch(/^Presenting problem: this looks like a person's name/);
    expect(ack.errors.history).toMatch(/^Relevant history: this looks like a date of birth/);
    expect(ack.errors.medications).toMatch(/^Current medications: this looks like an NHS number/);
    expect(ack.errors.question).toMatch(/^Your one question for the panel: this looks like a phone number/);
    expect(res.text).not.toMatch(LEAKS);
    expect(await h.services.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "draft",
      fields: { problem: CASE.problem },
    });
    const stored = JSON.stringify(
      await Promise.all([
        h.services.database.db.caseForm.findMany(),
        h.services.database.db.auditEntry.findMany(),
        h.services.database.db.job.findMany(),
      ]),
    );
    expect(stored).not.toMatch(LEAKS);
    await scheduler.tick();
    expect(allText(h.fake.calls)).not.toMatch(LEAKS);
    expect(posts(dm(HUGO))).toEqual([]);
  });

  test("a clean submission is shared with the hub expert by direct message when the scheduler runs", async () => {
    expect((await h.submit({ ...CASE, action: "submit" }, ANA)).text).toBe("");
    expect(h.lastReply(ANA).text).toBe(
      "Your case is submitted: the hub experts have it now, and the channel gets a summary on the day.",
    );
    await scheduler.tick();
    expect(h.fake.callsTo("conversations.open").map((c) => c.body.users)).toContain(HUGO);
    const shared = lastPostTitled(dm(HUGO), "Case from Ana for Palliative Care ECHO");
    expect(contexts(shared.body)).toEqual([`To be discussed on ${S1}.`]);
    const text = allText(shared.body);
    for (const value of Object.values(CASE)) expect(text).toContain(value);
    expect(shared.body.metadata).toMatchObject({ event_type: "teleecho_delivery" });
    // only the hub expert has it, and nobody was asked to present: the first session's slots are both held
    expect(h.fake.callsTo("chat.postMessage").filter((c) => allText(c.body).includes("Case from Ana"))).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage").filter((c) => header(c.body) === ASK)).toEqual([]);
  });

  test("on the day of the session the channel gets the summary of its cases", async () => {
    h.services.clock.set("2026-12-02T08:00:00Z");
    await scheduler.tick();
    const summary = lastPostTitled(CHANNEL, "Today at Palliative Care ECHO: 1 case");
    expect(contexts(summary.body)).toEqual([`${S1}. Video room: https://zoom.us/j/123456789`]);
    expect(sections(summary.body)).toEqual([`Case 1 (Ana): 70–79, female, care home.\nQuestion: ${CASE.question}`]);
    expect(allText(summary.body)).not.toContain(CASE.history);
  });

  test("`rotation` lists who is next and why: the spoke that presented least recently first, then its member", async () => {
    h.services.clock.set("2026-12-03T09:00:00Z");
    await h.command("rotation", DEE);
    const card = h.lastReply(DEE);
    expect(header(card)).toBe("Palliative Care ECHO: who presents next");
    expect(sections(card)[0]).toBe(
      [
        "1. Cy: Hilltop Hospice never presented; Cy never presented",
        "2. Ana: Riverside Practice last presented 2026-12-02; Ana last presented 2026-12-02",
        "3. Dee: Hilltop Hospice never presented; Dee never presented",
        "4. Ben: Riverside Practice last presented 2026-12-02; Ben last presented 2026-12-02",
      ].join("\n"),
    );
  });

  test("`rotation away` marks the first in line as skipped for the next session, keeping their place", async () => {
    await h.command("rotation away 2026-12-07 2026-12-11", CY);
    expect(h.lastReply(CY).text).toBe(
      "Noted: you are away from 2026-12-07 to 2026-12-11. The rotation skips you then and keeps your place.",
    );
    await h.command("rotation away 2026-12-11 2026-12-07", CY);
    expect(h.lastReply(CY).text).toBe(
      "Usage: `rotation away YYYY-MM-DD [YYYY-MM-DD]` (the first and last day you are away).",
    );
    await h.command("rotation", FRAN);
    expect(sections(h.lastReply(FRAN))[0]?.split("\n")[0]).toBe(
      "1. Cy (away for the next session: skipped, keeps this place): Hilltop Hospice never presented; Cy never presented",
    );
  });

  test("the scheduler asks the next people for the open slots by direct message, with Accept and Pass, skipping the one away", async () => {
    const opensBefore = h.fake.callsTo("conversations.open").length;
    await scheduler.tick();
    // Dee had never had a direct message from the bot: the channel is opened first
    expect(
      h.fake
        .callsTo("conversations.open")
        .slice(opensBefore)
        .map((c) => c.body.users),
    ).toEqual([DEE]);
    // Cy is away on the 9th: Hilltop Hospice, which has never presented, is still next, so Dee is asked for case 1;
    // Ana, next from Riverside Practice, for case 2
    const asks = h.fake.callsTo("chat.postMessage").filter((c) => header(c.body) === ASK);
    expect(asks.map((c) => c.body.channel)).toEqual([dm(DEE), dm(ANA)]);
    expect(sections(asks[0]!.body)).toEqual([`Case 1 on ${S2} is still open and it is your turn in the rotation.`]);
    expect(sections(asks[1]!.body)).toEqual([`Case 2 on ${S2} is still open and it is your turn in the rotation.`]);
    expect(buttonsIn(asks[0]!.body).map((b) => [b.text.text, (b as { style?: string }).style])).toEqual([
      ["Accept", "primary"],
      ["Pass", undefined],
    ]);
  });

  test("Pass hands the question to the next person in the rotation, and nobody else can answer it", async () => {
    const ask = lastPostTitled(dm(DEE), ASK);
    const pass = buttonLabelled(ask.body, "Pass");
    await clickInDm(pass, CY);
    expect(h.lastReply(CY, "action").text).toBe("That request was sent to someone else.");
    await clickInDm(pass, DEE);
    expect(h.lastReply(DEE, "action")).toMatchObject({
      response_type: "ephemeral",
      text: "No problem: I'll ask the next person. Your place in the rotation is kept.",
    });
    await scheduler.tick();
    const next = lastPostTitled(dm(BEN), ASK);
    expect(sections(next.body)).toEqual([`Case 1 on ${S2} is still open and it is your turn in the rotation.`]);
    expect(postsTitled(dm(CY), ASK)).toEqual([]);
  });

  test("Accept gives the slot to the one who accepts, and the one away still leads the rotation", async () => {
    const accept = buttonLabelled(lastPostTitled(dm(BEN), ASK).body, "Accept");
    await clickInDm(accept, BEN);
    expect(h.lastReply(BEN, "action").text).toBe(
      `Thank you! You present a case on ${S2}. Fill in the de-identified case form with \`case\`.`,
    );
    expect(await slot(1, 1)).toMatchObject({ user: `slack:T1:${BEN}`, how: "asked" });
    await h.command("present", BEN);
    const card = h.lastReply(BEN);
    expect(sections(card)[0]).toBe(S2);
    expect(contexts(card).slice(0, 2)).toEqual(["Case 1: Ben (you), case form not started", "Case 2: open"]);
    await h.command("rotation", FRAN);
    expect(sections(h.lastReply(FRAN))[0]?.split("\n")[0]).toMatch(/^1\. Cy \(away for the next session/);
  });

  test("the hub expert writes the recommendations from `case`; identifiers are refused there too, and the presenter gets them by direct message", async () => {
    await h.command("case", HUGO);
    const list = h.lastReply(HUGO);
    expect(sections(list)).toEqual([`Ana's case, ${S1}`]);
    await h.click(buttonLabelled(list, "Recommendations"), HUGO);
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.recommendations);
    expect(input(view, "recommendations").element).toMatchObject({ type: "plain_text_input", multiline: true });
    expect(input(view, "followUpDate").element.type).toBe("datepicker");
    const refused = await h.submit(
      {
        recommendations: "Try a low-dose benzodiazepine; ring Dr Smith on 020 7946 0000.",
        followUpDate: "2027-01-06",
      },
      HUGO,
    );
    expect(refused.json()).toEqual({
      response_action: "errors",
      errors: { recommendations: expect.stringMatching(/^Recommendations: this looks like a person's name/) },
    });
    expect((await h.submit({ recommendations: RECOMMENDATIONS, followUpDate: "2027-01-06" }, HUGO)).text).toBe("");
    expect(h.lastReply(HUGO, "action").text).toBe("Recommendations saved; the presenter gets them now.");
    await scheduler.tick();
    const advice = lastPostTitled(dm(ANA), "The panel's recommendations on your case");
    expect(sections(advice.body)).toEqual([RECOMMENDATIONS]);
    expect(contexts(advice.body)).toEqual([
      `Palliative Care ECHO, ${S1}`,
      "Follow-up: 2027-01-06. I'll ask you then how things went.",
    ]);
  });

  test("an ask nobody answers moves on after 48 hours, and after the away dates the one who was away is asked first", async () => {
    h.services.clock.set("2026-12-05T09:01:00Z");
    await scheduler.tick();
    expect(posts(dm(ANA)).at(-1)?.body.text).toBe(
      `No answer came, so I've asked the next person to present on ${S2}. Your place in the rotation is kept.`,
    );
    expect(sections(lastPostTitled(dm(DEE), ASK).body)).toEqual([
      `Case 2 on ${S2} is still open and it is your turn in the rotation.`,
    ]);
    expect(postsTitled(dm(CY), ASK)).toEqual([]);
    // the 16th: Cy is back, and Hilltop Hospice has still never presented
    h.services.clock.set("2026-12-10T09:00:00Z");
    await scheduler.tick();
    expect(h.fake.callsTo("conversations.open").map((c) => c.body.users)).toContain(CY);
    expect(postsTitled(dm(CY), ASK).map((c) => sections(c.body)[0])).toEqual([
      `Case 1 on ${S3} is still open and it is your turn in the rotation.`,
    ]);
    expect(sections(lastPostTitled(dm(DEE), ASK).body)).toEqual([
      `Case 2 on ${S3} is still open and it is your turn in the rotation.`,
    ]);
  });

  test("at the follow-up date the presenter is asked how things went, and the outcome form stores the answer", async () => {
    h.services.clock.set("2027-01-06T09:00:00Z");
    await scheduler.tick();
    const followUp = lastPostTitled(dm(ANA), "How did things go?");
    expect(sections(followUp.body)).toEqual([
      `It's the follow-up date for the case you presented at Palliative Care ECHO on ${S1}.`,
    ]);
    await clickInDm(buttonLabelled(followUp.body, "Record the outcome"), ANA);
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.outcome);
    expect(decodeViewMetadata(String(view.private_metadata))).toMatchObject({ channel: `slack:T1:${dm(ANA)}` });
    expect((await h.submit({ outcome: "Seen again at 14 Elm Road; much better." }, ANA)).json()).toEqual({
      response_action: "errors",
      errors: { outcome: expect.stringMatching(/^Outcome: this looks like a street address/) },
    });
    expect((await h.submit({ outcome: OUTCOME }, ANA)).text).toBe("");
    expect(h.lastReply(ANA, "action").text).toBe("Thank you: the outcome is recorded with the case.");
    expect(await h.services.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "submitted",
      recommendations: RECOMMENDATIONS,
      followUpDate: "2027-01-06",
      outcome: OUTCOME,
    });
  });
});

describe.each(PROVIDERS)("the claim race in Slack on %s", (provider) => {
  let h: SlackHarness;
  const racers = Array.from({ length: 20 }, (_, i) => `UR${String(i + 1).padStart(2, "0")}`);
  const nameOf = (user: string) => `Racer ${user.slice(2)}`;

  beforeAll(async () => {
    h = await SlackHarness.start(provider);
    for (const user of racers) h.fake.users.set(user, { name: nameOf(user) });
  });
  afterAll(async () => {
    expect(h.blockKitViolations()).toEqual([]);
    await h.close();
  });

  test("twenty members click the same Claim button at the same moment: exactly one gets the slot and nineteen are told it was just taken", async () => {
    await h.setUpNetwork(QUIET_SETUP);
    await h.command(`role ${racers.map((u) => `<@${u}|${nameOf(u)}>`).join(" ")} member`);
    expect(h.fake.last("response_url").body.text).toMatch(/^Racer 01, Racer 02, .* and Racer 20 are now members/);
    await h.command("present", racers[0]);
    const claim = buttonsIn(h.fake.last("response_url").body)[2] as ButtonElement;
    expect(claim.text.text).toBe("Claim case 1");
    const answers = await Promise.all(racers.map((user) => h.click(claim, user)));
    expect(answers.map((a) => a.status)).toEqual(racers.map(() => 200));
    const replies = h.fake.callsTo("response_url").filter((c) => c.path.startsWith("/respond/action-"));
    expect(replies).toHaveLength(20);
    const won = replies.filter((r) => r.body.replace_original === true);
    expect(won).toHaveLength(1);
    const winner = won[0]!.path.replace("/respond/action-", "");
    expect(allText(won[0]!.body)).toContain(`Case 1: ${nameOf(winner)} (you), case form not started`);
    const lost = replies.filter((r) => r !== won[0]);
    expect(lost.map((r) => r.body)).toEqual(
      lost.map(() => ({
        response_type: "ephemeral",
        replace_original: false,
        text: `Sorry, that slot was just taken by ${nameOf(winner)}.`,
      })),
    );
    expect(new Set(lost.map((r) => r.path)).size).toBe(19);
    const held = await h.services.store.slots.byId(String(claim.value));
    expect(held).toMatchObject({ user: `slack:T1:${winner}`, how: "claimed" });
    const audit = await h.services.database.db.auditEntry.findMany({ where: { action: "slot.claimed" } });
    expect(audit.map((a) => a.actor)).toEqual([`slack:T1:${winner}`]);
  });
});
