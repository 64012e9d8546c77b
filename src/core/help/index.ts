import { SUBCOMMANDS, USAGE } from "../commands/grammar";
import type { Feature } from "../feature";
import { type Card, cardReply } from "../ui/model";

export function helpCard(topic?: (typeof SUBCOMMANDS)[number]): Card {
  if (topic) {
    const { usage, summary } = USAGE[topic];
    return {
      title: `teleecho: ${topic}`,
      blocks: [{ kind: "text", text: `\`${usage}\`: ${summary}.` }],
      fallback: `${usage}: ${summary}`,
    };
  }
  const lines = SUBCOMMANDS.map((sub) => `\`${USAGE[sub].usage}\`: ${USAGE[sub].summary}`);
  return {
    title: "teleecho: what I can do",
    blocks: [
      { kind: "text", text: lines.join("\n") },
      {
        kind: "context",
        text: "In Slack type /echo before a command; in Teams message me or @mention me; in the shell type it at the prompt.",
      },
    ],
    fallback: `teleecho commands: ${SUBCOMMANDS.join(", ")}`,
  };
}

export const helpFeature: Feature = {
  name: "help",
  commands: {
    help: async (_deps, _ctx, command) => cardReply(helpCard(command.name === "help" ? command.topic : undefined)),
  },
};
