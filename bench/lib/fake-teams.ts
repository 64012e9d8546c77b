/**
 * A stub Bot Connector on 127.0.0.1 for bench/fanout.ts that ENFORCES Teams' throttling: a strict sliding window of
 * `tenantPerSecond` requests in any second per tenant (every request: posts and updates), and `conversationPerSecond`
 * in any second per conversation (msteams-docs bots/how-to/rate-limit.md: about 30 per app per tenant, 7 per bot per
 * thread). The excess is answered 429, with `Retry-After` (seconds) when `retryAfterSeconds` is set. The tenant of a
 * request is the `conversation.tenantId` of the activity it carries.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { readBody } from "../../test/support/http-body";
import { admit, KeyedWindows } from "./window";

export interface TeamsPost {
  /** arrival, performance.now() ms */
  at: number;
  /** arrival, epoch ms (to compare with the database's timestamps) */
  wall: number;
  conversationId: string;
  /** the activity's fallback text */
  summary: string;
}

export interface ConnectorLimits {
  tenantPerSecond: number;
  conversationPerSecond: number;
  /** the Retry-After of a 429, in seconds; undefined: none */
  retryAfterSeconds?: number;
}

export class RateLimitedConnector {
  /** accepted new messages (POST …/activities), in arrival order */
  readonly posts: TeamsPost[] = [];
  /** arrival times of the requests answered 429 */
  readonly refused: number[] = [];
  /** arrival times (performance.now() ms) of accepted updates (PUT …/activities/{id}) */
  readonly updates: number[] = [];
  /** accepted requests of every kind */
  readonly counts = new Map<string, number>();
  private tenants: KeyedWindows;
  private conversations: KeyedWindows;
  private server?: Server;
  private next = 0;

  constructor(readonly limits: ConnectorLimits) {
    this.tenants = new KeyedWindows(limits.tenantPerSecond, 1000);
    this.conversations = new KeyedWindows(limits.conversationPerSecond, 1000);
  }

  get serviceUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("the stub Bot Connector is not listening");
    return `http://127.0.0.1:${address.port}/`;
  }

  reset(): void {
    this.posts.length = 0;
    this.refused.length = 0;
    this.updates.length = 0;
    this.counts.clear();
    this.tenants = new KeyedWindows(this.limits.tenantPerSecond, 1000);
    this.conversations = new KeyedWindows(this.limits.conversationPerSecond, 1000);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => this.answer(req, raw, res));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  private answer(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const now = performance.now();
    const parts = new URL(req.url ?? "/", "http://stub").pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const [v3, conversations, conversationId = "", collection, itemId] = parts;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const isActivity = v3 === "v3" && conversations === "conversations" && collection === "activities";
    const kind = isActivity ? (req.method === "PUT" ? "update" : itemId ? "reply" : "post") : "other";
    const tenant =
      (body.conversation as { tenantId?: unknown } | undefined)?.tenantId ??
      (body.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id ??
      "unknown tenant";
    const wait = admit(
      [
        this.tenants.get(String(tenant)),
        ...(conversationId ? [this.conversations.get(conversationId.replace(/;messageid=.*$/, ""))] : []),
      ],
      now,
    );
    if (wait > 0) {
      this.refused.push(now);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (this.limits.retryAfterSeconds !== undefined) headers["retry-after"] = String(this.limits.retryAfterSeconds);
      res.writeHead(429, headers).end(JSON.stringify({ error: { code: "Throttled", message: "Too many requests" } }));
      return;
    }
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (kind === "post" || kind === "reply") {
      this.posts.push({ at: now, wall: Date.now(), conversationId, summary: String(body.summary ?? body.text ?? "") });
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: `1:msg-${++this.next}` }));
      return;
    }
    if (kind === "update") {
      this.updates.push(now);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: itemId }));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NotFound" } }));
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
