/** The setup form's values, checked field by field. Every message names what is wrong and how to fix it. */
import { z } from "zod";
import { isValidDate, isValidTime, isValidTimeZone, weekdayOf, weekOfMonthOf } from "../sessions/calendar";
import { dateText, fieldErrors, text, timeText } from "../ui/inputs";
import type { Cadence, NetworkSettings } from "./ports";

export const CADENCE_CHOICES = [
  { value: "weekly", label: "Every week" },
  { value: "every:2", label: "Every 2 weeks" },
  { value: "every:3", label: "Every 3 weeks" },
  { value: "every:4", label: "Every 4 weeks" },
  { value: "monthly:nth", label: "Monthly, same weekday (e.g. 2nd Tuesday)" },
  { value: "monthly:last", label: "Monthly, last weekday (e.g. last Friday)" },
] as const;

export function cadenceChoiceOf(s: Pick<NetworkSettings, "cadence" | "intervalWeeks" | "weekOfMonth">): string {
  if (s.cadence === "weekly") return "weekly";
  if (s.cadence === "every_n_weeks") return `every:${s.intervalWeeks}`;
  return s.weekOfMonth === 5 ? "monthly:last" : "monthly:nth";
}

const OFFSET = /^(\+)?\s*(\d{1,3})\s*([dhm])$/i;
const UNIT_MINUTES = { d: 1440, h: 60, m: 1 } as const;

/** "1d, 2h, 15m" → minutes before the start (negative: after). Throws a readable message. */
export function parseOffsets(input: string): number[] {
  const parts = input
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return [];
  if (parts.length > 10) throw new Error("Give at most 10 reminder times.");
  const minutes = parts.map((part) => {
    const m = OFFSET.exec(part);
    if (!m) throw new Error(`"${part.slice(0, 20)}" is not a time like 1d, 2h or 15m.`);
    const value = Number(m[2]) * UNIT_MINUTES[(m[3] as string).toLowerCase() as keyof typeof UNIT_MINUTES];
    if (value > 30 * 1440) throw new Error(`"${part}" is more than 30 days.`);
    return m[1] ? -value : value;
  });
  return [...new Set(minutes)].sort((a, b) => b - a);
}

export function formatOffsets(minutes: number[]): string {
  return minutes
    .map((v) => {
      const sign = v < 0 ? "+" : "";
      const a = Math.abs(v);
      if (a % 1440 === 0) return `${sign}${a / 1440}d`;
      if (a % 60 === 0) return `${sign}${a / 60}h`;
      return `${sign}${a}m`;
    })
    .join(", ");
}

const whole = (label: string, min: number, max: number) =>
  text
    .pipe(z.string().min(1, `Give the ${label}.`))
    .refine((v) => /^\d+$/.test(v), `The ${label} must be a whole number.`)
    .transform(Number)
    .refine((v) => v >= min && v <= max, `The ${label} must be between ${min} and ${max}.`);

