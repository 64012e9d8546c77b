/**
 * The core's Messenger port on Slack: proactive posts to a channel, or to a person (conversations.open, then a
 * post in that direct message), and updates of a message the bot posted. Every call is awaited; the Web API
 * client queues, honours Retry-After on 429 and retries, so a fan-out runs at Slack's pace and drops nothing.
 */
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { Messenger } from "../core/ports";
import type { Card, OutboundMessage } from "../core/ui/model";
import { messageAddress, parseAddress } from "./addresses";
import { cardMessage, textMessage } from "./render";

type WebClient = webApi.WebClient;

const openedSchema = z.object({ channel: z.object({ id: z.string().min(1) }) });
const postedSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });

export function slackMessenger(client: WebClient): Messenger {
  return {
    async send(address: string, message: OutboundMessage): Promise<string> {
      const target = parseAddress(address);
      if (target.kind === "message") throw new Error("cannot send to a message address; use update");
      const channel =
        target.kind === "channel"
          ? target.channel
          : openedSchema.parse(await client.conversations.open({ users: target.user })).channel.id;
      const body = "card" in message ? cardMessage(message.card) : textMessage(message.text);
      const posted = postedSchema.parse(await client.chat.postMessage({ channel, ...body }));
      return messageAddress(target.team, posted.channel, posted.ts);
    },
    async update(address: string, card: Card): Promise<void> {
      const target = parseAddress(address);
      if (target.kind !== "message") throw new Error(`not a Slack message address: ${address.slice(0, 80)}`);
      await client.chat.update({ channel: target.channel, ts: target.ts, ...cardMessage(card) });
    },
  };
}
