/**
 * The identifier guard. Case text is health data, and third-party chat apps sit outside the chat platforms'
 * health-data agreements, so a case field that carries an identifier is refused before it is stored or sent.
 *
 * `findIdentifiers` covers the HIPAA Safe Harbor categories that occur in free text (names; dates more precise than
 * a year; phone and fax numbers; e-mail addresses; street addresses and postcodes; record, account, health-plan and
 * other ID numbers; URLs and IP addresses; ages over 89) and the UK's NHS (and Scottish CHI) numbers, checked with
 * their Modulus 11 check digit, and National Insurance numbers. It is built to let clinical text through untouched:
 * ages under 90, doses and strengths ("co-codamol 30/500"), lab values, durations ("3/7", "2/52"), years, scores,
 * times, and eponymous diseases, signs, scales, services and places (Parkinson's, Smith's fracture, Glasgow Coma
 * Scale, Marie Curie, St Christopher's).
 *
 * Pure: no platform, no store, no clock unless none is given (only a birth year is judged against today).
 */

import {
  ABBREVIATIONS,
  AMBIGUOUS_GIVEN_NAMES,
  COMMON_CAPS,
  EPONYM_FILLERS,
  EPONYM_NOUNS,
  EPONYM_TOKENS,
  FACILITY_NOUNS,
  FAMILY_WORDS,
  GIVEN_NAMES,
  PLACEHOLDER_LETTERS,
  PROTECTED_PHRASES,
  RELATION_WORDS,
  SOFT_TITLES,
  STREET_TYPES_STRONG,
  STREET_TYPES_WEAK,
  SURNAMES,
  TITLES,
  TLDS,
  US_STATE_CODES,
  US_STATE_NAMES,
} from "./guard-data";

export type IdentifierKind =
  | "name"
  | "date"
  | "phone"
  | "email"
  | "address"
  | "postcode"
  | "id_number"
  | "nhs_number"
  | "ni_number"
  | "url"
  | "ip_address"
  | "age_over_89";

export interface Finding {
  kind: IdentifierKind;
  /** what was found, masked for display e.g. "07*** ***123" */
  sample: string;
  /** a finer description when one is known, e.g. "date of birth", "fax number" */
  detail?: string;
}

export interface GuardOptions {
  /** today, for judging whether a birth year means an age over 89; defaults to the current date */
  now?: Date;
}

interface Hit {
  kind: IdentifierKind;
  start: number;
  end: number;
  sample: string;
  detail?: string;
}

type Span = readonly [number, number];

/** Which finding wins when two overlap: the more specific kind. */
const PRIORITY: Record<IdentifierKind, number> = {
  email: 12,
  url: 11,
  ip_address: 10,
  nhs_number: 9,
  ni_number: 8,
  id_number: 7,
  phone: 6,
  date: 5,
  postcode: 4,
  address: 3,
  age_over_89: 2,
  name: 1,
};

export function findIdentifiers(text: string, options: GuardOptions = {}): Finding[] {
  const t = normalise(text);
  if (!t.trim()) return [];
  const year = (options.now ?? new Date()).getFullYear();
  const places = protectedPlaces(t);
  const hits = [
    ...emails(t),
    ...urls(t),
    ...ipAddresses(t),
    ...nhsAndLongNumbers(t),
    ...labelledIds(t),
    ...niNumbers(t),
    ...phones(t),
    ...dates(t),
    ...postcodes(t),
    ...addresses(t, places),
    ...ages(t, year),
    ...names(t, places),
  ];
  const kept: Hit[] = [];
  // Overlaps go to the more specific kind, then to the longer match.
  for (const candidate of [...hits].sort(
    (a, b) => PRIORITY[b.kind] - PRIORITY[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  ))
    if (!kept.some((k) => k.start < candidate.end && candidate.start < k.end)) kept.push(candidate);
  kept.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const { kind, sample, detail } of kept) {
    const key = `${kind}\u0000${sample}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(detail ? { kind, sample, detail } : { kind, sample });
  }
  return findings;
}

const DESCRIPTIONS: Record<IdentifierKind, string> = {
  name: "a person's name",
  date: "an exact date",
  phone: "a phone number",
  email: "an e-mail address",
  address: "a street address",
  postcode: "a postcode or ZIP code",
  id_number: "a record or ID number",
  nhs_number: "an NHS number",
  ni_number: "a National Insurance number",
  url: "a web address",
  ip_address: "an IP address",
  age_over_89: "an age over 89",
};

const ADVICE: Record<IdentifierKind, string> = {
  name: 'Leave names out: write "the patient", "her daughter" or "the GP" instead.',
  date: 'Give the year, or how long ago it was (for example "3 weeks ago").',
  phone: "Leave contact numbers out of the case.",
  email: "Leave e-mail addresses out of the case.",
  address: 'Describe the setting instead (for example "lives alone in a rural village").',
  postcode: 'Describe the area instead (for example "rural" or "inner city").',
  id_number: "Leave it out: the panel doesn't need it.",
  nhs_number: "Leave it out: the panel doesn't need it.",
  ni_number: "Leave it out: the panel doesn't need it.",
  url: "Leave links out; describe what the page shows instead.",
  ip_address: "Leave it out: the panel doesn't need it.",
  age_over_89: 'Write "90 or over" instead of the exact age.',
};

/**
 * One plain-English sentence pair for the presenter: which field, what it looks like (masked, never the whole
 * identifier), and what to write instead. "Relevant history: this looks like a date of birth (**\/**\/1948). Give
 * an age band or a year instead."
 */
export function explainFinding(fieldLabel: string, finding: Finding): string {
  const detail = finding.detail ? withArticle(finding.detail) : DESCRIPTIONS[finding.kind];
  const advice =
    finding.kind === "date" && finding.detail === "date of birth"
      ? "Give an age band or a year instead."
      : ADVICE[finding.kind];
  return `${fieldLabel}: this looks like ${detail} (${finding.sample}). ${advice}`;
}

function withArticle(phrase: string): string {
  return /^(?:[aeiou]|NHS\b|NI\b|IP\b|MRN\b|SSN\b)/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Text helpers

function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
    .replace(/[\u00A0\u2007\u202F]/g, " ")
    .replace(/[\u2018\u2019\u02BC\u2032`]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield m;
    if (m[0].length === 0) re.lastIndex++;
  }
}

