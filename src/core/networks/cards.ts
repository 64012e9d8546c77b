import { encodeFormRef } from "../app-refs";
import { ActionIds, FormIds } from "../ids";
import type { Network, Session } from "../ports";
import { addDaysTo, describeSlot, localDate, localTime } from "../sessions/calendar";
import type { Card, CardBlock, Form } from "../ui/model";
import { CADENCE_CHOICES, cadenceChoiceOf } from "./settings";

export const DEFAULT_TIME_ZONE = "Europe/London";

/** The setup form: the network's settings, or for a new network good defaults (the first session a week from today). */
export function setupForm(network: Network | undefined, now: Date): Form {
  const v = (value: string | number | undefined) => (value === undefined ? undefined : String(value));
  const inAWeek = addDaysTo(localDate(now, DEFAULT_TIME_ZONE), 7);
  return {
    formId: FormIds.setup,
    title: network ? "Network settings" : "Set up ECHO network",
    submitLabel: "Save",
    metadata: network?.id ?? "",
    fields: [
      {
        id: "name",
        label: "Network name",
        kind: "text",
        required: true,
        maxLength: 80,
        initial: v(network?.name),
        placeholder: "Palliative care ECHO",
      },
      {
        id: "timeZone",
        label: "Time zone",
        kind: "text",
        required: true,
        maxLength: 64,
        initial: network?.timeZone ?? DEFAULT_TIME_ZONE,
        hint: "A name such as Europe/London or America/New_York",
      },
      {
        id: "cadence",
        label: "How often",
        kind: "select",
        required: true,
        options: CADENCE_CHOICES.map((c) => ({ ...c })),
        initial: network ? cadenceChoiceOf(network) : "weekly",
      },
      {
        id: "firstDate",
        label: "First session date",
        kind: "date",
        required: true,
        initial: network?.firstDate ?? inAWeek,
        hint: "YYYY-MM-DD; its weekday is the meeting day",
      },
      {
        id: "startTime",
        label: "Start time",
        kind: "time",
        required: true,
        initial: network?.startTime ?? "12:30",
        hint: "24-hour HH:MM, in the network's time zone",
      },
      {
        id: "durationMinutes",
        label: "Duration (minutes)",
        kind: "number",
        required: true,
        initial: v(network?.durationMinutes ?? 90),
        hint: "75–120 is recommended",
      },
      {
        id: "teachingMinutes",
        label: "Teaching time (minutes)",
        kind: "number",
        required: true,
        initial: v(network?.teachingMinutes ?? 25),
      },
      {
        id: "casesPerSession",
        label: "Cases per session",
        kind: "select",
        required: true,
        options: [
          { value: "1", label: "1" },
          { value: "2", label: "2" },
        ],
        initial: v(network?.casesPerSession ?? 2),
      },
      {
        id: "videoLink",
        label: "Video room link",
        kind: "url",
        required: true,
        maxLength: 500,
        initial: v(network?.videoLink),
        placeholder: "https://…",
      },
      {
        id: "agendaOffsets",
        label: "Agenda to the channel",
        kind: "text",
        required: false,
        maxLength: 200,
        initial: network?.agendaOffsets ?? "1d",
        hint: "Before the start, e.g. 1d. Leave empty for none.",
      },
      {
        id: "reminderOffsets",
        label: "“Starting soon” reminders",
        kind: "text",
        required: false,
        maxLength: 200,
        initial: network?.reminderOffsets ?? "15m",
        hint: "e.g. 1h, 15m; to the channel and to each member; +10m means after the start",
      },
      {
        id: "itOffsets",
        label: "Remind IT to open the video room",
        kind: "text",
        required: false,
        maxLength: 200,
        initial: network?.itOffsets ?? "30m",
      },
      {
        id: "warningOffsets",
        label: "Warn facilitators about empty slots and missing cases",
        kind: "text",
        required: false,
        maxLength: 200,
        initial: network?.warningOffsets ?? "2d",
      },
      {
        id: "caseDueDays",
        label: "Case form due (days before)",
        kind: "number",
        required: true,
        initial: v(network?.caseDueDays ?? 2),
      },
      {
        id: "rotationAskDays",
        label: "Ask the rotation for open case slots (days before)",
        kind: "number",
        required: true,
        initial: v(network?.rotationAskDays ?? 7),
      },
    ],
  };
}

export function moveForm(network: Network, session: Session): Form {
  return {
    formId: FormIds.sessionMove,
    title: "Move session",
    submitLabel: "Move",
    metadata: session.id,
    fields: [
      {
        id: "date",
        label: "New date",
        kind: "date",
        required: true,
        initial: localDate(session.startsAt, network.timeZone),
      },
      {
        id: "time",
        label: `New start time (${network.timeZone})`,
        kind: "time",
        required: true,
        initial: localTime(session.startsAt, network.timeZone),
      },
    ],
  };
}

