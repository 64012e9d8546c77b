/**
 * The floor of bench/vote.ts and bench/clicks.ts: what this machine and the database drivers allow for one stored
 * answer per Slack request, measured in the same run as our stack. A bare Bolt App (ExpressReceiver, Bolt's own
 * signature check on) whose view_submission and block_actions listeners each do one plain INSERT with the driver
 * our store uses (better-sqlite3 on a WAL file with the store's pragmas, or pg) and then acknowledge: the write
 * comes before the acknowledgement, as an acknowledged answer must be stored.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import Sqlite from "better-sqlite3";
import { Pool } from "pg";
import { SLACK_EVENTS_PATH } from "../../src/slack/adapter";
import { SQLITE_PRAGMAS } from "../../src/store/database";
import type { Provider } from "../../src/store/engine";
import type { Scratch } from "./scratch";
import { BOT_TOKEN, SIGNING_SECRET } from "./slack-stack";

export interface Floor {
  url: string;
  /** rows stored so far */
  stored(): Promise<number>;
}

const CREATE = {
  sqlite:
    "CREATE TABLE answer (id INTEGER PRIMARY KEY AUTOINCREMENT, person TEXT NOT NULL, value TEXT NOT NULL, at TEXT NOT NULL)",
  postgresql:
    "CREATE TABLE answer (id SERIAL PRIMARY KEY, person TEXT NOT NULL, value TEXT NOT NULL, at TIMESTAMPTZ NOT NULL)",
};

/** One row per request: who, what they sent, when. */
type Insert = (person: string, value: string) => Promise<void>;

async function openDriver(scratch: Scratch, provider: Provider): Promise<{ insert: Insert; count(): Promise<number> }> {
  const database = await scratch.database(provider);
  if (provider === "sqlite") {
    const db = new Sqlite(database.url.replace(/^file:/, ""));
    for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
    db.exec(CREATE.sqlite);
    scratch.defer(async () => {
      db.close();
    });
    const statement = db.prepare("INSERT INTO answer (person, value, at) VALUES (?, ?, ?)");
    return {
      insert: async (person, value) => {
        statement.run(person, value, new Date().toISOString());
      },
      count: async () => (db.prepare("SELECT count(*) AS n FROM answer").get() as { n: number }).n,
    };
  }
  // the pool size Prisma's pg adapter gets by default (pg's own default, 10)
  const pool = new Pool({ connectionString: database.url, max: 10 });
  // an idle connection closed by the database's drop at clean-up is not an error of the run
  pool.on("error", () => undefined);
  scratch.defer(() => pool.end());
  await pool.query(CREATE.postgresql);
  return {
    insert: async (person, value) => {
      await pool.query("INSERT INTO answer (person, value, at) VALUES ($1, $2, $3)", [person, value, new Date()]);
    },
    count: async () => Number((await pool.query("SELECT count(*) AS n FROM answer")).rows[0]?.n ?? 0),
  };
}

/** A bare Bolt app on an ExpressReceiver, with Bolt's own signature check, talking to the fake Slack at `apiUrl`. */
export const bareBolt = (apiUrl: string): App =>
  new App({
    signingSecret: SIGNING_SECRET,
    token: BOT_TOKEN,
    receiver: new ExpressReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR }),
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.ERROR,
  });

export async function startFloor(scratch: Scratch, provider: Provider, apiUrl: string): Promise<Floor> {
  const driver = await openDriver(scratch, provider);
  const app = bareBolt(apiUrl);
  app.view({ type: "view_submission" }, async ({ ack, body }) => {
    await driver.insert(body.user.id, JSON.stringify(body.view.state.values));
    await ack();
  });
  app.action({ type: "block_actions" }, async ({ ack, body }) => {
    const action = body.actions[0];
    await driver.insert(body.user.id, action && "value" in action ? String(action.value ?? "") : "");
    await ack();
  });
  const server: Server = await app.start({ port: 0, host: "127.0.0.1" });
  scratch.defer(async () => {
    const stopped = app.stop();
    server.closeAllConnections();
    await stopped;
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`,
    stored: () => driver.count(),
  };
}
