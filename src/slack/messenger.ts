/**
 * The core's Messenger port on Slack: proactive posts to a channel, or to a person (a direct message, whose channel id
 * comes from conversations.open once and is then remembered), and updates of a message the bot posted.
 *
 * Pacing (src/pacing.ts): chat.postMessage waits for room in its channel (about 1 a second, short bursts allowed) and
 * in the workspace (a configurable cap: Slack documents "several hundred messages per minute"); conversations.open,
 * conversations.history and chat.update are Tier 3 (50+ a minute per method per workspace) and are paced as such.
 *
 * Rate limiting: the WebClient given here must be built with `rejectRateLimitedCalls: true` and no retries of its own
 * (`retryConfig: { retries: 0 }`, see src/slack/adapter.ts). The choice, against letting @slack/web-api queue and retry:
 *   - its default retry policy (ten retries in about thirty minutes) can hold a send far longer than a job's lease,
 *     after which another running copy claims the job and sends it again;
 *   - a chat.postMessage retried inside the client after a timeout or a 5xx may already have been posted, and that
 *     retry would skip the metadata check below. Here every uncertain failure becomes `DeliveryError("retry")`, so the
 *     durable queue retries it with `retry: true`, which looks before posting again;
 *   - a 429 pauses this messenger's own pacing for that workspace (Retry-After), so every concurrent send waits, not
 *     only the one that was refused.
 * A 429 is certain not to have been acted on, so it is retried here, after Retry-After, while the total wait stays
 * short (`maxInlineRetryAfterMs`); a longer one becomes `DeliveryError("retry", retryAfterMs)` for the queue.
 *
 * Exactly once across a crash: Slack has no idempotency key. Every post made with a `dedupeKey` carries it in the
 * message's metadata (`event_type: teleecho_delivery`). When the job comes back with `retry: true` (a crash, a lease
 * that ran out, a timeout, a 5xx), the channel's recent history is read first and a message carrying the key is
 * answered with instead of posting again. That closes the window between Slack accepting the post and the job being
 * recorded as done. What remains open: a retry more than `historyWindowMs` (24 h) later, or after more than
 * `historyLimit` newer messages in that channel, does not see the first post; a history that cannot be read (the app
 * lacks channels:history / groups:history for that channel, or is not in it) degrades to posting again, with a
 * warning in the log; and two copies running the same job at once (only if a lease runs out while a send is still in
 * flight) can both look, find nothing, and both post.
 */
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import { DeliveryError } from "../core/jobs/runner";
import type { ConversationRefs, Logger, Messenger, SendOptions } from "../core/ports";
import type { Card, OutboundMessage } from "../core/ui/model";
import { type Limit, Pacer, type PacingClock, type Slot, takeOrDefer } from "../pacing";
import { messageAddress, PLATFORM, parseAddress, userAddress, workspaceAddress } from "./addresses";
import type { SlackClients } from "./clients";
import { NotInstalledError } from "./installations";
import { cardMessage, textMessage } from "./render";

type WebClient = webApi.WebClient;

/** The metadata event type every delivery carries (`event_payload.key` is the dedupe key). */
export const DELIVERY_EVENT = "teleecho_delivery";

export interface SlackLimits {
  /** chat.postMessage, per channel */
  channel: Limit | Limit[];
  /** chat.postMessage, per workspace */
  workspace: Limit | Limit[];
  /** Tier 3 methods (conversations.open, conversations.history, chat.update), per method per workspace */
  tier3: Limit | Limit[];
}

/**
 * Defaults: 1 post a second per channel with a burst of 3; 10 a second per workspace with a burst of 20 (600 a
 * minute, Slack's "several hundred messages per minute"); Tier 3 at 0.75 a second with a burst of 5, which never
 * exceeds 50 in any minute (5 + 0.75 × 60).
 */
export const SLACK_LIMITS: SlackLimits = {
  channel: { perSecond: 1, burst: 3 },
  workspace: { perSecond: 9.5, burst: 1 },
  tier3: { perSecond: 0.75, burst: 5 },
};

export interface SlackMessengerOptions {
  limits?: Partial<SlackLimits>;
  /** where direct-message channel ids are kept across restarts and running copies (the store's conversation refs) */
  refs?: ConversationRefs;
  log?: Logger;
  /** the pacer's clock (tests) */
  pacingClock?: PacingClock;
  /** wall-clock milliseconds, for the history window */
  now?: () => number;
  /** how far back a retry looks for an earlier delivery; default 24 h */
  historyWindowMs?: number;
  /** how many recent messages a retry reads; default 50 */
  historyLimit?: number;
  /** a send that would wait longer than this for pacing is handed back to the queue instead; default 60 s */
  maxPacingWaitMs?: number;
  /** 429s are retried here while their Retry-After waits add up to no more than this; default 10 s */
  maxInlineRetryAfterMs?: number;
}

