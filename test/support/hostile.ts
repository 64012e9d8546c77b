/**
 * For hostile-input tests: every table's row count (so a test shows that a refused request changed nothing), and
 * the facilitator actions of a network with the ids its buttons and forms carry, to try as someone who must not.
 */

import type { Core } from "../../src/core/app";
import { encodeFormRef } from "../../src/core/app-refs";
import type { Ctx } from "../../src/core/context";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Network } from "../../src/core/ports";
import { pageValue } from "../../src/core/recordings/library";
import { CASE } from "./cases";
import type { TestServices } from "./services";

/** Every table's row count, by table. */
export async function rowCounts(s: TestServices): Promise<Record<string, number>> {
  const db = s.database.db;
  const tables =
    s.database.provider === "postgresql"
      ? await db.$queryRawUnsafe<Array<{ name: string }>>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
        )
      : await db.$queryRawUnsafe<Array<{ name: string }>>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
        );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT COUNT(*) AS n FROM "${name}"`);
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

/**
 * Every row of every table but the ledger of requests already handled, as text: a refused request must leave this
 * exactly as it was (row counts alone would miss an update, such as a session marked skipped).
 */
export async function tableRows(s: TestServices): Promise<Record<string, string>> {
  const db = s.database.db;
  const out: Record<string, string> = {};
  for (const name of Object.keys(await rowCounts(s))) {
    if (name === "SeenRequest") continue;
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}"`);
    const text = rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
    out[name] = text.sort().join("\n");
  }
  return out;
}

/** The ids a network's own buttons and forms carry: its first session, a slot, the open ballot, a submitted case. */
export interface NetworkIds {
  network: Network;
  session: string;
  slot: string;
  ballot: string;
  topic: string;
  /** a member of the network (the first listed) */
  member: string;
}

export async function idsOf(s: TestServices, network: Network): Promise<NetworkIds> {
  const [session] = await s.store.sessions.upcoming(network.id, s.clock.now(), 1);
  const [slot] = await s.store.slots.forSession(session?.id ?? "");
  const ballot = await s.store.ballots.openFor(network.id);
  const [topic] = await s.store.topics.list(network.id);
  const [member] = await s.store.members.list(network.id);
  return {
    network,
    session: session?.id ?? "",
    slot: slot?.id ?? "",
    ballot: ballot?.id ?? "",
    topic: topic?.id ?? "",
    member: member?.id ?? "",
  };
}

/** The vote form's values for a vote on these topic ids: approval, one pick, closing 1 December 2026 at 17:00. */
export const voteValues = (topics: string): Record<string, string> => ({
  topics,
  closesDate: "2026-12-01",
  closesTime: "17:00",
  method: "approval",
  maxPicks: "1",
  showRunning: "no",
  anonymous: "no",
});

/**
 * Gives a network what its facilitator actions act on: `presenter` lists the case slots, claims the first and submits
 * a case, and proposes two topics; `facilitator` opens a vote on them. Returns the ids its buttons and forms carry.
 */
export async function seedActivity(
  s: TestServices,
  network: Network,
  facilitator: Ctx,
  presenter: Ctx,
): Promise<NetworkIds> {
  await s.core.command(presenter, "present"); // the coming sessions' slots are made when they are first listed
  const [session] = await s.store.sessions.upcoming(network.id, s.clock.now(), 1);
  const [slot] = await s.store.slots.forSession(session?.id ?? "");
  await s.core.action(presenter, ActionIds.slotClaim, slot?.id ?? "");
  await s.core.submitForm(presenter, FormIds.caseForm, slot?.id ?? "", { ...CASE, action: "submit" });
  await s.core.command(presenter, "propose Delirium in care homes");
  await s.core.command(presenter, "propose Breathlessness at the end of life");
  const topics = (await s.store.topics.list(network.id)).map((t) => t.id).join(",");
  await s.core.submitForm(facilitator, FormIds.openVote, network.id, voteValues(topics));
  return idsOf(s, network);
}

/** Every facilitator (or hub expert) action on a network, as a button click, form submission or command. */
export function facilitatorActions(ids: NetworkIds): Array<[string, (core: Core, ctx: Ctx) => Promise<unknown>]> {
  const swap = JSON.stringify({ s: ids.session, n: ids.session, t: "000000000000" });
  return [
    ["skip a session", (c, x) => c.action(x, ActionIds.sessionSkip, ids.session)],
    ["restore a session", (c, x) => c.action(x, ActionIds.sessionUnskip, ids.session)],
    ["open the move form", (c, x) => c.action(x, ActionIds.openForm, encodeFormRef(FormIds.sessionMove, ids.session))],
    [
      "move a session",
      (c, x) => c.submitForm(x, FormIds.sessionMove, ids.session, { date: "2027-01-07", time: "10:00" }),
    ],
    ["close the vote", (c, x) => c.action(x, ActionIds.ballotClose, ids.ballot)],
    ["plan the curriculum", (c, x) => c.action(x, ActionIds.planCurriculum, ids.network.id)],
    ["swap the plan", (c, x) => c.action(x, ActionIds.planSwap, swap)],
    [
      "change the plan",
      (c, x) => c.submitForm(x, FormIds.planEdit, ids.session, { topic: ids.topic, teacher: "none" }),
    ],
    [
      "open a vote",
      (c, x) =>
        c.submitForm(x, FormIds.openVote, ids.network.id, {
          topics: ids.topic,
          closesDate: "2027-01-20",
          closesTime: "17:00",
          method: "approval",
          maxPicks: "1",
          showRunning: "no",
          anonymous: "no",
        }),
    ],
    ["open the assign form", (c, x) => c.openForm(x, FormIds.slotAssign, ids.slot)],
    ["assign a slot", (c, x) => c.submitForm(x, FormIds.slotAssign, ids.slot, { member: "none" })],
    ["free a slot", (c, x) => c.action(x, ActionIds.slotFree, ids.slot)],
    ["open the swap form", (c, x) => c.openForm(x, FormIds.slotSwap, ids.slot)],
    ["open the recommendations form", (c, x) => c.openForm(x, FormIds.recommendations, ids.slot)],
    [
      "write recommendations",
      (c, x) => c.submitForm(x, FormIds.recommendations, ids.slot, { recommendations: "Try this.", followUpDate: "" }),
    ],
    ["claim a slot", (c, x) => c.action(x, ActionIds.slotClaim, ids.slot)],
    [
      "mute a reminder",
      (c, x) => c.action(x, ActionIds.muteReminder, JSON.stringify({ n: ids.network.id, k: "starting_soon" })),
    ],
    ["open the network's reminders form", (c, x) => c.openForm(x, FormIds.myReminders, ids.network.id)],
    ["open the survey form", (c, x) => c.openForm(x, FormIds.surveySettings, ids.network.id)],
    [
      "change the survey",
      (c, x) =>
        c.submitForm(x, FormIds.surveySettings, ids.network.id, {
          questions: "scale: How was it?",
          closeDays: "7",
          reminderDays: "2",
        }),
    ],
    ["check in", (c, x) => c.action(x, ActionIds.checkIn, ids.session)],
    ["page the library", (c, x) => c.action(x, ActionIds.libraryPage, pageValue(ids.network.id, "", 1))],
    ["end a session", (c, x) => c.action(x, ActionIds.sessionEnd, ids.session)],
    ["open the attendance form", (c, x) => c.openForm(x, FormIds.attendance, ids.session)],
    [
      "correct attendance",
      (c, x) =>
        c.submitForm(x, FormIds.attendance, ids.session, { member: ids.member, present: "absent", reason: "left" }),
    ],
  ];
}
