/**
 * Proactive sends for Teams: the conversation reference comes from the store (never from memory, so any running copy
 * can send), and `continueConversationAsync` opens a turn on it.
 *
 * Pacing (src/pacing.ts), with Teams' published limits (msteams-docs bots/how-to/rate-limit.md): per bot per thread
 * 7 in any second, 8 in 2 s, 60 in 30 s, 1800 in an hour, kept exactly as sliding windows; and about 30 requests a
 * second per app per tenant. Updates count like sends.
 *
 * Retries, without a second loop around the Bot Connector's own: botframework-connector sends through
 * @azure/core-rest-pipeline's default retry policy, which already retries, up to 3 times each, a 429 or 503 that
 * carries Retry-After (after that delay), any other 5xx but 501/505 and 408 (502 and 504 included; exponential from
 * 1 s), and socket errors. It does not retry 412, nor a 429 without Retry-After: those are retried here, with
 * exponential backoff (Retry-After first when given), up to `retry.attempts` tries. Whatever is still failing is a
 * `DeliveryError("retry")` for the durable queue (with the Retry-After, if any). 403 (the bot is blocked, uninstalled
 * or not allowed there) and 404 (the conversation is gone) are `DeliveryError("unreachable")`.
 *
 * At least once, in one window: the Bot Connector has no idempotency key, and a message cannot be looked up by
 * anything we could attach to it beforehand (the connector's REST API lists no conversation history to a bot, and
 * the id comes back only in the answer to the POST). So a send that reached Teams but whose answer was lost (a crash
 * between the POST and the job being recorded as done, an answer that timed out, or a 502/504 the connector retried
 * after Teams had in fact posted) is sent again when the job is retried: the recipient may see it twice. Everything
 * else — throttling, refusals, outages before the POST — is retried without any duplicate.
 *
 * A person the bot has never talked with: a user address (`teams:<AAD object id>` or `teams:29:…`) with no stored
 * reference gets a new 1:1 chat through `createConversationAsync`, made on the service URL and in the tenant of a
 * Teams network channel this person is a member of (the reference stored for that channel when someone used the bot
 * there): a member of a channel's network is in that channel's tenant, whereas "the newest reference of any kind" may
 * belong to another tenant. The new chat's reference is stored under the user's and the chat's addresses, so later
 * sends and updates use it like any other. If the person is in no Teams network with a stored channel reference, the
 * send is `DeliveryError("unreachable")`.
 */
import type {
  ChannelAccount,
  CloudAdapter,
  ConversationParameters,
  ConversationReference,
  TurnContext,
} from "botbuilder";
import { DeliveryError } from "../core/jobs/runner";
import type { Logger, Messenger, Store } from "../core/ports";
import type { Card, OutboundMessage } from "../core/ui/model";
import { type Limit, Pacer, type PacingClock, parseRetryAfterMs, type Slot, takeOrDefer } from "../pacing";
import { StoredReference } from "./activity";
import {
  baseConversationId,
  conversationAddress,
  decodeMessageAddress,
  isTeamsAddress,
  messageAddress,
} from "./addresses";
import { cardMessage, textMessage } from "./render";

export class MissingReferenceError extends DeliveryError {
  constructor(
    readonly address: string,
    detail = "the bot can only post where it has already been used (a direct message needs the person to have chatted with the bot once)",
  ) {
    super(`no Teams conversation reference is stored for ${address}: ${detail}`, "unreachable");
    this.name = "MissingReferenceError";
  }
}

export interface TeamsLimits {
  /** sends and updates per bot per conversation (thread) */
  conversation: Limit | Limit[];
  /** requests per app per tenant */
  tenant: Limit | Limit[];
}

export const TEAMS_LIMITS: TeamsLimits = {
  conversation: [
    { count: 7, perMs: 1_000 },
    { count: 8, perMs: 2_000 },
    { count: 60, perMs: 30_000 },
    { count: 1_800, perMs: 3_600_000 },
  ],
  // a steady 28.5/s, one at a time: a 30-per-second window released in bunches draws 429s (bench:fanout)
  tenant: { perSecond: 28.5, burst: 1 },
};

export interface TeamsRetry {
  /** tries in all for a 412 or a 429 without Retry-After (the connector retries the others itself) */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const TEAMS_RETRY: TeamsRetry = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 };

export interface TeamsMessengerOptions {
  adapter: CloudAdapter;
  /** MICROSOFT_APP_ID ("" for the unauthenticated local endpoint) */
  appId: string;
  /** references are read and written here; networks and members pick where a new 1:1 chat is created */
  store: Pick<Store, "conversations" | "networks" | "members">;
  log?: Logger;
  limits?: Partial<TeamsLimits>;
  retry?: Partial<TeamsRetry>;
  pacingClock?: PacingClock;
  /** a send that would wait longer than this for pacing is handed back to the queue instead; default 60 s */
  maxPacingWaitMs?: number;
  /** OAuth audience for createConversation; default: the configured cloud's Bot Connector scope */
  audience?: string;
}

