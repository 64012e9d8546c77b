/**
 * The report as a chat message that reads well on a phone: a few headline figures, then short lists (spokes, the
 * survey's questions, topics), each capped; the chart carries every session, and `export` every table.
 */
import { dateLabel } from "../sessions/calendar";
import type { Card, CardBlock, Field } from "../ui/model";
import { count, plural } from "../ui/words";
import type { ReportFigures } from "./figures";
import type { SpokeTotals } from "./ports";

/** Longest list shown in the message; the rest is counted and is in the export. */
export const MAX_LINES = 12;
const MAX_TITLE = 80;

const one = (value: number) => value.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const clip = (text: string) => (text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE - 1)}…` : text);
const percent = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : "—");

/** A list as fields, capped, with what is left over said in a line after it. */
function listBlocks(heading: string, fields: Field[]): CardBlock[] {
  const shown = fields.slice(0, MAX_LINES);
  const blocks: CardBlock[] = [
    { kind: "text", text: heading },
    { kind: "fields", fields: shown },
  ];
  if (fields.length > shown.length)
    blocks.push({ kind: "context", text: `and ${count(fields.length - shown.length)} more in \`export\`` });
  return blocks;
}

const spokeName = (row: SpokeTotals) => clip(row.spoke ?? "No spoke set");

export function reportCard(figures: ReportFigures): Card {
  const { network, period, sessions, survey } = figures;
  const title = `Outcomes report: ${network.name}`;
  const blocks: CardBlock[] = [
    { kind: "text", text: `${period.label}` },
    {
      kind: "fields",
      fields: [
        {
          label: "Sessions",
          value: `${count(figures.held)} held, ${count(figures.skipped)} skipped, ${count(figures.cancelled)} cancelled`,
        },
        { label: "Average attendance", value: `${one(figures.averagePresent)} a session` },
        { label: "Unique participants", value: count(figures.participants) },
        {
          label: "Survey response rate",
          value: survey.sessions
            ? `${percent(survey.respondents, survey.attendees)} (${count(survey.respondents)} of ${plural(survey.attendees, "attendee")})`
            : "No surveys in this period",
        },
      ],
    },
  ];
  if (sessions.length) {
    const top = sessions.reduce((a, b) => (b.present > a.present ? b : a));
    const low = sessions.reduce((a, b) => (b.present < a.present ? b : a));
    blocks.push({
      kind: "text",
      text:
        `Attendance per session: highest ${count(top.present)} on ${dateLabel(top.date)}, lowest ${count(low.present)} on ` +
        `${dateLabel(low.date)}; the chart shows every session.`,
    });
  }
  if (figures.bySpoke.length)
    blocks.push(
      ...listBlocks(
        "Attendance by spoke",
        figures.bySpoke.map((r) => ({
          label: spokeName(r),
          value: `${plural(r.count, "attendance")}, ${plural(r.people, "person", "people")}`,
        })),
      ),
    );
  blocks.push(
    ...(figures.casesBySpoke.length
      ? listBlocks(
          "Cases presented by spoke",
          figures.casesBySpoke.map((r) => ({
            label: spokeName(r),
            value: `${plural(r.count, "case")} by ${plural(r.people, "presenter")}`,
          })),
        )
      : [{ kind: "text" as const, text: "Cases presented by spoke: no cases were presented." }]),
  );
  if (survey.questions.length)
    blocks.push(
      ...listBlocks(
        "Survey, mean of 1–5 (first sessions → latest)",
        survey.questions.map((q) => ({
          label: clip(q.label),
          value: `${one(q.mean)} (${one(q.early)} → ${one(q.late)}), ${plural(q.answers, "answer")}`,
        })),
      ),
    );
  if (figures.topics.length)
    blocks.push(
      ...listBlocks(
        "Topics voted for and taught",
        figures.topics.map((t) => ({
          label: clip(t.title),
          value: `${plural(t.votes, "vote")}; ${t.taught.length ? `taught ${t.taught.map(dateLabel).join(", ")}` : "not taught"}`,
        })),
      ),
    );
  blocks.push({
    kind: "context",
    text: "`export` sends every table as CSV files, to you alone.",
  });
  const fallback =
    `${title}, ${period.label}: ${count(figures.held)} sessions held, average attendance ${one(figures.averagePresent)}, ` +
    `${count(figures.participants)} participants.`;
  return { title, blocks, fallback };
}
