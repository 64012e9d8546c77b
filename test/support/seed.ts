/**
 * Platform-neutral data for the end-to-end adapter tests: the same setup values, topics, case text and expected
 * session labels whichever chat platform carries them. Nothing here knows about Slack or Teams.
 */
import { SETUP_VALUES } from "./services";

/** Setup with the channel and personal reminders switched off, so that the direct messages are the rotation's. */
export const QUIET_SETUP: Record<string, string> = {
  ...SETUP_VALUES,
  agendaOffsets: "",
  reminderOffsets: "",
  itOffsets: "",
  warningOffsets: "",
};

/** The topics members propose in the curriculum-voting flow. */
export const DELIRIUM = "Delirium in care homes";
export const BREATHLESSNESS = "Breathlessness at the end of life";
export const OPIOIDS = "Opioid conversions";
export const CONSTIPATION = "Constipation in palliative care";
/** When the vote opened in the curriculum-voting flow closes, as the bot writes it. */
export const CLOSES = "2026-11-28 17:00 (Europe/London)";

/** One identifier in each of four free-text fields: a name, a date of birth, an NHS number, a phone number. */
export const IDENTIFIED = {
  problem: "Mrs Patricia Hughes has increasing breathlessness at rest.",
  history: "DOB 12/03/1948. COPD since 2015.",
  medications: "NHS number 943 476 5919 is on the referral; morphine MR 10 mg bd.",
  question: "Can we call her daughter on 07700 900123 to discuss what matters to her?",
};
/** Any of the identifiers in IDENTIFIED, however it is spaced. */
export const LEAKS = /Hughes|Patricia|12\/03\/1948|943 ?476 ?5919|07700 ?900123/;
/** What the hub expert recommends on the presented case. */
export const RECOMMENDATIONS =
  "Consider lorazepam 0.5 mg sublingual at night; review falls risk with the care home team.";
/** How things went, as the presenter records it at the follow-up date. */
export const OUTCOME = "Sleeping better on the night-time plan; no falls since the session.";

/** The first three sessions of a network set up with SETUP_VALUES (or QUIET_SETUP), as the bot writes them. */
export const S1 = "Wed 2 Dec 2026, 12:30–14:00 GMT";
export const S2 = "Wed 9 Dec 2026, 12:30–14:00 GMT";
export const S3 = "Wed 16 Dec 2026, 12:30–14:00 GMT";
/** The title of the message that asks the next person in the rotation to present. */
export const ASK = "Could you present a case at Palliative Care ECHO?";
