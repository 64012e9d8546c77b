/** Coded domain errors. Adapters turn them into user text in one place each, through `describeError`. */
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
