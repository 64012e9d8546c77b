/** Configuration from the environment, parsed once with zod. `.env.example` documents every variable. */
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

// ---- Teams: tenants, admins per tenant, the Bot Connector's hosts ----
const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const tenantId = z.string().regex(GUID, "a tenant id is a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47");
/** `<tenant id>/<AAD object id or Teams user id>`: a workspace admin of that tenant only */
const teamsAdmin = z.string().transform((entry, ctx) => {
  const at = entry.indexOf("/");
  const tenant = entry.slice(0, at).toLowerCase();
  const user = entry.slice(at + 1);
  if (at < 0 || !GUID.test(tenant) || !user) {
    ctx.addIssue({
      code: "custom",
      message: `"${entry.slice(0, 80)}" has no tenant: each entry is now <tenant id>/<AAD object id> (an admin of that tenant only), for example 72f988bf-86f1-41af-91ab-2d7cd011db47/${at < 0 ? entry.slice(0, 80) : "<AAD object id>"}`,
    });
    return z.NEVER;
  }
  return { tenant, user };
});
/** the start of the service URLs the Bot Connector posts from; a host alone counts as the host and everything under it */
const serviceUrlPrefix = z
  .url({ protocol: /^https?$/, message: "each entry must be an http(s) URL such as https://smba.trafficmanager.net/" })
  .transform((v) => {
    const url = new URL(v);
    return url.search || url.hash ? v : url.href.endsWith("/") ? url.href : `${url.href}/`;
  });

/**
 * Where Microsoft's Bot Connector posts Teams activities from (msteams-docs, and the Agents SDK's TeamsServiceEndpoints):
 * the public cloud, GCC, GCC High and DoD.
 */
export const TEAMS_SERVICE_URLS = [
  "https://smba.trafficmanager.net/",
  "https://smba.infra.gcc.teams.microsoft.com/",
  "https://smba.infra.gov.teams.microsoft.us/",
  "https://smba.infra.dod.teams.microsoft.us/",
];

