/**
 * Installing the Slack app into many workspaces (OAuth v2), on the shared HTTP server:
 *   GET /slack/install         a page with "Add to Slack" (the state is signed, set in a cookie, and good once)
 *   GET /slack/oauth_redirect  where Slack sends the installer back: the code is exchanged for the workspace's
 *                              token (oauth.v2.access) and the installation is kept, sealed (installations.ts)
 * @slack/oauth's InstallProvider does the exchange and the state checks; the pages are ours. And two events that
 * Bolt leaves to the app: `app_uninstalled` and `tokens_revoked` (for the bot) delete the workspace's installation,
 * so nothing is sent there with a dead token. The workspace's networks, members and history are kept: installing
 * again brings them back.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "@slack/bolt";
import {
  ClearStateStore,
  type CodedError,
  type Installation,
  InstallProvider,
  type Logger as OAuthLogger,
  LogLevel as OAuthLogLevel,
} from "@slack/oauth";
import type { Router } from "express";
import { z } from "zod";
import type { SlackOAuthConfig } from "../config";
import type { Logger } from "../core/ports";
import type { AdapterServices } from "../services";
import { firstEventDelivery } from "./deliveries";
import {
  createAuthorizer,
  keyOfInstallation,
  oneUseStateStore,
  queryOfKey,
  type SlackAuthorizer,
  sealedInstallationStore,
} from "./installations";
import { eventCallbackSchema, eventWorkspace } from "./payloads";

export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

/** The bot scopes the app asks for: the manifest's (a test keeps the two the same). */
export const BOT_SCOPES = [
  "app_mentions:read",
  "channels:history",
  "channels:read",
  "chat:write",
  "chat:write.public",
  "commands",
  "files:write",
  "groups:history",
  "groups:read",
  "im:history",
  "im:write",
  "users:read",
];

export interface SlackOAuth {
  authorizer: SlackAuthorizer;
  /** mounts the install page and the redirect on the adapter's router */
  mount(router: Router): void;
  /** deletes a workspace's installation (the app was uninstalled, or its token revoked) */
  uninstall(key: string): Promise<void>;
}

export function createSlackOAuth(
  services: AdapterServices,
  config: SlackOAuthConfig,
  clientOptions: { slackApiUrl?: string },
): SlackOAuth {
  const store = sealedInstallationStore(services.store.installations, services.sealer);
  const installOptions = { scopes: BOT_SCOPES, ...(config.redirectUri ? { redirectUri: config.redirectUri } : {}) };
  const installer = new InstallProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateSecret: config.stateSecret,
    stateStore: oneUseStateStore(new ClearStateStore(config.stateSecret), services.store.requests),
    installationStore: store,
    installUrlOptions: installOptions,
    renderHtmlForInstallPath: installPage,
    logger: oauthLogger(services.log),
    clientOptions,
  });
  const authorizer = createAuthorizer({
    installer,
    store,
    ledger: services.store.requests,
    log: services.log,
  });
  const log = services.log;

  const callbacks = {
    success: (installation: Installation, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
      const key = keyOfInstallation(installation);
      authorizer.forget(key); // a reinstall brings a new token: this copy must not keep using the old one
      log.info("slack: installed", { workspace: key, orgWide: installation.isEnterpriseInstall === true });
      const name = installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name;
      page(res, 200, installedPage(name ?? key));
    },
    failure: (error: CodedError, _options: unknown, _req: IncomingMessage, res: ServerResponse) => {
      log.warn("slack: an installation did not finish", { code: error.code });
      page(res, 400, notInstalledPage(error.code));
    },
  };

  return {
    authorizer,
    async uninstall(key) {
      await store.deleteInstallation?.(queryOfKey(key));
      authorizer.forget(key);
    },
    mount(router) {
      router.get(INSTALL_PATH, (req, res) => {
        installer.handleInstallPath(req, res, undefined, installOptions).catch((error: unknown) => {
          log.error("slack: the install page failed", { error });
          if (!res.headersSent) page(res, 500, notInstalledPage("unknown"));
        });
      });
      router.get(REDIRECT_PATH, (req, res) => {
        installer.handleCallback(req, res, callbacks, installOptions).catch((error: unknown) => {
          log.error("slack: the OAuth redirect failed", { error });
          if (!res.headersSent) page(res, 500, notInstalledPage("unknown"));
        });
      });
    },
  };
}

