/**
 * Pacing for outbound fan-out: `await limiter.take(key)` resolves when one more call may go for that key, so a
 * thousand reminders run near a platform's rate limit without tripping it. Platform-neutral; the Slack and Teams
 * messengers build their limiters from it with the platforms' published limits (injectable, for tests and benchmarks).
 *
 * A limit is either
 *   - a token bucket `{ perSecond, burst }`: up to `burst` calls at once, then `perSecond` steadily; over any window
 *     of W seconds it lets through at most `burst + perSecond × W` calls; or
 *   - a sliding window `{ count, perMs }`: at most `count` calls in any `perMs` milliseconds, exactly (the way Teams
 *     states its limits: 7 per second, 8 per 2 s, 60 per 30 s …).
 * A limiter may hold several limits per key (all must allow the call), and one call may need keys of several
 * limiters at once (`pacer.take([perChannel.slot(c), workspace.slot(t)])`): the tokens are taken from all of them
 * at the same instant, when every one has room, so no limit is exceeded while another one is being waited for, and a
 * call blocked on its own busy key never holds up calls to other keys (no head-of-line blocking). Among calls that can
 * go, the one that asked first goes first.
 *
 * The limits are per process: with several running copies sharing one token, give each copy its share (or rely on
 * the platform's 429 answers, which the messengers turn into `pause(key, retryAfterMs)`).
 */

import { DeliveryError } from "./core/jobs/runner";

/** At most `burst` at once, refilled at `perSecond`. */
export interface TokenBucketLimit {
  perSecond: number;
  burst: number;
}

/** At most `count` in any `perMs` milliseconds. */
export interface WindowLimit {
  count: number;
  perMs: number;
}

export type Limit = TokenBucketLimit | WindowLimit;

/** Time for the pacer: monotonic milliseconds and a cancellable timer. Tests pass a fake one. */
export interface PacingClock {
  now(): number;
  setTimer(callback: () => void, ms: number): () => void;
}

export const realClock: PacingClock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** Thrown by `take` when the call could not go within `maxWaitMs`; `retryAfterMs` is a fair guess of when it could. */
export class PacingTimeout extends Error {
  constructor(
    readonly limiter: string,
    readonly retryAfterMs: number,
  ) {
    super(`rate limit ${limiter}: no room for about ${Math.ceil(retryAfterMs)} ms`);
    this.name = "PacingTimeout";
  }
}

export interface TakeOptions {
  /** give up (PacingTimeout) rather than wait longer than this; default: wait as long as it takes */
  maxWaitMs?: number;
}

const EPSILON = 1e-9;

function checkLimit(limit: Limit): void {
  const ok =
    "perSecond" in limit
      ? limit.perSecond > 0 && limit.burst >= 1 && Number.isFinite(limit.perSecond) && Number.isFinite(limit.burst)
      : Number.isInteger(limit.count) && limit.count >= 1 && limit.perMs > 0 && Number.isFinite(limit.perMs);
  if (!ok) throw new RangeError(`not a usable rate limit: ${JSON.stringify(limit)}`);
}

/** The state of one limit for one key. */
interface Gate {
  /** the earliest time ≥ now at which one call fits */
  readyAt(now: number): number;
  take(now: number): void;
  /** nothing remembered: a fresh gate would behave the same */
  idle(now: number): boolean;
}

class BucketGate implements Gate {
  private tokens: number;
  private stamp: number;

  constructor(
    private readonly limit: TokenBucketLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.stamp = now;
  }

  private level(at: number): number {
    if (at <= this.stamp) return this.tokens;
    return Math.min(this.limit.burst, this.tokens + ((at - this.stamp) / 1000) * this.limit.perSecond);
  }

  readyAt(now: number): number {
    const from = Math.max(now, this.stamp);
    const missing = 1 - this.level(from);
    return missing <= EPSILON ? from : from + (missing / this.limit.perSecond) * 1000;
  }

