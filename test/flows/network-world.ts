/**
 * The world of the scenarios about what follows a session (attendance, the survey, exports, recordings): the network
 * set up by Fran with Ana, Ben and Cy as members; the session of 2026-12-02 held; a form's field errors read back.
 */
import type { Network } from "../../src/core/ports";
import { type Answer, type Driver, lastTitled, type View, withoutLabel } from "../support/drivers";
import { setupAnswers } from "./voting/world";

/** Fran sets the network up in the channel and makes Ana, Ben and Cy members; the answer to the setup form too. */
export async function setUpNetwork(d: Driver): Promise<{ network: Network; done: Answer }> {
  const done = await d.submit("fran", await d.form("fran", await d.command("fran", "setup")), setupAnswers(d));
  const network = (await d.services.store.networks.byChannel(d.channel)) as Network;
  await d.command("fran", "role @ana @ben @cy member");
  return { network, done };
}

/** Ana and Ben check in half an hour before the session's start; Fran ends it; the end's jobs run. */
export async function holdFirstSession(d: Driver): Promise<void> {
  await d.tick("2026-12-02T12:30:00Z");
  await d.command("ana", "attend");
  await d.command("ben", "attend");
  await d.tick("2026-12-02T13:50:00Z");
  await d.command("fran", "end");
  await d.tick();
}

/**
 * Fran opens the form `command` answers with, submits these values, and reads the field errors back by label (of
 * `labels`, by default the values'); the form is closed afterwards. Throws if the form closed (nothing refused).
 */
export async function formErrors(
  d: Driver,
  command: string,
  values: Record<string, string>,
  labels: readonly string[] = Object.keys(values),
): Promise<Record<string, string>> {
  const form = await d.form("fran", await d.command("fran", command));
  const answer = await d.submit("fran", form, values);
  const open = answer.form;
  if (!open) throw new Error(`the form closed: ${answer.text}`);
  const out: Record<string, string> = {};
  for (const label of labels) {
    const error = open.errors[label] ?? open.fields.find((f) => f.label === label)?.error;
    if (error) out[label] = withoutLabel(label, error);
  }
  await d.cancel("fran", open);
  return out;
}

/**
 * Someone answers the survey of the session of 2026-12-02 through its buttons (5, 4, 3, "I already do this", 4) and
 * writes `comment` in the written answers' form.
 */
export async function answerSurvey(d: Driver, who: string, comment: string): Promise<void> {
  let shown: View = lastTitled(await d.messagesTo(who), "How was Palliative Care ECHO on 2026-12-02?");
  for (const [question, label] of [
    [/^1\. Overall/, "5"],
    [/^2\. How relevant/, "4"],
    [/^3\. How confident/, "3"],
    [/^4\. Will you change/, "I already do this"],
    [/^6\. How useful/, "4"],
  ] as const)
    shown = (await d.press(who, shown, label, [question])).view;
  const form = await d.form(who, await d.press(who, shown, "Write your answers"));
  await d.submit(who, form, { "Any other comments?": comment });
}
