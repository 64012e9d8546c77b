/** Dates. */

import { before, type Hit, hit, matches } from "./text";

const MONTH_WORDS = [
  ["January", "Jan"],
  ["February", "Feb"],
  ["March", "Mar"],
  ["April", "Apr"],
  ["May"],
  ["June", "Jun"],
  ["July", "Jul"],
  ["August", "Aug"],
  ["September", "Sept", "Sep"],
  ["October", "Oct"],
  ["November", "Nov"],
  ["December", "Dec"],
].flat();
const MONTH = MONTH_WORDS.flatMap((w) => (w === "May" ? [w, "MAY"] : [w, w.toLowerCase(), w.toUpperCase()]))
  .sort((a, b) => b.length - a.length)
  .join("|");
const MONTH_SET = new Set(MONTH_WORDS.map((w) => w.toLowerCase()));

const D_NUMERIC = /(?<![\p{N}/.:-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\p{N}]|[/-]\p{N}|\.\p{N})/gu;
const D_ISO = /(?<![\p{N}/.-])((?:19|20)\d{2})([/.-])(\d{1,2})\2(\d{1,2})(?![\p{N}]|[/.-]\p{N})/gu;
const D_DAY_MONTH = new RegExp(
  `(?<![\\p{L}\\p{N}/.])(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?[\\s.-]*(?:${MONTH})\\.?(?![\\p{L}])(?:,?[\\s.-]*('\\d{2}|(?:19|20)\\d{2}|\\d{2}(?=\\s*(?:$|[,.;)])))(?![\\p{N}:]))?`,
  "gu",
);
const D_MONTH_DAY = new RegExp(
  `(?<![\\p{L}])(?:${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\p{N}])(?!\\s*(?:mg|mcg|ml|kg|g|units?|%|hours?|hrs?|days?|weeks?|months?|years?|tablets?|tabs?|doses?|x|times|mmol|cm|mm)\\b)(?:,?\\s+((?:19|20)\\d{2})(?![\\p{N}]))?`,
  "gu",
);
const D_MONTH_YEAR = new RegExp(
  `(?<![\\p{L}])(?:${MONTH})\\.?,?\\s+(?:of\\s+)?((?:19|20)\\d{2}|'\\d{2})(?![\\p{N}])`,
  "gu",
);
const D_MONTH_NUMERIC_YEAR = /(?<![\p{N}/.-])(0?[1-9]|1[0-2])\/((?:19|20)\d{2})(?![\p{N}]|\/\p{N})/gu;
const D_CONTEXT_DAY_MONTH =
  /\b(?:on|dated?|since|from|until|till|admitted|discharged|died|seen|dob|d\.o\.b\.?|born|due|booked for|appointment)\s*:?\s+(?:on\s+)?(?:the\s+)?(\d{1,2})\/(\d{1,2})(?![\d/]|\.\d)(?!\s*(?:of|ago|hx|history|course|duration|days?|weeks?|months?|doses?)\b)/gi;
const D_COMPACT_BIRTH =
  /\b(?:dob|d\.o\.b\.?|date of birth|born)\s*(?:on\s*)?[:-]?\s*((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2})(?!\d)/gi;
const D_DAY_ONLY =
  /\bon the (\d{1,2})(?:st|nd|rd|th)(?=\s*(?:[,.;:)]|$)|\s+(?:at|when|and|after|before|she|he|they|we|following)\b)/gi;
const D_HOLIDAY =
  /\b(?:Christmas(?: Day| Eve)?|Boxing Day|New Year'?s (?:Day|Eve)|Easter (?:Sunday|Monday)|Good Friday|Thanksgiving(?: Day)?|Independence Day|Hogmanay|Bonfire Night|Halloween|Valentine'?s Day)\s+(?:of\s+)?((?:19|20)\d{2})\b/gi;

function dateDetail(t: string, index: number): string | undefined {
  const prior = before(t, index, 40);
  if (/\b(?:dob|d\.o\.b|date of birth|birth ?date|born|b\.)\W*(?:on\W*)?(?:the\W*)?$/i.test(prior))
    return "date of birth";
  if (/\b(?:died|death|dod|d\.o\.d|passed away)\b[^.]{0,15}$/i.test(prior)) return "date of death";
  if (/\b(?:admitted|admission|admit)\b[^.]{0,20}$/i.test(prior)) return "admission date";
  if (/\bdischarged?\b[^.]{0,20}$/i.test(prior)) return "discharge date";
  return undefined;
}

const HOLIDAY_WORDS =
  /^(?:christmas|day|eve|boxing|new|year|years|year's|easter|sunday|monday|good|friday|thanksgiving|independence|hogmanay|bonfire|night|halloween|valentine|valentines|valentine's)$/i;

function maskDate(raw: string): string {
  return raw
    .replace(/[\p{L}']+/gu, (w) => (HOLIDAY_WORDS.test(w) ? w[0] + "*".repeat(w.length - 1) : w))
    .replace(/\d+/g, (d) => (/^(?:19|20)\d\d$/.test(d) ? d : "*".repeat(d.length)))
    .replace(/\p{L}+/gu, (w) => (MONTH_SET.has(w.toLowerCase()) ? w[0] + "*".repeat(w.length - 1) : w));
}

function validDayMonth(a: number, b: number): boolean {
  return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

export function dates(t: string): Hit[] {
  const hits: Hit[] = [];
  const add = (index: number, raw: string) => hits.push(hit("date", index, raw, maskDate(raw), dateDetail(t, index)));
  for (const m of matches(D_NUMERIC, t)) {
    const year = m[4] ?? "";
    if (year.length === 4 && !/^(?:19|20)/.test(year)) continue;
    if (validDayMonth(Number(m[1]), Number(m[3]))) add(m.index, m[0]);
  }
  for (const m of matches(D_ISO, t))
    if (Number(m[3]) >= 1 && Number(m[3]) <= 12 && Number(m[4]) >= 1 && Number(m[4]) <= 31) add(m.index, m[0]);
  for (const m of matches(D_DAY_MONTH, t)) if (Number(m[1]) >= 1 && Number(m[1]) <= 31) add(m.index, m[0]);
  for (const m of matches(D_MONTH_DAY, t)) if (Number(m[1]) >= 1 && Number(m[1]) <= 31) add(m.index, m[0]);
  for (const re of [D_MONTH_YEAR, D_MONTH_NUMERIC_YEAR, D_HOLIDAY]) for (const m of matches(re, t)) add(m.index, m[0]);
  for (const m of matches(D_CONTEXT_DAY_MONTH, t)) {
    const day = m[1] ?? "";
    if (!validDayMonth(Number(day), Number(m[2]))) continue;
    const start = m.index + m[0].lastIndexOf(`${day}/`);
    add(start, t.slice(start, m.index + m[0].length));
  }
  for (const re of [D_COMPACT_BIRTH, D_DAY_ONLY])
    for (const m of matches(re, t)) {
      const value = m[1] ?? "";
      const start = m.index + m[0].lastIndexOf(value);
      const end = re === D_DAY_ONLY ? m.index + m[0].length : start + value.length;
      add(start, t.slice(start, end));
    }
  return hits;
}
