/** The claim race: twenty members press one Claim button at the same moment. */
import type { Network } from "../../../src/core/ports";
import type { Cast, Step } from "../../support/drivers";
import { buttonOf, NOTICE, on } from "../../support/drivers";
import { S2 } from "../../support/seed";
import { setupAnswers } from "./world";

const RACERS = Array.from({ length: 20 }, (_, i) => `racer${String(i + 1).padStart(2, "0")}`);
export const RACE_CAST: Cast = {
  fran: { teams: "Fran Facilitator" },
  ...Object.fromEntries(RACERS.map((r) => [r, { name: `Racer ${r.slice(5)}` }])),
};

export const RACE: Step<object>[] = [
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
