/**
 * The Teams adapter: botbuilder's CloudAdapter on `POST /api/messages` of the shared express app, the bot, and the
 * proactive Messenger. With an empty app id authentication is off (the local endpoint of TEAMS_ENABLED=true); with an
 * app id every request needs a valid Bot Framework token.
 */
import {
  type Response as BotResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from "botbuilder";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Messenger } from "../core/ports";
import type { AdapterServices } from "../services";
import { InboundActivity } from "./activity";
import { TeleechoBot } from "./bot";
import { handleTurnError } from "./failures";
import { createTeamsMessenger, type TeamsMessengerOptions } from "./messenger";

export const TEAMS_ROUTE = "/api/messages";

export interface TeamsAdapterOptions {
  /** MICROSOFT_APP_ID; empty means the unauthenticated local endpoint */
  appId: string;
  appPassword?: string;
  tenantId?: string;
  /** MultiTenant, SingleTenant or UserAssignedMSI */
  appType: string;
  /** TEAMS_ADMINS: AAD object ids or Teams user ids treated as workspace admins */
  admins: string[];
  expressApp: Express;
  /** the largest request body accepted; Teams activities are a few KB */
  bodyLimit?: string;
  /** pacing and retry settings of the proactive Messenger (limits default to TEAMS_LIMITS) */
  messenger?: Omit<TeamsMessengerOptions, "adapter" | "appId" | "store">;
}

export interface TeamsAdapter {
  adapter: CloudAdapter;
  messenger: Messenger;
  bot: TeleechoBot;
}

/**
 * What `CloudAdapter.process` writes, kept so this route decides what goes back: on a failure process() puts the raw
 * error message in the body (botbuilder cloudAdapter.ts), and no internal text may reach the caller.
 */
class RecordedResponse implements BotResponse {
  socket: unknown = undefined;
  code = 200;
  body: unknown;
  status(code: number) {
    this.code = code;
    return this;
  }
  header(_name: string, _value: unknown) {
    return this;
  }
  send(body?: unknown) {
    this.body = body;
    return this;
  }
  end() {
    return this;
  }
}

export function createTeamsAdapter(services: AdapterServices, options: TeamsAdapterOptions): TeamsAdapter {
  const authEnabled = options.appId.trim() !== "";
  let auth: ConfigurationBotFrameworkAuthentication;
  try {
    auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: options.appId,
      MicrosoftAppPassword: options.appPassword,
      MicrosoftAppType: options.appType,
      MicrosoftAppTenantId: options.tenantId,
    });
  } catch (error) {
    throw new Error(`The Teams configuration is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = (turn: TurnContext, error: unknown) => handleTurnError(services.log, turn, error);
  const bot = new TeleechoBot(services, { admins: options.admins });
  const messenger = createTeamsMessenger({
    adapter,
    appId: options.appId,
    store: services.store,
    log: services.log,
    ...options.messenger,
  });
  if (!authEnabled)
    services.log.warn("teams: MICROSOFT_APP_ID is empty, so /api/messages accepts unauthenticated requests");

  const app = options.expressApp;
  app.post(TEAMS_ROUTE, express.json({ limit: options.bodyLimit ?? "256kb" }), async (req: Request, res: Response) => {
    const checked = InboundActivity.safeParse(req.body);
    if (!checked.success) {
      res.status(400).json({ error: "bad request: the body is not a Bot Framework activity" });
      return;
    }
    if (authEnabled && !req.headers.authorization) {
      res.status(401).json({ error: "unauthorized" });
      return;
    }
    const recorded = new RecordedResponse();
    try {
      await adapter.process(req, recorded, (turn) => bot.run(turn));
    } catch (error) {
      recorded.code = 500;
      services.log.error("teams: the adapter failed outside a turn", { error });
    }
    if (recorded.code === 401 || recorded.code === 403) res.status(recorded.code).json({ error: "unauthorized" });
    else if (recorded.code >= 500 && recorded.code !== 501) {
      services.log.error("teams: the adapter answered with a server error", {
        status: recorded.code,
        detail: recorded.body,
      });
      res.status(500).json({ error: "internal error" });
    } else if (recorded.body === undefined) res.status(recorded.code).end();
    else res.status(recorded.code).json(recorded.body);
  });
  // body-parser's refusals for this route: malformed JSON is a 400, an oversized body a 413, never a stack trace
  app.use(TEAMS_ROUTE, (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = typeof error === "object" && error !== null && "status" in error ? Number(error.status) : 500;
    if (status >= 500 || res.headersSent) return next(error);
    res.status(status).json({ error: status === 413 ? "payload too large" : "bad request" });
  });
  return { adapter, messenger, bot };
}
