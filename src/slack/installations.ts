/**
 * A Slack app installed into many workspaces (OAuth v2): where each installation is kept, and the one way to get a
 * workspace's bot token, for incoming requests (Bolt's `authorize`) and for proactive sends (clients.ts) alike.
 *
 * - Installations live in the store's Installations port, one per workspace: keyed by the team id, or by the
 *   enterprise id for an org-wide install (which serves every workspace of the organisation with one token). The
 *   whole record (bot token, refresh token, expiry) is sealed with TELEECHO_SECRET, bound to its key, so the
 *   database alone holds no usable token and a row copied under another workspace's key does not open.
 * - Token rotation: a token that expires within two hours is refreshed before it is used, whether a request or a
 *   scheduled send asked for it. Slack revokes a refresh token once it is used, so only one copy of the bot may
 *   spend it: the copy whose claim in the shared request ledger lands first refreshes (through @slack/oauth's
 *   InstallProvider, which stores the new tokens); the others keep using the current token while it is still valid,
 *   or wait for the new one. A claim is per five minutes, so a copy that crashed mid-refresh is taken over.
 * - A workspace's answer is kept in memory for 50 seconds (never past the point where its token needs refreshing),
 *   and concurrent asks for one workspace share one lookup.
 */
import { createHash } from "node:crypto";
import {
  type Installation,
  type InstallationQuery,
  type InstallationStore,
  type InstallProvider,
  InvalidStateError,
  type StateStore,
} from "@slack/oauth";
import { z } from "zod";
import type { Installations, Logger, RequestLedger, Sealer } from "../core/ports";

export const INSTALLATION_PLATFORM = "slack";
/** how long a workspace's token is kept in memory between store reads */
export const AUTHORIZE_CACHE_MS = 50_000;
/** a token that expires within this is refreshed before use (the InstallProvider's own default, 120 minutes) */
export const REFRESH_BEFORE_MS = 120 * 60_000;
const REFRESH_CLAIM_MS = 5 * 60_000;

/** The app is not installed in this workspace (never was, or was uninstalled): nothing can be sent there. */
export class NotInstalledError extends Error {
  constructor(readonly key: string) {
    super(`the Slack app is not installed in ${key}`);
    this.name = "NotInstalledError";
  }
}

export interface WorkspaceQuery {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/** The workspace an installation serves: an org-wide install's enterprise id, else the team id. */
export function installationKey(query: WorkspaceQuery): string {
  const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!key) throw new NotInstalledError("(no workspace)");
  return key;
}

/** The query for a workspace key as addresses carry it ("E…" is an organisation, anything else a team). */
export const queryOfKey = (key: string): InstallationQuery<boolean> =>
  key.startsWith("E")
    ? { teamId: undefined, enterpriseId: key, isEnterpriseInstall: true }
    : { teamId: key, enterpriseId: undefined, isEnterpriseInstall: false };

/** The workspace key of an installation Slack just made or the store holds. */
export const keyOfInstallation = (installation: Installation<"v1" | "v2", boolean>): string =>
  installationKey({
    teamId: installation.team?.id,
    enterpriseId: installation.enterprise?.id,
    isEnterpriseInstall: installation.isEnterpriseInstall === true,
  });

const sealContext = (key: string) => `slack-installation:${key}`;

/** What is read back of a sealed installation: it must still have a bot token. */
const storedInstallation = z.looseObject({
  bot: z.looseObject({
    token: z.string().min(1),
    id: z.string().optional(),
    userId: z.string().optional(),
    refreshToken: z.string().optional(),
    expiresAt: z.number().optional(),
  }),
  team: z.looseObject({ id: z.string() }).nullish(),
  enterprise: z.looseObject({ id: z.string() }).nullish(),
  isEnterpriseInstall: z.boolean().optional(),
});

/** Bolt's InstallationStore on the store's Installations port, every record sealed. */
export function sealedInstallationStore(installations: Installations, sealer: Sealer): InstallationStore {
  const load = async (key: string): Promise<Installation<"v1" | "v2", boolean>> => {
    const sealed = await installations.find(INSTALLATION_PLATFORM, key);
    if (sealed === undefined) throw new NotInstalledError(key);
    const record = storedInstallation.parse(JSON.parse(sealer.open(sealContext(key), sealed)));
    return record as unknown as Installation<"v1" | "v2", boolean>;
  };
  return {
    storeInstallation: async (installation) => {
      const key = keyOfInstallation(installation);
      await installations.save(INSTALLATION_PLATFORM, key, sealer.seal(sealContext(key), JSON.stringify(installation)));
    },
    fetchInstallation: (query: InstallationQuery<boolean>) => load(installationKey(query)),
    deleteInstallation: async (query: InstallationQuery<boolean>) => {
      await installations.remove(INSTALLATION_PLATFORM, installationKey(query));
    },
  };
}

/**
 * The OAuth state: signed and short-lived (@slack/oauth's ClearStateStore, ten minutes), and good for one
 * installation only: a state seen before, by any copy sharing the store, is refused.
 */
