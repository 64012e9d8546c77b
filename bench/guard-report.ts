/**
 * Report (not a test) for the identifier guard on its labelled corpus, test/fixtures/guard-corpus.json: recall per
 * category and overall (a snippet counts when the guard reports its labelled kind; "refused" counts any finding,
 * which is what the presenter sees), the false-positive rate on the clean clinical snippets, the held-out name draws
 * separately, and every miss and false positive, verbatim, so the README can say what the guard does not catch.
 *
 * Two more measures, on text the guard was never tuned on:
 * - fresh name draws (test/support/guard-draws.ts): seeded names from sixteen locales in ten case sentences, scored
 *   per seed, with the misses listed;
 * - optionally, an outside file of clean clinical text, one snippet per line, named by GUARD_CLEAN_TEXT: the share of
 *   its lines refused and the words that caused it (an upper bound on false positives, since such text may itself
 *   hold identifiers).
 *
 *   npm run report:guard
 *   GUARD_CLEAN_TEXT=path/to/sentences.txt npm run report:guard
 */

import { readFileSync } from "node:fs";

import { findIdentifiers, IDENTIFIER_KINDS, type IdentifierKind } from "../src/core/cases/guard";
import corpus from "../test/fixtures/guard-corpus.json";
import { drawNames, HELD_OUT_SEEDS } from "../test/support/guard-draws";

interface Entry {
  text: string;
  expect: "pass" | IdentifierKind;
  note?: string;
}

const NOW = new Date("2026-06-01T12:00:00Z");
const entries = corpus as Entry[];
const KINDS: readonly IdentifierKind[] = IDENTIFIER_KINDS;

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

const DRAWS_PER_SEED = 160;
const drawMisses: string[] = [];
const drawRows = HELD_OUT_SEEDS.map((seed) => {
  const draws = drawNames(seed, DRAWS_PER_SEED);
  const found = draws.filter((d) => kindsOf(d.text).includes("name")).length;
  const refused = draws.filter((d) => kindsOf(d.text).length > 0).length;
  for (const d of draws) if (!kindsOf(d.text).includes("name")) drawMisses.push(d.name);
  return [`seed ${seed}`, String(draws.length), String(found), pct(found, draws.length), pct(refused, draws.length)];
});

const outside = process.env.GUARD_CLEAN_TEXT;
const outsideLines = outside
  ? readFileSync(outside, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
  : [];
const outsideRefused = outsideLines
  .map((text) => ({ text, got: findIdentifiers(text, { now: NOW }) }))
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
  `\nFresh name draws (${DRAWS_PER_SEED} per seed from ${HELD_OUT_SEEDS.length} seeds, 16 locales, 10 sentences never tuned on):\n`,
);
console.log(table(["draw", "snippets", "found as a name", "recall", "refused"], drawRows));
console.log(`Names missed in the fresh draws: ${drawMisses.join(", ") || "none"}`);
if (outside) {
  console.log(
    `\nOutside clean text (${outside}): ${outsideRefused.length} of ${outsideLines.length} lines refused (${pct(outsideRefused.length, outsideLines.length)})`,
  );
  const byKind = new Map<string, number>();
  for (const { got } of outsideRefused) for (const f of got) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  console.log(`  findings by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`);
}
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
