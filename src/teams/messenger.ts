/**
 * Proactive sends for Teams: the conversation reference comes from the store (never from memory, so any running copy
 * can send), and `continueConversationAsync` opens a turn on it.
 */
import type { CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import type { ConversationRefs, Messenger } from "../core/ports";
import type { Card, OutboundMessage } from "../core/ui/model";
import { StoredReference } from "./activity";
import {
  baseConversationId,
  conversationAddress,
  decodeMessageAddress,
  isTeamsAddress,
  messageAddress,
} from "./addresses";
import { cardMessage, textMessage } from "./render";

export class MissingReferenceError extends Error {
  constructor(readonly address: string) {
    super(
      `no Teams conversation reference is stored for ${address}: the bot can only post where it has already been used (a direct message needs the person to have chatted with the bot once)`,
    );
    this.name = "MissingReferenceError";
  }
}

const outbound = (message: OutboundMessage) =>
  "card" in message ? cardMessage(message.card) : textMessage(message.text);

export function createTeamsMessenger(adapter: CloudAdapter, appId: string, conversations: ConversationRefs): Messenger {
  async function reference(address: string): Promise<ConversationReference> {
    if (!isTeamsAddress(address)) throw new Error(`${address.slice(0, 80)} is not a Teams address`);
    const raw = await conversations.find(address);
    if (!raw) throw new MissingReferenceError(address);
    // the JSON was written by saveReferences from TurnContext.getConversationReference; zod checks what is used
    return StoredReference.parse(JSON.parse(raw)) as unknown as ConversationReference;
  }

  /**
   * Runs `work` in a proactive turn. botbuilder runs that turn through its middleware, which hands a thrown error to
   * `onTurnError` instead of the caller (botbuilder-core botAdapter.ts runMiddleware), so the error is carried out here.
   */
  async function inTurn<T>(ref: ConversationReference, work: (turn: TurnContext) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await adapter.continueConversationAsync(appId, ref, async (turn) => {
      try {
        outcome = { ok: true, value: await work(turn) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome) throw new Error("the proactive Teams turn did not run");
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  return {
    async send(address, message) {
      const ref = await reference(address);
      return inTurn(ref, async (turn) => {
        // The continuation activity has a fresh random id that TurnContext would use as replyToId
        // (botframework-schema activityEx.ts getContinuationActivity); a proactive post is a new message, not a reply.
        turn.onSendActivities(async (_ctx, activities, next) => {
          for (const activity of activities) delete activity.replyToId;
          return next();
        });
        const sent = await turn.sendActivity(outbound(message));
        if (!sent?.id) throw new Error("the Bot Connector did not return the new message's id");
        return messageAddress(ref.conversation.id, sent.id);
      });
    },

    async update(address: string, card: Card) {
      const { conversationId, activityId } = decodeMessageAddress(address);
      const ref = await reference(conversationAddress(conversationId));
      // a message inside a channel's reply thread lives in that thread's conversation
      if (baseConversationId(conversationId) !== conversationId)
        ref.conversation = { ...ref.conversation, id: conversationId };
      await inTurn(ref, async (turn) => {
        await turn.updateActivity({ ...cardMessage(card), id: activityId, conversation: ref.conversation });
      });
    },
  };
}
