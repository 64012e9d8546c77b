/**
 * The Teams adapter end to end, through POST /api/messages on the shared express app with signed Bot Framework
 * tokens, against a stub Bot Connector, on each database provider. Every card the tests see is checked with the adaptivecards package.
 */
import { ActionIds } from "../../src/core/ids";
import { expectValidAdaptiveCard } from "../support/adaptive-cards";
import { PROVIDERS } from "../support/db";
import { SETUP_VALUES } from "../support/services";
import {
  button,
  type CardAction,
  CHANNEL,
  CHANNEL_ID,
  cardActions,
  cardInputs,
  cardText,
  channelMessage,
  dialogCard,
  execute,
  FRAN,
  MAX,
  mention,
  OUTBOUND_TOKEN,
  personalConversation,
  personalMessage,
  StubConnector,
  startTeams,
  type TeamsHarness,
  taskFetch,
  taskSubmit,
} from "../support/teams";

describe.each(PROVIDERS)("Teams on %s", (provider) => {
  let h: TeamsHarness;
  let url: string;

  beforeAll(async () => {
    h = await startTeams(provider, { members: [MAX, FRAN] });
    url = h.connector.serviceUrl;
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.connector.clear());

  const network = async () => {
    const found = await h.services.store.networks.byChannel(CHANNEL);
    if (!found) throw new Error("no network");
    return found;
  };
  const lastSent = () => h.connector.last();
  const scheduleCard = async (who = FRAN) => {
    expect((await h.post(channelMessage(url, who, "schedule"))).status).toBe(200);
    return StubConnector.card(lastSent());
  };

  test("help in a personal chat answers with a card in that chat", async () => {
    const activity = personalMessage(url, FRAN, "help");
    const response = await h.post(activity);
    expect(response.status).toBe(200);
    const [reply] = h.connector.sent();
    expect(reply?.kind).toBe("reply");
    expect(reply?.conversationId).toBe(personalConversation(FRAN));
    expect(reply?.activityId).toBe(activity.id);
    // the reply goes out with the bot's own token
    expect(reply?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(reply?.body.summary).toEqual(expect.stringContaining("teleecho commands"));
    const card = StubConnector.card(reply as NonNullable<typeof reply>);
    expect(cardText(card)).toContain("what I can do");
  });

  test("unknown words get the usage text, not silence", async () => {
    await h.post(personalMessage(url, FRAN, "frobnicate the widgets"));
    const reply = lastSent();
    expect(reply.body.text).toEqual(expect.stringContaining("I don't know `frobnicate`"));
    expect(reply.body.attachments).toBeUndefined();
  });

  test("the same message delivered twice is answered once", async () => {
    const activity = personalMessage(url, FRAN, "help");
    await h.post(activity);
    await h.post(activity);
    expect(h.connector.sent()).toHaveLength(1);
  });

  test("setup in a channel answers with a card whose button opens the setup dialog", async () => {
    await h.post(channelMessage(url, FRAN, "setup"));
    const reply = lastSent();
    expect(reply.conversationId).toBe(`${CHANNEL_ID};messageid=1700000000001`);
    const [open] = cardActions(StubConnector.card(reply));
    expect(open).toMatchObject({
      type: "Action.Submit",
      data: { msteams: { type: "task/fetch" }, verb: ActionIds.openForm },
    });
  });

  let setupDialog: Record<string, unknown>;

  test("task/fetch from that button shows the setup dialog with the core's fields", async () => {
    await h.post(channelMessage(url, FRAN, "setup"));
    const [open] = cardActions(StubConnector.card(lastSent()));
    const response = await h.post(taskFetch(url, FRAN, open?.data));
    expect(response.status).toBe(200);
    setupDialog = dialogCard(response.body);
    expect([...cardInputs(setupDialog).keys()]).toEqual(Object.keys(SETUP_VALUES));
    const inputs = cardInputs(setupDialog);
    expect(inputs.get("cadence")).toMatchObject({ type: "Input.ChoiceSet", style: "compact", value: "weekly" });
    expect(inputs.get("firstDate")?.type).toBe("Input.Date");
    expect(inputs.get("startTime")).toMatchObject({ type: "Input.Time", value: "12:30" });
    expect(inputs.get("durationMinutes")).toMatchObject({ type: "Input.Number", value: 90 });
    expect(inputs.get("videoLink")).toMatchObject({ type: "Input.Text", style: "url" });
    expect((response.body as { task: { value: { title: string } } }).task.value.title).toBe("Set up ECHO network");
  });

  test("task/submit with a bad time zone and video link shows the dialog again with the messages and the values kept", async () => {
    const response = await h.post(
      taskSubmit(url, FRAN, setupDialog, {
        ...SETUP_VALUES,
        timeZone: "Mars/Base",
        videoLink: "zoom",
        durationMinutes: 90,
      }),
    );
    expect(response.status).toBe(200);
    const card = dialogCard(response.body);
    const inputs = cardInputs(card);
    expect(inputs.get("timeZone")?.value).toBe("Mars/Base");
    expect(inputs.get("videoLink")?.value).toBe("zoom");
    expect(inputs.get("name")?.value).toBe(SETUP_VALUES.name);
    expect(inputs.get("timeZone")?.errorMessage).toEqual(expect.stringContaining("Europe/London"));
    const text = cardText(card);
    expect(text).toContain("Use a time zone name such as Europe/London");
    expect(text).toContain("starting with https://");
    expect(await h.services.store.networks.byChannel(CHANNEL)).toBeUndefined();
    expect(h.connector.sent()).toHaveLength(0);
  });

  test("a good task/submit creates the network and posts its summary card to the conversation", async () => {
    const response = await h.post(taskSubmit(url, FRAN, setupDialog, { ...SETUP_VALUES, durationMinutes: 90 }));
    expect(response.body).toEqual({ task: { type: "message", value: "Saved." } });
    const saved = await network();
    expect(saved).toMatchObject({
      name: "Palliative Care ECHO",
      timeZone: "Europe/London",
      platform: "teams",
      durationMinutes: 90,
    });
    expect(await h.services.store.members.find(saved.id, `teams:${FRAN.aadObjectId}`)).toMatchObject({
      role: "facilitator",
    });
    const posted = lastSent();
    expect(posted.conversationId).toContain(CHANNEL_ID);
    expect(cardText(StubConnector.card(posted))).toContain("is set up in this channel");
  });

  test("schedule shows the sessions with Skip and Move for the facilitator", async () => {
    const card = await scheduleCard();
    const actions = cardActions(card);
    expect(
      actions
        .filter((a) => a.title === "Skip")
        .every((a) => a.type === "Action.Execute" && a.verb === ActionIds.sessionSkip),
    ).toBe(true);
    expect(actions.filter((a) => a.title === "Move").every((a) => a.type === "Action.Submit")).toBe(true);
    expect(actions.filter((a) => a.title === "Skip")).toHaveLength(6);
    expect(cardText(card)).toContain("Wed 2 Dec");
  });

  test("a member who is not a manager sees the schedule without buttons", async () => {
    const card = await scheduleCard(MAX);
    expect(cardActions(card)).toEqual([]);
  });

  test("Skip updates the card in place and marks the session skipped; a second click is harmless", async () => {
    const skip = button(await scheduleCard(), "Skip");
    const sessionId = String(skip.data?.value);
    for (let click = 0; click < 2; click++) {
      const response = await h.post(execute(url, FRAN, skip));
      expect(response.status).toBe(200);
      const body = response.body as { statusCode: number; type: string; value: Record<string, unknown> };
      expect(body.statusCode).toBe(200);
      expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
      expectValidAdaptiveCard(body.value);
      expect(cardText(body.value)).toContain("(skipped)");
      expect(cardActions(body.value).some((a) => a.verb === ActionIds.sessionUnskip)).toBe(true);
    }
    expect((await h.services.store.sessions.byId(sessionId))?.status).toBe("skipped");
  });

  test("Move opens a dialog and moves the session", async () => {
    const move = cardActions(await scheduleCard()).filter((a) => a.title === "Move")[1] as CardAction;
    const fetched = await h.post(taskFetch(url, FRAN, move.data));
    const card = dialogCard(fetched.body);
    expect([...cardInputs(card).keys()]).toEqual(["date", "time"]);
    const sessionId = JSON.parse(String(move.data?.value)).m as string;
    const response = await h.post(taskSubmit(url, FRAN, card, { date: "2026-12-18", time: "15:00" }));
    expect(response.body).toEqual({ task: { type: "message", value: "Saved." } });
    const moved = await h.services.store.sessions.byId(sessionId);
    expect(moved).toMatchObject({ moved: true, startsAt: new Date("2026-12-18T15:00:00Z") });
    expect(cardText(StubConnector.card(lastSent()))).toContain("(moved)");
  });

  test("someone who may not manage the schedule is told why on the card and in the dialog, and nothing changes", async () => {
    const actions = cardActions(await scheduleCard());
    const skip = actions.filter((a) => a.title === "Skip")[2] as CardAction;
    const move = actions.filter((a) => a.title === "Move")[2] as CardAction;
    const refused = "Only a facilitator or an admin of this network can";
    const clicked = await h.post(execute(url, MAX, skip));
    expect(clicked.body).toEqual({
      statusCode: 200,
      type: "application/vnd.microsoft.activity.message",
      value: `${refused} skip a session.`,
    });
    const fetched = await h.post(taskFetch(url, MAX, move.data));
    expect(fetched.body).toEqual({ task: { type: "message", value: `${refused} move a session.` } });
    expect((await h.services.store.sessions.byId(String(skip.data?.value)))?.status).toBe("scheduled");
  });

  test("a facilitator gives a mentioned person a role, on the address that person acts as", async () => {
    await h.post(channelMessage(url, FRAN, "role <at>Max Member</at> hub_expert", [mention(MAX)]));
    expect(lastSent().body.text).toBe("Max Member is now hub expert of Palliative Care ECHO.");
    expect(await h.services.store.members.find((await network()).id, `teams:${MAX.aadObjectId}`)).toMatchObject({
      role: "hub_expert",
      displayName: "Max Member",
    });
    expect(h.connector.requests.some((r) => r.kind === "member")).toBe(true);
  });

  test("someone who does not manage the network is refused when giving roles", async () => {
    await h.post(channelMessage(url, MAX, "role <at>Fran Facilitator</at> member", [mention(FRAN)]));
    expect(lastSent().body.text).toBe("Only a facilitator or an admin of this network can give people roles.");
    expect(await h.services.store.members.find((await network()).id, `teams:${FRAN.aadObjectId}`)).toMatchObject({
      role: "facilitator",
    });
  });

  test("conversation references are stored for the channel, the personal chat and its user", async () => {
    const rows = await h.services.database.db.conversationRef.findMany({ orderBy: { address: "asc" } });
    // Max only ever wrote in the channel, so there is no direct-message reference for him
    expect(rows.map((r) => r.address).sort()).toEqual(
      [CHANNEL, `teams:${personalConversation(FRAN)}`, `teams:${FRAN.aadObjectId}`].sort(),
    );
    const channel = JSON.parse(rows.find((r) => r.address === CHANNEL)?.reference ?? "{}");
    expect(channel).toMatchObject({
      channelId: "msteams",
      serviceUrl: url,
      conversation: { id: CHANNEL_ID },
      bot: { id: "28:teleecho-bot" },
    });
    expect(channel.activityId).toBeUndefined();
    expect(rows.every((r) => r.platform === "teams")).toBe(true);
  });

  test("a proactive send reaches the channel as a new post and can be updated", async () => {
    const address = await h.teams.messenger.send(CHANNEL, { text: "Palliative Care ECHO starts in 15 minutes." });
    const [post] = h.connector.sent();
    expect(post).toMatchObject({ kind: "post", conversationId: CHANNEL_ID });
    expect(post?.body).toMatchObject({
      text: "Palliative Care ECHO starts in 15 minutes.",
      conversation: { id: CHANNEL_ID },
    });
    expect(post?.body.replyToId).toBeUndefined();
    expect(address).toMatch(new RegExp(`^${CHANNEL}#1%3Amsg-\\d+$`));

    await h.teams.messenger.update(address, {
      title: "Session started",
      blocks: [{ kind: "text", text: "Join now." }],
      fallback: "Session started",
    });
    const update = h.connector.requests.find((r) => r.kind === "update");
    expect(update).toMatchObject({
      method: "PUT",
      conversationId: CHANNEL_ID,
      activityId: decodeURIComponent(address.split("#")[1] ?? ""),
    });
    expect(update?.body.summary).toBe("Session started");
    expect(cardText(StubConnector.card(update as NonNullable<typeof update>))).toContain("Join now.");
  });

  test("a proactive send to a user goes to their personal chat", async () => {
    await h.teams.messenger.send(`teams:${FRAN.aadObjectId}`, {
      card: { title: "Your survey", blocks: [], fallback: "Your survey" },
    });
    expect(h.connector.sent()).toEqual([
      expect.objectContaining({ kind: "post", conversationId: personalConversation(FRAN) }),
    ]);
    StubConnector.card(h.connector.sent()[0] as NonNullable<ReturnType<typeof lastSent>>);
  });

  test("a proactive send to an address the bot has never seen fails clearly", async () => {
    await expect(
      h.teams.messenger.send("teams:00000000-0000-4000-8000-000000000000", { text: "hello" }),
    ).rejects.toThrow("no Teams conversation reference is stored for teams:00000000-0000-4000-8000-000000000000");
    await expect(
      h.teams.messenger.update(`${CHANNEL}-elsewhere#1%3A9`, { title: "x", blocks: [], fallback: "x" }),
    ).rejects.toThrow("no Teams conversation reference");
    expect(h.connector.requests).toHaveLength(0);
  });
});
