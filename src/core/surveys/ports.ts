/** Post-session surveys: each network's questions and timings, each session's survey, and the answers. */

export interface SurveySettings {
  /** JSON array of questions; "[]" for the default set */
  questions: string;
  /** days after the session that answers can be given and changed */
  closeDays: number;
  /** days after the session the one reminder goes; 0 for none */
  reminderDays: number;
}

/** A new network's: the default questions, open for 7 days after the session, a reminder after 2. */
export const DEFAULT_SURVEY_SETTINGS: SurveySettings = { questions: "[]", closeDays: 7, reminderDays: 2 };

export interface SessionSurvey {
  sessionId: string;
  /** JSON array of the questions as sent */
  questions: string;
  closesAt: Date;
}

export interface SurveyAnswerRow {
  respondent: string;
  questionId: string;
  value: string;
  updatedAt: Date;
}

export interface SurveyRepository {
  settings(networkId: string): Promise<SurveySettings | undefined>;
  saveSettings(networkId: string, settings: SurveySettings): Promise<void>;
  /** makes a session's survey once; the one that exists is returned otherwise */
  open(survey: SessionSurvey): Promise<SessionSurvey>;
  get(sessionId: string): Promise<SessionSurvey | undefined>;
  /** the network's latest survey, of a session that started before `before` */
  latest(networkId: string, before: Date): Promise<SessionSurvey | undefined>;
  /** answers (each replacing that person's earlier answer to the question), in one write */
  answer(
    sessionId: string,
    answers: ReadonlyArray<{ respondent: string; questionId: string; value: string }>,
  ): Promise<void>;
  /** takes answers back (a free text emptied) */
  clear(sessionId: string, respondent: string, questionIds: readonly string[]): Promise<void>;
  /** these people's answers, by respondent, then by question */
  answersOf(sessionId: string, respondents: readonly string[]): Promise<Map<string, Map<string, string>>>;
  /** every answer of a session's survey */
  answers(sessionId: string): Promise<SurveyAnswerRow[]>;
}
