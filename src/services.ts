/** Everything an adapter needs, built once at start. */
import { pngCharts } from "./charts/png";
import { type Core, createCore } from "./core/app";
import { warmLexicon } from "./core/cases/guard/lexicon";
import type { Clock, Directory, Logger, Messenger, Sealer, Store } from "./core/ports";
import { systemClock } from "./core/ports";
import { createSealer, loadSecret } from "./secrets";
import { createStore } from "./store";
import { type Database, openDatabase, resolveDatabaseUrl } from "./store/database";

/**
 * What the chat adapters are given: the core, the clock and the log, and the store ports they need themselves (the
 * ledger of requests already handled, the conversation references for later sends, the health check, and — for a
 * Teams direct message to someone who never chatted with the bot — the networks and members to find a channel of
 * theirs to open it from; the installations of a Slack app distributed with OAuth). Never the database itself.
 */
export interface AdapterServices {
  core: Core;
  clock: Clock;
  log: Logger;
  store: Pick<
    Store,
    "requests" | "conversations" | "installations" | "pendingFiles" | "health" | "networks" | "members"
  >;
  /** seals what an adapter keeps that must not be readable from the database alone (Slack installations' tokens) */
  sealer: Sealer;
}

export interface Services {
  core: Core;
  store: Store;
  database: Database;
  clock: Clock;
  log: Logger;
  sealer: Sealer;
  /** the scheduler sets `wake`, so that the core can ask for due jobs to run now */
  hooks: { wake?: () => void };
}

export interface ServiceOptions {
  clock?: Clock;
  /** TELEECHO_SECRET; unset: a key file beside the embedded database */
  secret?: string;
}

export async function createServices(
  databaseUrl: string | undefined,
  log: Logger,
  options: ServiceOptions = {},
): Promise<Services> {
  if (resolveDatabaseUrl(databaseUrl).provider === "postgresql" && !options.secret)
    throw new Error("TELEECHO_SECRET is required with PostgreSQL: every copy of the bot must seal votes with one key");
  const database = await openDatabase(databaseUrl);
  const store = createStore(database.db, database.provider);
  const clock = options.clock ?? systemClock;
  const sealer = createSealer(loadSecret(options.secret));
  const hooks: Services["hooks"] = {};
  const core = createCore({ store, clock, log, sealer, charts: pngCharts, wake: () => hooks.wake?.() });
  // The identifier guard's word lists take a moment to read; read them now rather than on the first case form.
  warmLexicon();
  return { core, store, database, clock, log, sealer, hooks };
}

/** Routes a proactive send to the adapter that owns the address's platform prefix ("slack:", "teams:", "shell:"). */
export function routingMessenger(byPlatform: Record<string, Messenger>): Messenger {
  const pick = (address: string): Messenger => {
    const messenger = byPlatform[address.split(":")[0] ?? ""];
    if (!messenger) throw new Error(`no adapter is running for ${address.split(":")[0]} addresses`);
    return messenger;
  };
  return {
    send: (address, message, options) => pick(address).send(address, message, options),
    update: (messageAddress, card) => pick(messageAddress).update(messageAddress, card),
  };
}

/**
 * Routes a membership listing to the directory of the channel address's platform; a platform with none (the shell,
 * or one not running) keeps no list, and membership there comes from `role`.
 */
export function routingDirectory(byPlatform: Record<string, Directory>): Directory {
  return { members: (channel) => byPlatform[channel.split(":")[0] ?? ""]?.members(channel) };
}
