/**
 * What the Teams door lets in, before botbuilder or the core do any work, and which turns may leave a conversation
 * reference behind:
 *
 * - only `msteams` activities: an Azure Bot has Web Chat switched on by default, and a Web Chat or Direct Line client
 *   chooses its own `from.id`, so anything but Teams could act as any Teams user;
 * - only the tenants in TEAMS_TENANTS, when it is set (a multi-tenant bot can be added by any organisation);
 * - a conversation reference (what the scheduler later posts through, with the bot's token) only from a turn whose
 *   token Microsoft signed for that very service URL, and only for a service URL of the Bot Connector
 *   (TEAMS_SERVICE_URLS), so that no request can point later posts somewhere else.
 */
import type { TurnContext } from "botbuilder";
import { z } from "zod";
import type { InboundActivity } from "./activity";
import { tenantOf } from "./turn";

export const TEAMS_CHANNEL = "msteams";

export interface AdmissionOptions {
  /** TEAMS_TENANTS, lower case; undefined: any tenant */
  tenants?: readonly string[];
}

/** Why an activity is refused at the door, or undefined when it may go on. */
export function refusal(
  activity: InboundActivity & { conversation: { tenantId?: unknown }; channelData?: unknown },
  options: AdmissionOptions,
): string | undefined {
  if (activity.channelId !== TEAMS_CHANNEL) return `channel ${activity.channelId.slice(0, 64)} is not Teams`;
  if (options.tenants) {
    const tenant = tenantOf(activity)?.toLowerCase();
    if (!tenant || !options.tenants.includes(tenant))
      return tenant ? "the tenant is not in TEAMS_TENANTS" : "the activity names no tenant, and TEAMS_TENANTS is set";
  }
  return undefined;
}

/** Whether `serviceUrl` starts with one of the allowed prefixes (compared as parsed URLs, so the host is exact). */
export function allowedServiceUrl(serviceUrl: string, prefixes: readonly string[]): boolean {
  let href: string;
  try {
    href = new URL(serviceUrl).href;
  } catch {
    return false;
  }
  return prefixes.some((prefix) => href.startsWith(prefix));
}

const Claims = z.array(z.looseObject({ type: z.string(), value: z.unknown() }));

/**
 * Whether the turn was authenticated by a Bot Connector token signed for the activity's own service URL: the token's
 * `serviceurl` claim, which botbuilder checked against the activity. An unauthenticated turn (no app id) has no claims.
 */
export function authenticatedForServiceUrl(turn: TurnContext): boolean {
  const identity = turn.turnState.get(turn.adapter.BotIdentityKey) as { claims?: unknown } | undefined;
  const claims = Claims.safeParse(identity?.claims);
  if (!claims.success) return false;
  const serviceUrl = claims.data.find((c) => c.type === "serviceurl")?.value;
  return typeof serviceUrl === "string" && serviceUrl !== "" && serviceUrl === turn.activity.serviceUrl;
}
