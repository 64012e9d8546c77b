/**
 * The one place where a failure becomes words for a Slack user. Domain errors say what to do; anything else gets
 * the generic text with a reference that is also in the log line. No message or stack of an unexpected error ever
 * reaches Slack.
 */
import type { CodedError } from "@slack/bolt";
import { describeError, isDomainError } from "../core/errors";
import type { Logger } from "../core/ports";
import { errorReference } from "../logger";

/** The `error` of a Web API call Slack answered with `ok: false` ("missing_scope"), if that is what this is. */
export const slackErrorCode = (error: unknown): unknown =>
  typeof error === "object" && error !== null && "data" in error
    ? (error as { data?: { error?: unknown } }).data?.error
    : undefined;

/** Logs the failure with its context and returns what the user should read. */
export function explainFailure(log: Logger, error: unknown, context: Record<string, unknown>): string {
  const reference = errorReference();
  if (isDomainError(error)) log.info("slack: request refused", { ...context, code: error.code, reference });
  else log.error("slack: request failed", { ...context, reference, error });
  return describeError(error, reference);
}

/**
 * Runs the work after the acknowledgement; a failure is logged and told to the user privately through `tell`
 * (whose own failure is logged, never thrown: Bolt has already answered Slack).
 */
export async function withFailureReply(
  log: Logger,
  context: Record<string, unknown>,
  tell: (text: string) => Promise<void>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const text = explainFailure(log, error, context);
    try {
      await tell(text);
    } catch (replyError) {
      log.error("slack: could not tell the user about a failure", { ...context, error: replyError });
    }
  }
}

/** Bolt's global error handler: whatever escapes a listener or Bolt's own middleware is logged, with a reference. */
export function boltErrorHandler(log: Logger): (error: CodedError) => Promise<void> {
  return async (error) => {
    log.error("slack: bolt reported an error", { reference: errorReference(), code: error.code, error });
  };
}
