/**
 * Presenting a case, end to end, written once and run in Slack, in Teams and in the shell, on each database provider:
 * each through its real route (signed POSTs to /slack/events against a fake Slack Web API, activities POSTed to
 * /api/messages with a stub Bot Connector, the real shell on piped input), with the platform's real messenger when
 * the scheduler ticks. A facilitator sets the network up and adds people with `role`; `present` lists the slots with
 * Claim buttons; members claim and release; the facilitator assigns, swaps and frees from forms and buttons;
 * `rotation` says who is next and why, `rotation away` skips someone without costing their place; the scheduler asks
 * the next people by direct message with Accept and Pass; `case` opens the case form, where a draft is kept,
 * identifiers are refused on their own field and never stored, and a submitted case goes to the hub expert, the day's
 * summary to the channel, the recommendations back to the presenter and, at the follow-up date, the outcome form.
 * Twenty members click one Claim button at the same moment, and exactly one gets the slot (Slack and Teams; in the
 * shell a claim made at one terminal is refused at another). What belongs to one platform (ephemeral answers,
 * replaced cards, invoke responses and action kinds, 1:1 chats created, numbered buttons) is checked beside the
 * shared steps, on that platform only.
 */
import { decodeFormRef } from "../../src/core/app-refs";
import { ActionIds, FormIds } from "../../src/core/ids";
import { setupForm } from "../../src/core/networks/cards";
import type { Network } from "../../src/core/ports";
import { decodeViewMetadata } from "../../src/slack/view-metadata";
import { CASE } from "../support/cases";
import type { Cast, Driver, FormView, Step, Values, View } from "../support/drivers";
import { buttonOf, byLabel, CAST, fieldOf, lastTitled, layout, NOTICE, on, scenario, titled } from "../support/drivers";
import { ASK, IDENTIFIED, LEAKS, OUTCOME, QUIET_SETUP, RECOMMENDATIONS, S1, S2, S3 } from "../support/seed";
import type { ShellSession } from "../support/shell";
import type { ButtonElement } from "../support/slack";
import { contexts, input, inputs, type Json } from "../support/slack-blocks";
import { type CardAction, cardInputs, TENANT } from "../support/teams";

/** The fourth session of a network set up with QUIET_SETUP. */
const S4 = "Wed 23 Dec 2026, 12:30–14:00 GMT";

/**
 * The setup form's answers with the channel and personal reminders switched off, so that the direct messages are the
 * rotation's. The shell cannot empty a field (Enter keeps what it shows), so in the shell the reminders stay at their
 * defaults, as a newcomer there would leave them.
 */
function setupAnswers(d: Driver): Values {
  const answers = byLabel(setupForm(undefined, d.services.clock.now()), QUIET_SETUP);
  if (d.platform !== "shell") return answers;
  return Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== ""));
}

/** The case form's answers for CASE, by field label. */
const CASE_ANSWERS: Values = {
  "Age band": CASE.ageBand,
  Sex: CASE.sex,
  "Care setting": CASE.setting,
  "Presenting problem": CASE.problem,
  "Relevant history": CASE.history,
  "Current medications": CASE.medications,
  "What has been tried": CASE.tried,
  "Your one question for the panel": CASE.question,
};
const IDENTIFIED_ANSWERS: Values = {
  "Presenting problem": IDENTIFIED.problem,
  "Relevant history": IDENTIFIED.history,
  "Current medications": IDENTIFIED.medications,
  "Your one question for the panel": IDENTIFIED.question,
};
const DRAFT = "A draft (only you see it)";
const SUBMIT = "Submitted to the hub: it has no names or identifiers";
const RECOMMENDING = "The panel's recommendations";
const OUTCOME_FIELD = "What happened after the panel's advice?";

const turn = (session: string, position: number) =>
  `Case ${position} on ${session} is still open and it is your turn in the rotation.`;

/** The slot a Slack button works on: its value, or the metadata of the form it opens. */
const slackSlot = (button: ButtonElement) =>
  button.action_id.startsWith(ActionIds.openForm) ? decodeFormRef(button.value ?? "").metadata : button.value;
