/**
 * The rows of the exports: attendance (one row per person per session held, with how it was recorded, the
 * correction's reason and whether they completed the survey: what CME/CPD certificates need) and the survey's
 * responses (one row per response, with no name and nothing that leads back to one).
 */
import { randomInt } from "node:crypto";
import { listedFor } from "../attendance/corrections";
import type { CoreDeps } from "../deps";
import type { AttendanceRecord, Member, Network, Session } from "../ports";
import { localDate, localTime } from "../sessions/calendar";
import { sessionsHeld } from "../sessions/lifecycle";
import { answerText, isComplete, type Question, storedQuestions } from "../surveys/questions";
import type { Row } from "./csv";

/** One session held, with what the exports need of it, read once. */
export interface HeldSession {
  session: Session;
  records: Map<string, AttendanceRecord>;
  /** the survey's questions as sent, when the session had a survey */
  questions?: Question[];
  /** answers by respondent (user address), then by question id */
  answers: Map<string, Map<string, string>>;
}

/** The network's sessions held up to `now`, oldest first, each with its attendance and survey answers. */
export async function heldSessions(deps: Pick<CoreDeps, "store">, network: Network, now: Date): Promise<HeldSession[]> {
  const out: HeldSession[] = [];
  for (const session of await sessionsHeld(deps.store, network.id, now)) {
    const records = new Map((await deps.store.attendance.list(session.id)).map((r) => [r.memberId, r]));
    const survey = await deps.store.surveys.get(session.id);
    const answers = new Map<string, Map<string, string>>();
    if (survey)
      for (const row of await deps.store.surveys.answers(session.id)) {
        const mine = answers.get(row.respondent) ?? new Map<string, string>();
        mine.set(row.questionId, row.value);
        answers.set(row.respondent, mine);
      }
    out.push({ session, records, answers, ...(survey ? { questions: storedQuestions(survey.questions) } : {}) });
  }
  return out;
}

export const ATTENDANCE_HEADER: Row = [
  "Network",
  "Session date",
  "Topic",
  "Name",
  "Role",
  "Attended",
  "How recorded",
  "Recorded at",
  "Correction reason",
  "Survey completed",
];

const ROLE_NAMES: Record<Member["role"], string> = {
  facilitator: "facilitator",
  hub_expert: "hub expert",
  member: "member",
  admin: "admin",
  it: "IT",
};

const howRecorded = (record: AttendanceRecord | undefined) =>
  !record ? "not recorded" : record.source === "checkin" ? "checked in" : "marked by a facilitator";

/**
 * Attendance: for each session, the people its attendance list shows (`listedFor`: the members now, and anyone with
 * a record for it); someone with no record is absent, "not recorded".
 */
export function attendanceRows(network: Network, everyone: readonly Member[], held: readonly HeldSession[]): Row[] {
  const rows: Row[] = [];
  for (const { session, records, questions, answers } of held) {
    const date = localDate(session.startsAt, network.timeZone);
    for (const { member, record } of listedFor(everyone, records)) {
      const completed = questions !== undefined && isComplete(questions, answers.get(member.user) ?? new Map());
      rows.push([
        network.name,
        date,
        session.topicTitle ?? "",
        member.displayName,
        ROLE_NAMES[member.role],
        record?.present ? "present" : "absent",
        howRecorded(record),
        record ? `${localDate(record.at, network.timeZone)} ${localTime(record.at, network.timeZone)}` : "",
        record?.source === "correction" ? (record.reason ?? "") : "",
        completed ? "yes" : "no",
      ]);
    }
  }
  return rows;
}

/** A new random order (Fisher–Yates with the system's random numbers). */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** A question's column: the same wording and kind in several sessions' surveys is one column. */
const columnKey = (q: Question) => `${q.kind}\u0000${q.label}`;

/**
 * Survey responses: one row per person who answered, per session, with no name. The rows of a session are shuffled
 * afresh for each export (nothing about who answered or when decides the order, so they cannot be lined up with the
 * attendance file or with a list of people), and there is no "complete" column, which beside the attendance file's
 * "survey completed" would point at the one person who did not finish.
 */
export function surveyRows(network: Network, held: readonly HeldSession[]): { header: Row; rows: Row[] } {
  const columns = new Map<string, string>();
  for (const { questions } of held) for (const q of questions ?? []) columns.set(columnKey(q), q.label);
  const keys = [...columns.keys()];
  const rows: Row[] = [];
  for (const { session, questions, answers } of held) {
    if (!questions) continue;
    const date = localDate(session.startsAt, network.timeZone);
    const byKey = new Map(questions.map((q) => [columnKey(q), q]));
    const respondents = shuffled([...answers.keys()]);
    for (const [i, respondent] of respondents.entries()) {
      const mine = answers.get(respondent) ?? new Map<string, string>();
      const cells = keys.map((key) => {
        const q = byKey.get(key);
        const value = q && mine.get(q.id);
        return q && value !== undefined ? answerText(q, value) : "";
      });
      rows.push([network.name, date, session.topicTitle ?? "", String(i + 1), ...cells]);
    }
  }
  return { header: ["Network", "Session date", "Topic", "Response", ...columns.values()], rows };
}
