/**
 * What bench/vote.ts and bench/clicks.ts set up through the core before the crowd arrives: a network in CHANNEL with
 * a facilitator, `voters` members (added with `role`, 40 at a time), the topics proposed, and an approval vote of
 * `maxPicks` open until the day after tomorrow, its card posted to the channel by the scheduler.
 */

import type { Ballot } from "../../src/core/curriculum/ports";
import { FormIds } from "../../src/core/ids";
import type { Network } from "../../src/core/ports";
import type { Scheduler } from "../../src/scheduler/scheduler";
import type { Services } from "../../src/services";
import { userAddress } from "../../src/slack/addresses";
import { BENCH_TEAM } from "../fake-slack";
import { slackCtx } from "./slack-stack";

export const BALLOT_CHANNEL = "C0VOTE";
const FACILITATOR = "U0FACIL";

export const voterId = (i: number) => `UV${String(i).padStart(6, "0")}`;

export interface BallotSetUp {
  /** the facilitator's context, in the network's channel */
  facilitator: ReturnType<typeof slackCtx>;
  voters: string[];
  ballot: Ballot;
}

/** A network in CHANNEL set up through the setup form, with a facilitator and `count` members (40 at a time). */
export async function setUpMembers(
  services: Services,
  count: number,
): Promise<{ fran: ReturnType<typeof slackCtx>; network: Network; voters: string[] }> {
  const fran = slackCtx(BALLOT_CHANNEL, FACILITATOR, "Fran Facilitator");
  // the setup form's own defaults, with what a facilitator would type (new settings keep their defaults)
  const setupForm = await services.core.openForm(fran, FormIds.setup, "");
  const setUp = await services.core.submitForm(fran, FormIds.setup, "", {
    ...Object.fromEntries(setupForm.fields.map((f) => [f.id, f.initial ?? ""])),
    name: "Palliative Care ECHO",
    timeZone: "Europe/London",
    cadence: "weekly",
    firstDate: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
    startTime: "12:30",
    videoLink: "https://zoom.us/j/123456789",
  });
  if (setUp.kind !== "done") throw new Error(`network setup failed: ${JSON.stringify(setUp).slice(0, 500)}`);
  const network = await services.store.networks.byChannel(fran.channel);
  if (!network) throw new Error("the network was not created");
  const voters = Array.from({ length: count }, (_, i) => voterId(i + 1));
  // `role @a @b … member` takes up to 50 people, within the grammar's 2000 characters
  for (let i = 0; i < voters.length; i += 40) {
    const mentions = voters.slice(i, i + 40).map((v) => `<@${userAddress(BENCH_TEAM, v)}|Voter ${v}>`);
    const reply = await services.core.command(fran, `role ${mentions.join(" ")} member`);
    if (reply.kind !== "text" || !reply.text.includes("now members"))
      throw new Error(`could not add members: ${JSON.stringify(reply).slice(0, 300)}`);
  }
  return { fran, network, voters };
}

export async function setUpBallot(
  services: Services,
  scheduler: Scheduler,
  options: { voters: number; topics: readonly string[]; maxPicks: number; anonymous?: boolean },
): Promise<BallotSetUp> {
  const { fran, network, voters } = await setUpMembers(services, options.voters);
  for (const title of options.topics) {
    const reply = await services.core.command(fran, `propose ${title}`);
    if (reply.kind !== "text" || !reply.text.includes("proposed")) throw new Error(`could not propose ${title}`);
  }
  const topics = await services.store.topics.list(network.id);
  const closesDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const opened = await services.core.submitForm(fran, FormIds.openVote, network.id, {
    topics: topics.map((t) => t.id).join(","),
    closesDate,
    closesTime: "12:00",
    method: "approval",
    maxPicks: String(options.maxPicks),
    showRunning: "no",
    anonymous: options.anonymous ? "yes" : "no",
  });
  if (opened.kind !== "done") throw new Error(`could not open the vote: ${JSON.stringify(opened).slice(0, 500)}`);
  await scheduler.tick();
  const ballot = await services.store.ballots.openFor(network.id);
  if (!ballot?.message) throw new Error("the ballot card was not posted to the channel");
  return { facilitator: fran, voters, ballot };
}
