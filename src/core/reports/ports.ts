/**
 * What the outcomes report reads. Every method aggregates in the database (counts, distinct counts, counts of each
 * answer) and returns a row per session, spoke or answer value, never a row per attendance or response: three years
 * of a busy network is 30,000 attendance rows and 20,000 answers, and the report reads a few hundred numbers.
 */
import type { BallotResult } from "../curriculum/ports";
import type { SessionStatus } from "../sessions/ports";

export interface SpokeTotals {
  /** the spoke's name; null for the people with no spoke set */
  spoke: string | null;
  count: number;
  /** different people (attendance only) */
  people: number;
}

export interface AnswerCount {
  sessionId: string;
  questionId: string;
  value: string;
  count: number;
}

export interface ReportRepository {
  /** how many of the network's sessions starting in [from, until) have each status */
  statusCounts(networkId: string, from: Date, until: Date): Promise<Record<SessionStatus, number>>;
  /** the network's sessions skipped or cancelled that start in [from, until), earliest first */
  notHeld(
    networkId: string,
    from: Date,
    until: Date,
  ): Promise<Array<{ startsAt: Date; status: "skipped" | "cancelled"; note: string | null }>>;
  /** people marked present, per session */
  presentBySession(sessionIds: readonly string[]): Promise<Map<string, number>>;
  /** attendances (a person at a session) and different people, per spoke */
  presentBySpoke(sessionIds: readonly string[]): Promise<SpokeTotals[]>;
  /** different people present at any of the sessions */
  participants(sessionIds: readonly string[]): Promise<number>;
  /** case slots filled by a presenter, per the presenter's spoke (`people` is how many presenters) */
  casesBySpoke(sessionIds: readonly string[]): Promise<SpokeTotals[]>;
  /** the attendees who answered the survey, per session */
  respondents(sessionIds: readonly string[]): Promise<Map<string, number>>;
  /** the surveys' questions as sent (JSON), per session that had a survey */
  surveyQuestions(sessionIds: readonly string[]): Promise<Map<string, string>>;
  /** how many gave each answer, per session, for these question ids */
  answerCounts(sessionIds: readonly string[], questionIds: readonly string[]): Promise<AnswerCount[]>;
  /** the results of the network's topic votes that closed in [from, until) */
  ballotResults(networkId: string, from: Date, until: Date): Promise<BallotResult[]>;
  /** whether the facilitators get a report on the first working day of each month (default on) */
  monthly(networkId: string): Promise<boolean>;
  setMonthly(networkId: string, on: boolean): Promise<void>;
}

/** A Vega-Lite specification, as plain data (the core builds it; the renderer knows Vega). */
export type ChartSpec = Readonly<Record<string, unknown>>;

/** Draws a chart on the server, with no browser and no system fonts. */
export interface ChartRenderer {
  /** a PNG of the chart, at most `maxBytes` long (fewer colours, then smaller, until it fits) */
  png(spec: ChartSpec, maxBytes: number): Promise<{ content: Uint8Array; width: number; height: number }>;
}
