/**
 * Proactive sends for Teams: the conversation reference comes from the store (never from memory, so any running copy
 * can send), and `continueConversationAsync` opens a turn on it.
 *
 * Pacing and retries are the shared ones of the Bot Connector calls (connector.ts): a throttled send is retried
 * there, and whatever still fails is a `DeliveryError` for the durable queue.
 *
 * At least once, in one window: the Bot Connector has no idempotency key, and a message cannot be looked up by
 * anything we could attach to it beforehand (the connector's REST API lists no conversation history to a bot, and
 * the id comes back only in the answer to the POST). So a send that reached Teams but whose answer was lost (a crash
 * between the POST and the job being recorded as done, an answer that timed out, or a 502/504 the connector retried
 * after Teams had in fact posted) is sent again when the job is retried: the recipient may see it twice. Everything
 * else — throttling, refusals, outages before the POST — is retried without any duplicate.
 *
 * A person the bot has never talked with: a user address (`teams:<AAD object id>` or `teams:29:…`) with no stored
 * reference gets a new 1:1 chat through `createConversationAsync`, made on the service URL and in the tenant of a
 * Teams network channel this person is a member of (the reference stored for that channel when someone used the bot
 * there): a member of a channel's network is in that channel's tenant, whereas "the newest reference of any kind" may
 * belong to another tenant. The new chat's reference is stored under the user's and the chat's addresses, so later
 * sends and updates use it like any other. If the person is in no Teams network with a stored channel reference, the
 * send is `DeliveryError("unreachable")`.
 */
import type { Activity, ChannelAccount, ConversationParameters, ConversationReference } from "botbuilder";
import { DeliveryError } from "../core/jobs/runner";
import type { Messenger, Store } from "../core/ports";
import type { Card, OutboundMessage } from "../core/ui/model";
import {
  baseConversationId,
  conversationAddress,
  decodeMessageAddress,
  isTeamsAddress,
  messageAddress,
} from "./addresses";
import {
  createTeamsConnector,
  type TeamsConnector,
  type TeamsConnectorOptions,
  referenceTenant as tenantOf,
} from "./connector";
import { cardMessage, textMessage } from "./render";

export { TEAMS_LIMITS, TEAMS_RETRY, type TeamsLimits, type TeamsRetry } from "./connector";

export class MissingReferenceError extends DeliveryError {
  constructor(
    readonly address: string,
    detail = "the bot can only post where it has already been used (a direct message needs the person to have chatted with the bot once)",
  ) {
    super(`no Teams conversation reference is stored for ${address}: ${detail}`, "unreachable");
    this.name = "MissingReferenceError";
  }
}

export interface TeamsMessengerOptions extends Omit<TeamsConnectorOptions, "store"> {
  /** references are read and written here; networks and members pick where a new 1:1 chat is created */
  store: Pick<Store, "conversations" | "networks" | "members">;
  /** the shared Bot Connector calls (pacing shared with the roster directory); default: its own */
  connector?: TeamsConnector;
  /** OAuth audience for createConversation; default: the configured cloud's Bot Connector scope */
  audience?: string;
}

