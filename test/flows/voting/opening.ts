/** Voting, opening a vote: the vote form, its errors, and the ballot card the scheduler posts. */
import type { Ballot } from "../../../src/core/curriculum/ports";
import { FormIds } from "../../../src/core/ids";
import type { Step } from "../../support/drivers";
import { fieldOf, on, titled } from "../../support/drivers";
import { BREATHLESSNESS, CLOSES, CONSTIPATION, DELIRIUM, OPIOIDS } from "../../support/seed";
import { CHANNEL as SLACK_CHANNEL } from "../../support/slack";
import { input, type Json } from "../../support/slack-blocks";
import { type CardAction, CHANNEL_ID, cardInputs, CHANNEL as TEAMS_CHANNEL } from "../../support/teams";
import { APPROVAL, CLOSES_AT, CLOSES_ON, id, isBallot, METHOD, MOST, RUNNING, TOPICS, type World } from "./world";

export const OPENING: Step<World>[] = [
  {
    name: "the facilitator opens the vote form from the topics card: every proposed topic is on the ballot, all chosen",
    async run(d, w) {
      const form = await d.form("fran", await d.press("fran", w.topicsCard, "Open a vote"));
      w.voteForm = form;
      expect(form.title).toBe("Open a curriculum vote");
      const all = [DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION];
      expect(fieldOf(form, TOPICS)).toMatchObject({
        required: true,
        multiple: true,
        options: all,
        initial: all,
        hint: "Between 2 and 20 proposed topics",
      });
      await on(d, {
        slack: () => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.openVote);
          expect(input(view, "topics").element.type).toBe("checkboxes");
          expect(input(view, "closesDate").element).toMatchObject({ type: "datepicker", initial_date: "2026-12-04" });
          expect(input(view, "closesTime").element).toMatchObject({ type: "timepicker", initial_time: "17:00" });
          expect(input(view, "method").element.type).toBe("static_select");
          expect(input(view, "maxPicks").element).toMatchObject({ type: "number_input", initial_value: "3" });
        },
        teams: (teams) => {
          const fields = cardInputs(teams.dialog(form));
          expect(fields.get("topics")).toMatchObject({
            type: "Input.ChoiceSet",
            isMultiSelect: true,
            isRequired: true,
            value: all.map((t) => id(w, t)).join(","),
          });
          expect(fields.get("closesDate")).toMatchObject({ type: "Input.Date", value: "2026-12-04" });
          expect(fields.get("maxPicks")).toMatchObject({ type: "Input.Number", value: 3 });
        },
        shell: (shell) => {
          expect(form.raw).toContain("-- Open a curriculum vote --");
          expect(shell.shell.prompt).toBe(
            [
              TOPICS,
              "  Between 2 and 20 proposed topics",
              `  1) ${DELIRIUM}\n  2) ${BREATHLESSNESS}\n  3) ${OPIOIDS}\n  4) ${CONSTIPATION}`,
              "  Several: numbers separated by commas, e.g. 1,3 (at most 20)",
              "[1,2,3,4] > ",
            ].join("\n"),
          );
        },
      });
    },
  },
  {
    name: "bad values are answered with errors on those fields, and no vote is opened",
    async run(d, w) {
      const form = w.voteForm;
      const first = await d.submit("fran", form, {
        [TOPICS]: [DELIRIUM],
        [CLOSES_ON]: "2026-11-27",
        [CLOSES_AT]: "09:01",
        [MOST]: "0",
      });
      expect(form.errors).toEqual({
        [TOPICS]: "Put at least 2 topics on the ballot.",
        [CLOSES_ON]: "The vote must stay open for at least 5 minutes.",
        [MOST]: "Give a whole number of picks from 1 to 10.",
      });
      // the form keeps what was entered, and every field showed its default first
      expect(fieldOf(form, TOPICS).value).toEqual([DELIRIUM]);
      expect(fieldOf(form, CLOSES_ON).value).toBe("2026-11-27");
      expect(form.fields.map((f) => [f.label, f.initial])).toEqual([
        [TOPICS, [DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION]],
        [CLOSES_ON, "2026-12-04"],
        [CLOSES_AT, "17:00"],
        [METHOD, APPROVAL],
        [MOST, "3"],
        [RUNNING, "No"],
        ["Anonymous", "No"],
      ]);
      await on(d, {
        slack: (slack) =>
          expect(slack.ack(first)).toEqual({
            response_action: "errors",
            errors: {
              topics: "Put at least 2 topics on the ballot.",
              closesDate: "The vote must stay open for at least 5 minutes.",
              maxPicks: "Give a whole number of picks from 1 to 10.",
            },
          }),
        shell: () =>
          expect(first.raw).toContain(
            [
              "Please check these:",
              `  ${TOPICS}: Put at least 2 topics on the ballot.`,
              `  ${CLOSES_ON}: The vote must stay open for at least 5 minutes.`,
              `  ${MOST}: Give a whole number of picks from 1 to 10.`,
            ].join("\n"),
          ),
        teams: (teams) => {
          const fields = cardInputs(teams.dialog(form));
          expect(fields.get("topics")).toMatchObject({
            value: id(w, DELIRIUM),
            errorMessage: "Put at least 2 topics on the ballot.",
          });
          expect(fields.get("closesDate")).toMatchObject({
            value: "2026-11-27",
            errorMessage: "The vote must stay open for at least 5 minutes.",
          });
        },
      });
      // a topic that is not on the list
      await d.submit("fran", form, { [TOPICS]: [DELIRIUM, "not-a-topic"], [CLOSES_ON]: "2026-11-28", [MOST]: "2" });
      expect(form.errors).toEqual({ [TOPICS]: "Choose from the proposed topics." });
      expect(await d.services.store.ballots.openFor(w.network.id)).toBeUndefined();
      await d.cancel("fran", form);
      // opened again: a closing time that is no time, and a yes-or-no answer that is neither
      w.voteForm = await d.form("fran", await d.press("fran", w.topicsCard, "Open a vote"));
      const again = await d.submit("fran", w.voteForm, {
        [CLOSES_ON]: "2026-11-28",
        [CLOSES_AT]: "25:00",
        [MOST]: "2",
        [RUNNING]: "maybe",
      });
      expect(w.voteForm.errors).toEqual({
        [CLOSES_AT]: "Give the closing time as HH:MM, 24-hour.",
        [RUNNING]: "Choose yes or no.",
      });
      await on(d, {
        shell: () =>
          expect(again.raw).toContain(
            [
              "Please check these:",
              `  ${CLOSES_AT}: Give the closing time as HH:MM, 24-hour.`,
              `  ${RUNNING}: Choose yes or no.`,
            ].join("\n"),
          ),
      });
      expect(await d.services.store.ballots.openFor(w.network.id)).toBeUndefined();
    },
  },
  {
    name: "good values open the vote, and the scheduler posts the ballot card to the channel",
    async run(d, w) {
      const opened = await d.submit("fran", w.voteForm, {
        [TOPICS]: [DELIRIUM, BREATHLESSNESS, OPIOIDS, CONSTIPATION],
        [CLOSES_ON]: "2026-11-28",
        [CLOSES_AT]: "17:00",
        [METHOD]: APPROVAL,
        [MOST]: "2",
        [RUNNING]: "Yes",
        Anonymous: "No",
      });
      expect(opened.text).toBe(`The vote is open until ${CLOSES}; the ballot is being posted to the channel.`);
      await d.tick();
      w.ballot = (await d.services.store.ballots.openFor(w.network.id)) as Ballot;
      expect(w.ballot).toMatchObject({ method: "approval", maxPicks: 2, showRunning: true, anonymous: false });
      const posts = titled(await d.channelMessages(), "Palliative Care ECHO: curriculum vote");
      expect(posts).toHaveLength(1);
      w.ballotPost = posts[0]!;
      expect(w.ballotPost.lines).toContain(
        "Pick up to 2 topics you would like taught. Ties go to the topic proposed first.",
      );
      expect(w.ballotPost.text).toContain("0 voted so far.");
      expect(w.ballotPost.buttons.map((b) => b.label)).toEqual(["Vote", "Close now"]);
      const stored = await d.services.store.ballots.byId(w.ballot.id);
      await on(d, {
        slack: (slack) => {
          const body = w.ballotPost.raw as Json;
          expect(
            slack.h.fake.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.body).includes("curriculum vote")),
          ).toHaveLength(1);
          expect(body.channel).toBe(SLACK_CHANNEL);
          expect(body.metadata).toEqual({
            event_type: "teleecho_delivery",
            event_payload: { key: `ballot:${w.ballot.id}:post` },
          });
          const posted = slack.h.fake.history
            .get(SLACK_CHANNEL)
            ?.find((m) => m.metadata?.event_payload.key === `ballot:${w.ballot.id}:post`);
          w.ballotMessage = String(posted?.ts);
          expect(stored?.message).toBe(`slack:T1:${SLACK_CHANNEL}:${w.ballotMessage}`);
        },
        // a new post in the channel itself, on its stored reference, not a reply in someone's thread
        teams: (teams) => {
          const ballots = teams.h.connector.sent().filter((r) => r.kind === "post" && isBallot(r));
          expect(ballots).toHaveLength(1);
          expect(ballots[0]?.conversationId).toBe(CHANNEL_ID);
          expect(ballots[0]?.body.replyToId).toBeUndefined();
          expect(w.ballotPost.buttons.map((b) => (b.raw as CardAction).type)).toEqual([
            "Action.Submit",
            "Action.Execute",
          ]);
          w.ballotMessage = decodeURIComponent(String(stored?.message?.split("#")[1]));
          expect(stored?.message).toBe(`${TEAMS_CHANNEL}#${encodeURIComponent(w.ballotMessage)}`);
        },
        shell: () => {
          expect(stored?.message).toMatch(/^shell:message:\d+$/);
          expect(w.ballotPost.raw).toContain(
            "[to shell:#echo] Palliative Care ECHO: curriculum vote\nPick up to 2 topics you would like taught. Ties go to the topic proposed first.",
          );
        },
      });
    },
  },
];
