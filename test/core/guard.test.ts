import {
  explainFinding,
  type Finding,
  findIdentifiers,
  IDENTIFIER_KINDS,
  type IdentifierKind,
  isValidNhsNumber,
} from "../../src/core/cases/guard";
import { isEnglishWord, isListedName } from "../../src/core/cases/guard/lexicon";
import corpus from "../fixtures/guard-corpus.json";
import { drawNames, HELD_OUT_SEEDS } from "../support/guard-draws";

const NOW = new Date("2026-06-01T12:00:00Z");
const find = (text: string): Finding[] => findIdentifiers(text, { now: NOW });
const kinds = (text: string): IdentifierKind[] => find(text).map((f) => f.kind);

interface Entry {
  text: string;
  expect: "pass" | IdentifierKind;
  note?: string;
}
const entries = corpus as Entry[];

const ALL_KINDS: readonly IdentifierKind[] = IDENTIFIER_KINDS;

describe("the identifier guard", () => {
  it("refuses an example of every Safe Harbor and UK category that can occur in free text", () => {
    const examples: [string, IdentifierKind][] = [
      ["Mrs Patterson has metastatic breast cancer.", "name"],
      ["DOB 12/03/1948", "date"],
      ["Daughter's mobile 07700 900123", "phone"],
      ["Fax: +1 212 555 0183", "phone"],
      ["Email tom.baxter@example.com", "email"],
      ["Lives at 14 Acacia Avenue", "address"],
      ["Postcode LS6 2AB", "postcode"],
      ["Boston, MA 02118", "postcode"],
      ["MRN 00482913", "id_number"],
      ["SSN 078-05-1120", "id_number"],
      ["NHS number 943 476 5919", "nhs_number"],
      ["NI number AB 12 34 56 C", "ni_number"],
      ["https://www.example.org/jane", "url"],
      ["Logged in from 192.168.1.24", "ip_address"],
      ["A 92-year-old woman", "age_over_89"],
    ];
    for (const [text, kind] of examples) expect({ text, kinds: kinds(text) }).toEqual({ text, kinds: [kind] });
  });

  it("lets clinical text through untouched: ages under 90, doses, lab values, durations, years, scores, times", () => {
    const clinical = [
      "84-year-old woman, age band 80-89; an 89-year-old husband; in her 80s.",
      "Age band 90+, or write 90 or over.",
      "BP 140/90, HR 88, SpO2 92% on 2 L, T 99 F.",
      "Hb 98 g/L, eGFR 45, INR 2.5, Na 128, AFP 25000, viral load 1200000 copies/mL.",
      "Morphine sulfate MR 30 mg bd; co-codamol 30/500; Sinemet 25/100; Trimbow 87/5/9; Fostair 100/6.",
      "Vomiting 3/7, 2/52 of breathlessness, 6/12 weight loss; currently on 5/7 of doxycycline.",
      "Since 2019 on home oxygen; MI in 2012; 40 pack-years; for 3 days; 08:00 and 20:00.",
      "MMSE 18/30, GCS 14/15, Barthel 35/100, Waterlow 22, Abbey pain scale 11, Rockwood CFS 7, Karnofsky 40%.",
      "Vitamin B12 1mg IM every 3 months; CD4 350; L4/5 disc; T3N1M1b.",
      "Call NHS 111 or 999; bleep 4432.",
    ];
    for (const text of clinical) expect({ text, found: find(text) }).toEqual({ text, found: [] });
  });

  it("does not mistake eponymous diseases, signs, scales, services, places or brands for people", () => {
    const eponyms = [
      "Parkinson's disease; her Parkinson's is worse; Alzheimer's, Crohn's, Addison's and Cushing's.",
      "Glasgow Coma Scale 12, Charles Bonnet syndrome, Lou Gehrig's disease, Smith's fracture, Jones fracture.",
      "Marie Curie nurses, Sue Ryder hospice at home, Macmillan nurse, Gold Standards Framework register.",
      "St Christopher's Hospice, the John Radcliffe, Great Ormond Street, Johns Hopkins, the Mayo Clinic.",
      "Admiral Nurse from Dementia UK; Station Road Surgery; Oramorph, Zomorph and Trelegy Ellipta.",
      "Frank haematuria. Will need review. May need a catheter. Faith is important to her.",
      "Patient A and Mr X agreed to the discussion.",
    ];
    for (const text of eponyms) expect({ text, found: find(text) }).toEqual({ text, found: [] });
  });

  it("finds names after titles, relation words and 'named', and first names it knows", () => {
    for (const text of [
      "Mrs B has declined admission.",
      "mr jones has had 3 falls",
      "Referred by Dr. K. Mensah.",
      "Her daughter Sarah is her main carer.",
      "Son (Piotr) is next of kin.",
      "Prefers to be called Bill.",
      "Margaret lives alone.",
      "John Fletcher, retired miner.",
      "Mr Smith's fracture clinic was cancelled.",
      "Mrs Parkinson has Parkinson's disease.",
      "Kristian lives alone.",
      "The Altenwerth family want everything done.",
    ])
      expect({ text, kinds: kinds(text) }).toEqual({ text, kinds: ["name"] });
  });

  it("finds names no cue points to: listed names that are no English word, and unknown words that act like people", () => {
    for (const text of [
      "Feeney has been on oxygen since 2019.",
      "Okonkwo presented with worsening cough.",
      "Plan agreed with Oluwaseun and the district nurses.",
      "Zachariasz has had two falls this month.",
      "Klemens would rather stay at home than go to the hospice.",
      "Dron, a retired nurse, lives with her husband.",
      "Home visit with Rebekka Szendrei today.",
      "Toy-Leuschke remains breathless.",
      "Zachariasz and her husband came to clinic.",
    ])
      expect({ text, kinds: kinds(text) }).toEqual({ text, kinds: ["name"] });
  });

  it("lets medicines, devices, eponyms and towns through even when they look like names", () => {
    for (const text of [
      "Buscopan has helped the colic; Nozinan was started at night.",
      "Empagliflozin was started; Pneumoperitoneum was obtained.",
      "The Allis clamp and Scarpa's fascia; a Babcock forceps.",
      "Child-Pugh C; Wolff-Parkinson-White syndrome.",
      "Wants to go to Lourdes before she dies.",
      "She has used allegra and zyrtec.",
      "Gabapentin also helps; Memantine continues; Allegra 120 mg daily; tried Allegra; Anoro Ellipta 1 puff daily.",
      "Max 8 tablets in 24 hours. Moved from London. The Kendal district nurses visit.",
      "Epstein-Barr virus; Roth spots; Zimmer frame; Halloween; Greek Orthodox.",
    ])
      expect({ text, found: find(text) }).toEqual({ text, found: [] });
    expect(kinds("Springfield, IL 62704")).toEqual(["postcode"]);
  });

  it("reads its two word lists from the installed packages", () => {
    expect(isListedName("Okonkwo")).toBe(true);
    expect(isListedName("Turner")).toBe(false); // a name, but also an English word
    expect(isEnglishWord("Dressings")).toBe(true);
    expect(isEnglishWord("Kertzmann")).toBe(false);
  });

  it("tells the presenter to write a non-person word in lower case only when no cue made it a name", () => {
    const [brand] = find("She has used Allegra also.");
    expect(explainFinding("Current medications", brand!)).toBe(
      'Current medications: this looks like a person\'s name (A******). Leave names out: write "the patient", "her daughter" or "the GP" instead. If it is not a person (a medicine, a device, a place), write it in lower case.',
    );
    expect(find("She has used allegra also.")).toEqual([]);
    const [titled] = find("Mrs Allegra is worse.");
    expect(explainFinding("Relevant history", titled!)).not.toContain("lower case");
  });

  it("recognises NHS and CHI numbers by their Modulus 11 check digit", () => {
    expect(isValidNhsNumber("943 476 5919")).toBe(true);
    expect(isValidNhsNumber("943-476-5918")).toBe(false);
    expect(isValidNhsNumber("1234567890")).toBe(false); // check digit would be 10: never issued
    expect(kinds("Please check 943 476 5919")).toEqual(["nhs_number"]);
    expect(kinds("NHS no 943 476 5918")).toEqual(["id_number"]);
    expect(find("NHS no 943 476 5918")[0]?.detail).toBe("NHS or CHI number");
  });

  it("knows the National Insurance number's letters", () => {
    expect(kinds("NINO: CE 12 34 56 D")).toEqual(["ni_number"]);
    for (const notNi of ["QQ 12 34 56 C", "GB 12 34 56 C", "AB 12 34 56 E", "DA 12 34 56 A"])
      expect({ notNi, kinds: kinds(notNi) }).toEqual({ notNi, kinds: [] });
    expect(kinds("on 12 34 56 a")).toEqual([]); // lower case needs an NI label
    expect(kinds("ni no. ab123456c")).toEqual(["ni_number"]);
  });

  it("tells an age over 89 from the band '90 or over', and reads a birth year against today", () => {
    for (const over of ["aged 95", "Age 90, frail", "She is 97", "her husband, 93,", "In her late nineties", "92M"])
      expect({ over, kinds: kinds(over) }).toEqual({ over, kinds: ["age_over_89"] });
    for (const fine of ["aged 89", "age band 80-89", "Age band: 90 or over", "aged 90+", "Sats in the low 90s"])
      expect({ fine, kinds: kinds(fine) }).toEqual({ fine, kinds: [] });
    expect(kinds("Born in 1931")).toEqual(["age_over_89"]);
    expect(kinds("Born in 1948")).toEqual([]);
    const bornIn1940 = (now: string) => findIdentifiers("Born in 1940", { now: new Date(now) }).map((f) => f.kind);
    expect(bornIn1940("2029-06-01")).toEqual([]);
    expect(bornIn1940("2030-06-01")).toEqual(["age_over_89"]);
  });

  it("flags dates more precise than a year, and says which date it is when it can", () => {
    const dated: [string, string | undefined][] = [
      ["DOB 12/03/1948", "date of birth"],
      ["Born on 14th February 1950", "date of birth"],
      ["Admitted on 2024-03-12", "admission date"],
      ["She died on March 12th 2024", "date of death"],
      ["CT on 22 Feb showed progression", undefined],
      ["Started apixaban in March 2022", undefined],
      ["Fall on 12/03 at 02:00", undefined],
    ];
    for (const [text, detail] of dated) {
      const found = find(text);
      expect({ text, kinds: found.map((f) => f.kind), detail: found[0]?.detail }).toEqual({
        text,
        kinds: ["date"],
        detail,
      });
    }
    for (const year of ["since 2019", "in March", "last May", "over Christmas", "2010-2015"])
      expect({ year, found: find(year) }).toEqual({ year, found: [] });
  });

  it("flags a US ZIP code only when it is labelled or follows a state", () => {
    expect(kinds("ZIP 02115")).toEqual(["postcode"]);
    expect(kinds("Springfield, IL 62704")).toEqual(["postcode"]);
    expect(kinds("AFP 25000, CK 15000")).toEqual([]);
  });

  it("sees through zero-width characters, non-breaking spaces and curly quotes", () => {
    expect(kinds("07700\u200B 900123")).toEqual(["phone"]);
    expect(kinds("NHS\u00A0number 943\u00A0476\u00A05919")).toEqual(["nhs_number"]);
    expect(kinds("Mr O\u2019Donnell")).toEqual(["name"]);
  });

  it("reports a repeated identifier once, in the order the text gives them", () => {
    expect(find("Margaret, then Margaret again; call 07700 900123").map((f) => f.kind)).toEqual(["name", "phone"]);
    expect(find("")).toEqual([]);
    expect(find("   ")).toEqual([]);
  });

  it("masks what it found and never echoes a whole identifier", () => {
    const raw: [string, string][] = [
      ["Mobile 07700 900123", "07700 900123"],
      ["tom.baxter@example.com", "tom.baxter@example.com"],
      ["NHS number 943 476 5919", "943 476 5919"],
      ["NI AB 12 34 56 C", "AB 12 34 56 C"],
      ["DOB 12/03/1948", "12/03/1948"],
      ["Mrs Patterson", "Patterson"],
      ["Lives at 14 Acacia Avenue", "14 Acacia Avenue"],
      ["Postcode LS6 2AB", "LS6 2AB"],
      ["MRN 00482913", "00482913"],
      ["https://example.org/jane-smith", "example.org/jane-smith"],
      ["from 192.168.1.24", "192.168.1.24"],
      ["aged 95", "95"],
    ];
    for (const [text, identifier] of raw) {
      const [finding] = find(text);
      expect(finding).toBeDefined();
      const message = explainFinding("Relevant history", finding!);
      expect({ text, echoed: message.includes(identifier) }).toEqual({ text, echoed: false });
    }
    expect(find("Daughter's mobile is 07700 900123")[0]?.sample).toBe("07*** ***123");
  });

  it("explains a finding in plain English: the field, the kind, and what to write instead", () => {
    const [dob] = find("DOB 12/03/1948");
    expect(explainFinding("Relevant history", dob!)).toBe(
      "Relevant history: this looks like a date of birth (**/**/1948). Give an age band or a year instead.",
    );
    const [fax] = find("Fax the form to 0161 496 0734");
    expect(explainFinding("What has been tried", fax!)).toBe(
      "What has been tried: this looks like a fax number (01** *** *734). Leave contact numbers out of the case.",
    );
    const [age] = find("A 92-year-old woman");
    expect(explainFinding("Presenting problem", age!)).toBe(
      'Presenting problem: this looks like an age over 89 (9*-year-old). Write "90 or over" instead of the exact age.',
    );
    for (const kind of ALL_KINDS) {
      const message = explainFinding("Medications", { kind, sample: "x" });
      expect(message).toMatch(/^Medications: this looks like an? .+ \(x\)\. .+\.$/);
    }
  });
});

