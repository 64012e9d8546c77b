/**
 * A fake Slack Web API and response_url endpoint on 127.0.0.1, run in its own worker thread by bench/ack.ts so that
 * its work is not charged to the stacks under measurement. It answers quickly and only counts what it receives:
 *   POST /api/<method>           auth.test, users.info, chat.postEphemeral, chat.postMessage, chat.update,
 *                                conversations.open, views.open
 *   POST /respond/<stack>/<kind> a response_url; bodies under /respond/capture/ are sent to the parent thread
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { decodeSlackArgs, readBody } from "../test/support/http-body";

export const FAKE_SLACK_ROLE = "fake-slack";
export const BENCH_TEAM = "T0BENCH";
export const BENCH_BOT_USER = "UBOTBENCH";

/** parent → fake */
export type FakeSlackRequest = { type: "stats" } | { type: "close" };
/** fake → parent */
export type FakeSlackMessage =
  | { type: "ready"; base: string }
  | { type: "captured"; path: string; body: Record<string, unknown> }
  | { type: "stats"; counts: Record<string, number> }
  | { type: "closed" };

let ts = 1_700_000_000;

function answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
  switch (method) {
    case "auth.test":
      return {
        ok: true,
        url: "https://bench.slack.com/",
        team: "Bench",
        user: "teleecho",
        team_id: BENCH_TEAM,
        user_id: BENCH_BOT_USER,
        bot_id: "B0BENCH",
      };
    case "users.info": {
      const id = String(body.user);
      return {
        ok: true,
        user: {
          id,
          team_id: BENCH_TEAM,
          name: id.toLowerCase(),
          real_name: `Person ${id}`,
          is_admin: false,
          is_owner: false,
          profile: { display_name: `Person ${id}`, real_name: `Person ${id}` },
        },
      };
    }
    case "chat.postMessage":
      return { ok: true, channel: body.channel, ts: `${++ts}.000100`, message: { text: body.text } };
    case "chat.postEphemeral":
      return { ok: true, message_ts: `${++ts}.000200` };
    case "chat.update":
      return { ok: true, channel: body.channel, ts: body.ts };
    case "conversations.open":
      return { ok: true, channel: { id: `D${String(body.users)}` } };
    case "views.open":
      return { ok: true, view: { id: `V${++ts}` } };
    default:
      return { ok: false, error: "unknown_method" };
  }
}

function runFakeSlack(): void {
  const port = parentPort;
  if (!port) return;
  const counts: Record<string, number> = {};
  const count = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = req.url ?? "/";
    if (url.startsWith("/respond/")) {
      // /respond/<stack>/<kind>
      count(`response_url:${url.split("/")[2] ?? "?"}`);
      if (url.startsWith("/respond/capture/")) {
        const message: FakeSlackMessage = {
          type: "captured",
          path: url,
          body: decodeSlackArgs(raw, req.headers["content-type"]),
        };
        port.postMessage(message);
      }
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    const method = url.replace(/^\/api\//, "").split("?")[0] ?? "";
    count(method);
    const body = decodeSlackArgs(raw, req.headers["content-type"]);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(method, body)));
  });
  server.keepAliveTimeout = 60_000;

  port.on("message", (request: FakeSlackRequest) => {
    if (request.type === "stats") {
      const message: FakeSlackMessage = { type: "stats", counts: { ...counts } };
      port.postMessage(message);
    } else {
      server.close(() => {
        const message: FakeSlackMessage = { type: "closed" };
        port.postMessage(message);
        port.close();
      });
      server.closeAllConnections();
    }
  });

  server.listen(0, "127.0.0.1", () => {
    const message: FakeSlackMessage = {
      type: "ready",
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
    port.postMessage(message);
  });
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === FAKE_SLACK_ROLE) runFakeSlack();
