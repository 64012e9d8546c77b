/**
 * The core's one entry point for every adapter and for the scheduler: a command's words, a button click, a form
 * opened or submitted, and the due durable jobs. Everything is built from the feature tables: commands, actions and
 * forms by id, the job handlers by kind, the session lifecycle from each feature's session hooks.
 * Domain errors propagate as `DomainError`; adapters turn them into text with `describeError`.
 */

import { decodeFormRef } from "./app-refs";
import { attendanceFeature } from "./attendance";
import { createBatching } from "./batching";
import { casesFeature } from "./cases";
import { parseCommand, type Subcommand } from "./commands/grammar";
import type { Ctx } from "./context";
import { curriculumFeature } from "./curriculum";
import type { CoreDeps, JobDeps, JobHandler } from "./deps";
import { DomainError } from "./errors";
import { exportsFeature } from "./exports";
import type { ActionSpec, CommandHandler, Feature, FormSpec } from "./feature";
import { helpFeature } from "./help";
import { type ActionId, ActionIds, type FormId, isActionId, isFormId } from "./ids";
import { type RunOptions, type RunReport, runDueJobs } from "./jobs/runner";
import { membersFeature } from "./members";
import { networksFeature } from "./networks";
import { type Directory, type Messenger, noDirectory, type Person } from "./ports";
import { presentersFeature } from "./presenters";
import { recordingsFeature } from "./recordings";
import { remindersFeature } from "./reminders";
import { reportsFeature } from "./reports";
import { createLifecycle } from "./sessions/lifecycle";
import { surveysFeature } from "./surveys";
import { fieldErrors } from "./ui/inputs";
import type { Form, FormResult, Reply } from "./ui/model";
import { text } from "./ui/model";

export interface Core {
  command(ctx: Ctx, words: string): Promise<Reply>;
  action(ctx: Ctx, actionId: string, value: string): Promise<Reply>;
  openForm(ctx: Ctx, formId: string, metadata: string): Promise<Form>;
  /** `values`: field id → what was entered (strings; a Teams dialog may send numbers) */
  submitForm(ctx: Ctx, formId: string, metadata: string, values: Record<string, unknown>): Promise<FormResult>;
  /**
   * One scheduler tick's worth of due jobs, through the features' job handlers; `directory` lists channel members for
   * the membership sync (none: membership comes from `role` alone).
   */
  runJobs(messenger: Messenger, options: RunOptions & { directory?: Directory }): Promise<RunReport>;
  /**
   * The platform says people joined or left a channel (Slack member_joined_channel / member_left_channel, a Teams
   * roster change). Ignored for a channel with no network, or a network of another workspace or tenant.
   */
  membership(change: MembershipChange): Promise<void>;
  /**
   * Rolls every network's session rows forward to the horizon and plans the new sessions' jobs; the scheduler calls
   * it hourly. `fillIn` also adds the jobs upcoming sessions lack: the scheduler asks for that at a process's first
   * tick, so that a new version's features hang their jobs on sessions that already exist.
   */
  upkeep(options?: { fillIn?: boolean }): Promise<void>;
}

export interface MembershipChange {
  channel: string;
  workspace: string;
  joined?: Person[];
  left?: string[];
}

export const FEATURES: readonly Feature[] = [
  helpFeature,
  networksFeature,
  membersFeature,
  remindersFeature,
  curriculumFeature,
  presentersFeature,
  casesFeature,
  attendanceFeature,
  surveysFeature,
  exportsFeature,
  recordingsFeature,
  reportsFeature,
];

/** how long the ledger of requests already handled remembers one */
export const REQUEST_MEMORY_MS = 86_400_000;

const STALE = {
  /** an action id no feature knows (a button from an older version) */
  retired: "That button is no longer in use. Run the command again.",
  /** a known button whose value does not parse (old, tampered or truncated) */
  button: "That button is out of date. Run the command again.",
  form: "That form is no longer available. Run the command again.",
} as const;
const stale = (what: keyof typeof STALE) => new DomainError("stale", STALE[what]);

/** Adds a table's entries to a map, refusing an id two features both claim. */
function collect<K extends string, V>(into: Map<K, V>, entries: Partial<Record<K, V>> | undefined, what: string) {
  for (const [id, value] of Object.entries(entries ?? {}) as Array<[K, V]>) {
    if (into.has(id)) throw new Error(`two features define the ${what} ${id}`);
    into.set(id, value);
  }
}

export type CoreSetup = Omit<CoreDeps, "sessions" | "batching">;

export function createCore(setup: CoreSetup, features: readonly Feature[] = FEATURES): Core {
  const commands = new Map<Subcommand, CommandHandler>();
  const actions = new Map<ActionId, ActionSpec<unknown>>();
  const forms = new Map<FormId, FormSpec<unknown>>();
  const jobHandlers = new Map<string, JobHandler>();
  for (const feature of features) {
    collect(commands, feature.commands, "command");
    collect(actions, feature.actions, "action");
    collect(forms, feature.forms, "form");
    collect(jobHandlers, feature.handlers, "job kind");
  }
  const lifecycle = createLifecycle(features);
  collect(jobHandlers, lifecycle.handlers, "job kind");
  const handlers = Object.fromEntries(jobHandlers);
  const urgentKinds = features.flatMap((f) => f.urgentKinds ?? []);
  const deps: CoreDeps = { ...setup, sessions: lifecycle, batching: createBatching() };

  const formSpec = (formId: string): FormSpec<unknown> => {
    const spec = isFormId(formId) ? forms.get(formId) : undefined;
    if (!spec) throw stale("form");
    return spec;
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
      const spec = isActionId(actionId) ? actions.get(actionId) : undefined;
      if (!spec) throw stale("retired");
      const parsed = spec.value.safeParse(value);
      if (!parsed.success) throw stale("button");
      return spec.run(deps, ctx, parsed.data);
    },
    openForm: (ctx, formId, metadata) => formSpec(formId).open(deps, ctx, metadata),
    async submitForm(ctx, formId, metadata, values) {
      const spec = formSpec(formId);
      const parsed = spec.schema.safeParse(values);
      if (!parsed.success) return { kind: "errors", errors: fieldErrors(parsed.error) };
      return spec.submit(deps, ctx, metadata, parsed.data);
    },
    runJobs(messenger, { directory = noDirectory, ...options }) {
      const jobDeps: JobDeps = { ...deps, jobs: deps.store.jobs, messenger, directory };
      return runDueJobs(jobDeps, handlers, { ...options, urgentKinds: options.urgentKinds ?? urgentKinds });
    },
    async membership({ channel, workspace, joined = [], left = [] }) {
      const network = await deps.store.networks.byChannel(channel);
      if (!network || (network.workspace && network.workspace !== workspace)) return;
      if (joined.length) await deps.store.members.join(network.id, joined);
      if (left.length) await deps.store.members.leave(network.id, left);
    },
    async upkeep({ fillIn = false } = {}) {
      const now = deps.clock.now();
      // requests already handled are remembered a day: far longer than Slack's retries (about an hour) and a signed
      // request's five minutes, so a replay is still recognised, and the ledger does not grow without end
      await deps.store.requests.prune(new Date(now.getTime() - REQUEST_MEMORY_MS));
      // files offered in Teams and never accepted go when they expire
      await deps.store.pendingFiles.prune(now);
      for (const network of await deps.store.networks.all()) {
        await lifecycle.ensure(deps.store, network, now);
        await lifecycle.networkJobs(deps.store, network, now);
        if (fillIn) await lifecycle.fillIn(deps.store, network, now);
      }
    },
  };
  return core;
}
