/**
 * Curriculum voting, end to end, written once and run in Slack, in Teams and in the shell, on each database provider:
 * from "we need topics" to a planned curriculum, each platform through its real route with its real messenger when
 * the scheduler ticks. Members propose (the command and the form), the facilitator opens a vote from the topics card,
 * the scheduler posts the ballot card to the channel, members vote from its Vote button, the scheduler closes the vote
 * and posts the ranking, and `topics plan` turns it into the curriculum. A ranked-choice vote, on SQLite, shows the
 * instant-runoff rounds. What belongs to one platform (Slack's ephemeral and in-channel answers, message metadata,
 * chat.update and its retries; Teams' thread replies, invoke responses, dialog cards and duplicate deliveries; the
 * shell's numbered buttons and prompts) is checked beside the shared steps, on that platform only.
 */
import type { Ballot, Topic } from "../../src/core/curriculum/ports";
import { FormIds } from "../../src/core/ids";
import { setupForm } from "../../src/core/networks/cards";
import type { Network } from "../../src/core/ports";
import { decodeViewMetadata } from "../../src/slack/view-metadata";
import type { Driver, FormView, Step, Values, View } from "../support/drivers";
import { buttonOf, byLabel, CAST, fieldOf, lastTitled, layout, on, scenario, titled } from "../support/drivers";
import { BREATHLESSNESS, CLOSES, CONSTIPATION, DELIRIUM, OPIOIDS } from "../support/seed";
import { SETUP_VALUES } from "../support/services";
import { interactive, NETWORK_CHANNEL, CHANNEL as SLACK_CHANNEL, viewSubmission } from "../support/slack";
import { input, inputs, type Json } from "../support/slack-blocks";
import {
  type CardAction,
  CHANNEL_ID,
  cardInputs,
  type Recorded,
  CHANNEL as TEAMS_CHANNEL,
  taskSubmit,
} from "../support/teams";

const TOPICS = "Topics on the ballot";
const CLOSES_ON = "Closes on";
const CLOSES_AT = "Closes at (Europe/London)";
const METHOD = "How people vote";
const APPROVAL = "Pick the topics you want (approval)";
const RANKED = "Rank topics in order (ranked choice)";
const MOST = "Most picks per person (approval)";
const RUNNING = "Show counts while the vote is open";
const PICKS = "Pick up to 2";
const RANKING = [
  `1. ${OPIOIDS}: 2 votes`,
  `2. ${BREATHLESSNESS}: 1 vote`,
  `3. ${DELIRIUM}: 0 votes`,
  `4. ${CONSTIPATION}: 0 votes`,
];
const DESCRIPTION = "Laxatives, opioid-induced constipation and when to worry.";
const NOT_A_MEMBER =
  "Only members of Palliative Care ECHO can vote. A facilitator can add you with `role @you member`.";

const setupAnswers = (d: Driver): Values => byLabel(setupForm(undefined, d.services.clock.now()), SETUP_VALUES);
/** What a shell card's numbered buttons print as. */
const buttonLine = (labels: string[]) => `  ${labels.map((label, i) => `[${i + 1}] ${label}`).join("  ")}`;
/** A proactive post of the ballot card (other scheduled posts, such as reminders, may go to the channel too). */
const isBallot = (r: Recorded) => JSON.stringify(r.body).includes("curriculum vote");

interface World {
  network: Network;
  topics: Map<string, Topic>;
  /** the facilitator's topics card, with Open a vote */
  topicsCard: View;
  voteForm: FormView;
  ballot: Ballot;
  /** the ballot card the scheduler posted to the channel */
  ballotPost: View;
  /** where the ballot card is, on Slack (its ts) or Teams (its activity id) */
  ballotMessage: string;
  plan: View;
}

async function refreshTopics(d: Driver, w: World) {
  for (const t of await d.services.store.topics.list(w.network.id)) w.topics.set(t.title, t);
}
const id = (w: World, title: string) => {
  const topic = w.topics.get(title);
  if (!topic) throw new Error(`no topic ${title}`);
  return topic.id;
};
const papers = async (d: Driver, w: World) => (await d.services.store.ballots.papers(w.ballot.id)).named;
const voters = (d: Driver, w: World) => d.services.store.ballots.voterCount(w.ballot.id);

