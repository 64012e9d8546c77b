/**
 * The shapes of what Slack sends to /slack/events, checked with zod at the boundary. Only the fields the adapter
 * reads are listed; others are stripped. `classifyBody` is what the request guard uses to refuse malformed bodies
 * with 400 before Bolt sees them.
 */
import querystring from "node:querystring";
import { z } from "zod";

export const slackId = z.string().regex(/^[A-Z0-9]{1,40}$/, "not a Slack id");
const url = z.url({ protocol: /^https?$/ }).max(2000);

export const slashCommandSchema = z.object({
  command: z.string().regex(/^\/[^\s]{1,31}$/),
  text: z.string().max(8000),
  team_id: slackId,
  enterprise_id: slackId.optional(),
  is_enterprise_install: z.enum(["true", "false"]).optional(),
  channel_id: slackId,
  user_id: slackId,
  user_name: z.string().max(200).optional(),
  response_url: url,
  trigger_id: z.string().min(1).max(300),
  api_app_id: z.string().max(40).optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

const userSchema = z.object({
  id: slackId,
  team_id: slackId.optional(),
  name: z.string().max(200).optional(),
  username: z.string().max(200).optional(),
});
const teamSchema = z.object({ id: slackId }).nullish();
const orgWide = {
  enterprise: z.object({ id: slackId }).nullish(),
  is_enterprise_install: z.boolean().optional(),
};

/**
 * Every interactive payload names its workspace: for an org-wide install the organisation (`enterprise.id`), whose
 * one installation serves all its workspaces; otherwise the team (`team.id`, or the user's team).
 */
const teamOf = (p: {
  team?: { id: string } | null;
  user: { team_id?: string };
  enterprise?: { id: string } | null;
  is_enterprise_install?: boolean;
}) => (p.is_enterprise_install && p.enterprise?.id ? p.enterprise.id : (p.team?.id ?? p.user.team_id));

export const blockActionsSchema = z
  .object({
    type: z.literal("block_actions"),
    team: teamSchema,
    ...orgWide,
    user: userSchema,
    channel: z.object({ id: slackId }).optional(),
    container: z
      .object({ type: z.string(), channel_id: slackId.optional(), message_ts: z.string().optional() })
      .optional(),
    trigger_id: z.string().min(1).max(300),
    response_url: url.optional(),
    actions: z
      .array(
        z.object({
          type: z.string(),
          action_id: z.string().min(1).max(255),
          block_id: z.string().max(255).optional(),
          value: z.string().max(2000).optional(),
          selected_option: z.object({ value: z.string().max(150) }).nullish(),
        }),
      )
      .min(1),
  })
  .refine((p) => teamOf(p) !== undefined, "no team");
export type BlockActions = z.infer<typeof blockActionsSchema>;

const stateValueSchema = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
});
export type StateValues = Record<string, Record<string, z.infer<typeof stateValueSchema>>>;

export const viewSubmissionSchema = z
  .object({
    type: z.literal("view_submission"),
    team: teamSchema,
    ...orgWide,
    user: userSchema,
    trigger_id: z.string().max(300).optional(),
    view: z.object({
      id: z.string().max(64),
      callback_id: z.string().max(255),
      private_metadata: z.string().max(3000),
      blocks: z.array(z.object({ type: z.string(), block_id: z.string().max(255).optional() })).max(100),
      state: z.object({ values: z.record(z.string().max(255), z.record(z.string().max(255), stateValueSchema)) }),
    }),
  })
  .refine((p) => teamOf(p) !== undefined, "no team");
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

export const viewClosedSchema = z.object({ type: z.literal("view_closed"), view: z.object({ id: z.string() }) });

export const interactivePayloadSchema = z.union([blockActionsSchema, viewSubmissionSchema, viewClosedSchema]);

/**
 * The workspace a request is from, as addresses carry it (addresses.ts): the team id ("T…"), or for an org-wide
 * install the organisation's enterprise id ("E…").
 */
export const teamIdOf = (p: BlockActions | ViewSubmission): string => teamOf(p) as string;

export const commandWorkspace = (c: SlashCommand): string =>
  c.is_enterprise_install === "true" && c.enterprise_id ? c.enterprise_id : c.team_id;

export const eventCallbackSchema = z.object({
  type: z.literal("event_callback"),
  event_id: z.string().min(1).max(100),
  team_id: slackId,
  enterprise_id: slackId.nullish(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z
    .array(z.object({ is_enterprise_install: z.boolean().optional() }))
    .max(10)
    .optional(),
  event: z.looseObject({ type: z.string().min(1).max(100) }),
});
export type EventCallback = z.infer<typeof eventCallbackSchema>;

export const eventWorkspace = (e: EventCallback): string =>
  (e.is_enterprise_install ?? e.authorizations?.[0]?.is_enterprise_install) && e.enterprise_id
    ? e.enterprise_id
    : e.team_id;

const eventEnvelopeSchema = z.union([
  eventCallbackSchema,
  z.object({ type: z.literal("url_verification"), challenge: z.string().max(500) }),
  z.object({ type: z.literal("app_rate_limited") }),
]);

export const appMentionSchema = z.object({
  type: z.literal("app_mention"),
  user: slackId,
  text: z.string().max(40000),
  channel: slackId,
  ts: z.string(),
  thread_ts: z.string().optional(),
});

/** A person's direct message to the bot; edits, bot posts and other subtypes are not commands. */
export const directMessageSchema = z.object({
  type: z.literal("message"),
  channel_type: z.literal("im"),
  user: slackId,
  text: z.string().max(40000),
  channel: slackId,
  ts: z.string(),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
});

/** `rateLimited`: Slack says it is dropping our events for a minute; nothing for Bolt to do. */
export type BodyCheck = { ok: true; rateLimited?: boolean } | { ok: false; reason: string };

const bad = (reason: string): BodyCheck => ({ ok: false, reason });

/** Is this a body Slack could have sent to the events URL? (media type without parameters) */
export function classifyBody(mediaType: string, raw: string): BodyCheck {
  if (mediaType === "application/x-www-form-urlencoded") {
    const form = querystring.parse(raw);
    if ("payload" in form) {
      if (typeof form.payload !== "string") return bad("more than one payload field");
      let payload: unknown;
      try {
        payload = JSON.parse(form.payload);
      } catch {
        return bad("payload is not JSON");
      }
      const parsed = interactivePayloadSchema.safeParse(payload);
      return parsed.success ? { ok: true } : bad(`unexpected interactive payload: ${summarise(parsed.error)}`);
    }
    if (form.ssl_check === "1") return { ok: true };
    const parsed = slashCommandSchema.safeParse(form);
    return parsed.success ? { ok: true } : bad(`malformed slash command: ${summarise(parsed.error)}`);
  }
  if (mediaType === "application/json") {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return bad("body is not JSON");
    }
    const parsed = eventEnvelopeSchema.safeParse(body);
    if (!parsed.success) return bad(`unexpected event body: ${summarise(parsed.error)}`);
    return parsed.data.type === "app_rate_limited" ? { ok: true, rateLimited: true } : { ok: true };
  }
  return bad(`unsupported content type ${mediaType.slice(0, 60) || "(none)"}`);
}

const summarise = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");