const schema = z.object({
  DATABASE_URL: optional.refine(
    (v) => v === undefined || v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v),
    "DATABASE_URL must be file:<path> or postgresql://…; leave it unset for the embedded SQLite file",
  ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optional.transform((v) => v ?? "0.0.0.0"),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional.refine(
    (v) => v === undefined || v.length >= 32,
    "SLACK_STATE_SECRET must be at least 32 characters",
  ),
  SLACK_REDIRECT_URI: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SLACK_WORKSPACE_POSTS_PER_SECOND: z.coerce.number().positive().max(100).default(10),
  TEAMS_TENANT_REQUESTS_PER_SECOND: z.coerce.number().int().positive().max(100).default(30),
  SLACK_API_URL: optional.refine(
    (v) => v === undefined || /^https?:\/\//.test(v),
    "SLACK_API_URL must be an http(s) URL",
  ),
  MICROSOFT_APP_ID: optional,
  MICROSOFT_APP_PASSWORD: optional,
  MICROSOFT_APP_TENANT_ID: optional,
  MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("MultiTenant"),
  TEAMS_ENABLED: optional.transform((v) => v === "true" || v === "1"),
  TEAMS_ADMINS: optional.transform(list).pipe(z.array(teamsAdmin)),
  TEAMS_TENANTS: optional.transform(list).pipe(z.array(tenantId)),
  TEAMS_SERVICE_URLS: optional.transform(list).pipe(z.array(serviceUrlPrefix)),
  TEAMS_OPENID_METADATA_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TEAMS_TOKEN_ISSUER: optional,
  SHELL_USER: optional,
  EXPORTS_DIR: optional,
  TELEECHO_SECRET: optional.refine(
    (v) => v === undefined || v.length >= 32,
    "TELEECHO_SECRET must be at least 32 characters",
  ),
  SCHEDULER_TICK_SECONDS: z.coerce.number().int().min(1).max(30).default(10),
  JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export interface Config {
  databaseUrl: string | undefined;
  port: number;
  /** HOST: the address the HTTP server listens on (see `listenHost` for Teams without an app id) */
  host: string;
  slack?: {
    /** one workspace (SLACK_BOT_TOKEN); unset when `oauth` is set */
    botToken?: string;
    /** several workspaces: the app is distributed and installed with OAuth v2 (SLACK_CLIENT_ID and the rest) */
    oauth?: SlackOAuthConfig;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    /** this copy's share of the workspace's posting limit */
    postsPerSecond: number;
  };
  teams?: {
    appId: string;
    appPassword?: string;
    tenantId?: string;
    appType: string;
    /** TEAMS_ADMINS: workspace admins, each of one tenant */
    admins: Array<{ tenant: string; user: string }>;
    /** TEAMS_TENANTS: the tenants whose activities are accepted; undefined: any tenant */
    tenants?: string[];
    /** TEAMS_SERVICE_URLS: conversation references are kept only for service URLs starting with one of these */
    serviceUrls: string[];
    /** TEAMS_OPENID_METADATA_URL and TEAMS_TOKEN_ISSUER: for tests and sovereign clouds; unset: the public cloud's */
    openIdMetadataUrl?: string;
    tokenIssuer?: string;
    /** this copy's share of the tenant's request limit */
    requestsPerSecond: number;
  };
  shell: boolean;
  shellUser?: string;
  /** EXPORTS_DIR: where the shell writes the CSV files of `export` (default ./exports) */
  exportsDir: string;
  /** seals anonymous votes; unset: a key file beside the embedded database */
  secret?: string;
  /** how often the scheduler claims due jobs (1–30 s) */
  tickSeconds: number;
  /** how long a claimed job is ours before another copy may take it over after a crash */
  leaseSeconds: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
}

export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** signs the OAuth state parameter */
  stateSecret: string;
  /** SLACK_REDIRECT_URI: only when the app lists more than one redirect URL */
  redirectUri?: string;
}

export class ConfigError extends Error {}

const invalid = (line: string) => new ConfigError(`The configuration is not valid:\n- ${line}`);

/**
 * Reads `.env` (or `file`) into `env` when it exists, as `.env.example` suggests. A variable already set in the
 * environment wins over the file. Returns the names it set.
 */
export function loadDotEnv(file = ".env", env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(file)) return [];
  let values: Record<string, string>;
  try {
    values = parseEnv(readFileSync(file, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new ConfigError(`${file} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(values))
    if (env[name] === undefined) {
      env[name] = value;
      set.push(name);
    }
  return set;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`The configuration is not valid:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const slack = slackConfig(e);
  const teams =
    e.MICROSOFT_APP_ID || e.TEAMS_ENABLED
      ? {
          appId: e.MICROSOFT_APP_ID ?? "",
          appPassword: e.MICROSOFT_APP_PASSWORD,
          tenantId: e.MICROSOFT_APP_TENANT_ID,
          appType: e.MICROSOFT_APP_TYPE,
          admins: e.TEAMS_ADMINS,
          tenants: e.TEAMS_TENANTS.length ? e.TEAMS_TENANTS.map((t) => t.toLowerCase()) : undefined,
          serviceUrls: e.TEAMS_SERVICE_URLS.length ? e.TEAMS_SERVICE_URLS : TEAMS_SERVICE_URLS,
          openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
          tokenIssuer: e.TEAMS_TOKEN_ISSUER,
          requestsPerSecond: e.TEAMS_TENANT_REQUESTS_PER_SECOND,
        }
      : undefined;
  // --- secrets at rest: every copy on a shared database must seal votes with the same key ---
  if (e.DATABASE_URL && /^postgres(ql)?:\/\//.test(e.DATABASE_URL) && !e.TELEECHO_SECRET)
    throw new ConfigError(
      "The configuration is not valid:\n- TELEECHO_SECRET is required with PostgreSQL: set the same value (32 characters or more) on every copy of the bot, or anonymous votes cannot be counted",
    );
  if (teams?.appId && !teams.appPassword && teams.appType !== "UserAssignedMSI")
    throw new ConfigError(
      "The configuration is not valid:\n- MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not",
    );
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    slack,
    teams,
    shell: !slack && !teams,
    shellUser: e.SHELL_USER,
    exportsDir: e.EXPORTS_DIR ?? "exports",
    secret: e.TELEECHO_SECRET,
    tickSeconds: e.SCHEDULER_TICK_SECONDS,
    leaseSeconds: e.JOB_LEASE_SECONDS,
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Slack's mode: one workspace with SLACK_BOT_TOKEN (HTTP with the signing secret, or Socket Mode with the app token),
 * or several with OAuth (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, HTTP mode, tokens sealed with
 * TELEECHO_SECRET). A half-set or mixed configuration stops the start with what to change.
 */
function slackConfig(e: z.infer<typeof schema>): Config["slack"] {
  const common = { apiUrl: e.SLACK_API_URL, postsPerSecond: e.SLACK_WORKSPACE_POSTS_PER_SECOND };
  const oauthNames = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;
  const oauthSet = oauthNames.filter((name) => e[name] !== undefined);
  if (oauthSet.length > 0) {
    const missing = oauthNames.filter((name) => e[name] === undefined);
    if (missing.length)
      throw invalid(
        `installing into several workspaces (OAuth) needs ${oauthNames.join(", ")}: ${missing.join(" and ")} not set`,
      );
    if (e.SLACK_BOT_TOKEN)
      throw invalid(
        "SLACK_BOT_TOKEN is for one workspace and SLACK_CLIENT_ID for several (OAuth): set one of them, not both",
      );
    if (e.SLACK_APP_TOKEN)
      throw invalid("installing with OAuth needs HTTP mode (the install pages are web pages): unset SLACK_APP_TOKEN");
    if (!e.SLACK_SIGNING_SECRET) throw invalid("installing with OAuth needs SLACK_SIGNING_SECRET");
    if (!e.TELEECHO_SECRET)
      throw invalid(
        "installing with OAuth needs TELEECHO_SECRET: each workspace's bot token is kept sealed with it (32 characters or more)",
      );
    return {
      oauth: {
        clientId: e.SLACK_CLIENT_ID as string,
        clientSecret: e.SLACK_CLIENT_SECRET as string,
        stateSecret: e.SLACK_STATE_SECRET as string,
        redirectUri: e.SLACK_REDIRECT_URI,
      },
      signingSecret: e.SLACK_SIGNING_SECRET,
      ...common,
    };
  }
  if (e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN))
    return {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      ...common,
    };
  if (e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)
    throw invalid(
      "Slack needs SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET with SLACK_SIGNING_SECRET (OAuth, several workspaces)",
    );
  return undefined;
}

/**
 * The address the HTTP server listens on: HOST, except that Teams without an app id (an endpoint that checks no
 * token) listens on 127.0.0.1 whatever HOST says; `note` says so, for the start-up log.
 */
export function listenHost(config: Pick<Config, "host" | "teams">): { host: string; note?: string } {
  if (config.teams && !config.teams.appId)
    return {
      host: "127.0.0.1",
      note: `Teams is on without MICROSOFT_APP_ID, so /api/messages checks no token: listening on 127.0.0.1 only${config.host === "127.0.0.1" ? "" : ` (HOST=${config.host} is ignored)`}, for local testing. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to accept Teams from outside.`,
    };
  return { host: config.host };
}
