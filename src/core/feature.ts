/** The shape every feature folder exports: its commands, button actions and forms. */
import type { Command, Subcommand } from "./commands/grammar";
import type { Ctx } from "./context";
import type { ActionId, FormId } from "./ids";
import type { Clock, Logger, Sealer, Store } from "./ports";
import type { Form, FormResult, Reply } from "./ui/model";

export interface CoreDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  sealer: Sealer;
  /** asks the scheduler to run due jobs now (a ballot to post, a vote to close) instead of at its next tick */
  wake(): void;
}

export type CommandHandler = (deps: CoreDeps, ctx: Ctx, command: Command) => Promise<Reply>;
export type ActionHandler = (deps: CoreDeps, ctx: Ctx, value: string) => Promise<Reply>;

export interface FormHandler {
  open(deps: CoreDeps, ctx: Ctx, metadata: string): Promise<Form>;
  submit(deps: CoreDeps, ctx: Ctx, metadata: string, values: Record<string, string>): Promise<FormResult>;
}

export interface Feature {
  commands?: Partial<Record<Subcommand, CommandHandler>>;
  actions?: Partial<Record<ActionId, ActionHandler>>;
  forms?: Partial<Record<FormId, FormHandler>>;
}
