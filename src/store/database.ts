import { existsSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { privateDirectory, privateFile } from "../files";
import type { Provider } from "./engine";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { applyMigrations } from "./migrate";

/**
 * Both generated clients have the same models (the PostgreSQL schema is derived from the SQLite one), so the
 * repositories are typed against one of them.
 */
export type Db = SqliteClient;

export interface Database {
  provider: Provider;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_FILE = path.join("data", "teleecho.db");

/** `undefined` → embedded SQLite under ./data; `file:<path>` → SQLite there; `postgres(ql)://` → PostgreSQL. */
export function resolveDatabaseUrl(databaseUrl: string | undefined): { provider: Provider; url: string } {
  if (!databaseUrl) return { provider: "sqlite", url: `file:${DEFAULT_SQLITE_FILE}` };
  if (databaseUrl.startsWith("file:")) return { provider: "sqlite", url: databaseUrl };
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { provider: "postgresql", url: databaseUrl };
  throw new Error("DATABASE_URL must start with file: or postgresql://");
}

/**
 * A SQLite file holds health data: its directory is made 0700 (the built-in ./data is set to 0700 even if it exists),
 * and the file and its -wal and -shm companions are 0600, created so before SQLite first opens them.
 */
function keepPrivate(file: string): void {
  const resolved = path.resolve(file);
  privateDirectory(path.dirname(resolved), resolved === path.resolve(DEFAULT_SQLITE_FILE));
  privateFile(resolved);
  for (const companion of [`${resolved}-wal`, `${resolved}-shm`, `${resolved}-journal`])
    if (existsSync(companion)) privateFile(companion);
}

/**
 * How every SQLite connection of the store is set up: WAL lets readers work beside the single writer; busy_timeout
 * waits instead of failing under contention.
 */
export const SQLITE_PRAGMAS = ["journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 10000"];

/** Opens the store and applies pending migrations first. */
export async function openDatabase(databaseUrl: string | undefined): Promise<Database> {
  const { provider, url } = resolveDatabaseUrl(databaseUrl);
  if (provider === "sqlite") {
    const file = url.slice("file:".length);
    if (file !== ":memory:") keepPrivate(file);
  }
  await applyMigrations(provider, url);
  const db =
    provider === "sqlite"
      ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) })
      : // Same models, other provider: see the Db comment above.
        (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db);
  if (provider === "sqlite") for (const pragma of SQLITE_PRAGMAS) await db.$queryRawUnsafe(`PRAGMA ${pragma}`);
  return { provider, db, url, close: () => db.$disconnect() };
}
