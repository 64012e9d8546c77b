/** Cards and forms of the curriculum: topics, the ballot, its result, the plan. */
import { encodeFormRef } from "../app-refs";
import { ActionIds, FormIds } from "../ids";
import type { Member, Network, Session } from "../ports";
import { describeSlot } from "../sessions/calendar";
import type { Button, Card, CardBlock, Form } from "../ui/model";
import { MAX_RANKS } from "./ballots";
import { encodeSwap, swapRef } from "./plan";
import type { Ballot, BallotResult, Topic } from "./ports";
import { TIE_BREAK } from "./tally";
import { DESCRIPTION_MAX, statusWords, TEACHER_MAX, TITLE_MAX } from "./topics";

const when = (network: Network, d: Date) => describeSlot(d, 0, network.timeZone).replace(/–\d\d:\d\d/, "");

export function topicsCard(network: Network, topics: Topic[], plannedOn: Map<string, Session>, manage: boolean): Card {
  const live = topics.filter((t) => t.status !== "withdrawn");
  const lines = live.map((t) => {
    const session = plannedOn.get(t.id);
    const where = session ? `planned for ${when(network, session.startsAt)}` : statusWords(t);
    return `• ${t.title} (${where})${t.suggestedTeacher ? `, suggested teacher: ${t.suggestedTeacher}` : ""}`;
  });
  const blocks: CardBlock[] = [
    { kind: "text", text: lines.join("\n") || "No topics yet." },
    { kind: "context", text: "Propose one with `propose <title>`, or `propose` for the form with a description." },
  ];
  const buttons: Button[] = [
    { actionId: ActionIds.openForm, label: "Propose a topic", value: encodeFormRef(FormIds.propose, network.id) },
  ];
  if (manage)
    buttons.push(
      { actionId: ActionIds.openForm, label: "Open a vote", value: encodeFormRef(FormIds.openVote, network.id) },
      { actionId: ActionIds.planCurriculum, label: "Plan the curriculum", value: network.id },
    );
  blocks.push({ kind: "actions", buttons });
  return {
    title: `${network.name}: topics`,
    blocks,
    fallback: `${live.length} topics: ${live.map((t) => t.title).join("; ")}`,
  };
}

export function proposeForm(network: Network, title = ""): Form {
  return {
    formId: FormIds.propose,
    title: "Propose a topic",
    submitLabel: "Propose",
    metadata: network.id,
    fields: [
      { id: "title", label: "Title", kind: "text", required: true, maxLength: TITLE_MAX, initial: title || undefined },
      {
        id: "description",
        label: "What should it cover?",
        kind: "textarea",
        required: false,
        maxLength: DESCRIPTION_MAX,
      },
      { id: "suggestedTeacher", label: "Suggested teacher", kind: "text", required: false, maxLength: TEACHER_MAX },
    ],
  };
}

