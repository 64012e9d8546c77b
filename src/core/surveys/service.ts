/**
 * The survey's life: opened when a session ends (the network's questions as they are then), sent by direct message
 * to each attendee through durable jobs (paced by the messenger, exactly once by their keys, a progress message for
 * 20 or more), answered and changed until it closes, one reminder to those who have not completed it.
 */
import { z } from "zod";
import { accessToNetwork, outOfDate } from "../access";
import { type Lane, type Settled, sentAgain } from "../batching";
import type { Ctx } from "../context";
import type { CoreDeps, JobDeps, JobHandler } from "../deps";
import { AlreadyHandled, DomainError } from "../errors";
import type { JobSpec } from "../jobs/ports";
import type { AttendanceRecord, Member, Network, Session, Store } from "../ports";
import { PROGRESS, progressKey } from "../reminders/plan";
import { localDate } from "../sessions/calendar";
import { endsAt } from "../sessions/lifecycle";
import { surveyCard } from "./cards";
import { DEFAULT_SURVEY_SETTINGS, type SessionSurvey } from "./ports";
import { isComplete, type Question, storedQuestions, validAnswer } from "./questions";

export const SURVEY_SEND = "survey.send";
export const SURVEY_REMIND = "survey.remind";
const DAY_MS = 86_400_000;
/** from this many attendees on, the facilitator sees a "sent 40 of 60" message (as for reminders) */
const PROGRESS_FROM = 20;

export const sendKey = (sessionId: string, user: string, reminder = false) =>
  `survey:${sessionId}:${reminder ? "remind" : "send"}|${user}`;

const sendJob = (network: Network, session: Session, user: string, dueAt: Date, reminder = false): JobSpec => ({
  key: sendKey(session.id, user, reminder),
  kind: SURVEY_SEND,
  dueAt,
  networkId: network.id,
  sessionId: session.id,
  payload: { sessionId: session.id, recipient: user, reminder },
});

/** The people a session's survey is for: those checked in or marked present. */
async function attendees(store: Store, network: Network, session: Session): Promise<Member[]> {
  const present = new Set((await store.attendance.list(session.id)).filter((r) => r.present).map((r) => r.memberId));
  return (await store.members.everyone(network.id)).filter((m) => present.has(m.id));
}

/** Opens the session's survey (once) and plans its sends, its progress message and its reminder. */
export async function openSurvey(deps: JobDeps, network: Network, session: Session): Promise<void> {
  const settings = (await deps.store.surveys.settings(network.id)) ?? DEFAULT_SURVEY_SETTINGS;
  const questions = storedQuestions(settings.questions);
  const end = endsAt(session);
  const survey = await deps.store.surveys.open({
    sessionId: session.id,
    questions: JSON.stringify(questions),
    closesAt: new Date(end.getTime() + settings.closeDays * DAY_MS),
  });
  const now = deps.clock.now();
  const people = await attendees(deps.store, network, session);
  await deps.store.jobs.addMissing(people.map((m) => sendJob(network, session, m.user, now)));
  if (people.length >= PROGRESS_FROM) {
    const fanOut = `survey:${session.id}:send`;
    await deps.store.fanOuts.create(fanOut, network.id, people.length);
    await deps.store.jobs.addMissing([
      {
        key: progressKey(fanOut),
        kind: PROGRESS,
        dueAt: now,
        networkId: network.id,
        sessionId: session.id,
        payload: { fanOut, title: `Survey for ${network.name}, ${localDate(session.startsAt, network.timeZone)}` },
      },
    ]);
  }
  const { reminderDays } = settings;
  const remindAt = new Date(end.getTime() + reminderDays * DAY_MS);
  if (reminderDays > 0 && remindAt < survey.closesAt)
    await deps.store.jobs.addMissing([
      {
        key: `survey:${session.id}:remind`,
        kind: SURVEY_REMIND,
        dueAt: remindAt,
        networkId: network.id,
        sessionId: session.id,
        payload: { sessionId: session.id },
      },
    ]);
}

/**
 * People recorded present after the session ended (late check-ins, a facilitator's correction) get the survey then,
 * if it is still open; nothing for those who had it already (the send's key).
 */
export async function offerSurvey(
  store: Store,
  network: Network,
  session: Session,
  users: readonly string[],
  now: Date,
): Promise<void> {
  if (users.length === 0) return;
  const survey = await store.surveys.get(session.id);
  if (!survey || survey.closesAt <= now) return;
  await store.jobs.addMissing(users.map((user) => sendJob(network, session, user, now)));
}

