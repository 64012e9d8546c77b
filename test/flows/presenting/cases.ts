/** Presenting, the case form: drafts, refused identifiers, a clean submission and the day's summary. */
import { FormIds } from "../../../src/core/ids";
import { decodeViewMetadata } from "../../../src/slack/view-metadata";
import { CASE } from "../../support/cases";
import type { Step } from "../../support/drivers";
import { fieldOf, lastTitled, on, titled } from "../../support/drivers";
import { ASK, LEAKS, S1 } from "../../support/seed";
import { contexts, input, inputs, type Json } from "../../support/slack-blocks";
import { cardInputs, TENANT, teamsRead } from "../../support/teams";
import { CASE_ANSWERS, CASE_FIELDS, DRAFT, IDENTIFIED_ANSWERS, SUBMIT, submitData, type World } from "./world";

export const CASES: Step<World>[] = [
  {
    name: "`case` opens the case form; a draft is saved privately and the form opens again with what was written",
    async run(d, w) {
      const asked = await d.command("ana", "case");
      const form = await d.form("ana", asked);
      expect(form.title).toBe("Case for the panel");
      expect(form.fields[0]).toMatchObject({
        label: "Age band",
        options: ["under 18", "18–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90 or over"],
      });
      expect(form.fields[0]?.initial).toBeUndefined();
      await on(d, {
        slack: () => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.caseForm);
          expect(decodeViewMetadata(String(view.private_metadata))?.metadata).toBe(w.slots[0]![0]);
          expect(inputs(view).map((b) => [b.block_id, b.element.type, b.optional])).toEqual(
            CASE_FIELDS.map(([id, required, element]) => [id, element, !required]),
          );
          expect(input(view, "problem").element).toMatchObject({ multiline: true, max_length: 1000 });
          expect(input(view, "action").element.initial_option?.value).toBe("draft");
        },
        teams: (teams) => {
          // a command is answered with a card whose button opens the form as a dialog
          expect(asked.view.title).toBe("Case for the panel");
          expect(asked.view.buttons.map((b) => b.label)).toEqual(["Open: Case for the panel"]);
          const dialog = teams.dialog(form);
          expect(submitData(dialog)).toEqual({ formId: FormIds.caseForm, metadata: w.slots[0]![0] });
          const fields = cardInputs(dialog);
          expect([...fields.entries()].map(([id, e]) => [id, e.type, e.isRequired])).toEqual(
            CASE_FIELDS.map(([id, required, , card]) => [id, card, required]),
          );
          expect(fields.get("problem")).toMatchObject({ isMultiline: true, maxLength: 1000 });
          expect(fields.get("action")?.value).toBe("draft");
        },
      });
      const saved = await d.submit("ana", form, { "Presenting problem": CASE.problem });
      expect(saved.text).toBe("Draft saved. Open it again with `case` to finish it.");
      await on(d, { slack: () => expect(saved.view.private).toBe(true) });
      expect(form.fields.map((f) => [f.label, f.required])).toEqual([
        ["Age band", true],
        ["Sex", true],
        ["Care setting", true],
        ["Presenting problem", true],
        ["Relevant history", false],
        ["Current medications", false],
        ["What has been tried", false],
        ["Your one question for the panel", true],
        ["Save as", true],
      ]);
      expect(fieldOf(form, "Save as")).toMatchObject({ initial: DRAFT, options: [DRAFT, SUBMIT] });
      expect(fieldOf(form, "Save as").hint).toMatch(
        /^Submitting sends the case to the hub experts of Palliative Care ECHO\. Leave out names, dates of birth/,
      );
      expect(await d.services.store.cases.bySlot(w.slots[0]![0]!)).toMatchObject({
        status: "draft",
        fields: { problem: CASE.problem },
      });
      const again = await d.form("ana", await d.command("ana", "case"));
      expect((await d.field(again, "Presenting problem")).initial).toBe(CASE.problem);
      await on(d, { shell: (shell) => expect(shell.shell.prompt).toBe(`Presenting problem\n[${CASE.problem}] > `) });
      await d.cancel("ana", again);
    },
  },
  {
    name: "a submission with a name, a date of birth, an NHS number and a phone number gets an error on each of those fields naming the kind, and nothing of it is stored",
    async run(d, w) {
      w.caseForm = await d.form("ana", await d.command("ana", "case"));
      const form = w.caseForm;
      const refused = await d.submit("ana", form, { ...CASE_ANSWERS, ...IDENTIFIED_ANSWERS, "Save as": SUBMIT });
      expect(refused.form).toBe(form);
      expect(Object.keys(form.errors).sort()).toEqual([
        "Current medications",
        "Presenting problem",
        "Relevant history",
        "Your one question for the panel",
      ]);
      expect(form.errors["Presenting problem"]).toMatch(/^this looks like a person's name/);
      expect(form.errors["Relevant history"]).toMatch(/^this looks like a date of birth/);
      expect(form.errors["Current medications"]).toMatch(/^this looks like an NHS number/);
      expect(form.errors["Your one question for the panel"]).toMatch(/^this looks like a phone number/);
      // the messages show what was found masked, never the identifier itself
      expect(JSON.stringify(form.errors)).not.toMatch(LEAKS);
      await on(d, {
        slack: (slack) => {
          const ack = slack.ack(refused) as { response_action: string; errors: Record<string, string> };
          expect(ack.response_action).toBe("errors");
          expect(Object.keys(ack.errors).sort()).toEqual(["history", "medications", "problem", "question"]);
          expect(ack.errors.problem).toMatch(/^Presenting problem: this looks like a person's name/);
          expect(ack.errors.history).toMatch(/^Relevant history: this looks like a date of birth/);
          expect(ack.errors.medications).toMatch(/^Current medications: this looks like an NHS number/);
          expect(ack.errors.question).toMatch(/^Your one question for the panel: this looks like a phone number/);
          expect(JSON.stringify(ack)).not.toMatch(LEAKS);
        },
        // the dialog comes back with each message under its field and every value kept
        teams: (teams) => {
          const dialog = teams.dialog(form);
          const fields = cardInputs(dialog);
          expect(fields.get("problem")?.errorMessage).toMatch(/^Presenting problem: this looks like a person's name/);
          expect(fields.get("history")?.errorMessage).toMatch(/^Relevant history: this looks like a date of birth/);
          expect(fields.get("medications")?.errorMessage).toMatch(
            /^Current medications: this looks like an NHS number/,
          );
          expect(fields.get("question")?.errorMessage).toMatch(
            /^Your one question for the panel: this looks like a phone number/,
          );
          for (const [label, value] of Object.entries({ ...CASE_ANSWERS, ...IDENTIFIED_ANSWERS, "Save as": SUBMIT }))
            expect(fieldOf(form, label).value).toBe(value);
          // under the field as Teams markdown: the masked sample's stars escaped, reading as the message
          const texts = (dialog.body as Json[]).filter((e) => e.type === "TextBlock").map((e) => String(e.text));
          expect(texts).toContain(
            "Relevant history: this looks like a date of birth (\\*\\*/\\*\\*/1948). Give an age band or a year instead.",
          );
          expect(texts.map(teamsRead)).toContain(fields.get("history")?.errorMessage);
        },
        // the shell lists them in the form's order and asks only those fields again, starting with the first
        shell: (shell) => {
          const printed = String(refused.raw);
          const listed = printed.slice(printed.indexOf("Please check these:")).split("\n");
          expect(listed[1]).toMatch(/^ {2}Presenting problem: this looks like a person's name/);
          expect(listed[2]).toMatch(/^ {2}Relevant history: this looks like a date of birth/);
          expect(listed[3]).toMatch(/^ {2}Current medications: this looks like an NHS number/);
          expect(listed[4]).toMatch(/^ {2}Your one question for the panel: this looks like a phone number/);
          expect(listed.slice(1, 5).join("\n")).not.toMatch(LEAKS);
          expect(shell.shell.prompt).toMatch(/^Presenting problem\n\[Mrs Patricia Hughes/);
        },
      });
      expect(await d.services.store.cases.bySlot(w.slots[0]![0]!)).toMatchObject({
        status: "draft",
        fields: { problem: CASE.problem },
      });
      const stored = JSON.stringify(
        await Promise.all([
          d.services.database.db.caseForm.findMany(),
          d.services.database.db.auditEntry.findMany(),
          d.services.database.db.job.findMany(),
        ]),
      );
      expect(stored).not.toMatch(LEAKS);
      await d.tick();
      expect(d.sent()).not.toMatch(LEAKS);
      expect(await d.messagesTo("hugo")).toEqual([]);
    },
  },
  {
    name: "a clean submission is shared with the hub expert by direct message when the scheduler runs, and nobody is asked to present yet",
    async run(d, w) {
      const done = await d.submit("ana", w.caseForm, { ...CASE_ANSWERS, "Save as": SUBMIT });
      expect(done.text).toBe(
        "Your case is submitted: the hub experts have it now, and the channel gets a summary on the day.",
      );
      await on(d, {
        // only the refused fields were asked again, each showing what had been typed
        shell: (shell) => {
          expect(shell.lastPrompts).toHaveLength(4);
          expect(shell.lastPrompts[0]).toMatch(/^Presenting problem\n\[Mrs Patricia Hughes/);
          expect(shell.lastPrompts[1]).toBe("Relevant history (optional)\n[DOB 12/03/1948. COPD since 2015.] > ");
          expect(shell.lastPrompts[2]).toMatch(/^Current medications \(optional\)\n/);
          expect(shell.lastPrompts[3]).toMatch(/^Your one question for the panel\n/);
        },
      });
      expect(await d.services.store.cases.bySlot(w.slots[0]![0]!)).toMatchObject({ status: "submitted", fields: CASE });
      await d.tick();
      const title = `Case from ${d.name("ana")} for Palliative Care ECHO`;
      const shared = lastTitled(await d.messagesTo("hugo"), title);
      expect(shared.lines).toContain(`To be discussed on ${S1}.`);
      for (const value of Object.values(CASE)) expect(shared.text).toContain(value);
      expect(shared.lines).toContain(`Presenting problem: ${CASE.problem}`);
      expect(shared.lines).toContain(`Your one question for the panel: ${CASE.question}`);
      // only the hub expert has it, and nobody was asked to present: the first session's slots are both held
      const everything = [...(await d.directMessages()).map((m) => m.view), ...(await d.channelMessages())];
      expect(titled(everything, title)).toHaveLength(1);
      expect(titled(everything, ASK)).toEqual([]);
      expect(d.sent()).not.toMatch(LEAKS);
      await on(d, {
        slack: (slack) => {
          expect(slack.h.fake.callsTo("conversations.open").map((c) => c.body.users)).toContain("UHUGO");
          expect(contexts(shared.raw as Json)).toEqual([`To be discussed on ${S1}.`]);
          expect((shared.raw as Json).metadata).toMatchObject({ event_type: "teleecho_delivery" });
        },
        // in a 1:1 chat the bot creates
        teams: (teams) => {
          const created = teams.h.connector.requests.filter((r) => r.kind === "create");
          expect(created.map((r) => r.body)).toEqual([
            expect.objectContaining({
              isGroup: false,
              members: [{ id: teams.user("hugo").aadObjectId }],
              tenantId: TENANT,
              channelData: { tenant: { id: TENANT } },
            }),
          ]);
        },
      });
    },
  },
  {
    name: "on the day of the session the channel gets the summary of its cases",
    async run(d) {
      await d.tick("2026-12-02T08:00:00Z");
      const summary = lastTitled(await d.channelMessages(), "Today at Palliative Care ECHO: 1 case");
      expect(summary.lines).toEqual([
        `${S1}. Video room: https://zoom.us/j/123456789`,
        `Case 1 (${d.name("ana")}): 70–79, female, care home.`,
        `Question: ${CASE.question}`,
      ]);
      expect(summary.text).not.toContain(CASE.history);
    },
  },
];
