/**
 * The life of a bench run: what it sets up (scratch databases, servers, worker threads) is undone at the end, last
 * first, also after a failure or Ctrl-C; and the exit code and errors of its main function.
 */

import type { Provider } from "../../src/store/engine";
import { freshDatabaseUrl, type TestDatabaseUrl } from "../../test/support/db";

/** The key the benches' services seal anonymous votes with (production reads TELEECHO_SECRET). */
export const BENCH_SECRET = "bench-secret-0123456789abcdef0123456789";

/** Clean-up steps, run last first. */
export class Scratch {
  private readonly steps: Array<() => Promise<void>> = [];

  /** Adds a step to the clean-up. */
  defer(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  /** Runs every step added so far, the last added first, and forgets them; a step that fails is reported and passed. */
  async cleanUp(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`bench: clean-up step failed: ${error instanceof Error ? error.message : error}\n`);
      }
    }
  }

  /**
   * A fresh database of `provider` (a temporary SQLite file, or a PostgreSQL database of its own: test/support/db.ts),
   * dropped at clean-up unless its own drop() has already dropped it.
   */
  async database(provider: Provider): Promise<TestDatabaseUrl> {
    const database = await freshDatabaseUrl(provider);
    let dropped = false;
    const drop = async () => {
      if (dropped) return;
      dropped = true;
      await database.drop();
    };
    this.defer(drop);
    return { url: database.url, drop };
  }
}

export interface Interrupt {
  /** whether a signal came (and its handler is cleaning up and will exit) */
  readonly interrupted: boolean;
  /** stops listening */
  dispose(): void;
}

/** On the first SIGINT or SIGTERM: writes `say(signal)` to stderr, runs `cleanUp` and exits with 130. */
export function onInterrupt(say: (signal: NodeJS.Signals) => string, cleanUp: () => Promise<void>): Interrupt {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(say(signal));
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    get interrupted() {
      return interrupted;
    },
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/**
 * Runs a bench's `main`, which cleans up after itself and resolves to the exit code; `name` (e.g. "bench:ack") heads
 * the message when it cannot run.
 */
export function runBench(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
      // everything is closed: the process ends by itself; should a handle linger, say which and leave anyway
      setTimeout(() => {
        process.stderr.write(
          `bench: still running 10 s after clean-up: ${process.getActiveResourcesInfo().join(", ")}\n`,
        );
        process.exit(code);
      }, 10_000).unref();
    },
    (error: unknown) => {
      process.stderr.write(
        `${name} could not run: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
      );
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 10_000).unref();
    },
  );
}

/**
 * `runBench` for a bench that works in a Scratch: `body` gets it; it is cleaned up at the end, on Ctrl-C, or when
 * the bench has run longer than `giveUpMs` (then it exits with 1).
 */
export function runBounded(name: string, giveUpMs: number, body: (scratch: Scratch) => Promise<number>): void {
  runBench(name, async () => {
    const scratch = new Scratch();
    const cleanUp = () => scratch.cleanUp();
    const interrupt = onInterrupt(() => `${name} interrupted; cleaning up\n`, cleanUp);
    const giveUp = setTimeout(() => {
      process.stderr.write(`${name} gave up after ${giveUpMs / 1000} s; cleaning up\n`);
      void cleanUp().then(() => process.exit(1));
    }, giveUpMs);
    try {
      return await body(scratch);
    } finally {
      clearTimeout(giveUp);
      interrupt.dispose();
      if (!interrupt.interrupted) await cleanUp();
    }
  });
}
