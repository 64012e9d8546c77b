/**
 * Attendance in Slack, Teams and the shell, on each database: check-in opens 30 minutes before a session and closes
 * 30 minutes after its scheduled end; "I'm here" on the starting-soon message, on the channel's start message and as
 * `attend` each record one check-in however often they are used; facilitators see the list and correct it with a
 * reason (an audit entry each), by command or form; members cannot correct or end; `end` ends a session once, the
 * scheduled end ends the next one by itself, and the facilitators get a summary each time.
 */
import type { Network, Session } from "../../src/core/ports";
import {
  CAST,
  type Driver,
  fieldOf,
  lastTitled,
  on,
  type Step,
  scenario,
  titled,
  type View,
  withoutLabel,
} from "../support/drivers";
import { blockActions, buttonLabelled, interactive } from "../support/slack";
import type { Json } from "../support/slack-blocks";
import { setUpNetwork } from "./network-world";

interface World {
  network: Network;
  s1: Session;
  start: View;
}

const ECHO = "Palliative Care ECHO";
const S2_FROM = new Date("2026-12-09T00:00:00Z");
const S2_TO = new Date("2026-12-09T23:59:00Z");
const S1_DAY = "2026-12-02";
const STARTED = `${ECHO} has started`;
const STARTING_SOON = `${ECHO} starts in 15 minutes`;
const checkedIn = (at: string) => `You're checked in to ${ECHO} on ${S1_DAY} (${at}). Thank you!`;

const records = async (d: Driver, w: World) => {
  const members = new Map((await d.services.store.members.everyone(w.network.id)).map((m) => [m.id, m.user]));
  const rows = await d.services.store.attendance.list(w.s1.id);
  return new Map(rows.map((r) => [members.get(r.memberId), r]));
};
const recordOf = async (d: Driver, w: World, who: string) => (await records(d, w)).get(d.address(who));
const audits = (d: Driver) =>
  d.services.database.db.auditEntry.findMany({ where: { action: "attendance.correct" }, orderBy: { at: "asc" } });

