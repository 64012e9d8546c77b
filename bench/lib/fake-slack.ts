/**
 * A fake Slack Web API on 127.0.0.1 for bench/fanout.ts that ENFORCES a workspace-wide rate limit on chat.postMessage:
 * a strict sliding window of `postsPerSecond` posts in any second (by arrival), answering the excess with HTTP 429 and
 * `Retry-After` in whole seconds (at least 1), as Slack does. Other methods are not limited. Accepted posts are kept
 * per channel with their metadata, and conversations.history returns them (newest first, metadata on request), so the
 * bot's duplicate check after a crash works against it as against Slack.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { decodeSlackArgs, readBody } from "../../test/support/http-body";
import { SlidingWindow } from "./window";

export interface SlackPost {
  /** arrival, performance.now() ms */
  at: number;
  /** arrival, epoch ms (to compare with the database's timestamps) */
  wall: number;
  channel: string;
  ts: string;
  /** `metadata.event_payload.key` when the post carried delivery metadata */
  key?: string;
  eventType?: string;
}

export class RateLimitedSlack {
  /** accepted chat.postMessage calls, in arrival order */
  readonly posts: SlackPost[] = [];
  /** arrival times of the chat.postMessage calls answered 429 */
  readonly refused: number[] = [];
  /** arrival times (performance.now() ms) of chat.update calls */
  readonly updates: number[] = [];
  /** calls per method (refused ones included) */
  readonly counts = new Map<string, number>();
  private readonly history = new Map<string, Array<{ ts: string; metadata?: unknown }>>();
  private window: SlidingWindow;
  private server?: Server;
  private ts = Math.floor(Date.now() / 1000) - 3600;
  base = "";

  constructor(
    readonly team: string,
    readonly postsPerSecond: number,
  ) {
    this.window = new SlidingWindow(postsPerSecond, 1000);
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** Forgets every call and message (between runs). */
  reset(): void {
    this.posts.length = 0;
    this.refused.length = 0;
    this.updates.length = 0;
    this.counts.clear();
    this.history.clear();
    this.window = new SlidingWindow(this.postsPerSecond, 1000);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const method = (req.url ?? "/").replace(/^\/api\//, "").split("?")[0] ?? "";
        this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
        const body = decodeSlackArgs(raw, req.headers["content-type"]);
        const now = performance.now();
        if (method === "chat.postMessage") {
          const wait = this.window.wait(now);
          if (wait > 0) {
            this.refused.push(now);
            res
              .writeHead(429, {
                "content-type": "application/json",
                "retry-after": String(Math.max(1, Math.ceil(wait / 1000))),
              })
              .end(JSON.stringify({ ok: false, error: "ratelimited" }));
            return;
          }
          this.window.add(now);
        }
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(this.answer(method, body, now)));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private answer(method: string, body: Record<string, unknown>, now: number): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://bench.slack.com/",
          team: "Bench",
          user: "teleecho",
          team_id: this.team,
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case "chat.postMessage": {
        const channel = String(body.channel);
        const ts = `${++this.ts}.000100`;
        const metadata = body.metadata as { event_type?: string; event_payload?: { key?: unknown } } | undefined;
        const key = metadata?.event_payload?.key;
        this.posts.push({
          at: now,
          wall: Date.now(),
          channel,
          ts,
          eventType: metadata?.event_type,
          key: typeof key === "string" ? key : undefined,
        });
        this.history.set(channel, [...(this.history.get(channel) ?? []), { ts, metadata }]);
        return { ok: true, channel, ts, message: { text: body.text } };
      }
      case "conversations.history": {
        const oldest = Number(body.oldest ?? 0);
        const limit = Number(body.limit ?? 100);
        const withMetadata = String(body.include_all_metadata) === "true";
        const messages = [...(this.history.get(String(body.channel)) ?? [])]
          .reverse()
          .filter((m) => Number(m.ts) > oldest)
          .slice(0, limit)
          .map((m) => ({ type: "message", ts: m.ts, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages, has_more: false };
      }
      case "chat.update":
        this.updates.push(now);
        return { ok: true, channel: body.channel, ts: body.ts };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
