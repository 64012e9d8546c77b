/**
 * The table every feature folder exports from its `index.ts`: its commands, button actions and forms, the durable
 * jobs it owns, and its part in the session lifecycle. The core is built from these tables alone (app.ts), so a new
 * feature is one new folder and one line in the feature list.
 */
import type { z } from "zod";
import type { Command, Subcommand } from "./commands/grammar";
import type { Ctx } from "./context";
import type { CoreDeps, JobHandler, SessionHooks } from "./deps";
import type { ActionId, FormId } from "./ids";
import type { Form, FormResult, Reply } from "./ui/model";

export type { CoreDeps, JobDeps, JobHandler } from "./deps";

export type CommandHandler = (deps: CoreDeps, ctx: Ctx, command: Command) => Promise<Reply>;

/**
 * A button: the schema its value must match (anything else is answered "out of date"), and what a click does with
 * the parsed value. (A method, so that a table of actions with different value types type-checks.)
 */
export interface ActionSpec<T> {
  value: z.ZodType<T>;
  run(deps: CoreDeps, ctx: Ctx, value: T): Promise<Reply>;
}

/**
 * A form: how it opens (read-only: it may be opened again to show field errors), the schema its submitted values
 * must match (field errors otherwise, one per field), and what a submission does with the typed input. The use case
 * enforces its own rules on top and may return more field errors.
 */
export interface FormSpec<T> {
  schema: z.ZodType<T>;
  open(deps: CoreDeps, ctx: Ctx, metadata: string): Promise<Form>;
  submit(deps: CoreDeps, ctx: Ctx, metadata: string, input: T): Promise<FormResult>;
}

export const action = <T>(value: z.ZodType<T>, run: ActionSpec<T>["run"]): ActionSpec<T> => ({ value, run });

export const form = <T>(spec: FormSpec<T>): FormSpec<T> => spec;

export interface Feature extends SessionHooks {
  commands?: Partial<Record<Subcommand, CommandHandler>>;
  actions?: Partial<Record<ActionId, ActionSpec<unknown>>>;
  forms?: Partial<Record<FormId, FormSpec<unknown>>>;
  /** the handlers of the durable job kinds this feature owns */
  handlers?: Readonly<Record<string, JobHandler>>;
  /** job kinds claimed before any other due job (a fan-out's progress, failure notices) */
  urgentKinds?: readonly string[];
}
