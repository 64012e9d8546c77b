/** Voting, casting votes: the ballot form, changed and repeated votes, refusals, running counts and the close. */
import { FormIds } from "../../../src/core/ids";
import { decodeViewMetadata } from "../../../src/slack/view-metadata";
import type { Step } from "../../support/drivers";
import { fieldOf, on } from "../../support/drivers";
import { BREATHLESSNESS, CLOSES, CONSTIPATION, DELIRIUM, OPIOIDS } from "../../support/seed";
import { interactive, NETWORK_CHANNEL, CHANNEL as SLACK_CHANNEL, viewSubmission } from "../../support/slack";
import { input, type Json } from "../../support/slack-blocks";
import { CHANNEL_ID, cardInputs, taskSubmit } from "../../support/teams";
import { buttonLine, id, NOT_A_MEMBER, PICKS, papers, RANKING, voters, type World } from "./world";

export const BALLOTS: Step<World>[] = [
  {
    name: "a member votes from the ballot's Vote button: a form with the ballot's topics to choose from, and the vote is recorded",
    async run(d, w) {
      // `vote` shows the open ballot too
      const card = (await d.command("ana", "vote")).view;
      expect(card.title).toBe("Palliative Care ECHO: curriculum vote");
      expect(card.buttons.map((b) => b.label)).toEqual(["Vote", "Close now"]);
      await on(d, { shell: () => expect(card.raw).toContain(buttonLine(["Vote", "Close now"])) });
      const form = await d.form("ana", await d.press("ana", w.ballotPost, "Vote"));
      expect(form.title).toBe("Your vote");
      const picks = fieldOf(form, PICKS);
      expect(picks).toMatchObject({
        required: true,
        multiple: true,
        options: [DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION],
      });
      expect(picks.initial).toBeUndefined();
      await on(d, {
        slack: (slack) => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.vote);
          expect(decodeViewMetadata(String(view.private_metadata))).toEqual({
            channel: NETWORK_CHANNEL,
            metadata: w.ballot.id,
            responseUrl: `${slack.h.fake.base}/respond/action-UANA`,
          });
          expect(input(view, "picks").element.type).toBe("checkboxes");
          expect(input(view, "picks").element.initial_options).toBeUndefined();
        },
        teams: (teams) => {
          const field = cardInputs(teams.dialog(form)).get("picks");
          expect(field).toMatchObject({ type: "Input.ChoiceSet", isMultiSelect: true, label: PICKS });
          expect(field?.value).toBeUndefined();
        },
        shell: (shell) =>
          expect(shell.shell.prompt).toBe(
            `${PICKS}\n  1) ${DELIRIUM}\n  2) ${BREATHLESSNESS}\n  3) ${OPIOIDS}\n  4) ${CONSTIPATION}\n  Several: numbers separated by commas, e.g. 1,3 (at most 2)\n> `,
          ),
      });
      const done = await d.submit("ana", form, { [PICKS]: [OPIOIDS, DELIRIUM] });
      expect(done.text).toBe(`Your vote is recorded: ${OPIOIDS}, ${DELIRIUM}. You can change it until ${CLOSES}.`);
      expect(await papers(d, w)).toEqual([[id(w, OPIOIDS), id(w, DELIRIUM)]]);
    },
  },
  {
    name: "choosing no topic, or more topics than the ballot allows, is answered with an error on the picks",
    async run(d, w) {
      const form = await d.form("ben", await d.press("ben", w.ballotPost, "Vote"));
      const none = await d.submit("ben", form, { [PICKS]: [] });
      expect(form.errors).toEqual({ [PICKS]: "Choose at least one topic." });
      const many = await d.submit("ben", form, { [PICKS]: [DELIRIUM, BREATHLESSNESS, OPIOIDS] });
      expect(form.errors).toEqual({ [PICKS]: "Choose at most 2 (you chose 3)." });
      await on(d, {
        slack: (slack) => {
          expect(slack.ack(none)).toEqual({
            response_action: "errors",
            errors: { picks: "Choose at least one topic." },
          });
          expect(slack.ack(many)).toEqual({
            response_action: "errors",
            errors: { picks: "Choose at most 2 (you chose 3)." },
          });
        },
        teams: (teams) =>
          expect(cardInputs(teams.dialog(form)).get("picks")?.errorMessage).toBe("Choose at most 2 (you chose 3)."),
        shell: () => expect(many.raw).toContain("Please check these:\n  Pick up to 2: Choose at most 2 (you chose 3)."),
      });
      expect(await papers(d, w)).toHaveLength(1);
      await d.cancel("ben", form);
    },
  },
  {
    name: "a member changes the vote: the form shows the earlier picks, the new picks replace them, and the same vote sent again counts once",
    async run(d, w) {
      const card = (await d.command("ana", "vote")).view;
      const form = await d.form("ana", await d.press("ana", card, "Vote"));
      const earlier = fieldOf(form, PICKS).initial;
      expect([...(earlier as string[])].sort()).toEqual([DELIRIUM, OPIOIDS].sort());
      await on(d, {
        // Slack ticks the boxes in the ballot's order; Teams and the shell show the picks in the order they were made
        slack: () => expect(earlier).toEqual([DELIRIUM, OPIOIDS]),
        teams: () => expect(earlier).toEqual([OPIOIDS, DELIRIUM]),
        shell: (shell) => {
          expect(earlier).toEqual([OPIOIDS, DELIRIUM]);
          expect(shell.shell.prompt).toMatch(/\(at most 2\)\n\[3,1\] > $/);
        },
      });
      const changed = await d.submit("ana", form, { [PICKS]: [OPIOIDS] });
      expect(changed.text).toBe(`Your vote is recorded: ${OPIOIDS}. You can change it until ${CLOSES}.`);
      expect(await papers(d, w)).toEqual([[id(w, OPIOIDS)]]);
      // the same vote again, the form kept as it opened
      const again = await d.form("ana", await d.press("ana", w.ballotPost, "Vote"));
      expect(fieldOf(again, PICKS).initial).toEqual([OPIOIDS]);
      expect((await d.submit("ana", again, {})).text).toBe(
        `Your vote is recorded: ${OPIOIDS}. You can change it until ${CLOSES}.`,
      );
      expect(await voters(d, w)).toBe(1);
      expect(await papers(d, w)).toEqual([[id(w, OPIOIDS)]]);
    },
  },
  {
    name: "a vote delivered twice at once, and again as the platform's retry, counts once",
    on: ["slack", "teams"],
    async run(d, w) {
      const form = await d.form("ben", await d.press("ben", w.ballotPost, "Vote"));
      await on(d, {
        slack: async (slack) => {
          const body = interactive(
            viewSubmission("UBEN", form.raw as Json, { picks: [id(w, OPIOIDS), id(w, BREATHLESSNESS)] }),
          );
          const answers = await Promise.all([slack.h.post(body), slack.h.post(body)]);
          answers.push(
            await slack.h.post(body, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }),
          );
          expect(answers.map((a) => [a.status, a.text])).toEqual([
            [200, ""],
            [200, ""],
            [200, ""],
          ]);
        },
        teams: async (teams) => {
          const activity = taskSubmit(teams.url, teams.user("ben"), teams.dialog(form), {
            picks: `${id(w, OPIOIDS)},${id(w, BREATHLESSNESS)}`,
          });
          await Promise.all([teams.v.post(activity), teams.v.post(activity)]);
          await teams.v.post(activity);
        },
      });
      await d.cancel("ben", form);
      expect(await voters(d, w)).toBe(2);
      expect((await papers(d, w)).map((p) => [...p].sort()).sort()).toEqual(
        [[id(w, OPIOIDS)], [id(w, OPIOIDS), id(w, BREATHLESSNESS)].sort()].sort(),
      );
    },
  },
  {
    name: "a second member votes for two topics",
    on: ["shell"],
    async run(d, w) {
      const form = await d.form("ben", await d.press("ben", w.ballotPost, "Vote"));
      expect((await d.submit("ben", form, { [PICKS]: [OPIOIDS, BREATHLESSNESS] })).text).toBe(
        `Your vote is recorded: ${OPIOIDS}, ${BREATHLESSNESS}. You can change it until ${CLOSES}.`,
      );
      expect(await voters(d, w)).toBe(2);
      expect(await papers(d, w)).toContainEqual([id(w, OPIOIDS)]);
    },
  },
  {
    name: "someone who is not a member is refused clearly at the Vote button and when proposing, and nothing is counted",
    async run(d, w) {
      const pressed = await d.press("zed", w.ballotPost, "Vote");
      expect(pressed.text).toBe(NOT_A_MEMBER);
      expect(pressed.form).toBeUndefined();
      await on(d, {
        slack: () => expect(pressed.view.private).toBe(true),
        teams: () => expect(pressed.raw).toEqual({ task: { type: "message", value: NOT_A_MEMBER } }),
      });
      expect((await d.command("zed", "propose Syringe drivers")).text).toBe(
        "Only members of Palliative Care ECHO can propose topics. A facilitator can add you with `role @you member`.",
      );
      expect(await voters(d, w)).toBe(2);
    },
  },
  {
    name: "a ballot form a member opened and someone who is not a member sent is refused, and nothing is counted",
    on: ["slack", "teams"],
    async run(d, w) {
      const form = await d.form("ben", await d.press("ben", w.ballotPost, "Vote"));
      const sent = await d.submit("zed", form, { [PICKS]: [DELIRIUM] });
      expect(sent.text).toContain("Only members of Palliative Care ECHO can vote.");
      await on(d, {
        // the modal is replaced by one that says so
        slack: (slack) => {
          expect(slack.ack(sent).response_action).toBe("update");
          expect(sent.view.title).toBe("Not saved");
        },
        teams: () => expect(sent.notice).toBe(NOT_A_MEMBER),
      });
      expect(await voters(d, w)).toBe(2);
    },
  },
  {
    name: "the running counts update the ballot card in the channel",
    async run(d, w) {
      await d.tick(10_000);
      const update = (await d.updates()).at(-1);
      expect(update?.title).toBe("Palliative Care ECHO: curriculum vote");
      expect(update?.text).toContain(RANKING.join("\n"));
      expect(update?.text).toContain("2 voted so far.");
      await on(d, {
        slack: () => {
          expect(update?.raw).toMatchObject({ channel: SLACK_CHANNEL, ts: w.ballotMessage });
          expect(update?.buttons.map((b) => b.label)).toEqual(["Vote", "Close now"]);
        },
        teams: (teams) =>
          expect(teams.h.connector.last("update")).toMatchObject({
            method: "PUT",
            conversationId: CHANNEL_ID,
            activityId: w.ballotMessage,
          }),
        shell: () =>
          expect(update?.raw).toMatch(
            new RegExp(`^\\[update ${w.ballot.message}\\] Palliative Care ECHO: curriculum vote`),
          ),
      });
    },
  },
  {
    name: "a vote sent after the close gets “This vote closed at …” and changes nothing",
    async run(d, w) {
      const form = await d.form("hugo", await d.press("hugo", w.ballotPost, "Vote"));
      d.services.clock.set("2026-11-28T17:00:00Z");
      const late = await d.submit("hugo", form, { [PICKS]: [DELIRIUM] });
      expect(late.text).toBe(`This vote closed at ${CLOSES}; your vote was not changed.`);
      expect((await d.press("hugo", w.ballotPost, "Vote")).text).toBe(
        `This vote closed at ${CLOSES}; your vote was not changed.`,
      );
      expect(await voters(d, w)).toBe(2);
    },
  },
];
