export type Platform = "slack" | "teams" | "shell";

/** Who is acting. `user` is a neutral address such as "slack:T1:U2", "teams:<aad id>", "shell:alice". */
export interface Actor {
  user: string;
  name: string;
  /** Slack workspace admin, a Teams admin listed in TEAMS_ADMINS, or the shell's admin user */
  isWorkspaceAdmin: boolean;
}

/** Where and by whom a command, click or form submission happened. */
export interface Ctx {
  platform: Platform;
  actor: Actor;
  /** neutral channel address: the network's home */
  channel: string;
}
