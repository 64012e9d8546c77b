/**
 * The edges of POST /api/messages: what is refused before the bot runs, authentication, failures inside a turn, and
 * a throttled Bot Connector.
 */
import type { Core } from "../../src/core/app";
import { FormIds } from "../../src/core/ids";
import { SETUP_VALUES } from "../support/services";
import {
  CHANNEL_ID,
  cardActions,
  channelMessage,
  execute,
  FRAN,
  invoke,
  MAX,
  personalConversation,
  personalMessage,
  StubConnector,
  setUpNetwork,
  startTeams,
  TENANT,
  type TeamsHarness,
  taskValue,
} from "../support/teams";

async function nothingTouched(h: TeamsHarness) {
  expect(await h.services.database.db.conversationRef.count()).toBe(0);
  expect(await h.services.database.db.seenRequest.count()).toBe(0);
  expect(h.connector.requests).toHaveLength(0);
}

describe("what /api/messages refuses", () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams("sqlite");
  });
  afterAll(async () => {
    await h.close();
  });

  test("malformed JSON gets 400 and touches nothing", async () => {
    const response = await h.postRaw('{"type": "message", "text": "help"');
    expect(response).toEqual({ status: 400, body: { error: "bad request" } });
    await nothingTouched(h);
  });

  test("JSON that is not an activity gets 400 and touches nothing", async () => {
    const good = personalMessage(h.connector.serviceUrl, FRAN, "help");
    for (const body of [
      { hello: "world" },
      [good],
      { ...good, type: "" },
      { ...good, serviceUrl: "file:///etc/passwd" },
      { ...good, conversation: null },
    ]) {
      const response = await h.post(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    }
    await nothingTouched(h);
  });

  test("an oversized body gets 413 and touches nothing", async () => {
    const response = await h.post(personalMessage(h.connector.serviceUrl, FRAN, `help ${"x".repeat(300_000)}`));
    expect(response).toEqual({ status: 413, body: { error: "payload too large" } });
    await nothingTouched(h);
  });

  test("an invoke the bot does not handle gets 501 without an error message", async () => {
    const response = await h.post(invoke(h.connector.serviceUrl, FRAN, "composeExtension/query", { commandId: "x" }));
    expect(response.status).toBe(501);
    expect(h.connector.sent()).toHaveLength(0);
  });
});

describe("with an app id configured", () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams("sqlite");
  });
  afterAll(async () => {
    await h.close();
  });

  test("a request without an Authorization header gets 401 and touches nothing", async () => {
    const response = await h.post(personalMessage(h.connector.serviceUrl, FRAN, "help"), { authorization: "" });
    expect(response).toEqual({ status: 401, body: { error: "unauthorized" } });
    await nothingTouched(h);
  });

  test("a request with a forged token gets 401 and touches nothing", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined); // botbuilder prints the refusal
    try {
      const response = await h.post(personalMessage(h.connector.serviceUrl, FRAN, "help"), {
        authorization: "Bearer forged.token.value",
      });
      expect(response).toEqual({ status: 401, body: { error: "unauthorized" } });
    } finally {
      errors.mockRestore();
    }
    await nothingTouched(h);
  });
});

