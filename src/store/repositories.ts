/** The core's repositories on Prisma. Rows are mapped to the core's own records; strings are checked on the way in. */
import type {
  AuditLog,
  Cadence,
  Member,
  MemberRepository,
  Network,
  NetworkRepository,
  NetworkSettings,
  Role,
  Session,
  SessionRepository,
  SessionStatus,
  Store,
} from "../core/ports";
import type { Db } from "./database";
import type { Prisma } from "./generated/sqlite/client";

type Tx = Prisma.TransactionClient;
type Client = Db | Tx;

type NetworkRow = Prisma.NetworkGetPayload<object>;
type SessionRow = Prisma.SessionGetPayload<{ include: { topic: true } }>;

const toNetwork = (row: NetworkRow): Network => ({
  id: row.id,
  channel: row.channel,
  platform: row.platform,
  name: row.name,
  timeZone: row.timeZone,
  cadence: row.cadence as Cadence,
  intervalWeeks: row.intervalWeeks,
  weekOfMonth: row.weekOfMonth,
  weekday: row.weekday,
  firstDate: row.firstDate,
  startTime: row.startTime,
  durationMinutes: row.durationMinutes,
  teachingMinutes: row.teachingMinutes,
  casesPerSession: row.casesPerSession,
  videoLink: row.videoLink,
  reminderOffsets: row.reminderOffsets,
});

const toMember = (row: Prisma.MemberGetPayload<object>): Member => ({
  id: row.id,
  networkId: row.networkId,
  user: row.user,
  displayName: row.displayName,
  role: row.role as Role,
});

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  networkId: row.networkId,
  occurrence: row.occurrence,
  startsAt: row.startsAt,
  durationMinutes: row.durationMinutes,
  status: row.status as SessionStatus,
  note: row.note,
  moved: row.moved,
  topicTitle: row.topic?.title ?? null,
  teacherUser: row.teacherUser,
});

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

function networks(db: Client): NetworkRepository {
  return {
    byChannel: async (channel) => {
      const row = await db.network.findUnique({ where: { channel } });
      return row ? toNetwork(row) : undefined;
    },
    byId: async (id) => {
      const row = await db.network.findUnique({ where: { id } });
      return row ? toNetwork(row) : undefined;
    },
    create: async (channel, platform, settings: NetworkSettings) =>
      toNetwork(await db.network.create({ data: { channel, platform, ...settings } })),
    update: async (id, settings) => toNetwork(await db.network.update({ where: { id }, data: settings })),
  };
}

function members(db: Client): MemberRepository {
  return {
    find: async (networkId, user) => {
      const row = await db.member.findUnique({ where: { networkId_user: { networkId, user } } });
      return row ? toMember(row) : undefined;
    },
    list: async (networkId) =>
      (await db.member.findMany({ where: { networkId }, orderBy: [{ role: "asc" }, { displayName: "asc" }] })).map(
        toMember,
      ),
    upsert: async (networkId, user, displayName, role) =>
      toMember(
        await db.member.upsert({
          where: { networkId_user: { networkId, user } },
          create: { networkId, user, displayName, role },
          update: { displayName, role },
        }),
      ),
  };
}

function sessions(db: Client): SessionRepository {
  const include = { topic: true } as const;
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
    fromOccurrence: async (networkId, fromOccurrence) =>
      (
        await db.session.findMany({
          where: { networkId, occurrence: { gte: fromOccurrence } },
          orderBy: { startsAt: "asc" },
          include,
        })
      ).map(toSession),
    ensure: async (networkId, rows) => {
      if (rows.length === 0) return;
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
        try {
          await db.session.create({ data: { networkId, ...row } });
        } catch (error) {
          // another request created it first: that is the outcome we wanted
          if (!isUniqueViolation(error)) throw error;
        }
      }
    },
    reschedule: async (id, startsAt, durationMinutes, moved, note) =>
      toSession(await db.session.update({ where: { id }, data: { startsAt, durationMinutes, moved, note }, include })),
    setStatus: async (id, status, note) =>
      toSession(await db.session.update({ where: { id }, data: { status, note }, include })),
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

function audit(db: Client): AuditLog {
  return {
    record: async ({ networkId, actor, action, detail }) => {
      await db.auditEntry.create({ data: { networkId, actor, action, detail: JSON.stringify(detail) } });
    },
  };
}

function requests(db: Client): Store["requests"] {
  return {
    firstTime: async (id) => {
      try {
        await db.seenRequest.create({ data: { id: id.slice(0, 190) } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
  };
}

function conversations(db: Client): Store["conversations"] {
  return {
    save: async (address, platform, reference) => {
      await db.conversationRef.upsert({
        where: { address },
        create: { address, platform, reference },
        update: { reference },
      });
    },
    find: async (address) => (await db.conversationRef.findUnique({ where: { address } }))?.reference,
  };
}

function bind(db: Client, root: Db | undefined): Store {
  const store: Store = {
    requests: requests(db),
    conversations: conversations(db),
    networks: networks(db),
    members: members(db),
    sessions: sessions(db),
    audit: audit(db),
    // inside a transaction, nested calls join it
    transaction: (work) =>
      root ? root.$transaction((tx) => work(bind(tx, undefined)), { timeout: 20_000, maxWait: 20_000 }) : work(store),
  };
  return store;
}

export const createStore = (db: Db): Store => bind(db, db);
