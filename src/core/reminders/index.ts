/**
 * The reminders feature: the reminders each session carries (its session jobs), the jobs that send them, and the
 * way people turn their own reminders off and on (a button on each personal reminder, and a form from `schedule`).
 */
import { z } from "zod";
import { type Access, channelAccess, recordAccess } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError } from "../errors";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import { JOB_FAILED_NOTICE } from "../jobs/runner";
import type { Member } from "../ports";
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

/** The network a reminder's button or form names, or the channel's, and the person's own membership of it. */
async function ownReminders(deps: CoreDeps, ctx: Ctx, networkId: string): Promise<Access & { member: Member }> {
  const access = networkId ? await recordAccess(deps, ctx, networkId) : await channelAccess(deps, ctx);
  if (!access.member) throw new DomainError("not_found", `You are not a member of ${access.network.name}.`);
  return { ...access, member: access.member };
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
      const { network, member } = await ownReminders(deps, ctx, n);
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
        const { network, member } = await ownReminders(deps, ctx, metadata);
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
        const { member } = await ownReminders(deps, ctx, metadata);
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
