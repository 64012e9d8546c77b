/** Text helpers shared by the identifier guard's detectors. */

import type { IdentifierKind } from "./kinds";

export interface Hit {
  kind: IdentifierKind;
  start: number;
  end: number;
  sample: string;
  detail?: string;
}

export type Span = readonly [number, number];

export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
    .replace(/[\u00A0\u2007\u202F]/g, " ")
    .replace(/[\u2018\u2019\u02BC\u2032`]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield m;
    if (m[0].length === 0) re.lastIndex++;
  }
}

export function before(text: string, index: number, window: number): string {
  return text.slice(Math.max(0, index - window), index);
}

export function digitsOf(s: string): string {
  return s.replace(/\D/g, "");
}

/** Keep the first `head` and last `tail` letters/digits, star the rest, leave separators as they are. */
export function maskKeep(s: string, head: number, tail: number): string {
  const total = (s.match(/[\p{L}\p{N}]/gu) ?? []).length;
  let seen = 0;
  return s.replace(/[\p{L}\p{N}]/gu, (c) => {
    seen++;
    return seen <= head || seen > total - tail ? c : "*";
  });
}

/**
 * A person's name as its first letter and its length: "Margaret Smith" → "M******* *****", "O'Donnell" → "O********".
 * Only the first letter is shown, so a message about a name never spells it (nor a second initial) back.
 */
export function maskName(s: string): string {
  // an initial alone ("Mrs B") is the whole name: nothing of it is shown
  let shown = (s.match(/[\p{L}\p{N}]/gu) ?? []).length < 2;
  return s.replace(/[^\s]/gu, (c) => {
    if (shown || !/[\p{L}\p{N}]/u.test(c)) return "*";
    shown = true;
    return c;
  });
}

/** Each word keeps its first letter: "Acacia Avenue" → "A***** A*****" (street names, not people's names). */
export function maskWords(s: string): string {
  return s.replace(/[\p{L}\p{N}]+/gu, (w) => (w.length === 1 ? "*" : w[0] + "*".repeat(w.length - 1)));
}

export function overlapsAny(spans: Span[], start: number, end: number): boolean {
  return spans.some(([s, e]) => s < end && start < e);
}

export function hit(kind: IdentifierKind, start: number, raw: string, sample: string, detail?: string): Hit {
  const shown = /\p{L}{4,}\.$/u.test(sample) ? sample.slice(0, -1) : sample;
  return detail
    ? { kind, start, end: start + raw.length, sample: shown, detail }
    : { kind, start, end: start + raw.length, sample: shown };
}

/** A word list written as whitespace-separated words. */
export function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}
