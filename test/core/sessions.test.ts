/**
 * The session lifecycle kernel: every feature's session jobs follow their session through a settings save, a skip,
 * a restore and a move; each feature's jobs stay under its own key prefixes; start and end hooks run once; the job
 * table is derived from the features.
 */

import { pngCharts } from "../../src/charts/png";
import { createCore, FEATURES } from "../../src/core/app";
import type { Feature } from "../../src/core/feature";
import { ActionIds, FormIds } from "../../src/core/ids";
import type { Session } from "../../src/core/ports";
import { createLifecycle } from "../../src/core/sessions/lifecycle";
import { createScheduler } from "../../src/scheduler/scheduler";
import { CASE } from "../support/cases";
import { as, CHANNEL, fran, quietNetwork } from "../support/core";
import { PROVIDERS } from "../support/db";
import { RecordingMessenger } from "../support/recording-messenger";
import { QUIET_SETUP } from "../support/seed";
import type { TestServices } from "../support/services";

const ana = as("ana");

describe.each(PROVIDERS)("the session lifecycle on %s", (provider) => {
  let s: TestServices;
  beforeEach(async () => {
    s = await quietNetwork(provider, ["<@shell:ana|Ana> member", "<@shell:hugo|Hugo> hub_expert"]);
  });
  afterEach(async () => s.close());

  const firstSession = async (): Promise<Session> => {
    const network = (await s.store.networks.byChannel(CHANNEL))!;
    const [session] = await s.store.sessions.upcoming(network.id, s.clock.now(), 1);
    return session!;
  };
  /** The pending day-of summary jobs of a session: [key, due time]. */
  const summaries = async (sessionId: string) =>
    (
      await s.database.db.job.findMany({
        where: { sessionId, kind: "case.summary", state: "pending" },
        orderBy: { dueAt: "asc" },
      })
    ).map((j) => [j.key.split(":").slice(0, 3).join(":"), j.dueAt.toISOString()]);

  async function submitCase(): Promise<Session> {
    await s.core.command(ana, "present");
    const session = await firstSession();
    const [slot] = await s.store.slots.forSession(session.id);
    await s.core.action(ana, ActionIds.slotClaim, slot!.id);
    const done = await s.core.submitForm(ana, FormIds.caseForm, slot!.id, { ...CASE, action: "submit" });
    expect(done).toMatchObject({ kind: "done" });
    return session;
  }

  it("keeps a submitted case's day-of summary through a settings save, cancels it on a skip, plans it again on a restore, and moves it with a move", async () => {
    const session = await submitCase();
    const at0800 = "2026-12-02T08:00:00.000Z";
    const key = `cases:${session.id}:${session.startsAt.getTime()}`;
    expect(await summaries(session.id)).toEqual([[key, at0800]]);

    // a settings save that changes something replans every session
    await s.core.submitForm(fran, FormIds.setup, "", { ...QUIET_SETUP, teachingMinutes: "30" });
    expect(await summaries(session.id)).toEqual([[key, at0800]]);

    await s.core.action(fran, ActionIds.sessionSkip, session.id);
    expect(await summaries(session.id)).toEqual([]);
    await s.core.action(fran, ActionIds.sessionUnskip, session.id);
    expect(await summaries(session.id)).toEqual([[key, at0800]]);

    await s.core.submitForm(fran, FormIds.sessionMove, session.id, { date: "2026-12-03", time: "10:00" });
    const moved = (await s.store.sessions.byId(session.id))!;
    // the summary goes at 08:00 on the new day, under the moved session's new key; the old one is cancelled
    expect(await summaries(session.id)).toEqual([
      [`cases:${session.id}:${moved.startsAt.getTime()}`, "2026-12-03T08:00:00.000Z"],
    ]);
    const messenger = new RecordingMessenger();
    s.clock.set("2026-12-03T08:00:00Z");
    await createScheduler(s, messenger, { worker: "t" }).tick();
    expect(messenger.to(CHANNEL).map((m) => m.text.split("\n")[0])).toEqual(["Today at Palliative Care ECHO: 1 case"]);
  });

  it("cancels only what each feature owns when a session is replanned", async () => {
    const session = await submitCase();
    // a job of the session that no feature owns (planned by hand here) is left alone by a skip
    await s.store.jobs.plan([
      { key: `other:${session.id}`, kind: "test.other", dueAt: session.startsAt, sessionId: session.id, payload: {} },
    ]);
    await s.core.action(fran, ActionIds.sessionSkip, session.id);
    const pending = await s.database.db.job.findMany({ where: { sessionId: session.id, state: "pending" } });
    expect(pending.map((j) => j.key)).toEqual([`other:${session.id}`]);
  });

  it("runs a feature's start and end hooks once, marks the session held, and can end it early", async () => {
    const calls: string[] = [];
    const probe: Feature = {
      name: "probe",
      onStart: async (_deps, _network, session) => {
        calls.push(`start ${session.status}`);
      },
      onEnd: async (_deps, _network, session) => {
        calls.push(`end ${session.status}`);
      },
    };
    const core = createCore(
      { store: s.store, clock: s.clock, log: s.log, sealer: s.sealer, charts: pngCharts, wake: () => undefined },
      [...FEATURES, probe],
    );
    const messenger = new RecordingMessenger();
    const run = () => core.runJobs(messenger, { worker: "probe" });
    // the network was set up before the probe existed: a new version's first upkeep hangs its jobs on the sessions,
    // and leaves the jobs that exist as they are (one cancelled by hand stays cancelled)
    const session = await firstSession();
    const rotation = `rotation:${session.id}:${session.startsAt.getTime()}`;
    await s.database.db.job.updateMany({ where: { key: rotation }, data: { state: "cancelled" } });
    await core.upkeep({ fillIn: true });
    expect((await s.store.jobs.byKey(rotation))?.state).toBe("cancelled");
    s.clock.set(session.startsAt);
    await run();
    await run();
    expect(calls).toEqual(["start scheduled"]);
    s.clock.set(new Date(session.startsAt.getTime() + 90 * 60_000));
    await run();
    await run();
    expect(calls).toEqual(["start scheduled", "end held"]);
    expect((await s.store.sessions.byId(session.id))?.status).toBe("held");

    // the next session is ended early, once, and then its scheduled end finds it held already
    const network = (await s.store.networks.byChannel(CHANNEL))!;
    const [next] = await s.store.sessions.upcoming(network.id, s.clock.now(), 1);
    const lifecycle = createLifecycle([...FEATURES, probe]);
    s.clock.set(new Date(next!.startsAt.getTime() + 10 * 60_000));
    await run();
    expect(await lifecycle.endNow(s.store, network, next!, s.clock.now())).toBe(true);
    expect(await lifecycle.endNow(s.store, network, next!, s.clock.now())).toBe(true);
    await run();
    s.clock.set(new Date(next!.startsAt.getTime() + 90 * 60_000));
    await run();
    expect(calls).toEqual(["start scheduled", "end held", "start scheduled", "end held"]);
    expect(await lifecycle.endNow(s.store, network, { ...next!, status: "held" }, s.clock.now())).toBe(false);
  });
});

describe("the kernel's tables", () => {
  const jobs = (prefixes: string[]) => ({ prefixes, jobs: async () => [] });

  it("refuses two features whose session job prefixes overlap, or one that uses the kernel's own", () => {
    expect(() =>
      createLifecycle([
        { name: "a", sessionJobs: jobs(["remind:"]) },
        { name: "b", sessionJobs: jobs(["remind:x"]) },
      ]),
    ).toThrow('session job prefixes "remind:" and "remind:x" overlap');
    expect(() => createLifecycle([{ name: "a", sessionJobs: jobs(["session:"]) }])).toThrow(
      "overlaps the kernel's own",
    );
  });

  it("builds the job table from the features and refuses a kind two features both handle", () => {
    const twice: Feature = { name: "twice", handlers: { "reminder.send": async () => undefined } };
    const setup = {
      store: {} as never,
      clock: { now: () => new Date() },
      log: { info() {}, warn() {}, error() {} },
      sealer: {} as never,
      charts: {} as never,
      wake: () => undefined,
    };
    expect(() => createCore(setup, [...FEATURES, twice])).toThrow("two features define the job kind reminder.send");
    expect(() => createCore(setup, FEATURES)).not.toThrow();
  });
});
