/**
 * The period a report covers, from what follows `report`: nothing (the last 12 months), a year (`2026`), a month
 * (`2026-11`), a day, or a range of any two of those (`2026-09..2026-11`, both ends included). Dates are the
 * network's local calendar dates; a period that reaches past today ends today ("so far").
 */
import { addDaysTo, addMonthsTo, dateLabel, isValidDate, monthLabel } from "../sessions/calendar";

export interface Period {
  /** first local date included, YYYY-MM-DD */
  from: string;
  /** first local date after the period, YYYY-MM-DD (never after tomorrow) */
  until: string;
  /** how the report names it: "2026", "Sep–Nov 2026", "the 12 months to 8 Dec 2026" */
  label: string;
  /** a word for file names: "2026", "2026-09-to-2026-11", "last-12-months-to-2026-12-08" */
  slug: string;
}

export type ParsedPeriod = { ok: true; period: Period } | { ok: false; message: string };

/** The periods a command takes, as examples; `report` alone is the last 12 months, `export` alone everything. */
const examples = (command: "report" | "export") =>
  `Try \`${command}\` (${command === "report" ? "the last 12 months" : "everything"}), \`${command} 2026\`, ` +
  `\`${command} 2026-11\` or \`${command} 2026-09..2026-11\`.`;

/** One end of a period as written: its first day and the day after its last. */
function span(word: string): { from: string; until: string } | undefined {
  if (/^\d{4}$/.test(word)) {
    const year = Number(word);
    if (year < 2000 || year > 2100) return undefined;
    return { from: `${word}-01-01`, until: `${year + 1}-01-01` };
  }
  if (/^\d{4}-\d{2}$/.test(word)) {
    const from = `${word}-01`;
    return isValidDate(from) ? { from, until: addMonthsTo(from, 1) } : undefined;
  }
  return isValidDate(word) ? { from: word, until: addDaysTo(word, 1) } : undefined;
}

/** How a written period reads: `2026` → "2026", `2026-09..2026-11` → "Sep 2026 to Nov 2026". */
function labelOf(first: string, last: string | undefined): string {
  const one = (word: string) =>
    /^\d{4}$/.test(word) ? word : /^\d{4}-\d{2}$/.test(word) ? monthLabel(`${word}-01`) : dateLabel(word);
  return last === undefined || last === first ? one(first) : `${one(first)} to ${one(last)}`;
}

export function parsePeriod(
  words: readonly string[],
  today: string,
  command: "report" | "export" = "report",
): ParsedPeriod {
  const EXAMPLES = examples(command);
  const tomorrow = addDaysTo(today, 1);
  if (words.length === 0) {
    const from = addDaysTo(addMonthsTo(today, -12), 1);
    return {
      ok: true,
      period: { from, until: tomorrow, label: `the 12 months to ${dateLabel(today)}`, slug: `12-months-to-${today}` },
    };
  }
  const written = words.join("").replace(/[–—]|\.{2,3}|(?<=\d)to(?=\d)/g, "..");
  const [first = "", last, ...more] = written.split("..");
  const start = span(first);
  const end = last === undefined ? start : span(last);
  if (more.length || !start || !end)
    return { ok: false, message: `“${words.join(" ").slice(0, 40)}” is not a period. ${EXAMPLES}` };
  if (end.until <= start.from)
    return { ok: false, message: `That period ends before it starts: put the earlier date first. ${EXAMPLES}` };
  if (start.from > today)
    return {
      ok: false,
      message: `${labelOf(first, last)} has not started yet, so there is nothing to ${command}. ${EXAMPLES}`,
    };
  // a period that includes today is still running
  const soFar = end.until >= tomorrow;
  const label = `${labelOf(first, last)}${soFar ? " (so far)" : ""}`;
  const slug = last === undefined || last === first ? first : `${first}-to-${last}`;
  return { ok: true, period: { from: start.from, until: soFar ? tomorrow : end.until, label, slug } };
}