const VOTING: Step<World>[] = [
  {
    name: "a facilitator sets up the network and gives members and a hub expert their roles",
    async run(d, w) {
      w.topics = new Map();
      const done = await d.submit("fran", await d.form("fran", await d.command("fran", "setup")), setupAnswers(d));
      expect(done.view.title).toBe("Palliative Care ECHO is set up in this channel");
      await on(d, { teams: () => expect(done.notice).toBe("Saved.") });
      w.network = (await d.services.store.networks.byChannel(d.channel)) as Network;
      expect(w.network).toMatchObject({ name: "Palliative Care ECHO", timeZone: "Europe/London" });
      expect((await d.command("fran", "role @ana @ben member")).text).toBe(
        `${d.name("ana")} and ${d.name("ben")} are now members of Palliative Care ECHO.`,
      );
      expect((await d.command("fran", "role @hugo hub_expert")).text).toBe(
        `${d.name("hugo")} is now hub expert of Palliative Care ECHO.`,
      );
      expect(await d.services.store.members.find(w.network.id, d.address("hugo"))).toMatchObject({
        role: "hub_expert",
      });
    },
  },
  {
    name: "members propose topics with `propose <title>`, and the channel sees each one",
    async run(d, w) {
      const proposed = await d.command("ana", `propose ${DELIRIUM}`);
      expect(proposed.text).toBe(`${d.name("ana")} proposed “${DELIRIUM}”. Type \`topics\` to see all proposals.`);
      await on(d, {
        slack: () => expect(proposed.view.raw).toMatchObject({ response_type: "in_channel" }),
        // a reply in the thread the bot was mentioned in
        teams: (teams) => {
          const reply = teams.h.connector.last();
          expect(reply.kind).toBe("reply");
          expect(reply.conversationId).toBe(`${CHANNEL_ID};messageid=1700000000001`);
          expect(reply.body.text).toBe(proposed.text);
        },
      });
      await d.command("ben", `propose ${BREATHLESSNESS}`);
      await d.command("ana", `propose ${OPIOIDS}`);
      await refreshTopics(d, w);
      expect([...w.topics.keys()]).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS]);
      expect(w.topics.get(DELIRIUM)).toMatchObject({ proposedBy: d.address("ana"), status: "proposed" });
    },
  },
  {
    name: "a near-identical title gets a pointer to the existing topic and adds nothing",
    async run(d, w) {
      for (const [again, existing] of [
        ["delirium in care home!", DELIRIUM],
        ["Delirium in care-homes", DELIRIUM],
        ["opioid conversion", OPIOIDS],
      ] as const) {
        const pointer = await d.command("ben", `propose ${again}`);
        expect(pointer.text).toBe(`“${existing}” is already proposed (proposed). Vote for it instead.`);
        await on(d, { slack: () => expect(pointer.view.private).toBe(true) });
      }
      expect(await d.services.store.topics.list(w.network.id)).toHaveLength(3);
    },
  },
  {
    name: "`propose` alone opens the form; an empty, over-long or duplicate title is answered with an error on the title field",
    async run(d, w) {
      const form = await d.form("ben", await d.command("ben", "propose"));
      w.voteForm = form;
      expect(form.title).toBe("Propose a topic");
      await on(d, {
        slack: () => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.propose);
          expect(inputs(view).map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
            ["title", "plain_text_input", false],
            ["description", "plain_text_input", true],
            ["suggestedTeacher", "plain_text_input", true],
          ]);
          expect(input(view, "title").element.max_length).toBe(120);
          expect(input(view, "description").element.multiline).toBe(true);
          expect(decodeViewMetadata(String(view.private_metadata))?.metadata).toBe(w.network.id);
        },
        teams: (teams) => {
          const fields = cardInputs(teams.dialog(form));
          expect([...fields.keys()]).toEqual(["title", "description", "suggestedTeacher"]);
          expect(fields.get("title")).toMatchObject({ type: "Input.Text", isRequired: true, maxLength: 120 });
          expect(fields.get("description")).toMatchObject({ type: "Input.Text", isMultiline: true, isRequired: false });
        },
      });
      const attempts: Array<[Values, string]> = [
        [
          { Title: "   ", "What should it cover?": DESCRIPTION, "Suggested teacher": d.name("fran") },
          "Give the topic a title.",
        ],
        [{ Title: "x".repeat(121) }, "Keep the title to 120 characters (it has 121)."],
        [{ Title: "Opioid conversion" }, `“${OPIOIDS}” is already proposed (proposed). Vote for it instead.`],
      ];
      for (const [values, message] of attempts) {
        const refused = await d.submit("ben", form, values);
        expect(form.errors).toEqual({ Title: message });
        await on(d, {
          slack: (slack) =>
            expect(slack.ack(refused)).toEqual({ response_action: "errors", errors: { title: message } }),
          // the dialog again, with the message under the title
          teams: (teams) =>
            expect(JSON.stringify(teams.dialog(form).body)).toContain(JSON.stringify(message).slice(1, -1)),
          shell: (shell) => {
            expect(refused.raw).toContain(`Please check these:\n  Title: ${message}`);
            expect(shell.shell.prompt).toMatch(/^Title\n/);
          },
        });
      }
      expect(form.fields.map((f) => [f.label, f.required])).toEqual([
        ["Title", true],
        ["What should it cover?", false],
        ["Suggested teacher", false],
      ]);
      expect(await d.services.store.topics.list(w.network.id)).toHaveLength(3);
    },
  },
  {
    name: "the form with a description and a suggested teacher proposes the topic and announces it in the channel",
    async run(d, w) {
      const done = await d.submit("ben", w.voteForm, { Title: CONSTIPATION });
      const announcement = `${d.name("ben")} proposed “${CONSTIPATION}”.`;
      expect(done.text).toBe(announcement);
      await on(d, {
        slack: (slack) =>
          expect(slack.h.fake.last("chat.postMessage").body).toMatchObject({
            channel: SLACK_CHANNEL,
            text: announcement,
          }),
        teams: (teams) => {
          expect(done.notice).toBe(announcement);
          expect(teams.h.connector.last().body.text).toBe(announcement);
        },
      });
      await refreshTopics(d, w);
      expect(w.topics.get(CONSTIPATION)).toMatchObject({
        description: DESCRIPTION,
        suggestedTeacher: d.name("fran"),
        proposedBy: d.address("ben"),
      });
    },
  },
  {
    name: "`topics` lists every proposal with its status; only the facilitator gets the vote and plan buttons",
    async run(d, w) {
      const member = (await d.command("ana", "topics")).view;
      expect(member.title).toBe("Palliative Care ECHO: topics");
      expect(member.lines.slice(0, 4)).toEqual([
        `• ${DELIRIUM} (proposed)`,
        `• ${BREATHLESSNESS} (proposed)`,
        `• ${OPIOIDS} (proposed)`,
        `• ${CONSTIPATION} (proposed), suggested teacher: ${d.name("fran")}`,
      ]);
      expect(member.buttons.map((b) => b.label)).toEqual(["Propose a topic"]);
      w.topicsCard = (await d.command("fran", "topics")).view;
      expect(w.topicsCard.buttons.map((b) => b.label)).toEqual([
        "Propose a topic",
        "Open a vote",
        "Plan the curriculum",
      ]);
      await on(d, {
        shell: () => {
          expect(member.raw).toContain(buttonLine(["Propose a topic"]));
          expect(w.topicsCard.raw).toContain(buttonLine(["Propose a topic", "Open a vote", "Plan the curriculum"]));
        },
      });
    },
  },
  {
    name: "a member is told that only a facilitator can open a vote, by `vote` and by the topics card's Open a vote button",
    async run(d, w) {
      const refusal = "Only a facilitator or an admin of this network can open a vote.";
      const asked = await d.command("ana", "vote");
      expect(asked.text).toBe(refusal);
      const pressed = await d.press("ana", w.topicsCard, "Open a vote");
      expect(pressed.text).toBe(refusal);
      expect(pressed.form).toBeUndefined();
      await on(d, {
        slack: () => {
          expect(asked.view.private).toBe(true);
          expect(pressed.view.private).toBe(true);
        },
        teams: () => expect(pressed.raw).toEqual({ task: { type: "message", value: refusal } }),
      });
    },
  },
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
  {
    name: "the scheduler closes the vote once: the ranking is posted to the channel and the ballot card shows it closed",
    async run(d, w) {
      await d.tick();
      await d.tick();
      const results = titled(await d.channelMessages(), "Palliative Care ECHO: the vote is closed");
      expect(results).toHaveLength(1);
      expect(results[0]?.lines.slice(0, 5)).toEqual([
        ...RANKING,
        "2 people voted. Ties go to the topic proposed first.",
      ]);
      await on(d, {
        // posted once anywhere, and to the channel
        slack: (slack) => {
          const posts = slack.h.fake
            .callsTo("chat.postMessage")
            .filter((c) => JSON.stringify(c.body).includes("Palliative Care ECHO: the vote is closed"));
          expect(posts.map((c) => c.body.channel)).toEqual([SLACK_CHANNEL]);
        },
        teams: (teams) => {
          const posts = teams.h.connector
            .sent()
            .filter((r) => r.kind === "post" && JSON.stringify(r.body).includes("the vote is closed"));
          expect(posts.map((r) => r.conversationId)).toEqual([CHANNEL_ID]);
        },
      });
      const closed = (await d.updates()).at(-1);
      expect(closed?.title).toBe("Palliative Care ECHO: curriculum vote (closed)");
      expect(closed?.buttons).toEqual([]);
      expect((await d.services.store.ballots.byId(w.ballot.id))?.result?.papers).toBe(2);
      expect(await d.services.database.db.auditEntry.count({ where: { action: "ballot.close" } })).toBe(1);
    },
  },
  {
    name: "`topics plan` puts the ranking onto the next sessions, each with a teacher",
    async run(d, w) {
      expect((await d.command("ana", "topics plan")).text).toBe(
        "Only a facilitator or an admin of this network can plan the curriculum.",
      );
      w.plan = (await d.command("fran", "topics plan")).view;
      const hugo = d.name("hugo");
      expect(w.plan.title).toBe("Palliative Care ECHO: curriculum plan");
      expect(w.plan.lines.slice(0, 5)).toEqual([
        `Wed 2 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by ${hugo}`,
        `Wed 9 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by ${hugo}`,
        `Wed 16 Dec 2026, 12:30 GMT: ${DELIRIUM}, taught by ${hugo}`,
        `Wed 23 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by ${d.name("fran")}`,
        "Wed 30 Dec 2026, 12:30 GMT: no topic yet",
      ]);
      expect(layout(w.plan).slice(0, 4)).toEqual([
        `Wed 2 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by ${hugo}`,
        "[Change]",
        "[Swap with next]",
        `Wed 9 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by ${hugo}`,
      ]);
      await on(d, { shell: () => expect(w.plan.raw).toContain(buttonLine(["Change", "Swap with next"])) });
      await refreshTopics(d, w);
      expect([...w.topics.values()].every((t) => t.status === "planned")).toBe(true);
    },
  },
  {
    name: "the plan card's Swap with next button swaps two sessions in place",
    async run(d, w) {
      const swapped = (await d.press("fran", w.plan, "Swap with next")).view;
      expect(swapped.lines).toContain(`Wed 2 Dec 2026, 12:30 GMT: ${BREATHLESSNESS}, taught by ${d.name("hugo")}`);
      expect(swapped.lines).toContain(`Wed 9 Dec 2026, 12:30 GMT: ${OPIOIDS}, taught by ${d.name("hugo")}`);
      await on(d, {
        slack: () => expect(swapped.replaced).toBe(true),
        teams: () => expect(swapped.replaced).toBe(true),
      });
      w.plan = swapped;
    },
  },
  {
    name: "the plan card's Change button opens a form that moves a topic and its teacher onto a session",
    async run(d, w) {
      const change = await d.press("fran", w.plan, "Change", [/^Wed 16 Dec 2026/]);
      const form = await d.form("fran", change);
      const topic = "Topic on Wed 16 Dec 2026, 12:30 GMT";
      expect(form.title).toBe("Change the plan");
      expect(fieldOf(form, topic).initial).toBe(DELIRIUM);
      await on(d, {
        slack: () => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.planEdit);
          expect(input(view, "topic").element.initial_option?.value).toBe(id(w, DELIRIUM));
          expect(input(view, "teacher").element.initial_option?.value).toBe(d.address("hugo"));
        },
        teams: (teams) => {
          const action = buttonOf(w.plan, "Change", [/^Wed 16 Dec 2026/]).raw as CardAction;
          expect(JSON.parse(String(action.data?.value)).f).toBe(FormIds.planEdit);
          const fields = cardInputs(teams.dialog(form));
          expect(fields.get("topic")?.value).toBe(id(w, DELIRIUM));
          expect(fields.get("teacher")?.value).toBe(d.address("hugo"));
        },
        shell: (shell) => {
          expect(form.raw).toContain("-- Change the plan --");
          expect(shell.shell.prompt).toMatch(/\[Delirium in care homes\] > $/);
        },
      });
      // a teacher who is neither a hub expert nor a facilitator
      const refused = await d.submit("fran", form, { [topic]: CONSTIPATION, "Teaching expert": d.address("ana") });
      expect(form.errors).toEqual({ "Teaching expert": "Choose a hub expert or facilitator of this network." });
      expect(fieldOf(form, "Teaching expert")).toMatchObject({
        options: ["To be confirmed", d.name("fran"), d.name("hugo")],
        initial: d.name("hugo"),
      });
      await on(d, {
        slack: (slack) =>
          expect(slack.ack(refused)).toEqual({
            response_action: "errors",
            errors: { teacher: "Choose a hub expert or facilitator of this network." },
          }),
        shell: (shell) =>
          expect(shell.lastPrompts[1]).toMatch(/^Teaching expert\n {2}1\) To be confirmed\n(.|\n)*\[Hugo\] > $/),
      });
      const done = await d.submit("fran", form, { "Teaching expert": d.name("hugo") });
      expect(done.view.lines).toContain(`Wed 16 Dec 2026, 12:30 GMT: ${CONSTIPATION}, taught by ${d.name("hugo")}`);
      expect(done.view.lines).toContain("Wed 23 Dec 2026, 12:30 GMT: no topic yet");
      await on(d, { teams: () => expect(done.notice).toBe("Saved.") });
      expect((await d.services.store.topics.byId(id(w, DELIRIUM)))?.status).toBe("proposed");
    },
  },
  {
    name: "`schedule` shows each session's topic and teacher",
    async run(d) {
      const text = (await d.command("ana", "schedule 3")).text;
      const hugo = d.name("hugo");
      expect(text).toContain(`Topic: ${BREATHLESSNESS} · Teacher: ${hugo}`);
      expect(text).toContain(`Topic: ${OPIOIDS} · Teacher: ${hugo}`);
      expect(text).toContain(`Topic: ${CONSTIPATION} · Teacher: ${hugo}`);
    },
  },
  {
    name: "every card the bot sent or answered with in this flow was a valid Adaptive Card 1.5",
    on: ["teams"],
    async run(d) {
      await on(d, { teams: (teams) => expect(teams.v.checkSent()).toBeGreaterThanOrEqual(30) });
    },
  },
];