const PLATFORM = "teams";
const PREFIX = "teams:";
/** A user address holds an AAD object id (a GUID) or a Teams user id (29:…); conversations are 19:…, a:…, 8:… */
const USER_ID = /^(29:.+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const outbound = (message: OutboundMessage) =>
  "card" in message ? cardMessage(message.card) : textMessage(message.text);

/** The Teams messenger, with a way to post any activity (a file consent card) to an address, for the adapter's own use. */
export interface TeamsMessenger extends Messenger {
  post(address: string, activity: Partial<Activity>): Promise<string>;
}

export function createTeamsMessenger(options: TeamsMessengerOptions): TeamsMessenger {
  const { store, log } = options;
  const connector = options.connector ?? createTeamsConnector(options);
  const { adapter, appId, stored, slotsFor, attempt, inTurn } = connector;

  /** The Teams network channel reference to open a 1:1 chat with this person from (see the top of this file). */
  async function originFor(address: string): Promise<ConversationReference | undefined> {
    for (const network of await store.networks.all()) {
      if (!network.channel.startsWith(PREFIX)) continue;
      if (!(await store.members.find(network.id, address))) continue;
      const ref = await stored(network.channel);
      if (ref && tenantOf(ref)) return ref;
    }
    return undefined;
  }

  async function openPersonalChat(address: string, userId: string): Promise<ConversationReference> {
    const origin = await originFor(address);
    const tenantId = origin && tenantOf(origin);
    if (!origin || !tenantId)
      throw new MissingReferenceError(
        address,
        "this person has never chatted with the bot, and no Teams network channel of theirs is known to open a chat with them from",
      );
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: origin.bot,
      members: [{ id: userId } as ChannelAccount],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    let conversationId: string | undefined;
    await attempt("create a Teams personal chat", slotsFor(undefined, tenantId), () =>
      adapter.createConversationAsync(
        appId,
        origin.channelId,
        origin.serviceUrl,
        // undefined: the connector factory uses the configured cloud's scope (botframework-connector connectorFactoryImpl)
        options.audience as string,
        parameters,
        async (turn) => {
          conversationId = turn.activity.conversation?.id;
        },
      ),
    );
    if (!conversationId) throw new Error("the Bot Connector did not return the new personal chat's id");
    const ref = {
      channelId: origin.channelId,
      serviceUrl: origin.serviceUrl,
      bot: origin.bot,
      user: { id: userId, ...(USER_ID.test(userId) && !userId.startsWith("29:") ? { aadObjectId: userId } : {}) },
      conversation: { id: conversationId, conversationType: "personal", isGroup: false, tenantId },
    } as ConversationReference;
    const json = JSON.stringify(ref);
    await store.conversations.save(address, PLATFORM, json);
    await store.conversations.save(conversationAddress(conversationId), PLATFORM, json);
    log?.info("teams: opened a personal chat for a proactive message", { user: address });
    return ref;
  }

  const opening = new Map<string, Promise<ConversationReference>>();

  async function reference(address: string): Promise<ConversationReference> {
    if (!isTeamsAddress(address)) throw new Error(`${address.slice(0, 80)} is not a Teams address`);
    const ref = await stored(address);
    if (ref) return ref;
    const id = address.slice(PREFIX.length);
    if (!USER_ID.test(id)) throw new MissingReferenceError(address);
    let pending = opening.get(address);
    if (!pending) {
      pending = openPersonalChat(address, id).finally(() => opening.delete(address));
      opening.set(address, pending);
    }
    return pending;
  }

  async function post(address: string, activity: Partial<Activity>): Promise<string> {
    const ref = await reference(address);
    return attempt("send to Teams", slotsFor(ref.conversation.id, tenantOf(ref)), () =>
      inTurn(ref, async (turn) => {
        // The continuation activity has a fresh random id that TurnContext would use as replyToId
        // (botframework-schema activityEx.ts getContinuationActivity); a proactive post is a new message, not a reply.
        turn.onSendActivities(async (_ctx, activities, next) => {
          for (const a of activities) delete a.replyToId;
          return next();
        });
        const sent = await turn.sendActivity({ ...activity });
        if (!sent?.id) throw new Error("the Bot Connector did not return the new message's id");
        return messageAddress(ref.conversation.id, sent.id);
      }),
    );
  }

  return {
    post,
    send: (address, message) => post(address, outbound(message)),

    async update(address: string, card: Card) {
      const { conversationId, activityId } = decodeMessageAddress(address);
      const ref = await stored(conversationAddress(conversationId));
      if (!ref) throw new MissingReferenceError(conversationAddress(conversationId));
      // a message inside a channel's reply thread lives in that thread's conversation
      if (baseConversationId(conversationId) !== conversationId)
        ref.conversation = { ...ref.conversation, id: conversationId };
      await attempt("update a Teams message", slotsFor(conversationId, tenantOf(ref)), () =>
        inTurn(ref, async (turn) => {
          await turn.updateActivity({ ...cardMessage(card), id: activityId, conversation: ref.conversation });
        }),
      );
    },
  };
}