const sendPayload = z.object({ sessionId: z.string(), recipient: z.string(), reminder: z.boolean().default(false) });

/** One attendee's survey message (or the reminder, if they have not completed it yet). */
const send: JobHandler = async (deps, job) => {
  const p = sendPayload.parse(job.payload);
  const found = await deps.sessions.find(deps.store, p.sessionId);
  const survey = await deps.store.surveys.get(p.sessionId);
  if (!found || !survey || survey.closesAt <= deps.clock.now()) return;
  const { network, session } = found;
  const member = await deps.store.members.find(network.id, p.recipient);
  if (!member) return;
  const record = (await deps.store.attendance.findMany(session.id, [member.id])).get(member.id);
  if (!record?.present) return; // marked absent since
  const questions = storedQuestions(survey.questions);
  const answered = (await deps.store.surveys.answersOf(session.id, [p.recipient])).get(p.recipient) ?? new Map();
  if (p.reminder && isComplete(questions, answered)) return;
  const card = surveyCard(network, session, questions, answered, survey.closesAt, p.reminder);
  await deps.messenger.send(p.recipient, { card }, { dedupeKey: job.key, retry: job.attempts > 1 });
};

/** The one reminder: a send to each attendee who has not completed the survey (checked again at each send). */
const remind: JobHandler = async (deps, job) => {
  const p = z.object({ sessionId: z.string() }).parse(job.payload);
  const found = await deps.sessions.find(deps.store, p.sessionId);
  const survey = await deps.store.surveys.get(p.sessionId);
  if (!found || !survey || survey.closesAt <= deps.clock.now()) return;
  const { network, session } = found;
  const questions = storedQuestions(survey.questions);
  const people = await attendees(deps.store, network, session);
  const answers = await deps.store.surveys.answersOf(
    session.id,
    people.map((m) => m.user),
  );
  const now = deps.clock.now();
  const owing = people.filter((m) => !isComplete(questions, answers.get(m.user) ?? new Map()));
  await deps.store.jobs.addMissing(owing.map((m) => sendJob(network, session, m.user, now, true)));
};

export const surveyHandlers: Readonly<Record<string, JobHandler>> = { [SURVEY_SEND]: send, [SURVEY_REMIND]: remind };

export interface SurveyContext {
  network: Network;
  session: Session;
  survey: SessionSurvey;
  questions: Question[];
}

export type AnswerResult =
  | { kind: "answered"; ctx: SurveyContext; answered: Map<string, string> }
  | { kind: "closed"; ctx: SurveyContext };

export const closedText = ({ network, survey }: SurveyContext) =>
  `This survey closed on ${localDate(survey.closesAt, network.timeZone)}; your answers were not changed.`;

const notAttendee = ({ network, session }: SurveyContext) =>
  new DomainError(
    "forbidden",
    `This survey is for those who attended ${network.name} on ${localDate(session.startsAt, network.timeZone)}.`,
  );

/** A survey and its session, read for an answer. */
async function surveyContext(store: Store, sessionId: string): Promise<SurveyContext | undefined> {
  const survey = await store.surveys.get(sessionId);
  const session = survey && (await store.sessions.byId(sessionId));
  const network = session && (await store.networks.byId(session.networkId));
  if (!survey || !session || !network) return undefined;
  return { network, session, survey, questions: storedQuestions(survey.questions) };
}

/**
 * Who may answer: a member of the network (checked against where the request came from) who attended; `records`:
 * the session's attendance of the people asking, when the caller has read it for several at once.
 */
async function respondent(
  store: Store,
  ctx: Ctx,
  s: SurveyContext,
  member: Member | undefined,
  batch?: { records: ReadonlyMap<string, AttendanceRecord>; homes: ReadonlySet<string> },
): Promise<Member> {
  const access = await accessToNetwork(
    { store },
    ctx,
    s.network,
    batch ? { member, otherHome: batch.homes.has(ctx.channel) } : { member },
  );
  if (!access.member) throw notAttendee(s);
  const id = access.member.id;
  const record = batch ? batch.records.get(id) : (await store.attendance.findMany(s.session.id, [id])).get(id);
  if (!record?.present) throw notAttendee(s);
  return access.member;
}

interface AnswerItem {
  ctx: Ctx;
  questionId: string;
  value: string;
}

