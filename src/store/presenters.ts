/** Case slots, rotation asks, away dates, spokes and case forms on Prisma. */
import type { CaseFields, CaseForm, CaseRepository } from "../core/cases/ports";
import type { Ask, AskRepository, AskState, PeopleRepository, Slot, SlotRepository } from "../core/presenters/ports";
import type { Db } from "./database";
import type { Prisma } from "./generated/sqlite/client";

type Client = Db | Prisma.TransactionClient;
type SlotRow = Prisma.PresenterSlotGetPayload<{ include: { member: true; caseForm: true } }>;

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

const toSlot = (row: SlotRow): Slot => ({
  id: row.id,
  sessionId: row.sessionId,
  position: row.position,
  memberId: row.memberId,
  user: row.member?.user ?? null,
  name: row.member?.displayName ?? null,
  claimedAt: row.claimedAt,
  how: row.how,
  caseStatus: row.caseForm ? (row.caseForm.status === "submitted" ? "submitted" : "draft") : "none",
});

const toAsk = (row: Prisma.SlotAskGetPayload<object>): Ask => ({
  id: row.id,
  slotId: row.slotId,
  memberId: row.memberId,
  state: row.state as AskState,
  askedAt: row.askedAt,
});

const toCase = (row: Prisma.CaseFormGetPayload<object>): CaseForm => ({
  slotId: row.slotId,
  status: row.status === "submitted" ? "submitted" : "draft",
  fields: JSON.parse(row.fields) as CaseFields,
  submittedAt: row.submittedAt,
  recommendations: row.recommendations,
  followUpDate: row.followUpDate,
  outcome: row.outcome,
});

const include = { member: true, caseForm: true } as const;

export function presenterRepositories(db: Client): {
  slots: SlotRepository;
  asks: AskRepository;
  people: PeopleRepository;
  cases: CaseRepository;
} {
  const holders: SlotRepository["holders"] = async (networkId, from) =>
    new Set(
      (
        await db.presenterSlot.findMany({
          where: { memberId: { not: null }, session: { networkId, startsAt: { gt: from }, status: "scheduled" } },
          select: { memberId: true },
        })
      ).flatMap((row) => (row.memberId ? [row.memberId] : [])),
    );

  const slots: SlotRepository = {
    holders,
    ensure: async (sessionId, count) => {
      const have = new Set(
        (await db.presenterSlot.findMany({ where: { sessionId }, select: { position: true } })).map((s) => s.position),
      );
      for (let position = 1; position <= count; position++) {
        if (have.has(position)) continue;
        try {
          await db.presenterSlot.create({ data: { sessionId, position } });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      }
    },
    forSession: async (sessionId) =>
      (await db.presenterSlot.findMany({ where: { sessionId }, include, orderBy: { position: "asc" } })).map(toSlot),
    byId: async (id) => {
      const row = await db.presenterSlot.findUnique({ where: { id }, include });
      return row ? toSlot(row) : undefined;
    },
    claim: async (slotId, memberId, how, at) =>
      (
        await db.presenterSlot.updateMany({
          where: { id: slotId, memberId: null },
          data: { memberId, how, claimedAt: at },
        })
      ).count === 1,
    release: async (slotId, memberId) =>
      (
        await db.presenterSlot.updateMany({
          where: { id: slotId, memberId },
          data: { memberId: null, how: null, claimedAt: null },
        })
      ).count === 1,
    assign: async (slotId, memberId, at) => {
      await db.presenterSlot.update({
        where: { id: slotId },
        data: memberId ? { memberId, how: "assigned", claimedAt: at } : { memberId: null, how: null, claimedAt: null },
      });
    },
    history: async (networkId, before) =>
      (
        await db.presenterSlot.findMany({
          where: {
            memberId: { not: null },
            session: { networkId, startsAt: { lt: before }, status: { in: ["scheduled", "held"] } },
          },
          include: { member: true, session: true },
          orderBy: { session: { startsAt: "desc" } },
        })
      ).flatMap((row) =>
        row.member && row.memberId
          ? [{ memberId: row.memberId, spokeId: row.member.spokeId, startsAt: row.session.startsAt }]
          : [],
      ),
    heldBy: async (memberId, from) =>
      (
        await db.presenterSlot.findMany({
          where: { memberId, session: { startsAt: { gt: from }, status: "scheduled" } },
          include,
          orderBy: { session: { startsAt: "asc" } },
        })
      ).map(toSlot),
  };

  const asks: AskRepository = {
    create: async (slotId, memberId, at) => {
      try {
        return toAsk(await db.slotAsk.create({ data: { slotId, memberId, askedAt: at } }));
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },
    byId: async (id) => {
      const row = await db.slotAsk.findUnique({ where: { id } });
      return row ? toAsk(row) : undefined;
    },
    answer: async (id, state, at) =>
      (await db.slotAsk.updateMany({ where: { id, state: "pending" }, data: { state, answeredAt: at } })).count === 1,
    forSlot: async (slotId) =>
      (await db.slotAsk.findMany({ where: { slotId }, orderBy: { askedAt: "asc" } })).map(toAsk),
  };

  const people: PeopleRepository = {
    awayFor: async (networkId) =>
      (await db.awayPeriod.findMany({ where: { member: { networkId } } })).map((a) => ({
        memberId: a.memberId,
        fromDate: a.fromDate,
        toDate: a.toDate,
      })),
    addAway: async (memberId, fromDate, toDate) => {
      await db.awayPeriod.create({ data: { memberId, fromDate, toDate } });
    },
    spokes: async (networkId) =>
      (await db.spoke.findMany({ where: { networkId }, orderBy: { name: "asc" } })).map((s) => ({
        id: s.id,
        name: s.name,
      })),
    setSpoke: async (networkId, memberId, spokeName) => {
      const spoke = await db.spoke.upsert({
        where: { networkId_name: { networkId, name: spokeName } },
        create: { networkId, name: spokeName },
        update: {},
      });
      await db.member.update({ where: { id: memberId }, data: { spokeId: spoke.id } });
      return { id: spoke.id, name: spoke.name };
    },
    spokeOf: async (memberId) =>
      (await db.member.findUnique({ where: { id: memberId }, select: { spokeId: true } }))?.spokeId ?? null,
  };

  const cases: CaseRepository = {
    bySlot: async (slotId) => {
      const row = await db.caseForm.findUnique({ where: { slotId } });
      return row ? toCase(row) : undefined;
    },
    save: async (slotId, fields, status, at) => {
      const data = { fields: JSON.stringify(fields), status, submittedAt: status === "submitted" ? at : null };
      return toCase(await db.caseForm.upsert({ where: { slotId }, create: { slotId, ...data }, update: data }));
    },
    setRecommendations: async (slotId, text, followUpDate, at) => {
      await db.caseForm.update({ where: { slotId }, data: { recommendations: text, followUpDate, recommendedAt: at } });
    },
    setOutcome: async (slotId, text, at) => {
      await db.caseForm.update({ where: { slotId }, data: { outcome: text, outcomeAt: at } });
    },
  };

  return { slots, asks, people, cases };
}
