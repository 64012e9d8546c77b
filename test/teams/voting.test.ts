/**
 * Curriculum voting in Teams, end to end through POST /api/messages on the shared express app (empty app id) against a
 * stub Bot Connector: members propose (an @mention and the dialog), the facilitator opens a vote from a dialog whose
 * topics are a multi-select ChoiceSet, the scheduler posts the ballot card proactively with the REAL Teams messenger
 * on the channel's stored conversation reference, members vote from the card's Vote button (task/fetch → task/submit),
 * the scheduler closes the vote and posts the ranking, and `topics plan` turns it into the curriculum. Every Adaptive
 * Card the bot sends or answers with is checked with the adaptivecards package. On each database provider; a
 * ranked-choice vote on SQLite.
 */
import type { Ballot, Topic } from "../../src/core/curriculum/ports";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Network } from "../../src/core/ports";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler";
import { PROVIDERS } from "../support/db";
import { BREATHLESSNESS, CLOSES, CONSTIPATION, DELIRIUM, OPIOIDS } from "../support/seed";
import { SETUP_VALUES } from "../support/services";
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
  MAX,
  mention,
  type Recorded,
  StubConnector,
  startTeams,
  type TeamsHarness,
  type TeamsUser,
  taskFetch,
  taskMessage,
  taskSubmit,
  type ValidatedTeams,
  validated,
} from "../support/teams";

type Json = Record<string, unknown>;

const BEA: TeamsUser = {
  id: "29:1bea-teams-id",
  name: "Bea Member",
  aadObjectId: "2b7e4c10-0000-4000-8000-0000000000be",
};
const HUGO: TeamsUser = {
  id: "29:1hugo-teams-id",
  name: "Hugo Expert",
  aadObjectId: "4a8d1f33-0000-4000-8000-00000000e4e0",
};
const ZED: TeamsUser = {
  id: "29:1zed-teams-id",
  name: "Zed Outsider",
  aadObjectId: "7c2e9b55-0000-4000-8000-00000000002e",
};

/** A proactive post of the ballot card (other scheduled posts, such as reminders, may go to the channel too). */
const isBallot = (r: Recorded) => JSON.stringify(r.body).includes("curriculum vote");

