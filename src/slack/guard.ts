/**
 * Runs before Bolt on POST /slack/events and refuses, without touching anything else:
 *   - a body over the limit                          → 413
 *   - a missing, forged or stale (> 5 min) signature → 401 (checked with Bolt's own `verifySlackRequest`)
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
import type { Logger } from "../core/ports";
import { classifyBody } from "./payloads";

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface GuardOptions {
  signingSecret: string;
  log: Logger;
  bodyLimitBytes?: number;
  /** false until the adapter has started (Bolt has its bot identity); requests before that get 503 */
  ready: () => boolean;
}

function refuse(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

export function slackRequestGuard(options: GuardOptions): Array<RequestHandler | ErrorRequestHandler> {
  const readBody = express.raw({ type: () => true, limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES });

  const guard: RequestHandler = (req, res, next) => {
    if (!options.ready()) return refuse(res, 503, "not ready");
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const raw = body.toString("utf8");
    const signature = req.get("x-slack-signature");
    const timestamp = Number(req.get("x-slack-request-timestamp"));
    try {
      if (!signature || !Number.isInteger(timestamp)) throw new Error("signature headers are missing");
      verifySlackRequest({
        signingSecret: options.signingSecret,
        body: raw,
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      });
    } catch (error) {
      options.log.warn("slack: request refused: not signed by Slack", {
        reason: error instanceof Error ? error.message : String(error),
        ip: req.ip,
      });
      return refuse(res, 401, "unauthorized");
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

  return [readBody, guard, bodyErrors];
}