/** The slot a Teams action works on: its value, or the metadata of the form it opens. */
const teamsSlot = (action: CardAction) => {
  const value = String(action.data?.value ?? "");
  return action.type === "Action.Submit" ? decodeFormRef(value).metadata : value;
};
/** What a Teams dialog's submit action carries back. */
const submitData = (dialog: Json) =>
  ((dialog.actions as CardAction[] | undefined) ?? []).find((a) => a.type === "Action.Submit")?.data;

/** The case form's fields: id, required, and the Slack element and Adaptive Card input each is. */
const CASE_FIELDS: Array<[string, boolean, string, string]> = [
  ["ageBand", true, "static_select", "Input.ChoiceSet"],
  ["sex", true, "static_select", "Input.ChoiceSet"],
  ["setting", true, "static_select", "Input.ChoiceSet"],
  ["problem", true, "plain_text_input", "Input.Text"],
  ["history", false, "plain_text_input", "Input.Text"],
  ["medications", false, "plain_text_input", "Input.Text"],
  ["tried", false, "plain_text_input", "Input.Text"],
  ["question", true, "plain_text_input", "Input.Text"],
  ["action", true, "static_select", "Input.ChoiceSet"],
];

interface World {
  network: Network;
  /** the slot ids of the first six sessions, by session and then by case position */
  slots: string[][];
  /** what `present` showed Ana first */
  slotsCard: View;
  /** the case form Ana submits (refused, then clean) */
  caseForm: FormView;
}

