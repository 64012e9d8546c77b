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

/** Uploads the files, with `text` as the message above them, to the person's direct message with the bot. */
export async function uploadToDirectMessage(
  client: WebClient,
  user: string,
  text: string,
  files: readonly ExportFile[],
): Promise<void> {
  try {
    const channel = await directChannel(client, user);
    await client.filesUploadV2({
      channel_id: channel,
      initial_comment: textMessage(text).text,
      file_uploads: files.map((f) => ({ file: Buffer.from(f.content), filename: f.name, title: f.name })),
    });
  } catch (error) {
    // a workspace that installed the app before it asked for files:write
    if (slackErrorCode(error) === "missing_scope")
      throw new DomainError(
        "not_available",
        "teleecho may not send files in this workspace yet: a Slack admin needs to reinstall the app, which now asks for permission to upload files (files:write).",
      );
    throw error;
  }
}

/** What the person reads where they asked, when the files went to their direct message. */
export const sentPrivately = (files: readonly ExportFile[]) =>
  `Sent to you alone, in your direct message with teleecho: ${files.map((f) => f.name).join(", ")}.`;