describe.each(PROVIDERS)("curriculum voting in Teams on %s", (provider) => {
  let h: TeamsHarness;
  let url: string;
  let post: ValidatedTeams["post"];
  let say: ValidatedTeams["say"];
  let checkSent: ValidatedTeams["checkSent"];
  let scheduler: Scheduler;
  let network: Network;
  let ballot: Ballot;
  let ballotCard: Json;
  let ballotMessageId: string;
  let dialog: Json;
  const topics = new Map<string, Topic>();
  const id = (title: string) => {
    const topic = topics.get(title);
    if (!topic) throw new Error(`no topic ${title}`);
    return topic.id;
  };

  beforeAll(async () => {
    h = await startTeams(provider, { members: [FRAN, MAX, BEA, HUGO, ZED] });
    url = h.connector.serviceUrl;
    ({ post, say, checkSent } = validated(h));
    // the scheduler as main.ts builds it, with the Teams adapter's own messenger
    scheduler = createScheduler(h.services, h.teams.messenger, { worker: `teams-voting-${provider}` });
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
  const refreshTopics = async () => {
    for (const t of await h.services.store.topics.list(network.id)) topics.set(t.title, t);
  };
  const fetchDialog = async (user: TeamsUser, action: CardAction) =>
    (await post(taskFetch(url, user, action.data))).body;
  const submit = (user: TeamsUser, card: Json, values: Record<string, string | number>) =>
    post(taskSubmit(url, user, card, values));
  const papers = async () => (await h.services.store.ballots.papers(ballot.id)).named;
  const voteDialog = async (user: TeamsUser) => dialogCard(await fetchDialog(user, button(ballotCard, "Vote")));

  test("a facilitator sets up the network and gives members and a hub expert their roles by @mention", async () => {
    await say(FRAN, "setup");
    const setup = dialogCard(await fetchDialog(FRAN, button(lastCard(), "Open: Set up ECHO network")));
    const saved = await submit(FRAN, setup, { ...SETUP_VALUES, durationMinutes: 90 });
    expect(taskMessage(saved.body)).toEqual({ type: "message", value: "Saved." });
    network = (await h.services.store.networks.byChannel(CHANNEL)) as Network;
    expect(network).toBeDefined();
    await say(FRAN, `role <at>${MAX.name}</at> <at>${BEA.name}</at> member`, [mention(MAX), mention(BEA)]);
    expect(lastText()).toBe("Max Member and Bea Member are now members of Palliative Care ECHO.");
    await say(FRAN, `role <at>${HUGO.name}</at> hub_expert`, [mention(HUGO)]);
    expect(lastText()).toBe("Hugo Expert is now hub expert of Palliative Care ECHO.");
    expect(await h.services.store.members.find(network.id, `teams:${HUGO.aadObjectId}`)).toMatchObject({
      role: "hub_expert",
    });
  });

  test("members propose topics with `propose <title>`, and the conversation sees each one", async () => {
    await say(MAX, `propose ${DELIRIUM}`);
    const reply = h.connector.last();
    expect(reply.kind).toBe("reply");
    expect(reply.conversationId).toBe(`${CHANNEL_ID};messageid=1700000000001`);
    expect(reply.body.text).toBe(`Max Member proposed “${DELIRIUM}”. Type \`topics\` to see all proposals.`);
    await say(BEA, `propose ${BREATHLESSNESS}`);
    await say(MAX, `propose ${OPIOIDS}`);
    await refreshTopics();
    expect([...topics.keys()]).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS]);
    expect(topics.get(DELIRIUM)?.proposedBy).toBe(`teams:${MAX.aadObjectId}`);
  });

  test("a near-identical title gets a pointer to the existing topic and adds nothing", async () => {
    await say(BEA, "propose Delirium in care-homes");
    expect(lastText()).toBe(`“${DELIRIUM}” is already proposed (proposed). Vote for it instead.`);
    expect(await h.services.store.topics.list(network.id)).toHaveLength(3);
  });

  test("`propose` alone offers the dialog; an empty, over-long or duplicate title shows it again with the message under the title", async () => {
    await say(BEA, "propose");
    dialog = dialogCard(await fetchDialog(BEA, button(lastCard(), "Open: Propose a topic")));
    const fields = cardInputs(dialog);
    expect([...fields.keys()]).toEqual(["title", "description", "suggestedTeacher"]);
    expect(fields.get("title")).toMatchObject({ type: "Input.Text", isRequired: true, maxLength: 120 });
    expect(fields.get("description")).toMatchObject({ type: "Input.Text", isMultiline: true, isRequired: false });
    for (const [title, message] of [
      ["   ", "Give the topic a title."],
      ["x".repeat(121), "Keep the title to 120 characters (it has 121)."],
      ["opioid conversion", `“${OPIOIDS}” is already proposed (proposed). Vote for it instead.`],
    ] as const) {
      const again = dialogCard((await submit(BEA, dialog, { title })).body);
      expect(cardInputs(again).get("title")?.errorMessage).toBe(message);
      expect(cardText(again)).toContain(JSON.stringify(message).slice(1, -1));
    }
    expect(await h.services.store.topics.list(network.id)).toHaveLength(3);
  });

  test("the dialog with a description and a suggested teacher proposes the topic and closes with a note", async () => {
    const done = await submit(BEA, dialog, {
      title: CONSTIPATION,
      description: "Laxatives, opioid-induced constipation and when to worry.",
      suggestedTeacher: "Fran Facilitator",
    });
    expect(taskMessage(done.body)).toEqual({ type: "message", value: `Bea Member proposed “${CONSTIPATION}”.` });
    expect(lastText()).toBe(`Bea Member proposed “${CONSTIPATION}”.`);
    await refreshTopics();
    expect(topics.get(CONSTIPATION)).toMatchObject({
      description: "Laxatives, opioid-induced constipation and when to worry.",
      suggestedTeacher: "Fran Facilitator",
    });
  });

  test("`topics` lists every proposal with its status; only the facilitator gets the vote and plan buttons", async () => {
    await say(MAX, "topics");
    const card = lastCard();
    const text = cardText(card);
    for (const line of [
      `• ${DELIRIUM} (proposed)`,
      `• ${BREATHLESSNESS} (proposed)`,
      `• ${OPIOIDS} (proposed)`,
      `• ${CONSTIPATION} (proposed), suggested teacher: Fran Facilitator`,
    ])
      expect(text).toContain(line);
    expect(cardActions(card).map((a) => a.title)).toEqual(["Propose a topic"]);
    await say(FRAN, "topics");
    expect(cardActions(lastCard()).map((a) => a.title)).toEqual([
      "Propose a topic",
      "Open a vote",
      "Plan the curriculum",
    ]);
  });

  test("the facilitator opens the vote dialog from the topics card: the topics are a multi-select ChoiceSet, all chosen", async () => {
    dialog = dialogCard(await fetchDialog(FRAN, button(lastCard(), "Open a vote")));
    const fields = cardInputs(dialog);
    expect(fields.get("topics")).toMatchObject({
      type: "Input.ChoiceSet",
      isMultiSelect: true,
      isRequired: true,
      value: [DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION].map(id).join(","),
    });
    expect(((fields.get("topics")?.choices ?? []) as Array<{ title: string }>).map((c) => c.title)).toEqual([
      DELIRIUM,
      BREATHLESSNESS,
      OPIOIDS,
      CONSTIPATION,
    ]);
    expect(fields.get("closesDate")).toMatchObject({ type: "Input.Date", value: "2026-12-04" });
    expect(fields.get("maxPicks")).toMatchObject({ type: "Input.Number", value: 3 });
  });

  test("a member may not open the vote dialog", async () => {
    const refused = await fetchDialog(MAX, button(lastCard(), "Open a vote"));
    expect(taskMessage(refused)).toEqual({
      type: "message",
      value: "Only a facilitator or an admin of this network can open a vote.",
    });
  });

  test("bad values show the dialog again with each message under its field and the values kept, and open nothing", async () => {
    const again = dialogCard(
      (await submit(FRAN, dialog, { topics: id(DELIRIUM), closesDate: "2026-11-27", closesTime: "09:01", maxPicks: 0 }))
        .body,
    );
    const fields = cardInputs(again);
    expect(fields.get("topics")).toMatchObject({
      value: id(DELIRIUM),
      errorMessage: "Put at least 2 topics on the ballot.",
    });
    expect(fields.get("closesDate")).toMatchObject({
      value: "2026-11-27",
      errorMessage: "The vote must stay open for at least 5 minutes.",
    });
    expect(fields.get("maxPicks")?.errorMessage).toBe("Give a whole number of picks from 1 to 10.");
    const forged = dialogCard((await submit(FRAN, dialog, { topics: `${id(DELIRIUM)},not-a-topic` })).body);
    expect(cardInputs(forged).get("topics")?.errorMessage).toBe("Choose from the proposed topics.");
    expect(await h.services.store.ballots.openFor(network.id)).toBeUndefined();
  });

  test("good values open the vote, and the scheduler sends the ballot card to the channel on its stored reference", async () => {
    const opened = await submit(FRAN, dialog, {
      topics: [DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION].map(id).join(","),
      closesDate: "2026-11-28",
      closesTime: "17:00",
      method: "approval",
      maxPicks: 2,
      showRunning: "yes",
      anonymous: "no",
    });
    expect(taskMessage(opened.body)).toEqual({
      type: "message",
      value: `The vote is open until ${CLOSES}; the ballot is being posted to the channel.`,
    });
    await scheduler.tick();
    ballot = (await h.services.store.ballots.openFor(network.id)) as Ballot;
    expect(ballot).toMatchObject({ method: "approval", maxPicks: 2, showRunning: true });
    const posts = h.connector.sent().filter((r) => r.kind === "post" && isBallot(r));
    expect(posts).toHaveLength(1);
    const posted = posts[0] as Recorded;
    // a new post in the channel itself, not a reply in someone's thread
    expect(posted.conversationId).toBe(CHANNEL_ID);
    expect(posted.body.replyToId).toBeUndefined();
    ballotCard = StubConnector.card(posted);
    const text = cardText(ballotCard);
    expect(text).toContain("Palliative Care ECHO: curriculum vote");
    expect(text).toContain("Pick up to 2 topics you would like taught. Ties go to the topic proposed first.");
    expect(text).toContain("0 voted so far.");
    expect(cardActions(ballotCard).map((a) => [a.title, a.type])).toEqual([
      ["Vote", "Action.Submit"],
      ["Close now", "Action.Execute"],
    ]);
    const stored = await h.services.store.ballots.byId(ballot.id);
    ballotMessageId = decodeURIComponent(String(stored?.message?.split("#")[1]));
    expect(stored?.message).toBe(`${CHANNEL}#${encodeURIComponent(ballotMessageId)}`);
  });

  test("a member votes from the card's Vote button: a dialog with the ballot's topics as a multi-select, and the vote is recorded", async () => {
    const card = await voteDialog(MAX);
    const picks = cardInputs(card).get("picks");
    expect(picks).toMatchObject({ type: "Input.ChoiceSet", isMultiSelect: true, label: "Pick up to 2" });
    expect(picks?.value).toBeUndefined();
    expect(((picks?.choices ?? []) as Array<{ title: string }>).map((c) => c.title)).toEqual([
      DELIRIUM,
      BREATHLESSNESS,
      OPIOIDS,
      CONSTIPATION,
    ]);
    const done = await submit(MAX, card, { picks: `${id(OPIOIDS)},${id(DELIRIUM)}` });
    expect(taskMessage(done.body)).toEqual({
      type: "message",
      value: `Your vote is recorded: ${OPIOIDS}, ${DELIRIUM}. You can change it until ${CLOSES}.`,
    });
    expect(await papers()).toEqual([[id(OPIOIDS), id(DELIRIUM)]]);
  });

  test("choosing more than the ballot allows shows the dialog again with the message under the picks", async () => {
    const card = await voteDialog(BEA);
    const again = dialogCard(
      (await submit(BEA, card, { picks: [DELIRIUM, BREATHLESSNESS, OPIOIDS].map(id).join(",") })).body,
    );
    expect(cardInputs(again).get("picks")?.errorMessage).toBe("Choose at most 2 (you chose 3).");
    expect(await papers()).toHaveLength(1);
  });

  test("a member changes the vote: the dialog shows the earlier picks, and the new picks replace them", async () => {
    const card = await voteDialog(MAX);
    expect(cardInputs(card).get("picks")?.value).toBe(`${id(OPIOIDS)},${id(DELIRIUM)}`);
    await submit(MAX, card, { picks: id(OPIOIDS) });
    expect(await papers()).toEqual([[id(OPIOIDS)]]);
  });

  test("the same task/submit delivered twice, and twice at once, counts once", async () => {
    const card = await voteDialog(BEA);
    const activity = taskSubmit(url, BEA, card, { picks: `${id(OPIOIDS)},${id(BREATHLESSNESS)}` });
    await Promise.all([post(activity), post(activity)]);
    await post(activity);
    expect(await h.services.store.ballots.voterCount(ballot.id)).toBe(2);
    expect((await papers()).map((p) => [...p].sort()).sort()).toEqual(
      [[id(OPIOIDS)], [id(OPIOIDS), id(BREATHLESSNESS)].sort()].sort(),
    );
  });

  test("someone who is not a member is refused clearly at the button and at the dialog's submit, and nothing is counted", async () => {
    const refusal = "Only members of Palliative Care ECHO can vote. A facilitator can add you with `role @you member`.";
    expect(taskMessage(await fetchDialog(ZED, button(ballotCard, "Vote")))).toEqual({
      type: "message",
      value: refusal,
    });
    const card = await voteDialog(BEA);
    expect(taskMessage((await submit(ZED, card, { picks: id(DELIRIUM) })).body)).toEqual({
      type: "message",
      value: refusal,
    });
    expect(await h.services.store.ballots.voterCount(ballot.id)).toBe(2);
  });

  test("the running counts update the ballot card in the channel", async () => {
    checkSent();
    h.connector.clear();
    h.services.clock.advance(10_000);
    await scheduler.tick();
    const update = h.connector.last("update");
    expect(update).toMatchObject({ method: "PUT", conversationId: CHANNEL_ID, activityId: ballotMessageId });
    const text = cardText(StubConnector.card(update));
    expect(text).toContain(`1. ${OPIOIDS}: 2 votes`);
    expect(text).toContain(`2. ${BREATHLESSNESS}: 1 vote`);
    expect(text).toContain("2 voted so far.");
  });

  test("a vote sent after the close gets “This vote closed at …” and changes nothing", async () => {
    const card = await voteDialog(HUGO);
    h.services.clock.set("2026-11-28T17:00:00Z");
    const late = await submit(HUGO, card, { picks: id(DELIRIUM) });
    expect(taskMessage(late.body)).toEqual({
      type: "message",
      value: `This vote closed at ${CLOSES}; your vote was not changed.`,
    });
    expect(taskMessage(await fetchDialog(HUGO, button(ballotCard, "Vote")))).toEqual({
      type: "message",
      value: `This vote closed at ${CLOSES}; your vote was not changed.`,
    });
    expect(await h.services.store.ballots.voterCount(ballot.id)).toBe(2);
  });

  test("the scheduler closes the vote once: the ranking is posted to the channel and the ballot card shows it closed", async () => {
    checkSent();
    h.connector.clear();
    await scheduler.tick();
    await scheduler.tick();
    const results = h.connector
      .sent()
      .filter((r) => r.kind === "post" && cardText(StubConnector.card(r)).includes("the vote is closed"));
    expect(results).toHaveLength(1);
    expect(results[0]?.conversationId).toBe(CHANNEL_ID);
    const text = cardText(StubConnector.card(results[0] as Recorded));
    for (const line of [
      `1. ${OPIOIDS}: 2 votes`,
      `2. ${BREATHLESSNESS}: 1 vote`,
      `3. ${DELIRIUM}: 0 votes`,
      `4. ${CONSTIPATION}: 0 votes`,
      "2 people voted.",
    ])
      expect(text).toContain(line);
    const closed = StubConnector.card(h.connector.last("update"));
    expect(cardText(closed)).toContain("curriculum vote (closed)");
    expect(cardActions(closed)).toEqual([]);
    expect((await h.services.store.ballots.byId(ballot.id))?.result?.papers).toBe(2);
  });

  test("`topics plan` puts the ranking onto the next sessions, each with a teacher", async () => {
    await say(MAX, "topics plan");
    expect(lastText()).toBe("Only a facilitator or an admin of this network can plan the curriculum.");
    await say(FRAN, "topics plan");
    const text = cardText(lastCard());
    for (const line of [
      `Wed 2 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by Hugo Expert`,
      `Wed 9 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by Hugo Expert`,
      `Wed 16 Dec 2026, 12:30 GMT: ${DELIRIUM}, taught by Hugo Expert`,
      `Wed 23 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by Fran Facilitator`,
      "Wed 30 Dec 2026, 12:30 GMT: no topic yet",
    ])
      expect(text).toContain(line);
  });

  test("the plan card's Swap button replaces the card with the two sessions swapped", async () => {
    const swap = cardActions(lastCard()).find((a) => a.verb === ActionIds.planSwap) as CardAction;
    const response = await post(execute(url, FRAN, swap));
    const body = response.body as { statusCode: number; type: string; value: Json };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    const text = cardText(body.value);
    expect(text).toContain(`Wed 2 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by Hugo Expert`);
    expect(text).toContain(`Wed 9 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by Hugo Expert`);
  });

  test("the plan card's Change button opens a dialog that puts another topic and teacher on a session", async () => {
    const change = cardActions(lastCard()).filter((a) => a.title === "Change")[2] as CardAction;
    expect(JSON.parse(String(change.data?.value)).f).toBe(FormIds.planEdit);
    const card = dialogCard(await fetchDialog(FRAN, change));
    const fields = cardInputs(card);
    expect(fields.get("topic")?.value).toBe(id(DELIRIUM));
    expect(fields.get("teacher")?.value).toBe(`teams:${HUGO.aadObjectId}`);
    const bad = dialogCard((await submit(FRAN, card, { teacher: `teams:${MAX.aadObjectId}` })).body);
    expect(cardInputs(bad).get("teacher")?.errorMessage).toBe("Choose a hub expert or facilitator of this network.");
    const done = await submit(FRAN, card, { topic: id(CONSTIPATION), teacher: `teams:${HUGO.aadObjectId}` });
    expect(taskMessage(done.body)).toEqual({ type: "message", value: "Saved." });
    const text = cardText(lastCard());
    expect(text).toContain(`Wed 16 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by Hugo Expert`);
    expect(text).toContain("Wed 23 Dec 2026, 12:30 GMT: no topic yet");
    expect((await h.services.store.topics.byId(id(DELIRIUM)))?.status).toBe("proposed");
  });

  test("`schedule` shows each session's topic and teacher", async () => {
    await say(MAX, "schedule 3");
    const text = cardText(lastCard());
    expect(text).toContain(`Topic: ${BREATHLESSNESS} · Teacher: Hugo Expert`);
    expect(text).toContain(`Topic: ${OPIOIDS} · Teacher: Hugo Expert`);
    expect(text).toContain(`Topic: ${CONSTIPATION} · Teacher: Hugo Expert`);
  });

  test("every card the bot sent or answered with in this flow was a valid Adaptive Card 1.5", () => {
    expect(checkSent()).toBeGreaterThanOrEqual(30);
  });
});

