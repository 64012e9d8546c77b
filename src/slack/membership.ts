/**
 * Joins and leaves between two daily syncs: Slack's `member_joined_channel` and `member_left_channel` events become
 * the core's membership changes. Someone who joins is looked up (users.info, as when they act) for their name and
 * whether they are a guest; someone who leaves stops being a member at once (their history stays). A retried event
 * is handled once (the event ledger); the bot's own joins and leaves are not people.
 */
import type { App } from "@slack/bolt";
import { z } from "zod";
import type { AdapterServices } from "../services";
import type { ActorDirectory } from "./actors";
import { channelAddress, userAddress, workspaceAddress } from "./addresses";
import { firstEventDelivery } from "./deliveries";
import { eventCallbackSchema, eventWorkspace, slackId } from "./payloads";

const membershipEvent = z.object({ user: slackId, channel: slackId, team: slackId.optional() });

export function registerMembershipEvents(app: App, services: AdapterServices, actors: ActorDirectory): void {
  const log = services.log;

  const change = async (
    kind: "joined" | "left",
    input: { body: unknown; event: unknown; client: Parameters<ActorDirectory["actor"]>[0]; botUserId?: string },
  ) => {
    const envelope = eventCallbackSchema.safeParse(input.body);
    const event = membershipEvent.safeParse(input.event);
    if (!envelope.success || !event.success) return log.warn(`slack: member ${kind} event ignored: malformed`);
    const { user, channel } = event.data;
    if (user === input.botUserId) return;
    if (!(await firstEventDelivery(services, envelope.data.event_id))) return;
    // the network's workspace is the one the event was delivered for (the envelope's team, or an org-wide install's
    // organisation)
    const team = eventWorkspace(envelope.data);
    const where = { channel: channelAddress(team, channel), workspace: workspaceAddress(team) };
    try {
      if (kind === "left") return await services.core.membership({ ...where, left: [userAddress(team, user)] });
      const actor = await actors.actor(input.client, team, user);
      await services.core.membership({
        ...where,
        joined: [{ user: actor.user, name: actor.name, guest: actor.guest === true }],
      });
    } catch (error) {
      log.error(`slack: a member ${kind} event could not be recorded; the daily sync will catch it`, {
        ...where,
        error,
      });
    }
  };

  app.event("member_joined_channel", async ({ body, event, client, context }) => {
    await change("joined", { body, event, client, botUserId: context.botUserId });
  });
  app.event("member_left_channel", async ({ body, event, client, context }) => {
    await change("left", { body, event, client, botUserId: context.botUserId });
  });
}
