/**
 * Adding a session's recording in Slack, Teams and the shell, on each database: facilitators only, held sessions only,
 * https links only (a field error or a clear message otherwise, and nothing stored), in one line or with the form
 * (slides and a note too, keeping or replacing an earlier one), and the channel told once.
 */
import type { Network, Session } from "../../src/core/ports";
import { CAST, type Driver, fieldOf, type Step, scenario, withoutLabel } from "../support/drivers";
import { formErrors, holdFirstSession, setUpNetwork } from "./network-world";

interface World {
  network: Network;
  held: Session;
  next: Session;
}

const ECHO = "Palliative Care ECHO";
const TITLE = `Recording: ${ECHO} session`;
const LINK = "https://video.example.org/rec/2026-12-02";
const BETTER = "https://video.example.org/rec/2026-12-02-edited";

const stored = async (d: Driver, w: World) =>
  (await d.services.store.recordings.ofSession(w.held.id)).map((r) => [r.url, r.slidesUrl, r.note]);

/** The recording form's field errors for these values, by label. */
const recordingErrors = (d: Driver, values: Record<string, string>) =>
  formErrors(d, "recording", values, ["Session", "Recording link", "Slides link", "Note"]);

const RECORDINGS: Step<World>[] = [
  {
    name: "before any session is held there is nothing to add a recording to, and a member may not add one",
    async run(d, w) {
      ({ network: w.network } = await setUpNetwork(d));
      expect((await d.command("fran", "recording")).text).toBe(
        `${ECHO} has held no sessions yet: a recording can be added once one has been held.`,
      );
      expect((await d.command("ana", "recording last https://video.example.org/x")).text).toBe(
        "Only a facilitator or an admin of this network can add a recording.",
      );
    },
  },
  {
    name: "a link that is not https, not a link, or for a session not held is refused, and nothing is stored",
    async run(d, w) {
      await holdFirstSession(d);
      [w.held] = (await d.services.store.sessions.between(
        w.network.id,
        new Date("2026-12-02T00:00:00Z"),
        new Date("2026-12-02T23:59:00Z"),
      )) as [Session];
      [w.next] = (await d.services.store.sessions.upcoming(w.network.id, d.services.clock.now(), 1)) as [Session];
      expect(w.held.status).toBe("held");
      expect((await d.command("fran", "recording last http://video.example.org/rec")).text).toBe(
        "Recording link: Only https links can go in the library (this one starts with http:).",
      );
      expect((await d.command("fran", "recording last javascript:alert(1)")).text).toBe(
        "Recording link: Only https links can go in the library (this one starts with javascript:).",
      );
      expect((await d.command("fran", "recording last video.example.org")).text).toBe(
        "Recording link: That is not a link: paste the whole address, starting with https://.",
      );
      // a link as long as that is a command over the limit of one; the form's field says so of the link itself
      expect((await d.command("fran", `recording last https://${"x".repeat(2000)}.org`)).text).toBe(
        "That command is too long (over 2000 characters).",
      );
      expect((await d.command("fran", "recording 2026-12-09 https://video.example.org/rec")).text).toBe(
        "The session on 2026-12-09 has not happened yet: a recording can be added once it has been held.",
      );
      expect((await d.command("fran", "recording 2026-12-03 https://video.example.org/rec")).text).toBe(
        `${ECHO} has no session on 2026-12-03.`,
      );
      expect((await d.command("fran", "recording yesterday https://video.example.org/rec")).text).toMatch(
        /^`yesterday` is not `last` or a date\. Usage: `recording`/,
      );
      expect(await stored(d, w)).toEqual([]);
    },
  },
  {
    name: "`recording last <link>` adds it to the last session held and tells the channel once",
    async run(d, w) {
      const answer = await d.command("fran", `recording last ${LINK}`);
      const told = answer.views.filter((v) => v.title === TITLE);
      expect(told).toHaveLength(1);
      expect(told[0]?.lines).toEqual(
        ["Session: 2026-12-02", `Recording: ${LINK}`, "Type `library` to see every session's recording."].map((l) =>
          d.platform === "shell" ? l : l,
        ),
      );
      expect(told[0]?.private).not.toBe(true);
      expect(await stored(d, w)).toEqual([[LINK, null, null]]);
      // nobody is sent it by direct message besides
      for (const who of ["ana", "ben"]) expect((await d.messagesTo(who)).filter((m) => m.title === TITLE)).toEqual([]);
    },
  },
  {
    name: "the form refuses a bad link or slides on their fields, and replaces the earlier recording on request",
    async run(d, w) {
      const form = await d.form("fran", await d.command("fran", "recording"));
      expect(fieldOf(form, "Session").options).toEqual(["2026-12-02: no topic set"]);
      await d.cancel("fran", form);
      expect(await recordingErrors(d, { "Recording link": "http://video.example.org/rec" })).toEqual({
        "Recording link": "Only https links can go in the library (this one starts with http:).",
      });
      expect(
        await recordingErrors(d, { "Recording link": BETTER, "Slides link": "ftp://files.example.org/slides.pdf" }),
      ).toEqual({ "Slides link": "Only https links can go in the library (this one starts with ftp:)." });
      expect(await recordingErrors(d, { "Recording link": `https://${"x".repeat(1990)}.example.org` })).toEqual({
        "Recording link": "Keep the link to 2,000 characters (this one has 2,010).",
      });
      expect(await recordingErrors(d, { "Recording link": BETTER, Note: "x".repeat(301) })).toEqual({
        Note: "Keep the note to 300 characters (this one has 301).",
      });
      expect(await stored(d, w)).toEqual([[LINK, null, null]]);
      const done = await d.submit("fran", await d.form("fran", await d.command("fran", "recording")), {
        "Recording link": BETTER,
        "Slides link": "https://files.example.org/slides.pdf",
        Note: "Passcode: 7Hq!2",
        "If the session has a recording already": "Replace it",
      });
      expect(done.text).toContain(`Recording: ${BETTER}`);
      expect(await stored(d, w)).toEqual([[BETTER, "https://files.example.org/slides.pdf", "Passcode: 7Hq!2"]]);
      const audit = await d.services.database.db.auditEntry.findMany({
        where: { action: { startsWith: "recording." } },
      });
      expect(audit.map((a) => a.action)).toEqual(["recording.add", "recording.replace"]);
    },
  },
  {
    name: "a form naming a session that has not been held, or another network's, is refused on its field",
    async run(d, w) {
      expect(await recordingErrors(d, { Session: w.next.id, "Recording link": BETTER })).toEqual({
        Session: "That session has not happened yet: a recording can be added once it has been held.",
      });
      expect(await recordingErrors(d, { Session: "c0000000000000000000000000", "Recording link": BETTER })).toEqual({
        Session: "Choose one of the sessions in the list.",
      });
      expect(await stored(d, w)).toHaveLength(1);
    },
  },
];