function before(text: string, index: number, window: number): string {
  return text.slice(Math.max(0, index - window), index);
}

function digitsOf(s: string): string {
  return s.replace(/\D/g, "");
}

/** Keep the first `head` and last `tail` letters/digits, star the rest, leave separators as they are. */
function maskKeep(s: string, head: number, tail: number): string {
  const total = (s.match(/[\p{L}\p{N}]/gu) ?? []).length;
  let seen = 0;
  return s.replace(/[\p{L}\p{N}]/gu, (c) => {
    seen++;
    return seen <= head || seen > total - tail ? c : "*";
  });
}

/** Each word keeps its first letter: "Margaret Smith" → "M******* S****". */
function maskWords(s: string): string {
  return s.replace(/[\p{L}\p{N}]+/gu, (w) => (w.length === 1 ? "*" : w[0] + "*".repeat(w.length - 1)));
}

/** Modulus 11 check of a 10-digit NHS (or CHI) number. */
export function isValidNhsNumber(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 10) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === Number(d[9]);
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail, URLs, IP addresses

const EMAIL =
  /(?<![\w.+'%-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
const EMAIL_SPOKEN =
  /\b[a-z0-9][a-z0-9._-]*(?:\s+dot\s+[a-z0-9_-]+)*\s+(?:at|\(at\)|\[at\])\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)+\b/gi;

function emails(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(EMAIL, t)) {
    const [local = "", domain = ""] = m[0].split("@");
    const tld = domain.slice(domain.lastIndexOf(".") + 1);
    hits.push(hit("email", m.index, m[0], `${local[0]}***@${domain[0]}***.${tld}`));
  }
  for (const m of matches(EMAIL_SPOKEN, t)) {
    if (!/\bdot\b/i.test(m[0].split(/\s(?:at|\(at\)|\[at\])\s/i)[1] ?? "")) continue;
    hits.push(hit("email", m.index, m[0], `${m[0][0]}*** at ***`));
  }
  return hits;
}

const URL_CHARS = "[^\\s<>\"'`)\\]]";
const URL_SCHEME = new RegExp(`\\b(?:https?|s?ftp):\\/\\/${URL_CHARS}+`, "gi");
const URL_WWW = new RegExp(`(?<![\\w.@/-])www\\.${URL_CHARS}+`, "gi");
const URL_BARE = new RegExp(
  `(?<![\\w.@/'-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${TLDS.join("|")})(?![\\w-])(?:\\/${URL_CHARS}*)?`,
  "gi",
);

function urls(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const re of [URL_SCHEME, URL_WWW, URL_BARE])
    for (const m of matches(re, t)) {
      const raw = m[0].replace(/[.,;:!?]+$/, "");
      if (re === URL_BARE) {
        const labels = raw.split("/")[0]?.split(".") ?? [];
        const second = labels[labels.length - 2] ?? "";
        if (second.length < 2 || !/[a-z]/i.test(second)) continue;
      }
      hits.push(hit("url", m.index, raw, maskUrl(raw)));
    }
  return hits;
}

