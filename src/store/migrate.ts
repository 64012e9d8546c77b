import { noFilter, openEngine, type Provider, readMigrations } from "./engine";

/** Applies every committed migration not yet recorded in `_prisma_migrations` (what `prisma migrate deploy` does). */
export async function applyMigrations(provider: Provider, url: string): Promise<string[]> {
  const handle = await openEngine(provider, url);
  try {
    const out = await handle.engine.applyMigrations({ migrationsList: readMigrations(provider), filters: noFilter });
    return out.appliedMigrationNames;
  } finally {
    await handle.close();
  }
}
