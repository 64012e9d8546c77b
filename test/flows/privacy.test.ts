/**
 * What the bot shows and logs, end to end, in Slack, in Teams and in the shell, on each database provider, through
 * the real routes: text people typed (a network's name, a topic's title, a form's answers) is shown as typed and never
 * turns into a ping, a mention or a link in the payloads Slack and Teams receive; and when the database refuses a
 * write that holds case text, the presenter gets a short reference, the log line carries the same reference, and no
 * line written to the log holds the case text (PostgreSQL puts the whole refused row into its error).
 */
import { inspect } from "node:util";
import { setupForm } from "../../src/core/networks/cards";
import type { Step } from "../support/drivers";
import { byLabel, CAST, on, scenario } from "../support/drivers";
import { SETUP_VALUES } from "../support/services";
import { mrkdwnHazards } from "../support/slack-blocks";
import { teamsHazards } from "../support/teams";
import { CASE_ANSWERS, SUBMIT } from "./presenting/world";

interface World {
  reference?: string;
}

const NETWORK_NAME = "<!channel>";
const PHISHING_TITLE = "[Verify your NHS login](https://evil.example)";
const PINGING_TITLE = "Night sedation <!here>";
const PINGING_TEACHER = "<@U123> <https://evil.example|click>";
/** A clean clinical sentence (the guard lets it through) that only this case holds, to look for in the log. */
const CASE_MARKER = "Tried nebulised saline twice daily for 5/7 with little change in the cough.";

/** Everything the bot sent the platform so far, and an answer's own payload, has no ping, mention or link in it. */
async function nothingActsOnText(d: Parameters<Step<World>["run"]>[0], raw?: unknown): Promise<void> {
  await on(d, {
    slack: (slack) => {
      expect(mrkdwnHazards(JSON.parse(slack.sent()))).toEqual([]);
      expect(mrkdwnHazards(raw ?? null)).toEqual([]);
      expect(mrkdwnHazards(slack.h.acks)).toEqual([]);
    },
    teams: (teams) => {
      expect(teamsHazards(teams.h.connector.requests.map((r) => r.body))).toEqual([]);
      expect(teamsHazards(raw ?? null)).toEqual([]);
    },
  });
}

