/**
 * The command grammar: the words after `/echo` (Slack), in a message to the bot (Teams) or at the shell prompt,
 * turned into typed commands. Adapters rewrite user mentions to `<@address>` or `<@address|Name>` first.
 */
import { ROLES, type Role } from "../ports";

export const SUBCOMMANDS = [
  "help",
  "setup",
  "schedule",
  "topics",
  "propose",
  "vote",
  "present",
  "rotation",
  "case",
  "attend",
  "end",
  "survey",
  "results",
  "recording",
  "library",
  "report",
  "export",
  "role",
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export interface UserRef {
  user: string;
  name?: string;
}

export type Command =
  | { name: "help"; topic?: Subcommand }
  | { name: "setup" }
  | { name: "schedule"; count: number }
  | { name: "role"; targets: UserRef[]; role?: Role }
  | { name: "propose"; title?: string }
  | { name: "topics"; plan: boolean }
  | { name: "recording"; session?: string; url?: string }
  | { name: "library"; words: string }
  | {
      name: Exclude<
        Subcommand,
        "help" | "setup" | "schedule" | "role" | "propose" | "topics" | "recording" | "library"
      >;
      args: string[];
    };

export const USAGE: Record<Subcommand, { usage: string; summary: string }> = {
  help: { usage: "help [command]", summary: "what teleecho can do" },
  setup: { usage: "setup", summary: "set up or change this channel's network and its schedule" },
  schedule: { usage: "schedule [how many]", summary: "the next sessions; skip a date or move a session" },
  topics: { usage: "topics [plan]", summary: "proposed curriculum topics; `plan` puts the ranking onto the sessions" },
  propose: { usage: "propose [title]", summary: "propose a curriculum topic (without a title: a form)" },
  vote: { usage: "vote", summary: "open a curriculum vote, or see the open one" },
  present: { usage: "present", summary: "sign up to present a case" },
  rotation: { usage: "rotation", summary: "who is next to present" },
  case: { usage: "case", summary: "fill in your case form" },
  attend: {
    usage: "attend [YYYY-MM-DD] [@person present|absent <reason>]",
    summary: "check in to the session; facilitators: the attendance list, and corrections",
  },
  end: { usage: "end", summary: "end the running session now (facilitators)" },
  survey: { usage: "survey", summary: "the post-session survey" },
  results: { usage: "results", summary: "survey results" },
  recording: {
    usage: "recording [last|YYYY-MM-DD <link>]",
    summary: "add a held session's recording (a form, or in one line)",
  },
  library: { usage: "library [words]", summary: "search past sessions and recordings" },
  report: { usage: "report [period] [here]", summary: "the outcomes report, with a chart" },
  export: { usage: "export", summary: "export the network's data as CSV" },
  role: { usage: "role [@person … role]", summary: "list members, or give people a role" },
};

export type ParseResult = { ok: true; command: Command } | { ok: false; message: string };

const MAX_COMMAND_LENGTH = 2000;
/** A whole word that is a mention, `<@address>` or `<@address|Name>`: the address, then the name. */
export const MENTION = /^<@([^>|]+)(?:\|([^>]*))?>$/;

export const isSubcommand = (word: string): word is Subcommand => (SUBCOMMANDS as readonly string[]).includes(word);

export function usageLine(sub: Subcommand): string {
  return `Usage: \`${USAGE[sub].usage}\` (${USAGE[sub].summary}).`;
}

const malformed = (sub: Subcommand, why: string): ParseResult => ({ ok: false, message: `${why} ${usageLine(sub)}` });

/** Splits on white space, keeping `<@…|Name With Spaces>` mentions whole. */
function words(input: string): string[] {
  return input.match(/<@[^>]*>|\S+/g) ?? [];
}

export function parseCommand(raw: string): ParseResult {
  const input = raw
    .trim()
    .replace(/^\/echo\b/i, "")
    .trim();
  if (input.length > MAX_COMMAND_LENGTH)
    return { ok: false, message: `That command is too long (over ${MAX_COMMAND_LENGTH} characters).` };
  const [first, ...rest] = words(input);
  if (!first) return { ok: true, command: { name: "help" } };
  const sub = first.toLowerCase();
  if (!isSubcommand(sub))
    return { ok: false, message: `I don't know \`${first.slice(0, 40)}\`. Try \`help\` to see what I can do.` };
  const restText = input.slice(input.indexOf(first) + first.length).trim();

  switch (sub) {
    case "help": {
      const topic = rest[0]?.toLowerCase();
      if (topic === undefined) return { ok: true, command: { name: "help" } };
      if (!isSubcommand(topic)) return malformed("help", `There is no command called \`${topic.slice(0, 40)}\`.`);
      return { ok: true, command: { name: "help", topic } };
    }
    case "setup":
      if (rest.length) return malformed("setup", "`setup` takes no words after it; it opens a form.");
      return { ok: true, command: { name: "setup" } };
    case "schedule": {
      if (rest.length === 0) return { ok: true, command: { name: "schedule", count: 6 } };
      const count = Number(rest[0]);
      if (rest.length > 1 || !Number.isInteger(count) || count < 1 || count > 20)
        return malformed("schedule", "Give a number of sessions from 1 to 20.");
      return { ok: true, command: { name: "schedule", count } };
    }
    case "role": {
      if (rest.length === 0) return { ok: true, command: { name: "role", targets: [] } };
      const last = rest[rest.length - 1] ?? "";
      const mentions = rest.slice(0, -1).map((word) => MENTION.exec(word));
      const role = last.toLowerCase().replace(/[- ]/g, "_");
      if (rest.length < 2 || mentions.some((m) => !m) || MENTION.test(last))
        return malformed("role", "Mention one or more people, then a role.");
      if (mentions.length > 50) return malformed("role", "Give roles to at most 50 people at a time.");
      if (!(ROLES as readonly string[]).includes(role))
        return malformed("role", `\`${last.slice(0, 30)}\` is not a role; roles are ${ROLES.join(", ")}.`);
      const targets = mentions.map((m) => {
        const target: UserRef = { user: m?.[1] as string };
        if (m?.[2]) target.name = m[2];
        return target;
      });
      return { ok: true, command: { name: "role", targets, role: role as Role } };
    }
    case "propose":
      return { ok: true, command: restText ? { name: "propose", title: restText } : { name: "propose" } };
    case "topics":
      if (rest.length === 0) return { ok: true, command: { name: "topics", plan: false } };
      if (rest.length === 1 && rest[0]?.toLowerCase() === "plan")
        return { ok: true, command: { name: "topics", plan: true } };
      return malformed("topics", "`topics` takes nothing, or `plan`.");
    case "recording": {
      if (rest.length === 0) return { ok: true, command: { name: "recording" } };
      if (rest.length !== 2)
        return malformed("recording", "Give `last` or the session's date, then the recording's link.");
      return { ok: true, command: { name: "recording", session: rest[0] as string, url: rest[1] as string } };
    }
    case "library":
      return { ok: true, command: { name: "library", words: restText } };
    default:
      return { ok: true, command: { name: sub, args: rest } };
  }
}
