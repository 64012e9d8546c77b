/**
 * Hostile input through the real routes, on both databases: every facilitator action on network A (each button
 * click, form opening and form submission its messages carry, with A's own ids) is sent by people who must not —
 * on Slack a plain member of A and the facilitator of another network B, each through /slack/events; on Teams a
 * plain member of A with a good token, and a forged caller whose token is signed with a key Microsoft never
 * published, each through /api/messages. Every request is answered, and the row counts of every table are the same
 * before and after (only the ledger of signed requests grows, so that a replay is refused too); no case text ever
 * reaches the log.
 */
import type { Core } from "../../src/core/app";
import { encodeFormRef } from "../../src/core/app-refs";
import type { Ctx } from "../../src/core/context";
import { ActionIds, type FormId, FormIds } from "../../src/core/ids";
import { encodeViewMetadata } from "../../src/slack/view-metadata";
import { CASE } from "../support/cases";
import { PROVIDERS } from "../support/db";
import { facilitatorActions, type NetworkIds, rowCounts, seedActivity, tableRows } from "../support/hostile";
import { QUIET_SETUP } from "../support/seed";
import type { TestServices } from "../support/services";
import { blockActions, interactive, SlackHarness, TEAM, viewSubmission } from "../support/slack";
import {
  execute,
  FRAN,
  invoke,
  MAX,
  startTeams,
  CHANNEL as TEAMS_CHANNEL,
  TENANT,
  type TeamsHarness,
  taskValue,
} from "../support/teams";

/** One facilitator action as a platform request: a click (action id and value) or a submission (form, metadata, values). */
type Request =
  | { kind: "click"; actionId: string; value: string }
  | { kind: "submit"; formId: string; metadata: string; values: Record<string, string> };

/** What a member of the network may do for themselves: the only actions of the list a member of A is not refused. */
const FOR_MEMBERS = new Set([
  "claim a slot",
  "mute a reminder",
  "open the network's reminders form",
  "check in",
  "page the library",
]);

/**
 * The facilitator actions of hostile.ts, read as the requests a platform would carry for them; `member`: without
 * those a member of the network may do for themselves.
 */
function requestsFor(ids: NetworkIds, member = false): Array<[string, Request]> {
  let seen: Request | undefined;
  const recorder = {
    action: async (_ctx: Ctx, actionId: string, value: string) => {
      seen = { kind: "click", actionId, value };
    },
    openForm: async (_ctx: Ctx, formId: string, metadata: string) => {
      // a form is opened by its button: the launcher's action with the form's reference
      seen = { kind: "click", actionId: ActionIds.openForm, value: encodeFormRef(formId as FormId, metadata) };
    },
    submitForm: async (_ctx: Ctx, formId: string, metadata: string, values: Record<string, string>) => {
      seen = { kind: "submit", formId, metadata, values };
    },
  } as unknown as Core;
  const ctx = {} as Ctx;
  const actions = facilitatorActions(ids).filter(([name]) => !(member && FOR_MEMBERS.has(name)));
  return actions.map(([name, act]) => {
    seen = undefined;
    void act(recorder, ctx);
    if (!seen) throw new Error(`${name}: no request recorded`);
    return [name, seen];
  });
}

/** Sets up network A (facilitator `fran`, member `max` with a submitted case, an open vote) and network B. */
async function seed(s: TestServices, fran: Ctx, max: Ctx, other: Ctx): Promise<NetworkIds> {
  expect(await s.core.submitForm(fran, FormIds.setup, "", QUIET_SETUP)).toMatchObject({ kind: "done" });
  await s.core.command(fran, `role <@${max.actor.user}|${max.actor.name}> member`);
  await s.core.submitForm(other, FormIds.setup, "", { ...QUIET_SETUP, name: "Other ECHO" });
  const network = await s.store.networks.byChannel(fran.channel);
  if (!network) throw new Error("network A was not set up");
  const ids = await seedActivity(s, network, fran, max);
  for (const [name, id] of Object.entries(ids)) if (!id) throw new Error(`seed: no ${name}`);
  return ids;
}

