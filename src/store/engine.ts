import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";

/**
 * Prisma's schema engine, compiled to WebAssembly, driven through a driver adapter. This is what `prisma migrate
 * deploy` does, without the native engine binary the CLI would download. The package's entry imports its `.wasm`
 * file as an ES module (Node 20 needs a flag for that), so we instantiate the bytes ourselves and hand the
 * instance to its JavaScript glue.
 */
export type Provider = "sqlite" | "postgresql";

const projectRoot = path.resolve(__dirname, "..", "..");
export const migrationsDir = (provider: Provider) => path.join(projectRoot, "prisma", "migrations", provider);
export const schemaPath = (provider: Provider) =>
  provider === "sqlite"
    ? path.join(projectRoot, "prisma", "schema.prisma")
    : path.join(projectRoot, "prisma", "postgresql", "schema.prisma");

// Node has WebAssembly; TypeScript only types it in the DOM library, which this project does not load.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};
type Glue = typeof Engine & { __wbg_set_wasm(exports: Record<string, unknown>): void };
let gluePromise: Promise<Glue> | undefined;

function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    // The glue is an ES module; Node 20.19+ can require() it, and jest transforms it (see jest.config.js).
    const glue = require("@prisma/schema-engine-wasm/schema_engine_bg") as Glue;
    const wasmFile = path.join(
      path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
      "schema_engine_bg.wasm",
    );
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), {
      "./schema_engine_bg.js": glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

export function adapterFactoryFor(provider: Provider, url: string): SqlMigrationAwareDriverAdapterFactory {
  return provider === "sqlite" ? new PrismaBetterSqlite3({ url }) : new PrismaPg({ connectionString: url });
}

export interface EngineHandle {
  engine: Engine.SchemaEngine;
  schema: string;
  close(): Promise<void>;
}

/** Opens the engine on a database; `close` frees it and every connection it opened. */
export async function openEngine(provider: Provider, url: string): Promise<EngineHandle> {
  const glue = await loadGlue();
  const raw = adapterFactoryFor(provider, url);
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: raw.provider,
    adapterName: raw.adapterName,
    connect: async () => {
      const adapter = await raw.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await raw.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const schema = readFileSync(schemaPath(provider), "utf8");
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[path.basename(schemaPath(provider)), schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    schema,
    close: async () => {
      engine.free();
      for (const adapter of opened) await adapter.dispose();
    },
  };
}

export const noFilter: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };

/** Reads prisma/migrations/<provider> the way the CLI does. */
export function readMigrations(provider: Provider): Engine.MigrationList {
  const baseDir = migrationsDir(provider);
  const dirs = readdirSync(baseDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: readFileSync(path.join(baseDir, "migration_lock.toml"), "utf8") },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(baseDir, dir, "migration.sql"), "utf8") },
      },
    })),
  };
}
