import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, loadDotEnv } from "../src/config";

describe("configuration", () => {
  it("opens the shell on the embedded SQLite file when nothing is configured", () => {
    expect(loadConfig({})).toMatchObject({
      shell: true,
      databaseUrl: undefined,
      port: 3000,
      slack: undefined,
      teams: undefined,
    });
  });

  it("starts Slack in HTTP mode with a token and signing secret, and in Socket Mode with an app token", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" })).toMatchObject({
      shell: false,
      slack: { botToken: "xoxb-1", signingSecret: "s" },
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slack?.appToken).toBe("xapp-1");
  });

  it("starts Teams with an app id, or unauthenticated with TEAMS_ENABLED=true", () => {
    expect(loadConfig({ MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw" }).teams).toMatchObject({ appId: "id" });
    expect(loadConfig({ TEAMS_ENABLED: "true" }).teams).toMatchObject({ appId: "" });
  });

  it("explains each problem in plain words", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(
      /SLACK_SIGNING_SECRET \(HTTP mode\) or SLACK_APP_TOKEN/,
    );
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be file:<path> or postgresql/);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
    expect(() => loadConfig({ MICROSOFT_APP_ID: "id" })).toThrow(/MICROSOFT_APP_PASSWORD/);
  });

  it("requires TELEECHO_SECRET with PostgreSQL, since copies sharing one database must share the vote key", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgresql://teleecho@db.internal:5432/teleecho" })).toThrow(
      "The configuration is not valid:\n- TELEECHO_SECRET is required with PostgreSQL: set the same value (32 characters or more) on every copy of the bot, or anonymous votes cannot be counted",
    );
    const secret = "s".repeat(32);
    expect(loadConfig({ DATABASE_URL: "postgres://db/teleecho", TELEECHO_SECRET: secret }).secret).toBe(secret);
    expect(loadConfig({ DATABASE_URL: "file:./data/x.db" }).secret).toBeUndefined();
  });
});

describe("the .env file", () => {
  it("is read into the environment when present, and a variable already set wins over it", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "teleecho-env-"));
    const file = path.join(dir, ".env");
    writeFileSync(file, '# comment\nPORT=4000\nLOG_LEVEL=warn\nSHELL_USER="fran"\nTEAMS_ADMINS=\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: "error" };
    expect(loadDotEnv(file, env).sort()).toEqual(["PORT", "SHELL_USER", "TEAMS_ADMINS"]);
    expect(env).toEqual({ PORT: "4000", LOG_LEVEL: "error", SHELL_USER: "fran", TEAMS_ADMINS: "" });
    expect(loadConfig(env)).toMatchObject({ port: 4000, logLevel: "error", shellUser: "fran" });
    expect(loadDotEnv(path.join(dir, "missing.env"), env)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("npm start", () => {
  it("drops a newcomer into a working shell where help, setup and schedule work, from piped input", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "teleecho-start-"));
    const root = path.resolve(__dirname, "..");
    const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "src/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL: `file:${path.join(dir, "t.db")}` },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stdin.end(
      [
        "help",
        "setup",
        "Demo ECHO",
        "",
        "",
        "2030-01-02",
        "",
        "",
        "",
        "",
        "https://meet.example.org/demo",
        // the reminder, case and rotation settings keep their defaults
        "",
        "",
        "",
        "",
        "",
        "",
        "schedule 2",
        "quit",
        "",
      ].join("\n"),
    );
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(out).toContain("teleecho: what I can do");
    expect(out).toContain("Demo ECHO is set up in this channel");
    expect(out).toContain("Wed 2 Jan 2030, 12:30–14:00 GMT");
    expect(out).toContain("Bye.");
  });

  it("refuses a bad configuration with a message and exit code 1, not a stack trace", async () => {
    const root = path.resolve(__dirname, "..");
    const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "src/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: "xoxb-only" },
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(err).toContain("The configuration is not valid");
    expect(err).not.toMatch(/\n\s+at /);
  });
});
