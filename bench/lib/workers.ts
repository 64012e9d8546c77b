/**
 * Worker-thread plumbing for the benches: start a TypeScript worker, wait for one of its messages, ask it something,
 * stop it; and, in the worker, serve the parent's requests.
 */
import path from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/** The bench's worker modules are TypeScript: each worker loads tsx's CommonJS hook itself. */
export function startWorker(file: string, data: object): Worker {
  return new Worker(path.resolve(__dirname, "..", file), { workerData: data, execArgv: ["--require", "tsx/cjs"] });
}

/** The next message from the worker that `pick` accepts; fails if the worker dies or nothing comes in time. */
export function nextMessage<M, T>(worker: Worker, pick: (message: M) => T | undefined, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (message: M) => {
      const value = pick(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker exited with code ${code}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no answer from the worker in ${timeoutMs} ms`));
    }, timeoutMs);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

/** Posts `request` to the worker, and resolves to its answer: the next message that `pick` accepts. */
export function ask<M, T>(
  worker: Worker,
  request: unknown,
  pick: (message: M) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  const answer = nextMessage(worker, pick, timeoutMs);
  worker.postMessage(request);
  return answer;
}

/** Asks the worker to close and waits for it to exit; terminates it if it has not after 5 s. */
export async function stopWorker(worker: Worker, ask: () => void): Promise<void> {
  if (worker.threadId === -1) return; // already exited
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const overdue = new Promise<void>((resolve) => {
    timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5_000);
  });
  ask();
  await Promise.race([exited, overdue]);
  clearTimeout(timer);
}

/**
 * The worker's side, in a worker started with `workerData.role === role` (elsewhere, e.g. in the parent importing the
 * module for its types, nothing): answers each "run" request with what `run` resolves to, until a "close".
 */
export function serveRuns<D extends { role: string }, R extends { type: "run" } | { type: "close" }>(
  role: D["role"],
  run: (request: Extract<R, { type: "run" }>, data: D) => Promise<unknown>,
): void {
  if (isMainThread || (workerData as { role?: string } | undefined)?.role !== role) return;
  const port = parentPort;
  if (!port) return;
  const data = workerData as D;
  port.on("message", (request: R) => {
    if (request.type === "close") {
      port.close();
      return;
    }
    void run(request as Extract<R, { type: "run" }>, data).then((result) => port.postMessage(result));
  });
}
