/**
 * From a Teams turn to what the core needs: who is acting and where (a `Ctx`), the command's words with mentions
 * rewritten, and the conversation references the scheduler will need later.
 */
import { TeamsInfo, TurnContext } from "botbuilder";
import type { Ctx } from "../core/context";
import type { Logger, Store } from "../core/ports";
import { InboundActivity, MentionEntity } from "./activity";
import { baseConversationId, conversationAddress, userAddress } from "./addresses";

export interface TurnOptions {
  /** AAD object ids or Teams user ids of the people treated as workspace admins (TEAMS_ADMINS) */
  admins: readonly string[];
}

/** The activity as checked at the door; a turn without these basics cannot be answered. */
export function inbound(turn: TurnContext): InboundActivity {
  return InboundActivity.parse(turn.activity);
}

export function turnCtx(turn: TurnContext, options: TurnOptions): Ctx {
  const activity = inbound(turn);
  const from = { id: activity.from.id, aadObjectId: activity.from.aadObjectId ?? undefined };
  return {
    platform: "teams",
    actor: {
      user: userAddress(from),
      name: activity.from.name?.trim() || "Someone",
      // A Teams activity says nothing about team ownership, and asking Microsoft Graph is out of scope here, so
      // workspace-admin rights come from configuration: TEAMS_ADMINS lists AAD object ids or Teams user ids.
      isWorkspaceAdmin: options.admins.some((admin) => admin === from.aadObjectId || admin === from.id),
    },
    channel: conversationAddress(activity.conversation.id),
    workspace: `teams:${tenantOf(turn.activity) ?? ""}`,
  };
}

/** The tenant an activity came from: the conversation's, or the Teams channel data's. */
export function tenantOf(activity: {
  conversation?: { tenantId?: unknown };
  channelData?: unknown;
}): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === "string" && fromConversation) return fromConversation;
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return typeof data?.tenant?.id === "string" && data.tenant.id ? data.tenant.id : undefined;
}

const safeName = (name: string) => name.replace(/[<>|]/g, "").trim();

/**
 * The command's words: the bot's own `<at>…</at>` mention removed (every occurrence; botbuilder's
 * `TurnContext.removeRecipientMention` removes only the first and mutates the activity), other people's mentions
 * rewritten as the core's `<@teams:<AAD id>|Name>`.
 */
export async function commandText(turn: TurnContext, log: Logger): Promise<string> {
  const activity = inbound(turn);
  let text = (activity.text ?? "").replace(/&nbsp;/gi, " ");
  const mentions = (activity.entities ?? []).flatMap((entity) => {
    const parsed = MentionEntity.safeParse(entity);
    return parsed.success ? [parsed.data] : [];
  });
  for (const mention of mentions) {
    if (mention.mentioned.id === activity.recipient.id) {
      text = text.split(mention.text).join(" ");
      continue;
    }
    const aadObjectId = mention.mentioned.aadObjectId || (await memberAadId(turn, mention.mentioned.id, log));
    const address = userAddress({ id: mention.mentioned.id, aadObjectId });
    const name = safeName(mention.mentioned.name ?? mention.text.replace(/<\/?at>/gi, ""));
    text = text.split(mention.text).join(name ? ` <@${address}|${name}> ` : ` <@${address}> `);
  }
  return text
    .replace(/<\/?at>/gi, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Mention entities carry the Teams user id, while the person acting is known by the AAD object id; the Bot Connector
 * (not Graph) says which AAD id a member has, so a role given by mention lands on the same address the person acts as.
 */
async function memberAadId(turn: TurnContext, teamsUserId: string, log: Logger): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(turn, teamsUserId);
    return typeof member.aadObjectId === "string" && member.aadObjectId ? member.aadObjectId : undefined;
  } catch (error) {
    log.warn("teams: could not look up a mentioned member; using the Teams user id", { user: teamsUserId, error });
    return undefined;
  }
}

/**
 * Keeps the references the scheduler needs to post later: the conversation's (for a channel, the channel itself, not
 * the reply thread, and without a reply-to id so that a later post starts a new thread), and for a personal chat also
 * the user's, so that a direct message can reach them.
 */
export async function saveReferences(turn: TurnContext, store: Pick<Store, "conversations">): Promise<void> {
  const activity = inbound(turn);
  const { activityId: _replyTo, ...rest } = TurnContext.getConversationReference(turn.activity);
  const stored = { ...rest, conversation: { ...rest.conversation, id: baseConversationId(activity.conversation.id) } };
  const json = JSON.stringify(stored);
  await store.conversations.save(conversationAddress(activity.conversation.id), "teams", json);
  if (activity.conversation.conversationType === "personal") {
    const from = { id: activity.from.id, aadObjectId: activity.from.aadObjectId ?? undefined };
    await store.conversations.save(userAddress(from), "teams", json);
  }
}
