import { PassThrough, Writable } from "node:stream";
import { runShell } from "../../src/shell/shell";
import type { TestServices } from "./services";

/** Every prompt the shell prints (a command or a form field) ends with this; nothing else does. */
const PROMPT_END = "> ";
/** The command prompt, which the shell prints when no form is being asked. */
const COMMAND_PROMPT = /teleecho \([a-z0-9._-]+\)> $/;

/** What a shell messenger printed: a message sent to someone (`[to …]`), or a message changed (`[update …]`). */
export interface ShellDelivery {
  kind: "to" | "update";
  address: string;
  text: string;
}

const DELIVERY = /^\n\[(to|update) ([^\]]+)\] ([\s\S]*)\n$/;

/**
 * A running shell (as `npm start` runs it with piped input) driven line by line over in-memory streams: `send` types
 * one line and resolves with what the shell printed until it asks for the next one (or stops). `prompt` is the last
 * thing it asked (a command prompt or a form field). What a shell messenger prints to the same output (a scheduler's,
 * as main.ts builds it) is kept apart in `deliveries`; `said` is what the shell itself printed for the last line.
 */
export class ShellSession {
  /** What the shell reads its lines from. */
  readonly input = new PassThrough();
  /** Where the shell prints; a scheduler's shell messenger can print here too. */
  readonly output: Writable;
  /** Settles when the shell stops. */
  readonly done: Promise<void>;
  /** The last prompt the shell printed. */
  prompt = "";
  /** what shell messengers printed here, in order */
  readonly deliveries: ShellDelivery[] = [];
  /** what the shell printed in answer to the last line sent, up to and with its next prompt */
  said = "";
  private printed = "";
  private own = "";
  private prompts = 0;
  private finished = false;
  private wake?: () => void;

  /** Starts the shell for `user` on `services`. */
  constructor(services: TestServices, user: string, exportsDir?: string) {
    this.output = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        const text = chunk.toString();
        this.printed += text;
        const delivery = DELIVERY.exec(text);
        if (delivery)
          this.deliveries.push({
            kind: delivery[1] as ShellDelivery["kind"],
            address: delivery[2] as string,
            text: delivery[3] as string,
          });
        else this.own += text;
        if (text.endsWith(PROMPT_END)) {
          this.prompts += 1;
          this.prompt = text;
        }
        this.wake?.();
        callback();
      },
    });
    this.done = runShell(services, {
      input: this.input,
      output: this.output,
      user,
      ...(exportsDir ? { exportsDir } : {}),
    }).finally(() => {
      this.finished = true;
      this.wake?.();
    });
  }

  /** Everything printed so far. */
  get all(): string {
    return this.printed;
  }

  /** Waits until the shell has printed `prompts` prompts in all, or has stopped; fails after 15 seconds. */
  private async until(prompts: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (this.prompts < prompts && !this.finished) {
      if (Date.now() > deadline)
        throw new Error(`the shell stopped answering; it printed:\n${this.printed.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Resolves when the shell has printed its first prompt. */
  ready(): Promise<void> {
    return this.until(1);
  }

  /** Types one line and resolves with what the shell printed until its next prompt (or until it stopped). */
  async send(line: string): Promise<string> {
    const from = this.printed.length;
    const ownFrom = this.own.length;
    const target = this.prompts + 1;
    this.input.write(`${line}\n`);
    await this.until(target);
    this.said = this.own.slice(ownFrom);
    return this.printed.slice(from);
  }

  /** Whether the shell is at its command prompt (not asking a form's field). */
  get atCommandPrompt(): boolean {
    return COMMAND_PROMPT.test(this.prompt);
  }

  /** Types `quit` and waits for the shell to stop. */
  async quit(): Promise<void> {
    await this.send("quit");
    await this.done;
  }
}