/** The answers for one session's survey that arrived together, in one transaction with their ledger keys. */
const answerLane: Lane<CoreDeps, AnswerItem, AnswerResult> = {
  name: "survey.answer",
  flush: (deps, sessionId, items, crowd) =>
    deps.store.transaction(async (store): Promise<Settled<AnswerResult>[]> => {
      // the survey, its session and network, read once for a crowd answering back to back (the survey's questions
      // and close never change; who answers, their attendance and their answers are read in every batch)
      const s = await crowd.once("context", () => surveyContext(store, sessionId));
      if (!s) return items.map(() => ({ ok: false, error: outOfDate() }));
      const repeated = await sentAgain(
        store,
        items.map((item) => item.ctx),
      );
      const members = await store.members.findMany(
        s.network.id,
        items.map((i) => i.ctx.actor.user),
      );
      const records = await store.attendance.findMany(
        s.session.id,
        [...members.values()].map((m) => m.id),
      );
      // where the clicks came from (each person's direct message, mostly): is any of those another network's home?
      const homes = await store.networks.homes(items.map((i) => i.ctx.channel).filter((c) => c !== s.network.channel));
      const closed = s.survey.closesAt <= deps.clock.now();
      const out: Array<Settled<AnswerResult> | { user: string }> = [];
      const writes: Array<{ respondent: string; questionId: string; value: string }> = [];
      for (const item of items) {
        if (repeated(item.ctx)) {
          out.push({ ok: false, error: new AlreadyHandled() });
          continue;
        }
        try {
          const member = await respondent(store, item.ctx, s, members.get(item.ctx.actor.user), { records, homes });
          const question = s.questions.find((q) => q.id === item.questionId);
          // a value our own buttons never carry (another question, out of range) is refused as out of date
          if (!question || question.kind === "text" || !validAnswer(question, item.value)) throw outOfDate();
          if (closed) {
            out.push({ ok: true, value: { kind: "closed", ctx: s } });
            continue;
          }
          writes.push({ respondent: member.user, questionId: question.id, value: item.value });
          out.push({ user: member.user });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          out.push({ ok: false, error });
        }
      }
      await store.surveys.answer(s.session.id, writes);
      const after = await store.surveys.answersOf(
        s.session.id,
        writes.map((w) => w.respondent),
      );
      return out.map(
        (o): Settled<AnswerResult> =>
          "user" in o ? { ok: true, value: { kind: "answered", ctx: s, answered: after.get(o.user) ?? new Map() } } : o,
      );
    }),
};

/** A click on a survey button: that answer, replacing any earlier one to the question. */
export function answerQuestion(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
  questionId: string,
  value: string,
): Promise<AnswerResult> {
  return deps.batching.submit(answerLane, deps, sessionId, { ctx, questionId, value });
}

/** The written answers, from their form: each replaces the earlier one; an emptied one is taken back. */
export async function answerInWriting(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
  values: Record<string, string>,
): Promise<AnswerResult> {
  return deps.store.transaction(async (store) => {
    const s = await surveyContext(store, sessionId);
    if (!s) throw outOfDate();
    const member = await respondent(store, ctx, s, await store.members.find(s.network.id, ctx.actor.user));
    if (s.survey.closesAt <= deps.clock.now()) return { kind: "closed", ctx: s };
    const written = s.questions.filter((q) => q.kind === "text");
    const given = written.filter((q) => (values[q.id] ?? "") !== "");
    await store.surveys.answer(
      s.session.id,
      given.map((q) => ({ respondent: member.user, questionId: q.id, value: values[q.id] as string })),
    );
    await store.surveys.clear(
      s.session.id,
      member.user,
      written.filter((q) => !given.includes(q)).map((q) => q.id),
    );
    const answered = (await store.surveys.answersOf(s.session.id, [member.user])).get(member.user) ?? new Map();
    return { kind: "answered", ctx: s, answered };
  });
}

/** The survey and the person's own answers, to open their written answers' form or show their survey again. */
export async function ownSurvey(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
): Promise<{ s: SurveyContext; answered: Map<string, string> }> {
  const s = await surveyContext(deps.store, sessionId);
  if (!s) throw outOfDate();
  const member = await respondent(deps.store, ctx, s, await deps.store.members.find(s.network.id, ctx.actor.user));
  const answered = (await deps.store.surveys.answersOf(s.session.id, [member.user])).get(member.user) ?? new Map();
  return { s, answered };
}
