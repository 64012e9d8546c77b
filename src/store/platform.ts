/**
 * The ports the platform plumbing needs, on Prisma: the ledger of requests already handled, the conversation
 * references adapters keep, the audit log and the health check.
 */
import type { AuditLog, ConversationRefs, HealthCheck, RequestLedger } from "../core/ports";
import { type Client, isUniqueViolation } from "./client";
import type { Provider } from "./engine";

export function requestLedger(db: Client): RequestLedger {
  return {
    firstTime: async (id) => {
      try {
        await db.seenRequest.create({ data: { id: id.slice(0, 190) } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
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
