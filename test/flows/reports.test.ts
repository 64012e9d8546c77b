/**
 * The outcomes report in Slack, Teams and the shell, on each database: facilitators and admins only; a period that is
 * not one, or has not started, refused with examples; the report with its chart reaches the facilitator alone
 * (Slack: one files.uploadV2 into their direct message, the message above the picture; Teams: the picture inside the
 * card in their personal chat, under Teams' 28 KB; the shell: a PNG under the exports folder), or the channel with
 * `here`; the chart is a real PNG with something drawn on it; `export` carries the report's tables.
 */
import { parse } from "csv-parse/sync";
import type { Network, Session } from "../../src/core/ports";
import { TEAMS_MESSAGE_LIMIT } from "../../src/teams/render";
import { CAST, on, type ReceivedImage, type Step, scenario } from "../support/drivers";
import { lookAt } from "../support/png";
import { CHANNEL } from "../support/slack";
import { answerSurvey, holdFirstSession, setUpNetwork } from "./network-world";

interface World {
  network: Network;
  held: Session;
  report: ReceivedImage;
}

const ECHO = "Palliative Care ECHO";
const EXAMPLES = "Try `report` (the last 12 months), `report 2026`, `report 2026-11` or `report 2026-09..2026-11`.";
/** the report's words with the platforms' emphasis taken off and each run of spaces one space */
const flat = (text: string) => text.replace(/[*•]/g, "").replace(/\s+/g, " ");
const SENT = /^Sent to you alone, in your (direct message|personal chat) with teleecho\.$/;

