/** Presenting, the rotation: who is next, away, asks with Accept and Pass, recommendations and the outcome. */
import { ActionIds, FormIds } from "../../../src/core/ids";
import { decodeViewMetadata } from "../../../src/slack/view-metadata";
import type { Step } from "../../support/drivers";
import { buttonOf, fieldOf, lastTitled, layout, NOTICE, on, titled } from "../../support/drivers";
import { ASK, OUTCOME, RECOMMENDATIONS, S1, S2, S3 } from "../../support/seed";
import { input, type Json } from "../../support/slack-blocks";
import { type CardAction, cardInputs } from "../../support/teams";
import { OUTCOME_FIELD, RECOMMENDING, slot, turn, type World } from "./world";

export const ROTATION: Step<World>[] = [
  {
    name: "`rotation` lists who is next and why: the spoke that presented least recently first, then its member",
    async run(d) {
      d.services.clock.set("2026-12-03T09:00:00Z");
      const [ana, ben, cy, dee] = ["ana", "ben", "cy", "dee"].map((who) => d.name(who));
      const card = (await d.command("dee", "rotation")).view;
      expect(card.title).toBe("Palliative Care ECHO: who presents next");
      expect(card.lines.slice(0, 4)).toEqual([
        `1. ${cy}: Hilltop Hospice never presented; ${cy} never presented`,
        `2. ${ana}: Riverside Practice last presented 2026-12-02; ${ana} last presented 2026-12-02`,
        `3. ${dee}: Hilltop Hospice never presented; ${dee} never presented`,
        `4. ${ben}: Riverside Practice last presented 2026-12-02; ${ben} last presented 2026-12-02`,
      ]);
    },
  },
  {
    name: "`rotation away` marks the first in line as skipped for the next session, keeping their place",
    async run(d) {
      expect((await d.command("cy", "rotation away 2026-12-07 2026-12-11")).text).toBe(
        "Noted: you are away from 2026-12-07 to 2026-12-11. The rotation skips you then and keeps your place.",
      );
      expect((await d.command("cy", "rotation away 2026-12-11 2026-12-07")).text).toBe(
        "Usage: `rotation away YYYY-MM-DD [YYYY-MM-DD]` (the first and last day you are away).",
      );
      const cy = d.name("cy");
      expect((await d.command("fran", "rotation")).view.lines[0]).toBe(
        `1. ${cy} (away for the next session: skipped, keeps this place): Hilltop Hospice never presented; ${cy} never presented`,
      );
    },
  },
  {
    name: "the scheduler asks the next people for the open slots by direct message, with Accept and Pass, skipping the one away",
    async run(d) {
      let before = 0;
      await on(d, {
        slack: (slack) => {
          before = slack.h.fake.callsTo("conversations.open").length;
        },
        teams: (teams) => {
          before = teams.h.connector.requests.filter((r) => r.kind === "create").length;
        },
      });
      await d.tick();
      // Cy is away on the 9th: Hilltop Hospice, which has never presented, is still next, so Dee is asked for case 1;
      // Ana, next from Riverside Practice, for case 2
      const asks = (await d.directMessages()).filter((m) => m.view.title === ASK);
      expect(asks.map((m) => m.to)).toEqual(["dee", "ana"]);
      expect(asks[0]?.view.lines).toEqual([turn(S2, 1)]);
      expect(asks[1]?.view.lines).toEqual([turn(S2, 2)]);
      expect(asks[0]?.view.buttons.map((b) => b.label)).toEqual(["Accept", "Pass"]);
      await on(d, {
        // Dee had never had a direct message from the bot: the channel is opened first
        slack: (slack) => {
          expect(
            slack.h.fake
              .callsTo("conversations.open")
              .slice(before)
              .map((c) => c.body.users),
          ).toEqual(["UDEE"]);
          expect(asks[0]?.view.buttons.map((b) => b.style)).toEqual(["primary", undefined]);
        },
        // in 1:1 chats, one created for Dee, who never talked to the bot; a proactive post is a new message
        teams: async (teams) => {
          const created = teams.h.connector.requests.filter((r) => r.kind === "create").slice(before);
          expect(created.map((r) => (r.body.members as Array<{ id: string }>)[0]?.id)).toEqual([
            teams.user("dee").aadObjectId,
          ]);
          expect(
            asks[0]?.view.buttons.map((b) => {
              const a = b.raw as CardAction;
              return [a.title, a.type, a.verb, a.data?.value !== undefined];
            }),
          ).toEqual([
            ["Accept", "Action.Execute", ActionIds.askAccept, true],
            ["Pass", "Action.Execute", ActionIds.askPass, true],
          ]);
          expect(asks[0]?.view.buttons.map((b) => b.style)).toEqual(["primary", undefined]);
          const everyAsk = teams.h.connector.sent().filter((r) => JSON.stringify(r.body).includes(ASK));
          expect(everyAsk.map((r) => r.conversationId)).toEqual([await teams.chatOf("dee"), await teams.chatOf("ana")]);
          expect(everyAsk.every((r) => r.kind === "post" && r.body.replyToId === undefined)).toBe(true);
        },
        shell: () =>
          expect(asks[0]?.view.raw).toMatch(
            new RegExp(
              `^\\[to shell:dee\\] ${ASK.replace("?", "\\?")}\\n${turn(S2, 1).replace(".", "\\.")}\\n {2}\\[m\\d+\\] Accept {2}\\[m\\d+\\] Pass$`,
            ),
          ),
      });
    },
  },
  {
    name: "Pass hands the question to the next person in the rotation, and nobody else can answer it",
    async run(d) {
      const ask = lastTitled(await d.messagesTo("dee"), ASK);
      expect((await d.press("cy", ask, "Pass")).text).toBe("That request was sent to someone else.");
      const passed = await d.press("dee", ask, "Pass");
      expect(passed.text).toBe("No problem: I'll ask the next person. Your place in the rotation is kept.");
      await on(d, {
        slack: () => expect(passed.view.private).toBe(true),
        teams: () => expect((passed.raw as { type: string }).type).toBe(NOTICE),
      });
      await d.tick();
      expect(lastTitled(await d.messagesTo("ben"), ASK).lines).toEqual([turn(S2, 1)]);
      expect(titled(await d.messagesTo("cy"), ASK)).toEqual([]);
      await on(d, { teams: async (teams) => expect(await teams.chatOf("cy")).toBeUndefined() });
    },
  },
  {
    name: "Accept gives the slot to the one who accepts, and the one away still leads the rotation",
    async run(d, w) {
      const accepted = await d.press("ben", lastTitled(await d.messagesTo("ben"), ASK), "Accept");
      expect(accepted.text).toBe(
        `Thank you! You present a case on ${S2}. Fill in the de-identified case form with \`case\`.`,
      );
      expect(await slot(d, w, 1, 1)).toMatchObject({ user: d.address("ben"), how: "asked" });
      const card = (await d.command("ben", "present")).view;
      expect(card.title).toBe("Palliative Care ECHO: case slots");
      expect(card.lines.slice(0, 3)).toEqual([
        S2,
        `Case 1: ${d.name("ben")} (you), case form not started`,
        "Case 2: open",
      ]);
      expect((await d.command("fran", "rotation")).view.lines[0]).toMatch(
        new RegExp(`^1\\. ${d.name("cy")} \\(away for the next session`),
      );
      await on(d, {
        shell: async (shell) =>
          expect(await shell.type("fran", "m999")).toContain(
            "There is no button with that number on the messages sent here.",
          ),
      });
    },
  },
  {
    name: "the hub expert writes the recommendations from `case`; identifiers are refused there too, and the presenter gets them by direct message",
    async run(d) {
      const list = (await d.command("hugo", "case")).view;
      expect(list.title).toBe("Palliative Care ECHO: cases");
      expect(list.lines).toEqual([`${d.name("ana")}'s case, ${S1}`]);
      expect(layout(list).slice(0, 2)).toEqual([`${d.name("ana")}'s case, ${S1}`, "[Recommendations]"]);
      const form = await d.form("hugo", await d.press("hugo", list, "Recommendations"));
      expect(form.title).toBe("Recommendations");
      expect(form.fields[0]).toMatchObject({ label: RECOMMENDING, required: true });
      await on(d, {
        slack: () => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.recommendations);
          expect(input(view, "recommendations").element).toMatchObject({ type: "plain_text_input", multiline: true });
          expect(input(view, "followUpDate").element.type).toBe("datepicker");
        },
        teams: (teams) => {
          const fields = cardInputs(teams.dialog(form));
          expect(fields.get("recommendations")).toMatchObject({
            type: "Input.Text",
            isMultiline: true,
            isRequired: true,
          });
          expect(fields.get("followUpDate")).toMatchObject({ type: "Input.Date", isRequired: false });
        },
      });
      const refused = await d.submit("hugo", form, {
        [RECOMMENDING]: "Try a low-dose benzodiazepine; ring Dr Smith on 020 7946 0000.",
        "Follow-up date": "2027-01-06",
      });
      expect(form.errors).toEqual({
        [RECOMMENDING]: expect.stringMatching(/^Recommendations: this looks like a person's name/),
      });
      expect(fieldOf(form, "Follow-up date").value).toBe("2027-01-06");
      await on(d, {
        slack: (slack) =>
          expect(slack.ack(refused)).toEqual({
            response_action: "errors",
            errors: { recommendations: expect.stringMatching(/^Recommendations: this looks like a person's name/) },
          }),
        shell: (shell) => {
          expect(refused.raw).toMatch(
            /Please check these:\n {2}The panel's recommendations: Recommendations: this looks like a person's name/,
          );
          expect(shell.shell.prompt).toMatch(/^The panel's recommendations\n/);
        },
      });
      const saved = await d.submit("hugo", form, { [RECOMMENDING]: RECOMMENDATIONS, "Follow-up date": "2027-01-06" });
      expect(saved.text).toBe("Recommendations saved; the presenter gets them now.");
      await d.tick();
      const advice = lastTitled(await d.messagesTo("ana"), "The panel's recommendations on your case");
      expect(advice.lines).toEqual([
        `Palliative Care ECHO, ${S1}`,
        RECOMMENDATIONS,
        "Follow-up: 2027-01-06. I'll ask you then how things went.",
      ]);
    },
  },
  {
    name: "an ask nobody answers moves on after 48 hours, and after the away dates the one who was away is asked first",
    async run(d) {
      await d.tick("2026-12-05T09:01:00Z");
      expect((await d.messagesTo("ana")).at(-1)?.text).toBe(
        `No answer came, so I've asked the next person to present on ${S2}. Your place in the rotation is kept.`,
      );
      expect(lastTitled(await d.messagesTo("dee"), ASK).lines).toEqual([turn(S2, 2)]);
      expect(titled(await d.messagesTo("cy"), ASK)).toEqual([]);
      let before = 0;
      await on(d, {
        teams: async (teams) => {
          expect(await teams.chatOf("cy")).toBeUndefined();
          before = teams.h.connector.requests.filter((r) => r.kind === "create").length;
        },
      });
      // the 16th: Cy is back, and Hilltop Hospice has still never presented
      await d.tick("2026-12-10T09:00:00Z");
      expect(titled(await d.messagesTo("cy"), ASK).map((v) => v.lines[0])).toEqual([turn(S3, 1)]);
      expect(lastTitled(await d.messagesTo("dee"), ASK).lines).toEqual([turn(S3, 2)]);
      await on(d, {
        slack: (slack) => expect(slack.h.fake.callsTo("conversations.open").map((c) => c.body.users)).toContain("UCY"),
        teams: (teams) => {
          const created = teams.h.connector.requests.filter((r) => r.kind === "create").slice(before);
          expect(created.map((r) => (r.body.members as Array<{ id: string }>)[0]?.id)).toEqual([
            teams.user("cy").aadObjectId,
          ]);
        },
      });
    },
  },
  {
    name: "at the follow-up date the presenter is asked how things went, and the outcome form stores the answer",
    async run(d, w) {
      await d.tick("2027-01-06T09:00:00Z");
      const followUp = lastTitled(await d.messagesTo("ana"), "How did things go?");
      expect(followUp.lines[0]).toBe(
        `It's the follow-up date for the case you presented at Palliative Care ECHO on ${S1}.`,
      );
      await on(d, {
        teams: () => expect((buttonOf(followUp, "Record the outcome").raw as CardAction).type).toBe("Action.Submit"),
      });
      const form = await d.form("ana", await d.press("ana", followUp, "Record the outcome"));
      expect(form.title).toBe("Case outcome");
      expect(form.fields[0]).toMatchObject({ label: OUTCOME_FIELD, required: true });
      expect(form.fields[0]?.initial).toBeUndefined();
      await on(d, {
        slack: (slack) => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.outcome);
          expect(decodeViewMetadata(String(view.private_metadata))).toMatchObject({
            channel: `slack:T1:${slack.dm("ana")}`,
          });
        },
        teams: (teams) =>
          expect(cardInputs(teams.dialog(form)).get("outcome")).toMatchObject({
            type: "Input.Text",
            isMultiline: true,
          }),
      });
      const refused = await d.submit("ana", form, { [OUTCOME_FIELD]: "Seen again at 14 Elm Road; much better." });
      expect(form.errors).toEqual({
        [OUTCOME_FIELD]: expect.stringMatching(/^Outcome: this looks like a street address/),
      });
      await on(d, {
        slack: (slack) =>
          expect(slack.ack(refused)).toEqual({
            response_action: "errors",
            errors: { outcome: expect.stringMatching(/^Outcome: this looks like a street address/) },
          }),
        shell: () =>
          expect(refused.raw).toMatch(
            /Please check these:\n {2}What happened after the panel's advice\?: Outcome: this looks like a street address/,
          ),
      });
      const done = await d.submit("ana", form, { [OUTCOME_FIELD]: OUTCOME });
      expect(done.text).toBe("Thank you: the outcome is recorded with the case.");
      expect(await d.services.store.cases.bySlot(w.slots[0]![0]!)).toMatchObject({
        status: "submitted",
        recommendations: RECOMMENDATIONS,
        followUpDate: "2027-01-06",
        outcome: OUTCOME,
      });
    },
  },
  {
    name: "every card the bot sent or answered with in this flow was a valid Adaptive Card 1.5",
    on: ["teams"],
    async run(d) {
      await on(d, { teams: (teams) => expect(teams.v.checkSent()).toBeGreaterThanOrEqual(40) });
    },
  },
];
