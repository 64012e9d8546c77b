/** The networks feature's repository (core/networks/ports.ts) on Prisma. */
import { CADENCES, type Network, type NetworkRepository, type NetworkSettings } from "../core/networks/ports";
import { type Client, oneOf } from "./client";
import type { Provider } from "./engine";
import { Prisma } from "./generated/sqlite/client";

export const toNetwork = (row: Prisma.NetworkGetPayload<object>): Network => ({
  id: row.id,
  channel: row.channel,
  platform: row.platform,
  workspace: row.workspace,
  name: row.name,
  timeZone: row.timeZone,
  cadence: oneOf(CADENCES, row.cadence, "Network.cadence"),
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

export function networkRepository(db: Client, provider: Provider): NetworkRepository {
  return {
    all: async () => (await db.network.findMany({ orderBy: { createdAt: "asc" } })).map(toNetwork),
    // a plain statement: every batch of answers from direct messages asks it
    homes: async (channels) =>
      channels.length === 0
        ? new Set()
        : new Set(
            (
              await db.$queryRaw<Array<{ channel: string }>>`SELECT "channel" FROM "Network"
                WHERE "channel" IN (${Prisma.join([...new Set(channels)])})`
            ).map((n) => n.channel),
          ),
    byChannel: async (channel) => {
      const row = await db.network.findUnique({ where: { channel } });
      return row ? toNetwork(row) : undefined;
    },
    byId: async (id) => {
      const row = await db.network.findUnique({ where: { id } });
      return row ? toNetwork(row) : undefined;
    },
    create: async (channel, platform, workspace, settings: NetworkSettings) =>
      toNetwork(await db.network.create({ data: { channel, platform, workspace, ...settings } })),
    setWorkspace: async (id, workspace) => toNetwork(await db.network.update({ where: { id }, data: { workspace } })),
    update: async (id, settings) => toNetwork(await db.network.update({ where: { id }, data: settings })),
    lock: async (id) => {
      // SQLite has one writer and Prisma runs its transactions one at a time on the connection: nothing to lock.
      if (provider === "postgresql") await db.$queryRaw`SELECT 1 FROM "Network" WHERE "id" = ${id} FOR UPDATE`;
    },
  };
}
