import { openDatabase } from "../../src/store/database";
import { createJobQueue } from "../../src/store/jobs";
import { freshDatabaseUrl, PROVIDERS } from "../support/db";

const at = (iso: string) => new Date(iso);

describe.each(PROVIDERS)("the durable job queue on %s", (provider) => {
  let target: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  beforeEach(async () => {
    target = await freshDatabaseUrl(provider);
    database = await openDatabase(target.url);
  });
  afterEach(async () => {
    await database.close();
    await target.drop();
  });

  it("claims only the jobs that are due, earliest first, and counts the attempt", async () => {
    const q = createJobQueue(database.db, provider);
    await q.plan([
      { key: "b", kind: "test", dueAt: at("2026-12-01T10:05:00Z"), payload: { n: 2 } },
      { key: "a", kind: "test", dueAt: at("2026-12-01T10:00:00Z"), payload: { n: 1 } },
      { key: "later", kind: "test", dueAt: at("2026-12-01T11:00:00Z"), payload: {} },
    ]);
    const claimed = await q.claimDue(at("2026-12-01T10:30:00Z"), 10, "w1", 60_000);
    expect(claimed.map((j) => [j.key, j.attempts, j.state, j.payload])).toEqual([
      ["a", 1, "running", { n: 1 }],
      ["b", 1, "running", { n: 2 }],
    ]);
    expect(await q.claimDue(at("2026-12-01T10:30:00Z"), 10, "w2", 60_000)).toEqual([]);
  });

  it("never plans a finished job again, and moves a pending one to its new time", async () => {
    const q = createJobQueue(database.db, provider);
    await q.plan([{ key: "k", kind: "test", dueAt: at("2026-12-01T10:00:00Z"), payload: {} }]);
    await q.plan([{ key: "k", kind: "test", dueAt: at("2026-12-01T09:00:00Z"), payload: { moved: true } }]);
    expect((await q.byKey("k"))?.dueAt.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    const [job] = await q.claimDue(at("2026-12-01T09:30:00Z"), 1, "w", 60_000);
    expect(await q.finish(job!.id, "w", "done")).toBe(true);
    await q.plan([{ key: "k", kind: "test", dueAt: at("2026-12-02T09:00:00Z"), payload: {} }]);
    expect(await q.byKey("k")).toMatchObject({ state: "done", dueAt: at("2026-12-01T09:00:00Z") });
  });

  it("gives a job whose lease ran out to another worker, and refuses the late finish of the first", async () => {
    const q = createJobQueue(database.db, provider);
    await q.plan([{ key: "k", kind: "test", dueAt: at("2026-12-01T10:00:00Z"), payload: {} }]);
    const [first] = await q.claimDue(at("2026-12-01T10:00:00Z"), 1, "crashed", 60_000);
    expect(await q.claimDue(at("2026-12-01T10:00:30Z"), 1, "other", 60_000)).toEqual([]);
    const [again] = await q.claimDue(at("2026-12-01T10:01:01Z"), 1, "other", 60_000);
    expect(again).toMatchObject({ id: first!.id, attempts: 2 });
    expect(await q.finish(first!.id, "crashed", "done")).toBe(false);
    expect(await q.finish(first!.id, "other", "done")).toBe(true);
  });

  it("puts a failed attempt back for later and cancels a session's pending jobs except those kept", async () => {
    const q = createJobQueue(database.db, provider);
    await q.plan([
      { key: "s1:a", kind: "test", dueAt: at("2026-12-01T10:00:00Z"), payload: {}, sessionId: "s1" },
      { key: "s1:b", kind: "test", dueAt: at("2026-12-01T10:00:00Z"), payload: {}, sessionId: "s1" },
      { key: "s2:a", kind: "test", dueAt: at("2026-12-01T10:00:00Z"), payload: {}, sessionId: "s2" },
    ]);
    expect(await q.cancelForSession("s1", { keep: ["s1:b"] })).toBe(1);
    expect(await q.countByState("s1:")).toEqual({ cancelled: 1, pending: 1 });
    const claimed = await q.claimDue(at("2026-12-01T10:00:00Z"), 10, "w", 3_600_000);
    expect(claimed.map((j) => j.key).sort()).toEqual(["s1:b", "s2:a"]);
    expect(await q.retryLater(claimed[0]!.id, "w", at("2026-12-01T10:05:00Z"), "503 from Slack")).toBe(true);
    expect(await q.claimDue(at("2026-12-01T10:04:00Z"), 10, "w", 60_000)).toEqual([]);
    expect(await q.claimDue(at("2026-12-01T10:05:00Z"), 10, "w", 60_000)).toMatchObject([
      { attempts: 2, lastError: "503 from Slack" },
    ]);
  });

  it("hands each job to exactly one of several workers claiming at the same moment", async () => {
    // PostgreSQL: three bot copies (three clients and pools) of four workers each. SQLite serves one copy, so its
    // twelve workers share one client.
    const copies =
      provider === "postgresql"
        ? [database, await openDatabase(target.url), await openDatabase(target.url)]
        : [database, database, database];
    try {
      const q = createJobQueue(database.db, provider);
      await q.plan(
        Array.from({ length: 300 }, (_, i) => ({
          key: `j${i}`,
          kind: "test",
          dueAt: at("2026-12-01T10:00:00Z"),
          payload: {},
        })),
      );
      const now = at("2026-12-01T10:00:00Z");
      const taken = await Promise.all(
        copies.flatMap((copy, c) =>
          Array.from({ length: 4 }, async (_, w) => {
            const queue = createJobQueue(copy.db, provider);
            const mine: string[] = [];
            for (;;) {
              const batch = await queue.claimDue(now, 7, `copy${c}-${w}`, 60_000);
              if (batch.length === 0) return mine;
              mine.push(...batch.map((j) => j.key));
            }
          }),
        ),
      );
      const all = taken.flat();
      expect(all).toHaveLength(300);
      expect(new Set(all).size).toBe(300);
    } finally {
      if (provider === "postgresql") for (const copy of copies.slice(1)) await copy.close();
    }
  });
});
