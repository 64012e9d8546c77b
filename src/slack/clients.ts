/**
 * Which Web API client talks to a workspace. Every proactive call (a post, a membership listing) names the workspace
 * it is for, as the core stores it on a network: "slack:T…" for a workspace, "slack:E…" for an org-wide install
 * (see addresses.ts). With one bot token (SLACK_BOT_TOKEN) there is one client for every workspace key; with OAuth
 * each workspace has its own token, asked of the authorizer (installations.ts) at each call, so a token about to
 * expire is refreshed before a scheduled send uses it.
 *
 * Each user of this interface chooses its client's retry settings: the messenger's hand 429s back to its durable
 * queue (messenger.ts), the directory's wait them out a few times (directory.ts).
 */
import type { webApi } from "@slack/bolt";
import { queryOfKey, type SlackAuthorizer } from "./installations";

/** Web API clients with the bot token of one workspace: "slack:T…", or for an org-wide install "slack:E…". */
export interface SlackClients {
  forWorkspace(workspace: string): Promise<webApi.WebClient>;
}

/** Single-token mode (SLACK_BOT_TOKEN): every workspace key gets the one client. */
export function singleTokenClients(client: webApi.WebClient): SlackClients {
  return { forWorkspace: async () => client };
}

const MAX_CLIENTS = 1000;

/** OAuth mode: the workspace's current token, and one client per token (a refreshed token gets a new client). */
export function installedClients(authorizer: SlackAuthorizer, make: (token: string) => webApi.WebClient): SlackClients {
  const clients = new Map<string, webApi.WebClient>();
  return {
    async forWorkspace(workspace) {
      const key = workspace.replace(/^slack:/, "");
      const { botToken } = await authorizer.authorize(queryOfKey(key));
      let client = clients.get(botToken);
      if (!client) {
        if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
        client = make(botToken);
        clients.set(botToken, client);
      }
      return client;
    },
  };
}
