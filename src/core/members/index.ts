/** Members and roles: `role` lists them; `role @person [@person …] <role>` gives people a role (and membership). */
import { channelAccess, requireManager, roleLabel } from "../access";
import type { Feature } from "../feature";
import { cardReply, text } from "../ui/model";
import { MEMBERS_SYNC, memberJobs, syncMembers } from "./sync";

const ROLE_NAMES = {
  facilitator: "Facilitator",
  hub_expert: "Hub expert",
  member: "Member",
  admin: "Admin",
  it: "IT",
} as const;

export const membersFeature: Feature = {
  name: "members",
  networkJobs: memberJobs,
  handlers: { [MEMBERS_SYNC]: syncMembers },
  commands: {
    role: async (deps, ctx, command) => {
      if (command.name !== "role") throw new Error("role handler got another command");
      const { network } = await channelAccess(deps, ctx);
      if (command.targets.length === 0 || !command.role) {
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
      const { targets, role } = command;
      return deps.store.transaction(async (store) => {
        // two facilitators changing roles at once run one after the other, so each sees the other's change and the
        // network never ends up without a facilitator
        await store.networks.lock(network.id);
        requireManager(await channelAccess({ store }, ctx), "give people roles");
        const members = await store.members.everyone(network.id);
        const guests = targets.filter((t) => members.find((m) => m.user === t.user)?.guest);
        if (guests.length && (role === "facilitator" || role === "admin"))
          return text(
            `${guests.map((t) => t.name ?? members.find((m) => m.user === t.user)?.displayName).join(", ")} ${guests.length === 1 ? "is a guest" : "are guests"} of this workspace: guests can be members, not ${roleLabel(role)}.`,
          );
        const facilitators = members.filter((m) => m.active && m.role === "facilitator").map((m) => m.user);
        const leaving = targets.filter((t) => facilitators.includes(t.user) && role !== "facilitator").length;
        if (leaving > 0 && leaving >= facilitators.length)
          return text("A network needs at least one facilitator. Make someone else facilitator first.");
        const names: string[] = [];
        for (const target of targets) {
          const existing = members.find((m) => m.user === target.user);
          const name = target.name ?? existing?.displayName ?? target.user.split(":").pop() ?? target.user;
          names.push((await store.members.upsert(network.id, target.user, name, role)).displayName);
          await store.audit.record({
            networkId: network.id,
            actor: ctx.actor.user,
            action: "member.role",
            detail: { user: target.user, role },
          });
        }
        const who = names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are`;
        const what = names.length === 1 ? ROLE_NAMES[role].toLowerCase() : roleLabel(role);
        return text(`${who} now ${what} of ${network.name}.`, "public");
      });
    },
  },
};
