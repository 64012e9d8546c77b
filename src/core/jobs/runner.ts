/**
 * Runs the jobs that are due: claim a batch atomically, run each with its kind's handler, then mark it done, put it
 * back for a retry with backoff, or — after the last attempt, or when the recipient cannot be reached — mark it
 * failed or undeliverable, log it, and tell the network's facilitators. Nothing is dropped silently.
 */
import type { JobDeps, JobHandler } from "../deps";
import { errorLabel, errorReference } from "../errors";
import type { Job } from "./ports";

export type { JobDeps, JobHandler } from "../deps";

/** Thrown by a Messenger: `retry` for throttling and outages, `unreachable` for a deactivated user or a blocked bot. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: "retry" | "unreachable",
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export interface RunOptions {
  worker: string;
  /** rows claimed per round */
  batch?: number;
  /** how long a claim is ours before another copy may take it over */
  leaseMs?: number;
  maxAttempts?: number;
  /** jobs run at once; messengers pace themselves to the platforms' limits */
  concurrency?: number;
  /** a tick handles at most batch × maxRounds jobs, so it ends even while a fan-out keeps producing work */
  maxRounds?: number;
  /** kinds claimed before any other due job */
  urgentKinds?: readonly string[];
}

export interface RunReport {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
  undeliverable: number;
}

export const JOB_FAILED_NOTICE = "notice.job_failed";

/** 30 s, 1 min, 2 min, 4 min … capped at an hour. */
export const backoffMs = (attempt: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));

export async function runDueJobs(
  deps: JobDeps,
  handlers: Readonly<Record<string, JobHandler>>,
  options: RunOptions,
): Promise<RunReport> {
  const {
    worker,
    batch = 50,
    leaseMs = 120_000,
    maxAttempts = 6,
    concurrency = 8,
    maxRounds = 20,
    urgentKinds = [JOB_FAILED_NOTICE],
  } = options;
  const report: RunReport = { claimed: 0, done: 0, retried: 0, failed: 0, undeliverable: 0 };

  // While a job runs (a send may wait for the platform's pace), its lease is renewed, so no other copy takes it
  // over; a copy that dies stops renewing, and its jobs pass to another copy when the lease runs out.
  const withLease = async <T>(job: Job, work: () => Promise<T>): Promise<T> => {
    const renew = setInterval(
      () => {
        deps.jobs
          .extendLease(job.id, worker, new Date(deps.clock.now().getTime() + leaseMs))
          .catch((error: unknown) => {
            deps.log.warn("could not renew a job's lease", { job: job.key, error });
          });
      },
      Math.max(1000, leaseMs / 3),
    );
    try {
      return await work();
    } finally {
      clearInterval(renew);
    }
  };

  const settle = async (job: Job): Promise<void> => {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const outcome = await withLease(job, () => handler(deps, job));
      if (outcome)
        await deps.jobs.retryLater(job.id, worker, new Date(deps.clock.now().getTime() + outcome.rerunInMs), "", true);
      else if (await deps.jobs.finish(job.id, worker, "done")) report.done += 1;
    } catch (error) {
      const delivery = error instanceof DeliveryError ? error : undefined;
      // kept on the job row: a delivery failure's own words, otherwise only the error's name and code
      const message = errorLabel(error, delivery !== undefined);
      if (delivery?.kind === "unreachable") {
        await deps.jobs.finish(job.id, worker, "undeliverable", message);
        report.undeliverable += 1;
        deps.log.warn("recipient unreachable; recorded as undeliverable", { job: job.key, error: message });
        return;
      }
      if (job.attempts < maxAttempts && handler) {
        const wait = delivery?.retryAfterMs ?? backoffMs(job.attempts);
        await deps.jobs.retryLater(job.id, worker, new Date(deps.clock.now().getTime() + wait), message);
        report.retried += 1;
        deps.log.warn("job failed; will retry", {
          job: job.key,
          attempt: job.attempts,
          retryInMs: wait,
          error,
        });
        return;
      }
      await deps.jobs.finish(job.id, worker, "failed", message);
      report.failed += 1;
      // the facilitators are told this reference, never the error's text; the log line carries both
      const reference = errorReference();
      deps.log.error("job failed for good", { job: job.key, kind: job.kind, attempts: job.attempts, reference, error });
      if (job.kind !== JOB_FAILED_NOTICE && job.networkId)
        await deps.jobs.plan([
          {
            key: `${JOB_FAILED_NOTICE}:${job.id}`,
            kind: JOB_FAILED_NOTICE,
            dueAt: deps.clock.now(),
            networkId: job.networkId,
            payload: {
              failedKey: job.key,
              failedKind: job.kind,
              failedPayload: job.payload,
              attempts: job.attempts,
              reference,
            },
          },
        ]);
    }
  };

  // Each lane claims one job when it is free, so a job is claimed only just before it runs: a crash leaves at most
  // `concurrency` jobs to recover, and no claimed job waits behind others until its lease runs out. Urgent kinds
  // (a fan-out's progress, failure notices) are taken before the backlog.
  const limit = batch * maxRounds;
  const claimOne = async (): Promise<Job | undefined> => {
    const now = deps.clock.now();
    if (urgentKinds.length) {
      const [urgent] = await deps.jobs.claimDue(now, 1, worker, leaseMs, urgentKinds);
      if (urgent) return urgent;
    }
    const [job] = await deps.jobs.claimDue(now, 1, worker, leaseMs);
    return job;
  };
  // A lane stops when it finds nothing due; whenever a job finishes (an expansion may just have planned hundreds of
  // sends), idle lanes are started again, up to `concurrency`.
  const running = new Set<Promise<void>>();
  const lane = async (): Promise<void> => {
    while (report.claimed < limit) {
      const job = await claimOne();
      if (!job) return;
      report.claimed += 1;
      await settle(job);
      fill();
    }
  };
  const fill = () => {
    while (running.size < Math.max(1, concurrency) && report.claimed < limit) {
      const started = lane().finally(() => running.delete(started));
      running.add(started);
    }
  };
  fill();
  while (running.size > 0) await Promise.race(running);
  return report;
}
