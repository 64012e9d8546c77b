/**
 * What bench/clicks.ts sets up through the core and the store before the crowd: a network with `count` members, its
 * first session held with every member present (checked in, as the check-in path writes it), and that session's
 * survey open, with the default questions.
 */
import type { Session } from "../../src/core/ports";
import { DEFAULT_QUESTIONS } from "../../src/core/surveys/questions";
import type { Services } from "../../src/services";
import { setUpMembers } from "./ballot";

export interface SurveySetUp {
  attendees: string[];
  session: Session;
}

export async function setUpSurvey(services: Services, count: number): Promise<SurveySetUp> {
  const { network, voters } = await setUpMembers(services, count);
  const [session] = await services.store.sessions.upcoming(network.id, new Date(), 1);
  if (!session) throw new Error("the network has no session");
  const members = await services.store.members.list(network.id);
  const now = new Date();
  await services.store.attendance.checkIn(
    session.id,
    members.map((m) => m.id),
    now,
  );
  await services.store.surveys.open({
    sessionId: session.id,
    questions: JSON.stringify(DEFAULT_QUESTIONS),
    closesAt: new Date(now.getTime() + 7 * 86_400_000),
  });
  return { attendees: voters, session };
}
