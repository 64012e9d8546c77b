/** Request-body helpers for the fake platforms in tests and benchmarks (they listen on 127.0.0.1 only). */
import type { IncomingMessage } from "node:http";

/** Reads a request body to its end as UTF-8 text. */
export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

export const readBody = async (req: IncomingMessage): Promise<string> => (await readBytes(req)).toString("utf8");

/** Slack Web API arguments: JSON, or form-encoded with objects and arrays as JSON strings. */
export function decodeSlackArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  return out;
}
