/** What the bot reads of a Slack user (users.info, users.list), and the two things it derives: a name and guesthood. */
import { z } from "zod";

export const slackUserSchema = z.looseObject({
  team_id: z.string().optional(),
  /** on Enterprise Grid: the organisation the person belongs to */
  enterprise_user: z.looseObject({ enterprise_id: z.string().optional() }).optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_admin: z.boolean().optional(),
  is_owner: z.boolean().optional(),
  is_restricted: z.boolean().optional(),
  is_ultra_restricted: z.boolean().optional(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
});
export type SlackUser = z.infer<typeof slackUserSchema>;

/** The name people see in Slack: the display name, else the full name, else `fallback`. */
export const nameOf = (user: SlackUser, fallback: string): string =>
  user.profile?.display_name || user.real_name || user.profile?.real_name || fallback;

/** A single- or multi-channel guest of the workspace. */
export const isRestricted = (user: SlackUser): boolean =>
  user.is_restricted === true || user.is_ultra_restricted === true;

/**
 * Whether someone belongs to the workspace a network is in: for an organisation's key ("E…", an org-wide install)
 * anyone of that organisation, whichever of its workspaces is theirs; for a team ("T…") its own people. Someone from
 * another organisation in a shared channel is neither.
 */
export const isHome = (user: SlackUser, workspace: string): boolean =>
  workspace.startsWith("E")
    ? user.enterprise_user?.enterprise_id === workspace
    : (user.team_id ?? workspace) === workspace;
