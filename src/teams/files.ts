/**
 * Files for one person (an export) on Teams, the way a Teams bot sends a file: a file consent card in the person's
 * personal chat with the bot (Teams allows it nowhere else); when they accept, Teams opens an upload session in their
 * OneDrive and the bot PUTs the bytes there, then posts a file card that opens it. The bytes wait in the store
 * (PendingFiles) for a day, keyed by an unguessable id that is all the card carries; only the person they were made
 * for can take them, whatever a card says. Needs `supportsFiles: true` in the app manifest.
 */
import type { Attachment } from "botbuilder";
import type { PendingFiles } from "../core/ports";
import type { ExportFile } from "../core/ui/model";

export const FILE_CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_CARD = "application/vnd.microsoft.teams.card.file.info";

/** How long an offered file waits for its accept: a day, so an export asked at the end of a day can be taken next morning. */
export const PENDING_FILE_MS = 86_400_000;
const UPLOAD_TIMEOUT_MS = 30_000;

/** A consent card for each file, each file kept for its owner until they answer (or a day has passed). */
export async function offerFiles(
  store: PendingFiles,
  owner: string,
  files: readonly ExportFile[],
  now: Date,
): Promise<Attachment[]> {
  const cards: Attachment[] = [];
  for (const file of files) {
    const id = await store.put(owner, file, new Date(now.getTime() + PENDING_FILE_MS));
    cards.push({
      contentType: FILE_CONSENT_CARD,
      name: file.name,
      content: {
        description: `${file.name}: for you alone. Accept to save it to your OneDrive; it waits here for a day.`,
        sizeInBytes: file.content.byteLength,
        acceptContext: { file: id },
        declineContext: { file: id },
      },
    });
  }
  return cards;
}

/**
 * Which upload URLs the bytes may go to: https (Teams gives a OneDrive/SharePoint upload session), or the origin of a
 * configured Bot Connector service URL (TEAMS_SERVICE_URLS: a test's stub). Never with credentials in the URL.
 */
export function uploadUrlPolicy(serviceUrls: readonly string[]): (url: string) => boolean {
  const origins = new Set(
    serviceUrls.flatMap((prefix) => {
      try {
        return [new URL(prefix).origin];
      } catch {
        return [];
      }
    }),
  );
  return (url) => {
    try {
      const parsed = new URL(url);
      if (parsed.username || parsed.password) return false;
      return parsed.protocol === "https:" || origins.has(parsed.origin);
    } catch {
      return false;
    }
  };
}

/** Puts the whole file into the upload session in one request, as a OneDrive upload session takes a small file. */
export async function uploadFile(uploadUrl: string, file: ExportFile): Promise<void> {
  const size = file.content.byteLength;
  const response = await fetch(uploadUrl, {
    method: "PUT",
    headers: {
      "content-type": file.mediaType,
      "content-length": String(size),
      "content-range": `bytes 0-${Math.max(0, size - 1)}/${size}`,
    },
    body: file.content,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  await response.arrayBuffer(); // frees the connection
  if (!response.ok) throw new Error(`the OneDrive upload session answered ${response.status}`);
}

/** The card Teams shows for a file the bot put in the person's OneDrive: it opens the file. */
export const fileInfoCard = (info: {
  name: string;
  contentUrl: string;
  uniqueId: string;
  fileType?: string | null;
}): Attachment => ({
  contentType: FILE_INFO_CARD,
  contentUrl: info.contentUrl,
  name: info.name,
  content: { uniqueId: info.uniqueId, fileType: info.fileType ?? "csv" },
});
