/** Ages over 89. */

import { before, type Hit, hit, matches } from "./text";

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

const AGE_WORDS =
  /(?:super)?(?:nonagenarian|centenarian)s?|nineties|ninety|hundred|one|two|three|four|five|six|seven|eight|nine/giu;

/** The age itself shows only its first digit or letter: "9*-year-old", "aged n*****-***", "her late n*******". */
function maskAge(raw: string): string {
  return raw
    .replace(/\d+/g, (d) => d[0] + "*".repeat(d.length - 1))
    .replace(
      new RegExp(`(?<![\\p{L}])(?:${AGE_WORDS.source})(?![\\p{L}])`, "giu"),
      (w) => w[0] + "*".repeat(w.length - 1),
    );
}

export function ages(t: string, year: number): Hit[] {
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
