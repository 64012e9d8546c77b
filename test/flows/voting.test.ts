/**
 * Curriculum voting, end to end, written once and run in Slack, in Teams and in the shell, on each database provider:
 * from "we need topics" to a planned curriculum, each platform through its real route with its real messenger when
 * the scheduler ticks. Members propose (the command and the form), the facilitator opens a vote from the topics card,
 * the scheduler posts the ballot card to the channel, members vote from its Vote button, the scheduler closes the vote
 * and posts the ranking, and `topics plan` turns it into the curriculum. A ranked-choice vote, on SQLite, shows the
 * instant-runoff rounds. What belongs to one platform (Slack's ephemeral and in-channel answers, message metadata,
 * chat.update and its retries; Teams' thread replies, invoke responses, dialog cards and duplicate deliveries; the
 * shell's numbered buttons and prompts) is checked beside the shared steps, on that platform only.
 */
import type { Step } from "../support/drivers";
import { CAST, scenario } from "../support/drivers";
import { BALLOTS } from "./voting/ballots";
import { OPENING } from "./voting/opening";
import { PLANNING } from "./voting/planning";
import { PROPOSING } from "./voting/proposing";
import { RANKED_VOTE } from "./voting/ranked";
import type { World } from "./voting/world";

const VOTING: Step<World>[] = [...PROPOSING, ...OPENING, ...BALLOTS, ...PLANNING];

scenario("curriculum voting in %s on %s", CAST, VOTING);

scenario("a ranked-choice vote in %s on %s", CAST, RANKED_VOTE, { providers: ["sqlite"] });
