/**
 * `library [words]`: the network's past sessions with their recordings, slides and notes, newest first, ten a page;
 * with words, the sessions whose topic, teacher, recording notes or date match (`2026-11`, `november`, `2026-11-19`),
 * the best match first, then the newest. Case text is never searched or shown here.
 */
import { ActionIds } from "../ids";
import type { Member, Network, Session } from "../ports";
import { localDate } from "../sessions/calendar";
import type { Card, CardBlock } from "../ui/model";
import type { Recording } from "./ports";

export const PAGE_SIZE = 10;
const MAX_WORDS = 8;
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

export interface LibraryEntry {
  session: Session;
  date: string;
  teacher?: string;
  recordings: Recording[];
}

/** The entries of the network's held sessions, newest first. */
export function libraryEntries(
  network: Network,
  held: readonly Session[],
  recordings: readonly Recording[],
  members: readonly Member[],
): LibraryEntry[] {
  const names = new Map(members.map((m) => [m.user, m.displayName]));
  const bySession = new Map<string, Recording[]>();
  for (const r of recordings) bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), r]);
  return [...held]
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
    .map((session) => {
      const teacher = session.teacherUser ? names.get(session.teacherUser) : undefined;
      return {
        session,
        date: localDate(session.startsAt, network.timeZone),
        ...(teacher ? { teacher } : {}),
        recordings: bySession.get(session.id) ?? [],
      };
    });
}

/** The words of a search, lower-case, at most eight, each at least two characters (or a number). */
export const searchWords = (query: string) =>
  [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}-]+/u)
        .filter((w) => w.length >= 2 || /^\d$/.test(w)),
    ),
  ].slice(0, MAX_WORDS);

/** What a session is found by: its topic, teacher, notes, its date, month (both ways) and year. */
function haystack(entry: LibraryEntry): { words: Set<string>; text: string } {
  const [year = "", month = ""] = entry.date.split("-");
  const monthName = MONTHS[Number(month) - 1] ?? "";
  const text = [entry.session.topicTitle ?? "", entry.teacher ?? "", ...entry.recordings.map((r) => r.note ?? "")]
    .join(" ")
    .toLowerCase();
  return {
    words: new Set([entry.date, `${year}-${month}`, year, monthName, monthName.slice(0, 3), ...searchWords(text)]),
    text,
  };
}

/** The entries that match, best first (how many words they match), then newest; with no words, all of them. */
export function search(entries: readonly LibraryEntry[], words: readonly string[]): LibraryEntry[] {
  if (words.length === 0) return [...entries];
  return entries
    .map((entry, order) => {
      const { words: known, text } = haystack(entry);
      // a word matches a whole word, or the start of one (`deli` finds "delirium")
      const score = words.filter(
        (w) => known.has(w) || [...known].some((k) => k.startsWith(w)) || text.includes(` ${w}`),
      ).length;
      return { entry, score, order };
    })
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((m) => m.entry);
}

/** What a library page's More button carries: the network, the words, and the page. */
export const pageValue = (networkId: string, query: string, page: number) =>
  JSON.stringify({ n: networkId, q: query.slice(0, 200), p: page });

/** One page of the library (or of a search's results). */
export function libraryCard(network: Network, found: readonly LibraryEntry[], query: string, page: number): Card {
  const from = page * PAGE_SIZE;
  const shown = found.slice(from, from + PAGE_SIZE);
  const withRecording = found.filter((e) => e.recordings.length > 0).length;
  const title = query ? `${network.name} library: ${query}` : `${network.name} library`;
  const summary = query
    ? `${found.length} session${found.length === 1 ? "" : "s"} found, the best match first.`
    : `${found.length} session${found.length === 1 ? "" : "s"} held, ${withRecording} with a recording; the newest first.`;
  const blocks: CardBlock[] = [{ kind: "context", text: summary }];
  for (const entry of shown) {
    blocks.push({ kind: "divider" });
    const topic = entry.session.topicTitle ?? "No topic set";
    blocks.push({
      kind: "text",
      text: `${entry.date}: ${topic}${entry.teacher ? `, taught by ${entry.teacher}` : ""}`,
    });
    const fields = entry.recordings.flatMap((r, i) => {
      const n = entry.recordings.length > 1 ? ` ${i + 1}` : "";
      return [
        { label: `Recording${n}`, value: r.url },
        ...(r.slidesUrl ? [{ label: `Slides${n}`, value: r.slidesUrl }] : []),
        ...(r.note ? [{ label: `Note${n}`, value: r.note }] : []),
      ];
    });
    if (fields.length) blocks.push({ kind: "fields", fields });
    else blocks.push({ kind: "context", text: "No recording yet." });
  }
  const last = from + shown.length;
  if (last < found.length)
    blocks.push({
      kind: "actions",
      buttons: [
        {
          actionId: ActionIds.libraryPage,
          label: `More (${last + 1}–${Math.min(last + PAGE_SIZE, found.length)} of ${found.length})`,
          value: pageValue(network.id, query, page + 1),
        },
      ],
    });
  return { title, blocks, fallback: `${title}: ${summary}` };
}
