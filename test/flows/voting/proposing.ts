/** Voting, first steps: setup, proposing topics by command and form, and the topics card. */
import { FormIds } from "../../../src/core/ids";
import type { Network } from "../../../src/core/ports";
import { decodeViewMetadata } from "../../../src/slack/view-metadata";
import type { Step, Values } from "../../support/drivers";
import { on } from "../../support/drivers";
import { BREATHLESSNESS, CONSTIPATION, DELIRIUM, OPIOIDS } from "../../support/seed";
import { CHANNEL as SLACK_CHANNEL } from "../../support/slack";
import { input, inputs, type Json } from "../../support/slack-blocks";
import { CHANNEL_ID, cardInputs } from "../../support/teams";
import { buttonLine, DESCRIPTION, refreshTopics, setupAnswers, type World } from "./world";

export const PROPOSING: Step<World>[] = [
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
];
