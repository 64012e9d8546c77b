/** The session kernel's repository (core/sessions/ports.ts) on Prisma. */
import { SESSION_STATUSES, type Session, type SessionRepository } from "../core/sessions/ports";
import { type Client, insertOnce, oneOf, SKIP_DUPLICATES } from "./client";
import type { Provider } from "./engine";
import { Prisma } from "./generated/sqlite/client";

type SessionRow = Prisma.SessionGetPayload<{ include: { topic: true } }>;

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  networkId: row.networkId,
  occurrence: row.occurrence,
  startsAt: row.startsAt,
  durationMinutes: row.durationMinutes,
  status: oneOf(SESSION_STATUSES, row.status, "Session.status"),
  note: row.note,
  moved: row.moved,
  topicTitle: row.topic?.title ?? null,
  teacherUser: row.teacherUser,
  topicId: row.topicId,
});

const include = { topic: true } as const;

export function sessionRepository(db: Client, provider: Provider): SessionRepository {
  return {
    byId: async (id) => {
      const row = await db.session.findUnique({ where: { id }, include });
      return row ? toSession(row) : undefined;
    },
    upcoming: async (networkId, from, limit) =>
      (
        await db.session.findMany({
          where: { networkId, startsAt: { gte: from }, status: { in: ["scheduled", "skipped"] } },
          orderBy: { startsAt: "asc" },
          take: limit,
          include,
        })
      ).map(toSession),
    between: async (networkId, from, to) =>
      (
        await db.session.findMany({
          where: { networkId, startsAt: { gte: from, lte: to }, status: { in: ["scheduled", "held"] } },
          orderBy: { startsAt: "asc" },
          include,
        })
      ).map(toSession),
    lastStarted: async (networkId, before) => {
      const row = await db.session.findFirst({
        where: { networkId, startsAt: { lt: before }, status: { in: ["scheduled", "held"] } },
        orderBy: { startsAt: "desc" },
        include,
      });
      return row ? toSession(row) : undefined;
    },
    fromOccurrence: async (networkId, fromOccurrence) =>
      (
        await db.session.findMany({
          where: { networkId, occurrence: { gte: fromOccurrence } },
          orderBy: { startsAt: "asc" },
          include,
        })
      ).map(toSession),
    ensure: async (networkId, rows) => {
      const created: Session[] = [];
      if (rows.length === 0) return created;
      const have = new Set(
        (
          await db.session.findMany({
            where: { networkId, occurrence: { in: rows.map((r) => r.occurrence) } },
            select: { occurrence: true },
          })
        ).map((r) => r.occurrence),
      );
      for (const row of rows) {
        if (have.has(row.occurrence)) continue;
        // another request may create it first: that is the outcome we wanted, and only the one who created it plans
        const data = { networkId, ...row };
        const inserted = await insertOnce(
          provider,
          () => db.session.createMany({ data: [data], skipDuplicates: SKIP_DUPLICATES }),
          () => db.session.create({ data }),
        );
        const stored =
          inserted &&
          (await db.session.findUnique({
            where: { networkId_occurrence: { networkId, occurrence: row.occurrence } },
            include,
          }));
        if (stored) created.push(toSession(stored));
      }
      return created;
    },
    reschedule: async (id, startsAt, durationMinutes, moved, note) =>
      toSession(await db.session.update({ where: { id }, data: { startsAt, durationMinutes, moved, note }, include })),
    setStatus: async (id, status, note) =>
      toSession(await db.session.update({ where: { id }, data: { status, note }, include })),
    lock: async (ids) => {
      // SQLite has one writer and Prisma runs its transactions one at a time on the connection: nothing to lock.
      if (provider !== "postgresql" || ids.length === 0) return;
      await db.$queryRaw`SELECT 1 FROM "Session" WHERE "id" IN (${Prisma.join(ids)}) ORDER BY "id" FOR UPDATE`;
    },
    transition: async (id, from, to) =>
      (await db.session.updateMany({ where: { id, status: from }, data: { status: to } })).count === 1,
    remove: async (ids) => {
      // sessions with a topic or a claimed slot are kept and cancelled, so nothing anyone entered is lost
      const keep = await db.session.findMany({
        where: { id: { in: ids }, OR: [{ topicId: { not: null } }, { slots: { some: { memberId: { not: null } } } }] },
        select: { id: true },
      });
      const keepIds = keep.map((k) => k.id);
      if (keepIds.length)
        await db.session.updateMany({
          where: { id: { in: keepIds } },
          data: { status: "cancelled", note: "No longer on the schedule after a settings change" },
        });
      await db.session.deleteMany({ where: { id: { in: ids.filter((id) => !keepIds.includes(id)) } } });
    },
  };
}
