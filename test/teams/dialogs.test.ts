/**
 * A Teams dialog's submission goes to the core as it came: the form is not opened again to learn its field types
 * (that would repeat its checks, and the work of forms whose opening reads a lot); only a submission with field
 * errors builds the dialog again, to show each message under its field.
 */
import { encodeFormRef } from "../../src/core/app-refs";
import { ActionIds, FormIds } from "../../src/core/ids";
import {
  dialogCard,
  FRAN,
  setUpNetwork,
  startTeams,
  type TeamsHarness,
  taskFetch,
  taskMessage,
  taskSubmit,
} from "../support/teams";

describe("a Teams dialog's submission", () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams("sqlite");
    await setUpNetwork(h);
  });
  afterAll(async () => {
    await h.close();
  });

  async function moveDialog() {
    const network = (await h.services.store.networks.all())[0]!;
    const [session] = await h.services.store.sessions.upcoming(network.id, h.services.clock.now(), 1);
    const value = encodeFormRef(FormIds.sessionMove, session!.id);
    const fetched = await h.post(
      taskFetch(h.connector.serviceUrl, FRAN, { verb: ActionIds.openForm, value }, { kind: "channel" }),
    );
    return { card: dialogCard(fetched.body), session: session! };
  }

  test("is saved without opening the form again", async () => {
    const { card, session } = await moveDialog();
    const opened = jest.spyOn(h.services.core, "openForm");
    const submitted = await h.post(
      taskSubmit(h.connector.serviceUrl, FRAN, card, { date: "2026-12-03", time: "10:00" }, { kind: "channel" }),
    );
    expect(taskMessage(submitted.body)?.type).toBe("message");
    expect(opened).not.toHaveBeenCalled();
    expect((await h.services.store.sessions.byId(session.id))?.moved).toBe(true);
    opened.mockRestore();
  });

  test("with a field error builds the dialog once more, with the message under its field", async () => {
    const { card } = await moveDialog();
    const opened = jest.spyOn(h.services.core, "openForm");
    const submitted = await h.post(
      taskSubmit(h.connector.serviceUrl, FRAN, card, { date: "3 December", time: "10:00" }, { kind: "channel" }),
    );
    const again = dialogCard(submitted.body);
    expect(JSON.stringify(again.body)).toContain("Give the new date as YYYY-MM-DD.");
    expect(opened).toHaveBeenCalledTimes(1);
    opened.mockRestore();
  });
});
