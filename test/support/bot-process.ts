/**
 * The real bot as a child process, for the scheduler's crash and replica tests and for bench/fanout.ts: `node
 * node_modules/tsx/dist/cli.mjs src/main.ts` from the repository root (what `npm start` runs), configured only through
 * its environment, talking to fakes on 127.0.0.1.
 *
 * tsx's CLI does not run the script itself: it spawns a second node process (with its loader) and relays SIGINT and
 * SIGTERM to it. SIGKILL cannot be relayed, so killing the CLI's pid alone would leave the bot running as an orphan.
 * The bot is therefore started as the leader of its own process group, and `kill()` sends SIGKILL to the whole group;
 * `stop()` sends SIGTERM to the CLI, which passes it on, so the bot shuts down the way it does in production.
 *
 * Also here: `seedFanOut`, which prepares a database BEFORE the bot starts (a network, N members, one "starting soon"
 * fan-out due now), and `readJobs`, which reads Job rows while a bot runs (SQLite in WAL mode allows a reader beside
 * the bot's writer; PostgreSQL through pg).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { Client } from "pg";
import type { Ctx } from "../../src/core/context";
import { FormIds } from "../../src/core/ids";
import { EXPAND, expandKey } from "../../src/core/reminders/plan";
import { endKey, SESSION_END } from "../../src/core/sessions/lifecycle";
import { createLogger } from "../../src/logger";
import { createServices } from "../../src/services";
import { channelAddress, userAddress } from "../../src/slack/addresses";
import { SETUP_VALUES } from "./services";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const TSX_CLI = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** The TELEECHO_SECRET given to the bot and to the seeding (so nothing writes ./data/secret.key). */
export const BOT_SECRET = "bot-process-secret-0123456789abcdef0123";
export const BOT_TOKEN = "xoxb-bot-process-token";
export const BOT_SIGNING_SECRET = "bot-process-signing-secret-0123456789";

export const SLACK_TEAM = "T1";
export const SLACK_CHANNEL = "C1";
export const TEAMS_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const TEAMS_CHANNEL = "19:bot-process-general@thread.tacv2";
export const TEAMS_BOT = { id: "28:teleecho-bot", name: "teleecho" };

/**
 * The shortest lease the configuration accepts (JOB_LEASE_SECONDS ≥ 5 in src/config.ts), so that a lease lost in a
 * crash is taken over a few seconds after the restart.
 */
export const DEFAULT_LEASE_SECONDS = 5;

