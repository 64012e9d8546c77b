/**
 * The core's one entry point for every adapter: a command's words, a button click, a form opened or submitted.
 * Domain errors propagate as `DomainError`; adapters turn them into text with `describeError`.
 */

import { decodeFormRef } from "./app-refs";
import { casesFeature } from "./cases";
import { parseCommand, type Subcommand } from "./commands/grammar";
import type { Ctx } from "./context";
import { curriculumFeature } from "./curriculum";
import { DomainError } from "./errors";
import type { ActionHandler, CommandHandler, CoreDeps, Feature, FormHandler } from "./feature";
import { helpFeature } from "./help";
import { type ActionId, ActionIds, type FormId, isActionId, isFormId } from "./ids";
import { membersFeature } from "./members";
import { networksFeature } from "./networks";
import { presentersFeature } from "./presenters";
import { remindersFeature } from "./reminders";
import type { Form, FormResult, Reply } from "./ui/model";
import { text } from "./ui/model";

export interface Core {
  command(ctx: Ctx, words: string): Promise<Reply>;
  action(ctx: Ctx, actionId: string, value: string): Promise<Reply>;
  openForm(ctx: Ctx, formId: string, metadata: string): Promise<Form>;
  submitForm(ctx: Ctx, formId: string, metadata: string, values: Record<string, string>): Promise<FormResult>;
}

export const FEATURES: readonly Feature[] = [
  helpFeature,
  networksFeature,
  membersFeature,
  remindersFeature,
  curriculumFeature,
  presentersFeature,
  casesFeature,
];

export function createCore(deps: CoreDeps, features: readonly Feature[] = FEATURES): Core {
  const commands = new Map<Subcommand, CommandHandler>();
  const actions = new Map<ActionId, ActionHandler>();
  const forms = new Map<FormId, FormHandler>();
  for (const feature of features) {
    for (const [name, handler] of Object.entries(feature.commands ?? {})) commands.set(name as Subcommand, handler);
    for (const [id, handler] of Object.entries(feature.actions ?? {})) actions.set(id as ActionId, handler);
    for (const [id, handler] of Object.entries(feature.forms ?? {})) forms.set(id as FormId, handler);
  }

  const formHandler = (formId: string): FormHandler => {
    const handler = isFormId(formId) ? forms.get(formId) : undefined;
    if (!handler) throw new DomainError("stale", "That form is no longer available. Run the command again.");
    return handler;
  };

  const core: Core = {
    async command(ctx, words) {
      const parsed = parseCommand(words);
      if (!parsed.ok) return text(parsed.message);
      const handler = commands.get(parsed.command.name);
      if (!handler)
        return text(`\`${parsed.command.name}\` is not available in this version of teleecho yet. Try \`help\`.`);
      return handler(deps, ctx, parsed.command);
    },
    async action(ctx, actionId, value) {
      if (actionId === ActionIds.openForm) {
        const ref = decodeFormRef(value);
        return { kind: "form", form: await core.openForm(ctx, ref.formId, ref.metadata) };
      }
      const handler = isActionId(actionId) ? actions.get(actionId) : undefined;
      if (!handler) throw new DomainError("stale", "That button is no longer in use. Run the command again.");
      return handler(deps, ctx, value);
    },
    openForm: (ctx, formId, metadata) => formHandler(formId).open(deps, ctx, metadata),
    submitForm: (ctx, formId, metadata, values) => formHandler(formId).submit(deps, ctx, metadata, values),
  };
  return core;
}