const revokedEvent = z.object({
  tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }),
});

/**
 * `app_uninstalled`, and `tokens_revoked` naming the bot: the workspace's installation is deleted (OAuth), or, with
 * one bot token, the log says the token no longer works. A retried event is handled once.
 */
export function registerInstallationEvents(app: App, services: AdapterServices, oauth?: SlackOAuth): void {
  const log = services.log;
  const remove = async (body: unknown, why: string) => {
    const envelope = eventCallbackSchema.safeParse(body);
    if (!envelope.success) return log.warn(`slack: ${why} event ignored: malformed`);
    if (!(await firstEventDelivery(services, envelope.data.event_id))) return;
    const key = eventWorkspace(envelope.data);
    if (!oauth)
      return log.warn(`slack: ${why}: SLACK_BOT_TOKEN no longer works; nothing can be sent until it is replaced`, {
        workspace: key,
      });
    await oauth.uninstall(key);
    log.info(`slack: ${why}: the workspace's installation is deleted (its networks are kept)`, { workspace: key });
  };

  app.event("app_uninstalled", async ({ body }) => {
    await remove(body, "app_uninstalled");
  });
  app.event("tokens_revoked", async ({ body, event }) => {
    const revoked = revokedEvent.safeParse(event);
    if (!revoked.success || !revoked.data.tokens.bot?.length) return; // only user tokens: we keep none
    await remove(body, "tokens_revoked");
  });
}

// ---- the pages ----

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function page(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "x-frame-options": "DENY",
  });
  res.end(html);
}

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}
h1{font-size:1.5rem}a.button{display:inline-block;padding:.6rem 1.2rem;border:1px solid #ddd;border-radius:6px;
background:#fff;color:#1d1c1d;font-weight:700;text-decoration:none;box-shadow:0 1px 2px rgba(0,0,0,.1)}
a.button:focus,a.button:hover{border-color:#4a154b;outline:2px solid #4a154b}</style></head>
<body>${body}</body></html>`;

/** The install page: what teleecho is, what it may do, and the "Add to Slack" button (no outside images). */
export function installPage(url: string): string {
  return layout(
    "Add teleecho to Slack",
    `<h1>Add teleecho to your Slack workspace</h1>
<p>teleecho runs your Project ECHO network in a Slack channel: the schedule, topic votes, the presenter rota,
de-identified case forms and reminders.</p>
<p>It will be able to read and post messages in the channels it is invited to, send direct messages, and see who is
in those channels. Only a workspace admin (or someone your admins allow) can add apps.</p>
<p><a class="button" href="${escapeHtml(url)}">Add to Slack</a></p>
<p>Cases must be de-identified: teleecho refuses names, dates of birth, record numbers and other identifiers.</p>`,
  );
}

function installedPage(workspace: string): string {
  return layout(
    "teleecho is installed",
    `<h1>teleecho is installed in ${escapeHtml(workspace)}</h1>
<p>Next: in Slack, invite it to your network's channel with <code>/invite @teleecho</code>, then type
<code>/echo setup</code> there. <code>/echo help</code> lists everything it does.</p>
<p>You can close this page.</p>`,
  );
}

/** Why an installation did not finish, in words for the person installing (the code is logged, not shown). */
function notInstalledPage(code: string): string {
  const why =
    code === "slack_oauth_installer_authorization_error"
      ? "The installation was cancelled in Slack."
      : code === "slack_oauth_invalid_state" || code === "slack_oauth_missing_state"
        ? "This installation link has expired or was already used."
        : "Slack did not confirm the installation.";
  return layout(
    "teleecho was not installed",
    `<h1>teleecho was not installed</h1>
<p>${escapeHtml(why)} Nothing was changed in your workspace.</p>
<p><a href="${INSTALL_PATH}">Start again</a></p>`,
  );
}

/** @slack/oauth's log lines go to the service log (debug dropped); errors travel in the context. */
function oauthLogger(log: Logger): OAuthLogger {
  let level = OAuthLogLevel.INFO;
  const line = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.name : String(p)))
      .join(" ")
      .slice(0, 500);
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => log.info(`slack/oauth: ${line(parts)}`),
    warn: (...parts: unknown[]) => log.warn(`slack/oauth: ${line(parts)}`),
    error: (...parts: unknown[]) => log.error(`slack/oauth: ${line(parts)}`),
    setLevel: (next: OAuthLogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
