/**
 * The Slack side of the daily membership sync: everyone in a network's channel. The channel's member ids come from
 * `conversations.members` (up to 1,000 a page, cursor paging; Tier 4), and who each of them is from `users.list` (up
 * to 200 people a page; Tier 2, about 20 calls a minute, so pages are spaced 3 s apart): name, and whether they are a
 * guest (restricted or ultra-restricted). Bots, Slackbot and deactivated accounts are left out. Someone in the channel
 * whom the workspace's list does not hold is from another organisation (a Slack Connect channel): a member, counted
 * as a guest, so never a facilitator or admin here. A 429 is waited out (Retry-After) a few times by the Web API
 * client; what still fails ends the listing, and the sync changes nobody and tries again later (core/members/sync.ts).
 *
 * An org-wide install (the network's workspace is the organisation, "E…") lists the users of the workspace the
 * channel belongs to (`users.list` with its `team_id`, from `conversations.info`, as an org token requires); people
 * of the channel from the organisation's other workspaces are asked for one by one (`users.info`, Tier 4, spaced
 * 0.6 s): they are members like anyone of the organisation, and people from outside it are guests.
 */
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { Directory, Logger, Person } from "../core/ports";
import { parseAddress, userAddress, workspaceAddress } from "./addresses";
import type { SlackClients } from "./clients";
import { slackErrorCode } from "./errors";
import { isHome, isRestricted, nameOf, slackUserSchema } from "./users";

export const MEMBERS_PAGE = 1000;
export const USERS_PAGE = 200;
/** Tier 2 allows about 20 calls a minute */
export const USERS_LIST_SPACING_MS = 3000;
/** Tier 4 allows 100+ calls a minute */
export const USERS_INFO_SPACING_MS = 600;

const membersPage = z.object({
  ok: z.literal(true),
  members: z.array(z.string()),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

const channelInfo = z.object({
  ok: z.literal(true),
  channel: z.looseObject({ context_team_id: z.string().optional() }),
});
const userInfo = z.object({ ok: z.literal(true), user: slackUserSchema.extend({ id: z.string() }) });

const usersPage = z.object({
  ok: z.literal(true),
  members: z.array(slackUserSchema.extend({ id: z.string() })),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

export interface SlackDirectoryOptions {
  clients: SlackClients;
  log?: Logger;
  /** the time between users.list pages (tests make it short) */
  spacingMs?: number;
  /** the time between users.info calls of an org-wide install's listing (tests make it short) */
  infoSpacingMs?: number;
}

/** users.info's `user_not_found` is an answer (someone Slack will not show us); any other failure ends the listing */
const notFoundAsNothing = (error: unknown): undefined => {
  if (slackErrorCode(error) === "user_not_found") return undefined;
  throw error;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSlackDirectory(options: SlackDirectoryOptions): Directory {
  const spacing = options.spacingMs ?? USERS_LIST_SPACING_MS;
  const infoSpacing = options.infoSpacingMs ?? USERS_INFO_SPACING_MS;

  async function channelIds(client: webApi.WebClient, channel: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = membersPage.parse(await client.conversations.members({ channel, limit: MEMBERS_PAGE, cursor }));
      for (const id of page.members) ids.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return ids;
  }

  async function* listing(address: string): AsyncGenerator<Person[]> {
    const where = parseAddress(address);
    if (where.kind !== "channel") throw new Error(`not a Slack channel address: ${address.slice(0, 80)}`);
    const client = await options.clients.forWorkspace(workspaceAddress(where.team));
    const inChannel = await channelIds(client, where.channel);
    const orgWide = where.team.startsWith("E");
    // an org token lists one workspace's users at a time: the channel's own
    const teamId = orgWide
      ? channelInfo.parse(await client.conversations.info({ channel: where.channel })).channel.context_team_id
      : undefined;
    let cursor: string | undefined;
    let first = true;
    do {
      if (!first) await sleep(spacing);
      first = false;
      const page = usersPage.parse(
        await client.users.list({ limit: USERS_PAGE, cursor, ...(teamId ? { team_id: teamId } : {}) }),
      );
      const people: Person[] = [];
      for (const user of page.members) {
        if (!inChannel.has(user.id)) continue;
        inChannel.delete(user.id);
        if (user.deleted || user.is_bot || user.id === "USLACKBOT") continue;
        people.push({
          user: userAddress(where.team, user.id),
          name: nameOf(user, user.name || user.id),
          guest: isRestricted(user),
        });
      }
      if (people.length) yield people;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    if (orgWide) {
      yield* othersOfOrganisation(client, where.team, inChannel);
      return;
    }
    // in the channel, not in this workspace's list: people from another organisation in a shared channel (bots of
    // other workspaces would be here too; they never act through commands)
    const outsiders = [...inChannel].map((id) => ({ user: userAddress(where.team, id), name: id, guest: true }));
    if (outsiders.length) {
      options.log?.info("slack: people from another organisation are in the channel; members as guests", {
        channel: address,
        count: outsiders.length,
      });
      yield outsiders;
    }
  }

  /** An org-wide install's channel members not in its workspace's list: each asked for; outsiders are guests. */
  async function* othersOfOrganisation(
    client: webApi.WebClient,
    organisation: string,
    ids: Set<string>,
  ): AsyncGenerator<Person[]> {
    let people: Person[] = [];
    for (const id of ids) {
      await sleep(infoSpacing);
      const found = userInfo.safeParse(await client.users.info({ user: id }).catch(notFoundAsNothing));
      const user = found.success ? found.data.user : undefined;
      if (user && (user.deleted || user.is_bot)) continue;
      people.push({
        user: userAddress(organisation, id),
        name: user ? nameOf(user, user.name || id) : id,
        guest: !user || !isHome(user, organisation) || isRestricted(user),
      });
      if (people.length >= USERS_PAGE) {
        yield people;
        people = [];
      }
    }
    if (people.length) yield people;
  }

  return {
    members: (channel) => (channel.startsWith("slack:") ? listing(channel) : undefined),
  };
}
