/**
 * A fake Slack Web API and response_url endpoint on 127.0.0.1 for tests: it records every call, answers like Slack,
 * keeps posted messages per channel (with their metadata, for conversations.history), and can be told to fail.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeSlackArgs, readBytes } from "./http-body";

export const TEAM = "T1";
export const BOT_USER = "UBOT";

export interface FakeUser {
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** a single- or multi-channel guest */
  guest?: boolean;
  isBot?: boolean;
  deleted?: boolean;
  /** their home workspace, when it is not this one (someone from another organisation in a shared channel) */
  team?: string;
  /** the Enterprise Grid organisation they belong to */
  enterprise?: string;
}

/** A workspace (or, with `orgWide`, an organisation) the fake lets the app be installed into with OAuth. */
export interface FakeWorkspace {
  /** the team id; for an org-wide install, the enterprise id */
  id: string;
  name: string;
  orgWide?: boolean;
  /** Grid: the organisation a workspace belongs to */
  enterprise?: string;
  botUser: string;
  /** token rotation: the first access token expires after this many seconds and comes with a refresh token */
  expiresIn?: number;
  /** token rotation: each refreshed token's lifetime (Slack's is 12 hours) */
  refreshedExpiresIn?: number;
}

export const CLIENT_ID = "111.222";
export const CLIENT_SECRET = "test-client-secret";

export interface FakeCall {
  /** Web API method ("chat.postMessage") or "response_url" */
  method: string;
  body: Record<string, unknown>;
  /** the bearer token the call carried */
  token?: string;
  /** for response_url calls: which one */
  path: string;
  /** when the request arrived (performance.now(), ms) */
  at: number;
  /** what the fake answered: the HTTP status, and Slack's `error` when `ok` was false */
  status: number;
  error?: string;
  /** a chat.postMessage that was posted (it is in the history) but whose answer the fake never sent (`holdPosts`) */
  held?: boolean;
}

/** A canned answer for the next call to a method: an HTTP status (429 comes with Retry-After) or `{ok: false, error}`. */
export interface FakeFailure {
  status?: number;
  retryAfter?: number;
  error?: string;
}

/** A message the fake holds in a channel's history. */
export interface FakeMessage {
  ts: string;
  text?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A file shared with files.uploadV2: where it went, the message above it, its bytes and those bytes as text. */
export interface FakeSharedFile {
  id: string;
  title: string;
  filename: string;
  channel: string;
  comment?: string;
  altText?: string;
  content: string;
  bytes: Buffer;
}

/**
 * The bytes of a file posted to an upload URL: the body itself, or (as @slack/web-api sends it) the file part of a
 * multipart form. Read as bytes, so that a byte-order mark is kept.
 */
async function uploadedContent(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const value of form.values()) if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  /** files.completeUploadExternal: every file shared, in order */
  readonly shared: FakeSharedFile[] = [];
  /** the bytes posted to each upload URL files.getUploadURLExternal handed out, by file id */
  private readonly uploads = new Map<string, { filename: string; altText?: string; content?: Buffer }>();
  readonly users = new Map<string, FakeUser>();
  /** Web API methods that answer `{ok: false, error}` */
  readonly failures = new Map<string, string>();
  /** Web API methods that answer only after this many milliseconds */
  readonly delays = new Map<string, number>();
  /** `{ok: false, error}` for one method and one target (the `channel` or `users` argument): "conversations.open U5" */
  readonly targetFailures = new Map<string, string>();
  /** answers used once each, in order, for the next calls to a method (e.g. one 429 with Retry-After) */
  readonly next = new Map<string, FakeFailure[]>();
  /** who is in each channel, by Slack user id (conversations.members reads it) */
  readonly channelMembers = new Map<string, string[]>();
  /** what was posted, per channel, oldest first (conversations.history reads it) */
  readonly history = new Map<string, FakeMessage[]>();
  /** the workspace each channel belongs to (conversations.info's context_team_id); default TEAM */
  readonly channelTeams = new Map<string, string>();
  /** OAuth: the codes Slack would hand the redirect, each for one workspace, good once */
  readonly codes = new Map<string, FakeWorkspace>();
  /** OAuth: every bot token issued, and whom it is for; a token here that is revoked answers token_revoked */
  readonly tokens = new Map<string, FakeWorkspace>();
  readonly revoked = new Set<string>();
  /** refresh tokens not yet spent (Slack revokes one when it is used) */
  private readonly refreshTokens = new Map<string, FakeWorkspace>();
  private issued = 0;
  private server?: Server;
  /** `holdPosts`: after `after` answered posts, the next `count` are posted but never answered */
  private hold?: { after: number; count: number };
  private answeredPosts = 0;
  private readonly heldResponses: ServerResponse[] = [];
  // message timestamps start an hour ago, so that they fall inside a "last 24 hours" history window
  private ts = Math.floor(Date.now() / 1000) - 3600;
  base = "";

