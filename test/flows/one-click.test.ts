/**
 * A one-pick vote is cast with one click on the ballot card, in Slack, Teams and the shell, on each database: the
 * card shows a button per topic instead of the Vote form, a click records the vote (another click changes it, the
 * same click again changes nothing), someone who is not a member is refused, and a click after the close says so.
 * In Slack the click is an answer: it is in the database before Slack gets its acknowledgement.
 */
import type { Ballot } from "../../src/core/curriculum/ports";
import type { Network } from "../../src/core/ports";
import { CAST, type Driver, on, type Step, scenario, titled, type View } from "../support/drivers";
import { BREATHLESSNESS, CLOSES, DELIRIUM, OPIOIDS } from "../support/seed";
import { blockActions, buttonLabelled, interactive } from "../support/slack";
import type { Json } from "../support/slack-blocks";
import { CLOSES_AT, CLOSES_ON, MOST, NOT_A_MEMBER, setupAnswers, TOPICS } from "./voting/world";

interface World {
  network: Network;
  ballot: Ballot;
  card: View;
  ids: Map<string, string>;
}

const papers = async (d: Driver, w: World) => (await d.services.store.ballots.papers(w.ballot.id)).named;
const picks = (d: Driver, w: World, who: string) => d.services.store.ballots.namedPicks(w.ballot.id, d.address(who));
const recorded = (title: string) => `Your vote is recorded: ${title}. You can change it until ${CLOSES}.`;

const ONE_CLICK: Step<World>[] = [
  {
    name: "a one-pick vote's card has a button for each topic instead of the Vote form",
    async run(d, w) {
      await d.submit("fran", await d.form("fran", await d.command("fran", "setup")), setupAnswers(d));
      w.network = (await d.services.store.networks.byChannel(d.channel)) as Network;
      await d.command("fran", "role @ana @ben member");
      for (const title of [DELIRIUM, BREATHLESSNESS, OPIOIDS]) await d.command("ana", `propose ${title}`);
      w.ids = new Map((await d.services.store.topics.list(w.network.id)).map((t) => [t.title, t.id]));
      const form = await d.form("fran", await d.command("fran", "vote"));
      const opened = await d.submit("fran", form, {
        [TOPICS]: [DELIRIUM, BREATHLESSNESS, OPIOIDS],
        [CLOSES_ON]: "2026-11-28",
        [CLOSES_AT]: "17:00",
        [MOST]: "1",
      });
      expect(opened.text).toBe(`The vote is open until ${CLOSES}; the ballot is being posted to the channel.`);
      await d.tick();
      w.ballot = (await d.services.store.ballots.openFor(w.network.id)) as Ballot;
      const posts = titled(await d.channelMessages(), "Palliative Care ECHO: curriculum vote");
      expect(posts).toHaveLength(1);
      w.card = posts[0] as View;
      expect(w.card.buttons.map((b) => b.label)).toEqual([DELIRIUM, BREATHLESSNESS, OPIOIDS, "Close now"]);
      expect(w.card.text).toContain("Click the topic you would most like taught; click another to change your vote.");
    },
  },
  {
    name: "a click records the vote; another click changes it; the same click again changes nothing",
    async run(d, w) {
      expect((await d.press("ana", w.card, DELIRIUM)).text).toBe(recorded(DELIRIUM));
      expect(await picks(d, w, "ana")).toEqual([w.ids.get(DELIRIUM)]);
      expect((await d.press("ana", w.card, OPIOIDS)).text).toBe(recorded(OPIOIDS));
      expect((await d.press("ana", w.card, OPIOIDS)).text).toBe(recorded(OPIOIDS));
      expect((await d.press("ben", w.card, DELIRIUM)).text).toBe(recorded(DELIRIUM));
      expect(await papers(d, w)).toEqual([[w.ids.get(OPIOIDS)], [w.ids.get(DELIRIUM)]]);
    },
  },
  {
    name: "someone who is not a member is refused and nothing is stored",
    async run(d, w) {
      expect((await d.press("zed", w.card, DELIRIUM)).text).toBe(NOT_A_MEMBER);
      expect(await picks(d, w, "zed")).toBeUndefined();
      expect(await papers(d, w)).toHaveLength(2);
    },
  },
  {
    name: "in Slack the click is stored before it is acknowledged, and a replayed click is answered once",
    on: ["slack"],
    async run(d, w) {
      await on(d, {
        slack: async (slack) => {
          const h = slack.h;
          const button = buttonLabelled(w.card.raw as Json, BREATHLESSNESS);
          const body = interactive(blockActions("UBEN", button));
          // a replay carries the first delivery's timestamp and signature, whatever second it arrives in
          const sent = { timestamp: Math.floor(Date.now() / 1000) };
          const response = await h.post(body, { ...sent, wait: false });
          expect(response.status).toBe(200);
          // the acknowledgement has arrived: the vote is already in the database
          expect(await picks(d, w, "ben")).toEqual([w.ids.get(BREATHLESSNESS)]);
          await h.adapter.drain();
          const replies = h.fake.callsTo("response_url").length;
          // the same signed request again (Slack retrying, or a replay): acknowledged, and nothing more happens
          expect((await h.post(body, sent)).status).toBe(200);
          expect(h.fake.callsTo("response_url").length).toBe(replies);
          // ben changes his vote; the first click replayed after that does not turn it back
          const change = interactive(blockActions("UBEN", buttonLabelled(w.card.raw as Json, OPIOIDS)));
          expect((await h.post(change)).status).toBe(200);
          expect((await h.post(body, sent)).status).toBe(200);
          await h.adapter.drain();
          expect(await picks(d, w, "ben")).toEqual([w.ids.get(OPIOIDS)]);
          expect(h.fake.callsTo("response_url").length).toBe(replies + 1);
          // one request delivered twice at the same moment (the two written together): stored once, answered once
          const again = interactive(blockActions("UBEN", buttonLabelled(w.card.raw as Json, DELIRIUM)));
          const at = { timestamp: Math.floor(Date.now() / 1000) };
          const both = await Promise.all([h.post(again, at), h.post(again, at)]);
          expect(both.map((r) => r.status)).toEqual([200, 200]);
          await h.adapter.drain();
          expect(await picks(d, w, "ben")).toEqual([w.ids.get(DELIRIUM)]);
          expect(h.fake.callsTo("response_url").length).toBe(replies + 2);
        },
      });
    },
  },
  {
    name: "a click after the close says the vote closed and changes nothing",
    async run(d, w) {
      await d.tick("2026-11-28T17:01:00Z");
      const late = await d.press("ana", w.card, DELIRIUM);
      // closed when the scheduler ran the close, a minute after the closing time
      expect(late.text).toBe("This vote closed at 2026-11-28 17:01 (Europe/London); your vote was not changed.");
      expect(await picks(d, w, "ana")).toEqual([w.ids.get(OPIOIDS)]);
    },
  },
];

scenario("a one-click vote in %s on %s", CAST, ONE_CLICK);
