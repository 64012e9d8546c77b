/** What attendance shows: the channel's start message, the facilitators' list, the correction form, the answers. */
import { encodeFormRef } from "../app-refs";
import { ActionIds, FormIds } from "../ids";
import type { Member, Network, Session } from "../ports";
import { describeSlot, localDate, localTime } from "../sessions/calendar";
import type { Button, Card, CardBlock, Form } from "../ui/model";
import { type CheckInResult, checkInWindow } from "./checkin";
import type { AttendanceRecord } from "./ports";

export const MAX_REASON = 200;
/** a select shows at most this many people (Slack's static select holds 100 options); `attend @person` does the rest */
export const MAX_LISTED = 100;

const day = (network: Network, session: Session) => localDate(session.startsAt, network.timeZone);
const hhmm = (network: Network, at: Date) => localTime(at, network.timeZone);

export const checkInButton = (session: Session): Button => ({
  actionId: ActionIds.checkIn,
  label: "I'm here",
  value: session.id,
  style: "primary",
});

/** Posted to the channel when a session starts. */
export function startCard(network: Network, session: Session): Card {
  const when = describeSlot(session.startsAt, session.durationMinutes, network.timeZone);
  const { closes } = checkInWindow(session);
  const title = `${network.name} has started`;
  const topic = session.topicTitle ? `Today: ${session.topicTitle}. ` : "";
  const body = `${topic}${when}. Join here: ${network.videoLink}`;
  const ask = `Here? Press “I'm here” so your attendance is recorded (until ${hhmm(network, closes)}).`;
  return {
    title,
    blocks: [
      { kind: "text", text: body },
      { kind: "text", text: ask },
      { kind: "actions", buttons: [checkInButton(session)] },
    ],
    fallback: `${title}. ${body} ${ask}`.slice(0, 500),
  };
}

/** How a record came to be, in a few words: "checked in 12:31", "marked present: joined by phone". */
export function howRecorded(network: Network, record: AttendanceRecord): string {
  if (record.source === "checkin") return `checked in ${hhmm(network, record.at)}`;
  return `marked ${record.present ? "present" : "absent"} by a facilitator: ${record.reason ?? ""}`;
}

/** The answer to a check-in. */
export function checkInText(result: CheckInResult): string {
  const { network, session } = result;
  const what = `${network.name} on ${day(network, session)}`;
  const { opens, closes } = checkInWindow(session);
  switch (result.kind) {
    case "not_yet":
      return `Check-in for ${what} opens at ${hhmm(network, opens)}, 30 minutes before the start.`;
    case "closed":
      return `Check-in for ${what} closed at ${hhmm(network, closes)}, 30 minutes after the end. A facilitator can still mark you present.`;
    case "checked_in": {
      const { record } = result;
      if (result.first) return `You're checked in to ${what} (${hhmm(network, record.at)}). Thank you!`;
      if (record.source === "checkin") return `You checked in to ${what} at ${hhmm(network, record.at)} already.`;
      return record.present
        ? `A facilitator has already marked you present for ${what}.`
        : `A facilitator marked you absent for ${what} (${record.reason ?? ""}). If you are here, ask them to correct it.`;
    }
  }
}

export interface AttendanceRow {
  member: Member;
  record: AttendanceRecord | undefined;
}

/** The facilitators' list: who was present and who absent, and how each was recorded. */
export function attendanceCard(network: Network, session: Session, rows: AttendanceRow[]): Card {
  const present = rows.filter((r) => r.record?.present);
  const absent = rows.filter((r) => !r.record?.present);
  const line = (r: AttendanceRow) =>
    `• ${r.member.displayName}${r.record ? ` (${howRecorded(network, r.record)})` : ""}`;
  const title = `Attendance: ${network.name}, ${day(network, session)}`;
  const blocks: CardBlock[] = [
    { kind: "text", text: `Present (${present.length}):\n${present.map(line).join("\n") || "nobody yet"}` },
    { kind: "text", text: `Absent (${absent.length}):\n${absent.map(line).join("\n") || "nobody"}` },
    {
      kind: "context",
      text: "Correct it with the button, or `attend @person present <reason>` / `attend @person absent <reason>`.",
    },
    {
      kind: "actions",
      buttons: [
        {
          actionId: ActionIds.openForm,
          label: "Correct attendance",
          value: encodeFormRef(FormIds.attendance, session.id),
        },
      ],
    },
  ];
  return {
    title,
    blocks,
    fallback: `${title}: ${present.length} present, ${absent.length} absent.`,
  };
}

export function correctionForm(network: Network, session: Session, members: Member[]): Form {
  const listed = [...members].sort((a, b) => a.displayName.localeCompare(b.displayName)).slice(0, MAX_LISTED);
  return {
    formId: FormIds.attendance,
    title: "Correct attendance",
    submitLabel: "Save",
    metadata: session.id,
    fields: [
      {
        id: "member",
        label: "Person",
        kind: "select",
        required: true,
        options: listed.map((m) => ({ value: m.id, label: m.displayName })),
        ...(members.length > MAX_LISTED
          ? { hint: `The first ${MAX_LISTED} by name; for anyone else type \`attend @person present <reason>\`.` }
          : {}),
      },
      {
        id: "present",
        label: `At ${network.name} on ${day(network, session)}`,
        kind: "select",
        required: true,
        options: [
          { value: "present", label: "Present" },
          { value: "absent", label: "Absent" },
        ],
      },
      {
        id: "reason",
        label: "Reason",
        kind: "text",
        required: true,
        maxLength: MAX_REASON,
        placeholder: "for example: joined by phone",
      },
    ],
  };
}

/** A member's own record, for `attend` outside the check-in window. */
export function ownRecordText(network: Network, session: Session, record: AttendanceRecord | undefined): string {
  const what = `${network.name} on ${day(network, session)}`;
  if (!record) return `Your attendance at ${what}: not recorded (absent). A facilitator can correct it.`;
  return `Your attendance at ${what}: ${record.present ? "present" : "absent"} (${howRecorded(network, record)}).`;
}
