/**
 * Neutral addresses for Teams. A conversation (channel, group chat or personal chat) is `teams:<conversation id>`,
 * a user is `teams:<AAD object id>` (or `teams:<Teams user id>` when the activity carries no AAD id), and a message is
 * `teams:<conversation id>#<activity id, URI-encoded>`. Conversation ids never contain `#`; the activity id is
 * URI-encoded, so it never does either, and the last `#` always splits the two.
 */
const PREFIX = "teams:";

/** Teams appends `;messageid=<root post>` to a channel's id inside a reply thread; the network lives on the channel. */
export const baseConversationId = (conversationId: string): string => conversationId.replace(/;messageid=[^;]*$/i, "");

export const conversationAddress = (conversationId: string): string => `${PREFIX}${baseConversationId(conversationId)}`;

export const userAddress = (user: { id: string; aadObjectId?: string | undefined }): string =>
  `${PREFIX}${user.aadObjectId || user.id}`;

export const messageAddress = (conversationId: string, activityId: string): string =>
  `${PREFIX}${conversationId}#${encodeURIComponent(activityId)}`;

export const isTeamsAddress = (address: string): boolean =>
  address.startsWith(PREFIX) && address.length > PREFIX.length;

export const isMessageAddress = (address: string): boolean => isTeamsAddress(address) && address.includes("#");

const badAddress = (address: string) => new Error(`"${address.slice(0, 80)}" is not a Teams message address`);

/** `teams:<conversation id>#<activity id>` → its parts; anything else is refused. */
export function decodeMessageAddress(address: string): { conversationId: string; activityId: string } {
  if (!isTeamsAddress(address)) throw badAddress(address);
  const body = address.slice(PREFIX.length);
  const at = body.lastIndexOf("#");
  if (at <= 0 || at === body.length - 1) throw badAddress(address);
  let activityId: string;
  try {
    activityId = decodeURIComponent(body.slice(at + 1));
  } catch {
    throw badAddress(address);
  }
  return { conversationId: body.slice(0, at), activityId };
}
