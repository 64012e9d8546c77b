/**
 * The Slack adapter end to end through POST /slack/events on a real listening server: slash commands, buttons and
 * modals, against a fake Slack Web API and SQLite.
 */
import { setupForm } from "../../src/core/networks/cards";
import { decodeViewMetadata } from "../../src/slack/view-metadata";
import { SETUP_VALUES } from "../support/services";
import { CHANNEL, form, NETWORK_CHANNEL, SlackHarness, slashCommand } from "../support/slack";
import { allText, blocksOf, type Json } from "../support/slack-blocks";

let h: SlackHarness;

beforeEach(async () => {
  h = await SlackHarness.start("sqlite");
});

afterEach(async () => {
  expect(h.blockKitViolations()).toEqual([]);
  await h.close();
});

async function setUpNetwork(): Promise<void> {
  const res = await h.setUpNetwork();
  expect(res.status).toBe(200);
}

describe("slash commands", () => {
  test("/echo help answers with a private card", async () => {
    const res = await h.command("help");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const reply = h.fake.last("response_url");
    expect(reply.path).toBe("/respond/cmd-U1");
    expect(reply.body.response_type).toBe("ephemeral");
    expect(blocksOf(reply.body)[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "teleecho: what I can do", emoji: true },
    });
    expect(String(reply.body.text)).toContain("teleecho commands");
  });

  test("an unknown command gets a short usage message", async () => {
    await h.command("frobnicate now");
    const reply = h.fake.last("response_url").body;
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toBe("I don't know `frobnicate`. Try `help` to see what I can do.");
  });

  test("the command is acknowledged before Slack is asked who the user is", async () => {
    h.fake.delays.set("users.info", 1500);
    const started = Date.now();
    const res = await h.post(form(slashCommand("help")), { wait: false });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.fake.callsTo("response_url")).toHaveLength(0);
    await h.adapter.drain();
    expect(h.fake.callsTo("response_url")).toHaveLength(1);
  });

  test("the user's Slack profile is looked up once and then cached", async () => {
    await h.command("help");
    await h.command("help topics");
    expect(h.fake.callsTo("users.info")).toHaveLength(1);
    expect(h.fake.last("users.info").body.user).toBe("U1");
  });

  test("an unexpected failure shows a reference, never the error itself, and is logged", async () => {
    jest.spyOn(h.services.core, "command").mockRejectedValueOnce(new Error("password=hunter2 at /srv/db.ts:12"));
    await h.command("help");
    const reply = h.fake.last("response_url").body;
    expect(reply.response_type).toBe("ephemeral");
    expect(String(reply.text)).toMatch(/^Something went wrong on our side/);
    expect(allText(reply)).not.toMatch(/hunter2|db\.ts|Error/);
    const reference = /reference: ([A-Z0-9]+)/.exec(String(reply.text))?.[1];
    const logged = h.services.log.lines.find((l) => l.level === "error" && l.message === "slack: request failed");
    expect(logged?.context).toMatchObject({ reference, surface: "command", team: "T1", channel: CHANNEL, user: "U1" });
  });
});

