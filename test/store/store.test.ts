import { readFileSync } from "node:fs";
import path from "node:path";
import { createHttpApp, finishHttpApp, listen } from "../../src/http";
import { createStore } from "../../src/store";
import { openDatabase, resolveDatabaseUrl } from "../../src/store/database";
import { applyMigrations } from "../../src/store/migrate";
import { freshDatabaseUrl, PROVIDERS } from "../support/db";
import { testServices } from "../support/services";

const schemas = require("../../scripts/schemas.cjs") as {
  sqliteSchemaPath: string;
  postgresSchemaPath: string;
  snapshotPath: string;
  derivePostgresSchema(text: string): string;
};

describe("the schema and its migrations", () => {
  it("has a migration for every change to prisma/schema.prisma (the snapshot matches the schema)", () => {
    expect(readFileSync(schemas.snapshotPath, "utf8")).toBe(readFileSync(schemas.sqliteSchemaPath, "utf8"));
  });

  it("keeps the PostgreSQL schema derived from the SQLite one", () => {
    expect(readFileSync(schemas.postgresSchemaPath, "utf8")).toBe(
      schemas.derivePostgresSchema(readFileSync(schemas.sqliteSchemaPath, "utf8")),
    );
  });

  it("reads DATABASE_URL as the runtime contract says", () => {
    expect(resolveDatabaseUrl(undefined)).toEqual({
      provider: "sqlite",
      url: `file:${path.join("data", "teleecho.db")}`,
    });
    expect(resolveDatabaseUrl("file:/tmp/x.db")).toEqual({ provider: "sqlite", url: "file:/tmp/x.db" });
    expect(resolveDatabaseUrl("postgresql://u@h/db").provider).toBe("postgresql");
    expect(() => resolveDatabaseUrl("mysql://x")).toThrow("DATABASE_URL must start with file: or postgresql://");
  });
});

describe.each(PROVIDERS)("the store on %s", (provider) => {
  it("applies every migration once, then nothing on the next start", async () => {
    const target = await freshDatabaseUrl(provider);
    try {
      const first = await applyMigrations(provider, target.url);
      expect(first.length).toBeGreaterThan(0);
      expect(await applyMigrations(provider, target.url)).toEqual([]);
    } finally {
      await target.drop();
    }
  });

  it("has every table of the domain", async () => {
    const s = await testServices(provider);
    try {
      const db = s.database.db;
      const counts = await Promise.all([
        db.network.count(),
        db.member.count(),
        db.spoke.count(),
        db.awayPeriod.count(),
        db.session.count(),
        db.topic.count(),
        db.ballot.count(),
        db.ballotChoice.count(),
        db.vote.count(),
        db.voterMark.count(),
        db.presenterSlot.count(),
        db.caseForm.count(),
        db.job.count(),
        db.attendance.count(),
        db.survey.count(),
        db.surveyAnswer.count(),
        db.recording.count(),
        db.conversationRef.count(),
        db.auditEntry.count(),
        db.seenRequest.count(),
      ]);
      expect(counts.every((c) => c === 0)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("records a platform request id once and refuses it after", async () => {
    const s = await testServices(provider);
    try {
      const results = await Promise.all(Array.from({ length: 10 }, () => s.store.requests.firstTime("Ev123")));
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it("records several request ids in one write, each once, and none when the transaction is undone", async () => {
    const s = await testServices(provider);
    try {
      expect(await s.store.requests.firstTime("slack:sig:b")).toBe(true);
      const long = `slack:sig:${"x".repeat(300)}`;
      expect(await s.store.requests.firstTimes(["slack:sig:a", "slack:sig:b", long, "slack:sig:a"])).toEqual(
        new Set(["slack:sig:a", long]),
      );
      expect(await s.store.requests.firstTimes([long, "slack:sig:c"])).toEqual(new Set(["slack:sig:c"]));
      expect(await s.store.requests.firstTimes([])).toEqual(new Set());
      await expect(
        s.store.transaction(async (tx) => {
          expect(await tx.requests.firstTimes(["slack:sig:d"])).toEqual(new Set(["slack:sig:d"]));
          throw new Error("the answer could not be stored");
        }),
      ).rejects.toThrow("the answer could not be stored");
      // undone with the answer it came with: the request may be sent again and acted on
      expect(await s.store.requests.firstTime("slack:sig:d")).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("answers GET /healthz with the database it checked", async () => {
    const s = await testServices(provider);
    const app = createHttpApp(s);
    finishHttpApp(app, s);
    const server = await listen(app, 0, "127.0.0.1");
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", database: provider });
    } finally {
      server.close();
      await s.close();
    }
  });
});

describe("the health check when the database goes away", () => {
  const onPostgres = PROVIDERS.includes("postgresql") ? it : it.skip;
  onPostgres("answers 503 without internals once its PostgreSQL database is dropped", async () => {
    const target = await freshDatabaseUrl("postgresql");
    const s = await testServices("postgresql");
    const database = await openDatabase(target.url);
    const services = { ...s, database, store: createStore(database.db, database.provider) };
    const app = createHttpApp(services);
    finishHttpApp(app, services);
    const server = await listen(app, 0, "127.0.0.1");
    try {
      const { port } = server.address() as { port: number };
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      await target.drop();
      const down = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", database: "postgresql" });
      expect(s.log.lines.some((l) => l.message === "health check: database unreachable")).toBe(true);
    } finally {
      server.close();
      await services.database.close().catch(() => undefined);
      await s.close();
    }
  });
});
