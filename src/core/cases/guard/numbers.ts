/** NHS numbers, labelled IDs, NI numbers, phones. */

import { before, digitsOf, type Hit, hit, maskKeep, matches } from "./text";

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

const NHS_LABEL = /\b(?:nhs|chi|h&c)(?:\s*(?:no\.?|number|num|#))?\s*(?:is\s*)?[:#.=-]?\s*$/i;
const PHONE_LABEL =
  /\b(?:tel(?:ephone)?|phone|ph|mob(?:ile)?|cell(?:phone)?|landline|fax|contact|call|ring|text|whats ?app|number|no)\b[^\n\d]{0,15}$/i;
const FAX_LABEL = /\bfax\b[^\n\d]{0,20}$/i;
const TEN_DIGITS = /(?<![\w/.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w]|[/-]\d|\.\d)/g;
const LONG_DIGITS = /(?<![\w.,/+-])\d{9,}(?![\w]|[.,]\d)/g;
const AFTER_UNIT = /^\s*(?:copies|cells|x\b|×|\/|iu\b|units?\b|mg\b|mcg\b|µg\b|ng\b|pg\b|g\b|ml\b|l\b|mmol|umol|µmol)/i;
const SSN = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g;

export function nhsAndLongNumbers(t: string): Hit[] {
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

export function labelledIds(t: string): Hit[] {
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

export function niNumbers(t: string): Hit[] {
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

/** An extension after a number: "ext. 23", "extn 4", "extension 204", "x 12", "x204". */
const EXT = String.raw`(?:,?\s*(?:ext\.?|extn\.?|extension|x)\s*\d{1,5}(?!\d))?`;
const EXT_AT_END = new RegExp(`${EXT}$`, "i");

/** The number without its extension, and the extension ("" when there is none). */
function splitExtension(raw: string): [string, string] {
  const ext = EXT_AT_END.exec(raw)?.[0] ?? "";
  return [raw.slice(0, raw.length - ext.length), ext];
}
const UK_MOBILE = new RegExp(
  String.raw`(?<![\d+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|0)7\d{3}[\s.-]?\d{3}[\s.-]?\d{3}(?!\d)${EXT}`,
  "gi",
);
const UK_LANDLINE = new RegExp(
  String.raw`(?<![\d+.])(?:(?:\+|00)\s?44[\s.-]?(?:\(0\)\s?)?\(?|\(?0)[1-35689]\d{1,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?![\d.]\d|\d)${EXT}`,
  "gi",
);
/**
 * A North American number, however it is written: "(555) 123-4567", "555.123.4567", "555 123 4567", "+1 555 123
 * 4567", "1-800-555-0199", "+15551234567", with an extension or not. Made-up numbers ("555-123-4567") are refused
 * too, so the exchange may start with any digit.
 */
const US_PHONE = new RegExp(
  String.raw`(?<![\d+.,/])(?:(?:(?:\+|00)\s?1[\s.-]?|1[\s.-])?(?:\(\s?\d{3}\s?\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}|\+1\d{10})(?![\d]|[.,/]\d)${EXT}`,
  "gi",
);
const US_LOCAL = new RegExp(
  String.raw`(?<=\b(?:tel|phone|cell|mobile|mob|landline|fax|call|ring|text|number|contact)\b[^\d\n]{0,12})\d{3}-\d{4}(?![\d-])${EXT}`,
  "gi",
);

export function phones(t: string): Hit[] {
  const hits: Hit[] = [];
  const add = (index: number, raw: string) => {
    const prior = before(t, index, 30);
    if (NHS_LABEL.test(prior) || (/\b(?:mrn|id|ref|number)\s*[:#]?\s*$/i.test(prior) && !PHONE_LABEL.test(prior)))
      return;
    const detail = FAX_LABEL.test(before(t, index, 25)) ? "fax number" : undefined;
    const [number, ext] = splitExtension(raw);
    const sample = `${maskKeep(number, 2, 3)}${ext ? ` ext. ${"*".repeat(digitsOf(ext).length)}` : ""}`;
    hits.push(hit("phone", index, raw, sample, detail));
  };
  for (const re of [UK_MOBILE, UK_LANDLINE])
    for (const m of matches(re, t)) {
      let national = digitsOf(splitExtension(m[0])[0].replace("(0)", ""));
      if (/^(?:\+|00)/.test(m[0])) national = `0${national.replace(/^(?:00)?44/, "")}`;
      if (national.length === 10 || national.length === 11) add(m.index, m[0]);
    }
  for (const m of matches(US_PHONE, t)) {
    const d = digitsOf(splitExtension(m[0])[0]).replace(/^(?:00)?1(?=\d{10}$)/, "");
    if (d.length === 10) add(m.index, m[0]);
  }
  for (const m of matches(US_LOCAL, t)) add(m.index, m[0]);
  return hits;
}
