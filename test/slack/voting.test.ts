/**
 * Curriculum voting in Slack, end to end through POST /slack/events on a real listening server: from "we need topics"
 * to a planned curriculum. Members propose (slash command and modal), the facilitator opens a vote from a modal whose
 * topics are checkboxes, the scheduler posts the ballot card with the REAL Slack messenger to the fake Web API,
 * members vote from the card's Vote button (block_actions → views.open → view_submission), the scheduler closes the
 * vote and posts the ranking, and `topics plan` turns it into the curriculum. Every Block Kit payload the fake
 * receives and every view_submission acknowledgement is checked with checkBlockKit. On each database provider.
 */
import type { Ballot, Topic } from "../../src/core/curriculum/ports";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Network } from "../../src/core/ports";
import type { Scheduler } from "../../src/scheduler/scheduler";
import { decodeViewMetadata } from "../../src/slack/view-metadata";
import { PROVIDERS } from "../support/db";
import { BREATHLESSNESS, CLOSES, CONSTIPATION, DELIRIUM, OPIOIDS } from "../support/seed";
import {
  buttonLabelled,
  buttonsIn,
  CHANNEL,
  type FakeCall,
  interactive,
  NETWORK_CHANNEL,
  SlackHarness,
  type SlackResponse,
  viewSubmission,
} from "../support/slack";
import { allText, input, inputs, type Json, labels, type SlackOption, sections } from "../support/slack-blocks";

