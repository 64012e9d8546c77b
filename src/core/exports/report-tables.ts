/**
 * The outcomes report's tables as CSV files: every session of the period (held, skipped, cancelled), attendance and
 * the survey per session held, attendance per spoke, cases per spoke, and topics voted for against topics taught.
 */
import type { CoreDeps } from "../deps";
import type { ReportFigures } from "../reports/figures";
import { instantOf, localDate } from "../sessions/calendar";
import type { ExportFile } from "../ui/model";
import { csvFile, type Row } from "./csv";

const two = (value: number) => value.toFixed(2);
const STATUS_WORDS = { skipped: "skipped", cancelled: "cancelled" } as const;

export async function reportFiles(
  deps: Pick<CoreDeps, "store">,
  figures: ReportFigures,
  stem: string,
): Promise<ExportFile[]> {
  const { network, period } = figures;
  const name = network.name;
  const notHeld = await deps.store.reports.notHeld(
    network.id,
    instantOf(period.from, "00:00", network.timeZone),
    instantOf(period.until, "00:00", network.timeZone),
  );
  const sessions: Row[] = [
    ...figures.sessions.map((s) => [name, s.date, "held", s.topic ?? "", s.teacher ?? "", String(s.present), ""]),
    ...notHeld.map((s) => [
      name,
      localDate(s.startsAt, network.timeZone),
      STATUS_WORDS[s.status],
      "",
      "",
      "",
      s.note ?? "",
    ]),
  ].sort((a, b) => (a[1] as string).localeCompare(b[1] as string));
  const labels = figures.survey.questions.map((q) => q.label);
  const perSession: Row[] = figures.sessions.map((s) => [
    name,
    s.date,
    s.topic ?? "",
    String(s.present),
    s.surveyed ? "yes" : "no",
    s.surveyed ? String(s.respondents) : "",
    s.surveyed && s.present ? String(Math.round((100 * s.respondents) / s.present)) : "",
    ...labels.map((label) => {
      const m = s.means.get(label);
      return m === undefined ? "" : two(m);
    }),
  ]);
  const spoke = (value: string | null) => value ?? "No spoke set";
  return [
    csvFile(
      `${stem}-sessions.csv`,
      ["Network", "Session date", "Status", "Topic", "Teacher", "Attended", "Note"],
      sessions,
    ),
    csvFile(
      `${stem}-attendance-per-session.csv`,
      [
        "Network",
        "Session date",
        "Topic",
        "Attended",
        "Survey sent",
        "Survey responses",
        "Response rate (%)",
        ...labels.map((l) => `Mean (1-5): ${l}`),
      ],
      perSession,
    ),
    csvFile(
      `${stem}-attendance-per-spoke.csv`,
      ["Network", "Spoke", "Attendances", "People"],
      figures.bySpoke.map((r) => [name, spoke(r.spoke), String(r.count), String(r.people)]),
    ),
    csvFile(
      `${stem}-cases-per-spoke.csv`,
      ["Network", "Spoke", "Cases presented", "Presenters"],
      figures.casesBySpoke.map((r) => [name, spoke(r.spoke), String(r.count), String(r.people)]),
    ),
    csvFile(
      `${stem}-topics.csv`,
      ["Network", "Topic", "Votes", "Times taught", "Dates taught"],
      figures.topics.map((t) => [name, t.title, String(t.votes), String(t.taught.length), t.taught.join(" ")]),
    ),
  ];
}
