/** What every repository shares: the client type (the root client or a transaction's), and two checks. */
import type { Db } from "./database";
import type { Prisma } from "./generated/sqlite/client";

/** The root client, or the client of the transaction a repository is bound to. */
export type Client = Db | Prisma.TransactionClient;

/** A unique constraint refused the write (Prisma's P2002). */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/**
 * A stored string checked against the core's enumeration. A value outside it means the row was written by something
 * other than this code (or a newer version), which is an error worth stopping on, not a value to pass on as typed.
 */
export function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`unexpected ${what} in the database: ${JSON.stringify(value.slice(0, 40))}`);
}

/** A JSON list of strings as stored; anything else reads as empty. */
export function stringList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
}
