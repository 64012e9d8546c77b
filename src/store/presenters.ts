/** The presenters feature's repositories (core/presenters/ports.ts) on Prisma: case slots, asks, away dates, spokes. */
import {
  ASK_STATES,
  type Ask,
  type AskRepository,
  type CaseStatus,
  type PeopleRepository,
  SLOT_HOWS,
  type Slot,
  type SlotRepository,
} from "../core/presenters/ports";
import { type Client, isUniqueViolation, oneOf } from "./client";
import type { Provider } from "./engine";
import { Prisma } from "./generated/sqlite/client";

type SlotRow = Prisma.PresenterSlotGetPayload<{ include: { member: true; caseForm: true } }>;

const caseStatusOf = (form: { status: string } | null): CaseStatus =>
  form ? (form.status === "submitted" ? "submitted" : "draft") : "none";

const toSlot = (row: SlotRow): Slot => ({
  id: row.id,
  sessionId: row.sessionId,
  position: row.position,
  memberId: row.memberId,
  user: row.member?.user ?? null,
  name: row.member?.displayName ?? null,
  claimedAt: row.claimedAt,
  how: row.how === null ? null : oneOf(SLOT_HOWS, row.how, "PresenterSlot.how"),
  caseStatus: caseStatusOf(row.caseForm),
});

const toAsk = (row: Prisma.SlotAskGetPayload<object>): Ask => ({
  id: row.id,
  slotId: row.slotId,
  memberId: row.memberId,
  state: oneOf(ASK_STATES, row.state, "SlotAsk.state"),
  askedAt: row.askedAt,
});

const include = { member: true, caseForm: true } as const;

/** Runs a write that may break "one slot per member per session"; `duplicate` when it did. */
async function oneEach<T>(write: () => Promise<T>): Promise<T | "duplicate"> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

export function presenterRepositories(
  db: Client,
  provider: Provider,
): {
  slots: SlotRepository;
  asks: AskRepository;
  people: PeopleRepository;
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
    lock: async (ids) => {
      // SQLite has one writer and Prisma runs its transactions one at a time on the connection: nothing to lock.
      if (provider !== "postgresql" || ids.length === 0) return;
      await db.$queryRaw`SELECT 1 FROM "PresenterSlot" WHERE "id" IN (${Prisma.join(ids)}) ORDER BY "id" FOR UPDATE`;
    },
    forSession: async (sessionId) =>
      (await db.presenterSlot.findMany({ where: { sessionId }, include, orderBy: { position: "asc" } })).map(toSlot),
    byId: async (id) => {
      const row = await db.presenterSlot.findUnique({ where: { id }, include });
      return row ? toSlot(row) : undefined;
    },
    claim: async (slotId, memberId, how, at) => {
      const out = await oneEach(() =>
        db.presenterSlot.updateMany({ where: { id: slotId, memberId: null }, data: { memberId, how, claimedAt: at } }),
      );
      return out === "duplicate" ? out : out.count === 1 ? "won" : "taken";
    },
    release: async (slotId, memberId) =>
      (
        await db.presenterSlot.updateMany({
          where: { id: slotId, memberId },
          data: { memberId: null, how: null, claimedAt: null },
        })
      ).count === 1,
    assign: async (slotId, memberId, expected, at) => {
      const out = await oneEach(() =>
        db.presenterSlot.updateMany({
          where: { id: slotId, memberId: expected },
          data: memberId
            ? { memberId, how: "assigned", claimedAt: at }
            : { memberId: null, how: null, claimedAt: null },
        }),
      );
      return out === "duplicate" ? out : out.count === 1 ? "done" : "changed";
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
                caseStatus: caseStatusOf(slot.caseForm),
              },
            ]
          : [],
      ),
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

  return { slots, asks, people };
}