describe("failures inside a turn", () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams("sqlite", {
      core: (core: Core): Core => ({
        ...core,
        command: async (ctx, words) => {
          if (words === "explode") throw new Error("connect ECONNREFUSED /var/run/secret.sock");
          return core.command(ctx, words);
        },
      }),
    });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.connector.clear());

  test("an unexpected error reaches the user as a short text with a reference, and the log has the details", async () => {
    const response = await h.post(personalMessage(h.connector.serviceUrl, FRAN, "explode"));
    expect(response.status).toBe(200);
    const text = String(h.connector.sent()[0]?.body.text);
    expect(text).toMatch(/^Something went wrong on our side and nothing was changed\..*reference: [A-Z0-9]{1,8}\.$/);
    expect(text).not.toMatch(/ECONNREFUSED|secret|\.ts:\d+/);
    const logged = h.services.log.lines.find((l) => l.message === "teams: turn failed");
    expect(logged?.level).toBe("error");
    expect(text).toContain(String(logged?.context?.reference));
    expect(logged?.context).toMatchObject({
      activityType: "message",
      conversation: personalConversation(FRAN),
      user: FRAN.aadObjectId,
    });
  });

  test("a stale button answers on the card it was clicked on", async () => {
    const response = await h.post(
      execute(h.connector.serviceUrl, FRAN, { verb: "echo.retired.button", data: { value: "1" } }),
    );
    expect(response).toEqual({
      status: 200,
      body: {
        statusCode: 200,
        type: "application/vnd.microsoft.activity.message",
        value: "That button is no longer in use. Run the command again.",
      },
    });
  });

  test("a malformed dialog request answers in the dialog", async () => {
    for (const name of ["task/fetch", "task/submit"]) {
      const response = await h.post(invoke(h.connector.serviceUrl, FRAN, name, { data: { nonsense: true } }));
      expect(response).toEqual({
        status: 200,
        body: { task: { type: "message", value: "That button or form is out of date. Run the command again." } },
      });
    }
  });

  test("a refused dialog submission answers in the dialog and changes nothing", async () => {
    await setUpNetwork(h);
    const data = { formId: FormIds.setup, metadata: "", ...SETUP_VALUES, name: "Taken over" };
    const response = await h.post(invoke(h.connector.serviceUrl, MAX, "task/submit", taskValue(data, "task/submit")));
    expect(response.body).toEqual({
      task: {
        type: "message",
        value: "Only a facilitator or an admin of this network can change this network's settings.",
      },
    });
    expect((await h.services.store.networks.byChannel(`teams:${CHANNEL_ID}`))?.name).toBe(SETUP_VALUES.name);
    const refusals = h.services.log.lines.filter((l) => l.message === "teams: request refused");
    expect(refusals[refusals.length - 1]).toMatchObject({ level: "info", context: { code: "forbidden" } });
  });
});

describe("a workspace admin of another tenant", () => {
  test("gets no admin rights on this tenant's network, even with the same ids", async () => {
    const other = "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    const h = await startTeams("sqlite", { admins: [`${other}/${MAX.id}`, `${other}/${MAX.aadObjectId}`] });
    try {
      await setUpNetwork(h);
      await h.post(channelMessage(h.connector.serviceUrl, MAX, "schedule"));
      const card = StubConnector.card(h.connector.last());
      expect(cardActions(card).some((a) => a.title === "Skip")).toBe(false);
      const submit = taskValue(
        { formId: FormIds.setup, metadata: "", ...SETUP_VALUES, name: "Taken over" },
        "task/submit",
      );
      const response = await h.post(invoke(h.connector.serviceUrl, MAX, "task/submit", submit));
      expect(response.body).toEqual({
        task: {
          type: "message",
          value: "Only a facilitator or an admin of this network can change this network's settings.",
        },
      });
    } finally {
      await h.close();
    }
  });
});

describe("workspace admins and a throttled connector", () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    // Max is listed by his Teams user id, which TEAMS_ADMINS accepts as well as the AAD object id
    h = await startTeams("sqlite", { admins: [`${TENANT}/${MAX.id}`] });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.connector.clear());

  test("a user listed in TEAMS_ADMINS manages a network they are not a member of", async () => {
    await setUpNetwork(h);
    await h.post(channelMessage(h.connector.serviceUrl, MAX, "schedule"));
    const card = StubConnector.card(h.connector.sent()[0] as NonNullable<ReturnType<StubConnector["sent"]>[number]>);
    expect(cardActions(card).some((a) => a.title === "Skip")).toBe(true);
  });

  test("a proactive send that Teams throttles with 429 is retried after Retry-After and delivered once", async () => {
    await h.post(personalMessage(h.connector.serviceUrl, FRAN, "help"));
    h.connector.clear();
    h.connector.failures.push({ status: 429, headers: { "retry-after": "1" } });
    const started = Date.now();
    const address = await h.teams.messenger.send(`teams:${FRAN.aadObjectId}`, { text: "Your survey is waiting." });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.connector.sent().map((r) => r.body.text)).toEqual(["Your survey is waiting.", "Your survey is waiting."]);
    expect(address).toMatch(new RegExp(`^teams:${personalConversation(FRAN)}#1%3Amsg-\\d+$`));
  });
});
