/**
 * Runs before Bolt on POST /slack/events and refuses, without touching anything else:
 *   - signature headers missing or malformed, or a timestamp more than five minutes old or in the future
 *                                                    → 401, before the body is read
 *   - a body over the limit                          → 413
 *   - a forged signature                             → 401 (checked with Bolt's own `verifySlackRequest`)
 *   - a signed request seen before (a replay within its five minutes) → acknowledged, and nothing else is done: the
 *     guard leaves the signature's ledger lookup on the request, and each listener makes it after its
 *     acknowledgement and before any work (deliveries.ts)
 *   - a body Slack could not have sent               → 400 (bad form, bad JSON, unknown payload type, a slash
 *                                                      command without its fields, another content type)
 * Bolt's ExpressReceiver alone answers the first two itself, but for an unknown payload type it waits 3 s and
 * answers 404 (App#processEvent returns without ack; receivers/HTTPModuleFunctions defaultUnhandledRequestHandler),
 * and for a well-formed body missing fields it calls the listener. What passes is handed to Bolt as `req.rawBody`,
 * which its body parser reads instead of the stream (receivers/ExpressReceiver parseExpressRequestRawBody), and
 * which Bolt verifies a second time.
 */
import { verifySlackRequest } from "@slack/bolt";
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from "express";
import type { Logger, RequestLedger } from "../core/ports";
import { markSigned } from "./deliveries";
import { classifyBody } from "./payloads";

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Slack's window: a request signed more than five minutes before (or after) now is refused. */
export const SIGNATURE_WINDOW_SECONDS = 300;

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export interface GuardOptions {
  signingSecret: string;
  log: Logger;
  bodyLimitBytes?: number;
  /** false until the adapter has started (Bolt has its bot identity); requests before that get 503 */
  ready: () => boolean;
  /** the ledger a replayed signature is recognised by (the store's, shared by every copy) */
  ledger: RequestLedger;
}

function refuse(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

/** Slack shows the person an error when the acknowledgement takes longer than this */
export const LATE_ACK_MS = 3000;

export function slackRequestGuard(options: GuardOptions): Array<RequestHandler | ErrorRequestHandler> {
  const readBody = express.raw({ type: () => true, limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES });
  const unsigned = (res: Response, reason: string, ip: string | undefined) => {
    options.log.warn("slack: request refused: not signed by Slack", { reason, ip });
    refuse(res, 401, "unauthorized");
  };

  // Before a byte of the body is read: the headers must be there, well-formed, and signed within the window.
  const headers: RequestHandler = (req, res, next) => {
    if (!options.ready()) return refuse(res, 503, "not ready");
    // Slack waits 3 s for an acknowledgement; one that took longer (an overloaded copy) is logged with its delay:
    // the time since this copy read the request, and since Slack signed it (which also counts the time the request
    // waited, unread, while the copy was busy; the signature's timestamp is in whole seconds, hence the extra second)
    const arrived = performance.now();
    const signedAt = Number(req.get("x-slack-request-timestamp")) * 1000;
    res.once("finish", () => {
      const delayMs = Math.round(performance.now() - arrived);
      const sinceSignedMs = Math.round(Date.now() - signedAt);
      if (delayMs >= LATE_ACK_MS || sinceSignedMs >= LATE_ACK_MS + 1000)
        options.log.warn("slack: late acknowledgement", { delayMs, sinceSignedMs, status: res.statusCode });
    });
    const signature = req.get("x-slack-signature") ?? "";
    const timestamp = req.get("x-slack-request-timestamp") ?? "";
    if (!SIGNATURE.test(signature) || !TIMESTAMP.test(timestamp))
      return unsigned(res, "signature headers are missing or malformed", req.ip);
    // a signature's age is wall-clock time, as Bolt's own check reads it
    const skew = Math.abs(Date.now() / 1000 - Number(timestamp));
    if (skew > SIGNATURE_WINDOW_SECONDS)
      return unsigned(res, "timestamp outside the five minutes a signature holds", req.ip);
    next();
  };

  const guard: RequestHandler = (req, res, next) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const raw = body.toString("utf8");
    const signature = req.get("x-slack-signature") as string;
    const timestamp = Number(req.get("x-slack-request-timestamp"));
    try {
      verifySlackRequest({
        signingSecret: options.signingSecret,
        body: raw,
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      });
    } catch (error) {
      return unsigned(res, error instanceof Error ? error.message : String(error), req.ip);
    }
    const mediaType = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const check = classifyBody(mediaType, raw);
    if (!check.ok) {
      options.log.warn("slack: request refused: malformed body", { reason: check.reason });
      return refuse(res, 400, "bad request");
    }
    if (check.rateLimited) {
      options.log.warn("slack: Slack is rate-limiting this app's events (app_rate_limited)");
      res.status(200).end();
      return;
    }
    // the signature goes into the replay ledger once Bolt has acknowledged, before any work (deliveries.ts)
    markSigned(req, (key) => options.ledger.firstTime(key), signature);
    // Bolt compares the media type exactly and reads the body from rawBody
    req.headers["content-type"] = mediaType;
    (req as typeof req & { rawBody?: Buffer }).rawBody = body;
    next();
  };

  const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const type = typeof error === "object" && error !== null && "type" in error ? String(error.type) : "";
    if (type === "entity.too.large") {
      options.log.warn("slack: request refused: body too large");
      return refuse(res, 413, "payload too large");
    }
    options.log.warn("slack: request refused: unreadable body", {
      reason: error instanceof Error ? error.message : String(error),
    });
    refuse(res, 400, "bad request");
  };

  return [headers, readBody, guard, bodyErrors];
}
