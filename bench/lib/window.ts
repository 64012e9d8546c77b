/**
 * The platforms' side of rate limiting, for the fakes of bench/fanout.ts: a strict sliding window, "at most `count`
 * accepted requests in any `perMs` milliseconds", judged by the time each request ARRIVES at the fake. Refused
 * requests do not count. Stricter than Slack (which tolerates short bursts) and as strict as Teams states its limits.
 */
export class SlidingWindow {
  /** arrival times of the accepted requests still inside the window, oldest first */
  private readonly times: number[] = [];

  constructor(
    readonly count: number,
    readonly perMs: number,
  ) {}

  /** 0 when a request arriving at `now` fits, else the milliseconds until one would. */
  wait(now: number): number {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - this.perMs) this.times.shift();
    return this.times.length < this.count ? 0 : (this.times[0] ?? now) + this.perMs - now;
  }

  /** Counts an accepted request. */
  add(now: number): void {
    this.times.push(now);
  }
}

/** One window per key (a workspace, a tenant, a conversation). */
export class KeyedWindows {
  private readonly windows = new Map<string, SlidingWindow>();
  constructor(
    readonly count: number,
    readonly perMs: number,
  ) {}
  get(key: string): SlidingWindow {
    let window = this.windows.get(key);
    if (!window) {
      window = new SlidingWindow(this.count, this.perMs);
      this.windows.set(key, window);
    }
    return window;
  }
}

/**
 * Admits a request only if every window has room; then counts it in all of them. Otherwise the longest wait.
 */
export function admit(windows: SlidingWindow[], now: number): number {
  const wait = Math.max(0, ...windows.map((w) => w.wait(now)));
  if (wait === 0) for (const w of windows) w.add(now);
  return wait;
}