export function openVoteForm(network: Network, topics: Topic[], defaultClose: { date: string; time: string }): Form {
  const open = topics.filter((t) => t.status === "proposed");
  return {
    formId: FormIds.openVote,
    title: "Open a curriculum vote",
    submitLabel: "Open the vote",
    metadata: network.id,
    fields: [
      {
        id: "topics",
        label: "Topics on the ballot",
        kind: "multiselect",
        required: true,
        options: open.map((t) => ({ value: t.id, label: t.title })),
        initial: open
          .slice(0, 20)
          .map((t) => t.id)
          .join(","),
        maxSelections: 20,
        hint: "Between 2 and 20 proposed topics",
      },
      { id: "closesDate", label: "Closes on", kind: "date", required: true, initial: defaultClose.date },
      {
        id: "closesTime",
        label: `Closes at (${network.timeZone})`,
        kind: "time",
        required: true,
        initial: defaultClose.time,
      },
      {
        id: "method",
        label: "How people vote",
        kind: "select",
        required: true,
        options: [
          { value: "approval", label: "Pick the topics you want (approval)" },
          { value: "ranked", label: "Rank topics in order (ranked choice)" },
        ],
        initial: "approval",
      },
      { id: "maxPicks", label: "Most picks per person (approval)", kind: "number", required: true, initial: "3" },
      {
        id: "showRunning",
        label: "Show counts while the vote is open",
        kind: "select",
        required: true,
        options: yesNo,
        initial: "no",
      },
      { id: "anonymous", label: "Anonymous", kind: "select", required: true, options: yesNo, initial: "no" },
    ],
  };
}
const yesNo = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export function voteForm(ballot: Ballot, current: string[]): Form {
  const options = ballot.topics.map((t) => ({ value: t.id, label: t.title }));
  if (ballot.method === "approval")
    return {
      formId: FormIds.vote,
      title: "Your vote",
      submitLabel: "Vote",
      metadata: ballot.id,
      fields: [
        {
          id: "picks",
          label: `Pick up to ${ballot.maxPicks}`,
          kind: "multiselect",
          required: true,
          options,
          maxSelections: ballot.maxPicks,
          initial: current.join(",") || undefined,
        },
      ],
    };
  const ranks = Math.min(MAX_RANKS, options.length);
  const ordinal = ["1st", "2nd", "3rd", "4th", "5th"];
  return {
    formId: FormIds.vote,
    title: "Your vote",
    submitLabel: "Vote",
    metadata: ballot.id,
    fields: Array.from({ length: ranks }, (_, i) => ({
      id: `rank${i + 1}`,
      label: `${ordinal[i]} choice`,
      kind: "select" as const,
      required: i === 0,
      options,
      initial: current[i],
    })),
  };
}

function countsText(result: BallotResult): string {
  const unit = result.method === "approval" ? "vote" : "first choice";
  return result.ranking.map((r, i) => `${i + 1}. ${r.title}: ${r.votes} ${unit}${r.votes === 1 ? "" : "s"}`).join("\n");
}

/** A vote for one topic among a few is cast with one click on the ballot card itself. */
export const ONE_CLICK_TOPICS = 10;
export const oneClick = (ballot: Ballot): boolean =>
  ballot.method === "approval" && ballot.maxPicks === 1 && ballot.topics.length <= ONE_CLICK_TOPICS;

export function ballotCard(network: Network, ballot: Ballot, running: BallotResult | undefined, voters: number): Card {
  const method = oneClick(ballot)
    ? "Click the topic you would most like taught; click another to change your vote."
    : ballot.method === "approval"
      ? `Pick up to ${ballot.maxPicks} topics you would like taught.`
      : "Rank the topics in the order you would like them taught (instant runoff).";
  const closed = ballot.closedAt !== null;
  const blocks: CardBlock[] = [
    { kind: "text", text: `${method} ${TIE_BREAK}` },
    {
      kind: "context",
      text: `${closed ? "Closed" : "Closes"} ${when(network, ballot.closedAt ?? ballot.closesAt)}. ${ballot.anonymous ? "Anonymous: nobody, facilitators included, can see who voted for what." : "Votes are not anonymous."} ${voters} voted so far.`,
    },
    {
      kind: "text",
      text: running ? countsText(running) : ballot.topics.map((t) => `• ${t.title}`).join("\n"),
    },
  ];
  // a one-pick vote is cast with one click on its topic; any other opens the form
  if (!closed && oneClick(ballot))
    blocks.push({
      kind: "actions",
      buttons: ballot.topics.map((t) => ({
        actionId: ActionIds.ballotPick,
        label: t.title,
        value: JSON.stringify({ b: ballot.id, t: t.id }),
      })),
    });
  if (!closed)
    blocks.push({
      kind: "actions",
      buttons: [
        ...(oneClick(ballot)
          ? []
          : [
              {
                actionId: ActionIds.openForm,
                label: "Vote",
                value: encodeFormRef(FormIds.vote, ballot.id),
                style: "primary" as const,
              },
            ]),
        { actionId: ActionIds.ballotClose, label: "Close now", value: ballot.id },
      ],
    });
  const title = `${network.name}: curriculum vote${closed ? " (closed)" : ""}`;
  return { title, blocks, fallback: `${title}. ${method}` };
}

