/**
 * Files for one person (an export) on Slack: uploaded with files.uploadV2 (files.getUploadURLExternal, the upload,
 * files.completeUploadExternal) into the direct message between the bot and that person, never into the channel the
 * command came from. Needs the bot scopes `files:write` and `im:write`.
 */
import type { webApi } from "@slack/bolt";
import { DomainError } from "../core/errors";
import type { ExportFile } from "../core/ui/model";
import { slackErrorCode } from "./errors";
import { textMessage } from "./render";

type WebClient = webApi.WebClient;

/** The direct message channel between the bot and this person (conversations.open answers the same one each time). */
async function directChannel(client: WebClient, user: string): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  const id = opened.channel?.id;
  if (!id) throw new Error("conversations.open returned no channel id");
  return id;
}

/** What an upload carries: an export, or a card's picture (with its alt text). */
export type Upload = Pick<ExportFile, "name" | "content"> & { alt?: string };

/** Slack's refusals an admin or the asker can act on, in words; anything else as it was. */
function explained(error: unknown): unknown {
  const code = slackErrorCode(error);
  // a workspace that installed the app before it asked for files:write
  if (code === "missing_scope")
    return new DomainError(
      "not_available",
      "teleecho may not send files in this workspace yet: a Slack admin needs to reinstall the app, which now asks for permission to upload files (files:write).",
    );
  if (code === "not_in_channel" || code === "channel_not_found")
    return new DomainError(
      "not_available",
      "teleecho is not in this channel, so it cannot post here: invite it to the channel (`/invite @teleecho`), or leave out `here` to get it in your direct message.",
    );
  return error;
}

/**
 * Uploads the files to a channel with `comment` (mrkdwn, already escaped) as the message above them: one
 * files.uploadV2 call, so the files and their message arrive as one post.
 */
export async function uploadToChannel(
  client: WebClient,
  channel: string,
  comment: string,
  files: readonly Upload[],
): Promise<void> {
  try {
    await client.filesUploadV2({
      channel_id: channel,
      initial_comment: comment,
      file_uploads: files.map((f) => ({
        file: Buffer.from(f.content),
        filename: f.name,
        title: f.name,
        ...(f.alt ? { alt_text: f.alt } : {}),
      })),
    });
  } catch (error) {
    throw explained(error);
  }
}

/** Uploads the files, with `text` as the message above them, to the person's direct message with the bot. */
export async function uploadToDirectMessage(
  client: WebClient,
  user: string,
  text: string,
  files: readonly Upload[],
  comment = textMessage(text).text,
): Promise<void> {
  let channel: string;
  try {
    channel = await directChannel(client, user);
  } catch (error) {
    throw explained(error);
  }
  await uploadToChannel(client, channel, comment, files);
}

/** What the person reads where they asked, when the files went to their direct message. */
export const sentPrivately = (files: readonly ExportFile[]) =>
  `Sent to you alone, in your direct message with teleecho: ${files.map((f) => f.name).join(", ")}.`;
