/**
 * The library's pages and search (src/core/recordings/library.ts): ten sessions a page with a More button while more
 * follow, a full page within Block Kit's limits and a valid Adaptive Card under Teams' size limit, and a search
 * ranked by how many words match, then by recency.
 */
import type { Network, Session } from "../../src/core/ports";
import { libraryCard, libraryEntries, PAGE_SIZE, search, searchWords } from "../../src/core/recordings/library";
import type { Recording } from "../../src/core/recordings/ports";
import { cardMessage } from "../../src/slack/render";
import { renderCard } from "../../src/teams/render";
import { expectValidAdaptiveCard, TEAMS_CARD_LIMIT_BYTES } from "../support/adaptive-cards";
import { checkBlockKit } from "../support/block-kit";

const NETWORK = { id: "n1", name: "Palliative Care ECHO", timeZone: "Europe/London" } as Network;

function session(i: number, topic: string): Session {
  return {
    id: `s${i}`,
    networkId: "n1",
    occurrence: "",
    startsAt: new Date(Date.UTC(2026, 0, 1 + 7 * i, 13)),
    durationMinutes: 90,
    status: "held",
    note: null,
    moved: false,
    topicTitle: topic,
    teacherUser: null,
    topicId: null,
  };
}

const recording = (s: Session, n: number): Recording => ({
  id: `${s.id}-r${n}`,
  sessionId: s.id,
  url: `https://video.example.org/${s.id}/${n}/${"x".repeat(150)}`,
  slidesUrl: `https://files.example.org/${s.id}/${n}.pdf`,
  note: `Passcode ${n}`,
  addedBy: "shell:fran",
  createdAt: s.startsAt,
});

const sessions = Array.from({ length: 23 }, (_, i) =>
  session(i, i % 5 === 0 ? "Delirium in care homes" : `Topic ${i}`),
);
const entries = libraryEntries(
  NETWORK,
  sessions,
  sessions.flatMap((s) => [recording(s, 1), recording(s, 2)]),
  [],
);

describe("the library", () => {
  test("shows ten sessions a page, the newest first, with a More button while more follow", () => {
    const first = libraryCard(NETWORK, entries, "", 0);
    const texts = first.blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));
    expect(texts).toHaveLength(PAGE_SIZE);
    expect(texts[0]).toBe("2026-06-04: Topic 22");
    const more = first.blocks.find((b) => b.kind === "actions");
    expect(more?.kind === "actions" && more.buttons.map((b) => b.label)).toEqual(["More (11–20 of 23)"]);
    const last = libraryCard(NETWORK, entries, "", 2);
    expect(last.blocks.filter((b) => b.kind === "text")).toHaveLength(3);
    expect(last.blocks.some((b) => b.kind === "actions")).toBe(false);
  });

  test("a full page stays within Block Kit's limits and is a valid Adaptive Card under Teams' size limit", () => {
    const page = libraryCard(NETWORK, entries, "", 0);
    expect(checkBlockKit(cardMessage(page))).toEqual([]);
    const card = renderCard(page);
    expectValidAdaptiveCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_CARD_LIMIT_BYTES);
  });

  test("a search ranks the sessions by how many words match, then the newest first", () => {
    const found = search(entries, searchWords("delirium january"));
    expect(found.map((e) => e.date).slice(0, 2)).toEqual(["2026-01-01", "2026-05-21"]);
    // the five Delirium sessions and the other four of January, and nothing else
    expect(found).toHaveLength(9);
    expect(search(entries, searchWords("zebra"))).toEqual([]);
    expect(searchWords("  Delirium, DELIRIUM  and a ")).toEqual(["delirium", "and"]);
  });
});
