/**
 * Who is acting: the neutral user address, a display name, whether Slack says they are an admin or owner of the
 * workspace the request came from (`users.info`; someone from another organisation in a shared channel, whose home
 * team is another, never is; with an org-wide install, the workspace is the whole organisation), and whether they are a guest (single- or multi-channel). Kept five minutes per user.
 */
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { Actor } from "../core/context";
import type { Clock, Logger } from "../core/ports";
import { userAddress } from "./addresses";
import { isHome, isRestricted, nameOf, slackUserSchema } from "./users";

type WebClient = webApi.WebClient;

const userInfoSchema = z.object({ ok: z.literal(true), user: slackUserSchema });

export const ACTOR_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

export class ActorDirectory {
  private readonly cache = new Map<string, Seen>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * For a click that is an answer (a vote, a check-in), stored before Slack's 3 s are up, where Slack's view of the
   * person (admin, guest) plays no part: their membership decides, and no admin rights come with it. Their name as
   * last looked up, or the payload's; Slack is not asked (a crowd of 500 clicks would be 500 lookups in one second).
   */
  quick(team: string, user: string, fallbackName?: string): Actor {
    const name = this.cache.get(`${team}:${user}`)?.actor.name ?? (fallbackName || user);
    return { user: userAddress(team, user), name, isWorkspaceAdmin: false };
  }

  /**
   * `fallbackName` is the payload's user name, used when Slack has none or cannot be asked. A failed lookup is
   * not cached and never grants admin rights. `timeoutMs` bounds the wait where an acknowledgement is pending.
   */
  async actor(
    client: WebClient,
    team: string,
    user: string,
    fallbackName?: string,
    timeoutMs?: number,
  ): Promise<Actor> {
    const hit = this.cache.get(`${team}:${user}`);
    if (hit && hit.expires > this.clock.now().getTime()) return hit.actor;
    return this.lookUp(client, team, user, fallbackName, timeoutMs);
  }

  private async lookUp(
    client: WebClient,
    team: string,
    user: string,
    fallbackName?: string,
    timeoutMs?: number,
  ): Promise<Actor> {
    const key = `${team}:${user}`;
    const now = this.clock.now().getTime();
    const address = userAddress(team, user);
    try {
      const lookup = client.users.info({ user });
      const response = await (timeoutMs === undefined ? lookup : withTimeout(lookup, timeoutMs));
      const info = userInfoSchema.parse(response).user;
      const name = nameOf(info, fallbackName || user);
      const home = isHome(info, team);
      const actor: Actor = {
        user: address,
        name,
        isWorkspaceAdmin: home && (info.is_admin === true || info.is_owner === true),
        // someone from another organisation in a shared channel is a guest here, as the channel's sync counts them
        guest: !home || isRestricted(info),
      };
      this.cache.delete(key);
      if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, { actor, expires: now + ACTOR_TTL_MS });
      return actor;
    } catch (error) {
      this.log.warn("slack: users.info failed; acting without admin rights", { user: address, error });
      return { user: address, name: fallbackName || user, isWorkspaceAdmin: false };
    }
  }
}

/** Someone looked up, until `expires`. */
interface Seen {
  actor: Actor;
  expires: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`users.info took longer than ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // a late failure after the timeout is not unhandled
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
