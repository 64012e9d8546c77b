/**
 * What the Teams adapter accepts from the wire, checked with zod before botbuilder or the core see it. Unknown
 * properties pass through (Teams adds fields over time); the ones the adapter reads must have the right shape.
 */
import { z } from "zod";

const id = z.string().min(1).max(1024);
const optionalText = (max: number) => z.string().max(max).nullish();

const account = z.looseObject({
  id,
  name: optionalText(512),
  aadObjectId: optionalText(128),
});

/** The basic shape of any activity: enough to authenticate it, answer it and address a reply. */
export const InboundActivity = z.looseObject({
  type: z.string().min(1).max(64),
  id: optionalText(1024),
  name: optionalText(256),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id, conversationType: optionalText(64) }),
  from: account,
  recipient: account,
  text: optionalText(40_000),
  entities: z.array(z.unknown()).max(200).nullish(),
});
export type InboundActivity = z.infer<typeof InboundActivity>;

/** A mention entity; ones that do not parse are left alone. */
export const MentionEntity = z.object({
  type: z.string().regex(/^mention$/i),
  text: z.string().min(1).max(512),
  mentioned: z.looseObject({ id, name: optionalText(512), aadObjectId: optionalText(128) }),
});
export type MentionEntity = z.infer<typeof MentionEntity>;

const buttonValue = z.string().max(4000);

/** `adaptiveCard/action`: an `Action.Execute` click. */
export const ActionExecuteValue = z.looseObject({
  action: z.looseObject({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(255),
    data: z.looseObject({ value: buttonValue.optional() }).nullish(),
  }),
});

/** `task/fetch`: the data of the `Action.Submit` that asked for a dialog. */
export const TaskFetchValue = z.looseObject({
  data: z.looseObject({ verb: z.string().min(1).max(255), value: buttonValue }),
});

/** `task/submit`: the dialog card's submit data merged with its inputs. */
export const TaskSubmitValue = z.looseObject({
  data: z.looseObject({ formId: z.string().min(1).max(255), metadata: z.string().max(4000) }),
});

/** A conversation reference as `TurnContext.getConversationReference` made it and the store kept it. */
export const StoredReference = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id }),
  bot: z.looseObject({ id }),
  user: z.looseObject({ id }).optional(),
  /** the Teams team of a channel (channelData.team.id when the reference was stored) */
  teamId: id.optional(),
});

/** A person on a team's roster or in a conversation, as the Bot Connector lists them (TeamsChannelAccount). */
export const RosterMember = z.looseObject({
  id,
  name: optionalText(512),
  aadObjectId: optionalText(128),
  /** "user", "guest" or "anonymous" */
  userRole: optionalText(64),
});
export type RosterMember = z.infer<typeof RosterMember>;

/** One page of `GET v3/conversations/{id}/pagedmembers` (TeamsPagedMembersResult). */
export const RosterPage = z.looseObject({
  continuationToken: z.string().max(8192).nullish(),
  members: z.array(z.unknown()).max(1000),
});

/** What an activity's Teams channel data says about its team (present in a team's channels). */
export const TeamsChannelData = z.looseObject({
  team: z.looseObject({ id }).nullish(),
  tenant: z.looseObject({ id: optionalText(128) }).nullish(),
  eventType: optionalText(128),
});

/**
 * `fileConsent/invoke`: the person accepted or declined a file consent card. On accept, Teams gives an upload session
 * in their OneDrive (`uploadUrl`) and where the file will be (`contentUrl`); the context is the card's own, and
 * carries only the pending file's id.
 */
export const FileConsentValue = z.looseObject({
  type: z.literal("fileUpload").optional(),
  action: z.enum(["accept", "decline"]),
  context: z.looseObject({ file: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }),
  uploadInfo: z
    .looseObject({
      name: z.string().min(1).max(512),
      uploadUrl: z.url({ protocol: /^https?$/ }).max(4096),
      contentUrl: z.url({ protocol: /^https?$/ }).max(4096),
      uniqueId: z.string().min(1).max(512),
      fileType: z.string().max(32).nullish(),
    })
    .optional(),
});
export type FileConsentValue = z.infer<typeof FileConsentValue>;
