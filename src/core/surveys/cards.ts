/** What the survey shows: the attendee's survey message, the written answers' form, the settings form, the results. */
import { encodeFormRef } from "../app-refs";
import { ActionIds, FormIds } from "../ids";
import type { Network, Session } from "../ports";
import { localDate } from "../sessions/calendar";
import type { Button, Card, CardBlock, Form } from "../ui/model";
import type { SurveySettings } from "./ports";
import {
  answerText,
  isComplete,
  MAX_ANSWER_TEXT,
  MAX_QUESTIONS,
  type Question,
  questionLines,
  SCALE_HINT,
} from "./questions";

const day = (network: Network, session: Session) => localDate(session.startsAt, network.timeZone);

/** What a survey button carries: the session, the question, the answer (a scale's number, a choice's index). */
export const answerValue = (sessionId: string, questionId: string, value: string) =>
  JSON.stringify({ s: sessionId, q: questionId, v: value });

/** The attendee's survey: each question with its buttons, the one chosen marked; written answers through a form. */
export function surveyCard(
  network: Network,
  session: Session,
  questions: readonly Question[],
  answered: ReadonlyMap<string, string>,
  closesAt: Date,
  reminder = false,
): Card {
  const title = `${reminder ? "Reminder: " : ""}How was ${network.name} on ${day(network, session)}?`;
  const blocks: CardBlock[] = [
    {
      kind: "text",
      text: `A few questions, a minute or two. You can change your answers until ${localDate(closesAt, network.timeZone)}. Your name is never shown with them.`,
    },
  ];
  for (const [i, q] of questions.entries()) {
    const given = answered.get(q.id);
    const yours = given === undefined ? "" : `\nYour answer: ${answerText(q, given)}`;
    if (q.kind === "text") {
      blocks.push({ kind: "text", text: `${i + 1}. ${q.label} (written)${yours}` });
      continue;
    }
    blocks.push({ kind: "text", text: `${i + 1}. ${q.label}${q.kind === "scale" ? ` (${SCALE_HINT})` : ""}${yours}` });
    const values = q.kind === "scale" ? ["1", "2", "3", "4", "5"] : q.options.map((_, n) => String(n));
    blocks.push({
      kind: "actions",
      buttons: values.map(
        (v): Button => ({
          actionId: ActionIds.surveyAnswer,
          label: answerText(q, v),
          value: answerValue(session.id, q.id, v),
          ...(given === v ? { style: "primary" as const } : {}),
        }),
      ),
    });
  }
  if (questions.some((q) => q.kind === "text"))
    blocks.push({
      kind: "actions",
      buttons: [
        {
          actionId: ActionIds.openForm,
          label: "Write your answers",
          value: encodeFormRef(FormIds.surveyText, session.id),
        },
      ],
    });
  if (isComplete(questions, answered)) blocks.push({ kind: "context", text: "Thank you: your answers are in." });
  return { title, blocks, fallback: `${title} Answer the survey in teleecho.` };
}

export function textForm(
  network: Network,
  session: Session,
  questions: readonly Question[],
  answered: ReadonlyMap<string, string>,
): Form {
  return {
    formId: FormIds.surveyText,
    title: "Your written answers",
    submitLabel: "Save",
    metadata: session.id,
    fields: questions
      .filter((q) => q.kind === "text")
      .map((q) => ({
        id: q.id,
        label: q.label,
        kind: "textarea" as const,
        required: false,
        maxLength: MAX_ANSWER_TEXT,
        ...(answered.has(q.id) ? { initial: answered.get(q.id) as string } : {}),
        hint: `${network.name}, ${day(network, session)}. Leave out names and anything that identifies a patient.`,
      })),
  };
}

export function settingsForm(network: Network, questions: readonly Question[], settings: SurveySettings): Form {
  return {
    formId: FormIds.surveySettings,
    title: "Post-session survey",
    submitLabel: "Save",
    metadata: network.id,
    fields: [
      {
        id: "questions",
        label: "Questions",
        kind: "textarea",
        required: true,
        maxLength: 2900,
        initial: questionLines(questions),
        hint: `One a line, at most ${MAX_QUESTIONS}: \`scale: …\` (1 to 5), \`choice: … | option | option\`, or \`text: …\` (written).`,
      },
      {
        id: "closeDays",
        label: "Open for (days after the session)",
        kind: "number",
        required: true,
        initial: String(settings.closeDays),
      },
      {
        id: "reminderDays",
        label: "Reminder after (days; 0 for none)",
        kind: "number",
        required: true,
        initial: String(settings.reminderDays),
      },
    ],
  };
}

/** A text bar for a share of the answers: one block a tenth. */
const bar = (n: number, of: number) => "█".repeat(of ? Math.round((n / of) * 10) : 0) || "·";

export interface ResultsInput {
  network: Network;
  session: Session;
  questions: readonly Question[];
  attendees: number;
  respondents: number;
  /** by question id: every answer given (no names) */
  answers: Map<string, string[]>;
}

/** The results: response rate, counts and distribution per question, the mean of each scale, the comments. */
export function resultsCard({ network, session, questions, attendees, respondents, answers }: ResultsInput): Card {
  const title = `Survey results: ${network.name}, ${day(network, session)}`;
  const rate = attendees ? ` (${Math.round((respondents / attendees) * 100)}%)` : "";
  const blocks: CardBlock[] = [{ kind: "text", text: `Responses: ${respondents} of ${attendees} attendees${rate}.` }];
  for (const [i, q] of questions.entries()) {
    const given = answers.get(q.id) ?? [];
    if (q.kind === "text") {
      const shown = given.slice(0, 8).map((t) => `“${t.replace(/\s+/g, " ").slice(0, 280)}”`);
      const more = given.length > shown.length ? `\n…and ${given.length - shown.length} more (in the export)` : "";
      blocks.push({
        kind: "text",
        text: `${i + 1}. ${q.label} (${given.length})\n${shown.join("\n") || "no answers"}${more}`,
      });
      continue;
    }
    const values = q.kind === "scale" ? ["5", "4", "3", "2", "1"] : q.options.map((_, n) => String(n));
    const lines = values.map((v) => {
      const n = given.filter((g) => g === v).length;
      return `${answerText(q, v)}  ${bar(n, given.length)} ${n}`;
    });
    const mean =
      q.kind === "scale" && given.length
        ? `; mean ${(given.reduce((sum, g) => sum + Number(g), 0) / given.length).toFixed(1)}`
        : "";
    blocks.push({ kind: "text", text: `${i + 1}. ${q.label} (${given.length} answers${mean})\n${lines.join("\n")}` });
  }
  return { title, blocks, fallback: `${title}: ${respondents} of ${attendees} responded.` };
}