describe("setting up a network", () => {
  test("/echo setup opens a modal whose fields match the core's form", async () => {
    await h.command("setup");
    const call = h.fake.last("views.open").body;
    expect(call.trigger_id).toMatch(/^\d+\.47445629121\./);
    const view = call.view as Json;
    const form = setupForm(undefined, h.services.clock.now());
    expect(view.type).toBe("modal");
    expect(view.callback_id).toBe("echo.setup");
    expect(view.title).toEqual({ type: "plain_text", text: form.title, emoji: true });
    const blocks = blocksOf(view);
    expect(blocks.map((b) => b.block_id)).toEqual(form.fields.map((f) => f.id));
    expect(blocks.map((b) => (b.element as Json).action_id)).toEqual(form.fields.map((f) => f.id));
    expect(blocks.map((b) => b.optional)).toEqual(form.fields.map((f) => !f.required));
    const types = Object.fromEntries(blocks.map((b) => [b.block_id, (b.element as Json).type]));
    expect(types).toMatchObject({
      name: "plain_text_input",
      cadence: "static_select",
      firstDate: "datepicker",
      startTime: "timepicker",
      durationMinutes: "number_input",
      videoLink: "url_text_input",
    });
    const cadence = blocks.find((b) => b.block_id === "cadence")?.element as Json;
    expect(cadence.initial_option).toEqual({
      text: { type: "plain_text", text: "Every week", emoji: true },
      value: "weekly",
    });
    expect(decodeViewMetadata(String(view.private_metadata))).toEqual({
      channel: NETWORK_CHANNEL,
      metadata: "",
      responseUrl: `${h.fake.base}/respond/cmd-U1`,
    });
  });

  test("a submission with bad values is answered with errors on those fields and saves nothing", async () => {
    await h.command("setup");
    const res = await h.submit({ ...SETUP_VALUES, timeZone: "Mars/Base", videoLink: "zoom" });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      response_action: "errors",
      errors: {
        timeZone: "Use a time zone name such as Europe/London or America/New_York.",
        videoLink: "Give the video room's link, starting with https://.",
      },
    });
    expect(await h.services.database.db.network.count()).toBe(0);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  test("a submission waits at most about a second for users.info, then acts without admin rights", async () => {
    await h.command("setup");
    h.fake.delays.set("users.info", 2500);
    const started = Date.now();
    const res = await h.submit(SETUP_VALUES, "U2");
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    const network = await h.services.store.networks.byChannel(NETWORK_CHANNEL);
    expect(await h.services.store.members.find(network?.id ?? "", "slack:T1:U2")).toMatchObject({
      role: "facilitator",
      displayName: "u2",
    });
    expect(h.services.log.lines).toContainEqual(
      expect.objectContaining({ level: "warn", message: "slack: users.info failed; acting without admin rights" }),
    );
  });

  test("a good submission creates the network and posts its summary to the channel", async () => {
    await h.command("setup");
    const res = await h.submit(SETUP_VALUES);
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const network = await h.services.store.networks.byChannel(NETWORK_CHANNEL);
    expect(network).toMatchObject({
      name: "Palliative Care ECHO",
      timeZone: "Europe/London",
      platform: "slack",
      videoLink: SETUP_VALUES.videoLink,
    });
    const facilitator = await h.services.store.members.find(network?.id ?? "", "slack:T1:U1");
    expect(facilitator).toMatchObject({ role: "facilitator", displayName: "Alice" });
    const post = h.fake.last("chat.postMessage").body;
    expect(post.channel).toBe(CHANNEL);
    expect(blocksOf(post)[0]?.text?.text).toBe("Palliative Care ECHO is set up in this channel");
    expect(String(post.text)).toContain("Next session: Wed 2 Dec 2026, 12:30–14:00 GMT");
  });
});

