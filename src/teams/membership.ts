/**
 * Roster changes Teams reports between daily syncs (`conversationUpdate` with membersAdded / membersRemoved, as
 * TeamsActivityHandler's onTeamsMembersAddedEvent / onTeamsMembersRemovedEvent hand them over): people added to a
 * team become members of the networks in its channels, people removed stop being members. botbuilder has already
 * looked each added person up (TeamsInfo.getMember), so their AAD object id and guest role are known; a removed person
 * may be named by the Teams user id alone, and is matched through the ids seen before (the next sync catches the rest).
 */
import type { ChannelAccount, TurnContext } from "botbuilder";
import type { Person } from "../core/members/ports";
import type { AdapterServices } from "../services";
import { RosterMember, StoredReference } from "./activity";
import { conversationAddress, userAddress } from "./addresses";
import { personOf, type TeamsPeople } from "./people";
import { inbound, teamOf, tenantOf } from "./turn";

const PREFIX = "teams:";

/** The network channels a change in this conversation (and its team, in a team's channel) concerns. */
async function channelsOf(services: AdapterServices, conversationId: string, teamId?: string): Promise<string[]> {
  const channels = new Set([conversationAddress(conversationId)]);
  if (!teamId) return [...channels];
  channels.add(conversationAddress(teamId));
  for (const network of await services.store.networks.all()) {
    if (!network.channel.startsWith(PREFIX) || channels.has(network.channel)) continue;
    const raw = await services.store.conversations.find(network.channel);
    const ref = raw ? StoredReference.safeParse(JSON.parse(raw)) : undefined;
    if (ref?.success && ref.data.teamId === teamId) channels.add(network.channel);
  }
  return [...channels];
}

export async function rosterChange(
  services: AdapterServices,
  people: TeamsPeople,
  turn: TurnContext,
  change: { added?: ChannelAccount[]; removed?: ChannelAccount[] },
): Promise<void> {
  const activity = inbound(turn);
  const tenant = tenantOf(turn.activity) ?? "";
  const bot = activity.recipient.id;
  const joined: Person[] = [];
  for (const account of change.added ?? []) {
    const member = RosterMember.safeParse(account);
    if (!member.success || member.data.id === bot) continue;
    people.learn(tenant, member.data);
    joined.push(personOf(member.data));
  }
  const left: string[] = [];
  for (const account of change.removed ?? []) {
    const member = RosterMember.safeParse(account);
    if (!member.success || member.data.id === bot) continue;
    const aadObjectId = member.data.aadObjectId || people.aadObjectId(tenant, member.data.id);
    left.push(userAddress({ id: member.data.id, aadObjectId }));
  }
  if (!joined.length && !left.length) return;
  const channels = await channelsOf(services, activity.conversation.id, teamOf(turn.activity));
  for (const channel of channels)
    await services.core.membership({ channel, workspace: `teams:${tenant}`, joined, left });
  services.log.info("teams: roster change", { joined: joined.length, left: left.length, tenant });
}
