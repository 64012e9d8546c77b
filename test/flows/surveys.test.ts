/**
 * The post-session survey in Slack, Teams and the shell, on each database: facilitators set the questions (the
 * default ECHO set to start with) with field errors for a bad set; at the end each attendee, and nobody else, gets the
 * survey by direct message; a click records an answer and shows it, another click changes it; written answers go in a
 * form with a length limit; someone recorded present later gets it then; results for facilitators only, without names;
 * one reminder to those who have not completed it; after the close nothing changes.
 */
import type { Network, Session } from "../../src/core/ports";
import { DEFAULT_QUESTIONS, questionLines } from "../../src/core/surveys/questions";
import {
  CAST,
  type Driver,
  fieldOf,
  lastTitled,
  type Step,
  scenario,
  titled,
  type View,
  withoutLabel,
} from "../support/drivers";
import { formErrors, holdFirstSession, setUpNetwork } from "./network-world";

interface World {
  network: Network;
  s1: Session;
  card: View;
}

const ECHO = "Palliative Care ECHO";
const SURVEY = `How was ${ECHO} on 2026-12-02?`;
const REMINDER = `Reminder: ${SURVEY}`;
const COMMENT = '=HYPERLINK("http://evil.example","x") Great case, thank you';

const answersOf = async (d: Driver, w: World, who: string) =>
  new Map(
    (await d.services.store.surveys.answers(w.s1.id))
      .filter((a) => a.respondent === d.address(who))
      .map((a) => [a.questionId, a.value]),
  );

const settingsErrors = (d: Driver, values: Record<string, string>) => formErrors(d, "survey", values);

