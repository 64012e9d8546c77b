/**
 * Presenting a case, end to end, written once and run in Slack, in Teams and in the shell, on each database provider:
 * each through its real route (signed POSTs to /slack/events against a fake Slack Web API, activities POSTed to
 * /api/messages with a stub Bot Connector, the real shell on piped input), with the platform's real messenger when
 * the scheduler ticks. A facilitator sets the network up and adds people with `role`; `present` lists the slots with
 * Claim buttons; members claim and release; the facilitator assigns, swaps and frees from forms and buttons;
 * `rotation` says who is next and why, `rotation away` skips someone without costing their place; the scheduler asks
 * the next people by direct message with Accept and Pass; `case` opens the case form, where a draft is kept,
 * identifiers are refused on their own field and never stored, and a submitted case goes to the hub expert, the day's
 * summary to the channel, the recommendations back to the presenter and, at the follow-up date, the outcome form.
 * Twenty members click one Claim button at the same moment, and exactly one gets the slot (Slack and Teams; in the
 * shell a claim made at one terminal is refused at another). What belongs to one platform (ephemeral answers,
 * replaced cards, invoke responses and action kinds, 1:1 chats created, numbered buttons) is checked beside the
 * shared steps, on that platform only.
 */
import type { Step } from "../support/drivers";
import { CAST, scenario } from "../support/drivers";
import { CASES } from "./presenting/cases";
import { RACE, RACE_CAST } from "./presenting/race";
import { ROTATION } from "./presenting/rotation";
import { SLOTS } from "./presenting/slots";
import type { World } from "./presenting/world";

const PRESENTING: Step<World>[] = [...SLOTS, ...CASES, ...ROTATION];

scenario("presenting a case in %s on %s", CAST, PRESENTING);

scenario("the claim race in %s on %s", RACE_CAST, RACE, { platforms: ["slack", "teams"] });
