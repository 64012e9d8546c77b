/**
 * Counting a curriculum vote. Approval: the topics by votes. Ranked choice: instant runoff for first place, then again
 * without the winner for each next place, so the whole ballot is ranked. Ties always go to the topic proposed first
 * (the ballot lists topics in that order); in a runoff, the tied topic proposed last is eliminated.
 */
import type { BallotMethod, BallotResult, RankedTopic, Topic } from "./ports";

export const TIE_BREAK = "Ties go to the topic proposed first.";

export function tally(method: BallotMethod, topics: Topic[], papers: string[][]): BallotResult {
  const order = [...topics].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const known = new Set(order.map((t) => t.id));
  const clean = papers.map((p) => [...new Set(p)].filter((id) => known.has(id))).filter((p) => p.length > 0);
  return method === "approval" ? approval(order, clean) : ranked(order, clean);
}

function approval(order: Topic[], papers: string[][]): BallotResult {
  const votes = new Map(order.map((t) => [t.id, 0]));
  for (const paper of papers) for (const id of paper) votes.set(id, (votes.get(id) ?? 0) + 1);
  const ranking: RankedTopic[] = order
    .map((t, index) => ({ topicId: t.id, title: t.title, votes: votes.get(t.id) ?? 0, index }))
    .sort((a, b) => b.votes - a.votes || a.index - b.index)
    .map(({ index: _index, ...rest }) => rest);
  return { method: "approval", papers: papers.length, ranking, rounds: [] };
}

/** One instant runoff among `candidates` (in proposal order): the winner, and the rounds. */
function runoff(candidates: Topic[], papers: string[][]) {
  const remaining = [...candidates];
  const rounds: BallotResult["rounds"] = [];
  for (;;) {
    const ids = new Set(remaining.map((t) => t.id));
    const counts: Record<string, number> = Object.fromEntries(remaining.map((t) => [t.id, 0]));
    let live = 0;
    for (const paper of papers) {
      const choice = paper.find((id) => ids.has(id));
      if (choice === undefined) continue; // exhausted
      counts[choice] = (counts[choice] ?? 0) + 1;
      live += 1;
    }
    const best = remaining.reduce((a, b) => ((counts[b.id] ?? 0) > (counts[a.id] ?? 0) ? b : a));
    if (remaining.length === 1 || (counts[best.id] ?? 0) * 2 > live || live === 0) {
      rounds.push({ counts, eliminated: null });
      return { winner: best, rounds };
    }
    // the weakest goes; among equals, the one proposed last
    const weakest = remaining.reduce((a, b) => ((counts[b.id] ?? 0) <= (counts[a.id] ?? 0) ? b : a));
    rounds.push({ counts, eliminated: weakest.id });
    remaining.splice(remaining.indexOf(weakest), 1);
  }
}

function ranked(order: Topic[], papers: string[][]): BallotResult {
  const firsts = new Map(order.map((t) => [t.id, 0]));
  for (const paper of papers) if (paper[0]) firsts.set(paper[0], (firsts.get(paper[0]) ?? 0) + 1);
  const ranking: RankedTopic[] = [];
  let rounds: BallotResult["rounds"] = [];
  const left = [...order];
  while (left.length > 0) {
    const { winner, rounds: r } = runoff(left, papers);
    if (ranking.length === 0) rounds = r;
    ranking.push({ topicId: winner.id, title: winner.title, votes: firsts.get(winner.id) ?? 0 });
    left.splice(left.indexOf(winner), 1);
  }
  return { method: "ranked", papers: papers.length, ranking, rounds };
}
