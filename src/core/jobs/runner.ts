/**
 * Runs the jobs that are due: claim a batch atomically, run each with its kind's handler, then mark it done, put it
 * back for a retry with backoff, or — after the last attempt, or when the recipient cannot be reached — mark it
 * failed or undeliverable, log it, and tell the network's facilitators. Nothing is dropped silently.
 */
import type { CoreDeps } from "../feature";
import type { Messenger } from "../ports";
import type { Job, JobQueue } from "./ports";

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

export interface JobDeps extends CoreDeps {
  jobs: JobQueue;
  messenger: Messenger;
}

/** A handler may ask to run again later (a progress message that keeps updating) instead of finishing. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that simply finishes returns nothing
export type JobHandler = (deps: JobDeps, job: Job) => Promise<void | { rerunInMs: number }>;

export interface RunOptions {
  worker: string;
  /** rows claimed per round */
  batch?: number;
  /** how long a claim is ours before another copy may take it over */
  leaseMs?: number;
  maxAttempts?: number;
  /** jobs run at once; messengers pace themselves to the platforms' limits */
  concurrency?: number;
  /** rounds per tick, so one tick ends even while a fan-out keeps producing work */
  maxRounds?: number;
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
  const { worker, batch = 50, leaseMs = 120_000, maxAttempts = 6, concurrency = 8, maxRounds = 20 } = options;
  const report: RunReport = { claimed: 0, done: 0, retried: 0, failed: 0, undeliverable: 0 };

  const settle = async (job: Job): Promise<void> => {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const outcome = await handler(deps, job);
      if (outcome)
        await deps.jobs.retryLater(job.id, worker, new Date(deps.clock.now().getTime() + outcome.rerunInMs), "");
      else if (await deps.jobs.finish(job.id, worker, "done")) report.done += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const delivery = error instanceof DeliveryError ? error : undefined;
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
          error: message,
        });
        return;
      }
      await deps.jobs.finish(job.id, worker, "failed", message);
      report.failed += 1;
      deps.log.error("job failed for good", { job: job.key, kind: job.kind, attempts: job.attempts, error });
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
              error: message.slice(0, 300),
            },
          },
        ]);
    }
  };

  for (let round = 0; round < maxRounds; round++) {
    const jobs = await deps.jobs.claimDue(deps.clock.now(), batch, worker, leaseMs);
    if (jobs.length === 0) break;
    report.claimed += jobs.length;
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      for (let job = jobs[next++]; job; job = jobs[next++]) await settle(job);
    });
    await Promise.all(lanes);
  }
  return report;
}
