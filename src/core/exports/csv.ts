/**
 * CSV as every export writes it: RFC 4180 (CRLF between records, a field with a comma, a quote or a line break in
 * quotes), UTF-8 with a byte-order mark so that Excel reads the accents right, and formula-safe: a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's CSV-injection rule), so a comment
 * typed as `=HYPERLINK(…)` opens as text. csv-stringify does the quoting and the escaping.
 */
import { stringify } from "csv-stringify/sync";
import type { ExportFile } from "../ui/model";

export type Row = ReadonlyArray<string>;

export function csvText(header: Row, rows: readonly Row[]): string {
  return stringify([header, ...rows] as string[][], {
    bom: true,
    escape_formulas: true,
    record_delimiter: "windows",
    // a line break inside a field (a comment over several lines) is quoted too, not only the record delimiter
    quoted_match: /[\r\n]/,
  });
}

export const csvFile = (name: string, header: Row, rows: readonly Row[]): ExportFile => ({
  name,
  mediaType: "text/csv",
  content: new TextEncoder().encode(csvText(header, rows)),
});

/** A name for a file: the network's name in lower-case words joined by hyphens ("palliative-care-echo"). */
export const slug = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "network";