const ATTENDANCE: Step<World>[] = [
  {
    name: "before check-in opens, `attend` says when it will",
    async run(d, w) {
      ({ network: w.network } = await setUpNetwork(d));
      [w.s1] = (await d.services.store.sessions.upcoming(w.network.id, d.services.clock.now(), 1)) as [Session];
      await d.tick("2026-12-02T11:00:00Z");
      expect((await d.command("ana", "attend")).text).toBe(
        `Check-in for ${ECHO} on ${S1_DAY} opens at 12:00, 30 minutes before the start.`,
      );
      expect(await records(d, w)).toEqual(new Map());
    },
  },
  {
    name: "the starting-soon message carries “I'm here”, and pressing it twice is one check-in",
    async run(d, w) {
      await d.tick("2026-12-02T12:15:00Z");
      const soon = lastTitled(await d.messagesTo("ana"), STARTING_SOON);
      expect(soon.buttons.map((b) => b.label)).toEqual(["I'm here", "Stop these reminders"]);
      expect((await d.press("ana", soon, "I'm here")).text).toBe(checkedIn("12:15"));
      d.services.clock.advance(60_000);
      expect((await d.press("ana", soon, "I'm here")).text).toBe(
        `You checked in to ${ECHO} on ${S1_DAY} at 12:15 already.`,
      );
      expect(await recordOf(d, w, "ana")).toMatchObject({ present: true, source: "checkin" });
      expect((await records(d, w)).size).toBe(1);
    },
  },
  {
    name: "at the start the channel gets a start message with “I'm here”; `attend` checks in too",
    async run(d, w) {
      await d.tick("2026-12-02T12:30:00Z");
      const posts = titled(await d.channelMessages(), STARTED);
      expect(posts).toHaveLength(1);
      w.start = posts[0] as View;
      expect(w.start.lines).toEqual([
        `Wed 2 Dec 2026, 12:30–14:00 GMT. Join here: https://zoom.us/j/123456789`,
        "Here? Press “I'm here” so your attendance is recorded (until 14:30).",
      ]);
      expect((await d.press("ben", w.start, "I'm here")).text).toBe(checkedIn("12:30"));
      expect((await d.command("ana", "attend")).text).toBe(`You checked in to ${ECHO} on ${S1_DAY} at 12:15 already.`);
      d.services.clock.advance(5 * 60_000);
      expect((await d.command("cy", "attend")).text).toBe(checkedIn("12:35"));
      expect((await records(d, w)).size).toBe(3);
    },
  },
  {
    name: "someone who is not a member is refused and nothing is stored",
    async run(d, w) {
      expect((await d.press("zed", w.start, "I'm here")).text).toBe(
        `Only members of ${ECHO} can check in. A facilitator can add you with \`role\`.`,
      );
      expect((await records(d, w)).size).toBe(3);
    },
  },
  {
    name: "a member can neither correct attendance nor end the session",
    async run(d, w) {
      expect((await d.command("ana", "attend @ben absent left early")).text).toBe(
        "Only a facilitator or an admin of this network can correct attendance.",
      );
      expect((await d.command("ana", "end")).text).toBe(
        "Only a facilitator or an admin of this network can end a session.",
      );
      expect(await recordOf(d, w, "ben")).toMatchObject({ present: true, source: "checkin" });
      expect(await audits(d)).toHaveLength(0);
    },
  },
  {
    name: "a facilitator sees who is present and absent, and how each was recorded",
    async run(d) {
      const list = (await d.command("fran", "attend")).view;
      expect(list.title).toBe(`Attendance: ${ECHO}, ${S1_DAY}`);
      expect(list.lines.slice(0, 7)).toEqual([
        "Present (3):",
        `• ${d.name("ana")} (checked in 12:15)`,
        `• ${d.name("ben")} (checked in 12:30)`,
        `• ${d.name("cy")} (checked in 12:35)`,
        "Absent (1):",
        `• ${d.name("fran")}`,
        "Correct it with the button, or `attend @person present <reason>` / `attend @person absent <reason>`.",
      ]);
      expect(list.buttons.map((b) => b.label)).toEqual(["Correct attendance", "I'm here"]);
    },
  },
  {
    name: "a correction by command needs a reason, and is kept with who made it, when and why",
    async run(d, w) {
      expect((await d.command("fran", "attend @cy absent")).text).toMatch(
        /^Give a reason \(for example: joined by phone\)\./,
      );
      expect((await d.command("fran", "attend @cy absent dropped off after five minutes")).text).toBe(
        `Marked ${d.name("cy")} absent at ${ECHO} on ${S1_DAY} (dropped off after five minutes).`,
      );
      expect(await recordOf(d, w, "cy")).toMatchObject({
        present: false,
        source: "correction",
        reason: "dropped off after five minutes",
      });
      const [entry] = await audits(d);
      expect(entry).toMatchObject({ networkId: w.network.id, actor: d.address("fran") });
      expect(JSON.parse(entry?.detail ?? "{}")).toMatchObject({
        sessionId: w.s1.id,
        present: false,
        reason: "dropped off after five minutes",
      });
      // a click after the correction does not undo it
      expect((await d.press("cy", w.start, "I'm here")).text).toBe(
        `A facilitator marked you absent for ${ECHO} on ${S1_DAY} (dropped off after five minutes). If you are here, ask them to correct it.`,
      );
      expect(await recordOf(d, w, "cy")).toMatchObject({ present: false, source: "correction" });
    },
  },
  {
    name: "a correction by the form refuses an empty reason on its field, then marks the person",
    async run(d, w) {
      const list = (await d.command("fran", "attend")).view;
      const form = await d.form("fran", await d.press("fran", list, "Correct attendance"));
      expect(form.title).toBe("Correct attendance");
      const refused = await d.submit("fran", form, {
        Person: d.name("fran"),
        [`At ${ECHO} on ${S1_DAY}`]: "Present",
        Reason: " ",
      });
      const open = refused.form ?? form;
      expect(withoutLabel("Reason", open.errors.Reason ?? fieldOf(open, "Reason").error ?? "")).toBe(
        "Give a reason (for example: joined by phone).",
      );
      expect(await recordOf(d, w, "fran")).toBeUndefined();
      const saved = await d.submit("fran", open, {
        Person: d.name("fran"),
        [`At ${ECHO} on ${S1_DAY}`]: "Present",
        Reason: "chaired the session",
      });
      expect(saved.text).toContain(`• ${d.name("fran")} (marked present by a facilitator: chaired the session)`);
      expect(await recordOf(d, w, "fran")).toMatchObject({ present: true, source: "correction" });
      expect(await audits(d)).toHaveLength(2);
    },
  },
  {
    name: "a facilitator ends the session early, once, and the facilitators get the summary",
    async run(d, w) {
      await d.tick("2026-12-02T13:40:00Z");
      expect((await d.command("fran", "end")).text).toBe(
        `Ending the session on ${S1_DAY} now. The facilitators get the attendance list; check-in stays open until 30 minutes after its scheduled end.`,
      );
      await d.tick();
      expect((await d.services.store.sessions.byId(w.s1.id))?.status).toBe("held");
      expect((await d.command("fran", "end")).text).toBe(
        `The session on ${S1_DAY} has already ended. Nothing is running now.`,
      );
      await d.tick("2026-12-02T14:05:00Z");
      const summary = `${ECHO} on ${S1_DAY} has ended: 3 present (2 checked in, 1 marked by a facilitator) of 4. Type \`attend\` in the network's channel to see the list and correct it.`;
      const sent = (await d.messagesTo("fran")).filter((m) => m.text === summary);
      expect(sent).toHaveLength(1);
      expect(await d.messagesTo("ana")).not.toContainEqual(expect.objectContaining({ text: summary }));
    },
  },
  {
    name: "after check-in closes a click says so, and a member's `attend` shows their own record",
    async run(d, w) {
      await d.tick("2026-12-02T14:31:00Z");
      expect((await d.press("ben", w.start, "I'm here")).text).toBe(
        `Check-in for ${ECHO} on ${S1_DAY} closed at 14:30, 30 minutes after the end. A facilitator can still mark you present.`,
      );
      expect((await d.command("cy", `attend ${S1_DAY}`)).text).toBe(
        `Your attendance at ${ECHO} on ${S1_DAY}: absent (marked absent by a facilitator: dropped off after five minutes).`,
      );
      expect((await d.command("ben", "attend")).text).toBe(
        `Check-in for ${ECHO} on 2026-12-09 opens at 12:00, 30 minutes before the start.`,
      );
      expect((await records(d, w)).size).toBe(4);
    },
  },
  {
    name: "the next session's start message is posted when it starts",
    async run(d, w) {
      await d.tick("2026-12-09T12:30:00Z");
      const posts = titled(await d.channelMessages(), STARTED);
      expect(posts).toHaveLength(2);
      w.start = posts[1] as View;
    },
  },
  {
    name: "in Slack a check-in is stored before it is acknowledged, and a replayed click is answered once",
    on: ["slack"],
    async run(d, w) {
      await on(d, {
        slack: async (slack) => {
          const h = slack.h;
          const body = interactive(blockActions("UANA", buttonLabelled(w.start.raw as Json, "I'm here")));
          // a replay carries the first delivery's timestamp and signature, whatever second it arrives in
          const sent = { timestamp: Math.floor(Date.now() / 1000) };
          const response = await h.post(body, { ...sent, wait: false });
          expect(response.status).toBe(200);
          // the acknowledgement has arrived: the check-in is already in the database
          const [session] = await d.services.store.sessions.between(w.network.id, S2_FROM, S2_TO);
          const ana = await d.services.store.members.find(w.network.id, d.address("ana"));
          const stored = await d.services.store.attendance.findMany(session?.id ?? "", [ana?.id ?? ""]);
          expect(stored.size).toBe(1);
          await h.adapter.drain();
          const replies = h.fake.callsTo("response_url").length;
          expect((await h.post(body, sent)).status).toBe(200);
          await h.adapter.drain();
          expect(h.fake.callsTo("response_url").length).toBe(replies);
          expect((await d.services.store.attendance.list(session?.id ?? "")).length).toBe(1);
        },
      });
    },
  },
  {
    name: "the next session ends at its scheduled end by itself",
    async run(d, w) {
      await d.tick("2026-12-09T14:00:00Z");
      const [s2] = await d.services.store.sessions.between(w.network.id, S2_FROM, S2_TO);
      expect(s2?.status).toBe("held");
      const present = d.platform === "slack" ? 1 : 0;
      const summary = `${ECHO} on 2026-12-09 has ended: ${present} present (${present} checked in, 0 marked by a facilitator) of 4. Type \`attend\` in the network's channel to see the list and correct it.`;
      expect((await d.messagesTo("fran")).filter((m) => m.text === summary)).toHaveLength(1);
    },
  },
];

scenario("attendance in %s on %s", CAST, ATTENDANCE);
