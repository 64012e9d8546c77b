/**
 * Calls to the Bot Connector outside a request (the proactive Messenger, the roster Directory), sharing one pace: the
 * stored conversation reference (never one from memory, so any running copy can call), a proactive turn on it through
 * `continueConversationAsync`, and each call paced and retried within Teams' limits.
 *
 * Pacing (src/pacing.ts), with Teams' published limits (msteams-docs bots/how-to/rate-limit.md): per bot per thread
 * 7 in any second, 8 in 2 s, 60 in 30 s, 1800 in an hour, kept exactly as sliding windows; and about 30 requests a
 * second per app per tenant. Sends, updates and roster pages all count.
 *
 * Retries, without a second loop around the Bot Connector's own: botframework-connector sends through
 * @azure/core-rest-pipeline's default retry policy, which already retries, up to 3 times each, a 429 or 503 that
 * carries Retry-After (after that delay), any other 5xx but 501/505 and 408 (502 and 504 included; exponential from
 * 1 s), and socket errors. It does not retry 412, nor a 429 without Retry-After: those are retried here, with
 * exponential backoff (Retry-After first when given), up to `retry.attempts` tries. Whatever is still failing is a
 * `DeliveryError("retry")` for the durable queue (with the Retry-After, if any). 403 (the bot is blocked, uninstalled
 * or not allowed there) and 404 (the conversation is gone) are `DeliveryError("unreachable")`.
 */
import type { CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import { DeliveryError } from "../core/jobs/runner";
import type { Logger, Store } from "../core/ports";
import { type Limit, Pacer, type PacingClock, parseRetryAfterMs, type Slot, takeOrDefer } from "../pacing";
import { StoredReference } from "./activity";

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

export interface TeamsConnectorOptions {
  adapter: CloudAdapter;
  /** MICROSOFT_APP_ID ("" for the unauthenticated local endpoint) */
  appId: string;
  store: Pick<Store, "conversations">;
  log?: Logger;
  limits?: Partial<TeamsLimits>;
  retry?: Partial<TeamsRetry>;
  pacingClock?: PacingClock;
  /** a call that would wait longer than this for pacing is handed back to the queue instead; default 60 s */
  maxPacingWaitMs?: number;
}

/** A stored reference, with what saveReferences adds to botbuilder's own: the Teams team a channel belongs to. */
export type TeamsReference = ConversationReference & { teamId?: string };

export interface TeamsConnector {
  readonly adapter: CloudAdapter;
  readonly appId: string;
  /** the reference stored for an address, checked with zod */
  stored(address: string): Promise<TeamsReference | undefined>;
  /** the pacing slots of a call in a conversation (when there is one) of a tenant */
  slotsFor(conversationId: string | undefined, tenant: string | undefined): Slot[];
  /** one Bot Connector operation, paced, with the retries described at the top of this file */
  attempt<T>(what: string, slots: Slot[], call: () => Promise<T>): Promise<T>;
  /** runs `work` in a proactive turn on `ref`, carrying its outcome out (see below) */
  inTurn<T>(ref: ConversationReference, work: (turn: TurnContext) => Promise<T>): Promise<T>;
}

const NETWORK_ERRORS = new Set([
  "REQUEST_SEND_ERROR",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** The tenant a stored reference belongs to: its conversation's, or its channel data's. */
export function referenceTenant(ref: ConversationReference): string | undefined {
  const fromConversation = ref.conversation?.tenantId;
  const fromChannelData = (ref as { channelData?: { tenant?: { id?: unknown } } }).channelData?.tenant?.id;
  return fromConversation || (typeof fromChannelData === "string" ? fromChannelData : undefined);
}

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

export function createTeamsConnector(options: TeamsConnectorOptions): TeamsConnector {
  const { adapter, appId, store, log } = options;
  const limits = { ...TEAMS_LIMITS, ...options.limits };
  const retry = { ...TEAMS_RETRY, ...options.retry };
  const pacer = new Pacer({ clock: options.pacingClock });
  const perConversation = pacer.limiter("teams per conversation", limits.conversation);
  const perTenant = pacer.limiter("teams per tenant", limits.tenant);
  const maxPacingWaitMs = options.maxPacingWaitMs ?? 60_000;

  return {
    adapter,
    appId,

    async stored(address) {
      const raw = await store.conversations.find(address);
      if (!raw) return undefined;
      // the JSON was written by saveReferences from TurnContext.getConversationReference; zod checks what is used
      return StoredReference.parse(JSON.parse(raw)) as unknown as TeamsReference;
    },

    slotsFor: (conversationId, tenant) => [
      ...(conversationId ? [perConversation.slot(conversationId)] : []),
      perTenant.slot(tenant ?? "unknown tenant"),
    ],

    /** The first slot is the conversation's (when there is one): a 412 pauses it, a 429 pauses every slot. */
    async attempt(what, slots, call) {
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
    },

    /**
     * botbuilder runs a proactive turn through its middleware, which hands a thrown error to `onTurnError` instead of
     * the caller (botbuilder-core botAdapter.ts runMiddleware), so the error is carried out here.
     */
    async inTurn(ref, work) {
      let outcome: { ok: true; value: Awaited<ReturnType<typeof work>> } | { ok: false; error: unknown } | undefined;
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
    },
  };
}
