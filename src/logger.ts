/**
 * One JSON line per event on stderr: the context goes with the message, and nothing of it reaches a user.
 *
 * Errors are written as their name, code and message, with the stack's frames. A database error is the exception:
 * Prisma puts the query's arguments into its messages (a validation error prints the call, PostgreSQL's "Failing row
 * contains (…)" and "Key (…)=(…)" details carry the row), and those arguments can be case text. So for a database
 * error, anywhere in an error's `cause` chain, only its name, its codes and the model are written, never its message,
 * details or meta.
 */
import type { Logger } from "./core/ports";

export { errorReference } from "./core/errors";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

type ErrorLike = Error & Record<string, unknown>;

const isErrorLike = (value: unknown): value is ErrorLike =>
  value instanceof Error ||
  (typeof value === "object" &&
    value !== null &&
    typeof (value as { name?: unknown }).name === "string" &&
    typeof (value as { message?: unknown }).message === "string");

/** Prisma's errors, its driver adapters' errors, and the drivers' own (pg, better-sqlite3). */
export function isDatabaseError(error: ErrorLike): boolean {
  return (
    /^(?:PrismaClient\w*Error|DriverAdapterError|SqliteError)$/.test(error.name) ||
    typeof error.clientVersion === "string" ||
    // pg's DatabaseError: a SQLSTATE code with the server's severity and routine
    (typeof error.severity === "string" && typeof error.routine === "string")
  );
}

/** A short token (a code, a model name) that cannot carry written text. */
const token = (value: unknown): string | undefined =>
  typeof value === "string" && /^[\w.-]{1,64}$/.test(value) ? value : undefined;

/** The stack's frames, without the first lines, which repeat the message. */
const frames = (stack: unknown): string | undefined =>
  typeof stack === "string"
    ? stack
        .split("\n")
        .filter((line) => /^\s+at /.test(line))
        .join("\n") || undefined
    : undefined;

/**
 * The errors an error carries: its `cause`, Bolt's `original` and `originals` (a listener's error, wrapped), an
 * AggregateError's `errors`, and Prisma's `meta.driverAdapterError`.
 */
function inner(error: ErrorLike): ErrorLike[] {
  const meta = error.meta as { driverAdapterError?: unknown } | undefined;
  const lists = [error.originals, error.errors].flatMap((list) => (Array.isArray(list) ? list : []));
  return [error.cause, error.original, meta?.driverAdapterError, ...lists].filter(isErrorLike);
}

/** Whether the error, or any error it carries, is a database error. */
function databaseErrorIn(error: ErrorLike, depth = 0): boolean {
  if (depth > 5) return false;
  return isDatabaseError(error) || inner(error).some((next) => databaseErrorIn(next, depth + 1));
}

function databaseSummary(error: ErrorLike): Record<string, unknown> {
  const meta = (typeof error.meta === "object" && error.meta !== null ? error.meta : {}) as Record<string, unknown>;
  const adapter = isErrorLike(meta.driverAdapterError) ? meta.driverAdapterError : undefined;
  const cause = (typeof adapter?.cause === "object" && adapter.cause !== null ? adapter.cause : {}) as Record<
    string,
    unknown
  >;
  const out: Record<string, unknown> = {
    name: error.name,
    message: "database error (its text is not logged: it can hold what was being written)",
  };
  const fields: Array<[string, unknown]> = [
    ["code", error.code],
    ["model", meta.modelName],
    ["kind", cause.kind],
    ["databaseCode", cause.originalCode ?? cause.code],
  ];
  for (const [key, value] of fields) if (token(value)) out[key] = value;
  const stack = frames(error.stack);
  if (stack) out.stack = stack;
  return out;
}

/** An error as the log may show it; see the module comment. */
export function loggableError(error: ErrorLike, depth = 0): Record<string, unknown> {
  if (databaseErrorIn(error)) return databaseSummary(error);
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (token(error.code)) out.code = error.code;
  if (error.stack) out.stack = error.stack;
  const carried = depth < 5 ? inner(error) : [];
  if (carried.length) out.carries = carried.map((e) => loggableError(e, depth + 1));
  return out;
}

/** A context value made safe to write: errors (also inside objects and arrays) through `loggableError`. */
function loggable(value: unknown, depth = 0): unknown {
  if (isErrorLike(value)) return loggableError(value);
  if (depth >= 4 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => loggable(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, loggable(v, depth + 1)]));
}

/** The JSON line written for one event. */
export function formatLogLine(level: string, message: string, context?: Record<string, unknown>, now = new Date()) {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context ?? {})) extra[k] = loggable(v);
  return JSON.stringify({ time: now.toISOString(), level, message, ...extra });
}

export function createLogger(
  level: LogLevel = "info",
  sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const emit = (at: Exclude<LogLevel, "silent">, message: string, context?: Record<string, unknown>) => {
    if (LEVELS[at] < LEVELS[level]) return;
    sink(formatLogLine(at, message, context));
  };
  return {
    info: (m, c) => emit("info", m, c),
    warn: (m, c) => emit("warn", m, c),
    error: (m, c) => emit("error", m, c),
  };
}
