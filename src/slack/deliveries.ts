/**
 * Was this delivered before? Two ledgers on the store's request ledger, shared by every copy of the bot:
 *   - a signed request: its signature's SHA-256 (`slack:sig:…`). The guard (guard.ts) leaves a lookup on the request,
 *     Bolt hands it to the listeners' `context` (`deliveryProperties`), and each listener asks after its
 *     acknowledgement and before any work (`firstSignedDelivery`), so a replay is acknowledged and does nothing, and
 *     the insert is not on the 3-second path. An answer (ANSWER_ACTIONS) takes the key itself instead
 *     (`signedDeliveryKey`): the core records it in the answer's own transaction;
 *   - an event: its `event_id` (`slack:event:…`), since Slack signs a retried event again.
 */
import { createHash } from "node:crypto";
import type { Request } from "express";
import type { Logger } from "../core/ports";
import type { AdapterServices } from "../services";

/** Where the guard leaves the ledger lookup, and the key it looks up, on the request, for Bolt's custom properties. */
const FIRST_DELIVERY = "slackFirstDelivery";
const DELIVERY_KEY = "slackDeliveryKey";
type GuardedRequest = Request & { [FIRST_DELIVERY]?: () => Promise<boolean>; [DELIVERY_KEY]?: string };

/** The replay ledger's key for a signature: its SHA-256, so the key is short and says nothing of the body. */
export const signatureKey = (signature: string): string =>
  `slack:sig:${createHash("sha256").update(signature).digest("hex")}`;

/** The guard's part: the lookup of this signature, made later by the listener that handles the request. */
export function markSigned(req: Request, firstTime: (key: string) => Promise<boolean>, signature: string): void {
  const key = signatureKey(signature);
  (req as GuardedRequest)[FIRST_DELIVERY] = () => firstTime(key);
  (req as GuardedRequest)[DELIVERY_KEY] = key;
}

/** Bolt's customPropertiesExtractor: hands the lookup to the listeners' `context`. */
export const deliveryProperties = (req: Request): Record<string, unknown> => ({
  [FIRST_DELIVERY]: (req as GuardedRequest)[FIRST_DELIVERY],
  [DELIVERY_KEY]: (req as GuardedRequest)[DELIVERY_KEY],
});

/**
 * The ledger key of a signed request, for the core to record with an answer (Ctx.delivery) in place of the lookup
 * `firstSignedDelivery` makes; undefined for a request that did not pass the guard (Socket Mode).
 */
export function signedDeliveryKey(context: Record<string, unknown>): string | undefined {
  const key = context[DELIVERY_KEY];
  return typeof key === "string" ? key : undefined;
}

/**
 * Whether this request is the first delivery of its signature; false for a replay, and when the ledger cannot be
 * read (refused rather than risk doing it twice). A request that did not pass the guard (Socket Mode, whose
 * connection Slack authenticates) has no signature to check.
 */
export async function firstSignedDelivery(context: Record<string, unknown>, log: Logger): Promise<boolean> {
  const first = context[FIRST_DELIVERY];
  if (typeof first !== "function") return true;
  try {
    if (await first()) return true;
    log.warn("slack: a signed request was sent again; answered once");
  } catch (error) {
    log.error("slack: the replay ledger could not be read; request acknowledged, nothing done", { error });
  }
  return false;
}

/** Slack re-sends an event it thinks failed (X-Slack-Retry-Num); only the first delivery of an event id gets through. */
export async function firstEventDelivery(
  services: Pick<AdapterServices, "store" | "log">,
  eventId: string,
  retryNum?: number,
): Promise<boolean> {
  if (await services.store.requests.firstTime(`slack:event:${eventId}`)) return true;
  services.log.info("slack: event already handled; retry ignored", { eventId, retryNum });
  return false;
}