describe("the identifier guard on its labelled corpus (test/fixtures/guard-corpus.json)", () => {
  const flagged = entries.filter((e) => e.expect !== "pass");
  const clean = entries.filter((e) => e.expect === "pass");
  const found = (e: Entry) => find(e.text).some((f) => f.kind === e.expect);

  /**
   * Recall each category is held to. 0.95 where it is feasible; below that, the figure reached honestly, with the
   * misses kept in the corpus (README, "Identifier guard"). Names: a name that is also an English word or is in no
   * list, with no cue and doing nothing a person does ("Reviewed Izabella at home"), is missed; the fresh draws below
   * measure that. Addresses: a house name or building without a street type ("Rose Cottage") is not caught.
   */
  const FLOOR: Partial<Record<IdentifierKind, number>> = { name: 0.95, address: 0.9 };

  it("holds at least 150 identifier snippets across every category and 150 clean ones", () => {
    expect(flagged.length).toBeGreaterThanOrEqual(150);
    expect(clean.length).toBeGreaterThanOrEqual(150);
    for (const kind of ALL_KINDS)
      expect({ kind, n: flagged.filter((e) => e.expect === kind).length >= 10 }).toEqual({ kind, n: true });
    expect(new Set(entries.map((e) => e.text)).size).toBe(entries.length);
  });

  it.each(ALL_KINDS)("finds %s with the recall it is held to", (kind) => {
    const own = flagged.filter((e) => e.expect === kind);
    const recall = own.filter(found).length / own.length;
    expect(recall).toBeGreaterThanOrEqual(FLOOR[kind] ?? 0.95);
  });

  it("finds at least 97% of all identifier snippets", () => {
    expect(flagged.filter(found).length / flagged.length).toBeGreaterThanOrEqual(0.97);
  });

  it("finds at least 90% of the names in the corpus's last held-out draw", () => {
    const draw = flagged.filter((e) => e.note?.startsWith("held out (third draw"));
    expect(draw.length).toBeGreaterThanOrEqual(40);
    expect(draw.filter(found).length / draw.length).toBeGreaterThanOrEqual(0.9);
  });

  it.each(HELD_OUT_SEEDS)("finds at least 80%% of 160 fresh names from sixteen locales (seed %i)", (seed) => {
    const draws = drawNames(seed, 160);
    const recall = draws.filter((d) => kinds(d.text).includes("name")).length / draws.length;
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it("keeps the false-positive rate on clean clinical text at or under 2%", () => {
    const falsePositives = clean.filter((e) => find(e.text).length > 0);
    expect(falsePositives.length / clean.length).toBeLessThanOrEqual(0.02);
  });
});
