/** The main Slack flow on every database provider: set up a network, list the schedule, skip a session. */

import { PROVIDERS } from "../support/db";
import { SlackHarness } from "../support/slack";

describe.each(PROVIDERS)("on %s", (provider) => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await SlackHarness.start(provider);
  });

  afterAll(async () => {
    await h.close();
  });

  test("a facilitator sets up the network, sees the schedule and skips a session", async () => {
    expect((await h.setUpNetwork()).status).toBe(200);
    expect(h.fake.last("chat.postMessage").body.channel).toBe("C1");
    expect(await h.services.database.db.network.count()).toBe(1);

    await h.command("schedule 3");
    const skip = h.buttons("echo.session.skip")[2];
    if (!skip?.value) throw new Error("no Skip button");
    await h.click(skip);
    await h.click(skip);
    expect((await h.services.store.sessions.byId(skip.value))?.status).toBe("skipped");
    expect(h.fake.last("response_url").body.replace_original).toBe(true);
    expect(h.blockKitViolations()).toEqual([]);
  });
});
