/** What every repository shares: the client type (the root client or a transaction's), and two checks. */
import type { Db } from "./database";
import type { Provider } from "./engine";
import type { Prisma } from "./generated/sqlite/client";

/** The root client, or the client of the transaction a repository is bound to. */
export type Client = Db | Prisma.TransactionClient;

/** A unique constraint refused the write (Prisma's P2002). */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/**
 * `skipDuplicates: true` for the PostgreSQL client, which has it. The repositories are typed with the SQLite client
 * (the two are generated from one schema), whose types leave the option out because SQLite lacks it; it is only ever
 * passed on PostgreSQL, through `insertOnce`.
 */
export const SKIP_DUPLICATES = true as never;

/**
 * Inserts a row unless its unique key is taken. On PostgreSQL a refused insert would abort the surrounding
 * transaction, so it is an `ON CONFLICT DO NOTHING` there (Prisma's `skipDuplicates`); SQLite carries on after a
 * constraint error, and Prisma offers `skipDuplicates` only on PostgreSQL, so there the insert is tried and a
 * unique violation ignored. True when the row was inserted.
 */
export async function insertOnce(
  provider: Provider,
  onPostgres: () => Promise<{ count: number }>,
  onSqlite: () => Promise<unknown>,
): Promise<boolean> {
  if (provider === "postgresql") return (await onPostgres()).count > 0;
  try {
    await onSqlite();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

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