/** Errors that mean this recipient cannot be reached, now or later, whatever we do. */
const UNREACHABLE = new Set([
  "user_not_found",
  "users_not_found",
  "user_not_visible",
  "account_inactive",
  "token_revoked",
  "user_disabled",
  "cannot_dm_bot",
  "channel_not_found",
  "is_archived",
  "not_in_channel",
  "messages_tab_disabled",
  "team_access_not_granted",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "ekm_access_denied",
  "message_not_found",
  "cant_update_message",
]);

/** Errors Slack answers while it is struggling: try again later. */
const TRANSIENT = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

const openedSchema = z.object({ channel: z.object({ id: z.string().min(1) }) });
const postedSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
const historySchema = z.object({
  messages: z
    .array(
      z.looseObject({
        ts: z.string(),
        metadata: z.looseObject({ event_type: z.string().optional(), event_payload: z.unknown() }).optional(),
      }),
    )
    .default([]),
});
const storedDm = z.object({ dm: z.string().min(1) });

const MAX_REMEMBERED_DMS = 50_000;

/** An error thrown by @slack/web-api, turned into what the job runner understands. */
export function classifySlackError(error: unknown, what: string): Error {
  if (error instanceof DeliveryError) return error;
  if (error instanceof NotInstalledError) return new DeliveryError(`${what}: ${error.message}`, "unreachable");
  const coded = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; original?: unknown };
  switch (coded?.code) {
    case "slack_webapi_platform_error": {
      const reason = String(coded.data?.error ?? "unknown_error");
      if (UNREACHABLE.has(reason)) return new DeliveryError(`${what}: ${reason}`, "unreachable");
      if (TRANSIENT.has(reason)) return new DeliveryError(`${what}: ${reason}`, "retry");
      return new Error(`${what} failed: ${reason}`, { cause: error });
    }
    case "slack_webapi_request_error": {
      const original = coded.original instanceof Error ? coded.original.message : "request failed";
      return new DeliveryError(`${what}: network error: ${original}`, "retry");
    }
    case "slack_webapi_http_error": {
      const status = Number(coded.statusCode);
      if (status >= 500 || status === 408) return new DeliveryError(`${what}: HTTP ${status} from Slack`, "retry");
      return new Error(`${what} failed: HTTP ${status} from Slack`, { cause: error });
    }
    case "slack_webapi_rate_limited_error":
      return new DeliveryError(`${what}: rate limited`, "retry", retryAfterMsOf(error));
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

function retryAfterMsOf(error: unknown): number | undefined {
  const coded = error as { code?: unknown; retryAfter?: unknown };
  if (coded?.code !== "slack_webapi_rate_limited_error") return undefined;
  const seconds = Number(coded.retryAfter);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}

export function slackMessenger(clients: SlackClients, options: SlackMessengerOptions = {}): Messenger {
  const limits = { ...SLACK_LIMITS, ...options.limits };
  const pacer = new Pacer({ clock: options.pacingClock });
  const perChannel = pacer.limiter("slack chat.postMessage per channel", limits.channel);
  const perWorkspace = pacer.limiter("slack chat.postMessage per workspace", limits.workspace);
  const tier3 = pacer.limiter("slack tier 3", limits.tier3);
  const now = options.now ?? Date.now;
  const historyWindowMs = options.historyWindowMs ?? 24 * 3_600_000;
  const historyLimit = options.historyLimit ?? 50;
  const maxPacingWaitMs = options.maxPacingWaitMs ?? 60_000;
  const maxInlineRetryAfterMs = options.maxInlineRetryAfterMs ?? 10_000;
  const log = options.log;

  /**
   * One Web API call: wait for room in `slots`, call, and on a 429 pause `slots` for Retry-After (every concurrent
   * call to the same keys waits too) and go again while the waits stay short. Everything else is classified.
   */
  async function paced<T>(what: string, slots: Slot[], call: () => Promise<T>): Promise<T> {
    let waited = 0;
    for (;;) {
      await takeOrDefer(pacer, slots, maxPacingWaitMs, what);
      try {
        return await call();
      } catch (error) {
        const retryAfterMs = retryAfterMsOf(error);
        if (retryAfterMs === undefined) throw classifySlackError(error, what);
        for (const slot of slots) slot.limiter.pause(slot.key, retryAfterMs);
        waited += retryAfterMs;
        log?.warn("slack: rate limited; pausing", {
          call: what,
          retryAfterMs,
          inline: waited <= maxInlineRetryAfterMs,
        });
        if (waited > maxInlineRetryAfterMs)
          throw new DeliveryError(`${what}: rate limited by Slack`, "retry", retryAfterMs);
      }
    }
  }

  const tier3Slot = (team: string, method: string) => tier3.slot(`${team}:${method}`);

  /** the workspace's client, asked for at each send so that an OAuth install's token is refreshed when it must be */
  async function clientFor(team: string, what: string): Promise<WebClient> {
    try {
      return await clients.forWorkspace(workspaceAddress(team));
    } catch (error) {
      throw classifySlackError(error, what);
    }
  }

  // direct-message channel ids: they never change, so each is asked for once (per store, when one is given)
  const dms = new Map<string, string>();
  const opening = new Map<string, Promise<string>>();
  const remember = (key: string, channel: string) => {
    if (dms.size >= MAX_REMEMBERED_DMS) dms.delete(dms.keys().next().value as string);
    dms.set(key, channel);
  };

  async function openDm(team: string, user: string): Promise<string> {
    const address = userAddress(team, user);
    if (options.refs) {
      const raw = await options.refs.find(address);
      const stored = raw ? storedDm.safeParse(safeJson(raw)) : undefined;
      if (stored?.success) return stored.data.dm;
    }
    const client = await clientFor(team, "conversations.open");
    const opened = await paced("conversations.open", [tier3Slot(team, "conversations.open")], () =>
      client.conversations.open({ users: user }),
    );
    const channel = openedSchema.parse(opened).channel.id;
    if (options.refs)
      await options.refs.save(address, PLATFORM, JSON.stringify({ dm: channel })).catch((error: unknown) => {
        log?.warn("slack: could not keep a direct-message channel id", { user: address, error });
      });
    return channel;
  }

  function dmChannel(team: string, user: string): Promise<string> {
    const key = `${team}:${user}`;
    const known = dms.get(key);
    if (known) return Promise.resolve(known);
    let pending = opening.get(key);
    if (!pending) {
      pending = openDm(team, user)
        .then((channel) => {
          remember(key, channel);
          return channel;
        })
        .finally(() => opening.delete(key));
      opening.set(key, pending);
    }
    return pending;
  }

  /** The ts of a message in `channel` carrying `key` in its metadata, posted within the history window. */
  async function findDelivered(team: string, channel: string, key: string): Promise<string | undefined> {
    let history: unknown;
    try {
      const client = await clientFor(team, "conversations.history");
      history = await paced("conversations.history", [tier3Slot(team, "conversations.history")], () =>
        client.conversations.history({
          channel,
          limit: historyLimit,
          oldest: ((now() - historyWindowMs) / 1000).toFixed(6),
          include_all_metadata: true,
        }),
      );
    } catch (error) {
      if (error instanceof DeliveryError && error.kind === "retry") throw error; // look again on the next try
      log?.warn("slack: cannot look for an earlier delivery of this message; posting it, which may repeat it once", {
        channel,
        key,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
    const messages = historySchema.safeParse(history);
    if (!messages.success) return undefined;
    const found = messages.data.messages.find(
      (m) =>
        m.metadata?.event_type === DELIVERY_EVENT &&
        (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
    );
    return found?.ts;
  }

  return {
    async send(address: string, message: OutboundMessage, sendOptions: SendOptions = {}): Promise<string> {
      const target = parseAddress(address);
      if (target.kind === "message") throw new Error("cannot send to a message address; use update");
      const { team } = target;
      const channel = target.kind === "channel" ? target.channel : await dmChannel(team, target.user);
      const key = sendOptions.dedupeKey;
      if (key && sendOptions.retry) {
        const ts = await findDelivered(team, channel, key);
        if (ts) {
          log?.info("slack: already delivered before a retry; not posting again", { key, channel });
          return messageAddress(team, channel, ts);
        }
      }
      const body = "card" in message ? cardMessage(message.card) : textMessage(message.text);
      const metadata = key ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { key } } } : {};
      const client = await clientFor(team, "chat.postMessage");
      const posted = await paced(
        "chat.postMessage",
        [perChannel.slot(`${team}:${channel}`), perWorkspace.slot(team)],
        () => client.chat.postMessage({ channel, ...body, ...metadata }),
      );
      const { channel: postedIn, ts } = postedSchema.parse(posted);
      return messageAddress(team, postedIn, ts);
    },

    async update(address: string, card: Card): Promise<void> {
      const target = parseAddress(address);
      if (target.kind !== "message") throw new Error(`not a Slack message address: ${address.slice(0, 80)}`);
      const client = await clientFor(target.team, "chat.update");
      await paced("chat.update", [tier3Slot(target.team, "chat.update")], () =>
        client.chat.update({ channel: target.channel, ts: target.ts, ...cardMessage(card) }),
      );
    },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
