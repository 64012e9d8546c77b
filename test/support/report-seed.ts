/**
 * A network's history for the outcomes report, written straight into the store (createMany, in batches): weekly
 * sessions (a few skipped or cancelled), members in spokes, attendance, case presenters, surveys with answers, topics
 * and closed votes. Made from a seeded random sequence, so a run is repeatable; with it, the figures the report should
 * show, counted here in plain JavaScript from what was written (the test's independent answer). `bench:report` seeds
 * three years of a busy network with it.
 */
import { addDaysTo, instantOf } from "../../src/core/sessions/calendar";
import { DEFAULT_QUESTIONS } from "../../src/core/surveys/questions";
import type { Db } from "../../src/store/database";
import { prng } from "./prng";

export interface HistoryShape {
  weeks: number;
  members: number;
  spokes: number;
  /** people present at each session held */
  attending: number;
  /** of them, how many answer the survey */
  answering: number;
  /** the first session's date */
  firstDate: string;
  seed?: number;
  /** the network's time zone; Europe/London unless said */
  timeZone?: string;
}

export const BUSY_NETWORK: HistoryShape = {
  weeks: 156,
  members: 300,
  spokes: 12,
  attending: 216,
  answering: 28,
  firstDate: "2023-12-06",
};

/** What was written, counted, to compare the report with. */
export interface Written {
  networkId: string;
  sessions: number;
  held: Array<{ id: string; date: string; present: number; respondents: number; q1Mean: number }>;
  skipped: number;
  cancelled: number;
  attendanceRows: number;
  answerRows: number;
  /** present attendances by spoke name */
  bySpoke: Map<string, { count: number; people: Set<string> }>;
  participants: Set<string>;
  casesBySpoke: Map<string, number>;
  votes: Map<string, number>;
}

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>, size = 2000): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

const TIME_ZONE = "Europe/London";

