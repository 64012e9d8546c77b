/**
 * What every use case and job receives, and the kernel contracts the features plug into: the session lifecycle and
 * durable jobs. Types only, so that every feature and both kernels can depend on this file without a cycle.
 */
import type { Batching } from "./batching";
import type { Job, JobQueue, JobSpec } from "./jobs/ports";
import type { Clock, Directory, Logger, Messenger, Network, Sealer, Session, Store } from "./ports";
import type { ChartRenderer } from "./reports/ports";

export interface CoreDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  sealer: Sealer;
  /** the session lifecycle kernel: session rows and the jobs each feature hangs on a session */
  sessions: SessionKernel;
  /** asks the scheduler to run due jobs now (a ballot to post, a vote to close) instead of at its next tick */
  wake(): void;
  /** group commit: writes to one record that arrive together go in one transaction (batching.ts) */
  batching: Batching;
  /** draws the report's chart as a PNG */
  charts: ChartRenderer;
}

export interface JobDeps extends CoreDeps {
  jobs: JobQueue;
  messenger: Messenger;
  /** who is in a channel, for the membership sync */
  directory: Directory;
}

/** A handler may ask to run again later (a progress message that keeps updating) instead of finishing. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that simply finishes returns nothing
export type JobHandler = (deps: JobDeps, job: Job) => Promise<void | { rerunInMs: number }>;

/**
 * What a feature hangs on each session. `jobs` returns the jobs the feature wants for the session as it is now; every
 * key starts with one of `prefixes`, which the feature alone owns. Replanning a session (settings saved, skipped,
 * restored, moved) cancels the feature's pending jobs of that session that it no longer returns and plans the rest.
 */
export interface SessionJobs {
  prefixes: readonly string[];
  /** called for scheduled sessions only; a skipped, cancelled or held one keeps none of the feature's pending jobs */
  jobs(store: Store, network: Network, session: Session, now: Date): Promise<JobSpec[]>;
}

/** A feature's part in the session lifecycle. */
export interface SessionHooks {
  name: string;
  sessionJobs?: SessionJobs;
  /** jobs the feature keeps for each network, not tied to a session (a daily sync); added when missing, never moved */
  networkJobs?(network: Network, now: Date): JobSpec[];
  /** runs once when a session starts (a durable job at its start time) */
  onStart?(deps: JobDeps, network: Network, session: Session): Promise<void>;
  /** runs once when a session ends: at its scheduled end (a durable job), or earlier through `endNow` */
  onEnd?(deps: JobDeps, network: Network, session: Session): Promise<void>;
}

export interface SessionKernel {
  /** adds the missing session rows up to `count` ahead (default: the horizon) and plans their jobs */
  ensure(store: Store, network: Network, now: Date, count?: number): Promise<void>;
  /** a network was just created: its sessions, their jobs, and the features' network jobs */
  setUp(store: Store, network: Network, now: Date): Promise<void>;
  /** adds the features' network jobs that are missing (the hourly upkeep) */
  networkJobs(store: Store, network: Network, now: Date): Promise<void>;
  /**
   * After a settings change: future sessions the cadence still gives move to the new time, untouched ones it no
   * longer gives are removed (or cancelled when something is attached to them), moved ones stay; then every upcoming
   * session's jobs are planned again.
   */
  resync(store: Store, network: Network, now: Date): Promise<void>;
  /**
   * Adds the jobs the upcoming sessions lack (a new version's first start: a feature it brings hangs its jobs on
   * sessions that already exist). Jobs that exist are left exactly as they are, cancelled ones included.
   */
  fillIn(store: Store, network: Network, now: Date): Promise<void>;
  /** plans a session's jobs again, for every feature, or for one feature by name */
  replan(store: Store, network: Network, session: Session, now: Date, only?: string): Promise<void>;
  /** a session with its network; undefined when either is gone */
  find(store: Store, sessionId: string): Promise<{ session: Session; network: Network } | undefined>;
  /** the scheduled sessions from `now` on, earliest first, with their rows made up to the horizon */
  upcoming(store: Store, network: Network, now: Date, count: number): Promise<Session[]>;
  /**
   * Brings a running session's end forward to `now` (a facilitator ends it early): its end job becomes due at once,
   * so the end hooks still run exactly once, from that job. False when the session is not running.
   */
  endNow(store: Store, network: Network, session: Session, now: Date): Promise<boolean>;
}
