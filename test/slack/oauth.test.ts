/**
 * The Slack app installed into many workspaces with OAuth v2, through the real routes (/slack/install,
 * /slack/oauth_redirect, /slack/events) and the fake Slack's oauth.v2.access, on both databases: each workspace's
 * token is kept sealed and used for that workspace only, the state is signed and good once, an uninstall or a
 * revoked token deletes the installation, an expiring token is refreshed before a scheduled send (once, across
 * copies), and an org-wide install makes the organisation the network's workspace.
 */
import { DeliveryError } from "../../src/core/jobs/runner";
import { routingDirectory } from "../../src/services";
import { sealedInstallationStore } from "../../src/slack/installations";
import { PROVIDERS } from "../support/db";
import { SETUP_VALUES } from "../support/services";
import {
  eventCallback,
  type FakeWorkspace,
  form,
  interactive,
  SlackHarness,
  slashCommand,
  viewSubmission,
} from "../support/slack";
import { comeBack, install, openInstallPage } from "../support/slack-oauth";

const SECOND: FakeWorkspace = { id: "T2", name: "Northern Hub", botUser: "UBOT2" };
const THIRD: FakeWorkspace = { id: "T3", name: "Southern Hub", botUser: "UBOT3" };
const ORG: FakeWorkspace = { id: "E1", name: "NHS Region", orgWide: true, botUser: "UBOTE" };
const asJson = { contentType: "application/json" };

/** A payload as it comes from another workspace (and, for an org-wide install, from an organisation). */
function fromWorkspace(payload: Record<string, unknown>, team: string, org?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...payload };
  if ("team_id" in out) out.team_id = team;
  if (out.team && typeof out.team === "object") out.team = { ...(out.team as object), id: team };
  if (out.user && typeof out.user === "object") out.user = { ...(out.user as object), team_id: team };
  if (org) {
    if (typeof out.command === "string") Object.assign(out, { enterprise_id: org, is_enterprise_install: "true" });
    else Object.assign(out, { enterprise: { id: org, name: "Org" }, is_enterprise_install: true });
  }
  return out;
}

