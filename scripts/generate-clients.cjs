// postinstall: generate the Prisma clients for SQLite and PostgreSQL. `prisma generate` does not need the native
// schema engine, but the CLI looks for one; pointing PRISMA_SCHEMA_ENGINE_BINARY at an existing file stops it from
// trying to download it (there is no internet here or in CI). Migrations use the WebAssembly engine instead.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { root, sqliteSchemaPath, postgresSchemaPath, writePostgresSchema } = require("./schemas.cjs");

writePostgresSchema();
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = __filename;
for (const schema of [sqliteSchemaPath, postgresSchemaPath]) {
  const run = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (run.status !== 0) {
    console.error(`prisma generate failed for ${path.relative(root, schema)}`);
    process.exit(run.status ?? 1);
  }
}
