import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expectValidAdaptiveCard } from "./adaptive-cards";

export interface Recorded {
  method: string;
  /** the path with the conversation and activity ids decoded */
  conversationId: string;
  activityId?: string;
  /** the query string's parameters (a roster page's pageSize and continuationToken) */
  query: Record<string, string>;
  kind: "post" | "reply" | "update" | "member" | "roster" | "create" | "upload" | "other";
  body: Record<string, unknown>;
  authorization?: string;
  /** when the request arrived (performance.now(), ms) */
  at: number;
  /** the HTTP status the stub answered with */
  status: number;
}

/** A canned answer: used once, for the next request (of `kind`, when given). */
export interface StubFailure {
  status: number;
  headers?: Record<string, string>;
  kind?: Recorded["kind"];
  body?: unknown;
}

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
  /** what Teams says of them: a member of the tenant ("user", the default) or a guest */
  userRole?: "user" | "guest";
}

export const BOT = { id: "28:teleecho-bot", name: "teleecho" };
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const FRAN: TeamsUser = {
  id: "29:1fran-teams-id",
  name: "Fran Facilitator",
  aadObjectId: "6f1d2a4e-0000-4000-8000-00000000f1a0",
};
export const MAX: TeamsUser = {
  id: "29:1max-teams-id",
  name: "Max Member",
  aadObjectId: "9c3b7e21-0000-4000-8000-0000000000aa",
};
export const CHANNEL_ID = "19:general-abc@thread.tacv2";
/** The General channel's address in the core: how networks, references and messages name it. */
export const CHANNEL = `teams:${CHANNEL_ID}`;
export const TEAM_ID = "19:team-abc@thread.tacv2";
export const personalConversation = (user: TeamsUser) => `a:1personal-${user.id.slice(3)}`;

export const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

/** A person as the Bot Connector describes them (TeamsChannelAccount). */
function account(user: TeamsUser) {
  const [givenName = user.name, ...rest] = user.name.split(" ");
  const mail = `${user.name.toLowerCase().replace(/[^a-z]+/g, ".")}@${user.userRole === "guest" ? "partner.example.org" : "hospice.example.org"}`;
  return {
    id: user.id,
    name: user.name,
    aadObjectId: user.aadObjectId,
    givenName,
    surname: rest.join(" ") || undefined,
    email: mail,
    userPrincipalName: user.userRole === "guest" ? `${mail.replace("@", "_")}#EXT#@hospice.onmicrosoft.com` : mail,
    tenantId: TENANT,
    userRole: user.userRole ?? "user",
  };
}

/** A stub of the Bot Connector REST API: records every call and answers like the service does. */
export class StubConnector {
  readonly requests: Recorded[] = [];
  private server?: Server;
  private next = 0;
  /** answers to use, once each, before the normal ones (e.g. a 429 with Retry-After) */
  readonly failures: StubFailure[] = [];
  private created = 0;
  /**
   * The team's people, by Teams user id, in roster order: `GET …/members/{id}` looks one up, `GET …/pagedmembers`
   * pages through them. By default the cast of the tests (Fran and Max); tests add and remove people.
   */
  readonly members = new Map<string, TeamsUser>([
    [FRAN.id, FRAN],
    [MAX.id, MAX],
  ]);
  /** the page size of each roster request, as asked */
  readonly pageSizes: number[] = [];
  /**
   * A OneDrive upload session on the same host (Teams hands one out when someone accepts a file consent card):
   * `PUT /upload/{name}` with the whole file; what was put, by name, as text.
   */
  readonly uploads = new Map<string, { content: string; headers: http.IncomingHttpHeaders }>();