const PRESENTING: Step<World>[] = [
  {
    name: "a facilitator sets the network up, adds four members with one `role` and a hub expert, and puts them in spokes",
    async run(d, w) {
      const n = (who: string) => d.name(who);
      const form = await d.form("fran", await d.command("fran", "setup"));
      const done = await d.submit("fran", form, setupAnswers(d));
      expect(done.view.title).toBe("Palliative Care ECHO is set up in this channel");
      await on(d, { teams: () => expect(done.notice).toBe("Saved.") });
      w.network = (await d.services.store.networks.byChannel(d.channel)) as Network;
      expect(w.network).toMatchObject({ casesPerSession: 2, caseDueDays: 2, rotationAskDays: 7 });
      expect((await d.command("fran", "role @ana @ben @cy @dee member")).text).toBe(
        `${n("ana")}, ${n("ben")}, ${n("cy")} and ${n("dee")} are now members of Palliative Care ECHO.`,
      );
      expect((await d.command("fran", "role @hugo hub_expert")).text).toBe(
        `${n("hugo")} is now hub expert of Palliative Care ECHO.`,
      );
      for (const [who, spoke] of [
        ["ana", "Riverside Practice"],
        ["ben", "Riverside Practice"],
        ["cy", "Hilltop Hospice"],
        ["dee", "Hilltop Hospice"],
      ] as const)
        expect((await d.command("fran", `rotation spoke @${who} ${spoke}`)).text).toBe(`${n(who)} is at ${spoke}.`);
      expect((await d.command("ben", "rotation spoke @ana Elsewhere")).text).toBe(
        "Only a facilitator or an admin of this network can set spokes.",
      );
      expect(await d.services.store.members.find(w.network.id, d.address("ana"))).toMatchObject({ role: "member" });
    },
  },
  {
    name: "`present` shows a member each coming session's open slots with a Claim button",
    async run(d, w) {
      const card = (await d.command("ana", "present")).view;
      w.slotsCard = card;
      expect(card.title).toBe("Palliative Care ECHO: case slots");
      expect(layout(card).slice(0, 8)).toEqual([
        S1,
        "Case 1: open",
        "[Claim case 1]",
        "Case 2: open",
        "[Claim case 2]",
        S2,
        "Case 1: open",
        "[Claim case 1]",
      ]);
      expect(card.buttons.map((b) => b.label)).toEqual(
        Array.from({ length: 6 }, () => ["Claim case 1", "Claim case 2"]).flat(),
      );
      const sessions = (await d.services.store.sessions.upcoming(w.network.id, d.services.clock.now(), 6)).filter(
        (s) => s.status === "scheduled",
      );
      w.slots = [];
      for (const session of sessions)
        w.slots.push((await d.services.store.slots.forSession(session.id)).map((s) => s.id));
      await on(d, {
        // only the member sees it, and each button carries its slot
        slack: () => {
          expect(card.private).toBe(true);
          expect(card.buttons.map((b) => slackSlot(b.raw as ButtonElement))).toEqual(w.slots.flat());
        },
        teams: () => {
          const actions = card.buttons.map((b) => b.raw as CardAction);
          expect(actions.map((a) => [a.type, a.verb])).toEqual(
            actions.map(() => ["Action.Execute", ActionIds.slotClaim]),
          );
          expect(actions.map(teamsSlot)).toEqual(w.slots.flat());
        },
        shell: () => {
          expect(card.raw).toContain(
            [S1, "  (Case 1: open)", "  [1] Claim case 1", "  (Case 2: open)", "  [2] Claim case 2", S2].join("\n"),
          );
          expect(card.raw).toContain("[12] Claim case 2");
        },
      });
    },
  },
  {
    name: "a member claims a slot with its button, and the card shows it as theirs with Case form and Release; a second claim in the same session is refused",
    async run(d, w) {
      // in the shell, Ben has the same card open at another terminal
      let other: ShellSession | undefined;
      await on(d, {
        shell: async (shell) => {
          other = await shell.terminal("ben");
          expect(await other.send("present")).toContain("  [1] Claim case 1");
        },
      });
      const claimed = (await d.press("ana", w.slotsCard, "Claim case 1", [S1])).view;
      expect(layout(claimed).slice(0, 6)).toEqual([
        S1,
        `Case 1: ${d.name("ana")} (you), case form not started`,
        "[Case form]",
        "[Release]",
        "Case 2: open",
        "[Claim case 2]",
      ]);
      expect(await slot(d, w, 0, 1)).toMatchObject({ user: d.address("ana"), how: "claimed" });
      await on(d, {
        slack: () => expect(claimed.replaced).toBe(true),
        teams: () => {
          expect(claimed.replaced).toBe(true);
          expect(claimed.buttons.slice(0, 3).map((b) => (b.raw as CardAction).type)).toEqual([
            "Action.Submit",
            "Action.Execute",
            "Action.Execute",
          ]);
        },
        // the same Claim, pressed next at the other terminal, is refused
        shell: async () => {
          expect(claimed.raw).toContain(
            [
              S1,
              "  (Case 1: Ana (you), case form not started)",
              "  [1] Case form  [2] Release",
              "  (Case 2: open)",
            ].join("\n"),
          );
          expect(await other?.send("1")).toContain("Sorry, that slot was just taken by Ana.");
          expect(await slot(d, w, 0, 1)).toMatchObject({ user: "shell:ana" });
        },
      });
      // one case each per session
      const again = await d.press("ana", claimed, "Claim case 2", [S1]);
      expect(again.text).toBe("You already present a case in that session; one case each.");
      await on(d, {
        slack: () =>
          expect(again.view.raw).toMatchObject({
            response_type: "ephemeral",
            replace_original: false,
            text: "You already present a case in that session; one case each.",
          }),
        teams: () =>
          expect(again.raw).toEqual({
            statusCode: 200,
            type: NOTICE,
            value: "You already present a case in that session; one case each.",
          }),
      });
      expect((await slot(d, w, 0, 2)).memberId).toBeNull();
    },
  },
  {
    name: "a member releases a slot before the case deadline, and it is open again",
    async run(d, w) {
      const card = (await d.command("ben", "present")).view;
      const claimed = (await d.press("ben", card, "Claim case 2", [S1])).view;
      expect(claimed.lines.slice(1, 3)).toEqual([
        `Case 1: ${d.name("ana")}, case form not started`,
        `Case 2: ${d.name("ben")} (you), case form not started`,
      ]);
      const released = (await d.press("ben", claimed, "Release", [S1, /^Case 2:/])).view;
      // Ana's slot has no buttons for Ben
      expect(layout(released).slice(0, 4)).toEqual([
        S1,
        `Case 1: ${d.name("ana")}, case form not started`,
        "Case 2: open",
        "[Claim case 2]",
      ]);
      await on(d, {
        slack: () => expect(released.replaced).toBe(true),
        teams: () => expect(released.replaced).toBe(true),
      });
      expect((await slot(d, w, 0, 2)).memberId).toBeNull();
    },
  },
  {
    name: "a facilitator sees Assign, Free and Swap, and assigns an open slot from the Assign form",
    async run(d, w) {
      const card = (await d.command("fran", "present")).view;
      expect(layout(card).slice(0, 8)).toEqual([
        S1,
        `Case 1: ${d.name("ana")}, case form not started`,
        "[Assign]",
        "[Free]",
        "[Swap]",
        "Case 2: open",
        "[Claim case 2]",
        "[Assign]",
      ]);
      expect(card.buttons.slice(0, 6).map((b) => b.label)).toEqual([
        "Assign",
        "Free",
        "Swap",
        "Claim case 2",
        "Assign",
        "Swap",
      ]);
      const form = await d.form("fran", await d.press("fran", card, "Assign", [S1, /^Case 2:/]));
      expect(form.title).toBe("Assign a case slot");
      expect(fieldOf(form, "Case 2 presenter")).toMatchObject({
        required: true,
        initial: "Nobody (free the slot)",
        options: ["Nobody (free the slot)", ...["fran", "hugo", "ana", "ben", "cy", "dee"].map((who) => d.name(who))],
      });
      await on(d, {
        slack: () => {
          const view = form.raw as Json;
          expect(view.callback_id).toBe(FormIds.slotAssign);
          expect(decodeViewMetadata(String(view.private_metadata))?.metadata).toBe(w.slots[0]![1]);
          expect(input(view, "member").element).toMatchObject({
            type: "static_select",
            initial_option: { value: "none" },
          });
        },
        teams: (teams) => {
          const dialog = teams.dialog(form);
          expect(submitData(dialog)).toEqual({ formId: FormIds.slotAssign, metadata: w.slots[0]![1] });
          expect(cardInputs(dialog).get("member")).toMatchObject({
            type: "Input.ChoiceSet",
            value: "none",
            isRequired: true,
          });
        },
        shell: (shell) =>
          expect(shell.shell.prompt).toBe(
            "Case 2 presenter\n  1) Nobody (free the slot)\n  2) Fran\n  3) Hugo\n  4) Ana\n  5) Ben\n  6) Cy\n  7) Dee\n[Nobody (free the slot)] > ",
          ),
      });
      const done = await d.submit("fran", form, { "Case 2 presenter": d.name("ben") });
      expect(done.view.lines.slice(1, 3)).toEqual([
        `Case 1: ${d.name("ana")}, case form not started`,
        `Case 2: ${d.name("ben")}, case form not started`,
      ]);
      await on(d, { teams: () => expect(done.notice).toBe("Saved.") });
      expect(await slot(d, w, 0, 2)).toMatchObject({ user: d.address("ben"), how: "assigned" });
    },
  },
  {
    name: "a facilitator swaps two slots from the Swap form and frees one with Free",
    async run(d, w) {
      let card = (await d.command("fran", "present")).view;
      const assign = await d.form("fran", await d.press("fran", card, "Assign", [S3, /^Case 1:/]));
      card = (await d.submit("fran", assign, { "Case 1 presenter": d.name("dee") })).view;
      expect((await slot(d, w, 2, 1)).user).toBe(d.address("dee"));
      const swap = await d.form("fran", await d.press("fran", card, "Swap", [S3, /^Case 1:/]));
      expect(swap.title).toBe("Swap case slots");
      expect(fieldOf(swap, "Swap with").options?.slice(0, 7)).toEqual([
        `2026-12-02 case 1: ${d.name("ana")}`,
        `2026-12-02 case 2: ${d.name("ben")}`,
        "2026-12-09 case 1: open",
        "2026-12-09 case 2: open",
        "2026-12-16 case 2: open",
        "2026-12-23 case 1: open",
        "2026-12-23 case 2: open",
      ]);
      await on(d, { slack: () => expect((swap.raw as Json).callback_id).toBe(FormIds.slotSwap) });
      const swapped = await d.submit("fran", swap, { "Swap with": "2026-12-23 case 2: open" });
      await on(d, { teams: () => expect(swapped.notice).toBe("Saved.") });
      expect((await slot(d, w, 2, 1)).memberId).toBeNull();
      expect((await slot(d, w, 3, 2)).user).toBe(d.address("dee"));
      const freed = (await d.press("fran", swapped.view, "Free", [S4, /^Case 2:/])).view;
      expect(freed.text).not.toContain(d.name("dee"));
      await on(d, {
        slack: () => expect(freed.replaced).toBe(true),
        teams: () => expect(freed.replaced).toBe(true),
      });
      expect((await slot(d, w, 3, 2)).memberId).toBeNull();
      const audit = await d.services.database.db.auditEntry.findMany({ where: { action: { startsWith: "slot." } } });
      expect(audit.map((a) => `${a.action} by ${a.actor}`).sort()).toEqual(
        [
          `slot.assign by ${d.address("fran")}`,
          `slot.assign by ${d.address("fran")}`,
          `slot.claimed by ${d.address("ana")}`,
          `slot.claimed by ${d.address("ben")}`,
          `slot.free by ${d.address("fran")}`,
          `slot.release by ${d.address("ben")}`,
          `slot.swap by ${d.address("fran")}`,
        ].sort(),
      );
    },
  },
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
          const texts = (dialog.body as Json[]).filter((e) => e.type === "TextBlock").map((e) => e.text);
          expect(texts).toContain(fields.get("history")?.errorMessage);
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

async function slot(d: Driver, w: World, session: number, position: number) {
  const found = await d.services.store.slots.byId(w.slots[session]?.[position - 1] ?? "");
  if (!found) throw new Error(`no slot ${position} in session ${session}`);
  return found;
}

scenario("presenting a case in %s on %s", CAST, PRESENTING);

const RACERS = Array.from({ length: 20 }, (_, i) => `racer${String(i + 1).padStart(2, "0")}`);
const RACE_CAST: Cast = {
  fran: { teams: "Fran Facilitator" },
  ...Object.fromEntries(RACERS.map((r) => [r, { name: `Racer ${r.slice(5)}` }])),
};

const RACE: Step<object>[] = [
  {
    name: "twenty members click the same Claim button at the same moment: exactly one gets the slot and nineteen are told it was just taken",
    async run(d) {
      await d.submit("fran", await d.form("fran", await d.command("fran", "setup")), setupAnswers(d));
      expect((await d.command("fran", `role ${RACERS.map((r) => `@${r}`).join(" ")} member`)).text).toMatch(
        /^Racer 01, Racer 02, .* and Racer 20 are now members/,
      );
      const card = (await d.command(RACERS[0]!, "present")).view;
      // the first open slot of the second session, the third button on the card
      expect(buttonOf(card, "Claim case 1", [S2])).toBe(card.buttons[2]);
      const answers = await Promise.all(RACERS.map((r) => d.press(r, card, "Claim case 1", [S2])));
      const won = answers.flatMap((a, i) => (a.views[0]?.replaced ? [i] : []));
      expect(won).toHaveLength(1);
      const winner = RACERS[won[0]!]!;
      expect(answers[won[0]!]!.view.text).toContain(`Case 1: ${d.name(winner)} (you), case form not started`);
      const lost = answers.filter((_, i) => i !== won[0]);
      expect(lost.map((a) => a.text)).toEqual(lost.map(() => `Sorry, that slot was just taken by ${d.name(winner)}.`));
      await on(d, {
        slack: (slack) => {
          const replies = slack.h.fake.callsTo("response_url").filter((c) => c.path.startsWith("/respond/action-"));
          expect(replies).toHaveLength(20);
          const losing = replies.filter((r) => r.body.replace_original !== true);
          expect(losing.map((r) => r.body)).toEqual(
            losing.map(() => ({
              response_type: "ephemeral",
              replace_original: false,
              text: `Sorry, that slot was just taken by ${d.name(winner)}.`,
            })),
          );
          expect(new Set(losing.map((r) => r.path)).size).toBe(19);
        },
        teams: () =>
          expect(lost.map((a) => a.raw)).toEqual(
            lost.map(() => ({
              statusCode: 200,
              type: NOTICE,
              value: `Sorry, that slot was just taken by ${d.name(winner)}.`,
            })),
          ),
      });
      const network = (await d.services.store.networks.byChannel(d.channel)) as Network;
      const [, second] = await d.services.store.sessions.upcoming(network.id, d.services.clock.now(), 2);
      const [first] = await d.services.store.slots.forSession(second!.id);
      expect(first).toMatchObject({ user: d.address(winner), how: "claimed" });
      const audit = await d.services.database.db.auditEntry.findMany({ where: { action: "slot.claimed" } });
      expect(audit.map((a) => a.actor)).toEqual([d.address(winner)]);
    },
  },
];

scenario("the claim race in %s on %s", RACE_CAST, RACE, { platforms: ["slack", "teams"] });
