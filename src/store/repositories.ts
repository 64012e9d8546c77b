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
import { curriculumRepositories } from "./curriculum";
import type { Db } from "./database";
import type { Provider } from "./engine";
import type { Prisma } from "./generated/sqlite/client";
import { createJobQueue } from "./jobs";
import { presenterRepositories } from "./presenters";

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
  agendaOffsets: row.agendaOffsets,
  itOffsets: row.itOffsets,
  warningOffsets: row.warningOffsets,
  caseDueDays: row.caseDueDays,
  rotationAskDays: row.rotationAskDays,
  askTimeoutHours: row.askTimeoutHours,
});

const parseList = (json: string): string[] => {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
};

const toMember = (row: Prisma.MemberGetPayload<object>): Member => ({
  id: row.id,
  networkId: row.networkId,
  user: row.user,
  displayName: row.displayName,
  role: row.role as Role,
  spokeId: row.spokeId,
  mutedKinds: parseList(row.mutedKinds),
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
  topicId: row.topicId,
});

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

function networks(db: Client): NetworkRepository {
  return {
    all: async () => (await db.network.findMany({ orderBy: { createdAt: "asc" } })).map(toNetwork),
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
    setMuted: async (memberId, kinds) =>
      toMember(
        await db.member.update({ where: { id: memberId }, data: { mutedKinds: JSON.stringify([...new Set(kinds)]) } }),
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
        try {
          created.push(toSession(await db.session.create({ data: { networkId, ...row }, include })));
        } catch (error) {
          // another request created it first: that is the outcome we wanted
          if (!isUniqueViolation(error)) throw error;
        }
      }
      return created;
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
    presenters: async (sessionId) =>
      (
        await db.presenterSlot.findMany({
          where: { sessionId, memberId: { not: null } },
          include: { member: true, caseForm: true },
          orderBy: { position: "asc" },
        })
      ).flatMap((slot) =>
        slot.member
          ? [
              {
                position: slot.position,
                user: slot.member.user,
                name: slot.member.displayName,
                caseStatus: slot.caseForm ? (slot.caseForm.status === "submitted" ? "submitted" : "draft") : "none",
              } as const,
            ]
          : [],
      ),
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

function fanOuts(db: Client): Store["fanOuts"] {
  return {
    create: async (id, networkId, total) => {
      try {
        await db.fanOut.create({ data: { id, networkId, total } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    },
    get: async (id) => (await db.fanOut.findUnique({ where: { id } })) ?? undefined,
    setMessage: async (id, message) => {
      await db.fanOut.update({ where: { id }, data: { message } });
    },
  };
}

function bind(db: Client, root: Db | undefined, provider: Provider): Store {
  const store: Store = {
    jobs: createJobQueue(db, provider),
    ...curriculumRepositories(db, provider),
    ...presenterRepositories(db),
    fanOuts: fanOuts(db),
    requests: requests(db),
    conversations: conversations(db),
    networks: networks(db),
    members: members(db),
    sessions: sessions(db),
    audit: audit(db),
    // inside a transaction, nested calls join it
    transaction: (work) =>
      root
        ? root.$transaction((tx) => work(bind(tx, undefined, provider)), { timeout: 20_000, maxWait: 20_000 })
        : work(store),
  };
  return store;
}

export const createStore = (db: Db, provider: Provider): Store => bind(db, db, provider);
