/** The pacing utility: token buckets, sliding windows, keys, pauses and deadlines, on a fake clock (and once on a real one). */
import { type KeyedLimiter, Pacer, type PacingClock, PacingTimeout, parseRetryAfterMs } from "../src/pacing";

/** A clock that moves only when told to, running due timers in order. */
class FakeClock implements PacingClock {
  private time = 0;
  private timers: Array<{ at: number; run: () => void; id: number }> = [];
  private ids = 0;

  now(): number {
    return this.time;
  }

  setTimer(run: () => void, ms: number): () => void {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, run, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** moves time forward, firing every timer that falls due on the way, and lets resolved promises run */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.run();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts takes and records, per label, the fake time each one was let through. */
function recorder(clock: FakeClock) {
  const times: Record<string, number[]> = {};
  const errors: Record<string, unknown[]> = {};
  const track = (label: string, take: Promise<void>) => {
    take.then(
      () => {
        times[label] = [...(times[label] ?? []), clock.now()];
      },
      (error: unknown) => {
        errors[label] = [...(errors[label] ?? []), error];
      },
    );
  };
  return { times, errors, track };
}

let clock: FakeClock;
let pacer: Pacer;
beforeEach(() => {
  clock = new FakeClock();
  pacer = new Pacer({ clock });
});

describe("a token bucket", () => {
  test("lets a burst through at once, then one call per interval", async () => {
    const limiter = pacer.limiter("bucket", { perSecond: 2, burst: 3 });
    const { times, track } = recorder(clock);
    for (let i = 0; i < 7; i++) track("c", limiter.take("k"));
    await clock.advance(5_000);
    expect(times.c).toEqual([0, 0, 0, 500, 1000, 1500, 2000]);
  });

  test("refills while idle, but never beyond its burst", async () => {
    const limiter = pacer.limiter("bucket", { perSecond: 1, burst: 2 });
    const { times, track } = recorder(clock);
    track("first", limiter.take("k"));
    await clock.advance(60_000);
    for (let i = 0; i < 3; i++) track("later", limiter.take("k"));
    await clock.advance(5_000);
    expect(times.first).toEqual([0]);
    expect(times.later).toEqual([60_000, 60_000, 61_000]);
  });
});

describe("a sliding window", () => {
  test("allows at most `count` calls in any window of `perMs`", async () => {
    const limiter = pacer.limiter("window", { count: 3, perMs: 1_000 });
    const { times, track } = recorder(clock);
    for (let i = 0; i < 7; i++) track("c", limiter.take("k"));
    await clock.advance(5_000);
    expect(times.c).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  test("several limits on one key all hold (Teams: 7 a second and 8 in two seconds)", async () => {
    const limiter = pacer.limiter("teams", [
      { count: 7, perMs: 1_000 },
      { count: 8, perMs: 2_000 },
    ]);
    const { times, track } = recorder(clock);
    for (let i = 0; i < 10; i++) track("c", limiter.take("k"));
    await clock.advance(10_000);
    expect(times.c).toEqual([0, 0, 0, 0, 0, 0, 0, 1000, 2000, 2000]);
  });
});

describe("keys", () => {
  test("each key has its own limits", async () => {
    const limiter = pacer.limiter("per channel", { perSecond: 1, burst: 1 });
    const { times, track } = recorder(clock);
    track("a", limiter.take("A"));
    track("a", limiter.take("A"));
    track("b", limiter.take("B"));
    track("b", limiter.take("B"));
    await clock.advance(3_000);
    expect(times.a).toEqual([0, 1000]);
    expect(times.b).toEqual([0, 1000]);
  });

  test("a call needing two keys goes when both have room, and takes from both at that moment", async () => {
    const channel = pacer.limiter("channel", { perSecond: 1, burst: 1 });
    const workspace = pacer.limiter("workspace", { count: 2, perMs: 1_000 });
    const { times, track } = recorder(clock);
    const post = (c: string) => pacer.take([channel.slot(c), workspace.slot("T1")]);
    track("c1", post("C1"));
    track("c1", post("C1")); // waits for its channel until 1000
    track("c2", post("C2"));
    track("c3", post("C3")); // waits for the workspace until 1000
    await clock.advance(5_000);
    expect(times.c1).toEqual([0, 1000]);
    expect(times.c2).toEqual([0]);
    // at 1000 the workspace window has room for two again: the second C1 post (asked first) and C3
    expect(times.c3).toEqual([1000]);
  });

  test("a call blocked on its own busy key does not hold up calls to other keys", async () => {
    const channel = pacer.limiter("channel", { perSecond: 0.1, burst: 1 });
    const workspace = pacer.limiter("workspace", { perSecond: 10, burst: 1 });
    const { times, track } = recorder(clock);
    const post = (c: string) => pacer.take([channel.slot(c), workspace.slot("T1")]);
    track("busy", post("BUSY"));
    track("busy", post("BUSY")); // its channel is free again only at 10 s
    for (const c of ["C1", "C2", "C3"]) track("others", post(c));
    await clock.advance(20_000);
    expect(times.others).toEqual([100, 200, 300]);
    expect(times.busy).toEqual([0, 10_000]);
  });

  test("among calls that could go, the one that asked first goes first", async () => {
    const limiter = pacer.limiter("shared", { perSecond: 1, burst: 1 });
    const order: string[] = [];
    const labels = ["first", "second", "third", "fourth"];
    for (const label of labels) void limiter.take("k").then(() => order.push(label));
    await clock.advance(10_000);
    expect(order).toEqual(labels);
  });

  test("idle keys are forgotten, while keys with waiting calls are kept", async () => {
    const limiter: KeyedLimiter = pacer.limiter("many", { perSecond: 1, burst: 1 }, { maxKeys: 3 });
    const { times, track } = recorder(clock);
    track("a", limiter.take("A"));
    track("a", limiter.take("A")); // waiting, so A must not be forgotten
    track("b", limiter.take("B"));
    track("c", limiter.take("C"));
    await clock.advance(500);
    track("d", limiter.take("D")); // the map is full: B and C are not idle yet (their buckets are refilling)
    expect(limiter.size).toBe(4);
    await clock.advance(2_000);
    track("e", limiter.take("E")); // now A (done), B, C and D are idle and forgotten
    expect(limiter.size).toBe(1);
    await clock.advance(1_000);
    expect(times.a).toEqual([0, 1000]);
  });
});

describe("pauses", () => {
  test("a pause holds every call for that key until it ends, then the bucket starts again gently", async () => {
    const limiter = pacer.limiter("bucket", { perSecond: 2, burst: 5 });
    const { times, track } = recorder(clock);
    track("before", limiter.take("k"));
    await clock.advance(10);
    limiter.pause("k", 1_000); // Slack said Retry-After: 1
    for (let i = 0; i < 3; i++) track("after", limiter.take("k"));
    await clock.advance(5_000);
    expect(times.before).toEqual([0]);
    // one call right when the pause ends, then the steady rate: no burst straight after a 429
    expect(times.after).toEqual([1010, 1510, 2010]);
  });

  test("a pause also holds calls that were already waiting, and leaves other keys alone", async () => {
    const limiter = pacer.limiter("window", { count: 1, perMs: 100 });
    const { times, track } = recorder(clock);
    track("k", limiter.take("k"));
    track("k", limiter.take("k")); // due at 100
    limiter.pause("k", 2_000);
    track("other", limiter.take("other"));
    await clock.advance(5_000);
    expect(times.k).toEqual([0, 2000]);
    expect(times.other).toEqual([0]);
  });
});

describe("deadlines", () => {
  test("a call that cannot go within maxWaitMs fails at once with PacingTimeout and an estimate, and takes nothing", async () => {
    const limiter = pacer.limiter("bucket", { perSecond: 1, burst: 1 });
    const { times, errors, track } = recorder(clock);
    track("first", limiter.take("k"));
    limiter.pause("k", 30_000);
    track("impatient", limiter.take("k", { maxWaitMs: 5_000 }));
    await clock.advance(0);
    const [error] = errors.impatient ?? [];
    expect(error).toBeInstanceOf(PacingTimeout);
    expect((error as PacingTimeout).retryAfterMs).toBe(30_000);
    expect((error as PacingTimeout).message).toMatch(/rate limit bucket: no room for about 30000 ms/);
    // the refused call took no token: the next patient one goes as soon as the pause ends
    track("patient", limiter.take("k"));
    await clock.advance(31_000);
    expect(times.patient).toEqual([30_000]);
    expect(times.first).toEqual([0]);
  });

  test("a call stuck behind others past its deadline is refused, and the timer stops when nobody waits", async () => {
    const limiter = pacer.limiter("bucket", { perSecond: 1, burst: 1 });
    const { times, errors, track } = recorder(clock);
    for (let i = 0; i < 3; i++) track("queue", limiter.take("k"));
    track("late", limiter.take("k", { maxWaitMs: 1_500 })); // its estimate is 1 s, but two calls are ahead of it
    await clock.advance(10_000);
    expect(times.queue).toEqual([0, 1000, 2000]);
    expect(errors.late?.[0]).toBeInstanceOf(PacingTimeout);
    expect(pacer.waiting).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("configuration", () => {
  test("limits that could never let a call through are refused", () => {
    expect(() => pacer.limiter("zero", { perSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => pacer.limiter("tiny", { perSecond: 1, burst: 0.5 })).toThrow(RangeError);
    expect(() => pacer.limiter("none", { count: 0, perMs: 1000 })).toThrow(RangeError);
    expect(() => pacer.limiter("empty", [])).toThrow(RangeError);
  });

  test("a limiter of another pacer cannot be mixed into a take", async () => {
    const other = new Pacer({ clock }).limiter("other", { perSecond: 1, burst: 1 });
    expect(() => pacer.take([other.slot("k")])).toThrow(/another pacer/);
  });

  test("Retry-After is read as seconds or as an HTTP date", () => {
    expect(parseRetryAfterMs("1")).toBe(1000);
    expect(parseRetryAfterMs("0.5")).toBe(500);
    expect(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:30 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(
      30_000,
    );
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs("soon")).toBeUndefined();
  });
});

test("on the real clock, 10 calls at 20 a second with a burst of 2 take about 400 ms", async () => {
  const real = new Pacer().limiter("real", { perSecond: 20, burst: 2 });
  const started = performance.now();
  const times = await Promise.all(Array.from({ length: 10 }, () => real.take("k").then(() => performance.now())));
  const elapsed = Math.max(...times) - started;
  expect(elapsed).toBeGreaterThanOrEqual(390);
  expect(elapsed).toBeLessThan(700);
});
