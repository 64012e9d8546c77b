/**
 * Presenting a case in Teams, end to end through POST /api/messages on the shared express app (empty app id) against
 * a stub Bot Connector, with the REAL Teams messenger sending proactively when the scheduler ticks. A facilitator sets
 * the network up and adds people by @mention; `present` lists the slots with Claim buttons (`Action.Execute`, the
 * clicked card replaced in the invoke response); members claim and release; the facilitator assigns and swaps from
 * dialogs and frees with a button; `rotation` says who is next and why, `rotation away` skips someone without costing
 * their place; the scheduler asks the next people in a 1:1 chat, created through POST /v3/conversations for someone
 * who never talked to the bot, with Accept and Pass; `case` offers the case form as a dialog (task/fetch), where a
 * draft is kept, identifiers are refused under their own field with the values kept and nothing stored, and a
 * submitted case goes to the hub expert, the day's summary to the channel, the recommendations back to the presenter
 * and, at the follow-up date, the outcome dialog. Twenty members click one Claim button at the same moment, and
 * exactly one gets the slot. Every Adaptive Card sent or answered with is checked with the adaptivecards package.
 */
import { decodeFormRef } from "../../src/core/app-refs";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Network } from "../../src/core/ports";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler";
import { CASE } from "../support/cases";
import { PROVIDERS } from "../support/db";
import { ASK, IDENTIFIED, LEAKS, OUTCOME, QUIET_SETUP as QUIET, RECOMMENDATIONS, S1, S2, S3 } from "../support/seed";
import {
  button,
  type CardAction,
  CHANNEL,
  CHANNEL_ID,
  cardActions,
  cardInputs,
  cardText,
  dialogCard,
  execute,
  FRAN,
  mention,
  StubConnector,
  sentCards,
  startTeams,
  TENANT,
  type TeamsHarness,
  type TeamsUser,
  taskFetch,
  taskMessage,
  taskSubmit,
  type ValidatedTeams,
  validated,
  type Where,
} from "../support/teams";

type Json = Record<string, unknown>;

const user = (key: string, name: string, aad: string): TeamsUser => ({
  id: `29:1${key}-teams-id`,
  name,
  aadObjectId: aad,
});
const ANA = user("ana", "Ana Patel", "a1a1a1a1-0000-4000-8000-0000000000a1");
const BEN = user("ben", "Ben Okafor", "b2b2b2b2-0000-4000-8000-0000000000b2");
const CY = user("cy", "Cy Jones", "c3c3c3c3-0000-4000-8000-0000000000c3");
const DEE = user("dee", "Dee Walsh", "d4d4d4d4-0000-4000-8000-0000000000d4");
const HUGO = user("hugo", "Hugo Reyes", "e5e5e5e5-0000-4000-8000-0000000000e5");
const address = (u: TeamsUser) => `teams:${u.aadObjectId}`;

/** Setup with the channel and personal reminders switched off; the Teams dialog sends the duration as a number. */
const QUIET_SETUP = { ...QUIET, durationMinutes: 90 };

const NOTICE = "application/vnd.microsoft.activity.message";
const ADAPTIVE = "application/vnd.microsoft.card.adaptive";

/** The text of each TextBlock of a card, in order. */
const texts = (card: Json) =>
  ((card.body as Array<{ type: string; text?: string }> | undefined) ?? [])
    .filter((e) => e.type === "TextBlock")
    .map((e) => e.text ?? "");
const title = (card: Json) => texts(card)[0];
/** The slot an action works on: its value, or the metadata of the form it opens. */
const slotOf = (action: CardAction) => {
  const value = String(action.data?.value ?? "");
  return action.type === "Action.Submit" ? decodeFormRef(value).metadata : value;
};

/** The invoke response to an `Action.Execute` click: a notice, or a card that replaces the clicked one. */
type Clicked = { statusCode: number; type: string; value: unknown };