/** What the log would hold, checked for any line of the case. */
function expectNoCaseTextIn(s: TestServices): void {
  const written = s.log.written().join("\n");
  for (const text of [CASE.problem, CASE.history, CASE.medications, CASE.question])
    expect(written).not.toContain(text.slice(0, 30));
}

/** What must not move: every row of every table but the ledger of requests already handled. */
const counted = (s: TestServices) => tableRows(s);

describe.each(PROVIDERS)("hostile requests through /slack/events on %s", (provider) => {
  let h: SlackHarness;
  let ids: NetworkIds;
  const slackCtx = (user: string, channel: string): Ctx => ({
    platform: "slack",
    channel: `slack:${TEAM}:${channel}`,
    workspace: `slack:${TEAM}`,
    actor: { user: `slack:${TEAM}:${user}`, name: user, isWorkspaceAdmin: false },
  });

  beforeEach(async () => {
    h = await SlackHarness.start(provider);
    ids = await seed(h.services, slackCtx("U1", "C1"), slackCtx("U2", "C1"), slackCtx("U3", "C2"));
  });
  afterEach(async () => {
    expect(h.blockKitViolations()).toEqual([]);
    await h.close();
  });

  /** The Slack payload for a request, sent by `user` from `channel` of workspace `team`. */
  const payload = (request: Request, user: string, channel: string, team = TEAM) => {
    const body = teamPayload(request, user, channel);
    if (team === TEAM) return body;
    // the same request from another workspace: Slack names the team in the payload, the user and the view
    const moved = JSON.parse(JSON.stringify(body).replaceAll(`"${TEAM}"`, `"${team}"`)) as typeof body;
    return moved;
  };
  const teamPayload = (request: Request, user: string, channel: string) => {
    if (request.kind === "click")
      return blockActions(
        user,
        { type: "button", action_id: request.actionId, value: request.value, text: { text: "Go" } },
        channel,
      );
    const view = {
      callback_id: request.formId,
      private_metadata: encodeViewMetadata({ channel: `slack:${TEAM}:${channel}`, metadata: request.metadata }),
      title: { type: "plain_text", text: "teleecho" },
      blocks: Object.keys(request.values).map((field) => ({
        type: "input",
        block_id: field,
        label: { type: "plain_text", text: field },
        element: { type: "plain_text_input", action_id: field },
      })),
    };
    return viewSubmission(user, view, request.values);
  };

  test.each([
    ["a plain member of network A, in A's channel", "U2", "C1", TEAM, true],
    ["the facilitator of network B, from B's channel with A's ids", "U3", "C2", TEAM, false],
    ["an admin of another workspace, from a channel there with A's ids", "U9", "C1", "T2", false],
  ])("%s is refused every facilitator action, and nothing changes", async (_who, user, channel, team, member) => {
    // U9 is an admin of workspace T2, their home (users.info says so)
    h.fake.users.set("U9", { name: "Wendy", isAdmin: true, team: "T2" });
    const before = await counted(h.services);
    const posted = h.fake.callsTo("chat.postMessage").length;
    for (const [name, request] of requestsFor(ids, member)) {
      const answer = await h.post(interactive(payload(request, user, channel, team)));
      expect([name, answer.status]).toEqual([name, 200]);
      // a submission is answered on the modal (errors or a notice), never by closing it as saved
      if (request.kind === "submit") expect([name, answer.text]).not.toEqual([name, ""]);
    }
    expect(await counted(h.services)).toEqual(before);
    // nothing was announced to any channel
    expect(h.fake.callsTo("chat.postMessage").length).toBe(posted);
    expectNoCaseTextIn(h.services);
  });

  test("a replayed facilitator click is refused before any work, even when the first one was allowed", async () => {
    const [, skip] = requestsFor(ids).find(([name]) => name === "skip a session") ?? [];
    if (!skip) throw new Error("no skip action");
    const body = interactive(payload(skip, "U1", "C1"));
    const timestamp = Math.floor(Date.now() / 1000);
    const before = await tableRows(h.services);
    await h.post(body, { timestamp });
    const after = await rowCounts(h.services);
    // the facilitator's own click did change the session (what the refusals above are checked against)
    expect((await tableRows(h.services)).Session).not.toEqual(before.Session);
    const replay = await h.post(body, { timestamp });
    expect(replay).toMatchObject({ status: 200, text: "" });
    expect(await rowCounts(h.services)).toEqual(after);
  });
});

