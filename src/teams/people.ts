/**
 * What the Bot Connector says about people, kept for a while: whether someone is a guest of their tenant (a guest
 * can be a member but cannot set up a network), and which AAD object id goes with a Teams user id (a roster change
 * may name someone by the Teams id alone). Learned from member lookups (`GET …/members/{id}`) and roster pages; a
 * failed lookup is not kept, and leaves the guest question open rather than guessing.
 */
import { TeamsInfo, type TurnContext } from "botbuilder";
import type { Person } from "../core/members/ports";
import type { Clock, Logger } from "../core/ports";
import { RosterMember } from "./activity";
import { userAddress } from "./addresses";

export const PEOPLE_TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 20_000;

/** A roster entry as the core's Person: the neutral address, the name, and whether Teams says they are a guest. */
export const personOf = (member: RosterMember): Person => ({
  user: userAddress({ id: member.id, aadObjectId: member.aadObjectId ?? undefined }),
  name: member.name?.trim() || member.id,
  guest: member.userRole === "guest",
});

export class TeamsPeople {
  private readonly guests = new Map<string, { guest: boolean; expires: number }>();
  private readonly aadIds = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly ttlMs = PEOPLE_TTL_MS,
  ) {}

  /** Remembers what a member lookup or a roster page said about someone of `tenant`. */
  learn(tenant: string, member: RosterMember): void {
    const key = `${tenant.toLowerCase()}|${member.id}`;
    bounded(this.guests, key, { guest: member.userRole === "guest", expires: this.clock.now().getTime() + this.ttlMs });
    if (member.aadObjectId) bounded(this.aadIds, key, member.aadObjectId);
  }

  /** The AAD object id last seen with a Teams user id in `tenant`. */
  aadObjectId(tenant: string, teamsUserId: string): string | undefined {
    return this.aadIds.get(`${tenant.toLowerCase()}|${teamsUserId}`);
  }

  /** Whether the person acting in this turn is a guest; undefined when the Bot Connector could not be asked. */
  async guest(turn: TurnContext, tenant: string): Promise<boolean | undefined> {
    const from = turn.activity.from;
    if (!from?.id) return undefined;
    const hit = this.guests.get(`${tenant.toLowerCase()}|${from.id}`);
    if (hit && hit.expires > this.clock.now().getTime()) return hit.guest;
    try {
      const member = RosterMember.parse(await TeamsInfo.getMember(turn, from.id));
      this.learn(tenant, member);
      return member.userRole === "guest";
    } catch (error) {
      this.log.warn("teams: could not look up the acting member; guest status unknown", { user: from.id, error });
      return undefined;
    }
  }
}

function bounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
