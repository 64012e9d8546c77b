/**
 * One worker thread for charts, started on the first chart and stopped after a minute without one (a thread holds
 * Vega and resvg in memory of its own: about 100 MB while it lives). It never keeps the process alive; a worker that
 * fails or exits takes its charts' requests with it (each is refused) and the next chart starts a new one.
 */
import { Worker } from "node:worker_threads";
import type { ChartRenderer } from "../core/reports/ports";
import type { DrawAnswer, DrawRequest } from "./worker";

const IDLE_MS = 60_000;
const TIMEOUT_MS = 30_000;

export function chartWorker(file: string): ChartRenderer {
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve: (a: DrawAnswer) => void; reject: (e: Error) => void }>();

  const failAll = (error: Error) => {
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  const start = (): Worker => {
    // the worker is TypeScript: it loads tsx's CommonJS hook itself, whatever runs this process
    const started = new Worker(file, { execArgv: ["--require", "tsx/cjs"] });
    started.unref();
    started.on("message", (answer: DrawAnswer) => {
      const pending = waiting.get(answer.id);
      waiting.delete(answer.id);
      pending?.resolve(answer);
    });
    started.on("error", (error) => {
      if (worker === started) worker = undefined;
      failAll(error);
    });
    started.on("exit", (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`the chart worker stopped (exit code ${code})`));
    });
    return started;
  };

  return {
    async png(spec, maxBytes) {
      if (idle) clearTimeout(idle);
      worker ??= start();
      const current = worker;
      const id = ++next;
      const answer = await new Promise<DrawAnswer>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the chart was not drawn in ${TIMEOUT_MS / 1000} s`));
        }, TIMEOUT_MS);
        timer.unref();
        waiting.set(id, {
          resolve: (a) => {
            clearTimeout(timer);
            resolve(a);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        current.postMessage({ id, spec, maxBytes } satisfies DrawRequest);
      });
      if (waiting.size === 0) {
        idle = setTimeout(() => {
          if (waiting.size === 0 && worker === current) {
            worker = undefined;
            void current.terminate();
          }
        }, IDLE_MS);
        idle.unref();
      }
      if (!answer.ok) throw new Error(`the chart could not be drawn: ${answer.message}`);
      return { content: new Uint8Array(answer.content), width: answer.width, height: answer.height };
    },
  };
}
