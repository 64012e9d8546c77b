/** The reminder kinds, who gets each, and whether a person may turn it off. */

import { parseOffsets } from "../networks/settings";
import type { Network } from "../ports";

export const REMINDER_KINDS = [
  "agenda",
  "starting_soon",
  "presenter_due",
  "case_missing",
  "presenter_day_before",
  "runsheet",
  "warnings",
  "it_room",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const isReminderKind = (v: unknown): v is ReminderKind => (REMINDER_KINDS as readonly unknown[]).includes(v);

export const REMINDER_LABELS: Record<ReminderKind, string> = {
  agenda: "Channel agenda",
  starting_soon: "“Starting soon”",
  presenter_due: "Case form due (presenters)",
  case_missing: "Case form missing at the deadline",
  presenter_day_before: "Presenting tomorrow (presenters)",
  runsheet: "Run-sheet at the start (facilitators)",
  warnings: "Empty slots and missing cases (facilitators)",
  it_room: "Open the video room (IT)",
};

/** Facilitators cannot turn the warnings off; the channel agenda is not a personal reminder. */
export const MUTABLE_KINDS: readonly ReminderKind[] = REMINDER_KINDS.filter(
  (k) => k !== "warnings" && k !== "agenda" && k !== "case_missing",
);

/** Minutes before the start (negative: after) at which each kind goes out, from the network's settings. */
export function offsetsFor(network: Network, kind: ReminderKind): number[] {
  switch (kind) {
    case "agenda":
      return parseOffsets(network.agendaOffsets);
    case "starting_soon":
      return parseOffsets(network.reminderOffsets);
    case "presenter_due":
      // two days before the deadline
      return [(network.caseDueDays + 2) * 1440];
    case "case_missing":
      return [network.caseDueDays * 1440];
    case "presenter_day_before":
      return [1440];
    case "runsheet":
      return [0];
    case "warnings":
      return parseOffsets(network.warningOffsets);
    case "it_room":
      return parseOffsets(network.itOffsets);
  }
}
