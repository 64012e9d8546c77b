/**
 * The local console adapter, the default when no platform is configured. The same words as `/echo` in Slack;
 * cards print as text with numbered buttons; forms are asked field by field. `as <name>` switches user, so a
 * newcomer can try each role. Works with piped input.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Ctx } from "../core/context";
import { describeError } from "../core/errors";
import type { Messenger } from "../core/ports";
import { type Button, type Card, cardToPlainText, type ExportFile, type Form, type Reply } from "../core/ui/model";
import { privateDirectory, writeNewPrivateFile } from "../files";
import { errorReference } from "../logger";
import type { AdapterServices } from "../services";
import { fieldPrompt, fieldValue, printable, renderCard } from "./render";

export interface ShellOptions {
  input: Readable;
  output: Writable;
  /** who you are at start; the default "admin" is a workspace admin so you can set a network up */
  user?: string;
  channel?: string;
  /** where `export` writes its files (default ./exports), relative to the working directory */
  exportsDir?: string;
}

const userAddress = (name: string) => `shell:${name.toLowerCase()}`;
const displayName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

const SHELL_HELP = [
  "Shell commands: `as <name> [admin]` acts as someone else; `whoami`; a number presses that button;",
  "`m<number>` presses a button on a message the bot sent; `quit` leaves. Everything else is a teleecho command, as",
  "after /echo in Slack: try `help`, `setup`, `schedule`.",
].join("\n");

/**
 * The buttons on the messages a shell messenger printed (an ask with Accept and Pass, a follow-up's form button), by
 * the output they were printed to, so that the shell at that output can press them: `m1`, `m2`, …
 */
const delivered = new WeakMap<Writable, { next: number; buttons: Map<string, Button> }>();
const MAX_DELIVERED_BUTTONS = 1000;

function deliveredButtons(output: Writable) {
  let entry = delivered.get(output);
  if (!entry) {
    entry = { next: 1, buttons: new Map() };
    delivered.set(output, entry);
  }
  return entry;
}

export function shellMessenger(output: Writable): Messenger {
  let sent = 0;
  const inbox = deliveredButtons(output);
  const withButtons = (card: Card) => {
    const labels = card.blocks
      .flatMap((block) => (block.kind === "actions" ? block.buttons : []))
      .map((button) => {
        const key = `m${inbox.next++}`;
        inbox.buttons.set(key, button);
        if (inbox.buttons.size > MAX_DELIVERED_BUTTONS)
          inbox.buttons.delete(inbox.buttons.keys().next().value as string);
        return `[${key}] ${button.label}`;
      });
    return `${cardToPlainText(card)}${labels.length ? `\n  ${labels.join("  ")}` : ""}`;
  };
  return {
    send: async (address, message) => {
      output.write(printable(`\n[to ${address}] ${"text" in message ? message.text : withButtons(message.card)}\n`));
      sent += 1;
      return `shell:message:${sent}`;
    },
    update: async (messageAddress, card) => {
      output.write(printable(`\n[update ${messageAddress}] ${cardToPlainText(card)}\n`));
    },
  };
}

/**
 * Writes an export's files into the folder (made private: they hold names), never over an earlier file: a name
 * taken gets -2, -3, …. Returns the paths written, as the person typed the folder.
 */
export function writeExports(dir: string, files: ReadonlyArray<Pick<ExportFile, "name" | "content">>): string[] {
  privateDirectory(dir, false);
  return files.map((file) => {
    // the name is the core's, but a file is only ever written inside the folder
    const { name, ext, base } = path.parse(path.basename(file.name));
    let target = path.join(dir, base);
    for (let n = 2; existsSync(target); n += 1) target = path.join(dir, `${name}-${n}${ext}`);
    writeNewPrivateFile(target, file.content);
    return target;
  });
}