export interface BotOptions {
  /** DATABASE_URL: `file:<path>` or `postgresql://…` */
  databaseUrl: string;
  /** SLACK_API_URL of a fake Slack Web API; with it, Slack runs in HTTP mode */
  slackApiUrl?: string;
  /** TEAMS_ENABLED=true with an empty MICROSOFT_APP_ID: the unauthenticated local Bot Framework endpoint */
  teams?: boolean;
  /** SCHEDULER_TICK_SECONDS, default 1 */
  tickSeconds?: number;
  /** JOB_LEASE_SECONDS, default DEFAULT_LEASE_SECONDS */
  leaseSeconds?: number;
  /** LOG_LEVEL, default warn */
  logLevel?: string;
  /** more variables (rate limits …) */
  env?: Record<string, string>;
  /** a label for the output; default "bot" */
  name?: string;
  /** also write the bot's output to this process's stderr (or set BOT_PROCESS_ECHO=1) */
  echo?: boolean;
  /** the script tsx runs, relative to the repository root; default src/main.ts */
  entry?: string;
  /** called with every line the bot writes (stdout and stderr) */
  onLine?: (line: string) => void;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Variables of ours that must not leak from the caller's environment into the bot's. */
const OURS = /^(SLACK_|MICROSOFT_|TEAMS_|DATABASE_URL$|PORT$|SCHEDULER_|JOB_LEASE|LOG_LEVEL$|SHELL_USER$|TELEECHO_)/;

const live = new Set<BotProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // whatever happens to the caller (a failed assertion, an exception), no bot outlives it
  process.on("exit", () => {
    for (const bot of live) bot.killNow();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a pid is gone (or a zombie nobody reaped yet, which holds nothing any more). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

export class BotProcess {
  readonly name: string;
  /** the tsx CLI's pid: the process group the bot runs in */
  readonly pid: number;
  readonly exited: Promise<Exit>;
  /** the last lines the bot wrote (stdout and stderr) */
  readonly output: string[] = [];
  private exit?: Exit;
  private inner?: number;

  constructor(
    private readonly child: ChildProcess,
    name: string,
    echo: boolean,
    onLine?: (line: string) => void,
  ) {
    this.name = name;
    if (child.pid === undefined) throw new Error(`${name}: the bot process did not start`);
    this.pid = child.pid;
    this.exited = new Promise<Exit>((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        resolve(this.exit);
      });
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        this.output.push(line);
        if (this.output.length > 300) this.output.shift();
        if (echo) process.stderr.write(`[${name}] ${line}\n`);
        onLine?.(line);
      }
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** How it ended, or undefined while it runs. */
  get exitStatus(): Exit | undefined {
    return this.exit;
  }

  /**
   * The pid of the node process that runs src/main.ts (the tsx CLI's child): the pid in the scheduler's worker id
   * (`host:pid:…`, kept in Job.lockedBy). Linux only; undefined elsewhere or once it has gone.
   */
  async botPid(timeoutMs = 10_000): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.inner === undefined && this.running && Date.now() < deadline) {
      try {
        const children = readFileSync(`/proc/${this.pid}/task/${this.pid}/children`, "utf8").trim();
        const first = Number(children.split(/\s+/)[0]);
        if (first > 0) this.inner = first;
      } catch {
        return undefined;
      }
      if (this.inner === undefined) await sleep(50);
    }
    return this.inner;
  }

  /** SIGKILL to the bot's process group, synchronously (for exit hooks). */
  killNow(): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  /** Kills the bot at once (SIGKILL to the CLI and the bot), and waits until both are gone. */
  async kill(): Promise<Exit> {
    const inner = await this.botPid(1_000);
    this.killNow();
    const exit = await this.exited;
    const deadline = Date.now() + 10_000;
    while (inner !== undefined && !gone(inner) && Date.now() < deadline) await sleep(20);
    if (inner !== undefined && !gone(inner)) throw new Error(`${this.name}: pid ${inner} survived SIGKILL`);
    return exit;
  }

  /** Asks the bot to shut down (SIGTERM, which the tsx CLI relays); SIGKILL if it has not exited in `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<Exit> {
    if (!this.running) return this.exited;
    const inner = await this.botPid(1_000);
    this.child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const exit = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (!exit) {
      process.stderr.write(`${this.name}: no exit ${timeoutMs} ms after SIGTERM; killing it\n`);
      return this.kill();
    }
    const deadline = Date.now() + 10_000;
    while (inner !== undefined && !gone(inner) && Date.now() < deadline) await sleep(20);
    return exit;
  }

  /** The last lines of output, for a failure message. */
  tail(lines = 40): string {
    return this.output.slice(-lines).join("\n");
  }
}

/** Starts `src/main.ts` in a child process with the given environment (PORT=0, LOG_LEVEL=warn, tick 1 s …). */
export function startBot(options: BotOptions): BotProcess {
  installExitHook();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!OURS.test(key)) env[key] = value;
  Object.assign(env, {
    DATABASE_URL: options.databaseUrl,
    PORT: "0",
    SCHEDULER_TICK_SECONDS: String(options.tickSeconds ?? 1),
    JOB_LEASE_SECONDS: String(options.leaseSeconds ?? DEFAULT_LEASE_SECONDS),
    LOG_LEVEL: options.logLevel ?? "warn",
    TELEECHO_SECRET: BOT_SECRET,
  });
  if (options.slackApiUrl)
    Object.assign(env, {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: BOT_SIGNING_SECRET,
      SLACK_API_URL: options.slackApiUrl,
    });
  if (options.teams) Object.assign(env, { TEAMS_ENABLED: "true", MICROSOFT_APP_ID: "" });
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [TSX_CLI, options.entry ?? "src/main.ts"], {
    cwd: REPO_ROOT,
    env,
    // its own process group, so that kill() reaches the node process tsx starts as well
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const bot = new BotProcess(
    child,
    options.name ?? "bot",
    options.echo ?? process.env.BOT_PROCESS_ECHO === "1",
    options.onLine,
  );
  live.add(bot);
  return bot;
}

/** Kills every bot still running (an afterAll / finally safety net). */
export async function killAllBots(): Promise<void> {
  await Promise.all([...live].map((bot) => bot.kill().catch(() => undefined)));
}

/**
 * Polls `check` until it returns something other than undefined; fails after `timeoutMs`, or as soon as one of
 * `bots` exits, with `describe()` and the bots' last output in the message.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs: number; everyMs?: number; bots?: BotProcess[]; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const dead = options.bots?.find((b) => !b.running);
    const late = Date.now() > deadline;
    if (dead || late) {
      const why = dead
        ? `${dead.name} exited (${JSON.stringify(dead.exitStatus)})`
        : `not within ${options.timeoutMs} ms`;
      const outputs = (options.bots ?? []).map((b) => `--- ${b.name} (last output) ---\n${b.tail()}`).join("\n");
      throw new Error(`waiting for ${what}: ${why}. ${options.describe?.() ?? ""}\n${outputs}`);
    }
    await sleep(options.everyMs ?? 250);
  }
}

// ------------------------------------------------------------------------------------------------ the database

export interface JobRow {
  key: string;
  kind: string;
  state: string;
  attempts: number;
  lockedBy: string | null;
  lastError: string | null;
  /** when the row last changed (for a settled job: when it was settled), epoch ms */
  updatedAt: number;
}

