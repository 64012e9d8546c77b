/**
 * Slack's request signing, for the benches' senders (it runs in their worker threads, so it imports nothing heavy):
 * X-Slack-Signature is v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body).
 */
import { createHmac } from "node:crypto";

const slackSignature = (secret: string, timestamp: number, body: string) =>
  `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;

/** The two signature headers of a request with this body, signed now. */
export function signatureHeaders(secret: string, body: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slackSignature(secret, timestamp, body),
  };
}
