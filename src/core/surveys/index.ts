/**
 * `survey` (facilitators: the questions and timings; members: their survey again) and `results`, the survey's
 * buttons and forms, and its part in the session lifecycle: opened and sent when a session ends.
 */
import { z } from "zod";
import { canAdvise, canManage, channelAccess, recordAccess, requireManager } from "../access";
import { sessionOn } from "../attendance/corrections";
import { DomainError } from "../errors";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import { isValidDate, localDate } from "../sessions/calendar";
import { jsonValue, text as textInput } from "../ui/inputs";
import { cardReply, type Reply, text } from "../ui/model";
import { resultsCard, settingsForm, surveyCard, textForm } from "./cards";
import { DEFAULT_SURVEY_SETTINGS } from "./ports";
import { MAX_ANSWER_TEXT, parseQuestionLines, storedQuestions } from "./questions";
import {
  type AnswerResult,
  answerInWriting,
  answerQuestion,
  closedText,
  openSurvey,
  ownSurvey,
  surveyHandlers,
} from "./service";

const answerButton = jsonValue(
  z.object({
    s: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    q: z.string().regex(/^q\d{1,2}$/),
    v: z.string().max(4),
  }),
);

/** The answer to a click or a form: the survey again, with the answers now given (in place of the message clicked). */
function answeredReply(result: AnswerResult): Reply {
  if (result.kind === "closed") return text(closedText(result.ctx));
  const { network, session, survey, questions } = result.ctx;
  return cardReply(surveyCard(network, session, questions, result.answered, survey.closesAt), "private", true);
}

const settingsSchema = z.object({ questions: textInput, closeDays: textInput, reminderDays: textInput });
const wholeDays = (value: string, min: number, max: number) => {
  const n = Number(value);
  return /^\d{1,2}$/.test(value) && n >= min && n <= max ? n : undefined;
};

