/** The chart worker thread: draws each chart it is sent (png.ts) and answers with the PNG or the error's message. */
import { parentPort } from "node:worker_threads";
import { drawnHere } from "./png";

export interface DrawRequest {
  id: number;
  spec: Record<string, unknown>;
  maxBytes: number;
}

export type DrawAnswer =
  | { id: number; ok: true; content: Uint8Array; width: number; height: number }
  | { id: number; ok: false; message: string };

parentPort?.on("message", async ({ id, spec, maxBytes }: DrawRequest) => {
  try {
    const png = await drawnHere.png(spec, maxBytes);
    parentPort?.postMessage({ id, ok: true, ...png } satisfies DrawAnswer);
  } catch (error) {
    parentPort?.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    } satisfies DrawAnswer);
  }
});
