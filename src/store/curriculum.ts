/** Topics, ballots and the curriculum plan on Prisma. */
import { randomUUID } from "node:crypto";
import {
  BALLOT_METHODS,
  type Ballot,
  type BallotRepository,
  type BallotResult,
  type CurriculumRepository,
  TOPIC_STATUSES,
  type Topic,
  type TopicRepository,
} from "../core/curriculum/ports";
import { type Client, isUniqueViolation, oneOf, stringList } from "./client";
import type { Provider } from "./engine";
import { Prisma } from "./generated/sqlite/client";
import { toNetwork } from "./networks";

type TopicRow = Prisma.TopicGetPayload<object>;
type BallotRow = Prisma.BallotGetPayload<{ include: { choices: { include: { topic: true } } } }>;

const toTopic = (row: TopicRow): Topic => ({
  id: row.id,
  networkId: row.networkId,
  title: row.title,
  titleKey: row.titleKey,
  description: row.description,
  suggestedTeacher: row.suggestedTeacher,
  proposedBy: row.proposedBy,
  status: oneOf(TOPIC_STATUSES, row.status, "Topic.status"),
  createdAt: row.createdAt,
});

const toBallot = (row: BallotRow): Ballot => ({
  id: row.id,
  networkId: row.networkId,
  method: oneOf(BALLOT_METHODS, row.method, "Ballot.method"),
  maxPicks: row.maxPicks,
  showRunning: row.showRunning,
  anonymous: row.anonymous,
  closesAt: row.closesAt,
  closedAt: row.closedAt,
  message: row.message,
  result: row.result ? (JSON.parse(row.result) as BallotResult) : null,
  openedBy: row.openedBy,
  topics: [...row.choices].sort((a, b) => a.position - b.position).map((c) => toTopic(c.topic)),
});

const include = { choices: { include: { topic: true } } } as const;

const parsePicks = stringList;

