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

import { ages } from "./ages";
import { emails, ipAddresses, urls } from "./contact";
import { dates } from "./dates";
import type { IdentifierKind } from "./kinds";
import { UNCUED_NAME } from "./lexicon";
import { names } from "./names";
import { labelledIds, nhsAndLongNumbers, niNumbers, phones } from "./numbers";
import { addresses, postcodes, protectedPlaces } from "./places";
import { type Hit, normalise } from "./text";

export { IDENTIFIER_KINDS, type IdentifierKind } from "./kinds";
export { isValidNhsNumber } from "./numbers";

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

/** A finding with the text it was found in (of the normalised text): for tests and reports, never for a message. */
export interface LocatedFinding extends Finding {
  text: string;
}

/** Every identifier in `text`, each with where it stands; overlaps go to the more specific kind. */
export function locateIdentifiers(text: string, options: GuardOptions = {}): LocatedFinding[] {
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
  return kept.map(({ kind, sample, detail, start, end }) =>
    detail ? { kind, sample, detail, text: t.slice(start, end) } : { kind, sample, text: t.slice(start, end) },
  );
}

export function findIdentifiers(text: string, options: GuardOptions = {}): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const { kind, sample, detail } of locateIdentifiers(text, options)) {
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
      : finding.kind === "name" && finding.detail === UNCUED_NAME
        ? `${ADVICE.name} If it is not a person (a medicine, a device, a place), write it in lower case.`
        : ADVICE[finding.kind];
  return `${fieldLabel}: this looks like ${detail} (${finding.sample}). ${advice}`;
}

function withArticle(phrase: string): string {
  return /^(?:[aeiou]|NHS\b|NI\b|IP\b|MRN\b|SSN\b)/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
