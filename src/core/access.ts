/**
 * The access kernel: which network a request is about, who is asking, and what their role lets them do — decided
 * here, from who is asking and where the request came from, never from what a button, card or form carries.
 *
 * - A command is about the network of the channel it was typed in (`channelAccess`).
 * - A button or form value names a record (a ballot, a slot, a case, a session); its network is checked against the
 *   request (`recordAccess`): from that network's own channel, fine; from another network's channel, or another
 *   workspace or tenant, "out of date" and nothing changes; from a direct message (or a channel with no network),
 *   only a member of the network, or its own workspace's admin, gets through.
 * - A member is someone in the network's channel now (`active`); someone who left keeps their history and loses
 *   access. A workspace admin's rights hold in their own workspace or tenant only.
 */
import type { Ctx } from "./context";
import type { CoreDeps } from "./deps";
import { DomainError, notSetUp } from "./errors";
import type { Member, Network, Role } from "./ports";

export interface Access {
  network: Network;
  /** the acting person's membership, when they are in the network's channel now */
  member: Member | undefined;
  /** an admin of the network's own workspace or tenant (never of another one) */
  workspaceAdmin: boolean;
}

export const outOfDate = () => new DomainError("stale", "That button or form is out of date. Run the command again.");

const MANAGERS: readonly Role[] = ["facilitator", "admin"];

/** Who is asking, in this network: their membership (read here, unless the caller already has it). */
async function accessOf(
  deps: Pick<CoreDeps, "store">,
  ctx: Ctx,
  network: Network,
  known?: { member: Member | undefined },
): Promise<Access> {
  const found = known ? known.member : await deps.store.members.find(network.id, ctx.actor.user);
  return {
    network,
    member: found?.active ? found : undefined,
    workspaceAdmin: ctx.actor.isWorkspaceAdmin && network.workspace === ctx.workspace,
  };
}

/** The network of the channel the request came from, and who is asking. */
export async function channelAccess(deps: Pick<CoreDeps, "store">, ctx: Ctx): Promise<Access> {
  let network = await deps.store.networks.byChannel(ctx.channel);
  if (!network) throw notSetUp();
  // a network made before workspaces were recorded takes the workspace of a request from its own channel
  if (!network.workspace && ctx.workspace) network = await deps.store.networks.setWorkspace(network.id, ctx.workspace);
  return accessOf(deps, ctx, network);
}

/** The network of the channel the request came from, or undefined when it has none. */
export async function channelNetwork(deps: Pick<CoreDeps, "store">, ctx: Ctx): Promise<Network | undefined> {
  return deps.store.networks.byChannel(ctx.channel);
}

/**
 * The network a record named by a button or form value belongs to, checked against where the request came from;
 * anything that does not fit is "out of date" and changes nothing.
 */
export async function recordAccess(deps: Pick<CoreDeps, "store">, ctx: Ctx, networkId: string): Promise<Access> {
  const network = await deps.store.networks.byId(networkId);
  if (!network) throw outOfDate();
  return accessToNetwork(deps, ctx, network);
}

/**
 * `recordAccess` for a network already read, and, when the caller has read it too (a batch of votes reads its
 * voters at once), the asker's membership: the same checks, without reading either again.
 */
export async function accessToNetwork(
  deps: Pick<CoreDeps, "store">,
  ctx: Ctx,
  found: Network,
  known?: { member: Member | undefined; otherHome?: boolean },
): Promise<Access> {
  let network = found;
  if (network.workspace && network.workspace !== ctx.workspace) throw outOfDate();
  if (network.channel === ctx.channel) {
    // a network made before workspaces were recorded takes the workspace of a request from its own channel
    if (!network.workspace && ctx.workspace)
      network = await deps.store.networks.setWorkspace(network.id, ctx.workspace);
    return accessOf(deps, ctx, network, known);
  }
  // from somewhere else: never from another network's channel, and only for the network's own people
  const otherHome = known?.otherHome ?? (await deps.store.networks.byChannel(ctx.channel)) !== undefined;
  if (otherHome) throw outOfDate();
  const access = await accessOf(deps, ctx, network, known);
  if (!access.member && !access.workspaceAdmin) throw outOfDate();
  return access;
}

/** Facilitators and admins manage a network; so does an admin of its own workspace. */
export const canManage = (access: Access): boolean =>
  access.workspaceAdmin || (access.member !== undefined && MANAGERS.includes(access.member.role));

export function requireManager(access: Access, what: string): void {
  if (!canManage(access))
    throw new DomainError("forbidden", `Only a facilitator or an admin of this network can ${what}.`);
}

export function requireRole(access: Access, roles: readonly Role[], what: string): void {
  if (access.workspaceAdmin) return;
  if (!access.member || !roles.includes(access.member.role))
    throw new DomainError("forbidden", `Only ${roles.map(roleLabel).join(" or ")} can ${what}.`);
}

/** The acting member; an admin of the network's workspace acts as an admin without being made a member for it. */
export function requireMember(access: Access, ctx: Ctx, what: string): Member {
  if (access.member) return access.member;
  if (access.workspaceAdmin)
    return {
      id: "",
      networkId: access.network.id,
      user: ctx.actor.user,
      displayName: ctx.actor.name,
      role: "admin",
      spokeId: null,
      mutedKinds: [],
      active: true,
      guest: false,
    };
  throw new DomainError(
    "forbidden",
    `Only members of ${access.network.name} can ${what}. A facilitator can add you with \`role @you member\`.`,
  );
}

/** Hub experts and facilitators (and admins) read cases and write the recommendations. */
export const canAdvise = (access: Access): boolean =>
  access.workspaceAdmin || ["hub_expert", "facilitator", "admin"].includes(access.member?.role ?? "");

export function roleLabel(role: Role): string {
  switch (role) {
    case "facilitator":
      return "facilitators";
    case "hub_expert":
      return "hub experts";
    case "member":
      return "members";
    case "admin":
      return "admins";
    case "it":
      return "IT staff";
  }
}
