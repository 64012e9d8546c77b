/** The reminders feature's repository (core/reminders/ports.ts) on Prisma: fan-outs and their progress message. */
import type { FanOutRepository } from "../core/reminders/ports";
import { type Client, isUniqueViolation } from "./client";

export function fanOutRepository(db: Client): FanOutRepository {
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
