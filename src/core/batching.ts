/**
 * Group commit for the crowded moments (a vote closing, a room answering at once): writes to one record that arrive
 * together, or while an earlier write to it is in the database, go together in one transaction. Alone, a write waits
 * for one turn of the event loop (setImmediate); in a crowd, 200 votes take a handful of transactions instead of 200,
 * each reading the ballot, the network and the voters once.
 *
 * Each caller still gets its own answer: a flush settles every item on its own (a closed ballot or a bad pick fails
 * that item only), and a flush that throws fails the items it held, which are then reported as not saved. Nothing is
 * acknowledged before its flush has committed: an acknowledged write is in the database.
 */

import type { Ctx } from "./context";
import type { Store } from "./ports";

/** What a lane's flush answers for one item: its result, or the error that item alone gets. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

/**
 * What lasts as long as one crowd: the batches of a record's queue, from its first item until a second has passed
 * with none (CROWD_GAP_MS), and never longer than CROWD_MAX_MS. A flush may keep what does not change while people
 * answer (a survey's questions, its session and network) and read it once for the crowd instead of once per batch;
 * the next crowd reads it again.
 */
export interface Crowd {
  /**
   * `load`'s result, loaded by the first batch of the crowd that asks for it; a failed load, and one that found
   * nothing (undefined), are tried again by the next batch
   */
  once<T>(name: string, load: () => Promise<T>): Promise<T>;
}

export interface Lane<D, I, O> {
  /** names the lane in keys: one queue per lane and record */
  name: string;
  /** the most items one flush takes (default 100) */
  maxBatch?: number;
  /** writes every item in one go and settles each, in the order given */
  flush(deps: D, key: string, items: I[], crowd: Crowd): Promise<Settled<O>[]>;
}

/** a crowd ends when its record's queue has had nothing for this long */
export const CROWD_GAP_MS = 1000;
/** and a steady stream of answers is a new crowd every so often, so that what it keeps is read again */
export const CROWD_MAX_MS = 10_000;

function crowdScope(): Crowd & { startedAt: number } {
  const loaded = new Map<string, Promise<unknown>>();
  return {
    startedAt: performance.now(),
    once<T>(name: string, load: () => Promise<T>): Promise<T> {
      let found = loaded.get(name) as Promise<T> | undefined;
      if (!found) {
        found = load();
        loaded.set(name, found);
        found.then(
          (value) => {
            if (value === undefined) loaded.delete(name);
          },
          () => loaded.delete(name),
        );
      }
      return found;
    },
  };
}

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export interface Batching {
  /** `deps`: what the flush works with (the first waiting item's; every caller of one core passes the same) */
  submit<D, I, O>(lane: Lane<D, I, O>, deps: D, key: string, item: I): Promise<O>;
}

export function createBatching(): Batching {
  const queues = new Map<string, { running: boolean; waiting: Pending<unknown, unknown>[] }>();
  /** each record's crowd, and when its queue last emptied */
  const crowds = new Map<string, { crowd: ReturnType<typeof crowdScope>; quietSince: number }>();

  /** The record's crowd: the one still going (its queue emptied less than CROWD_GAP_MS ago), or a new one. */
  function crowdOf(id: string): ReturnType<typeof crowdScope> {
    const now = performance.now();
    for (const [key, entry] of crowds) if (now - entry.quietSince >= CROWD_GAP_MS) crowds.delete(key);
    const going = crowds.get(id);
    crowds.delete(id);
    return going && now - going.crowd.startedAt < CROWD_MAX_MS ? going.crowd : crowdScope();
  }

  async function drain<D, I, O>(lane: Lane<D, I, O>, deps: D, key: string, id: string): Promise<void> {
    const queue = queues.get(id);
    if (!queue) return;
    let crowd = crowdOf(id);
    while (queue.waiting.length > 0) {
      if (performance.now() - crowd.startedAt >= CROWD_MAX_MS) crowd = crowdScope();
      const batch = queue.waiting.splice(0, lane.maxBatch ?? 100) as Pending<I, O>[];
      try {
        const settled = await lane.flush(
          deps,
          key,
          batch.map((p) => p.item),
          crowd,
        );
        batch.forEach((pending, i) => {
          const outcome = settled[i];
          if (!outcome) pending.reject(new Error(`${lane.name}: no answer for an item of the batch`));
          else if (outcome.ok) pending.resolve(outcome.value);
          else pending.reject(outcome.error);
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    queue.running = false;
    queues.delete(id);
    crowds.set(id, { crowd, quietSince: performance.now() });
  }

  return {
    submit<D, I, O>(lane: Lane<D, I, O>, deps: D, key: string, item: I): Promise<O> {
      const id = `${lane.name}\u0000${key}`;
      let queue = queues.get(id);
      if (!queue) {
        queue = { running: false, waiting: [] };
        queues.set(id, queue);
      }
      const answer = new Promise<O>((resolve, reject) => {
        queue.waiting.push({ item, resolve, reject } as Pending<unknown, unknown>);
      });
      if (!queue.running) {
        // the flush starts after the I/O already waiting has been read: requests that came in together reach the
        // queue before it is taken (a fast driver, better-sqlite3, would otherwise write each alone)
        queue.running = true;
        setImmediate(() => void drain(lane, deps, key, id));
      }
      return answer;
    },
  };
}

/**
 * Records, in the batch's own transaction, the ledger keys of the requests in it (`Ctx.delivery`, one write), and
 * answers for each whether it is a request sent again: its key was seen before, or earlier in this batch. Every
 * answer lane (ANSWER_ACTIONS) asks this before acting on an item, which then fails with `AlreadyHandled`.
 */
export async function sentAgain(store: Pick<Store, "requests">, ctxs: readonly Ctx[]): Promise<(ctx: Ctx) => boolean> {
  const fresh = await store.requests.firstTimes(ctxs.flatMap((ctx) => (ctx.delivery ? [ctx.delivery] : [])));
  return (ctx) => ctx.delivery !== undefined && !fresh.delete(ctx.delivery);
}