const PLATFORM = "teams";
const PREFIX = "teams:";
/** A user address holds an AAD object id (a GUID) or a Teams user id (29:…); conversations are 19:…, a:…, 8:… */
const USER_ID = /^(29:.+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const NETWORK_ERRORS = new Set([
  "REQUEST_SEND_ERROR",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

const outbound = (message: OutboundMessage) =>
  "card" in message ? cardMessage(message.card) : textMessage(message.text);

/** What a failed Bot Connector call says: its HTTP status, Retry-After and error code (RestError from core-rest-pipeline). */
function failureOf(error: unknown): { status?: number; retryAfterMs?: number; code?: string } {
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    response?: { status?: unknown; headers?: { get?: (name: string) => string | null | undefined } };
  };
  if (!e || typeof e !== "object") return {};
  const status = Number(e.statusCode ?? e.response?.status);
  let header: string | null | undefined;
  try {
    header = e.response?.headers?.get?.("retry-after");
  } catch {
    header = undefined;
  }
  return {
    status: Number.isInteger(status) && status > 0 ? status : undefined,
    retryAfterMs: parseRetryAfterMs(header),
    code: typeof e.code === "string" ? e.code : undefined,
  };
}

export function createTeamsMessenger(options: TeamsMessengerOptions): Messenger {
  const { adapter, appId, store, log } = options;
  const limits = { ...TEAMS_LIMITS, ...options.limits };
  const retry = { ...TEAMS_RETRY, ...options.retry };
  const pacer = new Pacer({ clock: options.pacingClock });
  const perConversation = pacer.limiter("teams per conversation", limits.conversation);
  const perTenant = pacer.limiter("teams per tenant", limits.tenant);
  const maxPacingWaitMs = options.maxPacingWaitMs ?? 60_000;

  async function stored(address: string): Promise<ConversationReference | undefined> {
    const raw = await store.conversations.find(address);
    if (!raw) return undefined;
    // the JSON was written by saveReferences from TurnContext.getConversationReference; zod checks what is used
    return StoredReference.parse(JSON.parse(raw)) as unknown as ConversationReference;
  }

  const tenantOf = (ref: ConversationReference): string | undefined => {
    const fromConversation = ref.conversation?.tenantId;
    const fromChannelData = (ref as { channelData?: { tenant?: { id?: unknown } } }).channelData?.tenant?.id;
    return fromConversation || (typeof fromChannelData === "string" ? fromChannelData : undefined);
  };

  const slotsFor = (conversationId: string | undefined, tenant: string | undefined): Slot[] => [
    ...(conversationId ? [perConversation.slot(conversationId)] : []),
    perTenant.slot(tenant ?? "unknown tenant"),
  ];

  /**
   * One Bot Connector operation, paced, with the retries described at the top of this file. `call` runs once per try.
   * The first slot is the conversation's (when there is one): a 412 pauses it, a 429 pauses every slot.
   */
  async function attempt<T>(what: string, slots: Slot[], call: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      await takeOrDefer(pacer, slots, maxPacingWaitMs, what);
      try {
        return await call();
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        const { status, retryAfterMs, code } = failureOf(error);
        const detail = `${what}: ${status ? `HTTP ${status}` : (code ?? "failed")}`;
        if (status === 403 || status === 404)
          throw new DeliveryError(`${detail} (bot blocked, removed or conversation gone)`, "unreachable");
        const ours = status === 412 || (status === 429 && retryAfterMs === undefined);
        if (ours) {
          const delay =
            retryAfterMs ??
            Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (tries - 1)) * (0.8 + 0.4 * Math.random());
          const paused = status === 429 ? slots : slots.slice(0, 1);
          for (const slot of paused) slot.limiter.pause(slot.key, delay);
          if (tries < retry.attempts) {
            log?.warn("teams: throttled; retrying", { call: what, status, tries, delayMs: Math.round(delay) });
            continue;
          }
          throw new DeliveryError(`${detail} after ${tries} tries`, "retry", retryAfterMs);
        }
        if (status === 429) {
          // the connector already waited and retried this one; the queue takes it from here
          for (const slot of slots) slot.limiter.pause(slot.key, retryAfterMs ?? 0);
          throw new DeliveryError(`${detail} (throttled)`, "retry", retryAfterMs);
        }
        if (
          (status !== undefined && (status >= 500 || status === 408)) ||
          (status === undefined && code && NETWORK_ERRORS.has(code))
        )
          throw new DeliveryError(detail, "retry", retryAfterMs);
        throw error;
      }
    }
  }

  /**
   * Runs `work` in a proactive turn. botbuilder runs that turn through its middleware, which hands a thrown error to
   * `onTurnError` instead of the caller (botbuilder-core botAdapter.ts runMiddleware), so the error is carried out here.
   */
  async function inTurn<T>(ref: ConversationReference, work: (turn: TurnContext) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await adapter.continueConversationAsync(appId, ref, async (turn) => {
      try {
        outcome = { ok: true, value: await work(turn) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome) throw new Error("the proactive Teams turn did not run");
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** The Teams network channel reference to open a 1:1 chat with this person from (see the top of this file). */
  async function originFor(address: string): Promise<ConversationReference | undefined> {
    for (const network of await store.networks.all()) {
      if (!network.channel.startsWith(PREFIX)) continue;
      if (!(await store.members.find(network.id, address))) continue;
      const ref = await stored(network.channel);
      if (ref && tenantOf(ref)) return ref;
    }
    return undefined;
  }

  async function openPersonalChat(address: string, userId: string): Promise<ConversationReference> {
    const origin = await originFor(address);
    const tenantId = origin && tenantOf(origin);
    if (!origin || !tenantId)
      throw new MissingReferenceError(
        address,
        "this person has never chatted with the bot, and no Teams network channel of theirs is known to open a chat with them from",
      );
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: origin.bot,
      members: [{ id: userId } as ChannelAccount],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    let conversationId: string | undefined;
    await attempt("create a Teams personal chat", slotsFor(undefined, tenantId), () =>
      adapter.createConversationAsync(
        appId,
        origin.channelId,
        origin.serviceUrl,
        // undefined: the connector factory uses the configured cloud's scope (botframework-connector connectorFactoryImpl)
        options.audience as string,
        parameters,
        async (turn) => {
          conversationId = turn.activity.conversation?.id;
        },
      ),
    );
    if (!conversationId) throw new Error("the Bot Connector did not return the new personal chat's id");
    const ref = {
      channelId: origin.channelId,
      serviceUrl: origin.serviceUrl,
      bot: origin.bot,
      user: { id: userId, ...(USER_ID.test(userId) && !userId.startsWith("29:") ? { aadObjectId: userId } : {}) },
      conversation: { id: conversationId, conversationType: "personal", isGroup: false, tenantId },
    } as ConversationReference;
    const json = JSON.stringify(ref);
    await store.conversations.save(address, PLATFORM, json);
    await store.conversations.save(conversationAddress(conversationId), PLATFORM, json);
    log?.info("teams: opened a personal chat for a proactive message", { user: address });
    return ref;
  }

  const opening = new Map<string, Promise<ConversationReference>>();

  async function reference(address: string): Promise<ConversationReference> {
    if (!isTeamsAddress(address)) throw new Error(`${address.slice(0, 80)} is not a Teams address`);
    const ref = await stored(address);
    if (ref) return ref;
    const id = address.slice(PREFIX.length);
    if (!USER_ID.test(id)) throw new MissingReferenceError(address);
    let pending = opening.get(address);
    if (!pending) {
      pending = openPersonalChat(address, id).finally(() => opening.delete(address));
      opening.set(address, pending);
    }
    return pending;
  }

  return {
    async send(address, message) {
      const ref = await reference(address);
      const activity = outbound(message);
      return attempt("send to Teams", slotsFor(ref.conversation.id, tenantOf(ref)), () =>
        inTurn(ref, async (turn) => {
          // The continuation activity has a fresh random id that TurnContext would use as replyToId
          // (botframework-schema activityEx.ts getContinuationActivity); a proactive post is a new message, not a reply.
          turn.onSendActivities(async (_ctx, activities, next) => {
            for (const a of activities) delete a.replyToId;
            return next();
          });
          const sent = await turn.sendActivity({ ...activity });
          if (!sent?.id) throw new Error("the Bot Connector did not return the new message's id");
          return messageAddress(ref.conversation.id, sent.id);
        }),
      );
    },

    async update(address: string, card: Card) {
      const { conversationId, activityId } = decodeMessageAddress(address);
      const ref = await stored(conversationAddress(conversationId));
      if (!ref) throw new MissingReferenceError(conversationAddress(conversationId));
      // a message inside a channel's reply thread lives in that thread's conversation
      if (baseConversationId(conversationId) !== conversationId)
        ref.conversation = { ...ref.conversation, id: conversationId };
      await attempt("update a Teams message", slotsFor(conversationId, tenantOf(ref)), () =>
        inTurn(ref, async (turn) => {
          await turn.updateActivity({ ...cardMessage(card), id: activityId, conversation: ref.conversation });
        }),
      );
    },
  };
}
