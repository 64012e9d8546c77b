/**
 * The Teams roster for the daily membership sync: everyone in the team a network's channel belongs to, page by page
 * from the Bot Connector (`GET v3/conversations/{team id}/pagedmembers`, up to 500 a page, with continuation tokens;
 * TeamsInfo.getPagedTeamMembers), proactively through the reference stored for the network's channel. A network in a
 * group chat lists the chat's members instead. Every page is paced and retried like a send (connector.ts): a 429 is
 * waited out, and what still fails goes back to the durable queue, which tries the sync again later.
 */
import { TeamsInfo } from "botbuilder";
import { DeliveryError } from "../core/jobs/runner";
import type { Directory, Logger, Person } from "../core/ports";
import { RosterMember, RosterPage } from "./activity";
import { isTeamsAddress } from "./addresses";
import { referenceTenant, type TeamsConnector } from "./connector";
import { personOf, type TeamsPeople } from "./people";

/** The largest page the Bot Connector serves. */
export const ROSTER_PAGE_SIZE = 500;

export interface TeamsDirectoryOptions {
  connector: TeamsConnector;
  people?: TeamsPeople;
  log?: Logger;
  pageSize?: number;
}

export function createTeamsDirectory(options: TeamsDirectoryOptions): Directory {
  const { connector, people, log } = options;
  const pageSize = Math.min(ROSTER_PAGE_SIZE, Math.max(50, options.pageSize ?? ROSTER_PAGE_SIZE));

  async function* roster(channel: string): AsyncGenerator<Person[]> {
    const ref = await connector.stored(channel);
    if (!ref)
      throw new DeliveryError(
        `no Teams conversation reference is stored for ${channel}: the roster is read through the channel's, kept when someone uses the bot there`,
        "unreachable",
      );
    const tenant = referenceTenant(ref);
    const listed = ref.teamId ?? ref.conversation.id;
    let continuationToken: string | undefined;
    let pages = 0;
    do {
      const token = continuationToken;
      const raw = await connector.attempt("read a Teams roster page", connector.slotsFor(listed, tenant), () =>
        connector.inTurn(ref, (turn) =>
          ref.teamId
            ? TeamsInfo.getPagedTeamMembers(turn, ref.teamId, pageSize, token)
            : TeamsInfo.getPagedMembers(turn, pageSize, token),
        ),
      );
      const page = RosterPage.parse(raw);
      const members: Person[] = [];
      for (const entry of page.members) {
        const member = RosterMember.safeParse(entry);
        if (!member.success) {
          log?.warn("teams: a roster entry did not parse; left out", { channel });
          continue;
        }
        if (tenant) people?.learn(tenant, member.data);
        members.push(personOf(member.data));
      }
      pages += 1;
      yield members;
      continuationToken = page.continuationToken || undefined;
    } while (continuationToken);
    log?.info("teams: roster read", { channel, pages });
  }

  return { members: (channel) => (isTeamsAddress(channel) ? roster(channel) : undefined) };
}