const PRIVACY: Step<World>[] = [
  {
    name: "a network named <!channel> is set up, and every message shows its name as typed without pinging the channel",
    async run(d) {
      const form = await d.form("fran", await d.command("fran", "setup"));
      const values = byLabel(setupForm(undefined, d.services.clock.now()), { ...SETUP_VALUES, name: NETWORK_NAME });
      const done = await d.submit("fran", form, values);
      expect(done.view.title).toBe(`${NETWORK_NAME} is set up in this channel`);
      expect(done.text).toContain(NETWORK_NAME);
      await nothingActsOnText(d, done.raw);
      await on(d, {
        slack: (slack) => expect(slack.sent()).toContain("&lt;!channel&gt;"),
        teams: (teams) => expect(JSON.stringify(teams.h.connector.requests)).toContain("\\\\<!channel\\\\>"),
      });
      expect((await d.command("fran", "role @ana member")).text).toBe(
        `${d.name("ana")} is now member of ${NETWORK_NAME}.`,
      );
    },
  },
  {
    name: "a topic titled like a phishing link is shown as its words, in the answer, the channel and `topics`, and links nowhere",
    async run(d) {
      const proposed = await d.command("ana", `propose ${PHISHING_TITLE}`);
      expect(proposed.text).toContain(`proposed “${PHISHING_TITLE}”`);
      const topics = await d.command("ana", "topics");
      expect(topics.view.lines).toContain(`• ${PHISHING_TITLE} (proposed)`);
      await nothingActsOnText(d, [proposed.raw, topics.raw]);
      await on(d, {
        slack: (slack) => expect(slack.sent()).toContain(PHISHING_TITLE),
        teams: (teams) =>
          expect(JSON.stringify(teams.h.connector.requests)).toContain(
            "\\\\[Verify your NHS login\\\\](https://evil.example)",
          ),
      });
    },
  },
  {
    name: "a form's answers holding <!here>, <@U123> and <https://evil.example|click> are shown as typed, and nothing pings or links",
    async run(d) {
      const form = await d.form("ana", await d.command("ana", "propose"));
      const done = await d.submit("ana", form, { Title: PINGING_TITLE, "Suggested teacher": PINGING_TEACHER });
      expect(done.text).toContain(`proposed “${PINGING_TITLE}”`);
      const topics = await d.command("ana", "topics");
      expect(topics.view.lines).toContain(`• ${PINGING_TITLE} (proposed), suggested teacher: ${PINGING_TEACHER}`);
      await nothingActsOnText(d, [done.raw, topics.raw]);
      await on(d, {
        slack: (slack) => {
          expect(slack.sent()).toContain("&lt;@U123&gt; &lt;https://evil.example|click&gt;");
          expect(slack.sent()).toContain("Night sedation &lt;!here&gt;");
        },
        teams: (teams) =>
          expect(JSON.stringify(teams.h.connector.requests)).toContain(
            "\\\\<@U123\\\\> \\\\<https://evil.example|click\\\\>",
          ),
      });
    },
  },
  {
    name: "when the database refuses to store a case, the presenter gets a reference that is in the log line, and no log line holds the case",
    async run(d, w) {
      const slots = await d.command("ana", "present");
      await d.press("ana", slots.view, "Claim case 1");
      const form = await d.form("ana", await d.command("ana", "case"));
      const db = d.services.database.db;
      // the database refuses the row; on PostgreSQL its error repeats the row, as many database errors do
      if (d.provider === "postgresql") {
        await db.$executeRawUnsafe(
          `CREATE FUNCTION privacy_test() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused: %', NEW."fields"; END $$ LANGUAGE plpgsql`,
        );
        await db.$executeRawUnsafe(
          `CREATE TRIGGER privacy_test BEFORE INSERT OR UPDATE ON "CaseForm" FOR EACH ROW EXECUTE FUNCTION privacy_test()`,
        );
      } else
        await db.$executeRawUnsafe(
          `CREATE TRIGGER privacy_test BEFORE INSERT ON "CaseForm" BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
        );
      const before = d.services.log.lines.length;
      try {
        const failed = await d.submit("ana", form, {
          ...CASE_ANSWERS,
          "What has been tried": CASE_MARKER,
          "Save as": SUBMIT,
        });
        const reference = /reference: ([A-Z0-9]{6})/.exec(failed.text)?.[1];
        expect(reference).toBeDefined();
        w.reference = reference;
        expect(failed.text).not.toContain("nebulised");
        expect(failed.text).not.toMatch(/prisma|constraint|Failing row/i);
      } finally {
        if (d.provider === "postgresql") {
          await db.$executeRawUnsafe(`DROP TRIGGER privacy_test ON "CaseForm"`);
          await db.$executeRawUnsafe(`DROP FUNCTION privacy_test()`);
        } else await db.$executeRawUnsafe(`DROP TRIGGER privacy_test`);
      }
      const lines = d.services.log.lines.slice(before);
      const failure = lines.find((l) => l.level === "error" && l.context?.reference === w.reference);
      expect(failure).toBeDefined();
      const written = d.services.log.written();
      expect(written.filter((l) => l.includes(String(w.reference)))).toHaveLength(1);
      const line = JSON.parse(written.find((l) => l.includes(String(w.reference))) ?? "{}");
      expect(line.error).toMatchObject({ name: "PrismaClientKnownRequestError" });
      for (const l of written) expect(l).not.toMatch(/nebulised|refused:|saturation 89%/i);
      // the error itself held the case text on PostgreSQL: that is what the log leaves out
      if (d.provider === "postgresql")
        expect(inspect(failure?.context?.error, { depth: 10 })).toMatch(/refused: .*nebulised/);
      expect(await d.services.store.cases.bySlot((await firstSlotOf(d)) ?? "")).toBeUndefined();
    },
  },
];

async function firstSlotOf(d: Parameters<Step<World>["run"]>[0]): Promise<string | undefined> {
  const network = await d.services.store.networks.byChannel(d.channel);
  if (!network) return undefined;
  const [session] = await d.services.store.sessions.upcoming(network.id, d.services.clock.now(), 1);
  return session ? (await d.services.store.slots.forSession(session.id))[0]?.id : undefined;
}

scenario("what is shown and logged in %s on %s", CAST, PRIVACY);
