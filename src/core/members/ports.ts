/** The people of a network and their roles. */

export const ROLES = ["facilitator", "hub_expert", "member", "admin", "it"] as const;
export type Role = (typeof ROLES)[number];

export interface Member {
  id: string;
  networkId: string;
  user: string;
  displayName: string;
  role: Role;
  spokeId: string | null;
  /** reminder kinds this member turned off */
  mutedKinds: string[];
  /** in the network's channel now; a former member keeps their history and loses access */
  active: boolean;
  /** a guest of the workspace: a member who cannot be a facilitator or an admin */
  guest: boolean;
}

/** Someone the platform says is in a network's channel. */
export interface Person {
  user: string;
  name: string;
  guest: boolean;
}

export interface MemberRepository {
  /** the member, active or former */
  find(networkId: string, user: string): Promise<Member | undefined>;
  /** each of these people's membership, active or former, by user address (the ones found) */
  findMany(networkId: string, users: readonly string[]): Promise<Map<string, Member>>;
  /** the network's members now (in its channel) */
  list(networkId: string): Promise<Member[]>;
  /** everyone who has been a member, former ones too (for names in history) */
  everyone(networkId: string): Promise<Member[]>;
  /** creates the member or changes its role, and makes them active; the display name is refreshed */
  upsert(networkId: string, user: string, displayName: string, role: Role): Promise<Member>;
  /** people found in the channel: new ones become members, former ones active again; roles are kept */
  join(networkId: string, people: Person[]): Promise<void>;
  /** people who left the channel: no longer members (their rows, and so their history, stay) */
  leave(networkId: string, users: string[]): Promise<void>;
  setMuted(memberId: string, kinds: string[]): Promise<Member>;
}
