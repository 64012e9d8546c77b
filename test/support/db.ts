/**
 * Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database created for the test file and
 * dropped after it. Migrations run through the same code as at start.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { Provider } from "../../src/store/engine";
import { POSTGRES_ADMIN_URL } from "./db-urls";

export const postgresAvailable = () => process.env.TELEECHO_TEST_POSTGRES !== "0";

/** Both providers, with PostgreSQL left out (loudly, by global-setup) when it is not reachable. */
export const PROVIDERS: Provider[] = postgresAvailable() ? ["sqlite", "postgresql"] : ["sqlite"];

export interface TestDatabaseUrl {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabaseUrl(provider: Provider): Promise<TestDatabaseUrl> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "teleecho-test-"));
    return {
      url: `file:${path.join(dir, "test.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `teleecho_t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
