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
});

export function memberRepository(db: Client): MemberRepository {
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
