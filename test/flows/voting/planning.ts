/** Voting, after the close: the ranking, `topics plan`, the plan card's buttons and `schedule`. */
import { FormIds } from "../../../src/core/ids";
import type { Step } from "../../support/drivers";
import { buttonOf, fieldOf, layout, on, titled } from "../../support/drivers";
import { BREATHLESSNESS, CONSTIPATION, DELIRIUM, OPIOIDS } from "../../support/seed";
import { CHANNEL as SLACK_CHANNEL } from "../../support/slack";
import { input, type Json } from "../../support/slack-blocks";
import { type CardAction, CHANNEL_ID, cardInputs } from "../../support/teams";
import { buttonLine, id, RANKING, refreshTopics, type World } from "./world";

export const PLANNING: Step<World>[] = [
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