export function curriculumRepositories(
  db: Client,
  provider: Provider,
): { topics: TopicRepository; ballots: BallotRepository; curriculum: CurriculumRepository } {
  const topics: TopicRepository = {
    list: async (networkId) =>
      (await db.topic.findMany({ where: { networkId }, orderBy: { createdAt: "asc" } })).map(toTopic),
    byId: async (id) => {
      const row = await db.topic.findUnique({ where: { id } });
      return row ? toTopic(row) : undefined;
    },
    create: async (topic) => {
      try {
        return toTopic(await db.topic.create({ data: topic }));
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },
    setStatus: async (ids, status) => {
      await db.topic.updateMany({ where: { id: { in: ids } }, data: { status } });
    },
  };

  const ballots: BallotRepository = {
    closing: async (id) => {
      const row = await db.ballot.findUnique({
        where: { id },
        select: { closesAt: true, closedAt: true, network: true },
      });
      return row ? { closesAt: row.closesAt, closedAt: row.closedAt, network: toNetwork(row.network) } : undefined;
    },
    byId: async (id) => {
      const row = await db.ballot.findUnique({ where: { id }, include });
      return row ? toBallot(row) : undefined;
    },
    openFor: async (networkId) => {
      const row = await db.ballot.findFirst({
        where: { networkId, closedAt: null },
        include,
        orderBy: { createdAt: "desc" },
      });
      return row ? toBallot(row) : undefined;
    },
    latestClosed: async (networkId) => {
      const row = await db.ballot.findFirst({
        where: { networkId, closedAt: { not: null } },
        include,
        orderBy: { closedAt: "desc" },
      });
      return row ? toBallot(row) : undefined;
    },
    create: async ({ topicIds, ...ballot }) => {
      try {
        return toBallot(
          await db.ballot.create({
            data: {
              ...ballot,
              openFor: ballot.networkId,
              choices: { create: topicIds.map((topicId, position) => ({ topicId, position })) },
            },
            include,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },
    setMessage: async (id, message) => {
      await db.ballot.update({ where: { id }, data: { message } });
    },
    setClosesAt: async (id, closesAt) => {
      await db.ballot.updateMany({ where: { id, closedAt: null }, data: { closesAt } });
    },
    lock: async (id, mode) => {
      // SQLite has one writer and Prisma runs its transactions one at a time on the connection: nothing to lock.
      if (provider !== "postgresql") return;
      if (mode === "share") await db.$queryRaw`SELECT 1 FROM "Ballot" WHERE "id" = ${id} FOR SHARE`;
      else await db.$queryRaw`SELECT 1 FROM "Ballot" WHERE "id" = ${id} FOR UPDATE`;
    },
    // one plain statement per batch, the same on SQLite and PostgreSQL (in a crowd, a Prisma upsert per voter costs
    // more than the writes); a voter twice in one batch keeps their last (one statement may not change a row twice)
    castNamed: async (ballotId, papers) => {
      const rows = lastEach(papers);
      if (rows.length === 0) return;
      const at = new Date();
      await db.$executeRaw`INSERT INTO "Vote" ("id", "ballotId", "voter", "picks", "updatedAt")
        VALUES ${Prisma.join(rows.map((p) => Prisma.sql`(${randomUUID()}, ${ballotId}, ${p.voter}, ${JSON.stringify(p.picks)}, ${at})`))}
        ON CONFLICT ("ballotId", "voter") DO UPDATE SET "picks" = excluded."picks", "updatedAt" = excluded."updatedAt"`;
    },
    castSealed: async (ballotId, marks) => {
      const rows = lastEach(marks);
      if (rows.length === 0) return;
      await db.$executeRaw`INSERT INTO "VoterMark" ("id", "ballotId", "voter", "sealed")
        VALUES ${Prisma.join(rows.map((m) => Prisma.sql`(${randomUUID()}, ${ballotId}, ${m.voter}, ${m.sealed})`))}
        ON CONFLICT ("ballotId", "voter") DO UPDATE SET "sealed" = excluded."sealed"`;
    },
    namedPicks: async (ballotId, voter) => {
      const row = await db.vote.findUnique({ where: { ballotId_voter: { ballotId, voter } } });
      return row ? parsePicks(row.picks) : undefined;
    },
    sealedChoice: async (ballotId, voter) =>
      (await db.voterMark.findUnique({ where: { ballotId_voter: { ballotId, voter } } }))?.sealed ?? undefined,
    papers: async (ballotId) => ({
      named: (await db.vote.findMany({ where: { ballotId }, select: { picks: true } })).map((v) => parsePicks(v.picks)),
      sealed: (
        await db.voterMark.findMany({ where: { ballotId, sealed: { not: null } }, select: { sealed: true } })
      ).flatMap((m) => (m.sealed ? [m.sealed] : [])),
    }),
    voterCount: async (ballotId) =>
      (await db.vote.count({ where: { ballotId } })) + (await db.voterMark.count({ where: { ballotId } })),
    close: async (id, closedAt, result) => {
      const out = await db.ballot.updateMany({
        where: { id, closedAt: null },
        data: { closedAt, result: JSON.stringify(result), openFor: null },
      });
      if (out.count === 1) await db.voterMark.updateMany({ where: { ballotId: id }, data: { sealed: null } });
      return out.count === 1;
    },
  };

  const curriculum: CurriculumRepository = {
    assign: async (sessionId, topicId, teacher) => {
      await db.session.update({ where: { id: sessionId }, data: { topicId, teacherUser: teacher } });
    },
    assignIf: async (sessionId, expectedTopicId, expectedTeacher, topicId, teacher) =>
      (
        await db.session.updateMany({
          where: { id: sessionId, topicId: expectedTopicId, teacherUser: expectedTeacher },
          data: { topicId, teacherUser: teacher },
        })
      ).count === 1,
    sessionOfTopic: async (topicId) =>
      (await db.session.findFirst({ where: { topicId, status: "scheduled" }, select: { id: true } }))?.id,
  };

  return { topics, ballots, curriculum };
}

/** One entry per voter, the last given for each, in the order of those last entries. */
function lastEach<T extends { voter: string }>(entries: readonly T[]): T[] {
  return [...new Map(entries.map((e) => [e.voter, e])).values()];
}