export async function seedHistory(db: Db, shape: HistoryShape, channel = "shell:#report"): Promise<Written> {
  const rnd = prng(shape.seed ?? 7);
  const pick = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  };
  const network = await db.network.create({
    data: {
      channel,
      platform: "shell",
      workspace: "shell",
      name: "Palliative Care ECHO",
      timeZone: shape.timeZone ?? TIME_ZONE,
      cadence: "weekly",
      weekday: 3,
      firstDate: shape.firstDate,
      startTime: "12:30",
      videoLink: "https://video.example.org/echo",
    },
  });
  const spokes = await Promise.all(
    Array.from({ length: shape.spokes }, (_, i) =>
      db.spoke.create({ data: { networkId: network.id, name: `Spoke ${String(i + 1).padStart(2, "0")}` } }),
    ),
  );
  await db.member.createMany({
    data: Array.from({ length: shape.members }, (_, i) => ({
      networkId: network.id,
      user: `shell:m${i}`,
      displayName: `Member ${i}`,
      role: i === 0 ? "facilitator" : "member",
      // every spoke but one person with none
      spokeId: i === shape.members - 1 ? null : (spokes[i % spokes.length]?.id ?? null),
    })),
  });
  const members = await db.member.findMany({ where: { networkId: network.id }, include: { spoke: true } });
  const topics = await Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      db.topic.create({
        data: { networkId: network.id, title: `Topic ${i + 1}`, titleKey: `topic ${i + 1}`, proposedBy: "shell:m0" },
      }),
    ),
  );
  const written: Written = {
    networkId: network.id,
    sessions: shape.weeks,
    held: [],
    skipped: 0,
    cancelled: 0,
    attendanceRows: 0,
    answerRows: 0,
    bySpoke: new Map(),
    participants: new Set(),
    casesBySpoke: new Map(),
    votes: new Map(),
  };
  const attendance: Array<{ sessionId: string; memberId: string; present: boolean; source: string; at: Date }> = [];
  const answers: Array<{ sessionId: string; respondent: string; questionId: string; value: string }> = [];
  const slots: Array<{ sessionId: string; position: number; memberId: string | null }> = [];
  const surveys: Array<{ sessionId: string; questions: string; closesAt: Date }> = [];
  for (let week = 0; week < shape.weeks; week++) {
    const date = addDaysTo(shape.firstDate, 7 * week);
    const startsAt = instantOf(date, "12:30", shape.timeZone ?? TIME_ZONE);
    const status = week % 13 === 12 ? "skipped" : week % 29 === 28 ? "cancelled" : "held";
    const topic = status === "held" && week % 2 === 0 ? topics[(week / 2) % topics.length] : undefined;
    const session = await db.session.create({
      data: {
        networkId: network.id,
        occurrence: date,
        startsAt,
        durationMinutes: 90,
        status,
        topicId: topic?.id ?? null,
        ...(status === "held" ? { endedAt: new Date(startsAt.getTime() + 90 * 60_000) } : {}),
      },
    });
    if (status === "skipped") written.skipped += 1;
    if (status === "cancelled") written.cancelled += 1;
    if (status !== "held") continue;
    // attendance varies from session to session around `attending` (three quarters to one and a quarter of it)
    const present = pick(members, Math.min(members.length, Math.round(shape.attending * (0.75 + rnd() / 2))));
    for (const m of present) {
      attendance.push({ sessionId: session.id, memberId: m.id, present: true, source: "checkin", at: startsAt });
      const spoke = m.spoke?.name ?? "No spoke set";
      const totals = written.bySpoke.get(spoke) ?? { count: 0, people: new Set<string>() };
      totals.count += 1;
      totals.people.add(m.id);
      written.bySpoke.set(spoke, totals);
      written.participants.add(m.id);
    }
    // one marked absent by a facilitator (a correction): listed, never counted
    const absent = members.find((m) => !present.includes(m));
    if (absent)
      attendance.push({
        sessionId: session.id,
        memberId: absent.id,
        present: false,
        source: "correction",
        at: startsAt,
      });
    const presenters = pick(present, week % 3 === 0 ? 1 : 2);
    for (const [position, m] of presenters.entries()) {
      slots.push({ sessionId: session.id, position, memberId: m.id });
      const spoke = m.spoke?.name ?? "No spoke set";
      written.casesBySpoke.set(spoke, (written.casesBySpoke.get(spoke) ?? 0) + 1);
    }
    surveys.push({
      sessionId: session.id,
      questions: JSON.stringify(DEFAULT_QUESTIONS),
      closesAt: new Date(startsAt.getTime() + 7 * 86_400_000),
    });
    const answering = pick(present, shape.answering);
    let q1 = 0;
    for (const m of answering) {
      const score = () => String(1 + Math.min(4, Math.floor(rnd() * 3) + (week > shape.weeks / 2 ? 2 : 1)));
      const mine = [
        ["q1", score()],
        ["q2", score()],
        ["q3", score()],
        ["q4", "Yes"],
        ["q6", score()],
      ];
      if (rnd() < 0.2) mine.push(["q7", "Useful, thank you"]);
      q1 += Number(mine[0]?.[1]);
      for (const [questionId, value] of mine)
        answers.push({
          sessionId: session.id,
          respondent: m.user,
          questionId: questionId as string,
          value: value as string,
        });
    }
    written.held.push({
      id: session.id,
      date,
      present: present.length,
      respondents: answering.length,
      q1Mean: answering.length ? q1 / answering.length : 0,
    });
    // a vote closes every twelfth week, on five topics
    if (week % 12 === 6) {
      const choices = pick(topics, 5);
      const ranking = choices.map((t, i) => ({ topicId: t.id, title: t.title, votes: 40 - 5 * i }));
      for (const r of ranking) written.votes.set(r.title, (written.votes.get(r.title) ?? 0) + r.votes);
      await db.ballot.create({
        data: {
          networkId: network.id,
          method: "approval",
          closesAt: startsAt,
          closedAt: startsAt,
          openedBy: "shell:m0",
          result: JSON.stringify({ method: "approval", papers: 60, ranking, rounds: [] }),
        },
      });
    }
  }
  await inBatches(attendance, (data) => db.attendance.createMany({ data }));
  await inBatches(slots, (data) => db.presenterSlot.createMany({ data }));
  await inBatches(surveys, (data) => db.survey.createMany({ data }));
  await inBatches(answers, (data) => db.surveyAnswer.createMany({ data }));
  written.attendanceRows = attendance.length;
  written.answerRows = answers.length;
  return written;
}
