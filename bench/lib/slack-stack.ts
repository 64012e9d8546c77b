/**
 * Our Slack stack for bench/ack.ts and bench/vote.ts, built as src/main.ts builds it, the fake Slack Web API it talks
 * to (bench/fake-slack.ts, in its own worker thread), and the requests Slack sends it.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Worker } from "node:worker_threads";
import type { Ctx } from "../../src/core/context";
import type { Clock } from "../../src/core/ports";
import { createHttpApp, finishHttpApp, listen } from "../../src/http";
import { createLogger } from "../../src/logger";
import { createServices, type Services } from "../../src/services";
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from "../../src/slack/adapter";
import { channelAddress, userAddress } from "../../src/slack/addresses";
import type { Provider } from "../../src/store/engine";
import { BENCH_TEAM, FAKE_SLACK_ROLE, type FakeSlackMessage, type FakeSlackRequest } from "../fake-slack";
import { BENCH_SECRET, type Scratch } from "./scratch";
import { ask, nextMessage, startWorker, stopWorker } from "./workers";

export const SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";
export const BOT_TOKEN = "xoxb-bench-token";

// ---------------------------------------------------------------------------------------------- the fake Slack

export interface FakeSlack {
  worker: Worker;
  /** http://127.0.0.1:<port>; response_urls are under /respond/ */
  base: string;
  /** the Web API, for the Slack client */
  apiUrl: string;
  /** what it has received so far, by Web API method and by response_url stack ("response_url:<stack>") */
  counts(): Promise<Record<string, number>>;
}

/** The fake Slack, in its own thread; stopped at clean-up. */
export async function startFakeSlack(scratch: Scratch): Promise<FakeSlack> {
  const worker = startWorker("fake-slack.ts", { role: FAKE_SLACK_ROLE });
  const base = await nextMessage<FakeSlackMessage, string>(
    worker,
    (m) => (m.type === "ready" ? m.base : undefined),
    30_000,
  );
  scratch.defer(() => stopWorker(worker, () => worker.postMessage({ type: "close" } satisfies FakeSlackRequest)));
  return {
    worker,
    base,
    apiUrl: `${base}/api/`,
    counts: () =>
      ask<FakeSlackMessage, Record<string, number>>(
        worker,
        { type: "stats" } satisfies FakeSlackRequest,
        (m) => (m.type === "stats" ? m.counts : undefined),
        10_000,
      ),
  };
}

// ---------------------------------------------------------------------------------------------- our stack

export interface SlackStack {
  services: Services;
  adapter: SlackAdapter;
  server: Server;
  /** its POST /slack/events */
  url: string;
  /** its log lines by level, and the first few that are not info */
  logCounts: Record<string, number>;
  logSamples: string[];
}

/**
 * createServices on a fresh database of `provider`, createHttpApp + createSlackAdapter (talking to the Web API at
 * `apiUrl`) + finishHttpApp, listening on 127.0.0.1; the production logger at its default level, counted into memory
 * instead of stderr. Closed, and its database dropped, at clean-up.
 */
export async function startSlackStack(
  scratch: Scratch,
  options: { provider: Provider; apiUrl: string; clock?: Clock },
): Promise<SlackStack> {
  const database = await scratch.database(options.provider);
  const logCounts: Record<string, number> = { info: 0, warn: 0, error: 0 };
  const logSamples: string[] = [];
  const log = createLogger("info", (line) => {
    const level = /"level":"(\w+)"/.exec(line)?.[1] ?? "?";
    logCounts[level] = (logCounts[level] ?? 0) + 1;
    if (line.includes("late acknowledgement")) logCounts.lateAcks = (logCounts.lateAcks ?? 0) + 1;
    if (level !== "info" && logSamples.length < 5) logSamples.push(line.slice(0, 400));
  });
  const services = await createServices(database.url, log, { clock: options.clock, secret: BENCH_SECRET });
  scratch.defer(() => services.database.close());
  const http = createHttpApp(services);
  const adapter = createSlackAdapter(services, {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: options.apiUrl,
    expressApp: http,
  });
  finishHttpApp(http, services);
  await adapter.start();
  scratch.defer(() => adapter.stop());
  const server = await listen(http, 0, "127.0.0.1");
  scratch.defer(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  return { services, adapter, server, url, logCounts, logSamples };
}

// ---------------------------------------------------------------------------------------------- Slack's requests

/** Who acts in a Slack channel of the bench workspace, as the core sees them. */
export const slackCtx = (channel: string, user: string, name: string): Ctx => ({
  platform: "slack",
  channel: channelAddress(BENCH_TEAM, channel),
  workspace: `slack:${BENCH_TEAM}`,
  actor: { user: userAddress(BENCH_TEAM, user), name, isWorkspaceAdmin: false },
});

/** A user of the bench workspace, as Slack describes them in a payload. */
export const slackUser = (user: string) => ({
  id: user,
  username: user.toLowerCase(),
  name: user.toLowerCase(),
  team_id: BENCH_TEAM,
});

export interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}

/** A click on a button of a message in `channel`, as Slack sends it (a block_actions payload). */
export function blockActions(click: {
  user: string;
  channel: string;
  ephemeral: boolean;
  triggerId: string;
  responseUrl: string;
  button: SlackButton;
}): Record<string, unknown> {
  return {
    type: "block_actions",
    user: slackUser(click.user),
    api_app_id: "A0BENCH",
    token: "verification-token-unused",
    container: {
      type: "message",
      message_ts: "1700000000.000100",
      channel_id: click.channel,
      is_ephemeral: click.ephemeral,
    },
    trigger_id: click.triggerId,
    team: { id: BENCH_TEAM, domain: "echo-bench" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: click.channel, name: "palliative-echo" },
    state: { values: {} },
    response_url: click.responseUrl,
    actions: [
      {
        action_id: click.button.action_id,
        block_id: "b1",
        text: { type: "plain_text", text: click.button.text.text, emoji: true },
        value: click.button.value,
        type: "button",
        action_ts: "1700000001.000300",
      },
    ],
  };
}
