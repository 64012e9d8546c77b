/**
 * Slack's side of the neutral addresses, and the command text the core reads.
 *   workspace slack:<team_id>
 *   channel  slack:<team_id>:<channel_id>
 *   user     slack:<team_id>:<user_id>
 *   message  slack:<team_id>:<channel_id>:<ts>
 */
export const PLATFORM = "slack";

const SLACK_ID = /^[A-Z0-9]{1,40}$/;
const TS = /^\d{1,12}\.\d{1,8}$/;

/** The workspace a network belongs to, as the core stores it. */
export const workspaceAddress = (team: string) => `${PLATFORM}:${team}`;
export const channelAddress = (team: string, channel: string) => `${PLATFORM}:${team}:${channel}`;
export const userAddress = (team: string, user: string) => `${PLATFORM}:${team}:${user}`;
export const messageAddress = (team: string, channel: string, ts: string) => `${PLATFORM}:${team}:${channel}:${ts}`;

export type SlackAddress =
  | { kind: "channel"; team: string; channel: string }
  | { kind: "user"; team: string; user: string }
  | { kind: "message"; team: string; channel: string; ts: string };

/** User ids start with U (or W on Enterprise Grid); channel ids with C, G (private) or D (direct message). */
const isUserId = (id: string) => /^[UW]/.test(id);

export function parseAddress(address: string): SlackAddress {
  const [platform, team, id, ts, ...rest] = address.split(":");
  const valid = platform === PLATFORM && rest.length === 0 && SLACK_ID.test(team ?? "") && SLACK_ID.test(id ?? "");
  if (!valid || team === undefined || id === undefined) throw new Error(`not a Slack address: ${address.slice(0, 80)}`);
  if (ts !== undefined) {
    if (!TS.test(ts) || isUserId(id)) throw new Error(`not a Slack message address: ${address.slice(0, 80)}`);
    return { kind: "message", team, channel: id, ts };
  }
  return isUserId(id) ? { kind: "user", team, user: id } : { kind: "channel", team, channel: id };
}

/**
 * Slack's escaped message text → the words the core's grammar reads, in one pass so that decoded text can never
 * form new markup:
 *   <@U123|name> / <@U123>  → <@slack:T:U123|name> / <@slack:T:U123>   (the bot's own mention is dropped)
 *   <#C123|name>            → #name
 *   <!here> / <!subteam^S1|@team> → @here / @team
 *   <https://x|label>       → https://x
 *   &amp; &gt; &lt;         → & > <   (but "&lt;@" stays escaped: typed text must not become a mention)
 */
const MARKUP = /<([^<>]*)>|&lt;(?!@)|&gt;|&amp;/g;

export function commandText(text: string, team: string, botUserId?: string): string {
  return text
    .replace(MARKUP, (whole, inner: string | undefined) => {
      if (inner === undefined) return whole === "&amp;" ? "&" : whole === "&gt;" ? ">" : "<";
      const [target = "", label] = splitOnce(inner, "|");
      if (target.startsWith("@")) {
        const user = target.slice(1);
        if (!SLACK_ID.test(user)) return label ?? target;
        if (user === botUserId) return "";
        return `<@${userAddress(team, user)}${label ? `|${label}` : ""}>`;
      }
      if (target.startsWith("#")) return label ? `#${label}` : target;
      if (target.startsWith("!")) {
        if (label) return label;
        const special = target.slice(1).split("^")[0] ?? "";
        return `@${special}`;
      }
      return target;
    })
    .replace(/\s+/g, " ")
    .trim();
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}
