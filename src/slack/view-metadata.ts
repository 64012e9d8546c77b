/**
 * A modal has no channel, so what the submission needs travels in its `private_metadata` (at most 3000
 * characters): the network's channel address, the core's own form metadata, and the response_url of the command
 * or click that opened it (so a private answer can go back the same way).
 */
import { z } from "zod";
import { LIMITS } from "./limits";

export interface ViewMetadata {
  /** neutral channel address */
  channel: string;
  /** the core's opaque form metadata */
  metadata: string;
  responseUrl?: string;
}

const schema = z.object({
  c: z.string().min(1).max(200),
  m: z.string().max(LIMITS.privateMetadata),
  u: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

export function encodeViewMetadata(value: ViewMetadata): string {
  const withUrl = JSON.stringify({ c: value.channel, m: value.metadata, u: value.responseUrl });
  if (withUrl.length <= LIMITS.privateMetadata) return withUrl;
  // the response_url is a convenience; the channel and the core's metadata are not
  const without = JSON.stringify({ c: value.channel, m: value.metadata });
  if (without.length <= LIMITS.privateMetadata) return without;
  throw new Error(`form metadata is ${without.length} characters; Slack keeps ${LIMITS.privateMetadata}`);
}

export function decodeViewMetadata(raw: string): ViewMetadata | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const result = schema.safeParse(parsed);
  if (!result.success) return undefined;
  const { c, m, u } = result.data;
  return { channel: c, metadata: m, ...(u ? { responseUrl: u } : {}) };
}
