/**
 * The Slack adapter: a Bolt app whose listeners call the core, a Messenger for proactive posts, and the HTTP
 * route. HTTP mode mounts Bolt's ExpressReceiver on the shared express app at POST /slack/events (commands,
 * interactivity and events on one path), behind the request guard; Socket Mode is used when an app token is set.
 *
 * One workspace (a bot token) or many (OAuth, oauth.ts): with OAuth, Bolt's `authorize` and every proactive client
 * get each workspace's token from the same authorizer (installations.ts), and the install pages are on this router.
 *
 * Bolt is built with `deferInitialization`, so its one `auth.test` (the bot's own user id, used to ignore its own
 * messages and to strip its mention) is awaited in `start()`, where a bad token fails loudly, instead of running
 * from the constructor as an unawaited promise (bolt-js src/App.ts initAuthorizeInConstructor / singleAuthorization).
 * Call `start()` before the server takes traffic; until then /slack/events answers 503.
 */
import {
  App,
  type AppOptions,
  type Logger as BoltLogger,
  ExpressReceiver,
  LogLevel,
  type ReceiverEvent,
  webApi,
} from "@slack/bolt";
import express, { type Express } from "express";
import type { SlackOAuthConfig } from "../config";
import type { Directory, Logger, Messenger } from "../core/ports";
import type { AdapterServices } from "../services";
import { ActorDirectory } from "./actors";
import { installedClients, type SlackClients, singleTokenClients } from "./clients";
import { deliveryProperties } from "./deliveries";
import { createSlackDirectory } from "./directory";
import { boltErrorHandler } from "./errors";
import { DEFAULT_BODY_LIMIT_BYTES, slackRequestGuard } from "./guard";
import { registerListeners } from "./listeners";
import { registerMembershipEvents } from "./membership";
import { type SlackMessengerOptions, slackMessenger } from "./messenger";
import { createSlackOAuth, registerInstallationEvents, type SlackOAuth } from "./oauth";
import { responseUrlPolicy } from "./replies";

export const SLACK_EVENTS_PATH = "/slack/events";

export interface SlackAdapterOptions {
  /** one workspace; or `oauth`, for many */
  botToken?: string;
  /** installs into many workspaces (HTTP mode only) */
  oauth?: SlackOAuthConfig;
  /** HTTP mode: required, with expressApp */
  signingSecret?: string;
  /** Socket Mode when set */
  appToken?: string;
  /** Web API base URL (SLACK_API_URL), e.g. http://127.0.0.1:PORT/api/ */
  apiUrl?: string;
  /** the shared app from createHttpApp(); mount the adapter before finishHttpApp() */
  expressApp?: Express;
  bodyLimitBytes?: number;
  /** the time between users.list pages of the membership listing (default: Tier 2's 3 s; tests make it short) */
  directorySpacingMs?: number;
  /** pacing and retry settings of the proactive Messenger (limits default to SLACK_LIMITS) */
  messenger?: SlackMessengerOptions;
}

export interface SlackAdapter {
  app: App;
  messenger: Messenger;
  /** who is in each network's channel, for the daily membership sync */
  directory: Directory;
  /** verifies the token (auth.test) and, in Socket Mode, connects */
  start(): Promise<void>;
  /** disconnects Socket Mode and waits for requests still being handled */
  stop(): Promise<void>;
  /** resolves when every request received so far has been fully handled (replies sent) */
  drain(): Promise<void>;
}

/** Keeps the promise of every request Bolt is processing, so shutdown (and tests) can wait for them. */
class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** Bolt's App, with each incoming request's whole processing tracked (ReceiverEvent → listeners → replies). */
class TrackedApp extends App {
  constructor(
    private readonly inFlight: InFlight,
    options: AppOptions,
  ) {
    super(options);
  }
  override processEvent(event: ReceiverEvent): Promise<void> {
    return this.inFlight.track(super.processEvent(event));
  }
}

/**
 * Bolt and its Web API client log through the service logger (debug is dropped). An error goes into the context,
 * where the logger decides what of it may be written; the line's text names it only.
 */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (p instanceof Error ? p.name : typeof p === "string" ? p : safeJson(p))).join(" ");
  const context = (parts: unknown[]) => {
    const error = parts.find((p) => p instanceof Error);
    return error ? { error } : undefined;
  };
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => log.info(`slack/bolt: ${text(parts)}`, context(parts)),
    warn: (...parts: unknown[]) => log.warn(`slack/bolt: ${text(parts)}`, context(parts)),
    error: (...parts: unknown[]) => log.error(`slack/bolt: ${text(parts)}`, context(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return String(value);
  }
}