scenario("curriculum voting in %s on %s", CAST, VOTING);

const RANKED_VOTE: Step<object>[] = [
  {
    name: "voters rank the topics in a form of 1st, 2nd and 3rd choices, and the result shows the instant-runoff rounds",
    async run(d) {
      await d.submit("fran", await d.form("fran", await d.command("fran", "setup")), setupAnswers(d));
      await d.command("fran", "role @ana @ben @hugo member");
      for (const title of [DELIRIUM, BREATHLESSNESS, OPIOIDS]) await d.command("fran", `propose ${title}`);
      const network = (await d.services.store.networks.byChannel(d.channel)) as Network;
      const [a, b, c] = (await d.services.store.topics.list(network.id)).map((t) => t.id) as [string, string, string];

      const asked = await d.command("fran", "vote");
      await on(d, {
        teams: () => expect(asked.view.buttons.map((b) => b.label)).toEqual(["Open: Open a curriculum vote"]),
      });
      const form = await d.form("fran", asked);
      expect(form.title).toBe("Open a curriculum vote");
      const opened = await d.submit("fran", form, {
        [METHOD]: RANKED,
        [CLOSES_ON]: "2026-11-28",
        [CLOSES_AT]: "17:00",
      });
      expect(opened.text).toBe(`The vote is open until ${CLOSES}; the ballot is being posted to the channel.`);
      await d.tick();
      const ballot = lastTitled(await d.channelMessages(), "Palliative Care ECHO: curriculum vote");
      expect(ballot.lines).toContain(
        "Rank the topics in the order you would like them taught (instant runoff). Ties go to the topic proposed first.",
      );

      const ranks = await d.form("ana", await d.press("ana", ballot, "Vote"));
      await d.submit("ana", ranks, { "1st choice": DELIRIUM, "2nd choice": DELIRIUM });
      expect(ranks.errors).toEqual({ "1st choice": "Each topic can be chosen only once." });
      const topics = [DELIRIUM, BREATHLESSNESS, OPIOIDS];
      expect(ranks.fields.map((f) => [f.label, f.required, f.options])).toEqual([
        ["1st choice", true, topics],
        ["2nd choice", false, topics],
        ["3rd choice", false, topics],
      ]);
      await on(d, {
        teams: (teams) => {
          const fields = cardInputs(teams.dialog(ranks));
          expect([...fields.keys()]).toEqual(["rank1", "rank2", "rank3"]);
          expect([...fields.values()].map((r) => [r.label, r.type, r.style, r.isRequired, r.isMultiSelect])).toEqual([
            ["1st choice", "Input.ChoiceSet", "compact", true, undefined],
            ["2nd choice", "Input.ChoiceSet", "compact", false, undefined],
            ["3rd choice", "Input.ChoiceSet", "compact", false, undefined],
          ]);
        },
      });
      await d.cancel("ana", ranks);
      // first preferences a 1, b 1, c 1: c (proposed last) is eliminated and its paper goes to b, which then wins
      const votes: Array<[string, Values, string]> = [
        ["ana", { "1st choice": DELIRIUM, "2nd choice": BREATHLESSNESS }, `${DELIRIUM} > ${BREATHLESSNESS}`],
        ["ben", { "1st choice": BREATHLESSNESS, "2nd choice": DELIRIUM }, `${BREATHLESSNESS} > ${DELIRIUM}`],
        ["hugo", { "1st choice": OPIOIDS, "2nd choice": BREATHLESSNESS }, `${OPIOIDS} > ${BREATHLESSNESS}`],
      ];
      for (const [who, values, recorded] of votes) {
        const done = await d.submit(who, await d.form(who, await d.press(who, ballot, "Vote")), values);
        expect(done.text).toBe(`Your vote is recorded: ${recorded}. You can change it until ${CLOSES}.`);
      }
      const again = await d.form("ana", await d.press("ana", ballot, "Vote"));
      expect((await d.field(again, "2nd choice")).initial).toBe(BREATHLESSNESS);
      await d.cancel("ana", again);

      await d.tick("2026-11-28T17:00:00Z");
      const result = lastTitled(await d.channelMessages(), "Palliative Care ECHO: the vote is closed");
      expect(result.lines).toEqual(
        expect.arrayContaining([
          `1. ${BREATHLESSNESS}: 1 first choice`,
          `2. ${DELIRIUM}: 1 first choice`,
          `3. ${OPIOIDS}: 1 first choice`,
          `Round 1: ${DELIRIUM} 1, ${BREATHLESSNESS} 1, ${OPIOIDS} 1; out: ${OPIOIDS}`,
          `Round 2: ${DELIRIUM} 1, ${BREATHLESSNESS} 2`,
        ]),
      );
      const stored = await d.services.store.ballots.latestClosed(network.id);
      expect(stored?.result?.ranking.map((r) => r.topicId)).toEqual([b, a, c]);
    },
  },
];

scenario("a ranked-choice vote in %s on %s", CAST, RANKED_VOTE, { providers: ["sqlite"] });