export function oneUseStateStore(signed: StateStore, ledger: RequestLedger): StateStore {
  return {
    generateStateParam: (options, now) => signed.generateStateParam(options, now),
    verifyStateParam: async (now, state) => {
      const options = await signed.verifyStateParam(now, state);
      const digest = createHash("sha256").update(state).digest("hex");
      if (!(await ledger.firstTime(`slack:oauth-state:${digest}`)))
        throw new InvalidStateError("The state value has been used already");
      return options;
    },
  };
}

/** What Bolt's listeners and our Web API clients are given for a workspace. */
export interface WorkspaceAuthorization {
  botToken: string;
  botId?: string;
  botUserId?: string;
  teamId?: string;
  enterpriseId?: string;
}

export interface SlackAuthorizer {
  authorize(query: WorkspaceQuery): Promise<WorkspaceAuthorization>;
  /** drops what this copy keeps in memory for a workspace (after an uninstall) */
  forget(key: string): void;
}

export interface AuthorizerOptions {
  installer: Pick<InstallProvider, "authorize">;
  store: InstallationStore;
  ledger: RequestLedger;
  log: Logger;
  /** wall-clock milliseconds (token expiry is Slack's, in real time) */
  now?: () => number;
  /** how long to wait for another copy's refresh when the current token has run out; default 10 s */
  refreshWaitMs?: number;
}

const resultOf = (installation: Installation<"v1" | "v2", boolean>): WorkspaceAuthorization => {
  const bot = installation.bot;
  if (!bot?.token) throw new NotInstalledError(keyOfInstallation(installation));
  return {
    botToken: bot.token,
    botId: bot.id,
    botUserId: bot.userId,
    teamId: installation.team?.id,
    enterpriseId: installation.enterprise?.id,
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createAuthorizer(options: AuthorizerOptions): SlackAuthorizer {
  const cache = new Map<string, { result: WorkspaceAuthorization; until: number }>();
  const pending = new Map<string, Promise<WorkspaceAuthorization>>();
  const now = options.now ?? Date.now;
  const refreshWaitMs = options.refreshWaitMs ?? 10_000;

  async function load(key: string): Promise<WorkspaceAuthorization> {
    const query = queryOfKey(key);
    const installation = await options.store.fetchInstallation(query);
    const bot = installation.bot;
    const expiresAtMs = bot?.expiresAt !== undefined ? bot.expiresAt * 1000 : undefined;
    let result: WorkspaceAuthorization;
    if (expiresAtMs === undefined || !bot?.refreshToken || expiresAtMs - now() > REFRESH_BEFORE_MS) {
      result = resultOf(installation);
    } else {
      result = await refreshed(key, query, installation, expiresAtMs);
    }
    const fresh = expiresAtMs === undefined ? Number.POSITIVE_INFINITY : expiresAtMs - REFRESH_BEFORE_MS;
    cache.set(key, { result, until: Math.min(now() + AUTHORIZE_CACHE_MS, fresh) });
    return result;
  }

  async function refreshed(
    key: string,
    query: InstallationQuery<boolean>,
    installation: Installation<"v1" | "v2", boolean>,
    expiresAtMs: number,
  ): Promise<WorkspaceAuthorization> {
    const spent = installation.bot?.refreshToken ?? "";
    const digest = createHash("sha256").update(spent).digest("hex");
    const claim = `slack:token-refresh:${key}:${digest}:${Math.floor(now() / REFRESH_CLAIM_MS)}`;
    if (await options.ledger.firstTime(claim)) {
      options.log.info("slack: refreshing a workspace's bot token", { workspace: key });
      const answer = await options.installer.authorize({
        teamId: query.teamId,
        enterpriseId: query.enterpriseId,
        isEnterpriseInstall: query.isEnterpriseInstall,
      });
      if (!answer.botToken) throw new NotInstalledError(key);
      return {
        botToken: answer.botToken,
        botId: answer.botId,
        botUserId: answer.botUserId,
        teamId: answer.teamId,
        enterpriseId: answer.enterpriseId,
      };
    }
    // another copy is refreshing: the current token is still good, or the new one arrives shortly
    if (expiresAtMs - now() > 5_000) return resultOf(installation);
    const until = now() + refreshWaitMs;
    while (now() < until) {
      await sleep(250);
      const latest = await options.store.fetchInstallation(query);
      if (latest.bot?.refreshToken !== spent) return resultOf(latest);
    }
    throw new Error(`the bot token of ${key} ran out while another copy was refreshing it`);
  }

  return {
    authorize(query) {
      const key = installationKey(query);
      const hit = cache.get(key);
      if (hit && hit.until > now()) return Promise.resolve(hit.result);
      let lookup = pending.get(key);
      if (!lookup) {
        lookup = load(key).finally(() => pending.delete(key));
        pending.set(key, lookup);
      }
      return lookup;
    },
    forget(key) {
      cache.delete(key);
    },
  };
}
