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
}

export interface MemberRepository {
  find(networkId: string, user: string): Promise<Member | undefined>;
  list(networkId: string): Promise<Member[]>;
  /** creates the member or changes its role; the display name is refreshed */
  upsert(networkId: string, user: string, displayName: string, role: Role): Promise<Member>;
  setMuted(memberId: string, kinds: string[]): Promise<Member>;
}