const offsetsField = text.pipe(
  z
    .string()
    .max(200, "Keep the reminder times to 200 characters.")
    .superRefine((v, ctx) => {
      try {
        parseOffsets(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
);

/**
 * Characters that make markup or end a link in Slack or Teams: a link written as [text](url) or <url|text>, code,
 * emphasis, a table cell. A real meeting link never needs them unencoded. The underscore is allowed: every Teams
 * meeting link has one ("…/19%3ameeting_…"), and inside an address it makes no markup on either platform.
 */
const MARKUP_IN_LINK = /[[\]()<>|*`\\]/;

/** Why a video room link is refused, or nothing: parsed as a web address, https only, no markup, no spaces. */
export function videoLinkProblem(value: string): string | undefined {
  if (value === "") return "Give the video room's link, starting with https://.";
  if (MARKUP_IN_LINK.test(value))
    return "The link cannot have any of [ ] ( ) < > | * ` \\ in it: copy it again from the video service.";
  if (/\s/.test(value)) return "The link cannot have spaces in it: copy it again from the video service.";
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return "Give the video room's link, starting with https://.";
  if (!/^https:\/\//i.test(value)) return "The link must start with https:// (a secure link).";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Give the video room's link as a web address starting with https://.";
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname) || url.hostname.endsWith("-"))
    return "The link needs a web address such as https://zoom.us/j/… after https://.";
  if (url.username || url.password) return "Leave the user name and password out of the link.";
  return undefined;
}

const CADENCE_VALUES = CADENCE_CHOICES.map((c) => c.value) as [string, ...string[]];

/** The setup form's values, checked; the result is the network's settings. */
export const setupSchema = z
  .object({
    name: text.pipe(z.string().min(1, "Give the network a name.").max(80, "Keep the name to 80 characters.")),
    timeZone: text.pipe(
      z.string().refine(isValidTimeZone, "Use a time zone name such as Europe/London or America/New_York."),
    ),
    cadence: text.pipe(z.enum(CADENCE_VALUES, { error: "Choose how often the network meets." })),
    firstDate: dateText.pipe(z.string().refine(isValidDate, "Give the first session's date as YYYY-MM-DD.")),
    startTime: timeText.pipe(z.string().refine(isValidTime, "Give the start time as HH:MM, 24-hour (e.g. 12:30).")),
    durationMinutes: whole("duration in minutes", 30, 240),
    teachingMinutes: whole("teaching time in minutes", 5, 90),
    casesPerSession: text.pipe(z.enum(["1", "2"], { error: "Choose 1 or 2 cases per session." })).transform(Number),
    videoLink: text.pipe(
      z
        .string()
        .max(500, "Keep the link to 500 characters.")
        .superRefine((v, ctx) => {
          const problem = videoLinkProblem(v);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    ),
    reminderOffsets: offsetsField,
    agendaOffsets: offsetsField,
    itOffsets: offsetsField,
    warningOffsets: offsetsField,
    caseDueDays: whole("number of days", 0, 14),
    rotationAskDays: whole("number of days", 1, 28),
  })
  .superRefine((v, ctx) => {
    if (v.teachingMinutes >= v.durationMinutes)
      ctx.addIssue({
        code: "custom",
        path: ["teachingMinutes"],
        message: "Teaching must be shorter than the session.",
      });
    if (v.cadence === "monthly:last" && weekOfMonthOf(v.firstDate) !== 5)
      ctx.addIssue({
        code: "custom",
        path: ["firstDate"],
        message: "For “last weekday of the month”, the first date must be the last such weekday of its month.",
      });
  })
  .transform((v): NetworkSettings => {
    const [kind, arg] = v.cadence.split(":");
    const cadence: Cadence = kind === "weekly" ? "weekly" : kind === "every" ? "every_n_weeks" : "monthly_weekday";
    return {
      name: v.name,
      timeZone: v.timeZone,
      cadence,
      intervalWeeks: cadence === "every_n_weeks" ? Number(arg) : 1,
      // the nth weekday of the first date's month; a date in the fifth week can only mean "the last"
      weekOfMonth:
        cadence === "monthly_weekday" ? (arg === "last" ? 5 : Math.ceil(Number(v.firstDate.slice(8)) / 7)) : null,
      weekday: weekdayOf(v.firstDate),
      firstDate: v.firstDate,
      startTime: v.startTime,
      durationMinutes: v.durationMinutes,
      teachingMinutes: v.teachingMinutes,
      casesPerSession: v.casesPerSession,
      videoLink: v.videoLink,
      reminderOffsets: formatOffsets(parseOffsets(v.reminderOffsets)),
      agendaOffsets: formatOffsets(parseOffsets(v.agendaOffsets)),
      itOffsets: formatOffsets(parseOffsets(v.itOffsets)),
      warningOffsets: formatOffsets(parseOffsets(v.warningOffsets)),
      caseDueDays: v.caseDueDays,
      rotationAskDays: v.rotationAskDays,
    };
  });

/** Form values → settings, or one message per field that is wrong. */
export function parseSetup(
  values: Record<string, unknown>,
): { ok: true; settings: NetworkSettings } | { ok: false; errors: Record<string, string> } {
  const parsed = setupSchema.safeParse(values);
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}
