/**
 * The durable job queue on Prisma. The claim is one UPDATE … RETURNING over the rows picked by the (state, dueAt)
 * index, so a tick's cost follows the rows due, not the rows stored. On PostgreSQL the pick is `FOR UPDATE SKIP
 * LOCKED`: concurrent bot copies each take different rows. SQLite has a single writer, so its UPDATE is atomic as is.
 */
import { JOB_STATES, type Job, type JobQueue } from "../core/jobs/ports";
import { type Client, insertOnce, oneOf, SKIP_DUPLICATES } from "./client";
import type { Provider } from "./engine";
import { Prisma } from "./generated/sqlite/client";

interface JobRow {
  id: string;
  key: string;
  kind: string;
  dueAt: Date | string;
  state: string;
  attempts: number | bigint;
  payload: string;
  networkId: string | null;
  sessionId: string | null;
  lastError: string | null;
}

const toJob = (row: JobRow): Job => ({
  id: row.id,
  key: row.key,
  kind: row.kind,
  dueAt: new Date(row.dueAt),
  state: oneOf(JOB_STATES, row.state, "Job.state"),
  attempts: Number(row.attempts),
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  networkId: row.networkId,
  sessionId: row.sessionId,
  lastError: row.lastError,
});

const clip = (text: string) => text.slice(0, 1000);

export function createJobQueue(db: Client, provider: Provider): JobQueue {
  return {
    plan: async (specs) => {
      for (const spec of specs) {
        const data = {
          kind: spec.kind,
          dueAt: spec.dueAt,
          payload: JSON.stringify(spec.payload),
          networkId: spec.networkId ?? null,
          sessionId: spec.sessionId ?? null,
        };
        const moved = await db.job.updateMany({
          where: { key: spec.key, state: { in: ["pending", "cancelled"] } },
          data: { ...data, state: "pending" },
        });
        if (moved.count > 0) continue;
        // a key that exists already (running, done, failed …) is left as it is: that is the point of the key
        await insertOnce(
          provider,
          () => db.job.createMany({ data: [{ key: spec.key, ...data }], skipDuplicates: SKIP_DUPLICATES }),
          () => db.job.create({ data: { key: spec.key, ...data } }),
        );
      }
    },
    addMissing: async (specs) => {
      for (const spec of specs) {
        const data = {
          key: spec.key,
          kind: spec.kind,
          dueAt: spec.dueAt,
          payload: JSON.stringify(spec.payload),
          networkId: spec.networkId ?? null,
          sessionId: spec.sessionId ?? null,
        };
        await insertOnce(
          provider,
          () => db.job.createMany({ data: [data], skipDuplicates: SKIP_DUPLICATES }),
          () => db.job.create({ data }),
        );
      }
    },
    cancelForSession: async (sessionId, { prefixes, keep = [] } = {}) => {
      const pending = await db.job.findMany({
        where: { sessionId, state: "pending" },
        select: { id: true, key: true },
      });
      // a kept key keeps the jobs that grew from it too (a reminder's sends `<key>|<recipient>`, its progress)
      const ids = pending
        .filter(
          (j) => !keep.some((k) => j.key.startsWith(k)) && (!prefixes || prefixes.some((p) => j.key.startsWith(p))),
        )
        .map((j) => j.id);
      if (ids.length === 0) return 0;
      const out = await db.job.updateMany({
        where: { id: { in: ids }, state: "pending" },
        data: { state: "cancelled" },
      });
      return out.count;
    },
    countByState: async (prefix) => {
      const groups = await db.job.groupBy({
        by: ["state"],
        where: { key: { startsWith: prefix } },
        _count: { _all: true },
      });
      return Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
    },
    claimDue: async (now, limit, worker, leaseMs, kinds) => {
      const until = new Date(now.getTime() + leaseMs);
      const ofKinds = kinds?.length ? Prisma.sql`AND "kind" IN (${Prisma.join(kinds)})` : Prisma.empty;
      const rows =
        provider === "postgresql"
          ? // Each branch is its own ordered index scan: plain index scans skip (and mark) the dead index entries
            // that every claim and finish leaves behind, where one OR-ed bitmap scan would keep visiting them.
            await db.$queryRaw<JobRow[]>`
              WITH pending AS (
                SELECT "id", "dueAt" FROM "Job" WHERE "state" = 'pending' AND "dueAt" <= ${now} ${ofKinds}
                ORDER BY "dueAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED),
              expired AS (
                SELECT "id", "dueAt" FROM "Job" WHERE "state" = 'running' AND "lockedUntil" < ${now} ${ofKinds}
                ORDER BY "dueAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
              UPDATE "Job" SET "state" = 'running', "attempts" = "attempts" + 1, "lockedBy" = ${worker},
                "lockedUntil" = ${until}, "updatedAt" = ${now}
              WHERE "id" IN (
                SELECT "id" FROM (SELECT * FROM pending UNION ALL SELECT * FROM expired) AS due
                ORDER BY "dueAt" LIMIT ${limit})
              RETURNING "id", "key", "kind", "dueAt", "state", "attempts", "payload", "networkId", "sessionId", "lastError"`
          : await db.$queryRaw<JobRow[]>`
              UPDATE "Job" SET "state" = 'running', "attempts" = "attempts" + 1, "lockedBy" = ${worker},
                "lockedUntil" = ${until}, "updatedAt" = ${now}
              WHERE "id" IN (
                SELECT "id" FROM "Job"
                WHERE (("state" = 'pending' AND "dueAt" <= ${now}) OR ("state" = 'running' AND "lockedUntil" < ${now})) ${ofKinds}
                ORDER BY "dueAt" LIMIT ${limit})
              RETURNING "id", "key", "kind", "dueAt", "state", "attempts", "payload", "networkId", "sessionId", "lastError"`;
      return rows.map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    },
    extendLease: async (id, worker, until) =>
      (await db.job.updateMany({ where: { id, state: "running", lockedBy: worker }, data: { lockedUntil: until } }))
        .count === 1,
    finish: async (id, worker, state, error) => {
      const out = await db.job.updateMany({
        where: { id, state: "running", lockedBy: worker },
        data: { state, lockedUntil: null, lastError: error ? clip(error) : null },
      });
      return out.count === 1;
    },
    retryLater: async (id, worker, retryAt, error, rerun = false) => {
      const out = await db.job.updateMany({
        where: { id, state: "running", lockedBy: worker },
        data: {
          state: "pending",
          dueAt: retryAt,
          lockedUntil: null,
          lockedBy: null,
          lastError: rerun ? null : clip(error),
          ...(rerun ? { attempts: 0 } : {}),
        },
      });
      return out.count === 1;
    },
    byKey: async (key) => {
      const row = await db.job.findUnique({ where: { key } });
      return row ? toJob({ ...row, attempts: row.attempts }) : undefined;
    },
  };
}