  get serviceUrl(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => {
        raw += chunk;
      });
      req.on("end", () => this.answer(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  /** The upload URL of a file consent's upload session, for the file `name`. */
  uploadUrl(name: string): string {
    return `${this.serviceUrl}upload/${encodeURIComponent(name)}`;
  }

  private answer(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://stub");
    if (url.pathname.startsWith("/upload/")) {
      const name = decodeURIComponent(url.pathname.slice("/upload/".length));
      const ok = req.method === "PUT" && /^bytes 0-\d+\/\d+$/.test(String(req.headers["content-range"] ?? ""));
      this.requests.push({
        method: req.method ?? "",
        conversationId: "",
        query: {},
        kind: "upload",
        body: { name },
        at: performance.now(),
        status: ok ? 201 : 400,
      });
      if (ok) this.uploads.set(name, { content: raw, headers: req.headers });
      res.writeHead(ok ? 201 : 400, { "content-type": "application/json" });
      res.end(
        JSON.stringify(ok ? { id: `upload-${name}`, name, size: Buffer.byteLength(raw) } : { error: "bad range" }),
      );
      return;
    }
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const [v3, conversations, conversationId = "", collection, itemId] = parts;
    let kind: Recorded["kind"] = "other";
    if (v3 === "v3" && conversations === "conversations" && collection === "activities")
      kind = req.method === "PUT" ? "update" : itemId ? "reply" : "post";
    else if (collection === "members") kind = "member";
    else if (collection === "pagedmembers" && req.method === "GET") kind = "roster";
    else if (v3 === "v3" && conversations === "conversations" && parts.length === 2 && req.method === "POST")
      kind = "create";
    const recorded: Recorded = {
      method: req.method ?? "",
      conversationId,
      activityId: itemId,
      query: Object.fromEntries(url.searchParams),
      kind,
      body,
      authorization: req.headers.authorization,
      at: performance.now(),
      status: 200,
    };
    this.requests.push(recorded);
    const at = this.failures.findIndex((f) => f.kind === undefined || f.kind === kind);
    const failure = at >= 0 ? this.failures.splice(at, 1)[0] : undefined;
    if (failure) {
      recorded.status = failure.status;
      res.writeHead(failure.status, { "content-type": "application/json", ...failure.headers });
      res.end(JSON.stringify(failure.body ?? { error: { code: "Throttled", message: "slow down" } }));
      return;
    }
    if (kind === "create") {
      // POST /v3/conversations answers with the new (or existing) conversation's id
      recorded.status = 201;
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `a:1created-${++this.created}`, activityId: "", serviceUrl: this.serviceUrl }));
      return;
    }
    if (kind === "member") {
      const member = this.members.get(itemId ?? "");
      recorded.status = member ? 200 : 404;
      res.writeHead(recorded.status, { "content-type": "application/json" });
      res.end(JSON.stringify(member ? account(member) : { error: { code: "MemberNotFoundInConversation" } }));
      return;
    }
    if (kind === "roster") {
      recorded.status = this.rosterPage(url, res);
      return;
    }
    recorded.status = kind === "update" ? 200 : 201;
    res.writeHead(recorded.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: kind === "update" ? itemId : `1:msg-${++this.next}` }));
  }

  /**
   * One page of the roster, as the Bot Connector pages it: `pageSize` (50–500, default 200) people, and a
   * continuation token while more follow; an unknown token is a 400.
   */
  private rosterPage(url: URL, res: http.ServerResponse): number {
    const asked = Number(url.searchParams.get("pageSize") ?? 200);
    this.pageSizes.push(asked);
    const size = Math.min(500, Math.max(50, Number.isFinite(asked) ? asked : 200));
    const token = url.searchParams.get("continuationToken");
    const offset =
      token === null
        ? 0
        : Number(
            Buffer.from(token, "base64url")
              .toString()
              .replace(/^offset:/, ""),
          );
    const people = [...this.members.values()];
    if (!Number.isInteger(offset) || offset < 0 || offset > people.length) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "BadArgument", message: "invalid continuation token" } }));
      return 400;
    }
    const members = people.slice(offset, offset + size).map(account);
    const next =
      offset + size < people.length ? Buffer.from(`offset:${offset + size}`).toString("base64url") : undefined;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ members, ...(next ? { continuationToken: next } : {}) }));
    return 200;
  }

  /** Messages the bot sent (posts and replies), in order, including ones the stub refused. */
  sent(): Recorded[] {
    return this.requests.filter((r) => r.kind === "post" || r.kind === "reply");
  }

  /** The last message the bot sent, or the last request of `kind` when given; throws when there is none. */
  last(kind?: Recorded["kind"]): Recorded {
    const all = kind ? this.requests.filter((r) => r.kind === kind) : this.sent();
    const last = all.at(-1);
    if (!last) throw new Error(`the bot sent nothing${kind ? ` of kind ${kind}` : ""}`);
    return last;
  }

  /** Messages the stub accepted (2xx): what the recipients see. */
  delivered(): Recorded[] {
    return this.sent().filter((r) => r.status < 300);
  }

  /** The Adaptive Card of a sent message, checked with the adaptivecards package. */
  static card(message: Recorded): Record<string, unknown> {
    const attachments = message.body.attachments as
      | Array<{ contentType: string; content: Record<string, unknown> }>
      | undefined;
    const attachment = attachments?.[0];
    if (!attachment) throw new Error(`message has no card: ${JSON.stringify(message.body).slice(0, 300)}`);
    expect(attachment.contentType).toBe(ADAPTIVE_CARD);
    // every card message carries fallback text for notifications and clients that cannot show cards
    expect(message.body.summary).toEqual(expect.stringMatching(/\S/));
    expectValidAdaptiveCard(attachment.content);
    return attachment.content;
  }

  clear(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      // the bot's HTTP client keeps connections alive; they would hold the test process open
      this.server?.closeAllConnections();
    });
  }
}