const SURVEYS: Step<World>[] = [
  {
    name: "a new network's survey is the default ECHO set, and a bad set is refused on its field",
    async run(d, w) {
      const { network, done } = await setUpNetwork(d);
      w.network = network;
      // the survey is reachable from setup: its summary has a Survey questions button, for facilitators
      const summary = done.view;
      expect((await d.press("ana", summary, "Survey questions")).text).toBe(
        "Only a facilitator or an admin of this network can change the survey.",
      );
      const fromSetup = await d.form("fran", await d.press("fran", summary, "Survey questions"));
      expect(fromSetup.title).toBe("Post-session survey");
      await d.cancel("fran", fromSetup);
      [w.s1] = (await d.services.store.sessions.upcoming(w.network.id, d.services.clock.now(), 1)) as [Session];
      expect((await d.command("ana", "survey")).text).toBe(
        `${ECHO} has no survey yet: each one is sent after its session ends.`,
      );
      const form = await d.form("fran", await d.command("fran", "survey"));
      // the shell prints the questions over several lines in its prompt, which its driver does not read back
      if (d.platform !== "shell") expect(fieldOf(form, "Questions").initial).toBe(questionLines(DEFAULT_QUESTIONS));
      await d.cancel("fran", form);
      // one a line; in the shell, whose prompt takes one line, each after a `;`
      const apart = d.platform === "shell" ? "; " : "\n";
      const eleven = Array.from({ length: 11 }, (_, i) => `scale: Question ${i + 1}`).join(apart);
      expect(await settingsErrors(d, { Questions: eleven })).toEqual({
        Questions: "At most 10 questions (there are 11).",
      });
      expect(await settingsErrors(d, { Questions: `scale:${apart}text: Comments` })).toEqual({
        Questions: "Line 1: the question has no words.",
      });
      expect(
        await settingsErrors(d, { "Reminder after (days; 0 for none)": "9", "Open for (days after the session)": "7" }),
      ).toEqual({ "Reminder after (days; 0 for none)": "The reminder must come before the survey closes." });
      expect(await d.services.store.surveys.settings(w.network.id)).toMatchObject({ questions: "[]", closeDays: 7 });
    },
  },
  {
    name: "at the end each attendee gets the survey by direct message, and nobody else",
    async run(d) {
      await holdFirstSession(d);
      expect(titled(await d.messagesTo("ana"), SURVEY)).toHaveLength(1);
      expect(titled(await d.messagesTo("ben"), SURVEY)).toHaveLength(1);
      expect(titled(await d.messagesTo("cy"), SURVEY)).toHaveLength(0);
      expect(titled(await d.messagesTo("fran"), SURVEY)).toHaveLength(0);
      await d.tick(60_000);
      expect(titled(await d.messagesTo("ana"), SURVEY)).toHaveLength(1);
    },
  },
  {
    name: "a click records an answer and shows it; another click changes it",
    async run(d, w) {
      w.card = lastTitled(await d.messagesTo("ana"), SURVEY);
      expect(w.card.lines).toContain(`1. ${DEFAULT_QUESTIONS[0]?.label} (1 = not at all, 5 = very much)`);
      let shown = (await d.press("ana", w.card, "4", [/^1\. Overall/])).view;
      expect(shown.lines).toContain("Your answer: 4");
      shown = (await d.press("ana", shown, "5", [/^1\. Overall/])).view;
      expect(await answersOf(d, w, "ana")).toEqual(new Map([["q1", "5"]]));
      for (const [question, label] of [
        [/^2\. How relevant/, "4"],
        [/^3\. How confident/, "3"],
        [/^4\. Will you change/, "Yes"],
        [/^6\. How useful/, "5"],
      ] as const)
        shown = (await d.press("ana", shown, label, [question])).view;
      expect(shown.lines).toContain("Thank you: your answers are in.");
      w.card = shown;
      expect(await answersOf(d, w, "ana")).toEqual(
        new Map([
          ["q1", "5"],
          ["q2", "4"],
          ["q3", "3"],
          ["q4", "0"],
          ["q6", "5"],
        ]),
      );
    },
  },
  {
    name: "written answers go in a form that refuses one over its limit on the field",
    async run(d, w) {
      const form = await d.form("ana", await d.press("ana", w.card, "Write your answers"));
      const refused = await d.submit("ana", form, { "Any other comments?": "x".repeat(1001) });
      const open = refused.form ?? form;
      const comments = "Any other comments?";
      expect(withoutLabel(comments, open.errors[comments] ?? fieldOf(open, comments).error ?? "")).toMatch(
        /1,000 characters/,
      );
      expect((await answersOf(d, w, "ana")).has("q7")).toBe(false);
      const saved = await d.submit("ana", open, { [comments]: COMMENT });
      expect(saved.text).toContain(`Your answer: ${COMMENT}`);
      expect((await answersOf(d, w, "ana")).get("q7")).toBe(COMMENT);
    },
  },
  {
    name: "someone who did not attend is refused and nothing is stored",
    on: ["slack", "teams"],
    async run(d, w) {
      expect((await d.press("cy", w.card, "1", [/^1\. Overall/])).text).toBe(
        `This survey is for those who attended ${ECHO} on 2026-12-02.`,
      );
      expect(await answersOf(d, w, "cy")).toEqual(new Map());
    },
  },
  {
    name: "someone marked present after the end gets the survey then",
    async run(d) {
      await d.command("fran", "attend @cy present joined by phone");
      await d.tick();
      expect(titled(await d.messagesTo("cy"), SURVEY)).toHaveLength(1);
    },
  },
  {
    name: "results are for facilitators and hub experts, with counts, means and comments and no names",
    async run(d) {
      expect((await d.command("ana", "results")).text).toBe(
        "Only facilitators and hub experts can see the survey results.",
      );
      const results = (await d.command("fran", "results")).view;
      expect(results.title).toBe(`Survey results: ${ECHO}, 2026-12-02`);
      expect(results.lines[0]).toBe("Responses: 1 of 3 attendees (33%).");
      expect(results.lines).toContain(`1. ${DEFAULT_QUESTIONS[0]?.label} (1 answers; mean 5.0)`);
      expect(results.lines).toContain("5  ██████████ 1");
      expect(results.lines).toContain("Yes  ██████████ 1");
      expect(results.text).toContain(COMMENT.replace(/\s+/g, " "));
      expect(results.text).not.toContain(d.name("ana"));
    },
  },
  {
    name: "one reminder goes to attendees who have not completed it",
    async run(d) {
      await d.tick("2026-12-04T14:00:00Z");
      await d.tick();
      expect(titled(await d.messagesTo("ben"), REMINDER)).toHaveLength(1);
      expect(titled(await d.messagesTo("cy"), REMINDER)).toHaveLength(1);
      expect(titled(await d.messagesTo("ana"), REMINDER)).toHaveLength(0);
      await d.tick(3_600_000);
      expect(titled(await d.messagesTo("ben"), REMINDER)).toHaveLength(1);
    },
  },
  {
    name: "after the survey closes a click says so and changes nothing",
    async run(d, w) {
      await d.tick("2026-12-09T14:01:00Z");
      const ben = lastTitled(await d.messagesTo("ben"), REMINDER);
      expect((await d.press("ben", ben, "2", [/^1\. Overall/])).text).toBe(
        "This survey closed on 2026-12-09; your answers were not changed.",
      );
      expect(await answersOf(d, w, "ben")).toEqual(new Map());
    },
  },
];

scenario("the post-session survey in %s on %s", CAST, SURVEYS);