describe.each(PROVIDERS)("curriculum voting in Slack on %s", (provider) => {
  let h: SlackHarness;
  let scheduler: Scheduler;
  let network: Network;
  let ballot: Ballot;
  let ballotPost: FakeCall;
  let ballotTs: string;
  const topics = new Map<string, Topic>();
  const id = (title: string) => {
    const topic = topics.get(title);
    if (!topic) throw new Error(`no topic ${title}`);
    return topic.id;
  };

  beforeAll(async () => {
    h = await SlackHarness.start(provider);
    h.fake.users.set("U4", { name: "Hugo" });
    h.fake.users.set("U5", { name: "Zed" });
    scheduler = h.createScheduler(`slack-voting-${provider}`);
  });

  afterEach(() => {
    expect(h.blockKitViolations()).toEqual([]);
  });

  afterAll(async () => {
    await h.close();
  });

  const refreshTopics = async () => {
    for (const t of await h.services.store.topics.list(network.id)) topics.set(t.title, t);
  };
  const papers = async () => (await h.services.store.ballots.papers(ballot.id)).named;
  const voteButton = () => buttonLabelled(ballotPost.body, "Vote");
  const resultPosts = () =>
    h.fake
      .callsTo("chat.postMessage")
      .filter((c) => allText(c.body).includes("Palliative Care ECHO: the vote is closed"));

  test("a facilitator sets up the network and gives members and a hub expert their roles", async () => {
    expect((await h.setUpNetwork()).status).toBe(200);
    network = (await h.services.store.networks.byChannel(NETWORK_CHANNEL)) as Network;
    expect(network).toBeDefined();
    await h.command("role <@U2|Bob> <@U3|Carol> member");
    expect(h.lastReply("U1").text).toBe("Bob and Carol are now members of Palliative Care ECHO.");
    await h.command("role <@U4|Hugo> hub_expert");
    expect(h.lastReply("U1").text).toBe("Hugo is now hub expert of Palliative Care ECHO.");
  });

  test("members propose topics with `propose <title>`, and the channel sees each one", async () => {
    await h.command(`propose ${DELIRIUM}`, "U2");
    expect(h.lastReply("U2")).toMatchObject({
      response_type: "in_channel",
      text: `Bob proposed “${DELIRIUM}”. Type \`topics\` to see all proposals.`,
    });
    await h.command(`propose ${BREATHLESSNESS}`, "U3");
    await h.command(`propose ${OPIOIDS}`, "U2");
    await refreshTopics();
    expect([...topics.keys()]).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS]);
    expect(topics.get(DELIRIUM)).toMatchObject({ proposedBy: "slack:T1:U2", status: "proposed" });
  });

  test("a near-identical title gets a private pointer to the existing topic and adds nothing", async () => {
    await h.command("propose delirium in care home!", "U3");
    expect(h.lastReply("U3")).toMatchObject({
      response_type: "ephemeral",
      text: `“${DELIRIUM}” is already proposed (proposed). Vote for it instead.`,
    });
    expect(await h.services.store.topics.list(network.id)).toHaveLength(3);
  });

  test("`propose` alone opens the modal; an empty, over-long or duplicate title is answered with an error on the title field", async () => {
    await h.command("propose", "U3");
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.propose);
    expect(inputs(view).map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ["title", "plain_text_input", false],
      ["description", "plain_text_input", true],
      ["suggestedTeacher", "plain_text_input", true],
    ]);
    expect(input(view, "title").element.max_length).toBe(120);
    expect(input(view, "description").element.multiline).toBe(true);
    expect(decodeViewMetadata(String(view.private_metadata))?.metadata).toBe(network.id);

    const empty = await h.submit({ title: "   " }, "U3");
    expect(empty.json()).toEqual({ response_action: "errors", errors: { title: "Give the topic a title." } });
    const long = await h.submit({ title: "x".repeat(121) }, "U3");
    expect(long.json()).toEqual({
      response_action: "errors",
      errors: { title: "Keep the title to 120 characters (it has 121)." },
    });
    const duplicate = await h.submit({ title: "Opioid conversion" }, "U3");
    expect(duplicate.json()).toEqual({
      response_action: "errors",
      errors: { title: `“${OPIOIDS}” is already proposed (proposed). Vote for it instead.` },
    });
    expect(await h.services.store.topics.list(network.id)).toHaveLength(3);
  });

  test("the modal with a description and a suggested teacher proposes the topic and announces it in the channel", async () => {
    const res = await h.submit(
      {
        title: CONSTIPATION,
        description: "Laxatives, opioid-induced constipation and when to worry.",
        suggestedTeacher: "Alice",
      },
      "U3",
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const announced = h.fake.last("chat.postMessage").body;
    expect(announced).toMatchObject({ channel: CHANNEL, text: `Carol proposed “${CONSTIPATION}”.` });
    await refreshTopics();
    expect(topics.get(CONSTIPATION)).toMatchObject({
      description: "Laxatives, opioid-induced constipation and when to worry.",
      suggestedTeacher: "Alice",
      proposedBy: "slack:T1:U3",
    });
  });

  test("`topics` lists every proposal with its status; only the facilitator gets the vote and plan buttons", async () => {
    await h.command("topics", "U2");
    const member = h.lastReply("U2");
    expect(sections(member)[0]).toBe(
      [
        `• ${DELIRIUM} (proposed)`,
        `• ${BREATHLESSNESS} (proposed)`,
        `• ${OPIOIDS} (proposed)`,
        `• ${CONSTIPATION} (proposed), suggested teacher: Alice`,
      ].join("\n"),
    );
    expect(buttonsIn(member).map((b) => b.text.text)).toEqual(["Propose a topic"]);
    await h.command("topics");
    expect(buttonsIn(h.lastReply("U1")).map((b) => b.text.text)).toEqual([
      "Propose a topic",
      "Open a vote",
      "Plan the curriculum",
    ]);
  });

  test("a member who asks for a vote before one is open is told only a facilitator can open it", async () => {
    await h.command("vote", "U2");
    expect(h.lastReply("U2")).toMatchObject({
      response_type: "ephemeral",
      text: "Only a facilitator or an admin of this network can open a vote.",
    });
  });

  test("the facilitator opens the vote form from the topics card: the topics are checkboxes, all ticked", async () => {
    await h.command("topics");
    const open = h.buttons(ActionIds.openForm).find((b) => b.text.text === "Open a vote");
    if (!open) throw new Error("no Open a vote button");
    await h.click(open, "U1");
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.openVote);
    const choice = input(view, "topics");
    expect(choice.element.type).toBe("checkboxes");
    expect(labels(choice.element.options)).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION]);
    expect(labels(choice.element.initial_options)).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION]);
    expect(input(view, "closesDate").element).toMatchObject({ type: "datepicker", initial_date: "2026-12-04" });
    expect(input(view, "closesTime").element).toMatchObject({ type: "timepicker", initial_time: "17:00" });
    expect(input(view, "method").element.type).toBe("static_select");
    expect(input(view, "maxPicks").element).toMatchObject({ type: "number_input", initial_value: "3" });
  });

  test("bad values are answered with errors on those fields, and no vote is opened", async () => {
    const res = await h.submit(
      {
        topics: [id(DELIRIUM)],
        closesDate: "2026-11-27",
        closesTime: "09:01",
        maxPicks: "0",
      },
      "U1",
    );
    expect(res.json()).toEqual({
      response_action: "errors",
      errors: {
        topics: "Put at least 2 topics on the ballot.",
        closesDate: "The vote must stay open for at least 5 minutes.",
        maxPicks: "Give a whole number of picks from 1 to 10.",
      },
    });
    const forged = await h.submit({ topics: [id(DELIRIUM), "not-a-topic"] }, "U1");
    expect(forged.json()).toEqual({
      response_action: "errors",
      errors: { topics: "Choose from the proposed topics." },
    });
    expect(await h.services.store.ballots.openFor(network.id)).toBeUndefined();
  });

  test("good values open the vote, and the scheduler posts the ballot card to the channel with chat.postMessage", async () => {
    const res = await h.submit(
      {
        topics: [id(DELIRIUM), id(BREATHLESSNESS), id(OPIOIDS), id(CONSTIPATION)],
        closesDate: "2026-11-28",
        closesTime: "17:00",
        method: "approval",
        maxPicks: "2",
        showRunning: "yes",
        anonymous: "no",
      },
      "U1",
    );
    expect(res.text).toBe("");
    expect(h.lastReply("U1", "action").text).toBe(
      `The vote is open until ${CLOSES}; the ballot is being posted to the channel.`,
    );
    await scheduler.tick();
    ballot = (await h.services.store.ballots.openFor(network.id)) as Ballot;
    expect(ballot).toMatchObject({ method: "approval", maxPicks: 2, showRunning: true, anonymous: false });
    const posts = h.fake.callsTo("chat.postMessage").filter((c) => allText(c.body).includes("curriculum vote"));
    expect(posts).toHaveLength(1);
    ballotPost = posts[0] as FakeCall;
    expect(ballotPost.body.channel).toBe(CHANNEL);
    expect(ballotPost.body.metadata).toEqual({
      event_type: "teleecho_delivery",
      event_payload: { key: `ballot:${ballot.id}:post` },
    });
    const text = allText(ballotPost.body);
    expect(text).toContain("Palliative Care ECHO: curriculum vote");
    expect(text).toContain("Pick up to 2 topics you would like taught. Ties go to the topic proposed first.");
    expect(text).toContain("0 voted so far.");
    expect(buttonsIn(ballotPost.body).map((b) => b.text.text)).toEqual(["Vote", "Close now"]);
    const posted = h.fake.history
      .get(CHANNEL)
      ?.find((m) => m.metadata?.event_payload.key === `ballot:${ballot.id}:post`);
    ballotTs = String(posted?.ts);
    expect((await h.services.store.ballots.byId(ballot.id))?.message).toBe(`slack:T1:${CHANNEL}:${ballotTs}`);
  });

  test("a member votes from the card's Vote button: a modal with the ballot's topics as checkboxes, and the vote is recorded", async () => {
    await h.click(voteButton(), "U2");
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.vote);
    expect(decodeViewMetadata(String(view.private_metadata))).toEqual({
      channel: NETWORK_CHANNEL,
      metadata: ballot.id,
      responseUrl: `${h.fake.base}/respond/action-U2`,
    });
    const picks = input(view, "picks");
    expect(picks.label?.text).toBe("Pick up to 2");
    expect(picks.element.type).toBe("checkboxes");
    expect(labels(picks.element.options)).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION]);
    expect(picks.element.initial_options).toBeUndefined();
    const res = await h.submit({ picks: [id(OPIOIDS), id(DELIRIUM)] }, "U2");
    expect(res.text).toBe("");
    expect(h.lastReply("U2", "action").text).toBe(
      `Your vote is recorded: ${OPIOIDS}, ${DELIRIUM}. You can change it until ${CLOSES}.`,
    );
    expect(await papers()).toEqual([[id(OPIOIDS), id(DELIRIUM)]]);
  });

  test("ticking more topics than the ballot allows is answered with an error on the picks field", async () => {
    await h.click(voteButton(), "U3");
    const res = await h.submit({ picks: [id(DELIRIUM), id(BREATHLESSNESS), id(OPIOIDS)] }, "U3");
    expect(res.json()).toEqual({ response_action: "errors", errors: { picks: "Choose at most 2 (you chose 3)." } });
    const none = await h.submit({ picks: [] }, "U3");
    expect(none.json()).toEqual({ response_action: "errors", errors: { picks: "Choose at least one topic." } });
    expect(await papers()).toHaveLength(1);
  });

  test("a member changes the vote: the modal shows the earlier picks ticked, and the new picks replace them", async () => {
    await h.click(voteButton(), "U2");
    expect(labels(input(h.openedView(), "picks").element.initial_options)).toEqual([DELIRIUM, OPIOIDS]);
    await h.submit({ picks: [id(OPIOIDS)] }, "U2");
    expect(h.lastReply("U2", "action").text).toBe(
      `Your vote is recorded: ${OPIOIDS}. You can change it until ${CLOSES}.`,
    );
    expect(await papers()).toEqual([[id(OPIOIDS)]]);
  });

  test("a double submit and Slack's retry of the same submission count once", async () => {
    await h.click(voteButton(), "U3");
    const body = interactive(viewSubmission("U3", h.openedView(), { picks: [id(OPIOIDS), id(BREATHLESSNESS)] }));
    const answers: SlackResponse[] = await Promise.all([h.post(body), h.post(body)]);
    answers.push(await h.post(body, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }));
    expect(answers.map((a) => [a.status, a.text])).toEqual([
      [200, ""],
      [200, ""],
      [200, ""],
    ]);
    expect(await h.services.store.ballots.voterCount(ballot.id)).toBe(2);
    expect((await papers()).map((p) => [...p].sort()).sort()).toEqual(
      [[id(OPIOIDS)], [id(OPIOIDS), id(BREATHLESSNESS)].sort()].sort(),
    );
  });

  test("someone who is not a member is refused clearly at the button and at the form, and nothing is counted", async () => {
    await h.click(voteButton(), "U5");
    expect(h.lastReply("U5", "action")).toMatchObject({
      response_type: "ephemeral",
      text: "Only members of Palliative Care ECHO can vote. A facilitator can add you with `role @you member`.",
    });
    // a modal opened for someone else, submitted by the non-member
    await h.click(voteButton(), "U3");
    const res = await h.submit({ picks: [id(DELIRIUM)] }, "U5");
    const ack = res.json() as { response_action: string; view: Json };
    expect(ack.response_action).toBe("update");
    expect(allText(ack.view)).toContain("Not saved");
    expect(allText(ack.view)).toContain("Only members of Palliative Care ECHO can vote.");
    expect(await h.services.store.ballots.voterCount(ballot.id)).toBe(2);
  });

  test("the running counts update the channel's ballot card with chat.update", async () => {
    h.services.clock.advance(10_000);
    await scheduler.tick();
    const update = h.fake.last("chat.update").body;
    expect(update).toMatchObject({ channel: CHANNEL, ts: ballotTs });
    expect(sections(update)).toContain(
      `1. ${OPIOIDS}: 2 votes\n2. ${BREATHLESSNESS}: 1 vote\n3. ${DELIRIUM}: 0 votes\n4. ${CONSTIPATION}: 0 votes`,
    );
    expect(allText(update)).toContain("2 voted so far.");
    expect(buttonsIn(update).map((b) => b.text.text)).toEqual(["Vote", "Close now"]);
  });

  test("a vote sent after the close gets “This vote closed at …” and changes nothing", async () => {
    await h.click(voteButton(), "U4");
    const view = h.openedView();
    h.services.clock.set("2026-11-28T17:00:00Z");
    const res = await h.submit({ picks: [id(DELIRIUM)] }, "U4", view);
    expect(res.text).toBe("");
    expect(h.lastReply("U4", "action").text).toBe(`This vote closed at ${CLOSES}; your vote was not changed.`);
    await h.click(voteButton(), "U4");
    expect(h.lastReply("U4", "action").text).toBe(`This vote closed at ${CLOSES}; your vote was not changed.`);
    expect(await h.services.store.ballots.voterCount(ballot.id)).toBe(2);
  });

  test("the scheduler closes the vote once: the ranking is posted to the channel and the ballot card shows it closed", async () => {
    await scheduler.tick();
    await scheduler.tick();
    expect(resultPosts()).toHaveLength(1);
    const result = resultPosts()[0]?.body as Json;
    expect(result.channel).toBe(CHANNEL);
    expect(sections(result)[0]).toBe(
      `1. ${OPIOIDS}: 2 votes\n2. ${BREATHLESSNESS}: 1 vote\n3. ${DELIRIUM}: 0 votes\n4. ${CONSTIPATION}: 0 votes`,
    );
    expect(allText(result)).toContain("2 people voted. Ties go to the topic proposed first.");
    const closed = h.fake.last("chat.update").body;
    expect(allText(closed)).toContain("curriculum vote (closed)");
    expect(buttonsIn(closed)).toEqual([]);
    const stored = await h.services.store.ballots.byId(ballot.id);
    expect(stored?.result?.papers).toBe(2);
    expect(await h.services.database.db.auditEntry.count({ where: { action: "ballot.close" } })).toBe(1);
  });

  test("`topics plan` puts the ranking onto the next sessions, each with a teacher", async () => {
    await h.command("topics plan", "U2");
    expect(h.lastReply("U2").text).toBe("Only a facilitator or an admin of this network can plan the curriculum.");
    await h.command("topics plan");
    const plan = h.lastReply("U1");
    expect(sections(plan).slice(0, 5)).toEqual([
      `Wed 2 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by Hugo`,
      `Wed 9 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by Hugo`,
      `Wed 16 Dec 2026, 12:30 GMT: ${DELIRIUM}, taught by Hugo`,
      `Wed 23 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by Alice`,
      "Wed 30 Dec 2026, 12:30 GMT: no topic yet",
    ]);
    await refreshTopics();
    expect([...topics.values()].every((t) => t.status === "planned")).toBe(true);
  });

  test("the plan card's Swap button swaps two sessions in place", async () => {
    const swap = h.buttons(ActionIds.planSwap)[0];
    if (!swap) throw new Error("no Swap button");
    await h.click(swap, "U1");
    const replaced = h.lastReply("U1", "action");
    expect(replaced.replace_original).toBe(true);
    const text = allText(replaced);
    expect(text).toContain(`Wed 2 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by Hugo`);
    expect(text).toContain(`Wed 9 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by Hugo`);
  });

  test("the plan card's Change button opens a modal that moves a topic and its teacher onto a session", async () => {
    const change = h.buttons(ActionIds.openForm).filter((b) => b.text.text === "Change")[2];
    if (!change) throw new Error("no Change button");
    await h.click(change, "U1");
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.planEdit);
    const topic = input(view, "topic").element as Json & { initial_option?: SlackOption };
    expect(topic.initial_option?.value).toBe(id(DELIRIUM));
    const teacher = input(view, "teacher").element as Json & { options: SlackOption[]; initial_option?: SlackOption };
    expect(labels(teacher.options)).toEqual(["To be confirmed", "Alice", "Hugo"]);
    expect(teacher.initial_option?.value).toBe("slack:T1:U4");
    const bad = await h.submit({ teacher: "slack:T1:U2" }, "U1");
    expect(bad.json()).toEqual({
      response_action: "errors",
      errors: { teacher: "Choose a hub expert or facilitator of this network." },
    });
    await h.submit({ topic: id(CONSTIPATION), teacher: "slack:T1:U4" }, "U1");
    const text = allText(h.lastReply("U1", "action"));
    expect(text).toContain(`Wed 16 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by Hugo`);
    expect(text).toContain("Wed 23 Dec 2026, 12:30 GMT: no topic yet");
    expect((await h.services.store.topics.byId(id(DELIRIUM)))?.status).toBe("proposed");
  });

  test("`schedule` shows each session's topic and teacher", async () => {
    await h.command("schedule 3", "U2");
    const text = allText(h.lastReply("U2"));
    expect(text).toContain(`Topic: ${BREATHLESSNESS} · Teacher: Hugo`);
    expect(text).toContain(`Topic: ${OPIOIDS} · Teacher: Hugo`);
    expect(text).toContain(`Topic: ${CONSTIPATION} · Teacher: Hugo`);
  });
});

