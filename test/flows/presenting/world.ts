/** The presenting flow's world, shared constants and helpers (see ../presenting.test.ts). */
import { decodeFormRef } from "../../../src/core/app-refs";
import { ActionIds } from "../../../src/core/ids";
import { setupForm } from "../../../src/core/networks/cards";
import type { Network } from "../../../src/core/ports";
import { CASE } from "../../support/cases";
import type { Driver, FormView, Values, View } from "../../support/drivers";
import { byLabel } from "../../support/drivers";
import { IDENTIFIED, QUIET_SETUP } from "../../support/seed";
import type { ButtonElement } from "../../support/slack";
import type { Json } from "../../support/slack-blocks";
import type { CardAction } from "../../support/teams";

/** The fourth session of a network set up with QUIET_SETUP. */
export const S4 = "Wed 23 Dec 2026, 12:30–14:00 GMT";

/**
 * The setup form's answers with the channel and personal reminders switched off, so that the direct messages are the
 * rotation's. The shell cannot empty a field (Enter keeps what it shows), so in the shell the reminders stay at their
 * defaults, as a newcomer there would leave them.
 */
export function setupAnswers(d: Driver): Values {
  const answers = byLabel(setupForm(undefined, d.services.clock.now()), QUIET_SETUP);
  if (d.platform !== "shell") return answers;
  return Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== ""));
}

/** The case form's answers for CASE, by field label. */
export const CASE_ANSWERS: Values = {
  "Age band": CASE.ageBand,
  Sex: CASE.sex,
  "Care setting": CASE.setting,
  "Presenting problem": CASE.problem,
  "Relevant history": CASE.history,
  "Current medications": CASE.medications,
  "What has been tried": CASE.tried,
  "Your one question for the panel": CASE.question,
};
export const IDENTIFIED_ANSWERS: Values = {
  "Presenting problem": IDENTIFIED.problem,
  "Relevant history": IDENTIFIED.history,
  "Current medications": IDENTIFIED.medications,
  "Your one question for the panel": IDENTIFIED.question,
};
export const DRAFT = "A draft (only you see it)";
export const SUBMIT = "Submitted to the hub: it has no names or identifiers";
export const RECOMMENDING = "The panel's recommendations";
export const OUTCOME_FIELD = "What happened after the panel's advice?";

export const turn = (session: string, position: number) =>
  `Case ${position} on ${session} is still open and it is your turn in the rotation.`;

/** The slot a Slack button works on: its value, or the metadata of the form it opens. */
export const slackSlot = (button: ButtonElement) =>
  button.action_id.startsWith(ActionIds.openForm) ? decodeFormRef(button.value ?? "").metadata : button.value;
/** The slot a Teams action works on: its value, or the metadata of the form it opens. */
export const teamsSlot = (action: CardAction) => {
  const value = String(action.data?.value ?? "");
  return action.type === "Action.Submit" ? decodeFormRef(value).metadata : value;
};
/** What a Teams dialog's submit action carries back. */
export const submitData = (dialog: Json) =>
  ((dialog.actions as CardAction[] | undefined) ?? []).find((a) => a.type === "Action.Submit")?.data;

/** The case form's fields: id, required, and the Slack element and Adaptive Card input each is. */
export const CASE_FIELDS: Array<[string, boolean, string, string]> = [
  ["ageBand", true, "static_select", "Input.ChoiceSet"],
  ["sex", true, "static_select", "Input.ChoiceSet"],
  ["setting", true, "static_select", "Input.ChoiceSet"],
  ["problem", true, "plain_text_input", "Input.Text"],
  ["history", false, "plain_text_input", "Input.Text"],
  ["medications", false, "plain_text_input", "Input.Text"],
  ["tried", false, "plain_text_input", "Input.Text"],
  ["question", true, "plain_text_input", "Input.Text"],
  ["action", true, "static_select", "Input.ChoiceSet"],
];

export interface World {
  network: Network;
  /** the slot ids of the first six sessions, by session and then by case position */
  slots: string[][];
  /** what `present` showed Ana first */
  slotsCard: View;
  /** the case form Ana submits (refused, then clean) */
  caseForm: FormView;
}

export async function slot(d: Driver, w: World, session: number, position: number) {
  const found = await d.services.store.slots.byId(w.slots[session]?.[position - 1] ?? "");
  if (!found) throw new Error(`no slot ${position} in session ${session}`);
  return found;
}