export function createSlackAdapter(services: AdapterServices, options: SlackAdapterOptions): SlackAdapter {
  const logger = boltLogger(services.log);
  const inFlight = new InFlight();
  const clientOptions = options.apiUrl
    ? { slackApiUrl: options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/` }
    : {};
  if (!options.botToken === !options.oauth) throw new Error("Slack needs either a bot token or the OAuth settings");
  const oauth: SlackOAuth | undefined = options.oauth
    ? createSlackOAuth(services, options.oauth, clientOptions)
    : undefined;
  const authorization = oauth
    ? {
        authorize: (source: Parameters<SlackOAuth["authorizer"]["authorize"]>[0]) => oauth.authorizer.authorize(source),
      }
    : { token: options.botToken };
  // convoStore: false, as the bot keeps no conversation state in Bolt (its store is the database): Bolt's default
  // memory store would otherwise be read for every request
  const common = {
    ...authorization,
    logger,
    clientOptions,
    deferInitialization: true,
    convoStore: false,
  } satisfies AppOptions;
  let started = false;
  let app: TrackedApp;

  if (options.appToken) {
    if (oauth) throw new Error("Slack OAuth needs HTTP mode: unset SLACK_APP_TOKEN");
    app = new TrackedApp(inFlight, { ...common, appToken: options.appToken, socketMode: true });
  } else {
    const { signingSecret, expressApp } = options;
    if (!signingSecret)
      throw new Error("Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)");
    if (!expressApp) throw new Error("Slack HTTP mode needs the shared express app to mount /slack/events on");
    const router = express.Router();
    oauth?.mount(router);
    router.post(
      SLACK_EVENTS_PATH,
      ...slackRequestGuard({
        signingSecret,
        log: services.log,
        bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
        ready: () => started,
        ledger: services.store.requests,
      }),
    );
    // Bolt adds its own route after the guard on the same router and mounts the router on the shared app.
    const receiver = new ExpressReceiver({
      signingSecret,
      // The guard in front of Bolt on this route has checked the signature (with Bolt's own verifySlackRequest) and
      // refused every request that failed; checking it a second time here would only add work before the ack.
      signatureVerification: false,
      app: expressApp,
      router,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
      customPropertiesExtractor: deliveryProperties,
    });
    app = new TrackedApp(inFlight, { ...common, receiver });
  }

  /** a workspace's Web API client with these settings: the one token's, or each installation's */
  const clientsWith = (settings: webApi.WebClientOptions): SlackClients => {
    const make = (token: string) => new webApi.WebClient(token, { ...clientOptions, logger, ...settings });
    return oauth ? installedClients(oauth.authorizer, make) : singleTokenClients(make(options.botToken as string));
  };

  app.error(boltErrorHandler(services.log));
  const actors = new ActorDirectory(services.clock, services.log);
  registerMembershipEvents(app, services, actors);
  registerInstallationEvents(app, services, oauth);
  registerListeners(app, {
    services,
    actors,
    responseUrls: responseUrlPolicy(options.apiUrl),
  });

  // The Messenger has its own Web API client: 429s are handed back to it (rejectRateLimitedCalls) and it never retries
  // by itself, so that every retry of a post goes through the durable queue and its duplicate check (see messenger.ts).
  // Bolt's client, used by the listeners, keeps the library's defaults.
  const messengerClients = clientsWith({ rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 30_000 });
  const messenger = slackMessenger(messengerClients, {
    refs: services.store.conversations,
    log: services.log,
    ...options.messenger,
  });

  // The directory's client waits out a 429 (Retry-After) up to three times by itself; past that the sync tries again
  // later. Listing a channel is a background job, never on an acknowledgement's path.
  const directoryClients = clientsWith({
    retryConfig: { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
    timeout: 30_000,
  });
  const directory = createSlackDirectory({
    clients: directoryClients,
    log: services.log,
    ...(options.directorySpacingMs !== undefined
      ? { spacingMs: options.directorySpacingMs, infoSpacingMs: options.directorySpacingMs }
      : {}),
  });

  return {
    app,
    messenger,
    directory,
    async start() {
      if (started) return;
      await app.init();
      if (options.appToken) await app.start();
      started = true;
      services.log.info("slack: adapter started", {
        mode: options.appToken ? "socket" : "http",
        workspaces: oauth ? "many (OAuth)" : "one (bot token)",
      });
    },
    async stop() {
      if (options.appToken && started) await app.stop();
      started = false;
      await inFlight.drain();
    },
    drain: () => inFlight.drain(),
  };
}
