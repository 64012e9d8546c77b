/** Postcodes and addresses, and the places and institutions that names and addresses must leave alone. */

import {
  COMMON_CAPS,
  FACILITY_NOUNS,
  PROTECTED_PHRASES,
  STREET_TYPES_STRONG,
  STREET_TYPES_WEAK,
  US_STATE_CODES,
  US_STATE_NAMES,
} from "./data-clinical";
import { gapBefore, spaceBetween, tokenise } from "./names";
import { escapeRegExp, type Hit, hit, maskKeep, maskWords, matches, overlapsAny, type Span } from "./text";

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

export function postcodes(t: string): Hit[] {
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

export function addresses(t: string, places: Span[]): Hit[] {
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

const PROTECTED_PHRASE = new RegExp(
  `(?<![\\p{L}])(?:${PROTECTED_PHRASES.map(escapeRegExp).join("|")})(?:'s)?(?![\\p{L}])`,
  "giu",
);

/** Character spans that name places and institutions: P1 phrases, facility runs, St/Queen/Royal runs. */
export function protectedPlaces(t: string): Span[] {
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
