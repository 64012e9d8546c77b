/**
 * Decides once whether the PostgreSQL tests can run. On CI (.ci/run sets REQUIRE_POSTGRES=1) a missing server is
 * a failure; on a laptop without PostgreSQL those tests are skipped, and the run says so.
 */
import { Client } from "pg";
import { POSTGRES_ADMIN_URL } from "./db-urls";

export default async function globalSetup(): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    process.env.TELEECHO_TEST_POSTGRES = "1";
  } catch (error) {
    if (process.env.REQUIRE_POSTGRES === "1")
      throw new Error(
        `PostgreSQL is required (REQUIRE_POSTGRES=1) but ${POSTGRES_ADMIN_URL} is unreachable: ${String(error)}`,
      );
    process.env.TELEECHO_TEST_POSTGRES = "0";
    process.stderr.write(
      `\n*** PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable: every PostgreSQL test is SKIPPED in this run. ***\n\n`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