describe("the schedule", () => {
  beforeEach(setUpNetwork);

  test("the facilitator sees each session with Skip and Move buttons", async () => {
    await h.command("schedule");
    const reply = h.fake.last("response_url").body;
    expect(reply.response_type).toBe("ephemeral");
    expect(h.buttons("echo.session.skip")).toHaveLength(6);
    // six Move buttons, then the facilitator's own "My reminders"
    expect(h.buttons("echo.form.open").map((b) => b.text.text)).toEqual([...Array(6).fill("Move"), "My reminders"]);
    expect(allText(reply)).toContain("Wed 2 Dec 2026, 12:30–14:00 GMT");
  });

  test("a plain member sees the sessions without any buttons", async () => {
    await h.command("schedule", "U3");
    const reply = h.fake.last("response_url").body;
    expect(allText(reply)).toContain("Wed 2 Dec 2026");
    expect(blocksOf(reply).filter((b) => b.type === "actions")).toHaveLength(0);
  });

  test("Skip marks the session skipped and replaces the message; a second click is harmless", async () => {
    await h.command("schedule");
    const skip = h.buttons("echo.session.skip")[0];
    if (!skip?.value) throw new Error("no Skip button");
    await h.click(skip);
    expect((await h.services.store.sessions.byId(skip.value))?.status).toBe("skipped");
    const replaced = h.fake.last("response_url");
    expect(replaced.path).toBe("/respond/action-U1");
    expect(replaced.body.replace_original).toBe(true);
    expect(allText(replaced.body)).toContain("(skipped)");
    expect(h.buttons("echo.session.unskip")).toHaveLength(1);

    await h.click(skip);
    expect((await h.services.store.sessions.byId(skip.value))?.status).toBe("skipped");
    expect(h.fake.last("response_url").body.replace_original).toBe(true);
    expect(await h.services.database.db.auditEntry.count({ where: { action: "session.skip" } })).toBe(1);
  });

  test("a plain member's click on Skip is refused privately and changes nothing", async () => {
    await h.command("schedule");
    const skip = h.buttons("echo.session.skip")[0];
    if (!skip?.value) throw new Error("no Skip button");
    await h.click(skip, "U3");
    expect((await h.services.store.sessions.byId(skip.value))?.status).toBe("scheduled");
    const reply = h.fake.last("response_url").body;
    expect(reply).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(reply.text).toBe("Only a facilitator or an admin of this network can skip a session.");
  });

  test("Move opens the move modal, and submitting it moves the session", async () => {
    await h.command("schedule");
    const move = h.buttons("echo.form.open")[1];
    if (!move) throw new Error("no Move button");
    await h.click(move);
    const view = h.openedView();
    expect(view.callback_id).toBe("echo.session.move.form");
    const sessionId = decodeViewMetadata(String(view.private_metadata))?.metadata ?? "";
    expect((await h.services.store.sessions.byId(sessionId))?.occurrence).toBe("2026-12-09");
    const fields = blocksOf(view).map((b) => [b.block_id, b.element]);
    expect(fields).toEqual([
      ["date", expect.objectContaining({ type: "datepicker", initial_date: "2026-12-09" })],
      ["time", expect.objectContaining({ type: "timepicker", initial_time: "12:30" })],
    ]);

    const res = await h.submit({ date: "2026-12-10", time: "14:00" });
    expect(res.text).toBe("");
    const session = await h.services.store.sessions.byId(sessionId);
    expect(session).toMatchObject({ moved: true, status: "scheduled" });
    expect(session?.startsAt.toISOString()).toBe("2026-12-10T14:00:00.000Z");
    const reply = h.fake.last("response_url");
    expect(reply.path).toBe("/respond/action-U1");
    expect(allText(reply.body)).toContain("Thu 10 Dec 2026, 14:00–15:30 GMT (moved)");
  });

  test("a move into the past is answered with an error on the date field", async () => {
    await h.command("schedule");
    const move = h.buttons("echo.form.open")[0];
    if (!move) throw new Error("no Move button");
    await h.click(move);
    const res = await h.submit({ date: "2026-01-05", time: "10:00" });
    expect(res.json()).toEqual({
      response_action: "errors",
      errors: { date: "The new date and time must be in the future." },
    });
  });
});

describe("roles", () => {
  beforeEach(setUpNetwork);

  test("the facilitator gives a mentioned person a role, and the channel is told", async () => {
    await h.command("role <@U2|bob> hub_expert");
    const reply = h.fake.last("response_url").body;
    expect(reply.response_type).toBe("in_channel");
    expect(reply.text).toBe("bob is now hub expert of Palliative Care ECHO.");
    const network = await h.services.store.networks.byChannel(NETWORK_CHANNEL);
    expect(await h.services.store.members.find(network?.id ?? "", "slack:T1:U2")).toMatchObject({
      role: "hub_expert",
      displayName: "bob",
    });
  });

  test("a mention without a name works too", async () => {
    await h.command("role <@U2> member");
    expect(h.fake.last("response_url").body.text).toBe("U2 is now member of Palliative Care ECHO.");
  });

  test("someone who does not manage the network is refused", async () => {
    await h.command("role <@U2|bob> facilitator", "U3");
    const reply = h.fake.last("response_url").body;
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toBe("Only a facilitator or an admin of this network can give people roles.");
    const network = await h.services.store.networks.byChannel(NETWORK_CHANNEL);
    expect(await h.services.store.members.find(network?.id ?? "", "slack:T1:U2")).toBeUndefined();
  });

  test("a Slack workspace admin may manage the network without being a member", async () => {
    await h.command("role <@U3|carol> admin", "U9");
    expect(h.fake.last("response_url").body.text).toBe("carol is now admin of Palliative Care ECHO.");
  });
});
