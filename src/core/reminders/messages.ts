/** What each reminder says. Cards carry their own fallback text for notifications. */

import { checkInButton } from "../attendance/cards";
import { CHECK_IN_EARLY_MINUTES } from "../attendance/checkin";
import { ActionIds } from "../ids";
import type { Network, Presenter, Session } from "../ports";
import { describeSlot, localTime } from "../sessions/calendar";
import type { Button, Card, CardBlock } from "../ui/model";
import type { ReminderKind } from "./kinds";
import { MUTABLE_KINDS, REMINDER_LABELS } from "./kinds";

const hhmm = localTime;

export function inWords(minutes: number): string {
  if (minutes <= 0) return minutes === 0 ? "now" : `${-minutes} minutes ago`;
  if (minutes % 1440 === 0) return minutes === 1440 ? "tomorrow" : `in ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? "in 1 hour" : `in ${minutes / 60} hours`;
  return `in ${minutes} minutes`;
}

function casesLine(network: Network, presenters: Presenter[]): string {
  const names = presenters.map((p) => p.name);
  const open = Math.max(0, network.casesPerSession - presenters.length);
  return (
    [names.join(", "), open ? `${open} slot${open === 1 ? "" : "s"} open` : ""].filter(Boolean).join("; ") || "none"
  );
}

/** The timings of a session, so it starts and finishes on time. */
export function runSheet(
  network: Network,
  session: Session,
  presenters: Presenter[],
): Array<{ at: Date; what: string; minutes: number }> {
  const intro = 5;
  const wrap = 5;
  const cases = Math.max(1, network.casesPerSession);
  const caseMinutes = Math.max(
    5,
    Math.floor((session.durationMinutes - intro - network.teachingMinutes - wrap) / cases),
  );
  const rows: Array<{ what: string; minutes: number }> = [
    { what: "Welcome, introductions, housekeeping", minutes: intro },
    { what: `Teaching: ${session.topicTitle ?? "topic to be confirmed"}`, minutes: network.teachingMinutes },
  ];
  for (let i = 0; i < cases; i++)
    rows.push({
      what: `Case ${i + 1}: ${presenters[i]?.name ?? "open slot"} (present, clarify, recommend, summarise)`,
      minutes: caseMinutes,
    });
  // the wrap-up takes what the rounding left, so the last item ends exactly at the finish
  rows.push({
    what: "Wrap-up: summary, follow-up dates, next session",
    minutes: Math.max(wrap, session.durationMinutes - intro - network.teachingMinutes - cases * caseMinutes),
  });
  let at = session.startsAt.getTime();
  return rows.map((row) => {
    const out = { at: new Date(at), ...row };
    at += row.minutes * 60_000;
    return out;
  });
}

export function reminderCard(
  kind: ReminderKind,
  network: Network,
  session: Session,
  presenters: Presenter[],
  offset: number,
  personal: boolean,
  recipientUser?: string,
): Card {
  const when = describeSlot(session.startsAt, session.durationMinutes, network.timeZone);
  const topic = session.topicTitle ?? "to be confirmed";
  const blocks: CardBlock[] = [];
  let title: string;
  switch (kind) {
    case "agenda":
      title = `${network.name}: session ${inWords(offset)}`;
      blocks.push({
        kind: "fields",
        fields: [
          { label: "When", value: when },
          { label: "Topic", value: topic },
          {
            label: "Teacher",
            value: session.teacherUser ? (session.teacherUser.split("|").pop() ?? "") : "to be confirmed",
          },
          { label: "Cases", value: casesLine(network, presenters) },
          { label: "Video room", value: network.videoLink },
        ],
      });
      break;
    case "starting_soon":
      title = offset > 0 ? `${network.name} starts ${inWords(offset)}` : `${network.name} has started`;
      blocks.push({ kind: "text", text: `${when}. Join here: ${network.videoLink}` });
      break;
    case "case_missing": {
      const missing = presenters.filter((p) => p.caseStatus !== "submitted");
      const mine = missing.some((p) => p.user === recipientUser);
      title = mine ? `Your case form for ${network.name} is overdue` : `${network.name}: case form missing`;
      blocks.push({
        kind: "text",
        text: mine
          ? `The case form for ${when} was due now. Please submit it with \`case\` as soon as you can, or tell the facilitator.`
          : `Not submitted by the deadline for ${when}: ${missing.map((p) => `${p.name} (case ${p.position})`).join(", ")}.`,
      });
      break;
    }
    case "presenter_due":
      title = `Your case for ${network.name} is due in ${Math.round(offset / 1440) - network.caseDueDays} days`;
      blocks.push({
        kind: "text",
        text: `You present on ${when}. Please fill in the de-identified case form with \`case\`.`,
      });
      break;
    case "presenter_day_before":
      title = `You present a case at ${network.name} tomorrow`;
      blocks.push({ kind: "text", text: `${when}. Video room: ${network.videoLink}` });
      break;
    case "runsheet": {
      title = `Run-sheet: ${network.name}`;
      const rows = runSheet(network, session, presenters);
      const end = new Date(session.startsAt.getTime() + session.durationMinutes * 60_000);
      blocks.push({
        kind: "text",
        text: rows.map((r) => `${hhmm(r.at, network.timeZone)}  ${r.what} (${r.minutes} min)`).join("\n"),
      });
      blocks.push({ kind: "text", text: `${hhmm(end, network.timeZone)}  Finish on time.` });
      blocks.push({
        kind: "actions",
        buttons: [{ actionId: ActionIds.sessionEnd, label: "End the session", value: session.id, style: "danger" }],
      });
      break;
    }
    case "warnings": {
      title = `${network.name} on ${when}: needs attention`;
      const open = Math.max(0, network.casesPerSession - presenters.length);
      const missing = presenters.filter((p) => p.caseStatus !== "submitted").map((p) => p.name);
      const lines = [
        open ? `${open} case slot${open === 1 ? " is" : "s are"} still open.` : "",
        missing.length ? `Case form not yet submitted: ${missing.join(", ")}.` : "",
      ].filter(Boolean);
      blocks.push({ kind: "text", text: lines.join("\n") });
      break;
    }
    case "it_room":
      title = `Please open the video room for ${network.name}`;
      blocks.push({ kind: "text", text: `${when}. Room: ${network.videoLink}` });
      break;
  }
  // a starting-soon message sent while check-in is open (from 30 minutes before the start) carries "I'm here"
  const checkIn: Button[] =
    personal && kind === "starting_soon" && offset <= CHECK_IN_EARLY_MINUTES ? [checkInButton(session)] : [];
  if (personal && MUTABLE_KINDS.includes(kind))
    blocks.push({
      kind: "actions",
      buttons: [
        ...checkIn,
        {
          actionId: ActionIds.muteReminder,
          label: "Stop these reminders",
          value: JSON.stringify({ n: network.id, k: kind }),
        },
      ],
    });
  const text = blocks.flatMap((b) =>
    b.kind === "text" ? [b.text] : b.kind === "fields" ? b.fields.map((f) => `${f.label}: ${f.value}`) : [],
  );
  return { title, blocks, fallback: `${title}. ${text.join(" ")}`.slice(0, 500) };
}

/** Whether a kind has anything to say for this session right now. */
export function worthSending(
  kind: ReminderKind,
  network: Network,
  presenters: Presenter[],
  recipientUser?: string,
): boolean {
  if (kind === "warnings")
    return presenters.length < network.casesPerSession || presenters.some((p) => p.caseStatus !== "submitted");
  if (kind === "presenter_due") return presenters.some((p) => p.user === recipientUser && p.caseStatus !== "submitted");
  if (kind === "case_missing") {
    const missing = presenters.filter((p) => p.caseStatus !== "submitted");
    const isPresenter = presenters.some((p) => p.user === recipientUser);
    return isPresenter ? missing.some((p) => p.user === recipientUser) : missing.length > 0;
  }
  return true;
}

export const reminderLabel = (kind: ReminderKind) => REMINDER_LABELS[kind];
