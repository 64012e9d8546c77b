// The PostgreSQL schema is derived from prisma/schema.prisma so the two providers can never drift apart.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const sqliteSchemaPath = path.join(root, "prisma", "schema.prisma");
const postgresSchemaPath = path.join(root, "prisma", "postgresql", "schema.prisma");
// prisma/schema.prisma as it was when the newest migration was made
const snapshotPath = path.join(root, "prisma", "migrations", "schema.snapshot.prisma");

function derivePostgresSchema(sqliteSchema) {
  const header = "// GENERATED from prisma/schema.prisma by scripts/schemas.cjs: edit that file, not this one.\n";
  const out = sqliteSchema
    .replace('output       = "../src/store/generated/sqlite"', 'output       = "../../src/store/generated/postgresql"')
    .replace('provider = "sqlite"', 'provider = "postgresql"');
  if (out === sqliteSchema)
    throw new Error("prisma/schema.prisma no longer has the expected generator/datasource lines");
  return header + out;
}

function writePostgresSchema() {
  const text = derivePostgresSchema(fs.readFileSync(sqliteSchemaPath, "utf8"));
  fs.mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
  const current = fs.existsSync(postgresSchemaPath) ? fs.readFileSync(postgresSchemaPath, "utf8") : "";
  if (current !== text) fs.writeFileSync(postgresSchemaPath, text);
  return text;
}

module.exports = {
  root,
  sqliteSchemaPath,
  snapshotPath,
  postgresSchemaPath,
  derivePostgresSchema,
  writePostgresSchema,
};
