/** What the recording library shows: the form that adds a recording, and the channel's one message about it. */
import { FormIds } from "../ids";
import type { Network, Session } from "../ports";
import { localDate } from "../sessions/calendar";
import type { Card, Form } from "../ui/model";
import { MAX_LINK } from "./links";
import type { Recording } from "./ports";

export const MAX_NOTE = 300;
/** the most sessions the form's list offers (Slack's static select holds 100 options) */
export const MAX_SESSION_CHOICES = 100;

const day = (network: Network, session: Session) => localDate(session.startsAt, network.timeZone);

/** "2026-12-02: Delirium in care homes" */
export const sessionLabel = (network: Network, session: Session) =>
  `${day(network, session)}: ${session.topicTitle ?? "no topic set"}`;

/** The form: which held session (newest first), the recording's link, slides, a note, and whether it replaces. */
export function recordingForm(network: Network, held: readonly Session[]): Form {
  return {
    formId: FormIds.recording,
    title: "Add a recording",
    submitLabel: "Add",
    metadata: network.id,
    fields: [
      {
        id: "session",
        label: "Session",
        kind: "select",
        required: true,
        options: held.slice(0, MAX_SESSION_CHOICES).map((s) => ({ value: s.id, label: sessionLabel(network, s) })),
        ...(held[0] ? { initial: held[0].id } : {}),
      },
      {
        id: "url",
        label: "Recording link",
        kind: "url",
        required: true,
        maxLength: MAX_LINK,
        placeholder: "https://",
      },
      {
        id: "slides",
        label: "Slides link",
        kind: "url",
        required: false,
        maxLength: MAX_LINK,
        placeholder: "https://",
      },
      {
        id: "note",
        label: "Note",
        kind: "textarea",
        required: false,
        maxLength: MAX_NOTE,
        hint: "For example the recording's passcode. Members of the network see it in the library.",
      },
      {
        id: "existing",
        label: "If the session has a recording already",
        kind: "select",
        required: true,
        initial: "keep",
        options: [
          { value: "keep", label: "Keep both" },
          { value: "replace", label: "Replace it" },
        ],
      },
    ],
  };
}

/** The edit form: the recording's link, slides and note as they are. */
export function editForm(network: Network, session: Session, recording: Recording): Form {
  return {
    formId: FormIds.recordingEdit,
    title: `Recording of ${day(network, session)}`,
    submitLabel: "Save",
    metadata: recording.id,
    fields: [
      { id: "url", label: "Recording link", kind: "url", required: true, maxLength: MAX_LINK, initial: recording.url },
      {
        id: "slides",
        label: "Slides link",
        kind: "url",
        required: false,
        maxLength: MAX_LINK,
        ...(recording.slidesUrl ? { initial: recording.slidesUrl } : {}),
      },
      {
        id: "note",
        label: "Note",
        kind: "textarea",
        required: false,
        maxLength: MAX_NOTE,
        ...(recording.note ? { initial: recording.note } : {}),
      },
    ],
  };
}

/** The one message to the channel: the topic, the teacher, the date and the link. */
export function recordingCard(
  network: Network,
  session: Session,
  recording: Recording,
  teacher: string | undefined,
): Card {
  const title = `Recording: ${session.topicTitle ?? `${network.name} session`}`;
  const fields = [
    { label: "Session", value: day(network, session) },
    ...(teacher ? [{ label: "Teacher", value: teacher }] : []),
    { label: "Recording", value: recording.url },
    ...(recording.slidesUrl ? [{ label: "Slides", value: recording.slidesUrl }] : []),
    ...(recording.note ? [{ label: "Note", value: recording.note }] : []),
  ];
  return {
    title,
    blocks: [
      { kind: "fields", fields },
      { kind: "context", text: "Type `library` to see every session's recording." },
    ],
    fallback: `${title} (${day(network, session)}): ${recording.url}`,
  };
}