  take(now: number): void {
    this.tokens = this.level(now) - 1;
    this.stamp = Math.max(now, this.stamp);
  }

  /** after a pause the bucket starts again with one token (the platform said when to try again), refilling from `until` */
  pauseUntil(until: number, now: number): void {
    if (until <= Math.max(now, this.stamp)) return;
    this.tokens = 1;
    this.stamp = until;
  }

  idle(now: number): boolean {
    return this.level(now) >= this.limit.burst - EPSILON;
  }
}

class WindowGate implements Gate {
  /** times of the latest calls, oldest first; never more than `count` of them */
  private readonly times: number[] = [];
  private pausedUntil = 0;

  constructor(private readonly limit: WindowLimit) {}

  readyAt(now: number): number {
    const from = Math.max(now, this.pausedUntil);
    if (this.times.length < this.limit.count) return from;
    // the call may go once the count-th latest call has left the window
    return Math.max(from, (this.times[this.times.length - this.limit.count] ?? 0) + this.limit.perMs);
  }

  take(now: number): void {
    this.times.push(now);
    if (this.times.length > this.limit.count) this.times.shift();
  }

  pauseUntil(until: number, _now: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  idle(now: number): boolean {
    const last = this.times[this.times.length - 1];
    return now >= this.pausedUntil && (last === undefined || last + this.limit.perMs <= now);
  }
}

/** Every limit of one key. */
class KeyState {
  readonly gates: Array<BucketGate | WindowGate>;
  constructor(limits: readonly Limit[], now: number) {
    this.gates = limits.map((l) => ("perSecond" in l ? new BucketGate(l, now) : new WindowGate(l)));
  }
  readyAt(now: number): number {
    let at = now;
    for (const gate of this.gates) at = Math.max(at, gate.readyAt(now));
    return at;
  }
  take(now: number): void {
    for (const gate of this.gates) gate.take(now);
  }
  pauseUntil(until: number, now: number): void {
    for (const gate of this.gates) gate.pauseUntil(until, now);
  }
  idle(now: number): boolean {
    return this.gates.every((g) => g.idle(now));
  }
}

/** One key of one limiter, as `Pacer.take` needs it. */
export interface Slot {
  readonly limiter: KeyedLimiter;
  readonly key: string;
}

interface Waiter {
  slots: Array<{ limiter: KeyedLimiter; state: KeyState }>;
  deadline: number;
  resolve(): void;
  reject(error: Error): void;
}

/** Limits per key (a channel, a conversation, a tenant), created on first use and forgotten when idle. */
export class KeyedLimiter {
  private readonly keys = new Map<string, KeyState>();
  readonly limits: readonly Limit[];

  constructor(
    readonly pacer: Pacer,
    readonly name: string,
    limits: Limit | readonly Limit[],
    private readonly maxKeys = 10_000,
  ) {
    this.limits = Array.isArray(limits) ? [...limits] : [limits as Limit];
    if (this.limits.length === 0) throw new RangeError(`limiter ${name} needs at least one limit`);
    for (const limit of this.limits) checkLimit(limit);
  }

  slot(key: string): Slot {
    return { limiter: this, key };
  }

  /** Resolves when one call for `key` may go (and counts it). */
  take(key: string, options?: TakeOptions): Promise<void> {
    return this.pacer.take([this.slot(key)], options);
  }

  /** Nothing goes for `key` for `ms` (a platform said Retry-After); then it starts again gently. */
  pause(key: string, ms: number): void {
    if (!(ms > 0)) return;
    const now = this.pacer.clock.now();
    this.state(key).pauseUntil(now + ms, now);
    this.pacer.wake();
  }

  /** How many keys are remembered (idle ones are dropped from time to time). */
  get size(): number {
    return this.keys.size;
  }

  /** @internal */
  state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      const now = this.pacer.clock.now();
      if (this.keys.size >= this.maxKeys) this.sweep(now);
      state = new KeyState(this.limits, now);
      this.keys.set(key, state);
    }
    return state;
  }

  private sweep(now: number): void {
    const busy = this.pacer.busyStates();
    for (const [key, state] of this.keys) if (!busy.has(state) && state.idle(now)) this.keys.delete(key);
  }
}