  get apiUrl() {
    return `${this.base}/api/`;
  }
  responseUrl(name: string) {
    return `${this.base}/respond/${name}`;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const bytes = await readBytes(req);
      const raw = bytes.toString("utf8");
      const url = req.url ?? "/";
      if (url.startsWith("/upload/")) {
        // files.uploadV2's second step: the file's bytes, posted to the URL Slack handed out
        const pending = this.uploads.get(url.slice("/upload/".length));
        this.calls.push({
          method: "file_upload",
          body: {},
          path: url,
          at: performance.now(),
          status: pending ? 200 : 404,
        });
        if (pending) pending.content = await uploadedContent(bytes, req.headers["content-type"]);
        res.writeHead(pending ? 200 : 404, { "content-type": "text/plain" }).end(pending ? `OK - ${raw.length}` : "");
        return;
      }
      const body = decodeSlackArgs(raw, req.headers["content-type"]);
      if (url.startsWith("/respond/")) {
        this.calls.push({ method: "response_url", body, path: url, at: performance.now(), status: 200 });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      const method = url.replace(/^\/api\//, "").split("?")[0] ?? "";
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
      const token = bearer ?? (typeof body.token === "string" ? body.token : undefined);
      const call: FakeCall = { method, body, token, path: url, at: performance.now(), status: 200 };
      this.calls.push(call);
      if (token && this.revoked.has(token)) {
        call.error = "token_revoked";
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":false,"error":"token_revoked"}');
        return;
      }
      const delay = this.delays.get(method);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      const canned = this.next.get(method)?.shift();
      if (canned?.status) {
        call.status = canned.status;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (canned.retryAfter !== undefined) headers["retry-after"] = String(canned.retryAfter);
        res.writeHead(canned.status, headers).end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      const target = String(body.channel ?? body.users ?? "");
      const failure = canned?.error ?? this.targetFailures.get(`${method} ${target}`) ?? this.failures.get(method);
      const answer = failure ? { ok: false, error: failure } : this.answer(method, body, token);
      if (failure) call.error = failure;
      if (method === "chat.postMessage" && !failure) {
        if (this.hold && this.answeredPosts >= this.hold.after && this.heldResponses.length < this.hold.count) {
          // the message is posted (and in the history, with its metadata); the bot never hears back
          call.held = true;
          this.heldResponses.push(res);
          return;
        }
        this.answeredPosts += 1;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A cursor-paged answer as Slack gives it: at most `limit` (and `max`) items, the next cursor in response_metadata. */
  private paged<T>(
    all: T[],
    body: Record<string, unknown>,
    max: number,
    shape: (page: T[]) => Record<string, unknown>,
  ): Record<string, unknown> {
    const start = Number(body.cursor ? Buffer.from(String(body.cursor), "base64").toString() : 0);
    const limit = Math.min(max, Number(body.limit ?? max));
    const end = start + limit;
    const next = end < all.length ? Buffer.from(String(end)).toString("base64") : "";
    return { ok: true, ...shape(all.slice(start, end)), response_metadata: { next_cursor: next } };
  }

  /** A new bot token (and, with rotation, a refresh token) for a workspace, as oauth.v2.access answers. */
  private grant(workspace: FakeWorkspace, refreshed = false): Record<string, unknown> {
    this.issued += 1;
    const token = `xoxb-${workspace.id}-${this.issued}`;
    this.tokens.set(token, workspace);
    const rotation: Record<string, unknown> = {};
    if (workspace.expiresIn !== undefined) {
      const refresh = `xoxe-1-${workspace.id}-${this.issued}`;
      this.refreshTokens.set(refresh, workspace);
      const lifetime = refreshed ? (workspace.refreshedExpiresIn ?? 43_200) : workspace.expiresIn;
      Object.assign(rotation, { refresh_token: refresh, expires_in: lifetime });
    }
    return { access_token: token, token_type: "bot", ...rotation };
  }

  private oauthAccess(body: Record<string, unknown>): Record<string, unknown> {
    if (body.client_id !== CLIENT_ID || body.client_secret !== CLIENT_SECRET)
      return { ok: false, error: "invalid_client_id" };
    if (body.grant_type === "refresh_token") {
      const workspace = this.refreshTokens.get(String(body.refresh_token));
      if (!workspace) return { ok: false, error: "invalid_refresh_token" };
      this.refreshTokens.delete(String(body.refresh_token));
      return { ok: true, ...this.grant(workspace, true) };
    }
    const workspace = this.codes.get(String(body.code));
    if (!workspace) return { ok: false, error: "invalid_code" };
    this.codes.delete(String(body.code));
    const org = workspace.orgWide
      ? { id: workspace.id, name: workspace.name }
      : workspace.enterprise
        ? { id: workspace.enterprise, name: "Org" }
        : null;
    return {
      ok: true,
      app_id: "A0TELEECHO",
      authed_user: { id: "U1" },
      scope: "app_mentions:read,channels:history,channels:read,chat:write,commands,im:write,users:read",
      bot_user_id: workspace.botUser,
      team: workspace.orgWide ? null : { id: workspace.id, name: workspace.name },
      enterprise: org,
      is_enterprise_install: workspace.orgWide === true,
      ...this.grant(workspace),
    };
  }

  private answer(method: string, body: Record<string, unknown>, token?: string): Record<string, unknown> {
    const installed = token ? this.tokens.get(token) : undefined;
    switch (method) {
      case "oauth.v2.access":
        return this.oauthAccess(body);
      case "conversations.info":
        return {
          ok: true,
          channel: { id: body.channel, context_team_id: this.channelTeams.get(String(body.channel)) ?? TEAM },
        };
      case "auth.test":
        if (installed)
          return {
            ok: true,
            url: `https://${installed.id.toLowerCase()}.slack.com/`,
            team: installed.name,
            user: "teleecho",
            team_id: installed.orgWide ? "" : installed.id,
            user_id: installed.botUser,
            bot_id: `B${installed.botUser}`,
            ...(installed.orgWide ? { enterprise_id: installed.id, is_enterprise_install: true } : {}),
          };
        return {
          ok: true,
          url: "https://test.slack.com/",
          team: "Test",
          user: "teleecho",
          team_id: TEAM,
          user_id: BOT_USER,
          bot_id: "BBOT",
        };
      case "conversations.members": {
        const all = this.channelMembers.get(String(body.channel)) ?? [];
        return this.paged(all, body, 1000, (members) => ({ members }));
      }
      case "users.list": {
        const team = String(body.team_id ?? TEAM);
        const all = [...this.users.entries()].filter(([, user]) => (user.team ?? TEAM) === team);
        return this.paged(all, body, 200, (page) => ({
          members: page.map(([id, user]) => ({
            id,
            team_id: TEAM,
            name: user.name.toLowerCase(),
            real_name: `${user.name} Real`,
            deleted: user.deleted ?? false,
            is_bot: user.isBot ?? false,
            is_restricted: user.guest ?? false,
            is_ultra_restricted: false,
            profile: { display_name: user.name, real_name: `${user.name} Real` },
          })),
        }));
      }
      case "users.info": {
        const id = String(body.user);
        const user = this.users.get(id);
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id,
            team_id: user.team ?? TEAM,
            ...(user.enterprise
              ? { enterprise_user: { enterprise_id: user.enterprise, teams: [user.team ?? TEAM] } }
              : {}),
            name: user.name.toLowerCase(),
            real_name: `${user.name} Real`,
            deleted: user.deleted ?? false,
            is_bot: user.isBot ?? false,
            is_restricted: user.guest ?? false,
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            profile: { display_name: user.name, real_name: `${user.name} Real` },
          },
        };
      }
      case "views.open":
        return { ok: true, view: { id: `V${this.calls.length}`, ...(body.view as object) } };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case "chat.postMessage": {
        const channel = String(body.channel);
        const message: FakeMessage = { ts: `${++this.ts}.000100`, text: body.text };
        if (body.metadata) message.metadata = body.metadata as FakeMessage["metadata"];
        this.history.set(channel, [...(this.history.get(channel) ?? []), message]);
        return { ok: true, channel, ts: message.ts, message: { text: body.text } };
      }
      case "conversations.history": {
        // newest first, at most `limit`, not older than `oldest`; metadata only when asked for
        const oldest = Number(body.oldest ?? 0);
        const limit = Number(body.limit ?? 100);
        const all = [...(this.history.get(String(body.channel)) ?? [])].reverse();
        const inWindow = all.filter((m) => Number(m.ts) > oldest);
        const withMetadata = String(body.include_all_metadata) === "true";
        const messages = inWindow
          .slice(0, limit)
          .map(({ metadata, ...m }) => ({ type: "message", ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        return { ok: true, messages, has_more: inWindow.length > limit };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case "files.getUploadURLExternal": {
        if (!body.filename || !Number(body.length)) return { ok: false, error: "invalid_arguments" };
        const id = `F${this.uploads.size + 1}`;
        this.uploads.set(id, {
          filename: String(body.filename),
          ...(typeof body.alt_text === "string" ? { altText: body.alt_text } : {}),
        });
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const files = Array.isArray(body.files) ? (body.files as Array<{ id: string; title?: string }>) : [];
        for (const file of files) {
          const upload = this.uploads.get(file.id);
          if (upload?.content === undefined) return { ok: false, error: "file_not_found" };
          this.shared.push({
            id: file.id,
            title: file.title ?? upload.filename,
            filename: upload.filename,
            channel: String(body.channel_id ?? ""),
            ...(typeof body.initial_comment === "string" ? { comment: body.initial_comment } : {}),
            ...(upload.altText ? { altText: upload.altText } : {}),
            content: upload.content.toString("utf8"),
            bytes: upload.content,
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case "chat.update":
        return { ok: true, channel: body.channel, ts: body.ts };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  /**
   * The "posted but not recorded" window on demand: once `after` chat.postMessage calls have been answered, the next
   * `count` are posted (recorded in the history with their metadata, as Slack would) but never answered.
   */
  holdPosts(after: number, count: number): void {
    this.hold = { after, count };
  }

  /** The chat.postMessage calls posted but left unanswered by `holdPosts`. */
  held(): FakeCall[] {
    return this.calls.filter((c) => c.held);
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Calls to a method that Slack accepted (HTTP 200 and ok: true). */
  accepted(method: string): FakeCall[] {
    return this.callsTo(method).filter((c) => c.status === 200 && !c.error);
  }

  last(method: string): FakeCall {
    const all = this.callsTo(method);
    const call = all[all.length - 1];
    if (!call) throw new Error(`no ${method} call; calls were: ${this.calls.map((c) => c.method).join(", ")}`);
    return call;
  }

  /** The Block Kit payloads among the recorded calls (what Slack would validate). */
  blockKitPayloads(): Array<{ method: string; payload: Record<string, unknown> }> {
    const kinds = new Set([
      "chat.postMessage",
      "chat.postEphemeral",
      "chat.update",
      "views.open",
      "views.update",
      "views.push",
      "response_url",
    ]);
    return this.calls.filter((c) => kinds.has(c.method)).map((c) => ({ method: c.method, payload: c.body }));
  }

  async close(): Promise<void> {
    // held answers would keep their connections, and so close(), waiting forever
    for (const res of this.heldResponses) res.socket?.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
