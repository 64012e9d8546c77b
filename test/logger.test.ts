/**
 * The log never holds what a database error carries: Prisma prints a call's arguments in its validation errors, and
 * a database's own message can repeat the row (here a PostgreSQL trigger's, as constraint details do). Real errors
 * from the real store, on both providers, written through the real logger.
 */
import { inspect } from "node:util";
import { errorReference } from "../src/core/errors";
import { createLogger, formatLogLine } from "../src/logger";
import { type Database, openDatabase } from "../src/store/database";
import { freshDatabaseUrl, PROVIDERS, type TestDatabaseUrl } from "./support/db";

const CASE_TEXT = "Tried nebulised saline twice daily with little change";

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("the query did not fail");
}

describe.each(PROVIDERS)("the log on %s", (provider) => {
  let target: TestDatabaseUrl;
  let database: Database;
  beforeAll(async () => {
    target = await freshDatabaseUrl(provider);
    database = await openDatabase(target.url);
  });
  afterAll(async () => {
    await database.close();
    await target.drop();
  });

  it("writes a Prisma validation error, which prints the call's arguments, as its name only", async () => {
    // a call the store never makes: the case form without its slot, so Prisma refuses it and prints what it was given
    const error = await failure(() =>
      (database.db.caseForm.create as (args: unknown) => Promise<unknown>)({ data: { fields: CASE_TEXT } }),
    );
    expect(inspect(error)).toContain(CASE_TEXT);
    const lines: string[] = [];
    createLogger("info", (l) => lines.push(l)).error("request failed", { reference: "AB12CD", error });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("nebulised");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      level: "error",
      message: "request failed",
      reference: "AB12CD",
      error: { name: "PrismaClientValidationError", message: expect.stringMatching(/^database error/) },
    });
    expect(JSON.parse(lines[0] ?? "{}").error.stack).toMatch(/^\s+at /);
  });

  it("writes a database error whose message repeats the row with its code, and without the row", async () => {
    await database.db.$executeRawUnsafe(`CREATE TABLE "LogProbe" ("id" INTEGER PRIMARY KEY, "note" TEXT NOT NULL)`);
    if (provider === "postgresql") {
      await database.db.$executeRawUnsafe(
        `CREATE FUNCTION log_probe() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused: %', NEW."note"; END $$ LANGUAGE plpgsql`,
      );
      await database.db.$executeRawUnsafe(
        `CREATE TRIGGER log_probe BEFORE INSERT ON "LogProbe" FOR EACH ROW EXECUTE FUNCTION log_probe()`,
      );
    } else await database.db.$executeRawUnsafe(`INSERT INTO "LogProbe" ("id", "note") VALUES (1, 'taken')`);
    const placeholder = provider === "postgresql" ? "$1" : "?";
    const error = await failure(() =>
      database.db.$executeRawUnsafe(`INSERT INTO "LogProbe" ("id", "note") VALUES (1, ${placeholder})`, CASE_TEXT),
    );
    if (provider === "postgresql") expect(inspect(error, { depth: 10 })).toContain(CASE_TEXT);
    const line = formatLogLine("error", "job failed for good", { error, nested: { cause: error } });
    expect(line).not.toContain("nebulised");
    const written = JSON.parse(line);
    expect(written.error).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P2010" });
    expect(written.nested.cause.name).toBe("PrismaClientKnownRequestError");
  });
});

describe("the log", () => {
  it("keeps an ordinary error's message, code and stack, and reads a database error in its cause chain as one", () => {
    const ordinary = Object.assign(new Error("Slack answered 503"), { code: "slack_webapi_platform_error" });
    expect(JSON.parse(formatLogLine("warn", "send failed", { error: ordinary })).error).toMatchObject({
      name: "Error",
      message: "Slack answered 503",
      code: "slack_webapi_platform_error",
      stack: expect.stringContaining("Slack answered 503"),
    });
    const database = Object.assign(new Error(`Key (note)=(${CASE_TEXT}) already exists.`), {
      name: "DriverAdapterError",
    });
    const wrapped = new Error(`could not save: ${CASE_TEXT}`, { cause: database });
    // how Bolt hands on a listener's error: wrapped, as `original`
    const bolt = Object.assign(new Error(`An unhandled error occurred: ${CASE_TEXT}`), {
      code: "slack_bolt_unknown_error",
      original: database,
    });
    const line = formatLogLine("error", "failed", { error: wrapped, errors: [database], bolt });
    expect(line).not.toContain("nebulised");
    expect(JSON.parse(line).error.name).toBe("Error");
    expect(JSON.parse(line).bolt).toMatchObject({ code: "slack_bolt_unknown_error", message: /^database error/ });
    const plain = JSON.parse(formatLogLine("error", "failed", { error: new Error("outer", { cause: ordinary }) }));
    expect(plain.error.carries).toEqual([expect.objectContaining({ message: "Slack answered 503" })]);
  });

  it("gives references of six capital letters and digits", () => {
    const references = Array.from({ length: 200 }, errorReference);
    for (const r of references) expect(r).toMatch(/^[A-Z0-9]{6}$/);
    expect(new Set(references).size).toBeGreaterThan(190);
  });
});
