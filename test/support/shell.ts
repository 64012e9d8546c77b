import { PassThrough, Writable } from "node:stream";
import { runShell } from "../../src/shell/shell";
import type { TestServices } from "./services";

/** Every prompt the shell prints (a command or a form field) ends with this; nothing else does. */
const PROMPT_END = "> ";
/** The command prompt, which the shell prints when no form is being asked. */
const COMMAND_PROMPT = /teleecho \([a-z0-9._-]+\)> $/;
/** The most form fields `answer` and `fill` will answer before they give up. */
const MOST_FIELDS = 40;

/**
 * A running shell (as `npm start` runs it with piped input) driven line by line over in-memory streams: `send` types
 * one line and resolves with what the shell printed until it asks for the next one (or stops). `prompt` is the last
 * thing it asked (a command prompt or a form field).
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
  private printed = "";
  private prompts = 0;
  private finished = false;
  private wake?: () => void;

  /** Starts the shell for `user` on `services`. */
  constructor(services: TestServices, user: string) {
    this.output = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        const text = chunk.toString();
        this.printed += text;
        if (text.endsWith(PROMPT_END)) {
          this.prompts += 1;
          this.prompt = text;
        }
        this.wake?.();
        callback();
      },
    });
    this.done = runShell(services, { input: this.input, output: this.output, user }).finally(() => {
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
    const target = this.prompts + 1;
    this.input.write(`${line}\n`);
    await this.until(target);
    return this.printed.slice(from);
  }

  /**
   * Answers the form being asked, field by field: each field gets the answer whose key starts its label, else Enter.
   * Stops at the command prompt, or when the shell lists what to check (it then asks those fields again).
   */
  answer(answers: Record<string, string>): Promise<string> {
    return this.reply(
      "",
      () => {
        const label = this.prompt.split("\n")[0] ?? "";
        const key = Object.keys(answers).find((k) => label.startsWith(k));
        return key === undefined ? "" : (answers[key] ?? "");
      },
      (asked) => COMMAND_PROMPT.test(this.prompt) || asked.includes("Please check these:"),
    );
  }

  /**
   * Answers a form field by field, starting from `first` (what the shell printed when it opened the form): each prompt
   * gets the answer whose key starts one of its lines, else Enter; each answer is used once. Stops at the command
   * prompt. Resolves with `first` and everything printed after it.
   */
  async fill(answers: Record<string, string>, first: string): Promise<string> {
    const left = new Map(Object.entries(answers));
    const printed = await this.reply(
      first,
      (asked) => {
        const label = [...left.keys()].find((key) => asked.split("\n").some((line) => line.startsWith(key)));
        if (label === undefined) return "";
        const line = left.get(label) ?? "";
        left.delete(label);
        return line;
      },
      (asked) => COMMAND_PROMPT.test(asked),
    );
    return first + printed;
  }

  /** Types `quit` and waits for the shell to stop. */
  async quit(): Promise<void> {
    await this.send("quit");
    await this.done;
  }

  /**
   * The loop `answer` and `fill` share: starting from `asked`, types the line `line` chooses for what was printed
   * last, until `over` says the form is over or `MOST_FIELDS` lines were typed. Resolves with everything printed
   * meanwhile.
   */
  private async reply(
    asked: string,
    line: (asked: string) => string,
    over: (asked: string) => boolean,
  ): Promise<string> {
    let printed = "";
    let last = asked;
    for (let i = 0; i < MOST_FIELDS && !over(last); i++) {
      last = await this.send(line(last));
      printed += last;
    }
    return printed;
  }
}