/**
 * Hands out the permission to send. One pacer serves every limiter whose keys one call may need together (one per
 * messenger). Waiting calls are kept in arrival order; whenever a timer fires, each waiting call whose keys all have
 * room takes its tokens and goes.
 */
export class Pacer {
  readonly clock: PacingClock;
  private readonly waiters: Waiter[] = [];
  private cancelTimer?: () => void;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(options: { clock?: PacingClock } = {}) {
    this.clock = options.clock ?? realClock;
  }

  limiter(name: string, limits: Limit | readonly Limit[], options: { maxKeys?: number } = {}): KeyedLimiter {
    return new KeyedLimiter(this, name, limits, options.maxKeys);
  }

  /** Resolves when every slot has room, having taken one call from each; rejects with PacingTimeout past maxWaitMs. */
  take(slots: readonly Slot[], options: TakeOptions = {}): Promise<void> {
    for (const slot of slots)
      if (slot.limiter.pacer !== this) throw new Error(`limiter ${slot.limiter.name} belongs to another pacer`);
    const now = this.clock.now();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({
        slots: slots.map((s) => ({ limiter: s.limiter, state: s.limiter.state(s.key) })),
        deadline: options.maxWaitMs === undefined ? Number.POSITIVE_INFINITY : now + Math.max(0, options.maxWaitMs),
        resolve,
        reject,
      });
      this.pump();
    });
  }

  /** Calls waiting for room. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** @internal a pause changed when calls may go */
  wake(): void {
    if (this.waiters.length > 0) this.pump();
  }

  /** @internal the key states a waiting call holds (never forgotten while waited on) */
  busyStates(): Set<KeyState> {
    return new Set(this.waiters.flatMap((w) => w.slots.map((s) => s.state)));
  }

  private pump(): void {
    const now = this.clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.waiters.length; ) {
      const waiter = this.waiters[i] as Waiter;
      let at = now;
      let slowest = waiter.slots[0]?.limiter.name ?? "";
      for (const { limiter, state } of waiter.slots) {
        const ready = state.readyAt(now);
        if (ready > at) {
          at = ready;
          slowest = limiter.name;
        }
      }
      if (at <= now) {
        for (const { state } of waiter.slots) state.take(now);
        this.waiters.splice(i, 1);
        waiter.resolve();
      } else if (at > waiter.deadline) {
        // even with nobody ahead, the call could not go in time: say so now rather than at the deadline
        this.waiters.splice(i, 1);
        waiter.reject(new PacingTimeout(slowest, at - now));
      } else {
        next = Math.min(next, at);
        i++;
      }
    }
    this.arm(next, now);
  }

  private arm(at: number, now: number): void {
    if (at === this.timerAt) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = at;
    if (at === Number.POSITIVE_INFINITY) return;
    this.cancelTimer = this.clock.setTimer(
      () => {
        this.cancelTimer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, Math.ceil(at - now)),
    );
  }
}

/** A Retry-After header (delay-seconds, or an HTTP date) in milliseconds; undefined when absent or unreadable. */
export const parseRetryAfterMs = (value: string | null | undefined, now = Date.now()): number | undefined => {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
};

/**
 * Takes room in every slot for one platform call, or, when that would mean waiting past `maxWaitMs`, fails the
 * delivery as one to retry later (the job runner tries it again after the wait the pacer named).
 */
export async function takeOrDefer(pacer: Pacer, slots: Slot[], maxWaitMs: number, what: string): Promise<void> {
  try {
    await pacer.take(slots, { maxWaitMs });
  } catch (error) {
    if (error instanceof PacingTimeout)
      throw new DeliveryError(`${what}: ${error.message}`, "retry", error.retryAfterMs);
    throw error;
  }
}
