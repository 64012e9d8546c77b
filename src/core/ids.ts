/**
 * Action and form ids shared by every adapter: the same string is the Slack `action_id` / `callback_id` and the
 * Teams card verb.
 */
export const ActionIds = {
  openForm: "echo.form.open",
  sessionSkip: "echo.session.skip",
  sessionUnskip: "echo.session.unskip",
  sessionMove: "echo.session.move",
  scheduleMore: "echo.schedule.more",
  muteReminder: "echo.reminders.mute",
  ballotClose: "echo.ballot.close",
  ballotPick: "echo.ballot.pick",
  planCurriculum: "echo.topics.plan",
  planSwap: "echo.plan.swap",
  slotClaim: "echo.slot.claim",
  slotRelease: "echo.slot.release",
  slotFree: "echo.slot.free",
  askAccept: "echo.ask.accept",
  askPass: "echo.ask.pass",
  caseOutcome: "echo.case.outcome",
  checkIn: "echo.attend.checkin",
  sessionEnd: "echo.session.end",
  surveyAnswer: "echo.survey.answer",
  libraryPage: "echo.library.page",
} as const;
export type ActionId = (typeof ActionIds)[keyof typeof ActionIds];

export const FormIds = {
  setup: "echo.setup",
  sessionMove: "echo.session.move.form",
  myReminders: "echo.reminders.form",
  propose: "echo.topic.propose.form",
  openVote: "echo.ballot.open.form",
  vote: "echo.ballot.vote.form",
  planEdit: "echo.plan.edit.form",
  slotAssign: "echo.slot.assign.form",
  slotSwap: "echo.slot.swap.form",
  caseForm: "echo.case.form",
  recommendations: "echo.case.recommendations.form",
  outcome: "echo.case.outcome.form",
  attendance: "echo.attend.correct.form",
  surveySettings: "echo.survey.form",
  surveyText: "echo.survey.text.form",
  recording: "echo.recording.form",
  recordingEdit: "echo.recording.edit.form",
} as const;
export type FormId = (typeof FormIds)[keyof typeof FormIds];

export const allActionIds: readonly string[] = Object.values(ActionIds);

/**
 * Clicks that are an answer (a one-click vote, a check-in; later a survey answer): the adapters store them before
 * acknowledging the click, so that an acknowledged answer is never lost to a crash, and leave recording the request
 * to the answer's own transaction (Ctx.delivery). Every other click is acknowledged first and handled after.
 */
export const ANSWER_ACTIONS: ReadonlySet<string> = new Set<string>([
  ActionIds.ballotPick,
  ActionIds.checkIn,
  ActionIds.surveyAnswer,
]);
export const allFormIds: readonly string[] = Object.values(FormIds);
export const isActionId = (value: string): value is ActionId => allActionIds.includes(value);
export const isFormId = (value: string): value is FormId => allFormIds.includes(value);
