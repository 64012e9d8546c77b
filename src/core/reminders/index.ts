/** People turn their own reminders off and on: a button on each personal reminder, and a form from `schedule`. */
import { z } from "zod";
import { DomainError } from "../errors";
import type { Feature } from "../feature";
import { ActionIds, FormIds } from "../ids";
import { networkFor } from "../networks/service";
import type { Member, Network, Store } from "../ports";
import { text } from "../ui/model";
import { MUTABLE_KINDS, REMINDER_LABELS } from "./kinds";

const muteValue = z.object({ n: z.string(), k: z.string() });

async function memberOf(store: Store, network: Network, user: string): Promise<Member> {
  const member = await store.members.find(network.id, user);
  if (!member) throw new DomainError("not_found", `You are not a member of ${network.name}.`);
  return member;
}

export const remindersFeature: Feature = {
  actions: {
    [ActionIds.muteReminder]: async (deps, ctx, value) => {
      const parsed = muteValue.safeParse(JSON.parse(value || "{}"));
      const kind = parsed.success ? MUTABLE_KINDS.find((k) => k === parsed.data.k) : undefined;
      const network = parsed.success ? await deps.store.networks.byId(parsed.data.n) : undefined;
      if (!parsed.success || !kind || !network) throw new DomainError("stale", "That button is out of date.");
      const member = await memberOf(deps.store, network, ctx.actor.user);
      await deps.store.members.setMuted(member.id, [...member.mutedKinds, kind]);
      return text(
        `You won't get “${REMINDER_LABELS[kind]}” reminders from ${network.name} any more. “My reminders” under \`schedule\` turns them back on.`,
      );
    },
  },
  forms: {
    [FormIds.myReminders]: {
      // opened from the schedule card, whose button carries the network's id; the form may open in a DM
      open: async (deps, ctx, metadata) => {
        const network = (metadata && (await deps.store.networks.byId(metadata))) || (await networkFor(deps.store, ctx));
        const member = await memberOf(deps.store, network, ctx.actor.user);
        return {
          formId: FormIds.myReminders,
          title: "My reminders",
          submitLabel: "Save",
          metadata: network.id,
          fields: MUTABLE_KINDS.map((kind) => ({
            id: kind,
            label: REMINDER_LABELS[kind],
            kind: "select" as const,
            required: true,
            options: [
              { value: "on", label: "On" },
              { value: "off", label: "Off" },
            ],
            initial: member.mutedKinds.includes(kind) ? "off" : "on",
          })),
        };
      },
      submit: async (deps, ctx, metadata, values) => {
        const network = await deps.store.networks.byId(metadata);
        if (!network) throw new DomainError("stale", "That form is out of date. Run `schedule` again.");
        const member = await memberOf(deps.store, network, ctx.actor.user);
        const errors: Record<string, string> = {};
        for (const kind of MUTABLE_KINDS)
          if (values[kind] !== undefined && values[kind] !== "on" && values[kind] !== "off")
            errors[kind] = "Choose On or Off.";
        if (Object.keys(errors).length) return { kind: "errors", errors };
        const muted = MUTABLE_KINDS.filter(
          (kind) => values[kind] === "off" || (values[kind] === undefined && member.mutedKinds.includes(kind)),
        );
        await deps.store.members.setMuted(member.id, muted);
        return {
          kind: "done",
          reply: text(
            muted.length
              ? `Saved. Off: ${muted.map((k) => REMINDER_LABELS[k]).join(", ")}.`
              : "Saved. All your reminders are on.",
          ),
        };
      },
    },
  },
};