describe.each(PROVIDERS)("presenting a case in Teams on %s", (provider) => {
  let h: TeamsHarness;
  let url: string;
  let post: ValidatedTeams["post"];
  let say: ValidatedTeams["say"];
  let checkSent: ValidatedTeams["checkSent"];
  let scheduler: Scheduler;
  let network: Network;
  /** the slot ids of the first six sessions, by session and then by case position */
  let slots: string[][];
  let caseDialog: Json;

  beforeAll(async () => {
    h = await startTeams(provider, { members: [FRAN, ANA, BEN, CY, DEE, HUGO] });
    url = h.connector.serviceUrl;
    ({ post, say, checkSent } = validated(h));
    // the scheduler as main.ts builds it, with the Teams adapter's own messenger
    scheduler = createScheduler(h.services, h.teams.messenger, { worker: `teams-presenting-${provider}` });
  });

  afterEach(() => {
    checkSent();
  });

  afterAll(async () => {
    await scheduler.stop();
    await h.close();
  });

  const lastText = () => h.connector.last().body.text;
  const lastCard = () => StubConnector.card(h.connector.last());
  const action = (card: Json, label: string, slot?: string): CardAction => {
    const found = cardActions(card).find((a) => a.title === label && (slot === undefined || slotOf(a) === slot));
    if (!found) throw new Error(`the card has no ${label} button${slot ? ` for slot ${slot}` : ""}`);
    return found;
  };
  /** The 1:1 chat the bot has with someone (created by the messenger, or by them writing to the bot). */
  const chatOf = async (u: TeamsUser) => {
    const stored = await h.services.store.conversations.find(address(u));
    if (!stored) throw new Error(`no chat with ${u.name}`);
    return (JSON.parse(stored) as { conversation: { id: string } }).conversation.id;
  };
  /** Where an invoke comes from: the channel thread (the default), or someone's 1:1 chat with the bot. */
  const place = async (from: TeamsUser, where: "channel" | "chat"): Promise<Where | undefined> =>
    where === "chat" ? { kind: "personal", user: from, conversationId: await chatOf(from) } : undefined;
  const click = async (from: TeamsUser, a: CardAction, where: "channel" | "chat" = "channel") =>
    (await post(execute(url, from, a, await place(from, where)))).body as Clicked;
  const fetchDialog = async (from: TeamsUser, a: CardAction, where: "channel" | "chat" = "channel") =>
    (await post(taskFetch(url, from, a.data, await place(from, where)))).body;
  const submit = async (
    from: TeamsUser,
    card: Json,
    values: Record<string, string | number>,
    where: "channel" | "chat" = "channel",
  ) => (await post(taskSubmit(url, from, card, values, await place(from, where)))).body;
  /** The cards sent to a conversation whose title is this. */
  const cardsTo = (conversationId: string, heading: string) =>
    h.connector
      .sent()
      .filter((r) => r.conversationId === conversationId && sentCards(r).length > 0)
      .map((r) => StubConnector.card(r))
      .filter((c) => title(c) === heading);
  const lastCardTo = (conversationId: string, heading: string) => {
    const found = cardsTo(conversationId, heading).at(-1);
    if (!found) throw new Error(`nothing titled “${heading}” was sent to ${conversationId}`);
    return found;
  };
  const slot = async (session: number, position: number) => {
    const found = await h.services.store.slots.byId(slots[session]?.[position - 1] ?? "");
    if (!found) throw new Error(`no slot ${position} in session ${session}`);
    return found;
  };
  const replacedCard = (body: Clicked) => {
    expect(body).toMatchObject({ statusCode: 200, type: ADAPTIVE });
    return body.value as Json;
  };

  test("a facilitator sets the network up, adds four members with one `role` and a hub expert, and puts them in spokes", async () => {
    await say(FRAN, "setup");
    const setup = dialogCard(await fetchDialog(FRAN, action(lastCard(), "Open: Set up ECHO network")));
    expect(taskMessage(await submit(FRAN, setup, QUIET_SETUP))).toEqual({ type: "message", value: "Saved." });
    network = (await h.services.store.networks.byChannel(CHANNEL)) as Network;
    expect(network).toMatchObject({ casesPerSession: 2, caseDueDays: 2, rotationAskDays: 7 });
    await say(FRAN, `role <at>${ANA.name}</at> <at>${BEN.name}</at> <at>${CY.name}</at> <at>${DEE.name}</at> member`, [
      mention(ANA),
      mention(BEN),
      mention(CY),
      mention(DEE),
    ]);
    expect(lastText()).toBe("Ana Patel, Ben Okafor, Cy Jones and Dee Walsh are now members of Palliative Care ECHO.");
    await say(FRAN, `role <at>${HUGO.name}</at> hub_expert`, [mention(HUGO)]);
    expect(lastText()).toBe("Hugo Reyes is now hub expert of Palliative Care ECHO.");
    for (const [u, spoke] of [
      [ANA, "Riverside Practice"],
      [BEN, "Riverside Practice"],
      [CY, "Hilltop Hospice"],
      [DEE, "Hilltop Hospice"],
    ] as const) {
      await say(FRAN, `rotation spoke <at>${u.name}</at> ${spoke}`, [mention(u)]);
      expect(lastText()).toBe(`${u.name} is at ${spoke}.`);
    }
    expect(await h.services.store.members.find(network.id, address(ANA))).toMatchObject({ role: "member" });
  });

  test("`present` shows each coming session's open slots with a Claim button", async () => {
    await say(ANA, "present");
    const card = lastCard();
    expect(texts(card).slice(0, 4)).toEqual(["Palliative Care ECHO: case slots", S1, "Case 1: open", "Case 2: open"]);
    const claims = cardActions(card);
    expect(claims.map((a) => [a.title, a.type, a.verb])).toEqual(
      Array.from({ length: 6 }, () => [
        ["Claim case 1", "Action.Execute", ActionIds.slotClaim],
        ["Claim case 2", "Action.Execute", ActionIds.slotClaim],
      ]).flat(),
    );
    const sessions = (await h.services.store.sessions.upcoming(network.id, h.services.clock.now(), 6)).filter(
      (s) => s.status === "scheduled",
    );
    slots = [];
    for (const session of sessions) slots.push((await h.services.store.slots.forSession(session.id)).map((s) => s.id));
    expect(claims.map(slotOf)).toEqual(slots.flat());
  });

  test("a member claims a slot with its button, and the card is replaced to show it as theirs with Case form and Release", async () => {
    const card = replacedCard(await click(ANA, action(lastCard(), "Claim case 1", slots[0]![0]!)));
    expect(texts(card).slice(2, 4)).toEqual(["Case 1: Ana Patel (you), case form not started", "Case 2: open"]);
    expect(
      cardActions(card)
        .slice(0, 3)
        .map((a) => [a.title, a.type]),
    ).toEqual([
      ["Case form", "Action.Submit"],
      ["Release", "Action.Execute"],
      ["Claim case 2", "Action.Execute"],
    ]);
    expect(await slot(0, 1)).toMatchObject({ user: address(ANA), how: "claimed" });
    expect(await click(ANA, action(card, "Claim case 2", slots[0]![1]!))).toEqual({
      statusCode: 200,
      type: NOTICE,
      value: "You already present a case in that session; one case each.",
    });
    expect((await slot(0, 2)).memberId).toBeNull();
  });

  test("a member releases a slot before the case deadline, and it is open again", async () => {
    await say(BEN, "present");
    const claimed = replacedCard(await click(BEN, action(lastCard(), "Claim case 2", slots[0]![1]!)));
    expect(texts(claimed).slice(2, 4)).toEqual([
      "Case 1: Ana Patel, case form not started",
      "Case 2: Ben Okafor (you), case form not started",
    ]);
    const released = replacedCard(await click(BEN, action(claimed, "Release", slots[0]![1]!)));
    expect(texts(released)[3]).toBe("Case 2: open");
    expect((await slot(0, 2)).memberId).toBeNull();
  });

  test("a facilitator sees Assign, Free and Swap, and assigns an open slot from the Assign dialog", async () => {
    await say(FRAN, "present");
    const card = lastCard();
    expect(
      cardActions(card)
        .slice(0, 6)
        .map((a) => a.title),
    ).toEqual(["Assign", "Free", "Swap", "Claim case 2", "Assign", "Swap"]);
    const dialog = dialogCard(await fetchDialog(FRAN, action(card, "Assign", slots[0]![1]!)));
    expect(cardActions(dialog).find((a) => a.type === "Action.Submit")?.data).toEqual({
      formId: FormIds.slotAssign,
      metadata: slots[0]![1],
    });
    const member = cardInputs(dialog).get("member");
    expect(member).toMatchObject({ type: "Input.ChoiceSet", value: "none", isRequired: true });
    const choices = (member?.choices ?? []) as Array<{ title: string; value: string }>;
    expect(choices.map((c) => c.title)).toEqual([
      "Nobody (free the slot)",
      "Fran Facilitator",
      "Hugo Reyes",
      "Ana Patel",
      "Ben Okafor",
      "Cy Jones",
      "Dee Walsh",
    ]);
    const ben = choices.find((c) => c.title === BEN.name)?.value as string;
    expect(taskMessage(await submit(FRAN, dialog, { member: ben }))).toEqual({ type: "message", value: "Saved." });
    expect(texts(lastCard()).slice(2, 4)).toEqual([
      "Case 1: Ana Patel, case form not started",
      "Case 2: Ben Okafor, case form not started",
    ]);
    expect(await slot(0, 2)).toMatchObject({ user: address(BEN), how: "assigned" });
  });

  test("a facilitator swaps two slots from the Swap dialog and frees one with Free", async () => {
    const assign = dialogCard(await fetchDialog(FRAN, action(lastCard(), "Assign", slots[2]![0]!)));
    const dee = ((cardInputs(assign).get("member")?.choices ?? []) as Array<{ title: string; value: string }>).find(
      (c) => c.title === DEE.name,
    )?.value as string;
    await submit(FRAN, assign, { member: dee });
    expect((await slot(2, 1)).user).toBe(address(DEE));
    const swap = dialogCard(await fetchDialog(FRAN, action(lastCard(), "Swap", slots[2]![0]!)));
    const other = cardInputs(swap).get("other");
    const options = (other?.choices ?? []) as Array<{ title: string; value: string }>;
    expect(options.map((o) => o.title).slice(0, 5)).toEqual([
      "2026-12-02 case 1: Ana Patel",
      "2026-12-02 case 2: Ben Okafor",
      "2026-12-09 case 1: open",
      "2026-12-09 case 2: open",
      "2026-12-16 case 2: open",
    ]);
    const target = options.find((o) => o.title === "2026-12-23 case 2: open")?.value as string;
    expect(taskMessage(await submit(FRAN, swap, { other: target }))).toEqual({ type: "message", value: "Saved." });
    expect((await slot(2, 1)).memberId).toBeNull();
    expect((await slot(3, 2)).user).toBe(address(DEE));
    const freed = replacedCard(await click(FRAN, action(lastCard(), "Free", slots[3]![1]!)));
    expect(cardText(freed)).not.toContain(DEE.name);
    expect((await slot(3, 2)).memberId).toBeNull();
    const audit = await h.services.database.db.auditEntry.findMany({ where: { action: { startsWith: "slot." } } });
    expect(audit.map((a) => `${a.action} by ${a.actor}`).sort()).toEqual(
      [
        `slot.assign by ${address(FRAN)}`,
        `slot.assign by ${address(FRAN)}`,
        `slot.claimed by ${address(ANA)}`,
        `slot.claimed by ${address(BEN)}`,
        `slot.free by ${address(FRAN)}`,
        `slot.release by ${address(BEN)}`,
        `slot.swap by ${address(FRAN)}`,
      ].sort(),
    );
  });

  test("`case` offers the case form as a dialog; a draft is saved and the dialog opens again with what was written", async () => {
    await say(ANA, "case");
    const launcher = lastCard();
    expect(title(launcher)).toBe("Case for the panel");
    caseDialog = dialogCard(await fetchDialog(ANA, action(launcher, "Open: Case for the panel")));
    expect(cardActions(caseDialog).find((a) => a.type === "Action.Submit")?.data).toEqual({
      formId: FormIds.caseForm,
      metadata: slots[0]![0],
    });
    const fields = cardInputs(caseDialog);
    expect([...fields.entries()].map(([id, e]) => [id, e.type, e.isRequired])).toEqual([
      ["ageBand", "Input.ChoiceSet", true],
      ["sex", "Input.ChoiceSet", true],
      ["setting", "Input.ChoiceSet", true],
      ["problem", "Input.Text", true],
      ["history", "Input.Text", false],
      ["medications", "Input.Text", false],
      ["tried", "Input.Text", false],
      ["question", "Input.Text", true],
      ["action", "Input.ChoiceSet", true],
    ]);
    expect(fields.get("problem")).toMatchObject({ isMultiline: true, maxLength: 1000 });
    expect(fields.get("action")?.value).toBe("draft");
    expect(taskMessage(await submit(ANA, caseDialog, { problem: CASE.problem }))).toEqual({
      type: "message",
      value: "Draft saved. Open it again with `case` to finish it.",
    });
    expect(await h.services.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "draft",
      fields: { problem: CASE.problem },
    });
    await say(ANA, "case");
    caseDialog = dialogCard(await fetchDialog(ANA, action(lastCard(), "Open: Case for the panel")));
    expect(cardInputs(caseDialog).get("problem")?.value).toBe(CASE.problem);
  });

  test("a submission with a name, a date of birth, an NHS number and a phone number shows the dialog again with each message under its field and the values kept, and nothing of it is stored", async () => {
    const again = dialogCard(await submit(ANA, caseDialog, { ...CASE, ...IDENTIFIED, action: "submit" }));
    const fields = cardInputs(again);
    const errors = Object.fromEntries(
      [...fields.entries()].filter(([, e]) => e.errorMessage && !String(e.errorMessage).endsWith("is required.")),
    );
    expect(Object.keys(errors).sort()).toEqual(["history", "medications", "problem", "question"]);
    expect(fields.get("problem")?.errorMessage).toMatch(/^Presenting problem: this looks like a person's name/);
    expect(fields.get("history")?.errorMessage).toMatch(/^Relevant history: this looks like a date of birth/);
    expect(fields.get("medications")?.errorMessage).toMatch(/^Current medications: this looks like an NHS number/);
    expect(fields.get("question")?.errorMessage).toMatch(
      /^Your one question for the panel: this looks like a phone number/,
    );
    for (const [id, value] of Object.entries({ ...CASE, ...IDENTIFIED, action: "submit" }))
      expect(fields.get(id)?.value).toBe(value);
    expect(texts(again)).toContain(String(fields.get("history")?.errorMessage));
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
    expect(JSON.stringify(h.connector.requests)).not.toMatch(LEAKS);
  });

  test("a clean submission is shared with the hub expert in a 1:1 chat the bot creates, when the scheduler runs", async () => {
    expect(taskMessage(await submit(ANA, caseDialog, { ...CASE, action: "submit" }))).toEqual({
      type: "message",
      value: "Your case is submitted: the hub experts have it now, and the channel gets a summary on the day.",
    });
    await scheduler.tick();
    const created = h.connector.requests.filter((r) => r.kind === "create");
    expect(created.map((r) => r.body)).toEqual([
      expect.objectContaining({
        isGroup: false,
        members: [{ id: HUGO.aadObjectId }],
        tenantId: TENANT,
        channelData: { tenant: { id: TENANT } },
      }),
    ]);
    const shared = lastCardTo(await chatOf(HUGO), "Case from Ana Patel for Palliative Care ECHO");
    expect(texts(shared)).toContain(`To be discussed on ${S1}.`);
    const facts = cardText(shared);
    for (const value of Object.values(CASE)) expect(facts).toContain(JSON.stringify(value).slice(1, -1));
    // nobody was asked to present: the first session's slots are both held
    expect(h.connector.sent().filter((r) => sentCards(r).some((c) => title(c as Json) === ASK))).toEqual([]);
  });

  test("on the day of the session the channel gets the summary of its cases", async () => {
    h.services.clock.set("2026-12-02T08:00:00Z");
    await scheduler.tick();
    const summary = lastCardTo(CHANNEL_ID, "Today at Palliative Care ECHO: 1 case");
    expect(texts(summary).slice(1)).toEqual([
      `${S1}. Video room: https://zoom.us/j/123456789`,
      "Case 1 (Ana Patel): 70–79, female, care home.",
      `Question: ${CASE.question}`,
    ]);
  });

  test("`rotation` lists who is next and why: the spoke that presented least recently first, then its member", async () => {
    h.services.clock.set("2026-12-03T09:00:00Z");
    await say(DEE, "rotation");
    const card = lastCard();
    expect(texts(card).slice(0, 5)).toEqual([
      "Palliative Care ECHO: who presents next",
      "1. Cy Jones: Hilltop Hospice never presented; Cy Jones never presented",
      "2. Ana Patel: Riverside Practice last presented 2026-12-02; Ana Patel last presented 2026-12-02",
      "3. Dee Walsh: Hilltop Hospice never presented; Dee Walsh never presented",
      "4. Ben Okafor: Riverside Practice last presented 2026-12-02; Ben Okafor last presented 2026-12-02",
    ]);
  });

  test("`rotation away` marks the first in line as skipped for the next session, keeping their place", async () => {
    await say(CY, "rotation away 2026-12-07 2026-12-11");
    expect(lastText()).toBe(
      "Noted: you are away from 2026-12-07 to 2026-12-11. The rotation skips you then and keeps your place.",
    );
    await say(FRAN, "rotation");
    expect(texts(lastCard())[1]).toBe(
      "1. Cy Jones (away for the next session: skipped, keeps this place): Hilltop Hospice never presented; Cy Jones never presented",
    );
  });

  test("the scheduler asks the next people in 1:1 chats, creating one for a member who never talked to the bot, with Accept and Pass, skipping the one away", async () => {
    const createdBefore = h.connector.requests.filter((r) => r.kind === "create").length;
    await scheduler.tick();
    const created = h.connector.requests.filter((r) => r.kind === "create").slice(createdBefore);
    expect(created.map((r) => (r.body.members as Array<{ id: string }>)[0]?.id)).toEqual([DEE.aadObjectId]);
    // Cy is away on the 9th: Hilltop Hospice, which has never presented, is still next, so Dee is asked for case 1;
    // Ana, next from Riverside Practice, for case 2
    const deeAsk = lastCardTo(await chatOf(DEE), ASK);
    expect(texts(deeAsk)[1]).toBe(`Case 1 on ${S2} is still open and it is your turn in the rotation.`);
    expect(cardActions(deeAsk).map((a) => [a.title, a.type, a.verb, a.data?.value !== undefined])).toEqual([
      ["Accept", "Action.Execute", ActionIds.askAccept, true],
      ["Pass", "Action.Execute", ActionIds.askPass, true],
    ]);
    const anaAsk = lastCardTo(await chatOf(ANA), ASK);
    expect(texts(anaAsk)[1]).toBe(`Case 2 on ${S2} is still open and it is your turn in the rotation.`);
    const everyAsk = h.connector.sent().filter((r) => sentCards(r).some((c) => title(c as Json) === ASK));
    expect(everyAsk.map((r) => r.conversationId)).toEqual([await chatOf(DEE), await chatOf(ANA)]);
    // a proactive post is a new message, not a reply
    expect(everyAsk.every((r) => r.kind === "post" && r.body.replyToId === undefined)).toBe(true);
  });

  test("Pass hands the question to the next person in the rotation, and nobody else can answer it", async () => {
    const pass = action(lastCardTo(await chatOf(DEE), ASK), "Pass");
    expect(await click(CY, pass, "channel")).toEqual({
      statusCode: 200,
      type: NOTICE,
      value: "That request was sent to someone else.",
    });
    expect(await click(DEE, pass, "chat")).toEqual({
      statusCode: 200,
      type: NOTICE,
      value: "No problem: I'll ask the next person. Your place in the rotation is kept.",
    });
    await scheduler.tick();
    expect(texts(lastCardTo(await chatOf(BEN), ASK))[1]).toBe(
      `Case 1 on ${S2} is still open and it is your turn in the rotation.`,
    );
    expect(await h.services.store.conversations.find(address(CY))).toBeUndefined();
  });

  test("Accept gives the slot to the one who accepts, and the one away still leads the rotation", async () => {
    const accept = action(lastCardTo(await chatOf(BEN), ASK), "Accept");
    expect(await click(BEN, accept, "chat")).toEqual({
      statusCode: 200,
      type: NOTICE,
      value: `Thank you! You present a case on ${S2}. Fill in the de-identified case form with \`case\`.`,
    });
    expect(await slot(1, 1)).toMatchObject({ user: address(BEN), how: "asked" });
    await say(BEN, "present");
    expect(texts(lastCard()).slice(1, 4)).toEqual([
      S2,
      "Case 1: Ben Okafor (you), case form not started",
      "Case 2: open",
    ]);
    await say(FRAN, "rotation");
    expect(texts(lastCard())[1]).toMatch(/^1\. Cy Jones \(away for the next session/);
  });

  test("the hub expert writes the recommendations from `case`; identifiers are refused there too, and the presenter gets them in their chat", async () => {
    await say(HUGO, "case");
    const list = lastCard();
    expect(texts(list).slice(1)).toEqual([`Ana Patel's case, ${S1}`]);
    const dialog = dialogCard(await fetchDialog(HUGO, action(list, "Recommendations")));
    const fields = cardInputs(dialog);
    expect(fields.get("recommendations")).toMatchObject({ type: "Input.Text", isMultiline: true, isRequired: true });
    expect(fields.get("followUpDate")).toMatchObject({ type: "Input.Date", isRequired: false });
    const refused = dialogCard(
      await submit(HUGO, dialog, {
        recommendations: "Try a low-dose benzodiazepine; ring Dr Smith on 020 7946 0000.",
        followUpDate: "2027-01-06",
      }),
    );
    expect(cardInputs(refused).get("recommendations")?.errorMessage).toMatch(
      /^Recommendations: this looks like a person's name/,
    );
    expect(cardInputs(refused).get("followUpDate")?.value).toBe("2027-01-06");
    expect(
      taskMessage(await submit(HUGO, dialog, { recommendations: RECOMMENDATIONS, followUpDate: "2027-01-06" })),
    ).toEqual({ type: "message", value: "Recommendations saved; the presenter gets them now." });
    await scheduler.tick();
    const advice = lastCardTo(await chatOf(ANA), "The panel's recommendations on your case");
    expect(texts(advice).slice(1)).toEqual([
      `Palliative Care ECHO, ${S1}`,
      RECOMMENDATIONS,
      "Follow-up: 2027-01-06. I'll ask you then how things went.",
    ]);
  });

  test("an ask nobody answers moves on after 48 hours, and after the away dates the one who was away is asked first", async () => {
    h.services.clock.set("2026-12-05T09:01:00Z");
    await scheduler.tick();
    const anaChat = await chatOf(ANA);
    expect(
      h.connector
        .sent()
        .filter((r) => r.conversationId === anaChat)
        .at(-1)?.body.text,
    ).toBe(`No answer came, so I've asked the next person to present on ${S2}. Your place in the rotation is kept.`);
    expect(texts(lastCardTo(await chatOf(DEE), ASK))[1]).toBe(
      `Case 2 on ${S2} is still open and it is your turn in the rotation.`,
    );
    expect(await h.services.store.conversations.find(address(CY))).toBeUndefined();
    // the 16th: Cy is back, and Hilltop Hospice has still never presented
    const createdBefore = h.connector.requests.filter((r) => r.kind === "create").length;
    h.services.clock.set("2026-12-10T09:00:00Z");
    await scheduler.tick();
    const created = h.connector.requests.filter((r) => r.kind === "create").slice(createdBefore);
    expect(created.map((r) => (r.body.members as Array<{ id: string }>)[0]?.id)).toEqual([CY.aadObjectId]);
    expect(cardsTo(await chatOf(CY), ASK).map((c) => texts(c)[1])).toEqual([
      `Case 1 on ${S3} is still open and it is your turn in the rotation.`,
    ]);
    expect(texts(lastCardTo(await chatOf(DEE), ASK))[1]).toBe(
      `Case 2 on ${S3} is still open and it is your turn in the rotation.`,
    );
  });

  test("at the follow-up date the presenter is asked how things went, and the outcome dialog stores the answer", async () => {
    h.services.clock.set("2027-01-06T09:00:00Z");
    await scheduler.tick();
    const followUp = lastCardTo(await chatOf(ANA), "How did things go?");
    expect(texts(followUp)[1]).toBe(
      `It's the follow-up date for the case you presented at Palliative Care ECHO on ${S1}.`,
    );
    const record = action(followUp, "Record the outcome");
    expect(record.type).toBe("Action.Submit");
    const dialog = dialogCard(await fetchDialog(ANA, record, "chat"));
    expect(cardInputs(dialog).get("outcome")).toMatchObject({ type: "Input.Text", isMultiline: true });
    const refused = dialogCard(
      await submit(ANA, dialog, { outcome: "Seen again at 14 Elm Road; much better." }, "chat"),
    );
    expect(cardInputs(refused).get("outcome")?.errorMessage).toMatch(/^Outcome: this looks like a street address/);
    expect(taskMessage(await submit(ANA, dialog, { outcome: OUTCOME }, "chat"))).toEqual({
      type: "message",
      value: "Thank you: the outcome is recorded with the case.",
    });
    expect(await h.services.store.cases.bySlot(slots[0]![0]!)).toMatchObject({
      status: "submitted",
      recommendations: RECOMMENDATIONS,
      followUpDate: "2027-01-06",
      outcome: OUTCOME,
    });
  });

  test("every card the bot sent or answered with in this flow was a valid Adaptive Card 1.5", () => {
    expect(checkSent()).toBeGreaterThanOrEqual(40);
  });
});

describe.each(PROVIDERS)("the claim race in Teams on %s", (provider) => {
  let h: TeamsHarness;
  let post: ValidatedTeams["post"];
  let say: ValidatedTeams["say"];
  let checkSent: ValidatedTeams["checkSent"];
  const racers = Array.from({ length: 20 }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    return user(`racer${n}`, `Racer ${n}`, `0000${n}00-0000-4000-8000-0000000000${n}`);
  });

  beforeAll(async () => {
    h = await startTeams(provider, { members: [FRAN, ...racers] });
    ({ post, say, checkSent } = validated(h));
  });
  afterAll(async () => {
    checkSent();
    await h.close();
  });

  test("twenty members click the same Claim button at the same moment: exactly one gets the slot and nineteen are told it was just taken", async () => {
    const url = h.connector.serviceUrl;
    const lastCard = () => StubConnector.card(h.connector.last());
    await say(FRAN, "setup");
    const open = button(lastCard(), "Open: Set up ECHO network");
    const setup = dialogCard((await post(taskFetch(url, FRAN, open.data))).body);
    await post(taskSubmit(url, FRAN, setup, QUIET_SETUP));
    await say(FRAN, `role ${racers.map((r) => `<at>${r.name}</at>`).join(" ")} member`, racers.map(mention));
    expect(h.connector.sent().at(-1)?.body.text).toMatch(/^Racer 01, Racer 02, .* and Racer 20 are now members/);
    await say(racers[0]!, "present");
    const claim = cardActions(lastCard())[2] as CardAction;
    expect(claim.title).toBe("Claim case 1");
    const answers = await Promise.all(racers.map((r) => post(execute(url, r, claim))));
    const bodies = answers.map((a) => a.body as { statusCode: number; type: string; value: unknown });
    const won = bodies.flatMap((b, i) => (b.type === ADAPTIVE ? [i] : []));
    expect(won).toHaveLength(1);
    const winner = racers[won[0]!]!;
    expect(cardText(bodies[won[0]!]!.value as Json)).toContain(`Case 1: ${winner.name} (you), case form not started`);
    const lost = bodies.filter((_, i) => i !== won[0]);
    expect(lost).toEqual(
      lost.map(() => ({ statusCode: 200, type: NOTICE, value: `Sorry, that slot was just taken by ${winner.name}.` })),
    );
    expect(await h.services.store.slots.byId(String(claim.data?.value))).toMatchObject({
      user: address(winner),
      how: "claimed",
    });
    const audit = await h.services.database.db.auditEntry.findMany({ where: { action: "slot.claimed" } });
    expect(audit.map((a) => a.actor)).toEqual([address(winner)]);
  });
});
