/**
 * What the identifier guard tells a presenter must not repeat what it found: the message names the field, the kind
 * of identifier and a masked sample (a name as its first letter and length, a number with most digits starred), and
 * it is what field errors, replies and log lines carry. Also the phone numbers an outside check found missing.
 */
import { explainFinding, findIdentifiers, type IdentifierKind, locateIdentifiers } from "../../src/core/cases/guard";
import corpus from "../fixtures/guard-corpus.json";
import { drawNames, HELD_OUT_SEEDS } from "../support/guard-draws";

const NOW = new Date("2026-06-01T12:00:00Z");

interface Entry {
  text: string;
  expect: "pass" | IdentifierKind;
}
const entries = corpus as Entry[];

/**
 * Words a message may show because they say what kind of thing was found, not whose it is: titles and relations
 * before a name, street types, the labels in front of numbers, web schemes and top-level domains, and the words
 * around an age. Nothing here is a name, a number or a place.
 */
const LABEL_WORDS = new Set(
  `mr mrs ms miss mx dr doctor sister father brother nurse prof professor rev
  street road avenue lane drive close crescent grove terrace towers view way court place square gardens
  flat apt apartment suite box ext
  mrn hospital hosp number medical record patient unit case ref reference account member policy health plan
  beneficiary medicare medicaid ssn social security driving licence license passport serial device emis chi nhs
  identifier claim registration certificate
  https http ftp www mail com org net edu gov nhs
  age aged band year years old birthday born late early mid her his she husband sister turned
  date birth admission admitted died death`.split(/\s+/),
);

const words = (text: string) => text.match(/[\p{L}\p{N}]+/gu) ?? [];
const shows = (message: string, word: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, "iu").test(message);
/** A year on its own is not an identifier (HIPAA Safe Harbor keeps years); day and month are what identify. */
const isYear = (word: string) => /^(?:19|20)\d\d$/.test(word);

/**
 * Each way the message repeats the identifier: the whole of it, a word of it (three letters or more: shorter ones are
 * labels such as "no", "ID", "St"; names are held to their first letter by the test below), or four digits of it in a
 * row (a masked number keeps two or three at each end).
 */
function repeats(found: { kind: IdentifierKind; text: string }, message: string): string[] {
  const problems: string[] = [];
  if (message.toLowerCase().includes(found.text.toLowerCase())) problems.push(`the whole of "${found.text}"`);
  for (const word of words(found.text)) {
    if (!shows(message, word)) continue;
    if (/^\d+$/.test(word)) {
      if (word.length >= 4 && !(found.kind === "date" && isYear(word))) problems.push(`the digits ${word}`);
    } else if (word.length >= 3 && !LABEL_WORDS.has(word.toLowerCase())) problems.push(`the word "${word}"`);
  }
  return problems;
}

