/**
 * `export` in Slack, Teams and the shell, on each database: a facilitator gets the attendance and survey files, and
 * nobody else does (Slack: uploaded with files.uploadV2 into their direct message; Teams: file consent cards in their
 * personal chat, uploaded to their OneDrive when they accept; the shell: files under the exports folder). The files
 * are RFC 4180 with a BOM, a comment typed as a formula opens as text, the survey file names nobody, and the
 * attendance file says how each record was made, the correction's reason and who completed the survey.
 */
import { parse } from "csv-parse/sync";
import type { Network } from "../../src/core/ports";
import { CAST, on, type ReceivedFile, type Step, scenario } from "../support/drivers";
import { answerSurvey, holdFirstSession, setUpNetwork } from "./network-world";

interface World {
  network: Network;
  files: ReceivedFile[];
}

const ECHO = "Palliative Care ECHO";
const COMMENT = '=HYPERLINK("http://evil.example","x")';
const STEM = "palliative-care-echo-2026-12-02";
const ATTENDANCE = `${STEM}-attendance.csv`;
const RESPONSES = `${STEM}-survey-responses.csv`;
const BOM = "\uFEFF";
/** the outcomes report's tables, which every export carries after the two files above */
const TABLES = ["sessions", "attendance-per-session", "attendance-per-spoke", "cases-per-spoke", "topics"].map(
  (t) => `${STEM}-${t}.csv`,
);

/** A CSV file's records, read by a strict RFC 4180 parser (the BOM taken off first, as Excel does). */
function records(file: ReceivedFile | undefined): string[][] {
  if (!file) throw new Error("no such file");
  expect(file.text.startsWith(BOM)).toBe(true);
  return parse(file.text.slice(1), { relax_quotes: false, relax_column_count: false }) as string[][];
}

const fileNamed = (files: ReceivedFile[], name: string) => files.find((f) => f.name === name);

