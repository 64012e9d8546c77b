/** Everything an adapter needs, built once at start. */
import { type Core, createCore } from "./core/app";
import type { Clock, Logger, Messenger, Store } from "./core/ports";
import { systemClock } from "./core/ports";
import { type Database, openDatabase } from "./store/database";
import { createStore } from "./store/repositories";

export interface Services {
  core: Core;
  store: Store;
  database: Database;
  clock: Clock;
  log: Logger;
}

export async function createServices(
  databaseUrl: string | undefined,
  log: Logger,
  clock: Clock = systemClock,
): Promise<Services> {
  const database = await openDatabase(databaseUrl);
  const store = createStore(database.db, database.provider);
  return { core: createCore({ store, clock, log }), store, database, clock, log };
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
