/**
 * Who may talk to /api/messages, with real Bot Framework tokens: a test OpenID metadata document and JWKS on 127.0.0.1
 * (TEAMS_OPENID_METADATA_URL), RS256 tokens signed with a key generated for the test (bot-tokens.ts). A good token is
 * accepted; every kind of bad one, another tenant and another channel get 401 and leave nothing behind. Conversation
 * references are kept only from turns signed for their service URL, and only for the Bot Connector's hosts.
 */
import {
  CHANNEL,
  channelMessage,
  FRAN,
  personalConversation,
  personalMessage,
  StubConnector,
  startTeams,
  TENANT,
  type TeamsHarness,
} from "../support/teams";

const OTHER_TENANT = "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

async function nothingStored(h: TeamsHarness) {
  expect(await h.services.database.db.conversationRef.count()).toBe(0);
  expect(await h.services.database.db.seenRequest.count()).toBe(0);
  expect(h.connector.requests).toHaveLength(0);
}

/** botbuilder prints each refused token on console.error; the test keeps the output quiet */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    return await work();
  } finally {
    errors.mockRestore();
  }
}

describe("a Teams request's token", () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams("sqlite", { tenants: [TENANT] });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    h.connector.clear();
    await h.services.database.db.conversationRef.deleteMany();
    await h.services.database.db.seenRequest.deleteMany();
  });

  const issuer = () => {
    if (!h.issuer) throw new Error("the harness signs no tokens");
    return h.issuer;
  };
  const url = () => h.connector.serviceUrl;

  test("signed by the published key for our app id and the activity's service URL is accepted, and the conversation is kept", async () => {
    const response = await h.post(personalMessage(url(), FRAN, "help"), {
      authorization: issuer().authorization({ serviceUrl: url() }),
    });
    expect(response.status).toBe(200);
    expect(h.connector.sent()).toHaveLength(1);
    expect(await h.services.store.conversations.find(`teams:${personalConversation(FRAN)}`)).toBeDefined();
    expect(await h.services.store.conversations.find(`teams:${FRAN.aadObjectId}`)).toBeDefined();
  });

  // what the log says of each refusal (a bad signature is jsonwebtoken's error, which botbuilder alone answers with 500)
  test.each([
    [
      "signed with a key the metadata does not publish",
      { keyId: "someone-elses-key" },
      /Signing Key could not be retrieved/,
    ],
    ["forged: the published key id, signed with another key", { forged: true }, /invalid signature/],
    ["for another app id", { audience: "11111111-2222-4333-8444-555555555555" }, /Invalid AppId/],
    ["from another issuer", { issuer: "https://api.botframework.com" }, /No valid identity/],
    ["expired (beyond the five minutes of clock skew allowed)", { expiresIn: -600 }, /expired/],
    [
      "for another service URL than the activity's",
      { serviceUrl: "https://smba.trafficmanager.net/emea/" },
      /ServiceUrl/,
    ],
  ])("%s gets 401 and leaves nothing behind", async (_what, token, logged) => {
    const activity = personalMessage(url(), FRAN, "help");
    const response = await quietly(() =>
      h.post(activity, { authorization: issuer().authorization({ serviceUrl: url(), ...token }) }),
    );
    expect(response).toEqual({ status: 401, body: { error: "unauthorized" } });
    await nothingStored(h);
    const refusal = h.services.log.lines.at(-1);
    expect(refusal).toMatchObject({ level: "warn", message: "teams: request refused" });
    expect(String(refusal?.context?.detail)).toMatch(logged);
  });

  test("a good token on an activity from another tenant than TEAMS_TENANTS lists gets 401 and leaves nothing behind", async () => {
    const activity = personalMessage(url(), FRAN, "help");
    const elsewhere = {
      ...activity,
      conversation: { ...activity.conversation, tenantId: OTHER_TENANT },
      channelData: { tenant: { id: OTHER_TENANT } },
    };
    const response = await h.post(elsewhere);
    expect(response).toEqual({ status: 401, body: { error: "unauthorized" } });
    await nothingStored(h);
    expect(h.services.log.lines.at(-1)?.context).toMatchObject({ why: "the tenant is not in TEAMS_TENANTS" });
  });

  test("a good token on an activity from Direct Line or Web Chat gets 401 and leaves nothing behind", async () => {
    for (const channelId of ["directline", "webchat", "emulator"]) {
      const response = await h.post({ ...personalMessage(url(), FRAN, "help"), channelId });
      expect(response).toEqual({ status: 401, body: { error: "unauthorized" } });
    }
    await nothingStored(h);
  });
});

describe("conversation references", () => {
  test("are not kept from the unauthenticated local endpoint, which still answers", async () => {
    const h = await startTeams("sqlite", { appId: "" });
    try {
      const response = await h.post(channelMessage(h.connector.serviceUrl, FRAN, "help"));
      expect(response.status).toBe(200);
      expect(h.connector.sent()).toHaveLength(1);
      expect(await h.services.database.db.conversationRef.count()).toBe(0);
      expect(h.services.log.lines.map((l) => l.message)).toContain(
        "teams: MICROSOFT_APP_ID is empty, so /api/messages accepts unauthenticated requests (and keeps no conversation references)",
      );
    } finally {
      await h.close();
    }
  });

  test("are kept only for service URLs in TEAMS_SERVICE_URLS, though a signed turn from elsewhere is answered", async () => {
    const elsewhere = new StubConnector();
    await elsewhere.start();
    const h = await startTeams("sqlite");
    try {
      const response = await h.post(channelMessage(elsewhere.serviceUrl, FRAN, "help"));
      expect(response.status).toBe(200);
      expect(elsewhere.sent()).toHaveLength(1);
      expect(await h.services.database.db.conversationRef.count()).toBe(0);
      expect(h.services.log.lines.find((l) => l.message.includes("TEAMS_SERVICE_URLS"))?.context).toEqual({
        serviceUrl: elsewhere.serviceUrl,
      });

      await h.post(channelMessage(h.connector.serviceUrl, FRAN, "help"));
      const kept = JSON.parse((await h.services.store.conversations.find(CHANNEL)) ?? "{}");
      expect(kept).toMatchObject({ serviceUrl: h.connector.serviceUrl, teamId: expect.stringMatching(/^19:/) });
    } finally {
      await h.close();
      await elsewhere.stop();
    }
  });

  test("without TEAMS_TENANTS, a signed activity from any tenant is answered and kept", async () => {
    const h = await startTeams("sqlite");
    try {
      const activity = personalMessage(h.connector.serviceUrl, FRAN, "help");
      const response = await h.post({
        ...activity,
        conversation: { ...activity.conversation, tenantId: OTHER_TENANT },
        channelData: { tenant: { id: OTHER_TENANT } },
      });
      expect(response.status).toBe(200);
      expect(h.connector.sent()).toHaveLength(1);
      expect(await h.services.database.db.conversationRef.count()).toBe(2);
    } finally {
      await h.close();
    }
  });
});
