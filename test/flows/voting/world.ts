/** The voting flow's world, shared constants and helpers (see ../voting.test.ts). */
import type { Ballot, Topic } from "../../../src/core/curriculum/ports";
import { setupForm } from "../../../src/core/networks/cards";
import type { Network } from "../../../src/core/ports";
import type { Driver, FormView, Values, View } from "../../support/drivers";
import { byLabel } from "../../support/drivers";
import { BREATHLESSNESS, CONSTIPATION, DELIRIUM, OPIOIDS } from "../../support/seed";
import { SETUP_VALUES } from "../../support/services";
import type { Recorded } from "../../support/teams";

export const TOPICS = "Topics on the ballot";
export const CLOSES_ON = "Closes on";
export const CLOSES_AT = "Closes at (Europe/London)";
export const METHOD = "How people vote";
export const APPROVAL = "Pick the topics you want (approval)";
export const RANKED = "Rank topics in order (ranked choice)";
export const MOST = "Most picks per person (approval)";
export const RUNNING = "Show counts while the vote is open";
export const PICKS = "Pick up to 2";
export const RANKING = [
  `1. ${OPIOIDS}: 2 votes`,
  `2. ${BREATHLESSNESS}: 1 vote`,
  `3. ${DELIRIUM}: 0 votes`,
  `4. ${CONSTIPATION}: 0 votes`,
];
export const DESCRIPTION = "Laxatives, opioid-induced constipation and when to worry.";
export const NOT_A_MEMBER =
  "Only members of Palliative Care ECHO can vote. A facilitator can add you with `role @you member`.";

export const setupAnswers = (d: Driver): Values => byLabel(setupForm(undefined, d.services.clock.now()), SETUP_VALUES);
/** What a shell card's numbered buttons print as. */
export const buttonLine = (labels: string[]) => `  ${labels.map((label, i) => `[${i + 1}] ${label}`).join("  ")}`;
/** A proactive post of the ballot card (other scheduled posts, such as reminders, may go to the channel too). */
export const isBallot = (r: Recorded) => JSON.stringify(r.body).includes("curriculum vote");

export interface World {
  network: Network;
  topics: Map<string, Topic>;
  /** the facilitator's topics card, with Open a vote */
  topicsCard: View;
  voteForm: FormView;
  ballot: Ballot;
  /** the ballot card the scheduler posted to the channel */
  ballotPost: View;
  /** where the ballot card is, on Slack (its ts) or Teams (its activity id) */
  ballotMessage: string;
  plan: View;
}

export async function refreshTopics(d: Driver, w: World) {
  for (const t of await d.services.store.topics.list(w.network.id)) w.topics.set(t.title, t);
}
export const id = (w: World, title: string) => {
  const topic = w.topics.get(title);
  if (!topic) throw new Error(`no topic ${title}`);
  return topic.id;
};
export const papers = async (d: Driver, w: World) => (await d.services.store.ballots.papers(w.ballot.id)).named;
export const voters = (d: Driver, w: World) => d.services.store.ballots.voterCount(w.ballot.id);
