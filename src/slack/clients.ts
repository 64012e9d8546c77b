/**
 * Which Web API client talks to a workspace. Every proactive call (a post, a membership listing) names the workspace
 * it is for, as the core stores it on a network: "slack:T…" for a workspace, "slack:E…" for an org-wide install
 * (see addresses.ts). With one bot token (SLACK_BOT_TOKEN) there is one client for every workspace key; an OAuth
 * install keeps a token per workspace and implements this interface on its installation store.
 *
 * Each user of this interface chooses its client's retry settings: the messenger's hand 429s back to its durable
 * queue (messenger.ts), the directory's wait them out a few times (directory.ts).
 */
import type { webApi } from "@slack/bolt";

/** Web API clients with the bot token of one workspace: "slack:T…", or for an org-wide install "slack:E…". */
export interface SlackClients {
  forWorkspace(workspace: string): Promise<webApi.WebClient>;
}

/** Single-token mode (SLACK_BOT_TOKEN): every workspace key gets the one client. */
export function singleTokenClients(client: webApi.WebClient): SlackClients {
  return { forWorkspace: async () => client };
}
