/**
 * What only Slack has, beside the scenarios written once for every platform (presenting.test.ts, voting.test.ts):
 * a form's choices become checkboxes up to ten options and a multi-select menu beyond, within Slack's limits. Through
 * POST /slack/events against the fake Web API; every Block Kit payload is checked with checkBlockKit.
 */
import { FormIds } from "../../src/core/ids";
import type { Network } from "../../src/core/ports";
import { NETWORK_CHANNEL, SlackHarness } from "../support/slack";
import { input, labels } from "../support/slack-blocks";

describe("a Slack vote with more than ten proposals", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await SlackHarness.start("sqlite");
  });
  afterAll(async () => {
    expect(h.blockKitViolations()).toEqual([]);
    await h.close();
  });

  test("`vote` opens the form with the topics as a multi-select menu, and the vote opens with the chosen ones", async () => {
    await h.setUpNetwork();
    const titles = [
      "Delirium",
      "Breathlessness",
      "Opioid conversions",
      "Constipation",
      "Anticipatory prescribing",
      "Advance care planning",
      "Nausea and vomiting",
      "Spiritual care",
      "Grief and bereavement",
      "Syringe drivers",
      "Hypercalcaemia",
      "Malignant spinal cord compression",
    ];
    for (const title of titles) await h.command(`propose ${title}`);
    await h.command("vote");
    const view = h.openedView();
    expect(view.callback_id).toBe(FormIds.openVote);
    const element = input(view, "topics").element;
    expect(element.type).toBe("multi_static_select");
    expect(element.max_selected_items).toBe(20);
    expect(labels(element.options)).toEqual(titles);
    expect(labels(element.initial_options)).toEqual(titles);
    const chosen = (element.options ?? []).slice(0, 3).map((o) => o.value);
    const res = await h.submit({ topics: chosen, closesDate: "2026-11-30" }, "U1", view);
    expect(res.text).toBe("");
    const network = (await h.services.store.networks.byChannel(NETWORK_CHANNEL)) as Network;
    const ballot = await h.services.store.ballots.openFor(network.id);
    expect(ballot?.topics.map((t) => t.title)).toEqual(titles.slice(0, 3));
    expect(ballot?.maxPicks).toBe(3);
  });
});
