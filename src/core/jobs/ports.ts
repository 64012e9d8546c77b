/**
 * Durable work: every reminder, vote closing, rotation ask and survey prompt is a row with a unique key, a due
 * time, a state and an attempt count. The scheduler claims due rows atomically, so any number of running copies
 * can share one database; node-cron only ticks.
 */
export const JOB_STATES = ["pending", "running", "done", "failed", "cancelled", "undeliverable"] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobSpec {
  /** unique, e.g. "reminder:<session>:agenda:<recipient>" */
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  networkId?: string;
  sessionId?: string;
}

export interface Job extends Required<Omit<JobSpec, "networkId" | "sessionId">> {
  id: string;
  state: JobState;
  attempts: number;
  networkId: string | null;
  sessionId: string | null;
  lastError: string | null;
}

export interface JobQueue {
  /**
   * Adds jobs, or moves pending ones to their new due time and payload. Jobs already running, done, failed or
   * undeliverable are left as they are: a job is never sent twice because it was planned twice.
   */
  plan(specs: JobSpec[]): Promise<void>;
  /** Adds the jobs whose keys are new; a key that exists, in any state, is left exactly as it is. */
  addMissing(specs: JobSpec[]): Promise<void>;
  /**
   * Cancels the pending jobs of a session: only those whose keys start with one of `prefixes` (every one when
   * none are given), except the keys in `keep` and the jobs that grew from them (keys that start with a kept key).
   */
  cancelForSession(
    sessionId: string,
    options?: { prefixes?: readonly string[]; keep?: readonly string[] },
  ): Promise<number>;
  /** How the jobs whose keys start with `prefix` stand: a fan-out's progress. */
  countByState(prefix: string): Promise<Partial<Record<JobState, number>>>;
  /**
   * Atomically claims up to `limit` jobs that are due (or whose lease ran out): they become `running`, leased to
   * `worker` until `now + leaseMs`, with one more attempt counted.
   */
  claimDue(now: Date, limit: number, worker: string, leaseMs: number, kinds?: readonly string[]): Promise<Job[]>;
  /** Extends a running job's lease (the worker is alive and still at it); false when the lease was lost. */
  extendLease(id: string, worker: string, until: Date): Promise<boolean>;
  /** Marks a claimed job finished; false when the lease was lost to another worker. */
  finish(id: string, worker: string, state: "done" | "failed" | "undeliverable", error?: string): Promise<boolean>;
  /**
   * Puts a claimed job back as pending, due at `retryAt`. `rerun` (a job that asked to run again, not a failure)
   * starts its attempt count afresh.
   */
  retryLater(id: string, worker: string, retryAt: Date, error: string, rerun?: boolean): Promise<boolean>;
  byKey(key: string): Promise<Job | undefined>;
}
