/** The recording library's repository (core/recordings/ports.ts) on Prisma. */
import type { Recording, RecordingRepository } from "../core/recordings/ports";
import type { Client } from "./client";

/** A row (which has the same fields, and may grow others) as the core's record. */
const toRecording = (row: Recording): Recording => ({
  id: row.id,
  sessionId: row.sessionId,
  url: row.url,
  slidesUrl: row.slidesUrl,
  note: row.note,
  addedBy: row.addedBy,
  createdAt: row.createdAt,
});

export function recordingRepository(db: Client): RecordingRepository {
  return {
    add: async (recording, replace) => {
      if (replace) await db.recording.deleteMany({ where: { sessionId: recording.sessionId } });
      return toRecording(await db.recording.create({ data: recording }));
    },
    ofNetwork: async (networkId) =>
      (await db.recording.findMany({ where: { session: { networkId } }, orderBy: { createdAt: "asc" } })).map(
        toRecording,
      ),
    byId: async (id) => {
      const row = await db.recording.findUnique({ where: { id } });
      return row ? toRecording(row) : undefined;
    },
    update: async (id, fields) => toRecording(await db.recording.update({ where: { id }, data: fields })),
    removeOfSession: async (sessionId) => (await db.recording.deleteMany({ where: { sessionId } })).count,
    nudge: async (networkId) =>
      (await db.network.findUnique({ where: { id: networkId }, select: { recordingNudge: true } }))?.recordingNudge ??
      false,
    setNudge: async (networkId, on) => {
      await db.network.update({ where: { id: networkId }, data: { recordingNudge: on } });
    },
    ofSession: async (sessionId) =>
      (await db.recording.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" } })).map(toRecording),
  };
}
