/** The members feature's repository (core/members/ports.ts) on Prisma. */
import { type Member, type MemberRepository, ROLES } from "../core/members/ports";
import { type Client, oneOf, stringList } from "./client";
import { Prisma } from "./generated/sqlite/client";

/** A row as a plain statement reads it: SQLite has no booleans (0 and 1), PostgreSQL has. */
type MemberRow = Omit<Member, "mutedKinds" | "role" | "active" | "guest"> & {
  role: string;
  mutedKinds: string;
  active: boolean | number | bigint;
  guest: boolean | number | bigint;
};
export const truthy = (value: boolean | number | bigint) => value === true || Number(value) === 1;

export const toMember = (row: Pick<Prisma.MemberGetPayload<object>, keyof MemberRow>): Member => ({
  id: row.id,
  networkId: row.networkId,
  user: row.user,
  displayName: row.displayName,
  role: oneOf(ROLES, row.role, "Member.role"),
  spokeId: row.spokeId,
  mutedKinds: stringList(row.mutedKinds),
  active: row.active,
  guest: row.guest,
});

const ORDER = [{ role: "asc" }, { displayName: "asc" }] as const;

export function memberRepository(db: Client): MemberRepository {
  return {
    find: async (networkId, user) => {
      const row = await db.member.findUnique({ where: { networkId_user: { networkId, user } } });
      return row ? toMember(row) : undefined;
    },
    // a plain statement: every batch of answers in a crowd reads its people with it (Prisma's query engine costs
    // more than the read), the same text on SQLite and PostgreSQL
    findMany: async (networkId, users) => {
      const unique = [...new Set(users)];
      if (unique.length === 0) return new Map();
      const rows = await db.$queryRaw<MemberRow[]>`SELECT "id", "networkId", "user", "displayName", "role", "spokeId",
          "mutedKinds", "active", "guest" FROM "Member" WHERE "networkId" = ${networkId} AND "user" IN (${Prisma.join(unique)})`;
      return new Map(
        rows.map((row) => [row.user, toMember({ ...row, active: truthy(row.active), guest: truthy(row.guest) })]),
      );
    },
    list: async (networkId) =>
      (await db.member.findMany({ where: { networkId, active: true }, orderBy: [...ORDER] })).map(toMember),
    everyone: async (networkId) =>
      (await db.member.findMany({ where: { networkId }, orderBy: [...ORDER] })).map(toMember),
    upsert: async (networkId, user, displayName, role) =>
      toMember(
        await db.member.upsert({
          where: { networkId_user: { networkId, user } },
          create: { networkId, user, displayName, role },
          update: { displayName, role, active: true },
        }),
      ),
    join: async (networkId, people) => {
      for (const person of people) {
        await db.member.upsert({
          where: { networkId_user: { networkId, user: person.user } },
          create: { networkId, user: person.user, displayName: person.name, guest: person.guest },
          update: { displayName: person.name, guest: person.guest, active: true },
        });
        // a guest never holds a managing role (someone may have been made a guest since)
        if (person.guest)
          await db.member.updateMany({
            where: { networkId, user: person.user, role: { in: ["facilitator", "admin"] } },
            data: { role: "member" },
          });
      }
    },
    leave: async (networkId, users) => {
      if (users.length)
        await db.member.updateMany({ where: { networkId, user: { in: users } }, data: { active: false } });
    },
    setMuted: async (memberId, kinds) =>
      toMember(
        await db.member.update({ where: { id: memberId }, data: { mutedKinds: JSON.stringify([...new Set(kinds)]) } }),
      ),
  };
}