describe.each(PROVIDERS)("Slack OAuth installs on %s", (provider) => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await SlackHarness.start(provider, { oauth: true, directorySpacingMs: 1 });
    for (const [id, name, team] of [
      ["U21", "Asha", "T2"],
      ["U31", "Tom", "T3"],
    ] as const)
      h.fake.users.set(id, { name, team });
  });
  afterEach(async () => {
    expect(h.blockKitViolations()).toEqual([]);
    await h.close();
  });

  const command = (text: string, user: string, team: string, channel: string, org?: string) =>
    h.post(form(fromWorkspace(slashCommand(text, user, { channel_id: channel }), team, org) as Record<string, string>));
  const setUp = async (user: string, team: string, channel: string, org?: string) => {
    await command("setup", user, team, channel, org);
    const view = h.openedView();
    const submission = fromWorkspace(viewSubmission(user, view, SETUP_VALUES) as Record<string, unknown>, team, org);
    return h.post(interactive(submission));
  };
  const tokenOf = (workspace: FakeWorkspace) =>
    [...h.fake.tokens.entries()].filter(([, w]) => w.id === workspace.id).map(([token]) => token);
  const rows = () => h.services.database.db.installation.findMany({ orderBy: { key: "asc" } });
  const refreshes = () => h.fake.callsTo("oauth.v2.access").filter((c) => c.body.grant_type === "refresh_token");

  test("the install page offers Add to Slack with the manifest's scopes and a signed state kept in a cookie", async () => {
    const page = await openInstallPage(h);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Add teleecho to your Slack workspace");
    expect(page.link.origin + page.link.pathname).toBe("https://slack.com/oauth/v2/authorize");
    expect(page.link.searchParams.get("client_id")).toBe("111.222");
    expect(page.link.searchParams.get("scope")?.split(",")).toContain("chat:write");
    expect(page.state.length).toBeGreaterThan(20);
    expect(page.cookie).toBe(`slack-app-oauth-state=${page.state}`);
  });

  test("installing into two workspaces keeps each token sealed and uses each workspace's token for its own requests and posts", async () => {
    const done = await install(h, SECOND);
    expect(done.status).toBe(200);
    expect(done.html).toContain("teleecho is installed in Northern Hub");
    expect((await install(h, THIRD)).status).toBe(200);

    const stored = await rows();
    expect(stored.map((r) => [r.platform, r.key])).toEqual([
      ["slack", "T2"],
      ["slack", "T3"],
    ]);
    for (const row of stored) expect(row.sealed).not.toMatch(/xox[be]-/);

    expect((await setUp("U21", "T2", "C2")).status).toBe(200);
    const [second] = tokenOf(SECOND);
    expect(h.fake.last("views.open").token).toBe(second);
    expect(h.fake.callsTo("users.info").every((c) => c.token === second)).toBe(true);
    const network = await h.services.store.networks.byChannel("slack:T2:C2");
    expect(network?.workspace).toBe("slack:T2");

    const before = h.fake.callsTo("chat.postMessage").length;
    await h.adapter.messenger.send("slack:T3:C3", { text: "Reminder" });
    await h.adapter.messenger.send("slack:T2:C2", { text: "Reminder" });
    const posts = h.fake.callsTo("chat.postMessage").slice(before);
    expect(posts.map((c) => [c.body.channel, c.token])).toEqual([
      ["C3", tokenOf(THIRD)[0]],
      ["C2", second],
    ]);
  });

  test("the page after installing shows the workspace's name as text, never as markup", async () => {
    const done = await install(h, { id: "T4", name: '<img src=x onerror="alert(1)">Hub', botUser: "UBOT4" });
    expect(done.html).toContain("teleecho is installed in &lt;img src=x onerror=&quot;alert(1)&quot;&gt;Hub");
    expect(done.html).not.toContain("<img src=x");
  });

  test("a state used twice, a forged state, a missing cookie and a cancelled install each get a page saying so, and nothing is installed", async () => {
    const page = await openInstallPage(h);
    expect((await comeBack(h, page, SECOND)).status).toBe(200);
    const exchanges = h.fake.callsTo("oauth.v2.access").length;

    const again = await comeBack(h, page, THIRD);
    expect(again.status).toBe(400);
    expect(again.html).toContain("expired or was already used");

    const forged = await comeBack(h, { state: `${page.state.slice(0, -4)}AAAA`, cookie: page.cookie }, THIRD);
    expect(forged.status).toBe(400);

    const fresh = await openInstallPage(h);
    expect((await comeBack(h, { state: fresh.state, cookie: "" }, THIRD)).status).toBe(400);

    const cancelled = await comeBack(h, await openInstallPage(h), { error: "access_denied" });
    expect(cancelled.status).toBe(400);
    expect(cancelled.html).toContain("cancelled");
    expect(cancelled.html).not.toMatch(/slack_oauth|Error:/);

    expect(h.fake.callsTo("oauth.v2.access").length).toBe(exchanges);
    expect((await rows()).map((r) => r.key)).toEqual(["T2"]);
  });

  test("app_uninstalled deletes the workspace's installation: later sends there are refused as unreachable, and the other workspace is untouched", async () => {
    await install(h, SECOND);
    await install(h, THIRD);
    await setUp("U21", "T2", "C2");
    const uninstalled = eventCallback("Ev-uninstall", { type: "app_uninstalled", event_ts: "1.2" });
    const body = JSON.stringify(fromWorkspace(uninstalled, "T2"));
    expect((await h.post(body, asJson)).status).toBe(200);
    expect((await h.post(body, { ...asJson, headers: { "x-slack-retry-num": "1" } })).status).toBe(200);
    for (const token of tokenOf(SECOND)) h.fake.revoked.add(token);

    expect((await rows()).map((r) => r.key)).toEqual(["T3"]);
    const posted = h.fake.callsTo("chat.postMessage").length;
    const sending = h.adapter.messenger.send("slack:T2:C2", { text: "Reminder" });
    await expect(sending).rejects.toBeInstanceOf(DeliveryError);
    await expect(sending).rejects.toMatchObject({ kind: "unreachable" });
    expect(h.fake.callsTo("chat.postMessage").length).toBe(posted);
    await h.adapter.messenger.send("slack:T3:C3", { text: "Still here" });

    // the networks of the workspace are kept for a reinstall; its people's commands now reach nobody
    expect(await h.services.store.networks.byChannel("slack:T2:C2")).toBeDefined();
    const replies = h.fake.callsTo("response_url").length;
    expect((await command("schedule", "U21", "T2", "C2")).status).toBe(200);
    expect(h.fake.callsTo("response_url").length).toBe(replies);
  });

  test("tokens_revoked for the bot deletes the installation; one naming only user tokens changes nothing", async () => {
    await install(h, SECOND);
    await install(h, THIRD);
    const revoked = (id: string, tokens: Record<string, string[]>) =>
      JSON.stringify(fromWorkspace(eventCallback(id, { type: "tokens_revoked", tokens, event_ts: "1.2" }), "T3"));
    await h.post(revoked("Ev-users", { oauth: ["U31"] }), asJson);
    expect((await rows()).map((r) => r.key)).toEqual(["T2", "T3"]);
    await h.post(revoked("Ev-bot", { bot: ["UBOT3"] }), asJson);
    expect((await rows()).map((r) => r.key)).toEqual(["T2"]);
  });

  test("a token that expires within two hours is refreshed before a scheduled send uses it, once for sends at the same time", async () => {
    await install(h, { ...THIRD, expiresIn: 3600 });
    const [first] = tokenOf(THIRD);
    await Promise.all([
      h.adapter.messenger.send("slack:T3:C3", { text: "one" }),
      h.adapter.messenger.send("slack:T3:C4", { text: "two" }),
    ]);
    expect(refreshes()).toHaveLength(1);
    const fresh = tokenOf(THIRD).find((t) => t !== first);
    expect(h.fake.callsTo("chat.postMessage").map((c) => c.token)).toEqual([fresh, fresh]);

    // the new token and its refresh token are what is kept, sealed: a later read needs no refresh
    const store = sealedInstallationStore(h.services.store.installations, h.services.sealer);
    const kept = await store.fetchInstallation({ teamId: "T3", enterpriseId: undefined, isEnterpriseInstall: false });
    expect(kept.bot?.token).toBe(fresh);
    expect((kept.bot?.expiresAt ?? 0) * 1000).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    await h.adapter.messenger.send("slack:T3:C3", { text: "three" });
    expect(refreshes()).toHaveLength(1);
  });

  if (provider === "postgresql")
    test("two copies sharing the store spend Slack's one-use refresh token once, and both keep sending", async () => {
      await install(h, { ...THIRD, expiresIn: 3600 });
      const other = await SlackHarness.start(provider, { oauth: true, sameStoreAs: h, fake: h.fake });
      try {
        await Promise.all([
          h.adapter.messenger.send("slack:T3:C3", { text: "from the first copy" }),
          other.adapter.messenger.send("slack:T3:C4", { text: "from the second copy" }),
        ]);
        expect(refreshes()).toHaveLength(1);
        expect(h.fake.accepted("chat.postMessage")).toHaveLength(2);
        expect(h.fake.callsTo("oauth.v2.access").filter((c) => c.error)).toEqual([]);
      } finally {
        await other.close();
      }
    });

  test("a request from a workspace the app is not installed in is acknowledged and nothing is done", async () => {
    await install(h, SECOND);
    const response = await command("setup", "U31", "T3", "C3");
    expect(response.status).toBe(200);
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
    expect(h.fake.callsTo("response_url")).toHaveLength(0);
    expect(await h.services.store.networks.byChannel("slack:T3:C3")).toBeUndefined();
  });

  test("a sealed installation copied under another workspace's key does not open", async () => {
    await install(h, SECOND);
    const [row] = await rows();
    await h.services.store.installations.save("slack", "T3", row?.sealed ?? "");
    const store = sealedInstallationStore(h.services.store.installations, h.services.sealer);
    await expect(
      store.fetchInstallation({ teamId: "T3", enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow();
    expect((await command("schedule", "U31", "T3", "C3")).status).toBe(200);
    expect(h.fake.callsTo("users.info").filter((c) => c.token?.startsWith("xoxb-T2"))).toHaveLength(0);
  });

  describe("an org-wide install", () => {
    beforeEach(async () => {
      h.fake.users.set("W1", { name: "Olga", team: "T5", enterprise: "E1", isAdmin: true });
      h.fake.users.set("W2", { name: "Priya", team: "T6", enterprise: "E1" });
      h.fake.users.set("W3", { name: "Xander", team: "T7", enterprise: "E9", isAdmin: true });
      h.fake.users.set("W4", { name: "Gita", team: "T5", enterprise: "E1", guest: true });
      h.fake.channelTeams.set("C5", "T5");
      expect((await install(h, ORG)).html).toContain("teleecho is installed in NHS Region");
    });

    test("makes the organisation the network's workspace, with its people from any of its workspaces at home and outsiders guests", async () => {
      expect((await rows()).map((r) => r.key)).toEqual(["E1"]);
      expect((await setUp("W1", "T5", "C5", "E1")).status).toBe(200);
      const network = await h.services.store.networks.byChannel("slack:E1:C5");
      expect(network?.workspace).toBe("slack:E1");
      const [orgToken] = tokenOf(ORG);
      expect(h.fake.callsTo("users.info").every((c) => c.token === orgToken)).toBe(true);

      // an admin of another organisation in the shared channel has no admin rights here
      await command("role <@W3> facilitator", "W3", "T7", "C5", "E1");
      expect(JSON.stringify(h.lastReply("W3"))).toContain("Only a facilitator or an admin of this network can");
      const members = await h.services.store.members.list(network?.id ?? "");
      expect(members.find((m) => m.user === "slack:E1:W3")?.role ?? "none").not.toBe("facilitator");

      await h.adapter.messenger.send("slack:E1:C5", { text: "Reminder" });
      expect(h.fake.last("chat.postMessage").token).toBe(orgToken);
    });

    test("the daily sync lists the channel's workspace and asks for the organisation's other people one by one", async () => {
      await setUp("W1", "T5", "C5", "E1");
      h.fake.channelMembers.set("C5", ["W1", "W2", "W3", "W4"]);
      const scheduler = h.createScheduler(`sync-${provider}`, routingDirectory({ slack: h.adapter.directory }));
      await scheduler.tick();
      expect(h.fake.last("conversations.info").body.channel).toBe("C5");
      expect(h.fake.callsTo("users.list").map((c) => c.body.team_id)).toEqual(["T5"]);
      const network = await h.services.store.networks.byChannel("slack:E1:C5");
      const members = await h.services.store.members.list(network?.id ?? "");
      const byUser = Object.fromEntries(members.map((m) => [m.user, { guest: m.guest, name: m.displayName }]));
      expect(byUser).toEqual({
        "slack:E1:W1": { guest: false, name: "Olga" },
        "slack:E1:W2": { guest: false, name: "Priya" },
        "slack:E1:W3": { guest: true, name: "Xander" },
        "slack:E1:W4": { guest: true, name: "Gita" },
      });
    });
  });
});
