/**
 * The ports the platform plumbing needs, on Prisma: the ledger of requests already handled, the conversation
 * references, installations and pending files adapters keep, the audit log and the health check.
 */
import { createHash, randomBytes } from "node:crypto";
import type {
  AuditLog,
  ConversationRefs,
  HealthCheck,
  Installations,
  PendingFiles,
  RequestLedger,
} from "../core/ports";
import type { Client } from "./client";
import type { Provider } from "./engine";
import { Prisma } from "./generated/sqlite/client";

/** The longest id kept as it is; a longer one is kept as its SHA-256, so two long ids never share a key. */
const MAX_KEPT_ID = 190;

export const ledgerKey = (id: string): string =>
  id.length <= MAX_KEPT_ID ? id : `sha256:${createHash("sha256").update(id).digest("hex")}`;

export function requestLedger(db: Client): RequestLedger {
  return {
    // one plain statement, the same on SQLite and PostgreSQL: every Slack request writes one before any work
    firstTime: async (id) =>
      (await db.$executeRaw`INSERT INTO "SeenRequest" ("id", "at") VALUES (${ledgerKey(id)}, ${new Date()})
        ON CONFLICT ("id") DO NOTHING`) === 1,
    firstTimes: async (ids) => {
      const keys = new Map(ids.map((id) => [ledgerKey(id), id]));
      if (keys.size === 0) return new Set();
      const at = new Date();
      const rows = await db.$queryRaw<Array<{ id: string }>>`INSERT INTO "SeenRequest" ("id", "at")
        VALUES ${Prisma.join([...keys.keys()].map((key) => Prisma.sql`(${key}, ${at})`))}
        ON CONFLICT ("id") DO NOTHING RETURNING "id"`;
      return new Set(rows.map((row) => keys.get(row.id) as string));
    },
    prune: async (before) => (await db.seenRequest.deleteMany({ where: { at: { lt: before } } })).count,
  };
}

export function conversationRefs(db: Client): ConversationRefs {
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

export function installations(db: Client): Installations {
  return {
    save: async (platform, key, sealed) => {
      await db.installation.upsert({
        where: { platform_key: { platform, key } },
        create: { platform, key, sealed },
        update: { sealed },
      });
    },
    find: async (platform, key) =>
      (await db.installation.findUnique({ where: { platform_key: { platform, key } } }))?.sealed,
    remove: async (platform, key) => (await db.installation.deleteMany({ where: { platform, key } })).count > 0,
  };
}

export function pendingFiles(db: Client): PendingFiles {
  return {
    put: async (owner, file, expiresAt, given) => {
      const id = given ?? randomBytes(24).toString("base64url");
      await db.pendingFile.create({
        data: { id, owner, name: file.name, mediaType: file.mediaType, content: Buffer.from(file.content), expiresAt },
      });
      return id;
    },
    find: async (id, now) => {
      const row = await db.pendingFile.findUnique({ where: { id } });
      if (!row || row.expiresAt <= now || row.mediaType !== "text/csv") return undefined;
      return {
        owner: row.owner,
        expiresAt: row.expiresAt,
        file: { name: row.name, mediaType: row.mediaType, content: new Uint8Array(row.content) },
      };
    },
    remove: async (id) => (await db.pendingFile.deleteMany({ where: { id } })).count > 0,
    prune: async (now) => (await db.pendingFile.deleteMany({ where: { expiresAt: { lte: now } } })).count,
  };
}

export function auditLog(db: Client): AuditLog {
  return {
    record: async ({ networkId, actor, action, detail }) => {
      await db.auditEntry.create({ data: { networkId, actor, action, detail: JSON.stringify(detail) } });
    },
  };
}

export function healthCheck(db: Client, provider: Provider): HealthCheck {
  return {
    provider,
    check: async () => {
      await db.$queryRawUnsafe("SELECT 1");
    },
  };
}