export const surveysFeature: Feature = {
  name: "surveys",
  handlers: surveyHandlers,
  commands: {
    survey: async (deps, ctx) => {
      const access = await channelAccess(deps, ctx);
      const { network, member } = access;
      if (canManage(access)) {
        const settings = (await deps.store.surveys.settings(network.id)) ?? DEFAULT_SURVEY_SETTINGS;
        return { kind: "form", form: settingsForm(network, storedQuestions(settings.questions), settings) };
      }
      if (!member) throw new DomainError("forbidden", `Only members of ${network.name} have its surveys.`);
      const latest = await deps.store.surveys.latest(network.id, deps.clock.now());
      if (!latest) return text(`${network.name} has no survey yet: each one is sent after its session ends.`);
      try {
        const { s, answered } = await ownSurvey(deps, ctx, latest.sessionId);
        if (s.survey.closesAt <= deps.clock.now()) return text(closedText(s));
        return cardReply(surveyCard(s.network, s.session, s.questions, answered, s.survey.closesAt));
      } catch (error) {
        if (error instanceof DomainError && error.code === "forbidden")
          return text("The last survey was for those who attended that session; you were not recorded there.");
        throw error;
      }
    },
    results: async (deps, ctx, command) => {
      const access = await channelAccess(deps, ctx);
      const { network } = access;
      if (!canAdvise(access))
        throw new DomainError("forbidden", "Only facilitators and hub experts can see the survey results.");
      const [date, ...rest] = "args" in command ? command.args : [];
      if (rest.length || (date !== undefined && !isValidDate(date)))
        return text("Usage: `results` (the last session's survey) or `results YYYY-MM-DD`.");
      const now = deps.clock.now();
      const onDate = date ? await sessionOn(deps, network, date) : undefined;
      const survey = date
        ? onDate && (await deps.store.surveys.get(onDate.id))
        : await deps.store.surveys.latest(network.id, now);
      if (!survey)
        return text(date ? `${network.name} has no survey for ${date}.` : `${network.name} has no survey yet.`);
      const session = await deps.store.sessions.byId(survey.sessionId);
      if (!session) return text(`${network.name} has no survey yet.`);
      const questions = storedQuestions(survey.questions);
      const present = (await deps.store.attendance.list(session.id)).filter((r) => r.present).length;
      const rows = await deps.store.surveys.answers(session.id);
      const byQuestion = new Map<string, string[]>();
      for (const row of rows) byQuestion.set(row.questionId, [...(byQuestion.get(row.questionId) ?? []), row.value]);
      return cardReply(
        resultsCard({
          network,
          session,
          questions,
          attendees: present,
          respondents: new Set(rows.map((r) => r.respondent)).size,
          answers: byQuestion,
        }),
      );
    },
  },
  actions: {
    // who answers is who clicked; the button carries only the survey's session, the question and the answer
    [ActionIds.surveyAnswer]: action(answerButton, async (deps, ctx, { s, q, v }) =>
      answeredReply(await answerQuestion(deps, ctx, s, q, v)),
    ),
  },
  forms: {
    [FormIds.surveyText]: form({
      schema: z.record(z.string().regex(/^q\d{1,2}$/), textInput),
      open: async (deps, ctx, metadata) => {
        const { s, answered } = await ownSurvey(deps, ctx, metadata);
        if (s.survey.closesAt <= deps.clock.now()) throw new DomainError("invalid_input", closedText(s));
        return textForm(s.network, s.session, s.questions, answered);
      },
      submit: async (deps, ctx, metadata, values) => {
        const errors: Record<string, string> = {};
        for (const [id, value] of Object.entries(values))
          if (value.length > MAX_ANSWER_TEXT)
            errors[id] =
              `Keep it to ${MAX_ANSWER_TEXT.toLocaleString("en-GB")} characters (this has ${value.length.toLocaleString("en-GB")}).`;
        if (Object.keys(errors).length) return { kind: "errors", errors };
        const result = await answerInWriting(deps, ctx, metadata, values);
        if (result.kind === "closed") return { kind: "done", reply: text(closedText(result.ctx)) };
        const { network, session, survey, questions } = result.ctx;
        return {
          kind: "done",
          reply: cardReply(surveyCard(network, session, questions, result.answered, survey.closesAt)),
        };
      },
    }),
    [FormIds.surveySettings]: form({
      schema: settingsSchema,
      open: async (deps, ctx, metadata) => {
        const access = await recordAccess(deps, ctx, metadata);
        requireManager(access, "change the survey");
        const settings = (await deps.store.surveys.settings(access.network.id)) ?? DEFAULT_SURVEY_SETTINGS;
        return settingsForm(access.network, storedQuestions(settings.questions), settings);
      },
      submit: async (deps, ctx, metadata, values) => {
        const access = await recordAccess(deps, ctx, metadata);
        requireManager(access, "change the survey");
        const errors: Record<string, string> = {};
        const parsed = parseQuestionLines(values.questions);
        if (!parsed.ok) errors.questions = parsed.message;
        const closeDays = wholeDays(values.closeDays, 1, 30);
        if (closeDays === undefined) errors.closeDays = "A whole number of days from 1 to 30.";
        const reminderDays = wholeDays(values.reminderDays, 0, 29);
        if (reminderDays === undefined) errors.reminderDays = "A whole number of days from 0 (no reminder) to 29.";
        else if (closeDays !== undefined && reminderDays >= closeDays)
          errors.reminderDays = "The reminder must come before the survey closes.";
        if (!parsed.ok || closeDays === undefined || reminderDays === undefined || Object.keys(errors).length)
          return { kind: "errors", errors };
        await deps.store.surveys.saveSettings(access.network.id, {
          questions: JSON.stringify(parsed.questions),
          closeDays,
          reminderDays,
        });
        await deps.store.audit.record({
          networkId: access.network.id,
          actor: ctx.actor.user,
          action: "survey.settings",
          detail: { questions: parsed.questions.length, closeDays, reminderDays },
        });
        return {
          kind: "done",
          reply: text(
            `Saved: ${parsed.questions.length} questions, open for ${closeDays} days after each session, ` +
              (reminderDays ? `a reminder after ${reminderDays} days.` : "no reminder.") +
              ` The next session's survey uses them; ${localDate(deps.clock.now(), access.network.timeZone)}'s and earlier keep theirs.`,
          ),
        };
      },
    }),
  },
  onEnd: openSurvey,
};