const LIBRARY = `${ECHO} library`;
const s2 = (d: Driver) => `2026-12-09: Breathlessness at the end of life, taught by ${d.name("ben")}`;

const LIBRARY_STEPS: Step<World>[] = [
  {
    name: "the library lists the sessions held, newest first, with their recordings, slides and notes",
    async run(d, w) {
      // the two sessions' topics (proposed by members) and the second's teacher, as the curriculum plan sets them
      const db = d.services.database.db;
      await d.command("ana", "propose Delirium in care homes");
      await d.command("ben", "propose Breathlessness at the end of life");
      const topics = new Map((await d.services.store.topics.list(w.network.id)).map((t) => [t.title, t.id]));
      await db.session.update({ where: { id: w.held.id }, data: { topicId: topics.get("Delirium in care homes") } });
      await db.session.update({
        where: { id: w.next.id },
        data: { topicId: topics.get("Breathlessness at the end of life"), teacherUser: d.address("ben") },
      });
      await d.tick("2026-12-09T14:00:00Z");
      await d.command("fran", "recording 2026-12-09 https://video.example.org/rec/2026-12-09");
      const card = (await d.command("ana", "library")).view;
      expect(card.title).toBe(LIBRARY);
      expect(card.lines).toEqual([
        "2 sessions held, 2 with a recording; the newest first.",
        s2(d),
        "Recording: https://video.example.org/rec/2026-12-09",
        "2026-12-02: Delirium in care homes",
        `Recording: ${BETTER}`,
        "Slides: https://files.example.org/slides.pdf",
        "Note: Passcode: 7Hq!2",
      ]);
    },
  },
  {
    name: "a search finds sessions by topic, teacher, note, date or month, and says when nothing matches",
    async run(d) {
      const found = async (words: string) =>
        (await d.command("ana", `library ${words}`)).view.lines.filter((l) => /^2026-/.test(l));
      expect(await found("delirium")).toEqual(["2026-12-02: Delirium in care homes"]);
      expect(await found("ben")).toEqual([s2(d)]);
      expect(await found("passcode")).toEqual(["2026-12-02: Delirium in care homes"]);
      expect(await found("2026-12-09")).toEqual([s2(d)]);
      expect(await found("december")).toEqual([s2(d), "2026-12-02: Delirium in care homes"]);
      expect(await found("2026-12")).toEqual([s2(d), "2026-12-02: Delirium in care homes"]);
      // the better match first, then the newer
      expect(await found("delirium december")).toEqual(["2026-12-02: Delirium in care homes", s2(d)]);
      expect((await d.command("ana", "library zebra")).text).toBe(
        `Nothing found for “zebra” in ${ECHO}'s library. Try a topic, a teacher, a month (\`november\`, \`2026-11\`) or a date.`,
      );
    },
  },
  {
    name: "someone who is not a member sees nothing of the library",
    async run(d) {
      const refused = await d.command("zed", "library delirium");
      expect(refused.text).toBe("Only the network's members can see its library.");
      expect(refused.text).not.toContain("Delirium");
    },
  },
];

