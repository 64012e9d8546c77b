export type Platform = "slack" | "teams" | "shell";

/** Who is acting. `user` is a neutral address such as "slack:T1:U2", "teams:<aad id>", "shell:alice". */
export interface Actor {
  user: string;
  name: string;
  /**
   * An admin of the workspace or tenant the request came from (`Ctx.workspace`): a Slack workspace admin or owner of
   * that workspace (never someone from another organisation in a shared channel), a Teams admin listed for that
   * tenant in TEAMS_ADMINS, or the shell's admin user. The core grants it on that workspace's networks only.
   */
  isWorkspaceAdmin: boolean;
  /** a guest of the workspace (Slack single- or multi-channel guest, Teams guest), when the platform says so */
  guest?: boolean;
}

/** Where and by whom a command, click or form submission happened. */
export interface Ctx {
  platform: Platform;
  actor: Actor;
  /** neutral channel address: the network's home */
  channel: string;
  /** the Slack workspace (`slack:T…`) or org (`slack:E…`), or the Teams tenant (`teams:<tenant id>`), or "shell" */
  workspace: string;
  /**
   * The request's key in the request ledger, when the adapter leaves recording it to the answer (an ANSWER_ACTIONS
   * click): the answer records it in its own transaction, so that a request sent again changes nothing
   * (`AlreadyHandled`), and an answer that fails to be stored leaves it unrecorded.
   */
  delivery?: string;
}
