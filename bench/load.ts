/**
 * The open-loop load generator of bench/ack.ts, run in its own worker thread so that the stacks under measurement
 * cannot delay its clock. Requests are scheduled by the clock at a fixed rate (never waiting for earlier answers),
 * alternate a slash command and a button click, and are each signed afresh with the current timestamp
 * (X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)). Latency is measured from sending the
 * request to receiving the response status line and headers (the acknowledgement).
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import { nearestRank } from "./lib/figures";
import { signatureHeaders } from "./lib/slack-signing";
import { serveRuns } from "./lib/workers";

export const LOAD_ROLE = "load";
export const KINDS = ["command", "click"] as const;
export type Kind = (typeof KINDS)[number];

export interface LoadWorkerData {
  role: typeof LOAD_ROLE;
  signingSecret: string;
}

/** parent → generator */
export type LoadRequest =
  | {
      type: "run";
      /** the /slack/events URL of the stack */
      url: string;
      rate: number;
      seconds: number;
      /** slash command form fields; trigger_id is replaced on every request */
      command: Record<string, string>;
      /** block_actions payload; trigger_id and actions[0].action_ts are replaced on every request */
      click: Record<string, unknown>;
    }
  | { type: "close" };

export interface RunResult {
  type: "result";
  /** milliseconds from send to response status, per kind, in sending order */
  latencies: Record<Kind, number[]>;
  /** responses by status code */
  statuses: Record<string, number>;
  /** transport errors and timeouts */
  errors: string[];
  sent: number;
  /** how late the generator sent requests against their scheduled times (ms) */
  lateness: { p99: number; max: number };
  elapsedMs: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

let triggers = 0;
const triggerId = () => `${++triggers}.47445629121.${Math.random().toString(16).slice(2, 14).padEnd(12, "0")}`;

function commandBody(template: Record<string, string>): string {
  return new URLSearchParams({ ...template, trigger_id: triggerId() }).toString();
}

function clickBody(template: Record<string, unknown>): string {
  const actions = (template.actions as Array<Record<string, unknown>>).map((a) => ({
    ...a,
    action_ts: (Date.now() / 1000).toFixed(6),
  }));
  const payload = { ...template, trigger_id: triggerId(), actions };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function run(request: Extract<LoadRequest, { type: "run" }>, secret: string): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true });
  const target = new URL(request.url);
  const total = Math.max(1, Math.round(request.rate * request.seconds));
  const interval = 1000 / request.rate;
  const latencies: Record<Kind, number[]> = { command: [], click: [] };
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  const lateness: number[] = [];
  let done = 0;
  let next = 0;

  return new Promise((resolve) => {
    const start = performance.now();
    const finishOne = () => {
      done += 1;
      if (done < total) return;
      agent.destroy();
      const late = [...lateness].sort((a, b) => a - b);
      resolve({
        type: "result",
        latencies,
        statuses,
        errors,
        sent: total,
        lateness: { p99: nearestRank(late, 99), max: late[late.length - 1] ?? 0 },
        elapsedMs: performance.now() - start,
      });
    };

    const fire = (index: number, late: number) => {
      const kind: Kind = index % 2 === 0 ? "command" : "click";
      const body = kind === "command" ? commandBody(request.command) : clickBody(request.click);
      const headers = {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(body)),
        ...signatureHeaders(secret, body),
      };
      lateness.push(late);
      let settled = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        return true;
      };
      const sentAt = performance.now();
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers, agent },
        (res) => {
          const latency = performance.now() - sentAt;
          const status = res.statusCode ?? 0;
          res.resume();
          res.on("end", () => {
            if (!settle()) return;
            latencies[kind].push(latency);
            statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
            finishOne();
          });
          res.on("error", (error) => {
            if (!settle()) return;
            errors.push(`${kind}: response: ${error.message}`);
            finishOne();
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      req.on("error", (error) => {
        if (!settle()) return;
        errors.push(`${kind}: ${error.message}`);
        finishOne();
      });
      req.end(body);
    };

    const pump = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        fire(next, now - (start + next * interval));
        next += 1;
      }
      if (next < total) setTimeout(pump, Math.max(0, start + next * interval - performance.now()));
    };
    pump();
  });
}

serveRuns<LoadWorkerData, LoadRequest>(LOAD_ROLE, (request, data) => run(request, data.signingSecret));