const NUDGE = (date: string) =>
  `No recording has been added for ${ECHO} on ${date} yet. If it was recorded, type \`recording ${date} <link>\` in the network's channel (or \`recording\` for the form), so that members can find it in the library. \`recording nudge off\` stops these reminders.`;

const MANAGING: Step<World>[] = [
  {
    name: "a recording is edited with its form (field errors as when adding) and removed, each audited",
    async run(d, w) {
      expect((await d.command("ana", "recording remove 2026-12-09")).text).toBe(
        "Only a facilitator or an admin of this network can add a recording.",
      );
      const form = await d.form("fran", await d.command("fran", "recording edit 2026-12-02"));
      expect(fieldOf(form, "Recording link").initial).toBe(BETTER);
      const refused = await d.submit("fran", form, { "Slides link": "javascript:alert(1)", Note: "Passcode: 8Kr?3" });
      const open = refused.form ?? form;
      const slides = "Slides link";
      expect(withoutLabel(slides, open.errors[slides] ?? fieldOf(open, slides).error ?? "")).toBe(
        "Only https links can go in the library (this one starts with javascript:).",
      );
      // the shell asks again only the field with the error
      const saved = await d.submit("fran", open, { "Slides link": "https://files.example.org/slides-v2.pdf" });
      expect(saved.text).toBe("Saved the recording of 2026-12-02.");
      expect(await stored(d, w)).toEqual([[BETTER, "https://files.example.org/slides-v2.pdf", "Passcode: 8Kr?3"]]);
      expect((await d.command("fran", "recording remove 2026-12-09")).text).toBe(
        "Removed the recording of the session on 2026-12-09.",
      );
      expect((await d.command("fran", "recording remove 2026-12-09")).text).toBe(
        "The session on 2026-12-09 has no recording.",
      );
      const audit = await d.services.database.db.auditEntry.findMany({
        where: { action: { startsWith: "recording." } },
      });
      expect(audit.map((a) => a.action).slice(-2)).toEqual(["recording.edit", "recording.remove"]);
    },
  },
  {
    name: "two days after a session with no recording its facilitators get one nudge, and none once it is turned off",
    async run(d) {
      await d.tick("2026-12-16T14:00:00Z");
      await d.tick("2026-12-18T14:01:00Z");
      await d.tick(3_600_000);
      const nudged = (who: string, date: string) =>
        d.messagesTo(who).then((views) => views.filter((v) => v.text === NUDGE(date)).length);
      expect(await nudged("fran", "2026-12-16")).toBe(1);
      expect(await nudged("ana", "2026-12-16")).toBe(0);
      // the sessions that had a recording two days after them were not nudged about
      expect(await nudged("fran", "2026-12-02")).toBe(0);
      expect((await d.command("fran", "recording nudge off")).text).toBe(
        "No more reminders about sessions without a recording.",
      );
      await d.tick("2026-12-23T14:00:00Z");
      await d.tick("2026-12-25T14:01:00Z");
      expect(await nudged("fran", "2026-12-23")).toBe(0);
    },
  },
];

scenario("adding a recording in %s on %s", CAST, [...RECORDINGS, ...LIBRARY_STEPS, ...MANAGING]);