const REPORTS: Step<World>[] = [
  {
    name: "before a session is held there is nothing to report, a member may not ask, and a wrong period is refused",
    async run(d, w) {
      ({ network: w.network } = await setUpNetwork(d));
      expect((await d.command("fran", "report")).text).toMatch(
        /^Palliative Care ECHO held no sessions in the 12 months to \d+ \w+ 2026\. Try a longer period, such as `report 2026`\.$/,
      );
      expect((await d.command("ana", "report")).text).toBe(
        "Only a facilitator or an admin of this network can see the outcomes report.",
      );
      expect((await d.command("ana", "report 2026 here")).text).toBe(
        "Only a facilitator or an admin of this network can see the outcomes report.",
      );
      expect((await d.command("fran", "report soon")).text).toBe(`“soon” is not a period. ${EXAMPLES}`);
      expect((await d.command("fran", "report 2026-13")).text).toBe(`“2026-13” is not a period. ${EXAMPLES}`);
      expect((await d.command("fran", "report 2027")).text).toBe(
        `2027 has not started yet, so there is nothing to report. ${EXAMPLES}`,
      );
      expect((await d.command("fran", "report 2026-11..2026-09")).text).toBe(
        `That period ends before it starts: put the earlier date first. ${EXAMPLES}`,
      );
      expect(await d.images("fran")).toEqual([]);
      expect(await d.services.database.db.auditEntry.count({ where: { action: "report" } })).toBe(0);
    },
  },
  {
    name: "a session is held: Ana and Ben from two spokes attend, Ana presents a case and answers the survey",
    async run(d, w) {
      expect((await d.command("fran", "rotation spoke @ana Northside Practice")).text).toBe(
        `${d.name("ana")} is at Northside Practice.`,
      );
      await d.command("fran", "rotation spoke @ben Riverside Hospice");
      [w.held] = (await d.services.store.sessions.upcoming(w.network.id, d.services.clock.now(), 1)) as [Session];
      const ana = await d.services.store.members.find(w.network.id, d.address("ana"));
      await d.services.store.slots.ensure(w.held.id, w.network.casesPerSession);
      const [slot] = await d.services.store.slots.forSession(w.held.id);
      if (!ana || !slot) throw new Error("no member or slot");
      await d.services.store.slots.claim(slot.id, ana.id, "claimed", d.services.clock.now());
      await holdFirstSession(d);
      await answerSurvey(d, "ana", "Very useful");
    },
  },
  {
    name: "the report and its chart reach the facilitator alone, in their direct message",
    async run(d, w) {
      const before = (await d.channelMessages()).length;
      const answer = await d.command("fran", "report");
      if (d.platform !== "shell") expect(answer.text).toMatch(SENT);
      const [report, ...more] = await d.images("fran");
      if (!report) throw new Error("no report");
      expect(more).toEqual([]);
      w.report = report;
      const words = flat(report.text);
      for (const line of [
        `Outcomes report: ${ECHO}`,
        "Sessions: 1 held, 0 skipped, 0 cancelled",
        "Average attendance: 2.0 a session",
        "Unique participants: 2",
        "Survey response rate: 50% (1 of 2 attendees)",
        "Northside Practice: 1 attendance, 1 person",
        "Riverside Hospice: 1 attendance, 1 person",
        "Cases presented by spoke",
        "Northside Practice: 1 case by 1 presenter",
        "Overall, how satisfied are you with this session?: 5.0 (5.0 → 5.0), 1 answer",
        "How useful was the case discussion?: 4.0 (4.0 → 4.0), 1 answer",
      ])
        expect(words).toContain(line);
      // written answers are never in the report
      expect(words).not.toContain("Very useful");
      for (const who of ["ana", "ben", "cy"]) expect(await d.images(who)).toEqual([]);
      expect((await d.channelMessages()).length).toBe(before);
      const audit = await d.services.database.db.auditEntry.findMany({ where: { action: "report" } });
      expect(audit.map((a) => a.actor)).toEqual([d.address("fran")]);
    },
  },
  {
    name: "the chart is a PNG that decodes, of a readable size, with bars and lines drawn on it",
    async run(d, w) {
      expect(w.report.png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(w.report.png.byteLength).toBeLessThanOrEqual(15_000);
      const look = lookAt(w.report.png);
      expect(look.width).toBeGreaterThanOrEqual(400);
      expect(look.width).toBeLessThanOrEqual(1024);
      expect(look.height).toBeGreaterThanOrEqual(250);
      // not blank: several colours, and a fair part of it drawn (bars, axes, words)
      expect(look.colours).toBeGreaterThan(8);
      expect(look.inked).toBeGreaterThan(0.02);
      if (d.platform !== "shell")
        expect(w.report.alt).toContain("Chart of attendance at 1 sessions on 2 Dec 2026, average 2.0");
    },
  },
  {
    name: "with here, the report goes where it was asked: the channel (the shell's own terminal)",
    async run(d) {
      await d.command("fran", "report 2026-12 here");
      const where = d.platform === "shell" ? "fran" : "channel";
      const images = await d.images(where);
      const last = images.at(-1);
      expect(flat(last?.text ?? "")).toContain("Dec 2026 (so far)");
      expect(images).toHaveLength(d.platform === "shell" ? 2 : 1);
    },
  },
  {
    name: "in Slack the report is one files.uploadV2 with the message above the picture",
    on: ["slack"],
    async run(d) {
      await on(d, {
        slack: async (slack) => {
          const fake = slack.h.fake;
          const completed = fake.callsTo("files.completeUploadExternal");
          expect(completed.map((c) => c.body.channel_id)).toEqual([slack.dm("fran"), CHANNEL]);
          expect(String(completed[0]?.body.initial_comment)).toContain("*Outcomes report: Palliative Care ECHO*");
          expect(fake.callsTo("files.upload")).toEqual([]);
          // a channel the bot is not in: `here` is answered with what to do
          fake.failures.set("files.completeUploadExternal", "not_in_channel");
          const refused = await d.command("fran", "report here");
          fake.failures.delete("files.completeUploadExternal");
          expect(refused.text).toBe(
            "teleecho is not in this channel, so it cannot post here: invite it to the channel (`/invite @teleecho`), or leave out `here` to get it in your direct message.",
          );
        },
      });
    },
  },
  {
    name: "in Teams the picture travels inside the card, and the whole message stays under 28 KB",
    on: ["teams"],
    async run(d) {
      await on(d, {
        teams: async (teams) => {
          const withImages = teams.h.connector.sent().filter((r) => JSON.stringify(r.body).includes("data:image/png"));
          expect(withImages).toHaveLength(2);
          for (const r of withImages)
            expect(Buffer.byteLength(JSON.stringify(r.body), "utf8")).toBeLessThan(TEAMS_MESSAGE_LIMIT);
        },
      });
    },
  },
  {
    name: "the monthly report can be turned off and on by a facilitator, not by a member, and is in the audit log",
    async run(d, w) {
      expect((await d.command("ana", "report monthly off")).text).toBe(
        "Only a facilitator or an admin of this network can see the outcomes report.",
      );
      expect(await d.services.store.reports.monthly(w.network.id)).toBe(true);
      expect((await d.command("fran", "report monthly sometimes")).text).toBe(
        "Usage: `report monthly on` or `report monthly off`.",
      );
      expect((await d.command("fran", "report monthly off")).text).toBe(
        "No more monthly reports. `report` still makes one whenever you ask.",
      );
      expect(await d.services.store.reports.monthly(w.network.id)).toBe(false);
      expect((await d.command("fran", "report monthly on")).text).toBe(
        "Facilitators get the report on the month before on the first working day of each month, at 09:00.",
      );
      expect(await d.services.store.reports.monthly(w.network.id)).toBe(true);
      const audit = await d.services.database.db.auditEntry.findMany({ where: { action: "report.monthly" } });
      expect(audit.map((a) => [a.actor, JSON.parse(a.detail)])).toEqual([
        [d.address("fran"), { on: false }],
        [d.address("fran"), { on: true }],
      ]);
      // December's (on November, when the network had just been set up and held nothing) ran and sent nothing
      const december = await d.services.store.jobs.byKey(`report:${w.network.id}:2026-12`);
      expect([december?.state, december?.dueAt]).toEqual(["done", new Date("2026-12-01T09:00:00Z")]);
      expect((await d.messagesTo("fran")).filter((m) => m.title?.startsWith("Monthly report"))).toEqual([]);
    },
  },
  {
    name: "export carries the report's tables: sessions, attendance per session and per spoke, cases, topics",
    async run(d) {
      await d.command("fran", "export 2026-12");
      const files = new Map((await d.files("fran")).map((f) => [f.name.replace(/^.*-2026-12-/, ""), f.text]));
      const rows = (name: string) => parse((files.get(name) ?? "").slice(1)) as string[][];
      expect(rows("sessions.csv")).toEqual([
        ["Network", "Session date", "Status", "Topic", "Teacher", "Attended", "Note"],
        [ECHO, "2026-12-02", "held", "", "", "2", ""],
      ]);
      expect(rows("attendance-per-session.csv")[1]?.slice(0, 8)).toEqual([
        ECHO,
        "2026-12-02",
        "",
        "2",
        "yes",
        "1",
        "50",
        "5.00",
      ]);
      expect(rows("attendance-per-spoke.csv").slice(1).sort()).toEqual([
        [ECHO, "Northside Practice", "1", "1"],
        [ECHO, "Riverside Hospice", "1", "1"],
      ]);
      expect(rows("cases-per-spoke.csv").slice(1)).toEqual([[ECHO, "Northside Practice", "1", "1"]]);
      expect(rows("topics.csv")).toEqual([["Network", "Topic", "Votes", "Times taught", "Dates taught"]]);
      expect((await d.command("ana", "export")).text).toBe(
        "Only a facilitator or an admin of this network can export the network's data.",
      );
    },
  },
];

scenario("the outcomes report in %s on %s", CAST, REPORTS);
