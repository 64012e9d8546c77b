/** Coded domain errors. Adapters turn them into user text in one place each, through `describeError`. */
import { randomInt } from "node:crypto";

export type ErrorCode =
  | "not_set_up"
  | "forbidden"
  | "not_found"
  | "invalid_input"
  | "conflict"
  | "not_available"
  | "stale";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** what the user should read; no internals */
    readonly userText: string,
  ) {
    super(`${code}: ${userText}`);
    this.name = "DomainError";
  }
}

/**
 * The request was handled before (its `Ctx.delivery` is in the request ledger): nothing was done, and nothing is to
 * be said to anyone. Not a DomainError: it has no words for a user, and an adapter answers it with silence.
 */
export class AlreadyHandled extends Error {
  constructor() {
    super("request already handled");
    this.name = "AlreadyHandled";
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const notSetUp = () =>
  new DomainError("not_set_up", "This channel has no ECHO network yet. A facilitator can start one with `setup`.");
export const forbidden = (what: string) =>
  new DomainError("forbidden", `Only a facilitator or an admin of this network can ${what}.`);
export const notFound = (what: string) => new DomainError("not_found", `I could not find ${what}.`);

/** The only text a user ever sees for a failure. Unknown errors never show their message or stack. */
export function describeError(error: unknown, reference: string): string {
  if (isDomainError(error)) return error.userText;
  return `Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your admin this reference: ${reference}.`;
}

/** A short reference a person can quote to an admin (six letters and digits); the same one is in the log line. */
export function errorReference(): string {
  return randomInt(36 ** 6)
    .toString(36)
    .padStart(6, "0")
    .toUpperCase();
}

/**
 * What may be kept about an unexpected error outside the log (a job's last error, a warning's text): its name and
 * code, never its message, because a database error's message can hold what was being written (case text). Errors
 * whose message is our own words (a DomainError, or one marked `ownWords`, such as a failed delivery) keep it.
 */
export function errorLabel(error: unknown, ownWords = isDomainError(error)): string {
  if (!(error instanceof Error)) return "unexpected error";
  if (ownWords) return error.message;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[\w.-]{1,40}$/.test(code) ? `${error.name} ${code}` : error.name;
}
