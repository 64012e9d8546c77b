/**
 * The outcomes report's figures for one network and period, from the database's aggregates (ports.ts): sessions held,
 * skipped and cancelled; attendance per session, its average, per spoke; unique participants; cases per spoke; the
 * survey's response rate and the mean of each 1–5 question per session; topics voted for against topics taught.
 */
import type { CoreDeps } from "../deps";
import type { Network, Session } from "../ports";
import { instantOf, localDate } from "../sessions/calendar";
import { type Question, storedQuestions } from "../surveys/questions";
import type { Period } from "./period";
import type { SpokeTotals } from "./ports";

export interface SessionFigures {
  sessionId: string;
  /** local date, YYYY-MM-DD */
  date: string;
  topic: string | null;
  teacher: string | null;
  present: number;
  /** whether the session had a survey; then how many answered it */
  surveyed: boolean;
  respondents: number;
  /** the mean of each 1–5 question answered, by the question's wording */
  means: Map<string, number>;
}

export interface QuestionTrend {
  label: string;
  /** over every answer in the period */
  mean: number;
  answers: number;
  /** the mean of the first and of the last third of the sessions that asked it (the trend) */
  early: number;
  late: number;
}

export interface TopicLine {
  title: string;
  /** votes (first preferences in a ranked vote) in the votes that closed in the period */
  votes: number;
  /** local dates of the sessions in the period that taught it */
  taught: string[];
}

export interface ReportFigures {
  network: Network;
  period: Period;
  held: number;
  skipped: number;
  cancelled: number;
  /** held sessions, oldest first */
  sessions: SessionFigures[];
  averagePresent: number;
  participants: number;
  bySpoke: SpokeTotals[];
  casesBySpoke: SpokeTotals[];
  survey: { sessions: number; attendees: number; respondents: number; questions: QuestionTrend[] };
  topics: TopicLine[];
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** The mean of each 1–5 question per session, from how many gave each answer. */
function scaleMeans(
  sessions: readonly Session[],
  questions: ReadonlyMap<string, Question[]>,
  counts: ReadonlyArray<{ sessionId: string; questionId: string; value: string; count: number }>,
) {
  const sums = new Map<string, Map<string, { total: number; n: number }>>();
  for (const row of counts) {
    const question = questions.get(row.sessionId)?.find((q) => q.id === row.questionId);
    const score = Number(row.value);
    if (question?.kind !== "scale" || !Number.isInteger(score) || score < 1 || score > 5) continue;
    const mine = sums.get(row.sessionId) ?? new Map<string, { total: number; n: number }>();
    const sum = mine.get(question.label) ?? { total: 0, n: 0 };
    sum.total += score * row.count;
    sum.n += row.count;
    mine.set(question.label, sum);
    sums.set(row.sessionId, mine);
  }
  const out = new Map<string, Map<string, { mean: number; n: number }>>();
  for (const session of sessions) {
    const mine = sums.get(session.id);
    if (mine) out.set(session.id, new Map([...mine].map(([label, s]) => [label, { mean: s.total / s.n, n: s.n }])));
  }
  return out;
}

function trends(
  sessions: readonly Session[],
  means: ReadonlyMap<string, Map<string, { mean: number; n: number }>>,
): QuestionTrend[] {
  const labels = new Map<string, Array<{ mean: number; n: number }>>();
  for (const session of sessions)
    for (const [label, m] of means.get(session.id) ?? []) labels.set(label, [...(labels.get(label) ?? []), m]);
  return [...labels].map(([label, points]) => {
    const third = Math.max(1, Math.floor(points.length / 3));
    const answers = points.reduce((a, p) => a + p.n, 0);
    return {
      label,
      mean: points.reduce((a, p) => a + p.mean * p.n, 0) / answers,
      answers,
      early: mean(points.slice(0, third).map((p) => p.mean)),
      late: mean(points.slice(-third).map((p) => p.mean)),
    };
  });
}

function topicLines(
  network: Network,
  held: readonly Session[],
  ballots: ReadonlyArray<{ ranking: ReadonlyArray<{ topicId: string; title: string; votes: number }> }>,
): TopicLine[] {
  const lines = new Map<string, TopicLine>();
  const line = (id: string, title: string) => {
    const found = lines.get(id) ?? { title, votes: 0, taught: [] };
    lines.set(id, found);
    return found;
  };
  for (const ballot of ballots) for (const r of ballot.ranking) line(r.topicId, r.title).votes += r.votes;
  for (const s of held)
    if (s.topicId) line(s.topicId, s.topicTitle ?? "A topic").taught.push(localDate(s.startsAt, network.timeZone));
  return [...lines.values()].sort((a, b) => b.votes - a.votes || b.taught.length - a.taught.length);
}

/** Everything the report shows, for sessions starting in the period (held ones only up to `now`). */
export async function reportFigures(
  deps: Pick<CoreDeps, "store">,
  network: Network,
  period: Period,
  now: Date,
): Promise<ReportFigures> {
  const { store } = deps;
  const from = instantOf(period.from, "00:00", network.timeZone);
  const until = instantOf(period.until, "00:00", network.timeZone);
  const held = (await store.sessions.between(network.id, from, until < now ? until : now)).filter(
    (s) => s.status === "held" && s.startsAt < until,
  );
  const ids = held.map((s) => s.id);
  const [statuses, present, bySpoke, participants, casesBySpoke, respondents, stored, ballots, members] =
    await Promise.all([
      // sessions skipped or cancelled ahead of today (later today included) are not yet part of what happened
      store.reports.statusCounts(network.id, from, until < now ? until : now),
      store.reports.presentBySession(ids),
      store.reports.presentBySpoke(ids),
      store.reports.participants(ids),
      store.reports.casesBySpoke(ids),
      store.reports.respondents(ids),
      store.reports.surveyQuestions(ids),
      store.reports.ballotResults(network.id, from, until),
      store.members.everyone(network.id),
    ]);
  const questions = new Map([...stored].map(([id, json]) => [id, storedQuestions(json)]));
  const scaleIds = [...new Set([...questions.values()].flat().flatMap((q) => (q.kind === "scale" ? [q.id] : [])))];
  const means = scaleMeans(held, questions, await store.reports.answerCounts(ids, scaleIds));
  const names = new Map(members.map((m) => [m.user, m.displayName]));
  const sessions = held.map(
    (s): SessionFigures => ({
      sessionId: s.id,
      date: localDate(s.startsAt, network.timeZone),
      topic: s.topicTitle,
      teacher: s.teacherUser ? (names.get(s.teacherUser) ?? null) : null,
      present: present.get(s.id) ?? 0,
      surveyed: questions.has(s.id),
      respondents: respondents.get(s.id) ?? 0,
      means: new Map([...(means.get(s.id) ?? [])].map(([label, m]) => [label, m.mean])),
    }),
  );
  const surveyed = sessions.filter((s) => s.surveyed);
  return {
    network,
    period,
    held: held.length,
    skipped: statuses.skipped,
    cancelled: statuses.cancelled,
    sessions,
    averagePresent: mean(sessions.map((s) => s.present)),
    participants,
    bySpoke: [...bySpoke].sort((a, b) => b.count - a.count),
    casesBySpoke: [...casesBySpoke].sort((a, b) => b.count - a.count),
    survey: {
      sessions: surveyed.length,
      attendees: surveyed.reduce((a, s) => a + s.present, 0),
      respondents: surveyed.reduce((a, s) => a + s.respondents, 0),
      questions: trends(held, means),
    },
    topics: topicLines(network, held, ballots),
  };
}
