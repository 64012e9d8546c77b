/** Presenting, first steps: setup, `present`, claiming, releasing, assigning, swapping and freeing slots. */
import { ActionIds, FormIds } from "../../../src/core/ids";
import type { Network } from "../../../src/core/ports";
import { decodeViewMetadata } from "../../../src/slack/view-metadata";
import type { Step } from "../../support/drivers";
import { fieldOf, layout, NOTICE, on } from "../../support/drivers";
import { S1, S2, S3 } from "../../support/seed";
import type { ShellSession } from "../../support/shell";
import type { ButtonElement } from "../../support/slack";
import { input, type Json } from "../../support/slack-blocks";
import { type CardAction, cardInputs } from "../../support/teams";
import { S4, setupAnswers, slackSlot, slot, submitData, teamsSlot, type World } from "./world";

export const SLOTS: Step<World>[] = [
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
];