function cadenceText(network: Network): string {
  const day = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" }).format(
    new Date(`${network.firstDate}T12:00:00Z`),
  );
  if (network.cadence === "weekly") return `every ${day}`;
  if (network.cadence === "every_n_weeks") return `every ${network.intervalWeeks} weeks on ${day}`;
  const nth = ["", "1st", "2nd", "3rd", "4th", "last"][network.weekOfMonth ?? 1];
  return `the ${nth} ${day} of each month`;
}

export function networkSummaryCard(network: Network, created: boolean, next: Session[]): Card {
  const [first] = next;
  const when = first ? describeSlot(first.startsAt, first.durationMinutes, network.timeZone) : "none scheduled";
  const title = created ? `${network.name} is set up in this channel` : `${network.name}: settings saved`;
  return {
    title,
    blocks: [
      {
        kind: "fields",
        fields: [
          { label: "Meets", value: `${cadenceText(network)}, ${network.startTime} ${network.timeZone}` },
          {
            label: "Length",
            value: `${network.durationMinutes} min (${network.teachingMinutes} min teaching, ${network.casesPerSession} case${network.casesPerSession === 1 ? "" : "s"})`,
          },
          { label: "Next session", value: when },
          { label: "Video room", value: network.videoLink },
          {
            label: "Reminders",
            value: `agenda ${network.agendaOffsets || "off"}; starting soon ${network.reminderOffsets || "off"}; IT ${network.itOffsets || "off"}; warnings ${network.warningOffsets || "off"}`,
          },
        ],
      },
      {
        kind: "context",
        text: "Type `schedule` to see the dates, skip a holiday or move a session. Facilitators: the survey attendees get after each session starts as the default ECHO set; change it with Survey questions (or `survey`).",
      },
      {
        kind: "actions",
        buttons: [
          {
            actionId: ActionIds.openForm,
            label: "Survey questions",
            value: encodeFormRef(FormIds.surveySettings, network.id),
          },
        ],
      },
    ],
    fallback: `${title}. Next session: ${when}.`,
  };
}

/** `manage`: Skip/Move/Restore on each session; `member`: the viewer's own "My reminders" settings. */
export function scheduleCard(
  network: Network,
  sessions: Session[],
  viewer: { manage: boolean; member: boolean; names?: ReadonlyMap<string, string> },
  count: number,
): Card {
  const manage = viewer.manage;
  const blocks: CardBlock[] = [
    { kind: "context", text: `Times in ${network.timeZone}. Video room: ${network.videoLink}` },
  ];
  for (const s of sessions) {
    const when = describeSlot(s.startsAt, s.durationMinutes, network.timeZone);
    const status = s.status === "skipped" ? " (skipped)" : s.moved ? " (moved)" : "";
    const teacher = s.teacherUser
      ? `Teacher: ${viewer.names?.get(s.teacherUser) ?? s.teacherUser.split(":").pop()}`
      : "";
    const details = [s.topicTitle ? `Topic: ${s.topicTitle}` : "Topic: to be planned", teacher, s.note]
      .filter(Boolean)
      .join(" · ");
    blocks.push({ kind: "text", text: `${when}${status}\n${details}` });
    if (manage)
      blocks.push({
        kind: "actions",
        buttons:
          s.status === "skipped"
            ? [{ actionId: ActionIds.sessionUnskip, label: "Restore", value: s.id }]
            : [
                { actionId: ActionIds.sessionSkip, label: "Skip", value: s.id, style: "danger" },
                { actionId: ActionIds.openForm, label: "Move", value: encodeFormRef(FormIds.sessionMove, s.id) },
              ],
      });
  }
  if (sessions.length === 0) blocks.push({ kind: "text", text: "No sessions are scheduled." });
  if (viewer.member)
    blocks.push({
      kind: "actions",
      buttons: [
        { actionId: ActionIds.openForm, label: "My reminders", value: encodeFormRef(FormIds.myReminders, network.id) },
      ],
    });
  const fallback = sessions
    .map(
      (s) =>
        describeSlot(s.startsAt, s.durationMinutes, network.timeZone) + (s.status === "skipped" ? " (skipped)" : ""),
    )
    .join("; ");
  return {
    title: `${network.name}: the next ${count === 1 ? "session" : `${count} sessions`}`,
    blocks,
    fallback: `${network.name} sessions: ${fallback || "none"}`,
  };
}