describe("the identifier guard's messages", () => {
  const located = entries.flatMap((e) => locateIdentifiers(e.text, { now: NOW }).map((f) => ({ ...f, in: e.text })));

  it("find identifiers in every labelled snippet that has one, so the checks below cover the whole corpus", () => {
    const flagged = entries.filter((e) => e.expect !== "pass");
    expect(new Set(located.map((f) => f.in)).size).toBeGreaterThanOrEqual(flagged.length - 10);
    expect(located.length).toBeGreaterThanOrEqual(400);
  });

  it("never repeat an identifier of the labelled corpus: not the whole, not a word of it, not a run of its digits", () => {
    const leaks = located
      .map((f) => ({ found: f.text, problems: repeats(f, explainFinding("Relevant history", f)) }))
      .filter((f) => f.problems.length > 0);
    expect(leaks).toEqual([]);
  });

  it("show a name as its first letter and its length only, cue words aside", () => {
    const names = located.filter((f) => f.kind === "name");
    expect(names.length).toBeGreaterThanOrEqual(180);
    for (const f of names) {
      const shown = words(f.sample).filter((w) => !LABEL_WORDS.has(w.toLowerCase()) && !/^\*+$/.test(w));
      const letters = shown.join("").replace(/\*/g, "");
      expect({ name: f.text, sample: f.sample, letters: letters.length <= 1 }).toEqual({
        name: f.text,
        sample: f.sample,
        letters: true,
      });
      const masked = f.sample.replace(/^(?:(?:mr|mrs|ms|miss|mx|dr|sister|father|prof)\.?\s+)/i, "");
      expect(masked.replace(/\s/g, "").length).toBeLessThanOrEqual(f.text.replace(/\s/g, "").length);
    }
  });

  it("never repeat a freshly drawn name either", () => {
    const draws = HELD_OUT_SEEDS.flatMap((seed) => drawNames(seed, 160));
    const leaks = draws.flatMap((d) =>
      locateIdentifiers(d.text, { now: NOW })
        .map((f) => ({ found: f.text, problems: repeats(f, explainFinding("Presenting problem", f)) }))
        .filter((f) => f.problems.length > 0),
    );
    expect(leaks).toEqual([]);
  });

  it("show an initial alone as a star, and a double-barrelled or apostrophed name by its first letter", () => {
    const samples = (text: string) => findIdentifiers(text, { now: NOW }).map((f) => f.sample);
    expect(samples("Mrs B has declined admission.")).toEqual(["Mrs *"]);
    expect(samples("Mr O'Donnell has had increasing breathlessness.")).toEqual(["Mr O********"]);
    expect(samples("Mrs Nowak-Smith lives alone.")).toEqual(["Mrs N**********"]);
    expect(samples("Siobhan Gallagher, 76, has motor neurone disease.")).toEqual(["S****** *********"]);
  });

  it("show an age over 89 written in words by its first letter", () => {
    const samples = (text: string) => findIdentifiers(text, { now: NOW }).map((f) => f.sample);
    expect(samples("A nonagenarian with frailty.")).toEqual(["n***********"]);
    expect(samples("In her late nineties, bed-bound.")).toEqual(["her late n*******"]);
    expect(samples("aged ninety-two")).toEqual(["aged n*****-t**"]);
  });
});

describe("phone numbers as people write them in the UK and the US", () => {
  const kindsOf = (text: string) => findIdentifiers(text, { now: NOW }).map((f) => f.kind);

  it.each([
    "(555) 123-4567",
    "(555)123-4567",
    "555.123.4567",
    "555-123-4567",
    "555 123 4567",
    "+1 555 123 4567",
    "+1 (555) 123-4567",
    "+1-555-123-4567",
    "+15551234567",
    "1-800-555-0199 ext. 23",
    "1.800.555.0199",
    "1 (800) 555 0199",
    "(617) 555-0142 x3",
    "020 7946 0018",
    "020-7946-0018",
    "(020) 7946 0018",
    "+44 (0)20 7946 0018",
    "+44 20 7946 0018",
    "+44-20-7946-0018",
    "0044 20 7946 0018",
    "07700 900 123",
    "07700-900-123",
    "07700.900.123",
    "+447700900123",
    "(01632) 960 001",
    "+44 7700 900123 x 12",
    "0131 496 0017, extension 204",
  ])("refuses %s as a phone number", (number) => {
    expect(kindsOf(`Her daughter can be reached on ${number} most days.`)).toEqual(["phone"]);
    expect(kindsOf(`${number} is the number to call.`)).toEqual(["phone"]);
  });

  it("masks an extension with the number, showing neither", () => {
    expect(findIdentifiers("Equipment loans: 1-800-555-0199 ext. 23.", { now: NOW })).toEqual([
      { kind: "phone", sample: "1-8**-***-*199 ext. **" },
    ]);
  });

  it("does not take a word before a bracketed area code for a person with an age", () => {
    expect(kindsOf("Call (617) 555-0142 to speak to the wife.")).toEqual(["phone"]);
    expect(kindsOf("Phone (555) 123-4567 after six.")).toEqual(["phone"]);
  });

  it.each([
    "BP 120/80, HR 72, RR 16.",
    "Oxycodone 10 mg bd.",
    "eGFR 45.",
    "HbA1c 48 mmol/mol.",
    "NEWS2 score 5.",
    "Diagnosed in 2019.",
    "Cough for 3/7, breathless for 2/52.",
    "Creatinine 120 130 145 over three visits.",
    "Mass 3.2 x 2.1 x 1.8 cm on CT.",
    "BP 150/95 at 10:30 and 142/88 at 11:45.",
    "Calcium 2.85 mmol/L (2.20-2.60).",
    "CD4 count 350 cells/mm3, viral load 1 200 copies/ml.",
  ])("lets the clinical numbers in %s through", (text) => {
    expect(kindsOf(text)).toEqual([]);
  });
});
