/** Worker-thread plumbing for the benches: start a TypeScript worker, wait for one of its messages, stop it. */
import path from "node:path";
import { Worker } from "node:worker_threads";

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
