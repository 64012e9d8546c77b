/**
 * Bolt listeners, one per surface. Each is thin: acknowledge, parse with zod, call the core, render the Reply.
 * Nothing here awaits a Web API call before `ack()`, except a modal submission, whose acknowledgement carries the
 * core's field errors, and a click that is an answer (ANSWER_ACTIONS: a one-click vote), which is stored before it
 * is acknowledged; there Slack is not asked who is clicking (ActorDirectory.quick), and the request's ledger key is
 * recorded by the core with the answer, in one transaction (Ctx.delivery).
 */
import { setImmediate as afterIo } from "node:timers/promises";
import type { App, webApi } from "@slack/bolt";
import type { Ctx } from "../core/context";
import { AlreadyHandled } from "../core/errors";
import { ANSWER_ACTIONS } from "../core/ids";
import type { FormResult } from "../core/ui/model";
import type { AdapterServices } from "../services";
import type { ActorDirectory } from "./actors";
import { channelAddress, commandText, parseAddress, workspaceAddress } from "./addresses";
import { firstEventDelivery, firstSignedDelivery, signedDeliveryKey } from "./deliveries";
import { explainFailure, withFailureReply } from "./errors";
import { LIMITS } from "./limits";
import {
  appMentionSchema,
  blockActionsSchema,
  commandWorkspace,
  directMessageSchema,
  eventCallbackSchema,
  eventWorkspace,
  slashCommandSchema,
  teamIdOf,
  viewSubmissionSchema,
} from "./payloads";
import { cardMessage, clip, coreActionId, formValues, formView, noticeView, textMessage } from "./render";
import { actionResponder, commandResponder, deliver, eventResponder, submissionResponder } from "./replies";
import { decodeViewMetadata, encodeViewMetadata } from "./view-metadata";

/** How long a modal submission waits for users.info before acting without admin rights (Slack allows 3 s). */
const SUBMISSION_LOOKUP_TIMEOUT_MS = 1200;

export interface ListenerDeps {
  /** read at call time, so a test may replace `services.core` methods */
  services: AdapterServices;
  actors: ActorDirectory;
  /** whether a response_url may be called (Slack's hooks host; see replies.ts responseUrlPolicy) */
  responseUrls: (url: string) => boolean;
}

/**
 * Lets the acknowledgement leave before the work starts. Node writes a response on the next tick, after the promise
 * continuations queued behind `ack()`, so without this pause the listener's synchronous work (parsing, rendering,
 * starting the reply's HTTP request) would sit between Slack's request and its acknowledgement.
 */
const acknowledged = async (ack: () => Promise<void>): Promise<void> => {
  await ack();
  await afterIo();
};

/** A request in a Slack workspace: its networks are that workspace's (an org-wide install's are the org's). */
const ctxOf = (actor: Ctx["actor"], team: string, channel: string): Ctx => ({
  platform: "slack",
  actor,
  channel,
  workspace: workspaceAddress(team),
});

/** The core's field errors, keyed by the modal's block ids; an error for a field the modal lacks goes on the first. */
export function fieldErrors(
  errors: Record<string, string>,
  blocks: Array<{ type: string; block_id?: string }>,
): Record<string, string> {
  const ids = blocks.filter((b) => b.type === "input" && b.block_id).map((b) => b.block_id as string);
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const target = ids.includes(field) ? field : ids[0];
    if (target === undefined) continue;
    out[target] = clip(out[target] ? `${out[target]} ${message}` : message, LIMITS.errorText);
  }
  return out;
}

