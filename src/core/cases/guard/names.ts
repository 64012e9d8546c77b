/** Names: the tokeniser, the names detector and its relation helpers. */

import {
  ABBREVIATIONS,
  COMMON_CAPS,
  EPONYM_FILLERS,
  EPONYM_NOUNS,
  EPONYM_TOKENS,
  FACILITY_NOUNS,
} from "./data-clinical";
import {
  AMBIGUOUS_GIVEN_NAMES,
  CONTEXT_PHRASES,
  FAMILY_WORDS,
  GIVEN_NAMES,
  LABEL_PHRASES,
  NAMED_PHRASES,
  PLACEHOLDER_LETTERS,
  RELATION_WORDS,
  SIGN_OFFS,
  SOFT_TITLES,
  SURNAMES,
  TITLES,
} from "./data-names";
import {
  actsLikePerson,
  isEnglishWord,
  isListedName,
  looksMedical,
  placeAround,
  treatmentAround,
  UNCUED_NAME,
} from "./lexicon";
import { before, escapeRegExp, type Hit, maskName, matches, overlapsAny, type Span } from "./text";

export interface Token {
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
/** What a person does: an unknown capitalised word before one of these is a name ("Kristian lives alone"). */
const PERSON_ACTS =
  /^\s+(?:lives|lived|is (?:worried|scared|anxious|keen|married|frightened|afraid|upset|distressed|tearful|confused|agitated|drowsy|bed-?bound|housebound|adamant|reluctant|unable|aware|not aware|clear that|a (?:retired|former|widow|widower|keen|lifelong))|was (?:worried|admitted|discharged|diagnosed|married|born|frightened|upset|distressed|a (?:retired|former|keen))|has been (?:admitted|diagnosed)|worries|feels|felt|says|said|wants|wanted|wishes|wished|told|asked|declined|refused|prefers|preferred|understands|understood|knows|believes|agreed|would like|died|passed away|worked|works|retired|smokes|smoked|drinks|enjoys|enjoyed|loves|likes|hates|attends|attended)(?![\p{L}])/u;
/** Weaker verbs, enough after two unknown capitalised words ("Carroll Altenwerth has…"). */
const PERSON_VERB_AFTER_PAIR =
  /^\s+(?:has|had|is|was|will|would|can|could|lives|remains|presented|presents|needs|needed)(?![\p{L}])/u;
/** Endings of ordinary English words that names rarely have ("Talking Therapies", "Compassionate Communities"). */
const WORDY =
  /(?:ings?|ies|tions?|sions?|ments?|ness|ous|tives?|sives?|ity|ities|ances?|ences?|able|ible|ful|less|isms?|ology|ologies|apy|apies|ics|\p{L}{6,}ate)$/u;
/** An age right after a name: "Vasudeva Varman, 81," or "Joan (84)". */
const AGE_AFTER = /^(?:,\s*\d{1,3}\s*(?:,|years|yrs|yo|y\/o|;)|\s*\(\s*\d{1,3}\s*\)(?![\s.-]*\d))/;

/** "…named ", "…Patient: ", "…Thanks, ": a phrase that ends right before a word. */
function endsWith(phrases: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}])(?:${phrases.map(escapeRegExp).join("|")})\\s*['"(]?\\s*$`, "iu");
}
const NAMED_BEFORE = endsWith(NAMED_PHRASES);
const LABEL_BEFORE = endsWith(LABEL_PHRASES);
const SIGN_OFF_BEFORE = endsWith(SIGN_OFFS);
const CONTEXT_BEFORE = endsWith(CONTEXT_PHRASES);

export function tokenise(t: string): Token[] {
  const tokens: Token[] = [];
  for (const m of matches(TOKEN, t)) {
    const base = m[0].replace(/'s$/, "");
    tokens.push({ text: m[0], base, start: m.index, end: m.index + base.length, cap: NAME_SHAPE.test(base) });
  }
  return tokens;
}

export function gapBefore(t: string, tokens: Token[], j: number): string {
  const prev = tokens[j - 1];
  const cur = tokens[j];
  return prev && cur ? t.slice(prev.start + prev.text.length, cur.start) : "";
}

export function spaceBetween(t: string, a: Token | undefined, b: Token | undefined): boolean {
  return !!a && !!b && /^'?\s{1,3}$/.test(t.slice(a.start + a.text.length, b.start));
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

export function names(t: string, places: Span[]): Hit[] {
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
  /** An unknown capitalised word that is no English word and does not look like a medical term or medicine. */
  const strange = (k: number) => {
    const tok = tokens[k];
    return !!tok && unknownCap(k) && tok.base.length > 2 && !isEnglishWord(tok.base) && !looksMedical(tok.base);
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
  const add = (from: number, to: number, keepFirst = false, detail?: string) => {
    const a = tokens[from];
    const b = tokens[to];
    if (!a || !b) return;
    const raw = t.slice(a.start, b.end);
    // keepFirst: the title or cue stays ("Mrs P********"); the name itself shows only its first letter and length
    const sample = keepFirst
      ? `${a.base}${t.slice(a.end, tokens[from + 1]?.start ?? a.end)}${maskName(t.slice(tokens[from + 1]?.start ?? a.end, b.end))}`
      : maskName(raw);
    hits.push(
      detail
        ? { kind: "name", start: a.start, end: b.end, sample, detail }
        : { kind: "name", start: a.start, end: b.end, sample },
    );
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

    // An unknown capitalised word that is no English word and does not look medical, doing what people do:
    // "Zachariasz has had two falls", "Klemens would rather…", "Dron, a retired nurse,". "Buscopan has helped" passes.
    // Two such words side by side are a full name wherever they stand: "Rebekka Szendrei".
    if (strange(k) && !/'s?$/.test(tok.text) && !/(?:^|[^\p{L}])the\s+$/iu.test(before(t, tok.start, 5))) {
      if (actsLikePerson(t.slice(tok.end))) {
        add(k, k, false, UNCUED_NAME);
        return;
      }
      const pair = !!next && /^\s+$/.test(gapAfter) && (strange(k + 1) || isListedName(next.base)) && !blocked(k + 1);
      if (pair && !treatmentAround(t, tok.start, next.end)) {
        add(k, k + 1, false, UNCUED_NAME);
        return;
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

    // A listed person's name that is no English word, wherever it stands: "Feeney has been on oxygen", "Okonkwo".
    // Not as part of an eponym ("Child-Pugh"), nor a town ("went to Lourdes", "Springfield, IL").
    if (
      tok.cap &&
      isListedName(tok.base) &&
      !tok.base.split("-").some((part) => EPONYM_TOKENS.has(part)) &&
      !COMMON_CAPS.has(tok.base) &&
      !FACILITY_NOUNS.has(tok.base) &&
      !TITLE_SET.has(tok.base) &&
      !SOFT_TITLE_SET.has(tok.base) &&
      !AMBIGUOUS_GIVEN_NAMES.has(tok.base) &&
      !blocked(k) &&
      !placeAround(t, tok.start, tok.end) &&
      !treatmentAround(t, tok.start, tok.end)
    ) {
      add(k, extend(k), false, UNCUED_NAME);
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
