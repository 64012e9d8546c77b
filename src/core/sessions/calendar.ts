/**
 * The network's calendar: which local dates its cadence gives, and when each session starts as an instant.
 * Calendar arithmetic runs in the network's own time zone through @date-fns/tz, so a 12:30 session stays at 12:30
 * local on both sides of a DST change.
 */
import { TZDate, tz } from "@date-fns/tz";
import { UTCDate, utc } from "@date-fns/utc";
import {
  addDays,
  addMonths,
  addWeeks,
  differenceInCalendarDays,
  format,
  getISODay,
  lastDayOfMonth,
  max,
  startOfMonth,
} from "date-fns";
import type { NetworkSettings } from "../networks/ports";

export type Calendar = Pick<
  NetworkSettings,
  "timeZone" | "cadence" | "intervalWeeks" | "weekOfMonth" | "firstDate" | "startTime" | "durationMinutes"
>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * A calendar date as a UTC midnight, for date-only arithmetic. UTCDate needs no zone look-ups, which TZDate makes on
 * every step even for "UTC"; the schedule computes many of these on each reply.
 */
function day(date: string): UTCDate {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return new UTCDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}
const iso = (d: Date) => format(d, "yyyy-MM-dd", { in: utc });

export function isValidDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  return iso(day(date)) === date;
}
export const isValidTime = (time: string) => TIME.test(time);

/** The calendar date `days` after a YYYY-MM-DD date. */
export const addDaysTo = (date: string, days: number) => iso(addDays(day(date), days, { in: utc }));

/** A calendar date as people write it: "8 Dec 2026". */
export const dateLabel = (date: string) => format(day(date), "d MMM yyyy", { in: utc });
/** The month of a calendar date: "Dec 2026". */
export const monthLabel = (date: string) => format(day(date), "MMM yyyy", { in: utc });

/** The calendar date `months` after a YYYY-MM-DD date (the 31st becomes the month's last day where it has none). */
export const addMonthsTo = (date: string, months: number) => iso(addMonths(day(date), months, { in: utc }));

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return zone === "UTC" || zone.includes("/");
  } catch {
    return false;
  }
}

/** ISO weekday (1 = Monday) of a calendar date. */
export const weekdayOf = (date: string) => getISODay(day(date), { in: utc });

/** 1..4 for the nth weekday of its month, 5 when it is the last one. */
export function weekOfMonthOf(date: string): number {
  const d = day(date);
  const isLast = differenceInCalendarDays(lastDayOfMonth(d, { in: utc }), d, { in: utc }) < 7;
  return isLast ? 5 : Math.ceil(d.getUTCDate() / 7);
}

/** The nth (5 = last) given ISO weekday of the month containing `monthDay`. */
function nthWeekdayOfMonth(monthDay: UTCDate, weekday: number, nth: number): UTCDate {
  if (nth === 5) {
    const last = lastDayOfMonth(monthDay, { in: utc });
    return addDays(last, -((getISODay(last, { in: utc }) - weekday + 7) % 7), { in: utc });
  }
  const first = startOfMonth(monthDay, { in: utc });
  return addDays(first, ((weekday - getISODay(first, { in: utc }) + 7) % 7) + 7 * (nth - 1), { in: utc });
}

/** The first `count` local dates the cadence gives on or after `from` (never before the first date). */
export function occurrences(calendar: Calendar, from: string, count: number): string[] {
  const first = day(calendar.firstDate);
  const start = max([day(from), first]);
  const out: string[] = [];
  if (calendar.cadence === "monthly_weekday") {
    const weekday = getISODay(first, { in: utc });
    const nth = calendar.weekOfMonth ?? weekOfMonthOf(calendar.firstDate);
    for (let month = startOfMonth(start, { in: utc }); out.length < count; month = addMonths(month, 1, { in: utc })) {
      const candidate = nthWeekdayOfMonth(month, weekday, nth);
      if (candidate >= start) out.push(iso(candidate));
    }
    return out;
  }
  const step = calendar.cadence === "weekly" ? 1 : Math.max(1, calendar.intervalWeeks);
  const elapsed = differenceInCalendarDays(start, first, { in: utc });
  let n = Math.max(0, Math.ceil(elapsed / (7 * step)));
  while (out.length < count) out.push(iso(addWeeks(first, n++ * step, { in: utc })));
  return out;
}

/** The instant a local date and wall-clock time mean in a zone. */
export function instantOf(date: string, time: string, timeZone: string): Date {
  const d = day(date);
  const t = TIME.exec(time);
  if (!t) throw new Error(`not an HH:mm time: ${time}`);
  const local = new TZDate(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), Number(t[1]), Number(t[2]), timeZone);
  return new Date(local.getTime());
}

/**
 * The last instants formatted, per pattern and zone: a crowd's replies name the same few instants (the vote's close,
 * the session's start) hundreds of times a second, and each formatting in a zone costs a time-zone lookup.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 512;
function formatIn(instant: Date, pattern: string, timeZone: string): string {
  const key = `${pattern}\u0000${timeZone}\u0000${instant.getTime()}`;
  let out = formatted.get(key);
  if (out === undefined) {
    out = format(instant, pattern, { in: tz(timeZone) });
    if (formatted.size >= MAX_FORMATTED) formatted.delete(formatted.keys().next().value as string);
    formatted.set(key, out);
  }
  return out;
}

export const localDate = (instant: Date, timeZone: string) => formatIn(instant, "yyyy-MM-dd", timeZone);
export const localTime = (instant: Date, timeZone: string) => formatIn(instant, "HH:mm", timeZone);

// Building an Intl formatter is the costly part of formatting; one per zone is kept.
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();
function zoneName(instant: Date, timeZone: string): string | undefined {
  let formatter = zoneNameFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" });
    zoneNameFormats.set(timeZone, formatter);
  }
  return formatter.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value;
}

/** "Thu 3 Dec 2026, 12:30–14:00 GMT": what people read. */
export function describeSlot(start: Date, durationMinutes: number, timeZone: string): string {
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  const zone = zoneName(start, timeZone);
  const inZone = { in: tz(timeZone) };
  return `${format(start, "EEE d MMM yyyy, HH:mm", inZone)}–${format(end, "HH:mm", inZone)}${zone ? ` ${zone}` : ""}`;
}