describe.each(PROVIDERS)("hostile requests through /api/messages on %s", (provider) => {
  let h: TeamsHarness;
  let ids: NetworkIds;
  const teamsCtx = (user: { aadObjectId: string; name: string }, channel = TEAMS_CHANNEL): Ctx => ({
    platform: "teams",
    channel,
    workspace: `teams:${TENANT}`,
    actor: { user: `teams:${user.aadObjectId}`, name: user.name, isWorkspaceAdmin: false },
  });

  beforeEach(async () => {
    h = await startTeams(provider, { tenants: [TENANT], members: [FRAN, MAX] });
    const zed = { aadObjectId: "0b0b0b0b-0000-4000-8000-00000000000b", name: "Zed" };
    ids = await seed(h.services, teamsCtx(FRAN), teamsCtx(MAX), teamsCtx(zed, "teams:19:other@thread.tacv2"));
  });
  afterEach(async () => h.close());

  const activity = (request: Request, serviceUrl: string) =>
    request.kind === "click"
      ? request.actionId === ActionIds.openForm
        ? invoke(
            serviceUrl,
            MAX,
            "task/fetch",
            taskValue({ verb: request.actionId, value: request.value }, "task/fetch"),
          )
        : execute(serviceUrl, MAX, { verb: request.actionId, data: { value: request.value } })
      : invoke(
          serviceUrl,
          MAX,
          "task/submit",
          taskValue({ formId: request.formId, metadata: request.metadata, ...request.values }, "task/submit"),
        );

  test("a plain member of network A with a good token is refused every facilitator action, and nothing changes", async () => {
    // every signed turn keeps the channel's conversation reference up to date (what later sends go through): that is
    // the platform's plumbing, not the network's data, and is left out
    const network = async () => {
      const { ConversationRef: _refs, ...rows } = await counted(h.services);
      return rows;
    };
    const before = await network();
    for (const [name, request] of requestsFor(ids, true)) {
      const answer = await h.post(activity(request, h.connector.serviceUrl));
      expect([name, answer.status]).toEqual([name, 200]);
    }
    expect(await network()).toEqual(before);
    // nothing was announced: a refusal goes back to the member alone, in the card's notice or the dialog
    expect(h.connector.sent().filter((r) => JSON.stringify(r.body).includes("Palliative Care ECHO"))).toEqual([]);
    expectNoCaseTextIn(h.services);
  });

  test("a forged caller (a token signed with a key Microsoft never published) gets 401 for every action, and nothing changes", async () => {
    const issuer = h.issuer;
    if (!issuer) throw new Error("the harness signs no tokens");
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const before = { counts: await rowCounts(h.services), rows: await tableRows(h.services) };
      for (const [name, request] of requestsFor(ids)) {
        const forged = issuer.authorization({ serviceUrl: h.connector.serviceUrl, forged: true });
        const answer = await h.post(activity(request, h.connector.serviceUrl), { authorization: forged });
        expect([name, answer.status]).toEqual([name, 401]);
      }
      expect({ counts: await rowCounts(h.services), rows: await tableRows(h.services) }).toEqual(before);
      expect(h.connector.requests).toHaveLength(0);
    } finally {
      errors.mockRestore();
    }
  });
});
