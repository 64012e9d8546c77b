/**
 * node-cron only ticks. Each tick asks the core to run the due job rows (claimed atomically, so several bot copies
 * can tick at once); once an hour it also asks the core to roll each network's session horizon forward, which plans
 * the new sessions' jobs. The scheduler knows no feature: the core's job table comes from the features.
 */

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import cron from "node-cron";
import type { RunReport } from "../core/jobs/runner";
import type { Directory, Messenger } from "../core/ports";
import type { Services } from "../services";

/** A cron expression ticking every `seconds` (1–30): the design asks for at least every 30 seconds. */
export const everySeconds = (seconds: number) => `*/${seconds} * * * * *`;
const UPKEEP_EVERY_MS = 3_600_000;

export interface Scheduler {
  /** one tick now: run every due job (bounded), and the upkeep when it is due */
  tick(): Promise<RunReport>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** cron expression; tests pass none and call tick() themselves */
  every?: string;
  worker?: string;
  concurrency?: number;
  leaseMs?: number;
  /** who is in a channel, for the membership sync (the platforms' directories; none in the shell) */
  directory?: Directory;
}

export function createScheduler(services: Services, messenger: Messenger, options: SchedulerOptions = {}): Scheduler {
  const worker = options.worker ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let lastUpkeep = 0;
  let first = true;
  let running: Promise<RunReport> | undefined;

  const upkeep = async () => {
    const now = services.clock.now();
    if (now.getTime() - lastUpkeep < UPKEEP_EVERY_MS) return;
    lastUpkeep = now.getTime();
    // the first upkeep of this process also adds the jobs upcoming sessions lack (a new version may bring some)
    await services.core.upkeep({ fillIn: first });
    first = false;
  };

  const tick = (): Promise<RunReport> => {
    // a tick that is still running is joined, never doubled
    running ??= (async () => {
      try {
        await upkeep();
        return await services.core.runJobs(messenger, {
          directory: options.directory,
          worker,
          concurrency: options.concurrency,
          leaseMs: options.leaseMs,
        });
      } catch (error) {
        services.log.error("scheduler tick failed", { worker, error });
        return { claimed: 0, done: 0, retried: 0, failed: 0, undeliverable: 0 };
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  services.hooks.wake = () => void tick();
  const task = options.every
    ? // the task itself returns at once: a tick still running is joined by tick(), never doubled or reported as overlap
      cron.schedule(
        options.every,
        () => {
          void tick();
        },
        { name: "teleecho-tick" },
      )
    : undefined;
  return {
    tick,
    stop: async () => {
      await task?.stop();
      await running;
    },
  };
}
