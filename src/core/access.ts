/** Which network a request is about and who is asking: the lookups every command, action and form starts with. */
import type { Ctx } from "./context";
import type { CoreDeps } from "./deps";
import { DomainError, notSetUp } from "./errors";
import type { Member, Network, Store } from "./ports";

/** The network of the channel the request came from. */
export async function networkFor(store: Store, ctx: Ctx): Promise<Network> {
  const network = await store.networks.byChannel(ctx.channel);
  if (!network) throw notSetUp();
  return network;
}

/** The acting member of the network; a workspace admin acts as an admin without being made a member for it. */
export async function requireMember(deps: CoreDeps, ctx: Ctx, network: Network, what: string): Promise<Member> {
  const member = await deps.store.members.find(network.id, ctx.actor.user);
  if (member) return member;
  if (ctx.actor.isWorkspaceAdmin)
    return {
      id: "",
      networkId: network.id,
      user: ctx.actor.user,
      displayName: ctx.actor.name,
      role: "admin",
      spokeId: null,
      mutedKinds: [],
    };
  throw new DomainError(
    "forbidden",
    `Only members of ${network.name} can ${what}. A facilitator can add you with \`role @you member\`.`,
  );
}