export function registerListeners(app: App, { services, actors, responseUrls }: ListenerDeps): void {
  const log = services.log;
  /** a response_url outside Slack's hooks host is never called: it is left out, as if Slack had sent none */
  const allowedUrl = (url: string | undefined, where: Record<string, unknown>): string | undefined => {
    if (url === undefined || responseUrls(url)) return url;
    log.warn("slack: a response_url outside Slack's hooks host was left uncalled", where);
    return undefined;
  };

  app.command(/^\/.+/, async ({ ack, body, client, context }) => {
    await acknowledged(ack);
    if (!(await firstSignedDelivery(context, log))) return;
    const parsed = slashCommandSchema.safeParse(body);
    if (!parsed.success)
      return log.warn("slack: slash command ignored: malformed", { issues: parsed.error.issues.length });
    const cmd = parsed.data;
    const team = commandWorkspace(cmd);
    const responseUrl = allowedUrl(cmd.response_url, { surface: "command", team, user: cmd.user_id });
    if (!responseUrl) return; // a command answers through its response_url alone: with none to call, nothing is done
    const surface = {
      client,
      channel: cmd.channel_id,
      user: cmd.user_id,
      channelAddress: channelAddress(team, cmd.channel_id),
      responseUrl,
      triggerId: cmd.trigger_id,
    };
    const out = commandResponder(surface);
    const where = { surface: "command", team, channel: cmd.channel_id, user: cmd.user_id };
    await withFailureReply(
      log,
      where,
      (text) => out.private(textMessage(text)),
      async () => {
        const actor = await actors.actor(client, team, cmd.user_id, cmd.user_name);
        const words = commandText(cmd.text, team, context.botUserId);
        await deliver(await services.core.command(ctxOf(actor, team, surface.channelAddress), words), out);
      },
    );
  });

  app.action({ type: "block_actions" }, async ({ ack, body, client, context }) => {
    // a click that is an answer is stored before it is acknowledged; any other is acknowledged first (the payload
    // is checked after that, so that the acknowledgement of an ordinary click waits for nothing)
    const answer = ANSWER_ACTIONS.has(coreActionId(firstActionId(body)));
    if (!answer) await acknowledged(ack);
    /** an answer that is not acted on is still acknowledged (any other click was, first) */
    const ignored = async () => (answer ? ack() : undefined);
    // an answer's ledger key goes with it to the core (recorded with the answer); any other is looked up here
    const delivery = answer ? signedDeliveryKey(context) : undefined;
    if (!answer && !(await firstSignedDelivery(context, log))) return;
    const parsed = blockActionsSchema.safeParse(body);
    if (!parsed.success) {
      log.warn("slack: block action ignored: malformed", { issues: parsed.error.issues.length });
      return ignored();
    }
    const p = parsed.data;
    const team = teamIdOf(p);
    const action = p.actions[0];
    const channel = p.channel?.id ?? p.container?.channel_id;
    if (!action || !channel) {
      log.warn("slack: block action ignored: no channel", { team, user: p.user.id });
      return ignored();
    }
    const responseUrl = allowedUrl(p.response_url, { surface: "block_actions", team, user: p.user.id });
    const surface = {
      client,
      channel,
      user: p.user.id,
      channelAddress: channelAddress(team, channel),
      triggerId: p.trigger_id,
      ...(responseUrl ? { responseUrl } : {}),
    };
    const out = actionResponder(surface);
    const actionId = coreActionId(action.action_id);
    const where = { surface: "block_actions", team, channel, user: p.user.id, actionId };
    const run = async () => {
      const name = p.user.name ?? p.user.username;
      // an answer does not wait for Slack to say who is clicking: their membership decides, not their Slack rights
      const actor = answer ? actors.quick(team, p.user.id, name) : await actors.actor(client, team, p.user.id, name);
      const value = action.value ?? action.selected_option?.value ?? "";
      const ctx = ctxOf(actor, team, surface.channelAddress);
      return services.core.action(delivery ? { ...ctx, delivery } : ctx, actionId, value);
    };
    if (!answer)
      return withFailureReply(
        log,
        where,
        (text) => out.private(textMessage(text)),
        async () => deliver(await run(), out),
      );
    // the answer is in the store (or refused) before Slack hears back; the reply follows the acknowledgement
    const outcome = await run().then(
      (reply) => ({ reply }),
      (error: unknown) => ({ error }),
    );
    await acknowledged(ack);
    // one turn of the event loop first: in a crowd, the clicks already read go on towards their acknowledgement
    // before this one's reply (the whole survey, rendered and posted) takes the loop
    await new Promise<void>((resolve) => setImmediate(resolve));
    await withFailureReply(
      log,
      where,
      (text) => out.private(textMessage(text)),
      async () => {
        if ("error" in outcome && outcome.error instanceof AlreadyHandled)
          return log.warn("slack: a signed request was sent again; answered once", where);
        if ("error" in outcome) throw outcome.error;
        await deliver(outcome.reply, out);
      },
    );
  });

  app.view({ type: "view_submission" }, async ({ ack, body, client, context }) => {
    if (!(await firstSignedDelivery(context, log))) return ack();
    const parsed = viewSubmissionSchema.safeParse(body);
    if (!parsed.success) {
      await ack();
      return log.warn("slack: view submission ignored: malformed", { issues: parsed.error.issues.length });
    }
    const p = parsed.data;
    const team = teamIdOf(p);
    const where = { surface: "view_submission", team, user: p.user.id, form: p.view.callback_id };
    const meta = decodeViewMetadata(p.view.private_metadata);
    const home = meta ? safeChannel(meta.channel, team) : undefined;
    if (!meta || !home) {
      log.warn("slack: view submission refused: metadata is not ours", where);
      return ack({
        response_action: "update",
        view: noticeView("teleecho", "This form is out of date. Run the command again."),
      });
    }
    let result: FormResult;
    try {
      const actor = await actors.actor(client, team, p.user.id, p.user.name, SUBMISSION_LOOKUP_TIMEOUT_MS);
      const values = formValues(p.view.state.values);
      result = await services.core.submitForm(
        ctxOf(actor, team, meta.channel),
        p.view.callback_id,
        meta.metadata,
        values,
      );
    } catch (error) {
      const text = explainFailure(log, error, where);
      return ack({ response_action: "update", view: noticeView("Not saved", text) });
    }
    if (result.kind === "errors")
      return ack({ response_action: "errors", errors: fieldErrors(result.errors, p.view.blocks) });
    const { reply, announce } = result;
    if (reply?.kind === "form") {
      const next = encodeViewMetadata({ ...meta, metadata: reply.form.metadata });
      await ack({ response_action: "update", view: formView(reply.form, next) });
    } else await ack();
    const responseUrl = allowedUrl(meta.responseUrl, where);
    const surface = {
      client,
      channel: home,
      user: p.user.id,
      channelAddress: meta.channel,
      ...(responseUrl ? { responseUrl } : {}),
    };
    const out = submissionResponder(surface);
    await withFailureReply(
      log,
      where,
      (text) => out.private(textMessage(text)),
      async () => {
        if (announce) await out.public(cardMessage(announce));
        if (reply && reply.kind !== "form") await deliver(reply, out);
      },
    );
  });

  app.view({ type: "view_closed" }, async ({ ack }) => {
    await ack();
  });

  const eventCommand = async (
    input: {
      body: unknown;
      client: webApi.WebClient;
      retryNum?: number;
      botUserId?: string;
    },
    event: { user: string; text: string; channel: string; thread_ts?: string },
    isDirect: boolean,
  ) => {
    const envelope = eventCallbackSchema.safeParse(input.body);
    if (!envelope.success) return log.warn("slack: event ignored: malformed envelope");
    const team = eventWorkspace(envelope.data);
    const surface = {
      client: input.client,
      channel: event.channel,
      user: event.user,
      channelAddress: channelAddress(team, event.channel),
      isDirect,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    };
    const out = eventResponder(surface);
    const where = {
      surface: isDirect ? "direct_message" : "app_mention",
      team,
      channel: event.channel,
      user: event.user,
    };
    await withFailureReply(
      log,
      where,
      (text) => out.private(textMessage(text)),
      async () => {
        if (!(await firstEventDelivery(services, envelope.data.event_id, input.retryNum))) return;
        const actor = await actors.actor(input.client, team, event.user);
        const words = commandText(event.text, team, input.botUserId);
        await deliver(await services.core.command(ctxOf(actor, team, surface.channelAddress), words), out);
      },
    );
  };

  app.event("app_mention", async ({ body, event, client, context }) => {
    const mention = appMentionSchema.safeParse(event);
    if (!mention.success) return log.warn("slack: app_mention ignored: malformed");
    await eventCommand({ body, client, retryNum: context.retryNum, botUserId: context.botUserId }, mention.data, false);
  });

  app.event("message", async ({ body, event, client, context }) => {
    const message = directMessageSchema.safeParse(event);
    if (!message.success) return; // not a person writing to the bot directly (edits, bot posts, channel messages)
    await eventCommand({ body, client, retryNum: context.retryNum, botUserId: context.botUserId }, message.data, true);
  });
}

/** The action id of a click's first action, read without checking the rest of the payload (that comes later). */
function firstActionId(body: unknown): string {
  const actions = (body as { actions?: unknown }).actions;
  const id = Array.isArray(actions) ? (actions[0] as { action_id?: unknown } | undefined)?.action_id : undefined;
  return typeof id === "string" ? id : "";
}

/** The Slack channel id of a neutral channel address, if it belongs to this team. */
function safeChannel(address: string, team: string): string | undefined {
  try {
    const parsed = parseAddress(address);
    return parsed.kind === "channel" && parsed.team === team ? parsed.channel : undefined;
  } catch {
    return undefined;
  }
}
