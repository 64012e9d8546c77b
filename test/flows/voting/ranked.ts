/** A ranked-choice vote and its instant-runoff rounds. */
import type { Network } from "../../../src/core/ports";
import type { Step, Values } from "../../support/drivers";
import { lastTitled, on } from "../../support/drivers";
import { BREATHLESSNESS, CLOSES, DELIRIUM, OPIOIDS } from "../../support/seed";
import { cardInputs } from "../../support/teams";
import { CLOSES_AT, CLOSES_ON, METHOD, RANKED, setupAnswers } from "./world";

export const RANKED_VOTE: Step<object>[] = [
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