/** A DATETIME as the drivers hand it back (a Date, epoch ms, or text) → epoch ms. */
const epochMs = (value: unknown): number =>
  value instanceof Date
    ? value.getTime()
    : typeof value === "number" || /^\d+$/.test(String(value))
      ? Number(value)
      : new Date(String(value)).getTime();

/** Job rows whose key starts with `prefix`, read beside a running bot (a short-lived connection of our own). */
export async function readJobs(databaseUrl: string, prefix: string): Promise<JobRow[]> {
  if (databaseUrl.startsWith("file:")) {
    const db = new Sqlite(databaseUrl.slice("file:".length), { fileMustExist: true, timeout: 10_000 });
    try {
      const rows = db
        .prepare(
          `SELECT "key", "kind", "state", "attempts", "lockedBy", "lastError", "updatedAt" FROM "Job" WHERE substr("key", 1, ?) = ?`,
        )
        .all(prefix.length, prefix) as Array<JobRow & { updatedAt: unknown }>;
      return rows.map((r) => ({ ...r, updatedAt: epochMs(r.updatedAt) }));
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<JobRow & { updatedAt: unknown }>(
      // timestamp(3) without a time zone, written in UTC: its epoch, not a Date in this machine's zone
      `SELECT "key", "kind", "state", "attempts", "lockedBy", "lastError",
         (extract(epoch from "updatedAt") * 1000)::float8 AS "updatedAt"
       FROM "Job" WHERE left("key", $1) = $2`,
      [prefix.length, prefix],
    );
    return result.rows.map((r) => ({ ...r, attempts: Number(r.attempts), updatedAt: epochMs(r.updatedAt) }));
  } finally {
    await client.end();
  }
}

/** How many rows are in each state. */
export function countStates(rows: JobRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[row.state] = (out[row.state] ?? 0) + 1;
  return out;
}

const TERMINAL = new Set(["done", "failed", "undeliverable", "cancelled"]);
export const settled = (row: JobRow) => TERMINAL.has(row.state);

// ------------------------------------------------------------------------------------------------ seeding

export interface SeedOptions {
  databaseUrl: string;
  platform: "slack" | "teams";
  /** members, numbered from 1; member 1 sets the network up and is its facilitator */
  members: number;
  /**
   * Slack: the members whose direct-message channel id (`D<user id>`, what the fake's conversations.open answers) is
   * already stored, the way src/slack/messenger.ts keeps it after its first conversations.open; the others are opened
   * by the bot. Default: none stored.
   */
  storedDm?: (member: number) => boolean;
  /** Teams: the stub Bot Connector's service URL, for the stored conversation references (all members get one) */
  teamsServiceUrl?: string;
  /**
   * What fans out: the "starting soon" reminder to the channel and every member (default), or the post-session survey
   * to every member, all checked in to the next session, whose end job is made due now (its real end: the session
   * becomes held and the survey opens, with a send job per attendee).
   */
  kind?: "reminder" | "survey";
}

export interface SeededFanOut {
  networkId: string;
  sessionId: string;
  startsAt: Date;
  /** the key of the expand job (for a survey, the sends' common part); each send job is `<key>|<recipient>` */
  expandKey: string;
  /** the network's channel address */
  channel: string;
  /** member addresses, in order (member 1 first) */
  members: string[];
  /** every address the fan-out sends to: the channel, then the members */
  recipients: string[];
  /** Slack: recipient address → the channel id a message to it lands in; Teams: → conversation id */
  conversationOf: Map<string, string>;
  /** the keys of other jobs that setting up planned for the next two hours, cancelled so that only the fan-out runs */
  cancelled: string[];
}

const pad = (n: number) => String(n).padStart(4, "0");
export const slackUserId = (n: number) => `U${pad(n)}`;
export const teamsUserAad = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
export const teamsPersonalConversation = (n: number) => `a:1personal-${pad(n)}`;

/** "YYYY-MM-DD" and "HH:MM" of an instant in a time zone. */
function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * Before the bot starts: opens the database (migrating it), sets up a network on the channel through the core, adds
 * the members, stores what the platform needs to reach them, and plans ONE fan-out due now: the first session's
 * "starting soon" expand job, which the bot expands into one send job per recipient. The first session starts about
 * 25 hours from now, so no other reminder is due for about an hour (the agenda, one day before, is the nearest); any
 * other job due in the next two hours (the rotation ask for open case slots, due at once for a session this near) is
 * cancelled. Closes the database again.
 */
export async function seedFanOut(options: SeedOptions): Promise<SeededFanOut> {
  const log = createLogger("warn");
  const services = await createServices(options.databaseUrl, log, { secret: BOT_SECRET });
  try {
    const { store, core } = services;
    const slack = options.platform === "slack";
    const channel = slack ? channelAddress(SLACK_TEAM, SLACK_CHANNEL) : `teams:${TEAMS_CHANNEL}`;
    const member = (n: number) => (slack ? userAddress(SLACK_TEAM, slackUserId(n)) : `teams:${teamsUserAad(n)}`);
    const zone = SETUP_VALUES.timeZone ?? "Europe/London";
    const first = localParts(new Date(Date.now() + 25 * 3_600_000), zone);
    const ctx: Ctx = {
      platform: options.platform,
      channel,
      workspace: slack ? `slack:${SLACK_TEAM}` : `teams:${TEAMS_TENANT}`,
      actor: { user: member(1), name: "Member 0001", isWorkspaceAdmin: false },
    };
    const result = await core.submitForm(ctx, FormIds.setup, "", {
      ...SETUP_VALUES,
      firstDate: first.date,
      startTime: first.time,
    });
    if (result.kind !== "done") throw new Error(`network setup failed: ${JSON.stringify(result).slice(0, 400)}`);
    const network = await store.networks.byChannel(channel);
    if (!network) throw new Error("the network was not stored");

    const members: string[] = [];
    const memberIds: string[] = [];
    const conversationOf = new Map<string, string>();
    conversationOf.set(channel, slack ? SLACK_CHANNEL : TEAMS_CHANNEL);
    const reference = (conversation: Record<string, unknown>, user?: Record<string, unknown>) =>
      JSON.stringify({
        channelId: "msteams",
        serviceUrl: options.teamsServiceUrl,
        bot: TEAMS_BOT,
        conversation,
        ...(user ? { user } : {}),
        locale: "en-GB",
      });
    if (!slack) {
      if (!options.teamsServiceUrl) throw new Error("seedFanOut: Teams needs teamsServiceUrl");
      await store.conversations.save(
        channel,
        "teams",
        reference({ id: TEAMS_CHANNEL, conversationType: "channel", isGroup: true, tenantId: TEAMS_TENANT }),
      );
    }
    for (let n = 1; n <= options.members; n++) {
      const address = member(n);
      members.push(address);
      const row = await store.members.upsert(
        network.id,
        address,
        `Member ${pad(n)}`,
        n === 1 ? "facilitator" : "member",
      );
      memberIds.push(row.id);
      if (slack) {
        conversationOf.set(address, `D${slackUserId(n)}`);
        if (options.storedDm?.(n))
          await store.conversations.save(address, "slack", JSON.stringify({ dm: `D${slackUserId(n)}` }));
      } else {
        const conversationId = teamsPersonalConversation(n);
        conversationOf.set(address, conversationId);
        // what saveReferences (src/teams/turn.ts) stores after a personal message: under the user and the chat
        const json = reference(
          { id: conversationId, conversationType: "personal", tenantId: TEAMS_TENANT },
          { id: `29:1member-${pad(n)}`, name: `Member ${pad(n)}`, aadObjectId: teamsUserAad(n) },
        );
        await store.conversations.save(address, "teams", json);
        await store.conversations.save(`teams:${conversationId}`, "teams", json);
      }
    }

    const now = new Date();
    const [session] = await store.sessions.upcoming(network.id, now, 1);
    if (!session) throw new Error("the network has no upcoming session");
    const survey = options.kind === "survey";
    const key = survey ? `survey:${session.id}:send` : expandKey(session, "starting_soon", 15);
    const due = survey ? endKey(session) : key;
    if (survey) await store.attendance.checkIn(session.id, memberIds, now);
    await store.jobs.plan([
      survey
        ? {
            key: due,
            kind: SESSION_END,
            dueAt: now,
            networkId: network.id,
            sessionId: session.id,
            payload: { sessionId: session.id, startsAt: session.startsAt.getTime(), early: true },
          }
        : {
            key,
            kind: EXPAND,
            dueAt: now,
            networkId: network.id,
            sessionId: session.id,
            payload: {
              sessionId: session.id,
              startsAt: session.startsAt.getTime(),
              reminder: "starting_soon",
              offset: 15,
            },
          },
    ]);
    // whatever else setting up planned for the next two hours (a rotation ask for open case slots, a reminder whose
    // offset reaches back to now) would send other messages during the run: cancelled, so only the fan-out runs
    const soon = { state: "pending", key: { not: due }, dueAt: { lte: new Date(now.getTime() + 2 * 3_600_000) } };
    const others = await services.database.db.job.findMany({ where: soon, select: { key: true } });
    await services.database.db.job.updateMany({ where: soon, data: { state: "cancelled" } });
    return {
      networkId: network.id,
      sessionId: session.id,
      startsAt: session.startsAt,
      expandKey: key,
      channel,
      members,
      recipients: survey ? members : [channel, ...members],
      conversationOf,
      cancelled: others.map((j) => j.key),
    };
  } finally {
    await services.database.close();
  }
}
