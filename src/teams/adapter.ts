/**
 * The Teams adapter: botbuilder's CloudAdapter on `POST /api/messages` of the shared express app, the bot, the
 * proactive Messenger and the roster Directory. With an empty app id authentication is off (the local endpoint of
 * TEAMS_ENABLED=true, which main.ts binds to 127.0.0.1); with an app id every request needs a valid Bot Framework
 * token. Before either, the door (admission.ts) refuses what is not Teams, or not from an allowed tenant.
 */
import { type Response as BotResponse, CloudAdapter, type TurnContext } from "botbuilder";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Directory, Messenger } from "../core/ports";
import type { AdapterServices } from "../services";
import { InboundActivity } from "./activity";
import { refusal } from "./admission";
import { authenticating, TeamsAuthentication, type TeamsAuthOptions } from "./auth";
import { TeleechoBot } from "./bot";
import { createTeamsConnector } from "./connector";
import { createTeamsDirectory } from "./directory";
import { handleTurnError } from "./failures";
import { createTeamsMessenger, type TeamsMessengerOptions } from "./messenger";
import { TeamsPeople } from "./people";
import type { TeamsAdmin } from "./turn";

export const TEAMS_ROUTE = "/api/messages";

export interface TeamsAdapterOptions extends TeamsAuthOptions {
  /** MultiTenant, SingleTenant or UserAssignedMSI */
  appType: string;
  /** TEAMS_ADMINS: AAD object ids or Teams user ids treated as workspace admins, each in their own tenant */
  admins: readonly TeamsAdmin[];
  /** TEAMS_TENANTS: the only tenants served (lower case); undefined: any */
  tenants?: readonly string[];
  /** TEAMS_SERVICE_URLS: the Bot Connector's service URL prefixes; references are kept for these only */
  serviceUrls: readonly string[];
  expressApp: Express;
  /** the largest request body accepted; Teams activities are a few KB */
  bodyLimit?: string;
  /** pacing and retry settings of the proactive Messenger (limits default to TEAMS_LIMITS) */
  messenger?: Omit<TeamsMessengerOptions, "adapter" | "appId" | "store" | "connector">;
  /** roster page size (50–500, default 500) */
  rosterPageSize?: number;
}

export interface TeamsAdapter {
  adapter: CloudAdapter;
  messenger: Messenger;
  /** the team rosters, for the scheduler's membership sync */
  directory: Directory;
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
  let auth: TeamsAuthentication;
  try {
    auth = new TeamsAuthentication(options);
  } catch (error) {
    throw new Error(`The Teams configuration is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = (turn: TurnContext, error: unknown) => handleTurnError(services.log, turn, error);
  const people = new TeamsPeople(services.clock, services.log);
  const { audience, ...pacing } = options.messenger ?? {};
  const connector = createTeamsConnector({
    adapter,
    appId: options.appId,
    store: services.store,
    log: services.log,
    ...pacing,
  });
  const messenger = createTeamsMessenger({
    adapter,
    appId: options.appId,
    store: services.store,
    log: services.log,
    connector,
    ...(audience ? { audience } : {}),
  });
  const bot = new TeleechoBot(services, {
    admins: options.admins,
    serviceUrls: options.serviceUrls,
    people,
    personal: messenger,
  });
  const directory = createTeamsDirectory({ connector, people, log: services.log, pageSize: options.rosterPageSize });
  if (!authEnabled)
    services.log.warn(
      "teams: MICROSOFT_APP_ID is empty, so /api/messages accepts unauthenticated requests (and keeps no conversation references)",
    );
  const unauthorized = (res: Response, why: string, detail?: Record<string, unknown>) => {
    services.log.warn("teams: request refused", { why, ...detail });
    res.status(401).json({ error: "unauthorized" });
  };

  const app = options.expressApp;
  app.post(TEAMS_ROUTE, express.json({ limit: options.bodyLimit ?? "256kb" }), async (req: Request, res: Response) => {
    const checked = InboundActivity.safeParse(req.body);
    if (!checked.success) {
      res.status(400).json({ error: "bad request: the body is not a Bot Framework activity" });
      return;
    }
    const refused = refusal(checked.data, options);
    if (refused) return unauthorized(res, refused, { channel: checked.data.channelId.slice(0, 64) });
    if (authEnabled && !req.headers.authorization) return unauthorized(res, "no Authorization header");
    const recorded = new RecordedResponse();
    let tokenRefused: unknown;
    try {
      ({ refused: tokenRefused } = await authenticating(() => adapter.process(req, recorded, (turn) => bot.run(turn))));
    } catch (error) {
      recorded.code = 500;
      services.log.error("teams: the adapter failed outside a turn", { error });
    }
    if (tokenRefused !== undefined || recorded.code === 401 || recorded.code === 403)
      unauthorized(res, "the token was refused", {
        detail: tokenRefused instanceof Error ? tokenRefused.message.slice(0, 300) : undefined,
      });
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
  return { adapter, messenger, directory, bot };
}
