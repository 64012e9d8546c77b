/**
 * Report (not a test) for the identifier guard on its labelled corpus, test/fixtures/guard-corpus.json: recall per
 * category and overall (a snippet counts when the guard reports its labelled kind; "refused" counts any finding,
 * which is what the presenter sees), the false-positive rate on the clean clinical snippets, the held-out name draws
 * separately, and every miss and false positive, verbatim, so the README can say what the guard does not catch.
 *
 *   npm run report:guard
 */

import { findIdentifiers, type IdentifierKind } from "../src/core/cases/guard";
import corpus from "../test/fixtures/guard-corpus.json";

interface Entry {
  text: string;
  expect: "pass" | IdentifierKind;
  note?: string;
}

const NOW = new Date("2026-06-01T12:00:00Z");
const entries = corpus as Entry[];
const KINDS: IdentifierKind[] = [
  "name",
  "date",
  "phone",
  "email",
  "address",
  "postcode",
  "id_number",
  "nhs_number",
  "ni_number",
  "url",
  "ip_address",
  "age_over_89",
];

const kindsOf = (text: string) => findIdentifiers(text, { now: NOW }).map((f) => f.kind);
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "n/a");

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

const flagged = entries.filter((e) => e.expect !== "pass");
const clean = entries.filter((e) => e.expect === "pass");
const misses: string[] = [];
const rows: string[][] = [];
let foundAll = 0;
let refusedAll = 0;
for (const kind of KINDS) {
  const own = flagged.filter((e) => e.expect === kind);
  let found = 0;
  let refused = 0;
  for (const e of own) {
    const got = kindsOf(e.text);
    if (got.includes(kind)) found++;
    else misses.push(`${kind}: ${JSON.stringify(e.text)} → ${got.length ? got.join(", ") : "nothing"}`);
    if (got.length) refused++;
  }
  foundAll += found;
  refusedAll += refused;
  rows.push([kind, String(own.length), String(found), pct(found, own.length), pct(refused, own.length)]);
}
rows.push([
  "overall",
  String(flagged.length),
  String(foundAll),
  pct(foundAll, flagged.length),
  pct(refusedAll, flagged.length),
]);

const heldOut = [
  ["first draw (seed 4, then used for tuning)", "held out: name drawn"],
  ["second draw (seed 11, scored once, then used for tuning)", "held out (second draw"],
  ["third draw (seed 23, scored once, never tuned on)", "held out (third draw"],
].map(([label, prefix]) => {
  const own = flagged.filter((e) => e.note?.startsWith(prefix ?? "\u0000"));
  const found = own.filter((e) => kindsOf(e.text).includes("name")).length;
  return [label ?? "", String(own.length), String(found), pct(found, own.length)];
});
const authored = flagged.filter((e) => e.expect === "name" && !e.note?.startsWith("held out"));
const authoredFound = authored.filter((e) => kindsOf(e.text).includes("name")).length;
heldOut.unshift([
  "written by the guard's author",
  String(authored.length),
  String(authoredFound),
  pct(authoredFound, authored.length),
]);

const falsePositives = clean
  .map((e) => ({ e, got: findIdentifiers(e.text, { now: NOW }) }))
  .filter(({ got }) => got.length > 0);

const started = performance.now();
const ROUNDS = 20;
for (let i = 0; i < ROUNDS; i++) for (const e of entries) findIdentifiers(e.text, { now: NOW });
const perSnippet = (performance.now() - started) / (ROUNDS * entries.length);

console.log(
  `Identifier guard on ${entries.length} labelled snippets (${flagged.length} with an identifier, ${clean.length} clean)\n`,
);
console.log(table(["category", "snippets", "found", "recall", "refused"], rows));
console.log("\nNames by where they came from (@faker-js/faker draws, names the guard's author did not choose):\n");
console.log(table(["names", "snippets", "found", "recall"], heldOut));
console.log(
  `\nFalse positives on clean clinical text: ${falsePositives.length} of ${clean.length} (${pct(falsePositives.length, clean.length)})`,
);
console.log(`Mean time per snippet: ${perSnippet.toFixed(3)} ms\n`);
console.log(`Misses (${misses.length}):`);
for (const m of misses) console.log(`  ${m}`);
if (falsePositives.length) {
  console.log(`\nFalse positives (${falsePositives.length}):`);
  for (const { e, got } of falsePositives)
    console.log(`  ${JSON.stringify(e.text)} → ${got.map((f) => `${f.kind} ${f.sample}`).join(", ")}`);
}
