/** One JSON line per event on stderr: the context goes with the message, and nothing of it reaches a user. */
import type { Logger } from "./core/ports";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

export function createLogger(
  level: LogLevel = "info",
  sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const emit = (at: Exclude<LogLevel, "silent">, message: string, context?: Record<string, unknown>) => {
    if (LEVELS[at] < LEVELS[level]) return;
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(context ?? {}))
      extra[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
    sink(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...extra }));
  };
  return {
    info: (m, c) => emit("info", m, c),
    warn: (m, c) => emit("warn", m, c),
    error: (m, c) => emit("error", m, c),
  };
}

/** A short reference a user can quote to an admin; the same id is in the log line. */
export const errorReference = () => Math.random().toString(36).slice(2, 8).toUpperCase();