const EXPORTS: Step<World>[] = [
  {
    name: "before any session is held there is nothing to export, and a member's export is refused",
    async run(d, w) {
      ({ network: w.network } = await setUpNetwork(d));
      expect((await d.command("fran", "export")).text).toBe(
        `${ECHO} has held no sessions yet: there is nothing to export.`,
      );
      expect((await d.command("ana", "export")).text).toBe(
        "Only a facilitator or an admin of this network can export the network's data.",
      );
      expect((await d.command("fran", "export everything")).text).toBe(
        "“everything” is not a period. Try `export` (everything), `export 2026`, `export 2026-11` or `export 2026-09..2026-11`.",
      );
      expect((await d.command("fran", "export 2027")).text).toBe(
        "2027 has not started yet, so there is nothing to export. Try `export` (everything), `export 2026`, `export 2026-11` or `export 2026-09..2026-11`.",
      );
    },
  },
  {
    name: "a session is held: two check in, one is marked present by a facilitator, one answers the survey",
    async run(d) {
      await holdFirstSession(d);
      await answerSurvey(d, "ana", COMMENT);
      await d.command("fran", "attend @cy present joined by phone, from the car park");
      await d.tick();
    },
  },
  {
    name: "a facilitator's export reaches them alone: the attendance and the survey responses",
    async run(d, w) {
      const before = (await d.channelMessages()).length;
      const answer = await d.command("fran", "export");
      const told = `${ECHO}, 1 session held: attendance (4 rows, one per person per session), survey responses (1 response, without names), and the outcomes report's tables`;
      if (d.platform === "shell") expect(answer.text).toContain(told);
      else expect(answer.text).toMatch(/^Sent to you alone, in your (direct message|personal chat) with teleecho/);
      w.files = await d.files("fran");
      expect(w.files.map((f) => f.name).sort()).toEqual([ATTENDANCE, RESPONSES, ...TABLES].sort());
      for (const who of ["ana", "ben", "cy"]) expect(await d.files(who)).toEqual([]);
      // nothing about it in the channel
      expect((await d.channelMessages()).length).toBe(before);
      const audit = await d.services.database.db.auditEntry.findMany({ where: { action: "export" } });
      expect(audit.map((a) => a.actor)).toEqual([d.address("fran")]);
    },
  },
  {
    name: "the attendance file has one row per person, how it was recorded, the reason and the survey completed",
    async run(d, w) {
      const file = fileNamed(w.files, ATTENDANCE);
      expect(file?.text.split("\r\n")[0]).toBe(
        `${BOM}Network,Session date,Topic,Name,Role,Attended,How recorded,Recorded at,Correction reason,Survey completed`,
      );
      const rows = records(file).slice(1);
      const byName = new Map(rows.map((r) => [r[3], r]));
      expect(rows).toHaveLength(4);
      expect(byName.get(d.name("ana"))?.slice(4)).toEqual([
        "member",
        "present",
        "checked in",
        "2026-12-02 12:30",
        "",
        "yes",
      ]);
      expect(byName.get(d.name("ben"))?.slice(5)).toEqual(["present", "checked in", "2026-12-02 12:30", "", "no"]);
      expect(byName.get(d.name("cy"))?.slice(5, 7)).toEqual(["present", "marked by a facilitator"]);
      // a reason with a comma stays one field
      expect(byName.get(d.name("cy"))?.[8]).toBe("joined by phone, from the car park");
      expect(byName.get(d.name("fran"))?.slice(4, 7)).toEqual(["facilitator", "absent", "not recorded"]);
      expect(rows.every((r) => r[0] === ECHO && r[1] === "2026-12-02")).toBe(true);
    },
  },
  {
    name: "the survey file has one row per response, no names, and the formula in a comment opens as text",
    async run(d, w) {
      const file = fileNamed(w.files, RESPONSES);
      const [header, ...rows] = records(file);
      // no "complete" column: beside the attendance file's, it would point at whoever did not finish
      expect(header?.slice(0, 5)).toEqual([
        "Network",
        "Session date",
        "Topic",
        "Response",
        "Overall, how satisfied are you with this session?",
      ]);
      expect(header).toContain("Any other comments?");
      expect(rows).toHaveLength(1);
      const row = new Map(header?.map((h, i) => [h, rows[0]?.[i]]));
      expect(row.get("Overall, how satisfied are you with this session?")).toBe("5");
      expect(row.get("Will you change something in your practice because of this session?")).toBe("I already do this");
      // the cell starts with a quote mark, so a spreadsheet shows the text instead of running it
      expect(row.get("Any other comments?")).toBe(`'${COMMENT}`);
      expect(file?.text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      for (const who of ["ana", "ben", "cy", "fran"]) expect(file?.text).not.toContain(d.name(who));
      expect(file?.text).not.toContain(d.address("ana"));
    },
  },
  {
    name: "in Slack the files are uploaded with files.uploadV2 into the facilitator's direct message",
    on: ["slack"],
    async run(d) {
      await on(d, {
        slack: async (slack) => {
          const fake = slack.h.fake;
          expect(fake.callsTo("conversations.open").at(-1)?.body.users).toBe(slack.userId("fran"));
          expect(fake.callsTo("files.getUploadURLExternal").map((c) => c.body.filename)).toEqual([
            ATTENDANCE,
            RESPONSES,
            ...TABLES,
          ]);
          const completed = fake.callsTo("files.completeUploadExternal");
          expect(completed.map((c) => c.body.channel_id)).toEqual([slack.dm("fran")]);
          expect(String(completed[0]?.body.initial_comment)).toContain("survey responses (1 response, without names)");
          expect(fake.callsTo("files.upload")).toEqual([]);
          // a workspace that installed the app before it asked for files:write is told what to do
          fake.failures.set("files.getUploadURLExternal", "missing_scope");
          const refused = await d.command("fran", "export");
          fake.failures.delete("files.getUploadURLExternal");
          expect(refused.text).toBe(
            "teleecho may not send files in this workspace yet: a Slack admin needs to reinstall the app, which now asks for permission to upload files (files:write).",
          );
        },
      });
    },
  },
  {
    name: "in Teams a declined file is not sent, and only the person a file was made for can take it",
    on: ["teams"],
    async run(d) {
      await on(d, {
        teams: async (teams) => {
          const uploads = () => teams.h.connector.requests.filter((r) => r.kind === "upload").length;
          const infoCards = () =>
            teams.h.connector.sent().filter((r) => JSON.stringify(r.body.attachments ?? []).includes("card.file.info"))
              .length;
          // what the first export's accepts did: one upload and one file card for each of its seven files
          expect([uploads(), infoCards()]).toEqual([7, 7]);
          const accepted = (await teams.consentCards("fran"))[0];
          if (!accepted) throw new Error("no consent card");
          expect(accepted.content.sizeInBytes).toBeGreaterThan(100);
          expect(JSON.stringify(accepted.content)).not.toContain("Ana");
          // an accept of a file already taken is answered, and uploads nothing
          await teams.v.post(teams.consent("fran", accepted, "accept"));
          expect(teams.h.connector.last().body.text).toMatch(/^That file is no longer waiting for you/);
          // a second export: its first file declined, its second accepted by somebody else
          await d.command("fran", "export");
          const [first, second] = (await teams.consentCards("fran")).slice(-7, -5);
          if (!first || !second) throw new Error("no consent cards");
          await teams.v.post(teams.consent("fran", first, "decline"));
          expect(teams.h.connector.last().body.text).toBe(
            `Not sent: ${first.name}. Type \`export\` in the network's channel when you want it.`,
          );
          const stolen = { ...second, conversationId: (await teams.chatOf("ana")) ?? "a:1personal-ana" };
          await teams.v.post(teams.consent("ana", stolen, "accept"));
          expect(teams.h.connector.last().body.text).toMatch(/^That file is no longer waiting for you/);
          // an upload session that is not https (nor the connector's own host) gets nothing
          await teams.v.post(teams.consent("fran", second, "accept", { uploadUrl: "http://files.evil.example/up" }));
          expect(String(teams.h.connector.last().body.text)).toContain("nothing was sent");
          expect([uploads(), infoCards()]).toEqual([7, 7]);
          // fran herself can still take it; her double click uploads it once
          await Promise.all([
            teams.v.post(teams.consent("fran", second, "accept")),
            teams.v.post(teams.consent("fran", second, "accept")),
          ]);
          expect([uploads(), infoCards()]).toEqual([8, 8]);
          // the second export's five other files still wait for her
          expect(await d.services.database.db.pendingFile.count()).toBe(5);
        },
      });
    },
  },
];

scenario("export in %s on %s", CAST, EXPORTS);