export function resultCard(network: Network, ballot: Ballot, result: BallotResult): Card {
  const blocks: CardBlock[] = [
    { kind: "text", text: countsText(result) || "No topics." },
    { kind: "context", text: `${result.papers} ${result.papers === 1 ? "person" : "people"} voted. ${TIE_BREAK}` },
  ];
  if (result.method === "ranked" && result.rounds.length > 1) {
    const title = (id: string | null) => ballot.topics.find((t) => t.id === id)?.title ?? "?";
    const rounds = result.rounds.map(
      (r, i) =>
        `Round ${i + 1}: ${Object.entries(r.counts)
          .map(([id, n]) => `${title(id)} ${n}`)
          .join(", ")}${r.eliminated ? `; out: ${title(r.eliminated)}` : ""}`,
    );
    blocks.push({ kind: "text", text: rounds.join("\n") });
  }
  blocks.push({ kind: "context", text: "A facilitator can turn this into the curriculum with `topics plan`." });
  const winner = result.ranking[0]?.title ?? "no topic";
  return {
    title: `${network.name}: the vote is closed`,
    blocks,
    fallback: `The curriculum vote closed. First: ${winner}.`,
  };
}

export function planCard(
  network: Network,
  sessions: Session[],
  topics: Map<string, Topic>,
  names: Map<string, string>,
): Card {
  const blocks: CardBlock[] = [];
  for (const [i, s] of sessions.entries()) {
    const next = sessions[i + 1];
    const topic = s.topicId ? topics.get(s.topicId)?.title : undefined;
    const teacher = s.teacherUser ? (names.get(s.teacherUser) ?? s.teacherUser) : "to be confirmed";
    blocks.push({
      kind: "text",
      text: `${when(network, s.startsAt)}: ${topic ?? "no topic yet"}${topic ? `, taught by ${teacher}` : ""}`,
    });
    blocks.push({
      kind: "actions",
      buttons: [
        { actionId: ActionIds.openForm, label: "Change", value: encodeFormRef(FormIds.planEdit, s.id) },
        {
          actionId: ActionIds.planSwap,
          label: "Swap with next",
          value: encodeSwap(next ? swapRef(s, next) : { session: s.id, next: "", token: "" }),
        },
      ],
    });
  }
  if (!sessions.length) blocks.push({ kind: "text", text: "No sessions are scheduled." });
  return {
    title: `${network.name}: curriculum plan`,
    blocks,
    fallback: `Curriculum plan for ${sessions.length} sessions.`,
  };
}

export function planEditForm(network: Network, session: Session, topics: Topic[], teachers: Member[]): Form {
  return {
    formId: FormIds.planEdit,
    title: "Change the plan",
    submitLabel: "Save",
    metadata: session.id,
    fields: [
      {
        id: "topic",
        label: `Topic on ${when(network, session.startsAt)}`,
        kind: "select",
        required: true,
        options: [
          { value: "none", label: "No topic" },
          ...topics
            .filter((t) => t.status !== "withdrawn" && t.status !== "taught")
            .map((t) => ({ value: t.id, label: t.title })),
        ],
        initial: session.topicId ?? "none",
        hint: "A topic planned on another session moves here.",
      },
      {
        id: "teacher",
        label: "Teaching expert",
        kind: "select",
        required: true,
        options: [
          { value: "none", label: "To be confirmed" },
          ...teachers.map((m) => ({ value: m.user, label: m.displayName })),
        ],
        initial: session.teacherUser ?? "none",
      },
    ],
  };
}
