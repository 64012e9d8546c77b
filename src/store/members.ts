/** The members feature's repository (core/members/ports.ts) on Prisma. */
import { type Member, type MemberRepository, ROLES } from "../core/members/ports";
import { type Client, oneOf, stringList } from "./client";
import type { Prisma } from "./generated/sqlite/client";

export const toMember = (row: Prisma.MemberGetPayload<object>): Member => ({
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
    findMany: async (networkId, users) => {
      const rows = await db.member.findMany({ where: { networkId, user: { in: [...new Set(users)] } } });
      return new Map(rows.map((row) => [row.user, toMember(row)]));
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
