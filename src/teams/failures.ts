/**
 * The one place in the Teams adapter where a thrown error becomes what the user reads. Handlers do not catch: the
 * error reaches `adapter.onTurnError`, which logs it with its context and answers on the surface that asked (a
 * message in the conversation, a dialog's message, or the card's message bar). No stack trace ever leaves.
 */
import type { TurnContext } from "botbuilder";
import { describeError, isDomainError } from "../core/errors";
import type { Logger } from "../core/ports";
import { errorReference } from "../logger";
import { dialogMessage, textMessage } from "./render";

/** The invoke response body that shows `text` where the user clicked or submitted. */
export function invokeFailureBody(name: string | undefined, text: string): unknown {
  if (name === "task/fetch" || name === "task/submit") return dialogMessage(text);
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text };
}

export async function handleTurnError(log: Logger, turn: TurnContext, error: unknown): Promise<void> {
  const activity = turn.activity;
  const reference = errorReference();
  const context = {
    reference,
    activityType: activity.type,
    invoke: activity.name,
    conversation: activity.conversation?.id,
    user: activity.from?.aadObjectId ?? activity.from?.id,
  };
  if (isDomainError(error))
    log.info("teams: request refused", { ...context, code: error.code, detail: error.userText });
  else log.error("teams: turn failed", { ...context, error });
  const text = describeError(error, reference);
  try {
    if (activity.type === "invoke") {
      await turn.sendActivity({
        type: "invokeResponse",
        value: { status: 200, body: invokeFailureBody(activity.name, text) },
      });
      // a file consent card has no place to show an answer: the person reads it in the chat
      if (activity.name === "fileConsent/invoke") await turn.sendActivity(textMessage(text));
    } else if (activity.type === "message") await turn.sendActivity(textMessage(text));
  } catch (sendError) {
    log.error("teams: could not tell the user about a failure", { reference, error: sendError });
  }
}
