// Developer command: `npm run db:migration -- <name>` after editing prisma/schema.prisma. For each provider it asks
// Prisma's schema engine (WebAssembly, offline) for the SQL that takes the schema as of the last migration
// (prisma/migrations/schema.snapshot.prisma) to the current one, writes it as a new migration, then moves the
// snapshot forward. Diffing two datamodels needs no database; a test fails when the schema and the snapshot differ,
// so a schema change cannot land without its migration.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrationsDir, noFilter, openEngine, type Provider } from "../src/store/engine";

const schemas = require("./schemas.cjs") as {
  writePostgresSchema(): string;
  derivePostgresSchema(text: string): string;
  sqliteSchemaPath: string;
  snapshotPath: string;
};

async function main(): Promise<void> {
  const name = (process.argv[2] ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  if (!name) throw new Error("usage: npm run db:migration -- <name>");
  schemas.writePostgresSchema();
  const snapshot = existsSync(schemas.snapshotPath) ? readFileSync(schemas.snapshotPath, "utf8") : undefined;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const targets: Record<Provider, string> = {
    sqlite: "file::memory:",
    // the engine opens a connection at start, though a datamodel diff reads nothing from it
    postgresql: process.env.MIGRATION_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  };
  for (const provider of ["sqlite", "postgresql"] as const) {
    const handle = await openEngine(provider, targets[provider]);
    try {
      const diff = await handle.engine.diff({
        from: snapshot
          ? {
              tag: "schemaDatamodel",
              files: [
                {
                  path: "schema.prisma",
                  content: provider === "sqlite" ? snapshot : schemas.derivePostgresSchema(snapshot),
                },
              ],
            }
          : { tag: "empty" },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: handle.schema }] },
        script: true,
        exitCode: null,
        filters: noFilter,
      });
      const sql = (diff.stdout ?? "").trim();
      if (!sql || sql === "-- This is an empty migration.") {
        console.log(`${provider}: no changes`);
        continue;
      }
      const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
      console.log(`${provider}: wrote ${path.relative(process.cwd(), dir)}`);
    } finally {
      await handle.close();
    }
  }
  writeFileSync(schemas.snapshotPath, readFileSync(schemas.sqliteSchemaPath, "utf8"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