function maskUrl(raw: string): string {
  const scheme = /^[a-z]+:\/\//i.exec(raw)?.[0] ?? "";
  const rest = raw.slice(scheme.length);
  const slash = rest.indexOf("/");
  const host = slash < 0 ? rest : rest.slice(0, slash);
  const hostStart = host.toLowerCase().startsWith("www.") ? host.slice(0, 4) + host.slice(4, 7) : host.slice(0, 3);
  return `${scheme}${hostStart}***${slash < 0 || slash === rest.length - 1 ? "" : "/…"}`;
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?::\\d{1,5})?(?![\\w]|\\.\\d)`, "g");
const IPV6 =
  /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:])/gi;

function ipAddresses(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(IPV4, t)) {
    const parts = m[0].split(".");
    hits.push(hit("ip_address", m.index, m[0], `${parts[0]}.${parts[1]}.*.*`));
  }
  for (const m of matches(IPV6, t)) {
    const groups = m[0].split(":").filter(Boolean);
    if (groups.length < 3) continue;
    hits.push(hit("ip_address", m.index, m[0], `${groups[0]}:****:…`));
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// NHS numbers, labelled IDs, NI numbers, phones

const NHS_LABEL = /\b(?:nhs|chi|h&c)(?:\s*(?:no\.?|number|num|#))?\s*(?:is\s*)?[:#.=-]?\s*$/i;
const PHONE_LABEL =
  /\b(?:tel(?:ephone)?|phone|ph|mob(?:ile)?|cell(?:phone)?|landline|fax|contact|call|ring|text|whats ?app|number|no)\b[^\n\d]{0,15}$/i;
const FAX_LABEL = /\bfax\b[^\n\d]{0,20}$/i;
const TEN_DIGITS = /(?<![\w/.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w]|[/-]\d|\.\d)/g;
const LONG_DIGITS = /(?<![\w.,/+-])\d{9,}(?![\w]|[.,]\d)/g;
const AFTER_UNIT = /^\s*(?:copies|cells|x\b|×|\/|iu\b|units?\b|mg\b|mcg\b|µg\b|ng\b|pg\b|g\b|ml\b|l\b|mmol|umol|µmol)/i;
const SSN = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g;

function nhsAndLongNumbers(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(TEN_DIGITS, t)) {
    const prior = before(t, m.index, 30);
    if (isValidNhsNumber(m[0]) && !(PHONE_LABEL.test(prior) && !NHS_LABEL.test(prior)))
      hits.push(hit("nhs_number", m.index, m[0], maskKeep(m[0], 2, 2)));
    else if (NHS_LABEL.test(prior))
      hits.push(hit("id_number", m.index, m[0], maskKeep(m[0], 0, 2), "NHS or CHI number"));
  }
  for (const m of matches(LONG_DIGITS, t)) {
    if (AFTER_UNIT.test(t.slice(m.index + m[0].length))) continue;
    if (PHONE_LABEL.test(before(t, m.index, 30)) && /^0|^1\d{10}$/.test(m[0])) continue; // a phone, handled there
    hits.push(hit("id_number", m.index, m[0], maskKeep(m[0], 0, 2)));
  }
  for (const m of matches(SSN, t)) hits.push(hit("id_number", m.index, m[0], maskKeep(m[0], 0, 2)));
  return hits;
}

const ID_LABELS = [
  "mrn",
  "m\\.r\\.n\\.?",
  "medical record(?: no\\.?| number| #)?",
  "(?:patient |health |clinical )?record (?:no\\.?|number|#)",
  "hospital (?:no\\.?|number|id|#)",
  "hosp\\.? ?(?:no\\.?|number|id|#)",
  "unit (?:no\\.?|number)",
  "(?:patient|pt|client|resident) (?:id|no\\.?|number|identifier|ref)",
  "case (?:ref|reference|no\\.?|number|id)",
  "ref(?:erence)?(?: no\\.?| number)?",
  "ref\\.",
  "account (?:no\\.?|number|#)",
  "acct\\.?(?: no\\.?| #)?",
  "a\\/c(?: no\\.?)?",
  "member (?:id|no\\.?|number|#)",
  "policy (?:no\\.?|number|#)",
  "(?:health[- ]?plan|insurance|insurer|plan)(?: beneficiary| member)? (?:id|no\\.?|number|#)",
  "beneficiary (?:id|no\\.?|number)",
  "medicare(?: card)?(?: id| no\\.?| number| #)?",
  "medicaid(?: id| no\\.?| number| #)?",
  "mbi",
  "ssn",
  "social security(?: no\\.?| number| #)?",
  "driv(?:ing|er'?s) licen[cs]e(?: no\\.?| number)?",
  "licen[cs]e (?:no\\.?|number|#)",
  "passport(?: no\\.?| number)?",
  "serial (?:no\\.?|number|#)",
  "device (?:id|serial)",
  "emis (?:no\\.?|number|id)",
  "systm ?one (?:no\\.?|number|id)",
  "chi(?: no\\.?| number)?",
  "nhs(?: no\\.?| number| num| #)?",
  "h&c(?: no\\.?| number)?",
  "id(?: no\\.?| number| #)?",
  "identifier",
  "claim (?:no\\.?|number|ref)",
  "(?:vehicle )?registration (?:no\\.?|number|plate)",
  "(?:number|reg) plate",
  "certificate (?:no\\.?|number)",
];
const ID_VALUE = "[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*(?:\\s\\d[A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*)*";
const LABELLED_ID = new RegExp(`\\b(${ID_LABELS.join("|")})(\\s*(?:#|:|=|-|\\bis\\b)?\\s*)(${ID_VALUE})`, "gi");

function labelledIds(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(LABELLED_ID, t)) {
    const label = m[1] ?? "";
    const value = m[3] ?? "";
    const digits = digitsOf(value).length;
    const letters = (value.match(/[A-Za-z]/g) ?? []).length;
    if (!(digits >= 5 || (digits >= 3 && letters >= 1 && value.replace(/\W/g, "").length >= 6))) continue;
    const start = m.index + label.length + (m[2] ?? "").length;
    const detail = /^(?:ssn|social)/i.test(label)
      ? "social security number"
      : /^(?:nhs|chi|h&c)/i.test(label)
        ? "NHS or CHI number"
        : undefined;
    hits.push({
      kind: "id_number",
      start: m.index,
      end: start + value.length,
      sample: `${label} ${maskKeep(value, 0, 2)}`,
      ...(detail ? { detail } : {}),
    });
  }
  return hits;
}

const NI_PREFIX_BANNED = new Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]);
const NI =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])[ -]?(\d{2})[ -]?(\d{2})[ -]?(\d{2})[ -]?([A-D])(?![A-Za-z0-9])/gi;
const NI_LABEL = /\b(?:ni|n\.i\.|nino|national insurance|nat\.? ?ins\.?)\b[^\n]{0,25}$/i;
const NI_LABELLED_NO_SUFFIX =
  /\b(?:ni|n\.i\.|nino|national insurance|nat\.? ?ins\.?)(?:\s*(?:no\.?|number|#))?\s*(?:is\s*)?[:#-]?\s*([A-Za-z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2})(?![A-Za-z0-9])/gi;

function niNumbers(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(NI, t)) {
    const prefix = `${m[1]}${m[2]}`.toUpperCase();
    if (NI_PREFIX_BANNED.has(prefix)) continue;
    if (/[a-z]/.test(m[0]) && !NI_LABEL.test(before(t, m.index, 40))) continue;
    hits.push(hit("ni_number", m.index, m[0], maskKeep(m[0], 2, 1)));
  }
  for (const m of matches(NI_LABELLED_NO_SUFFIX, t)) {
    const value = m[1] ?? "";
    const start = m.index + m[0].length - value.length;
    if (NI_PREFIX_BANNED.has(value.slice(0, 2).toUpperCase())) continue;
    hits.push(hit("ni_number", start, value, maskKeep(value, 2, 0)));
  }
  return hits;
}

const UK_MOBILE = /(?<![\d+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|0)7\d{3}[\s.-]?\d{3}[\s.-]?\d{3}(?!\d)/g;
const UK_LANDLINE =
  /(?<![\d+.])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)[1-35689]\d{1,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?![\d.]\d|\d)/g;
const US_PHONE = /(?<![\d+])(?:(?:\+|00)\s?1[\s.-]?|1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)/g;
const US_LOCAL =
  /(?<=\b(?:tel|phone|cell|mobile|mob|landline|fax|call|ring|text|number|contact)\b[^\d\n]{0,12})\d{3}-\d{4}(?![\d-])/gi;

function phones(t: string): Hit[] {
  const hits: Hit[] = [];
  const add = (index: number, raw: string) => {
    const prior = before(t, index, 30);
    if (NHS_LABEL.test(prior) || (/\b(?:mrn|id|ref|number)\s*[:#]?\s*$/i.test(prior) && !PHONE_LABEL.test(prior)))
      return;
    const detail = FAX_LABEL.test(before(t, index, 25)) ? "fax number" : undefined;
    hits.push(hit("phone", index, raw, maskKeep(raw, 2, 3), detail));
  };
  for (const re of [UK_MOBILE, UK_LANDLINE])
    for (const m of matches(re, t)) {
      let national = digitsOf(m[0].replace("(0)", ""));
      if (/^(?:\+|00)/.test(m[0])) national = `0${national.replace(/^(?:00)?44/, "")}`;
      if (national.length === 10 || national.length === 11) add(m.index, m[0]);
    }
  for (const m of matches(US_PHONE, t)) {
    const d = digitsOf(m[0]).replace(/^(?:00)?1(?=\d{10}$)/, "");
    if (d.length === 10 && /^[2-9]\d\d[2-9]/.test(d)) add(m.index, m[0]);
  }
  for (const m of matches(US_LOCAL, t)) add(m.index, m[0]);
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

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

function dates(t: string): Hit[] {
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

// ---------------------------------------------------------------------------------------------------------------
// Postcodes and addresses

const UK_POSTCODE =
  /(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|\d\d|[A-HK-Y]\d[ABEHMNPRV-Y]?|[A-HK-Y]\d\d) ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])/g;
const UK_POSTCODE_LABELLED =
  /\b(?:post\s?code|postal code|p\/code)\s*(?:is\s*)?[:-]?\s*([a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2})(?![a-z0-9])/gi;
const ZIP_LABELLED = /\b(?:zip(?:\s*code)?|postal code|post\s?code)\s*(?:is\s*)?[:#-]?\s*(\d{5}(?:-\d{4})?)(?!\d)/gi;
const ZIP_AFTER_STATE = new RegExp(
  `,\\s*(?:${[...US_STATE_CODES].join("|")}|${US_STATE_NAMES.join("|")})\\.?\\s+(\\d{5}(?:-\\d{4})?)(?![\\d-])`,
  "g",
);
const ZIP_PLUS_FOUR = /(?<![\d-])\d{5}-\d{4}(?![\d-])/g;

function postcodes(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(UK_POSTCODE, t)) hits.push(hit("postcode", m.index, m[0], maskKeep(m[0], 2, 0)));
  for (const re of [UK_POSTCODE_LABELLED, ZIP_LABELLED, ZIP_AFTER_STATE])
    for (const m of matches(re, t)) {
      const value = m[1] ?? "";
      const start = m.index + m[0].length - value.length;
      hits.push(hit("postcode", start, value, maskKeep(value, 2, 0)));
    }
  for (const m of matches(ZIP_PLUS_FOUR, t)) hits.push(hit("postcode", m.index, m[0], maskKeep(m[0], 2, 0)));
  return hits;
}

const STREET_WORD = "(?:\\p{Lu}[\\p{Ll}']+|\\d{1,3}(?:st|nd|rd|th))";
const ALL_STREET_TYPES = [...STREET_TYPES_STRONG, ...STREET_TYPES_WEAK].sort((a, b) => b.length - a.length).join("|");
const ADDRESS_NUMBERED = new RegExp(
  `(?<![\\p{L}\\p{N}/.:-])(?:[Nn]o\\.?\\s*)?\\d{1,5}[A-Za-z]?(?:\\s?-\\s?\\d{1,5}[A-Za-z]?)?,?\\s+(?:${STREET_WORD}\\s+){1,3}(?:${ALL_STREET_TYPES})\\.?(?![\\p{L}])(?!\\s+(?:[Tt]est|[Dd]istance)\\b)`,
  "gu",
);
const ADDRESS_NAMED = new RegExp(
  `(?<![\\p{L}])((?:\\p{Lu}[\\p{Ll}']+\\s+){1,3})(?:${STREET_TYPES_STRONG.join("|")})(?![\\p{L}])`,
  "gu",
);
const FLAT =
  /(?<![\p{L}])(?:Flat|FLAT|flat|Apt|APT|apt|Apartment|apartment|Suite)\.?\s*#?\d{1,4}[A-Za-z]?(?![\p{L}\p{N}])/gu;
const PO_BOX = /\bP\.?\s?O\.?\s?Box\s*\d+/gi;

function maskAddress(raw: string): string {
  const types = new Set([...STREET_TYPES_STRONG, ...STREET_TYPES_WEAK, "Flat", "Apt", "Apartment", "Suite", "Box"]);
  return raw.replace(/[\p{L}\p{N}]+/gu, (w) =>
    types.has(w) || /^(?:PO|P|O|no)$/i.test(w) ? w : /^\d/.test(w) ? "*".repeat(w.length) : maskWords(w),
  );
}

function addresses(t: string, places: Span[]): Hit[] {
  const hits: Hit[] = [];
  const add = (index: number, raw: string) => {
    if (overlapsAny(places, index, index + raw.length)) return;
    hits.push(hit("address", index, raw, maskAddress(raw)));
  };
  for (const m of matches(ADDRESS_NUMBERED, t)) {
    // "12 St Mary's…", "3 Dr Patel": a weak type that a name follows is a saint or a title, not the street's end.
    const rest = t.slice(m.index + m[0].length);
    if (
      /(?:St|Dr)\.?$/.test(m[0]) &&
      /^\s+\p{Lu}\p{Ll}/u.test(rest) &&
      !/^\s+(?:Apt|Flat|Suite|Apartment)\b/.test(rest)
    )
      continue;
    add(m.index, m[0]);
  }
  for (const m of matches(ADDRESS_NAMED, t)) {
    const words = (m[1] ?? "").trim().split(/\s+/);
    let skip = 0;
    while (skip < words.length && COMMON_CAPS.has(words[skip] ?? "")) skip++;
    if (skip === words.length) continue;
    const follows = /^\s+(\p{Lu}\p{Ll}+)/u.exec(t.slice(m.index + m[0].length))?.[1];
    if (follows && FACILITY_NOUNS.has(follows)) continue;
    const offset = words.slice(0, skip).reduce((n, w) => t.indexOf(w, n) + w.length, m.index);
    const start = skip ? t.indexOf(words[skip] ?? "", offset) : m.index;
    add(start, t.slice(start, m.index + m[0].length));
  }
  for (const re of [FLAT, PO_BOX]) for (const m of matches(re, t)) add(m.index, m[0]);
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// Ages over 89

const AGE = "(9\\d|1[01]\\d|12[0-5])";
const AGE_NOT_AFTER =
  "(?!\\s*(?:%|kg|kgs|mg|bpm|mmhg|mm|cm|lb|lbs|/|percent|minutes|mins|hours|days|weeks|months|units|degrees|ml|beats|breaths|\\+|plus|or (?:over|older|above|more)|and (?:over|older|above))(?![\\p{L}]))(?![\\p{N}.])";
const AGE_PATTERNS = [
  new RegExp(`(?<![\\p{N}.])${AGE}\\s*-?\\s*(?:years?|yrs?|yr)\\.?\\s*-?\\s*old(?![\\p{L}])`, "giu"),
  new RegExp(`(?<![\\p{N}.])${AGE}\\s*(?:y\\/o|y\\.o\\.?|yo|yoa)(?![\\p{L}])`, "giu"),
  new RegExp(`(?<![\\p{N}.])${AGE}\\s*(?:years?|yrs?)\\s+of\\s+age(?![\\p{L}])`, "giu"),
  new RegExp(
    `(?<![\\p{L}])(?:aged|age)\\s*:?\\s*(?:about|around|approximately|approx\\.?|now|just)?\\s*${AGE}(?!\\s*(?:-|to)\\s*\\d)${AGE_NOT_AFTER}`,
    "giu",
  ),
  new RegExp(
    `(?<![\\p{L}])(?:she|he|patient|pt|they|who|mum|mother|dad|father|husband|wife|partner)\\s+(?:is|was|'s|will be)\\s+(?:now\\s+)?${AGE}${AGE_NOT_AFTER}`,
    "giu",
  ),
  new RegExp(`(?<![\\p{L}])turn(?:ed|s)\\s+${AGE}${AGE_NOT_AFTER}`, "giu"),
  new RegExp(
    `(?<![\\p{L}])(?:husband|wife|partner|spouse|mother|mum|mom|father|dad|sister|brother|aunt|uncle|neighbour|neighbor|friend|man|woman|lady|gentleman|gent|patient|resident)\\s*(?:,\\s*|\\(\\s*)${AGE}\\s*(?:,|\\)|\\s+(?:years|yrs))`,
    "giu",
  ),
  new RegExp(`(?<=\\p{Lu}\\p{Ll}+,\\s*)${AGE}\\s*,(?!\\s*\\d)`, "gu"),
  new RegExp(`(?<![\\p{N}.])${AGE}(?:st|nd|rd|th)\\s+birthday`, "giu"),
  /\b(?:her|his|their|patient'?s)\s+(?:(?:late|early|mid)[\s-]+)?(?:nineties|90s|90's)\b/gi,
  /\b(?:super)?(?:nonagenarian|centenarian)s?\b/gi,
  /\b(?:aged?|is|was|turned)\s+(?:ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a) hundred(?:\s+and\s+\w+)?)\b(?!\s*(?:%|per ?cent|mg|kg))/gi,
  /\bninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?[\s-]years?[\s-]old\b/gi,
];
const AGE_BAND = /(?<![\p{L}])(?:aged?(?:\s+band)?|band)\s*:?\s*(9\d|1[01]\d)\s*(?:-|to)\s*(\d{2,3})(?![\p{N}])/giu;
const AGE_COMPACT = new RegExp(`(?<![\\p{L}\\p{N}.°])${AGE}\\s?(?:M|F)(?![\\p{L}\\p{N}°])`, "gu");
const TEMPERATURE_BEFORE = /(?:\bT|temp(?:erature)?|febrile|fever|pyrexi\w*|°)\W*$/i;
const BIRTH_YEAR =
  /\b(?:born|b\.|dob|d\.o\.b\.?|date of birth|year of birth|yob)\s*(?:in\s+)?[:-]?\s*((?:18|19|20)\d{2})(?![\d/.-])/gi;

function maskAge(raw: string): string {
  return raw.replace(/\d+/g, (d) => d[0] + "*".repeat(d.length - 1));
}

function ages(t: string, year: number): Hit[] {
  const hits: Hit[] = [];
  for (const re of AGE_PATTERNS)
    for (const m of matches(re, t)) hits.push(hit("age_over_89", m.index, m[0], maskAge(m[0])));
  for (const m of matches(AGE_BAND, t)) hits.push(hit("age_over_89", m.index, m[0], maskAge(m[0])));
  for (const m of matches(AGE_COMPACT, t))
    if (!TEMPERATURE_BEFORE.test(before(t, m.index, 14))) hits.push(hit("age_over_89", m.index, m[0], maskAge(m[0])));
  for (const m of matches(BIRTH_YEAR, t))
    if (year - Number(m[1]) >= 90)
      hits.push(
        hit(
          "age_over_89",
          m.index,
          m[0],
          m[0].replace(/(\d\d)(\d\d)$/, "$1**"),
          "birth year that means an age over 89",
        ),
      );
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// Names

interface Token {
  /** the word as written, possessive included */
  text: string;
  /** without a possessive 's or ' */
  base: string;
  start: number;
  /** end of `base` */
  end: number;
  /** capitalised like a name: "Smith", "O'Donnell", "McDonald", "Lewis-Haddad" */
  cap: boolean;
}

const TOKEN = /\p{L}[\p{L}'-]*\p{L}|\p{L}/gu;
const NAME_SHAPE = /^(?:Mc|Mac|O'|D'|Fitz)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*$/u;
const TITLE_SET = new Set(TITLES);
const SOFT_TITLE_SET = new Set(SOFT_TITLES);
const LOWER_TITLES = new Set(["mr", "mrs", "ms", "miss", "dr"]);
const PERSON_VERBS = new Set(
  "has is was lives lived reports reported says said feels felt wants wanted died declined refused became had thinks told presented presents remains".split(
    " ",
  ),
);
const CONTEXT_PHRASES = [
  "lives with",
  "living with",
  "cared for by",
  "looked after by",
  "visited by",
  "seen by",
  "accompanied by",
  "married to",
  "spoke to",
  "spoke with",
  "speak to",
  "speak with",
  "spoken to",
  "talked to",
  "talked with",
  "discussed with",
  "referred by",
  "supported by",
  "reviewed by",
  "assessed by",
  "according to",
  "on behalf of",
  "asked",
  "ask",
  "told",
  "tell",
  "informed",
  "reassured",
  "phoned",
  "rang",
  "contacted",
  "met",
  "saw",
  "visited",
  "visit",
  "seen with",
  "at home with",
];
/** What a person does: an unknown capitalised word before one of these is a name ("Kristian lives alone"). */
const PERSON_ACTS =
  /^\s+(?:lives|lived|is (?:worried|scared|anxious|keen|married|frightened|afraid|upset|distressed|tearful|confused|agitated|drowsy|bed-?bound|housebound|adamant|reluctant|unable|aware|not aware|clear that|a (?:retired|former|widow|widower|keen|lifelong))|was (?:worried|admitted|discharged|diagnosed|married|born|frightened|upset|distressed|a (?:retired|former|keen))|has been (?:admitted|diagnosed)|worries|feels|felt|says|said|wants|wanted|wishes|wished|told|asked|declined|refused|prefers|preferred|understands|understood|knows|believes|agreed|would like|died|passed away|worked|works|retired|smokes|smoked|drinks|enjoys|enjoyed|loves|likes|hates|attends|attended)(?![\p{L}])/u;
/** Weaker verbs, enough after two unknown capitalised words ("Carroll Altenwerth has…"). */
const PERSON_VERB_AFTER_PAIR =
  /^\s+(?:has|had|is|was|will|would|can|could|lives|remains|presented|presents|needs|needed)(?![\p{L}])/u;
/** An age right after a name: "Vasudeva Varman, 81," or "Joan (84)". */
/** Endings of ordinary English words that names rarely have ("Talking Therapies", "Compassionate Communities"). */
const WORDY =
  /(?:ings?|ies|tions?|sions?|ments?|ness|ous|tives?|sives?|ity|ities|ances?|ences?|able|ible|ful|less|isms?|ology|ologies|apy|apies|ics|\p{L}{6,}ate)$/u;
const AGE_AFTER = /^(?:,\s*\d{1,3}\s*(?:,|years|yrs|yo|y\/o|;)|\s*\(\s*\d{1,3}\s*\))/;
const NAMED_PHRASES = [
  "named",
  "called",
  "known as",
  "goes by",
  "go by",
  "name is",
  "name's",
  "née",
  "nee",
  "aka",
  "a.k.a.",
  "prefers",
];
const LABEL_PHRASES = [
  "name:",
  "patient:",
  "pt:",
  "patient name:",
  "full name:",
  "nok:",
  "next of kin:",
  "carer:",
  "gp:",
  "consultant:",
];
const SIGN_OFFS = ["thanks,", "many thanks,", "regards,", "best wishes,", "cheers,", "kind regards,", "best,"];

/** "…named ", "…Patient: ", "…Thanks, ": a phrase that ends right before a word. */
function endsWith(phrases: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}])(?:${phrases.map(escapeRegExp).join("|")})\\s*['"(]?\\s*$`, "iu");
}
const NAMED_BEFORE = endsWith(NAMED_PHRASES);
const LABEL_BEFORE = endsWith(LABEL_PHRASES);
const SIGN_OFF_BEFORE = endsWith(SIGN_OFFS);
const CONTEXT_BEFORE = endsWith(CONTEXT_PHRASES);
const PROTECTED_PHRASE = new RegExp(
  `(?<![\\p{L}])(?:${PROTECTED_PHRASES.map(escapeRegExp).join("|")})(?:'s)?(?![\\p{L}])`,
  "giu",
);

function tokenise(t: string): Token[] {
  const tokens: Token[] = [];
  for (const m of matches(TOKEN, t)) {
    const base = m[0].replace(/'s$/, "");
    tokens.push({ text: m[0], base, start: m.index, end: m.index + base.length, cap: NAME_SHAPE.test(base) });
  }
  return tokens;
}

/** Character spans that name places and institutions: P1 phrases, facility runs, St/Queen/Royal runs. */
function protectedPlaces(t: string): Span[] {
  const spans: Span[] = [];
  for (const m of matches(PROTECTED_PHRASE, t)) spans.push([m.index, m.index + m[0].length]);
  const tokens = tokenise(t);
  tokens.forEach((tok, k) => {
    if (k > 0 && FACILITY_NOUNS.has(tok.base) && tok.cap) {
      let i = k - 1;
      let from = -1;
      while (
        i >= 0 &&
        k - i <= 4 &&
        (tokens[i]?.cap || /^[A-Z]$/.test(tokens[i]?.base ?? "")) &&
        spaceBetween(t, tokens[i], tokens[i + 1])
      ) {
        from = i;
        i--;
      }
      if (from >= 0) spans.push([tokens[from]?.start ?? 0, tok.end]);
    }
    if (/^(?:St|Saint|Ste|Sts|Queen|King|Prince|Princess|Royal|Duke|Duchess)$/.test(tok.base)) {
      let j = k + 1;
      let to = -1;
      while (
        j < tokens.length &&
        j - k <= 3 &&
        tokens[j]?.cap &&
        !/^(?:Apt|Flat|Suite|Apartment)$/.test(tokens[j]?.base ?? "") &&
        /^\.?\s+$/.test(gapBefore(t, tokens, j))
      ) {
        to = j;
        j++;
      }
      if (to >= 0) spans.push([tok.start, tokens[to]?.end ?? tok.end]);
    }
  });
  return spans;
}

function gapBefore(t: string, tokens: Token[], j: number): string {
  const prev = tokens[j - 1];
  const cur = tokens[j];
  return prev && cur ? t.slice(prev.start + prev.text.length, cur.start) : "";
}

function spaceBetween(t: string, a: Token | undefined, b: Token | undefined): boolean {
  return !!a && !!b && /^'?\s{1,3}$/.test(t.slice(a.start + a.text.length, b.start));
}

function overlapsAny(spans: Span[], start: number, end: number): boolean {
  return spans.some(([s, e]) => s < end && start < e);
}

/** Tokens (by index) that an eponym noun follows: "Charles Bonnet syndrome", "Abbey pain scale", "Smith's fracture". */
function eponymTokens(t: string, tokens: Token[]): Set<number> {
  const out = new Set<number>();
  tokens.forEach((tok, k) => {
    if (!EPONYM_NOUNS.has(tok.base.toLowerCase())) return;
    let i = k - 1;
    while (i >= 0 && k - i <= 5 && spaceBetween(t, tokens[i], tokens[i + 1])) {
      const prev = tokens[i] as Token;
      if (prev.cap) {
        if (!(GIVEN_NAMES.has(prev.base) && !AMBIGUOUS_GIVEN_NAMES.has(prev.base))) out.add(i);
      } else if (!EPONYM_FILLERS.has(prev.base.toLowerCase())) break;
      i--;
    }
  });
  return out;
}

function names(t: string, places: Span[]): Hit[] {
  const tokens = tokenise(t);
  const eponyms = eponymTokens(t, tokens);
  const inPlace = (k: number) => {
    const tok = tokens[k];
    return !!tok && overlapsAny(places, tok.start, tok.end);
  };
  const blocked = (k: number) => inPlace(k) || eponyms.has(k);
  /** A capitalised word that could be a name in a context that calls for one. */
  const nameLike = (k: number) => {
    const tok = tokens[k];
    return (
      !!tok &&
      tok.cap &&
      !COMMON_CAPS.has(tok.base) &&
      !EPONYM_TOKENS.has(tok.base) &&
      !FACILITY_NOUNS.has(tok.base) &&
      !blocked(k)
    );
  };
  /** A capitalised word no list knows: not a common word, eponym, place or abbreviation. */
  const unknownCap = (k: number) => {
    const tok = tokens[k];
    return (
      !!tok &&
      tok.cap &&
      !COMMON_CAPS.has(tok.base) &&
      !FACILITY_NOUNS.has(tok.base) &&
      !TITLE_SET.has(tok.base) &&
      !SOFT_TITLE_SET.has(tok.base) &&
      !(EPONYM_TOKENS.has(tok.base) && !SURNAMES.has(tok.base)) &&
      !(WORDY.test(tok.base) && !GIVEN_NAMES.has(tok.base) && !SURNAMES.has(tok.base)) &&
      !blocked(k)
    );
  };
  const lowerGiven = (k: number) => {
    const tok = tokens[k];
    if (!tok || tok.cap || tok.base.length < 3) return false;
    const capitalised = tok.base[0]?.toUpperCase() + tok.base.slice(1);
    return GIVEN_NAMES.has(capitalised) && !AMBIGUOUS_GIVEN_NAMES.has(capitalised);
  };
  /** Extend a name over the capitalised words that follow it (a surname, a double surname). */
  const extend = (k: number, max = 2) => {
    let end = k;
    while (end + 1 < tokens.length && end - k < max && spaceBetween(t, tokens[end], tokens[end + 1])) {
      const next = tokens[end + 1] as Token;
      if (!next.cap || COMMON_CAPS.has(next.base) || EPONYM_NOUNS.has(next.base.toLowerCase()) || blocked(end + 1))
        break;
      if (FACILITY_NOUNS.has(next.base)) break;
      end++;
    }
    return end;
  };
  const phraseEndsAt = (k: number, phrases: RegExp): boolean => {
    const tok = tokens[k];
    return !!tok && phrases.test(t.slice(Math.max(0, tok.start - 30), tok.start));
  };

  const hits: Hit[] = [];
  const add = (from: number, to: number, keepFirst = false) => {
    const a = tokens[from];
    const b = tokens[to];
    if (!a || !b) return;
    const raw = t.slice(a.start, b.end);
    const sample = keepFirst
      ? `${a.base}${t.slice(a.end, tokens[from + 1]?.start ?? a.end)}${maskWords(t.slice(tokens[from + 1]?.start ?? a.end, b.end))}`
      : maskWords(raw);
    hits.push({ kind: "name", start: a.start, end: b.end, sample });
  };

  tokens.forEach((tok, k) => {
    const next = tokens[k + 1];
    const gapAfter = next ? t.slice(tok.start + tok.text.length, next.start) : "";

    // Titles: "Mrs Patterson", "Dr. K. Mensah", "Mrs B", "mr jones", "Sister Mary Kelly".
    if ((TITLE_SET.has(tok.base) || SOFT_TITLE_SET.has(tok.base)) && next && /^\.?\s+$/.test(gapAfter)) {
      if (inPlace(k)) return;
      let j = k + 1;
      while (/^[A-Z]$/.test(tokens[j]?.base ?? "") && /^\.?\s*$/.test(gapBefore(t, tokens, j + 1))) j++;
      const initials = j - (k + 1);
      const soft = SOFT_TITLE_SET.has(tok.base);
      const cand = tokens[j];
      const candOk =
        !!cand &&
        (initials === 0 || /^\.?\s*$/.test(gapBefore(t, tokens, j))) &&
        cand.cap &&
        !COMMON_CAPS.has(cand.base) &&
        !inPlace(j) &&
        (!soft || GIVEN_NAMES.has(cand.base) || AMBIGUOUS_GIVEN_NAMES.has(cand.base) || SURNAMES.has(cand.base));
      if (candOk) add(k, extend(j), true);
      else if (!soft && initials > 0) {
        const last = tokens[j - 1] as Token;
        if (!(initials === 1 && PLACEHOLDER_LETTERS.has(last.base))) add(k, j - 1, true);
      }
      return;
    }
    if (LOWER_TITLES.has(tok.base) && next && /^\.?\s+$/.test(gapAfter)) {
      const capitalised = next.base[0]?.toUpperCase() + next.base.slice(1);
      if (!next.cap && (GIVEN_NAMES.has(capitalised) || SURNAMES.has(capitalised))) add(k, k + 1, true);
      return;
    }

    // "named Tomasz", "prefers to be called Bill", "Née Thornton", "Patient: Eleanor Whitfield".
    if (phraseEndsAt(k, NAMED_BEFORE) || phraseEndsAt(k, LABEL_BEFORE) || phraseEndsAt(k, SIGN_OFF_BEFORE)) {
      if (nameLike(k)) {
        add(k, extend(k));
        return;
      }
      if (lowerGiven(k) && !phraseEndsAt(k, SIGN_OFF_BEFORE)) {
        add(k, k);
        return;
      }
    }

    // "her daughter Sarah", "wife, Joan,", "Son (Piotr)", "district nurse, Bernadette".
    if (relationBefore(t, tok)) {
      if (tok.cap && !COMMON_CAPS.has(tok.base) && !FACILITY_NOUNS.has(tok.base) && !blocked(k)) {
        add(k, extend(k));
        return;
      }
      if (lowerGiven(k)) {
        add(k, k);
        return;
      }
    }
    // "Rachel (practice nurse)", "Deirdre's son".
    if (nameLike(k) && relationAfter(t, tok)) {
      add(k, k);
      return;
    }
    if (
      nameLike(k) &&
      /'s?$/.test(tok.text) &&
      FAMILY_WORDS.has((next?.base ?? "").toLowerCase()) &&
      /^\s+$/.test(gapAfter)
    ) {
      add(k, k);
      return;
    }

    // "spoke with Harjit", "lives with Joan".
    if (phraseEndsAt(k, CONTEXT_BEFORE) && nameLike(k) && !ABBREVIATIONS.has(tok.base.toUpperCase())) {
      add(k, extend(k));
      return;
    }

    // "pt JS", "patient J.S.".
    if (
      /^[A-Z]{2,3}$/.test(tok.base) &&
      !ABBREVIATIONS.has(tok.base) &&
      /(?:^|[^\p{L}])(?:pt|patient|client|resident|initials)\s*:?\s*$/iu.test(before(t, tok.start, 12))
    ) {
      add(k, k);
      return;
    }

    // "The Altenwerth family".
    if (
      nameLike(k) &&
      /(?:^|[^\p{L}])the\s+$/iu.test(before(t, tok.start, 5)) &&
      /^\s+(?:family|household)\b/i.test(t.slice(tok.end))
    ) {
      add(k, k);
      return;
    }

    // An unknown capitalised word (or two) that acts like a person or carries an age: "Kristian lives alone",
    // "Carroll Altenwerth has…", "Vidhya Dhawan, 81,".
    if (unknownCap(k) && !/'s?$/.test(tok.text)) {
      const pair = !!next && unknownCap(k + 1) && /^\s+$/.test(gapAfter) && !/'s?$/.test(next.text);
      const last = pair ? k + 1 : k;
      const after = t.slice((tokens[last] as Token).end);
      const lone = PERSON_ACTS.test(after) || AGE_AFTER.test(after);
      if ((pair && PERSON_VERB_AFTER_PAIR.test(after)) || lone) {
        if (!/(?:^|[^\p{L}])the\s+$/iu.test(before(t, tok.start, 5))) {
          add(k, last);
          return;
        }
      }
    }

    // "Roma's breathlessness": an unknown capitalised word owning something. Eponyms are listed or protected.
    if (
      unknownCap(k) &&
      !EPONYM_TOKENS.has(tok.base) &&
      /'s?$/.test(tok.text) &&
      next &&
      !next.cap &&
      /^\s+$/.test(gapAfter) &&
      !/^(?:and|or)$/.test(next.base)
    ) {
      add(k, k);
      return;
    }

    // Given names: "Margaret", "John Fletcher", "Will Smith" (an ambiguous given name needs a surname).
    if (tok.cap && GIVEN_NAMES.has(tok.base) && !blocked(k)) {
      if (!AMBIGUOUS_GIVEN_NAMES.has(tok.base)) {
        add(k, extend(k));
        return;
      }
      if (next && SURNAMES.has(next.base) && /^\s+$/.test(gapAfter) && !blocked(k + 1)) {
        add(k, extend(k));
        return;
      }
      return;
    }
    // "margaret has become more confused": a lower-case given name starting a sentence, then a verb.
    if (lowerGiven(k) && PERSON_VERBS.has((next?.base ?? "").toLowerCase()) && /^\s+$/.test(gapAfter)) {
      const prior = t.slice(0, tok.start);
      if (/(?:^|[.!?;]\s*|\n\s*)$/.test(prior)) {
        add(k, k);
        return;
      }
    }
    // "Zofia Kowalski": an unknown capitalised word, then a known surname.
    if (
      next &&
      nameLike(k) &&
      !GIVEN_NAMES.has(tok.base) &&
      SURNAMES.has(next.base) &&
      /^\s+$/.test(gapAfter) &&
      !blocked(k + 1) &&
      !TITLE_SET.has(tok.base) &&
      !SOFT_TITLE_SET.has(tok.base)
    )
      add(k, k + 1);
  });
  return hits;
}

const RELATION_BEFORE = new RegExp(
  `(?<![\\p{L}])(?:${RELATION_WORDS.map(escapeRegExp).join("|")})(?:\\s*,\\s*|\\s+(?:is\\s+)?|\\s*\\(\\s*)$`,
  "iu",
);
const RELATION_AFTER = new RegExp(
  `^\\s*\\(\\s*(?:(?:her|his|their|the)\\s+)?(?:${RELATION_WORDS.map(escapeRegExp).join("|")})\\s*\\)`,
  "iu",
);

function relationBefore(t: string, tok: Token): boolean {
  return RELATION_BEFORE.test(t.slice(Math.max(0, tok.start - 25), tok.start));
}

function relationAfter(t: string, tok: Token): boolean {
  return RELATION_AFTER.test(t.slice(tok.start + tok.text.length, tok.start + tok.text.length + 30));
}

function hit(kind: IdentifierKind, start: number, raw: string, sample: string, detail?: string): Hit {
  const shown = /\p{L}{4,}\.$/u.test(sample) ? sample.slice(0, -1) : sample;
  return detail
    ? { kind, start, end: start + raw.length, sample: shown, detail }
    : { kind, start, end: start + raw.length, sample: shown };
}
