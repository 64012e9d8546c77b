import type { Clock, Logger } from "../../src/core/ports";
import { formatLogLine } from "../../src/logger";
import { createServices, type Services } from "../../src/services";
import type { Provider } from "../../src/store/engine";
import { freshDatabaseUrl } from "./db";

/** The key anonymous votes are sealed with in tests (production reads TELEECHO_SECRET). */
export const TEST_SECRET = "test-secret-0123456789abcdef0123456789";

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Collects log lines so tests can assert on them (and keep the output quiet). */
export class TestLog implements Logger {
  readonly lines: Array<{ level: string; message: string; context?: Record<string, unknown> }> = [];
  info(message: string, context?: Record<string, unknown>) {
    this.lines.push({ level: "info", message, context });
  }
  warn(message: string, context?: Record<string, unknown>) {
    this.lines.push({ level: "warn", message, context });
  }
  error(message: string, context?: Record<string, unknown>) {
    this.lines.push({ level: "error", message, context });
  }
  /** The lines as the real logger writes them (src/logger.ts), to check what would reach the log. */
  written(): string[] {
    return this.lines.map((l) => formatLogLine(l.level, l.message, l.context));
  }
}

export interface TestServices extends Services {
  /** the database's URL, for a second copy of the bot on the same store */
  databaseUrl: string;
  clock: TestClock;
  log: TestLog;
  close(): Promise<void>;
}

/** Services on a fresh database of the given provider, with a hand-moved clock. */
/**
 * Services on a fresh database of this provider, dropped at close; with `sharedUrl`, a second copy of the bot on an
 * existing database (left for its first copy to drop).
 */
export async function testServices(
  provider: Provider,
  now = "2026-11-27T09:00:00Z",
  sharedUrl?: string,
): Promise<TestServices> {
  const target = sharedUrl ? { url: sharedUrl, drop: async () => undefined } : await freshDatabaseUrl(provider);
  const clock = new TestClock(new Date(now));
  const log = new TestLog();
  const services = await createServices(target.url, log, { clock, secret: TEST_SECRET });
  return {
    ...services,
    databaseUrl: target.url,
    clock,
    log,
    close: async () => {
      await services.database.close();
      await target.drop();
    },
  };
}

/** The values a facilitator types into the setup form. */
export const SETUP_VALUES: Record<string, string> = {
  name: "Palliative Care ECHO",
  timeZone: "Europe/London",
  cadence: "weekly",
  firstDate: "2026-12-02",
  startTime: "12:30",
  durationMinutes: "90",
  teachingMinutes: "25",
  casesPerSession: "2",
  videoLink: "https://zoom.us/j/123456789",
  agendaOffsets: "1d",
  reminderOffsets: "15m",
  itOffsets: "30m",
  warningOffsets: "2d",
  caseDueDays: "2",
  rotationAskDays: "7",
};
