/** Members and roles: `role` lists them; `role @person <role>` gives someone a role. */
import type { Feature } from "../feature";
import { networkFor } from "../networks/service";
import { requireManager } from "../roles";
import { cardReply, text } from "../ui/model";

const ROLE_NAMES = {
  facilitator: "Facilitator",
  hub_expert: "Hub expert",
  member: "Member",
  admin: "Admin",
  it: "IT",
} as const;

export const membersFeature: Feature = {
  commands: {
    role: async (deps, ctx, command) => {
      if (command.name !== "role") throw new Error("role handler got another command");
      const network = await networkFor(deps.store, ctx);
      if (!command.target || !command.role) {
        const members = await deps.store.members.list(network.id);
        const lines = members.map((m) => `${m.displayName}: ${ROLE_NAMES[m.role]}`);
        return cardReply({
          title: `${network.name}: members and roles`,
          blocks: [
            { kind: "text", text: lines.join("\n") || "No members yet." },
            {
              kind: "context",
              text: "A facilitator or admin can change a role with `role @person facilitator|hub_expert|member|admin|it`.",
            },
          ],
          fallback: lines.join("; ") || "No members yet.",
        });
      }
      const { target, role } = command;
      return deps.store.transaction(async (store) => {
        requireManager(ctx, await store.members.find(network.id, ctx.actor.user), "give people roles");
        const existing = await store.members.find(network.id, target.user);
        const facilitators = (await store.members.list(network.id)).filter((m) => m.role === "facilitator");
        if (existing?.role === "facilitator" && role !== "facilitator" && facilitators.length === 1)
          return text("A network needs at least one facilitator. Make someone else facilitator first.");
        const name = target.name ?? existing?.displayName ?? target.user.split(":").pop() ?? target.user;
        const member = await store.members.upsert(network.id, target.user, name, role);
        await store.audit.record({
          networkId: network.id,
          actor: ctx.actor.user,
          action: "member.role",
          detail: { user: target.user, role },
        });
        return text(`${member.displayName} is now ${ROLE_NAMES[role].toLowerCase()} of ${network.name}.`, "public");
      });
    },
  },
};