describe("a Slack vote with more than ten proposals", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await SlackHarness.start("sqlite");
  });
  afterAll(async () => {
    expect(h.blockKitViolations()).toEqual([]);
    await h.close();
  });

  test("`vote` opens the form with the topics as a multi-select menu, and the vote opens with the chosen ones", async () => {
    await h.setUpNetwork();
    const titles = [
      "Delirium",
      "Breathlessness",
      "Opioid conversions",
      "Constipation",
      "Anticipatory prescribing",
      "Advance care planning",
      "Nausea and vomiting",
      "Spiritual care",
      "Grief and bereavement",
      "Syringe drivers",
      "Hypercalcaemia",
      "Malignant spinal cord compression",
    ];
    for (const title of titles) await h.command(`propose ${title}`);
    await h.command("vote");
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.openVote);
    const element = input(view, "topics").element;
    expect(element.type).toBe("multi_static_select");
    expect(element.max_selected_items).toBe(20);
    expect(labels(element.options)).toEqual(titles);
    expect(labels(element.initial_options)).toEqual(titles);
    const chosen = (element.options ?? []).slice(0, 3).map((o) => o.value);
    const res = await h.submit({ topics: chosen, closesDate: "2026-11-30" }, "U1", view);
    expect(res.text).toBe("");
    const network = (await h.services.store.networks.byChannel(NETWORK_CHANNEL)) as Network;
    const ballot = await h.services.store.ballots.openFor(network.id);
    expect(ballot?.topics.map((t) => t.title)).toEqual(titles.slice(0, 3));
    expect(ballot?.maxPicks).toBe(3);
  });
});
