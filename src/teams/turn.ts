/**
 * From a Teams turn to what the core needs: who is acting and where (a `Ctx`), the command's words with mentions
 * rewritten, and the conversation references the scheduler will need later.
 */
import { TeamsInfo, TurnContext } from "botbuilder";
import type { Ctx } from "../core/context";
import type { Logger, Store } from "../core/ports";
import { InboundActivity, MentionEntity, TeamsChannelData } from "./activity";
import { baseConversationId, conversationAddress, userAddress } from "./addresses";

/** A TEAMS_ADMINS entry: an AAD object id (or Teams user id) that is a workspace admin in one tenant. */
export interface TeamsAdmin {
  tenant: string;
  user: string;
}

export interface TurnOptions {
  /** the people treated as workspace admins, each in their own tenant (TEAMS_ADMINS) */
  admins: readonly TeamsAdmin[];
}

/** The activity as checked at the door; a turn without these basics cannot be answered. */
export function inbound(turn: TurnContext): InboundActivity {
  return InboundActivity.parse(turn.activity);
}

/** `guest`: whether the Bot Connector says the person is a guest of the tenant (unknown when it could not be asked). */
export function turnCtx(turn: TurnContext, options: TurnOptions, guest?: boolean): Ctx {
  const activity = inbound(turn);
  const from = { id: activity.from.id, aadObjectId: activity.from.aadObjectId ?? undefined };
  const tenant = (tenantOf(turn.activity) ?? "").toLowerCase();
  return {
    platform: "teams",
    actor: {
      user: userAddress(from),
      name: activity.from.name?.trim() || "Someone",
      // A Teams activity says nothing about team ownership, and asking Microsoft Graph is out of scope here, so
      // workspace-admin rights come from configuration: TEAMS_ADMINS lists people per tenant, and someone listed for
      // one tenant is no admin in another (a multi-tenant bot serves several organisations).
      isWorkspaceAdmin:
        tenant !== "" &&
        options.admins.some((a) => a.tenant === tenant && (a.user === from.aadObjectId || a.user === from.id)),
      ...(guest === undefined ? {} : { guest }),
    },
    channel: conversationAddress(activity.conversation.id),
    workspace: `teams:${tenantOf(turn.activity) ?? ""}`,
  };
}

/** The Teams team a channel activity belongs to (its channel data), if any. */
export function teamOf(activity: { channelData?: unknown }): string | undefined {
  const data = TeamsChannelData.safeParse(activity.channelData);
  return data.success ? (data.data.team?.id ?? undefined) : undefined;
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
 * the reply thread, and without a reply-to id so that a later post starts a new thread, with the team it belongs to
 * for the roster), and for a personal chat also the user's, so that a direct message can reach them. The caller
 * decides whether this turn may leave references at all (see admission.ts).
 */
export async function saveReferences(turn: TurnContext, store: Pick<Store, "conversations">): Promise<void> {
  const activity = inbound(turn);
  const { activityId: _replyTo, ...rest } = TurnContext.getConversationReference(turn.activity);
  const teamId = teamOf(turn.activity);
  const stored = {
    ...rest,
    conversation: { ...rest.conversation, id: baseConversationId(activity.conversation.id) },
    ...(teamId ? { teamId } : {}),
  };
  const json = JSON.stringify(stored);
  await store.conversations.save(conversationAddress(activity.conversation.id), "teams", json);
  if (activity.conversation.conversationType === "personal") {
    const from = { id: activity.from.id, aadObjectId: activity.from.aadObjectId ?? undefined };
    await store.conversations.save(userAddress(from), "teams", json);
  }
}
