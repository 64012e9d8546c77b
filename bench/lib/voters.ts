/**
 * The voters of bench/vote.ts, in their own worker thread so that the stack under measurement cannot delay their
 * clock: each body (a view_submission, form-encoded) is signed afresh at send time (X-Slack-Signature:
 * v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)) and POSTed to /slack/events. A wave's requests all start at
 * once; the next wave starts when the previous one has been answered. The latency of a request is from sending it to
 * receiving the response's status line and headers (Slack's acknowledgement); the answer's body is kept when it is not
 * empty (a view_submission that succeeded is acknowledged with an empty 200).
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import { signatureHeaders } from "./slack-signing";
import { serveRuns } from "./workers";

export const VOTERS_ROLE = "voters";

export interface VotersWorkerData {
  role: typeof VOTERS_ROLE;
  signingSecret: string;
}

/** parent → voters */
export type VotersRequest =
  | {
      type: "run";
      /** the /slack/events URL */
      url: string;
      /** one form-encoded body per voter */
      bodies: string[];
      /** voters per wave (all of them: one wave) */
      wave: number;
      /** instead of waves: request i is sent at i × spreadMs / count (open loop, evenly over spreadMs) */
      spreadMs?: number;
      timeoutMs: number;
    }
  | { type: "close" };

export interface VoteAnswer {
  /** ms from send to the response status line; NaN when there was none */
  latencyMs: number;
  /** when it was sent and acknowledged, ms from the first send (ackAtMs NaN when there was no answer) */
  sentAtMs: number;
  ackAtMs: number;
  status: number;
  /** the answer's body when it was not empty (first 300 characters) */
  body?: string;
  /** a transport error or timeout */
  error?: string;
}

/**
 * What is wrong with an answer; undefined for a plain acknowledgement, and for Bolt's own 404 to a request its
 * listener had not acknowledged within 3 s (an answer, late: counted by `lateOf`).
 */
export const problemOf = (a: VoteAnswer): string | undefined =>
  a.error ??
  (a.status === 404 && !a.body
    ? undefined
    : a.status !== 200
      ? `HTTP ${a.status}`
      : a.body
        ? `acknowledged with ${a.body.slice(0, 200)}`
        : undefined);

/** How many were answered by Bolt's unhandled-request timeout: later than Slack's 3 s. */
export const lateOf = (answers: VoteAnswer[]): number =>
  answers.filter((a) => a.status === 404 && !a.body && !a.error).length;

/** voters → parent */
export interface VotersResult {
  type: "result";
  answers: VoteAnswer[];
  /** ms from the first send to the last acknowledgement */
  wallMs: number;
}

function send(
  agent: http.Agent,
  target: URL,
  secret: string,
  body: string,
  timeoutMs: number,
  origin: number,
): Promise<VoteAnswer> {
  return new Promise((resolve) => {
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      ...signatureHeaders(secret, body),
    };
    let settled = false;
    const settle = (answer: VoteAnswer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const sentAt = performance.now();
    const sentAtMs = sentAt - origin;
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers, agent },
      (res) => {
        const ackedAt = performance.now();
        const timing = { latencyMs: ackedAt - sentAt, sentAtMs, ackAtMs: ackedAt - origin };
        const status = res.statusCode ?? 0;
        const parts: Buffer[] = [];
        res.on("data", (chunk: Buffer) => parts.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(parts).toString("utf8");
          settle({ ...timing, status, ...(text ? { body: text.slice(0, 300) } : {}) });
        });
        res.on("error", (error) => settle({ ...timing, status, error: `response: ${error.message}` }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on("error", (error) =>
      settle({ latencyMs: Number.NaN, sentAtMs, ackAtMs: Number.NaN, status: 0, error: error.message }),
    );
    req.end(body);
  });
}

async function run(request: Extract<VotersRequest, { type: "run" }>, secret: string): Promise<VotersResult> {
  // one connection per voter in flight, as that many people's browsers would be (through Slack)
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const target = new URL(request.url);
  const answers: VoteAnswer[] = [];
  const origin = performance.now();
  const { spreadMs } = request;
  if (spreadMs !== undefined) {
    const count = request.bodies.length;
    const sends = request.bodies.map(async (body, i) => {
      const due = origin + (i * spreadMs) / count;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      return send(agent, target, secret, body, request.timeoutMs, origin);
    });
    answers.push(...(await Promise.all(sends)));
  }
  for (let i = 0; spreadMs === undefined && i < request.bodies.length; i += request.wave) {
    const wave = request.bodies.slice(i, i + request.wave);
    answers.push(
      ...(await Promise.all(wave.map((body) => send(agent, target, secret, body, request.timeoutMs, origin)))),
    );
  }
  agent.destroy();
  const acked = answers.map((a) => a.ackAtMs).filter(Number.isFinite);
  const wallMs = acked.length ? Math.max(...acked) - Math.min(...answers.map((a) => a.sentAtMs)) : Number.NaN;
  return { type: "result", answers, wallMs };
}

serveRuns<VotersWorkerData, VotersRequest>(VOTERS_ROLE, (request, data) => run(request, data.signingSecret));
