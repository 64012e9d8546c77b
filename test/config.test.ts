import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { listenHost, loadConfig, loadDotEnv, TEAMS_SERVICE_URLS } from "../src/config";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const AAD = "6f1d2a4e-0000-4000-8000-00000000f1a0";

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

  describe("Slack installed into several workspaces (OAuth)", () => {
    const oauth = {
      SLACK_CLIENT_ID: "111.222",
      SLACK_CLIENT_SECRET: "client-secret",
      SLACK_STATE_SECRET: "s".repeat(32),
      SLACK_SIGNING_SECRET: "signing",
      TELEECHO_SECRET: "t".repeat(32),
    };

    it("starts in OAuth mode with the client id, client secret, state secret, signing secret and TELEECHO_SECRET", () => {
      expect(loadConfig(oauth).slack).toEqual({
        oauth: {
          clientId: "111.222",
          clientSecret: "client-secret",
          stateSecret: "s".repeat(32),
          redirectUri: undefined,
        },
        signingSecret: "signing",
        apiUrl: undefined,
        postsPerSecond: 10,
      });
    });

    it("says which OAuth setting is missing when only some are set", () => {
      expect(() => loadConfig({ ...oauth, SLACK_CLIENT_SECRET: "" })).toThrow(
        "installing into several workspaces (OAuth) needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: SLACK_CLIENT_SECRET not set",
      );
      expect(() => loadConfig({ ...oauth, SLACK_SIGNING_SECRET: "" })).toThrow("needs SLACK_SIGNING_SECRET");
      expect(() => loadConfig({ ...oauth, SLACK_STATE_SECRET: "short" })).toThrow(
        "SLACK_STATE_SECRET must be at least 32 characters",
      );
    });

    it("refuses OAuth mixed with a single bot token or Socket Mode, and without TELEECHO_SECRET to seal the tokens", () => {
      expect(() => loadConfig({ ...oauth, SLACK_BOT_TOKEN: "xoxb-1" })).toThrow("set one of them, not both");
      expect(() => loadConfig({ ...oauth, SLACK_APP_TOKEN: "xapp-1" })).toThrow("unset SLACK_APP_TOKEN");
      expect(() => loadConfig({ ...oauth, TELEECHO_SECRET: "" })).toThrow(
        "installing with OAuth needs TELEECHO_SECRET",
      );
    });
  });

  it("starts Teams with an app id, or unauthenticated with TEAMS_ENABLED=true", () => {
    expect(loadConfig({ MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw" }).teams).toMatchObject({ appId: "id" });
    expect(loadConfig({ TEAMS_ENABLED: "true" }).teams).toMatchObject({ appId: "" });
  });

  it("reads TEAMS_ADMINS per tenant, as <tenant id>/<AAD object id>", () => {
    const teams = loadConfig({
      TEAMS_ENABLED: "true",
      TEAMS_ADMINS: ` ${TENANT.toUpperCase()}/${AAD} , ${TENANT}/29:1x `,
    }).teams;
    expect(teams?.admins).toEqual([
      { tenant: TENANT, user: AAD },
      { tenant: TENANT, user: "29:1x" },
    ]);
  });

  it("refuses a TEAMS_ADMINS entry without its tenant, saying what to write instead", () => {
    expect(() => loadConfig({ TEAMS_ENABLED: "true", TEAMS_ADMINS: AAD })).toThrow(
      `TEAMS_ADMINS: "${AAD}" has no tenant: each entry is now <tenant id>/<AAD object id> (an admin of that tenant only), for example 72f988bf-86f1-41af-91ab-2d7cd011db47/${AAD}`,
    );
    expect(() => loadConfig({ TEAMS_ENABLED: "true", TEAMS_ADMINS: `not-a-tenant/${AAD}` })).toThrow(/has no tenant/);
  });

  it("serves every tenant unless TEAMS_TENANTS lists some, and checks that they are tenant ids", () => {
    expect(loadConfig({ TEAMS_ENABLED: "true" }).teams?.tenants).toBeUndefined();
    expect(loadConfig({ TEAMS_ENABLED: "true", TEAMS_TENANTS: `${TENANT.toUpperCase()}, ` }).teams?.tenants).toEqual([
      TENANT,
    ]);
    expect(() => loadConfig({ TEAMS_ENABLED: "true", TEAMS_TENANTS: "contoso.onmicrosoft.com" })).toThrow(
      /TEAMS_TENANTS: a tenant id is a GUID/,
    );
  });

  it("keeps references for the Bot Connector's own hosts unless TEAMS_SERVICE_URLS says otherwise", () => {
    expect(loadConfig({ TEAMS_ENABLED: "true" }).teams?.serviceUrls).toEqual(TEAMS_SERVICE_URLS);
    expect(TEAMS_SERVICE_URLS).toContain("https://smba.trafficmanager.net/");
    expect(
      loadConfig({
        TEAMS_ENABLED: "true",
        TEAMS_SERVICE_URLS: "http://127.0.0.1:3978, https://smba.example.test/teams/",
      }).teams?.serviceUrls,
    ).toEqual(["http://127.0.0.1:3978/", "https://smba.example.test/teams/"]);
    expect(() => loadConfig({ TEAMS_ENABLED: "true", TEAMS_SERVICE_URLS: "smba.trafficmanager.net" })).toThrow(
      /TEAMS_SERVICE_URLS: each entry must be an http\(s\) URL/,
    );
  });

  it("takes the OpenID metadata URL and token issuer for Teams tokens from the environment when set", () => {
    expect(
      loadConfig({
        MICROSOFT_APP_ID: "id",
        MICROSOFT_APP_PASSWORD: "pw",
        TEAMS_OPENID_METADATA_URL: "http://127.0.0.1:9/v1/.well-known/openidconfiguration",
        TEAMS_TOKEN_ISSUER: "https://api.botframework.test",
      }).teams,
    ).toMatchObject({
      openIdMetadataUrl: "http://127.0.0.1:9/v1/.well-known/openidconfiguration",
      tokenIssuer: "https://api.botframework.test",
    });
    expect(() => loadConfig({ TEAMS_ENABLED: "true", TEAMS_OPENID_METADATA_URL: "metadata" })).toThrow(
      /TEAMS_OPENID_METADATA_URL/,
    );
  });

  it("listens on HOST (0.0.0.0 by default), but on 127.0.0.1 only for Teams without an app id, and says so", () => {
    expect(listenHost(loadConfig({}))).toEqual({ host: "0.0.0.0" });
    expect(listenHost(loadConfig({ HOST: "10.0.0.5", MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw" }))).toEqual({
      host: "10.0.0.5",
    });
    const local = listenHost(loadConfig({ HOST: "0.0.0.0", TEAMS_ENABLED: "true" }));
    expect(local.host).toBe("127.0.0.1");
    expect(local.note).toMatch(
      /^Teams is on without MICROSOFT_APP_ID, .*listening on 127\.0\.0\.1 only \(HOST=0\.0\.0\.0 is ignored\)/,
    );
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

  it("with Teams on and no app id, listens on 127.0.0.1 whatever HOST says, and says so at start", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "teleecho-local-"));
    const root = path.resolve(__dirname, "..");
    const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "src/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: `file:${path.join(dir, "t.db")}`,
        TELEECHO_SECRET: "local-endpoint-secret-0123456789abcdef",
        TEAMS_ENABLED: "true",
        HOST: "0.0.0.0",
        PORT: "0",
      },
    });
    const lines: Array<{ message?: string; host?: string }> = [];
    let buffered = "";
    const listening = new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const parts = buffered.split("\n");
        buffered = parts.pop() ?? "";
        for (const line of parts) {
          if (line.startsWith("{")) lines.push(JSON.parse(line));
          if (line.includes("teleecho listening")) resolve();
        }
      });
      child.once("close", () => resolve());
    });
    await listening;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("close", resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(lines.find((l) => l.message?.startsWith("Teams is on without MICROSOFT_APP_ID"))?.message).toContain(
      "listening on 127.0.0.1 only (HOST=0.0.0.0 is ignored)",
    );
    expect(lines.find((l) => l.message === "teleecho listening")?.host).toBe("127.0.0.1");
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
