/**
 * The reminders feature: the reminders each session carries (its session jobs), the jobs that send them, and the
 * way people turn their own reminders off and on (a button on each personal reminder, and a form from `schedule`).
 */
import { z } from "zod";
import { networkFor } from "../access";
import type { CoreDeps } from "../deps";
import { DomainError } from "../errors";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import { JOB_FAILED_NOTICE } from "../jobs/runner";
import type { Member, Network } from "../ports";
import { jsonValue, text as textInput } from "../ui/inputs";
import { text } from "../ui/model";
import { reminderHandlers } from "./handlers";
import { MUTABLE_KINDS, REMINDER_LABELS, type ReminderKind } from "./kinds";
import { PROGRESS, reminderSessionJobs } from "./plan";

const muteValue = jsonValue(
  z.object({
    n: z.string().min(1).max(64),
    k: z.string().refine((k): k is ReminderKind => (MUTABLE_KINDS as readonly string[]).includes(k)),
  }),
);

async function memberOf(deps: CoreDeps, network: Network, user: string): Promise<Member> {
  const member = await deps.store.members.find(network.id, user);
  if (!member) throw new DomainError("not_found", `You are not a member of ${network.name}.`);
  return member;
}

const onOff = textInput.pipe(z.enum(["on", "off", ""], { error: "Choose On or Off." }));
const myRemindersSchema = z.object(Object.fromEntries(MUTABLE_KINDS.map((kind) => [kind, onOff])));

export const remindersFeature: Feature = {
  name: "reminders",
  sessionJobs: reminderSessionJobs,
  handlers: reminderHandlers,
  urgentKinds: [PROGRESS, JOB_FAILED_NOTICE],
  actions: {
    [ActionIds.muteReminder]: action(muteValue, async (deps, ctx, { n, k }) => {
      const network = await deps.store.networks.byId(n);
      if (!network) throw new DomainError("stale", "That button is out of date. Run the command again.");
      const member = await memberOf(deps, network, ctx.actor.user);
      const kind = k as ReminderKind;
      await deps.store.members.setMuted(member.id, [...member.mutedKinds, kind]);
      return text(
        `You won't get “${REMINDER_LABELS[kind]}” reminders from ${network.name} any more. “My reminders” under \`schedule\` turns them back on.`,
      );
    }),
  },
  forms: {
    [FormIds.myReminders]: form({
      schema: myRemindersSchema,
      // opened from the schedule card, whose button carries the network's id; the form may open in a DM
      open: async (deps, ctx, metadata) => {
        const network = (metadata && (await deps.store.networks.byId(metadata))) || (await networkFor(deps.store, ctx));
        const member = await memberOf(deps, network, ctx.actor.user);
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
        const member = await memberOf(deps, network, ctx.actor.user);
        // a field left out keeps its setting
        const muted = MUTABLE_KINDS.filter(
          (kind) => values[kind] === "off" || (!values[kind] && member.mutedKinds.includes(kind)),
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
    }),
  },
};