export async function runShell(services: AdapterServices, options: ShellOptions): Promise<void> {
  const out = (s: string) => options.output.write(printable(s.endsWith("\n") ? s : `${s}\n`));
  const rl = createInterface({ input: options.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | undefined> => {
    options.output.write(printable(prompt));
    const next = await lines.next();
    return next.done ? undefined : next.value;
  };

  let user = options.user ?? "admin";
  let admin = options.user === undefined || options.user === "admin";
  let buttons: Button[] = [];
  const ctx = (): Ctx => ({
    platform: "shell",
    channel: options.channel ?? "shell:#echo",
    workspace: "shell",
    actor: { user: userAddress(user), name: displayName(user), isWorkspaceAdmin: admin },
  });

  const guarded = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      const reference = errorReference();
      if (!(error instanceof Error && error.name === "DomainError"))
        services.log.error("shell command failed", { reference, user, error });
      out(describeError(error, reference));
      return undefined;
    }
  };

  const show = async (reply: Reply): Promise<void> => {
    if (reply.kind === "text") {
      out(reply.text);
      return;
    }
    if (reply.kind === "card") {
      const rendered = renderCard(reply.card);
      buttons = rendered.buttons;
      out(rendered.text);
      return;
    }
    if (reply.kind === "files") {
      out(reply.text);
      for (const written of writeExports(options.exportsDir ?? "exports", reply.files)) out(`  written: ${written}`);
      return;
    }
    if (reply.kind === "image") {
      // the shell is the asker's own terminal: the card is printed and its picture written beside the exports
      out(renderCard(reply.card).text);
      for (const written of writeExports(options.exportsDir ?? "exports", [reply.image])) out(`  written: ${written}`);
      return;
    }
    await fillForm(reply.form);
  };

  const fillForm = async (form: Form): Promise<void> => {
    out(`-- ${form.title} -- (Enter keeps the value in brackets; type "cancel" to stop)`);
    const values: Record<string, string> = {};
    let pending = form.fields;
    for (;;) {
      for (const field of pending) {
        for (;;) {
          const typed = await ask(fieldPrompt(field));
          if (typed === undefined || typed.trim().toLowerCase() === "cancel") {
            out("Cancelled; nothing was saved.");
            return;
          }
          const answer = fieldValue(field, typed);
          if ("value" in answer) {
            values[field.id] = answer.value;
            break;
          }
          out(`  ${answer.error}`);
        }
      }
      const result = await guarded(() => services.core.submitForm(ctx(), form.formId, form.metadata, values));
      if (!result) return;
      if (result.kind === "done") {
        if (result.reply) await show(result.reply);
        else out("Saved.");
        return;
      }
      out("Please check these:");
      for (const [id, message] of Object.entries(result.errors)) {
        const label = form.fields.find((f) => f.id === id)?.label ?? id;
        out(`  ${message.startsWith(`${label}:`) ? message : `${label}: ${message}`}`);
      }
      pending = form.fields
        .filter((f) => f.id in result.errors)
        .map((f) => ({ ...f, initial: values[f.id] || f.initial }));
    }
  };

  out(
    `teleecho shell on ${services.store.health.provider}. You are ${displayName(user)}${admin ? " (workspace admin)" : ""}.`,
  );
  out(SHELL_HELP);
  for (;;) {
    const line = await ask(`teleecho (${user})> `);
    if (line === undefined) break;
    const words = line.trim();
    if (!words) continue;
    const [first, second, third] = words.split(/\s+/);
    if (first === "quit" || first === "exit") break;
    if (first === "whoami") {
      out(`${displayName(user)} (${userAddress(user)})${admin ? ", workspace admin" : ""}`);
      continue;
    }
    if (first === "as") {
      if (!second || !/^[a-z][a-z0-9._-]{0,30}$/i.test(second)) {
        out("Usage: as <name> [admin]");
        continue;
      }
      user = second.toLowerCase();
      admin = third === "admin";
      out(`You are now ${displayName(user)}${admin ? " (workspace admin)" : ""}.`);
      continue;
    }
    if (/^m\d+$/i.test(words)) {
      const button = delivered.get(options.output)?.buttons.get(words.toLowerCase());
      if (!button) {
        out("There is no button with that number on the messages sent here.");
        continue;
      }
      const reply = await guarded(() => services.core.action(ctx(), button.actionId, button.value));
      if (reply) await show(reply);
      continue;
    }
    if (/^\d+$/.test(words)) {
      const button = buttons[Number(words) - 1];
      if (!button) {
        out("There is no button with that number.");
        continue;
      }
      const reply = await guarded(() => services.core.action(ctx(), button.actionId, button.value));
      if (reply) await show(reply);
      continue;
    }
    const mentioned = words.replace(
      /(^|\s)@([a-z][a-z0-9._-]{0,30})/gi,
      (_m, space: string, name: string) => `${space}<@${userAddress(name)}|${displayName(name)}>`,
    );
    const reply = await guarded(() => services.core.command(ctx(), mentioned));
    if (reply) await show(reply);
  }
  rl.close();
  out("Bye.");
}