describe("a ranked-choice vote in Teams", () => {
  let h: TeamsHarness;
  let url: string;
  let post: ValidatedTeams["post"];
  let say: ValidatedTeams["say"];
  let checkSent: ValidatedTeams["checkSent"];
  let scheduler: Scheduler;

  beforeAll(async () => {
    h = await startTeams("sqlite", { members: [FRAN, MAX, BEA, HUGO] });
    url = h.connector.serviceUrl;
    ({ post, say, checkSent } = validated(h));
    scheduler = createScheduler(h.services, h.teams.messenger, { worker: "teams-ranked" });
  });
  afterAll(async () => {
    checkSent();
    await scheduler.stop();
    await h.close();
  });

  test("voters rank the topics in a dialog of 1st, 2nd and 3rd choices, and the result shows the instant-runoff rounds", async () => {
    const lastCard = () => StubConnector.card(h.connector.last());
    const open = async (user: TeamsUser, card: Json, title: string) =>
      dialogCard((await post(taskFetch(url, user, button(card, title).data))).body);
    const submit = (user: TeamsUser, card: Json, values: Record<string, string | number>) =>
      post(taskSubmit(url, user, card, values));

    await say(FRAN, "setup");
    const setup = await open(FRAN, lastCard(), "Open: Set up ECHO network");
    await submit(FRAN, setup, { ...SETUP_VALUES, durationMinutes: 90 });
    await say(FRAN, `role <at>${MAX.name}</at> <at>${BEA.name}</at> <at>${HUGO.name}</at> member`, [
      mention(MAX),
      mention(BEA),
      mention(HUGO),
    ]);
    for (const title of [DELIRIUM, BREATHLESSNESS, OPIOIDS]) await say(FRAN, `propose ${title}`);
    const network = (await h.services.store.networks.byChannel(CHANNEL)) as Network;
    const [a, b, c] = (await h.services.store.topics.list(network.id)).map((t) => t.id) as [string, string, string];

    await say(FRAN, "vote");
    const form = await open(FRAN, lastCard(), "Open: Open a curriculum vote");
    const opened = await submit(FRAN, form, { method: "ranked", closesDate: "2026-11-28", closesTime: "17:00" });
    expect(taskMessage(opened.body)?.type).toBe("message");
    await scheduler.tick();
    const ballotCard = StubConnector.card(h.connector.sent().find((r) => r.kind === "post" && isBallot(r)) as Recorded);
    expect(cardText(ballotCard)).toContain(
      "Rank the topics in the order you would like them taught (instant runoff). Ties go to the topic proposed first.",
    );

    const ballotForm = await open(MAX, ballotCard, "Vote");
    const ranks = cardInputs(ballotForm);
    expect([...ranks.keys()]).toEqual(["rank1", "rank2", "rank3"]);
    expect([...ranks.values()].map((r) => [r.label, r.type, r.style, r.isRequired, r.isMultiSelect])).toEqual([
      ["1st choice", "Input.ChoiceSet", "compact", true, undefined],
      ["2nd choice", "Input.ChoiceSet", "compact", false, undefined],
      ["3rd choice", "Input.ChoiceSet", "compact", false, undefined],
    ]);
    const twice = dialogCard((await submit(MAX, ballotForm, { rank1: a, rank2: a })).body);
    expect(cardInputs(twice).get("rank1")?.errorMessage).toBe("Each topic can be chosen only once.");
    // first preferences a 1, b 1, c 1: c (proposed last) is eliminated and its paper goes to b, which then wins
    const votes: Array<[TeamsUser, Record<string, string>, string]> = [
      [MAX, { rank1: a, rank2: b }, `${DELIRIUM} > ${BREATHLESSNESS}`],
      [BEA, { rank1: b, rank2: a }, `${BREATHLESSNESS} > ${DELIRIUM}`],
      [HUGO, { rank1: c, rank2: b }, `${OPIOIDS} > ${BREATHLESSNESS}`],
    ];
    for (const [user, values, recorded] of votes) {
      const done = await submit(user, await open(user, ballotCard, "Vote"), values);
      expect(taskMessage(done.body)).toEqual({
        type: "message",
        value: `Your vote is recorded: ${recorded}. You can change it until ${CLOSES}.`,
      });
    }
    expect(cardInputs(await open(MAX, ballotCard, "Vote")).get("rank2")?.value).toBe(b);

    h.services.clock.set("2026-11-28T17:00:00Z");
    await scheduler.tick();
    const result = h.connector
      .sent()
      .find((r) => r.kind === "post" && cardText(StubConnector.card(r)).includes("the vote is closed"));
    const text = cardText(StubConnector.card(result as Recorded));
    expect(text).toContain(`1. ${BREATHLESSNESS}: 1 first choice`);
    expect(text).toContain(`2. ${DELIRIUM}: 1 first choice`);
    expect(text).toContain(`3. ${OPIOIDS}: 1 first choice`);
    expect(text).toContain(`Round 1: ${DELIRIUM} 1, ${BREATHLESSNESS} 1, ${OPIOIDS} 1; out: ${OPIOIDS}`);
    expect(text).toContain(`Round 2: ${DELIRIUM} 1, ${BREATHLESSNESS} 2`);
    const stored = await h.services.store.ballots.latestClosed(network.id);
    expect(stored?.result?.ranking.map((r) => r.topicId)).toEqual([b, a, c]);
  });
});
