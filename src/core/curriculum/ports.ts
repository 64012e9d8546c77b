/** Topics and curriculum votes: the records and repositories the curriculum feature needs. */
import type { Network } from "../networks/ports";

export const TOPIC_STATUSES = ["proposed", "on_ballot", "planned", "taught", "withdrawn"] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export interface Topic {
  id: string;
  networkId: string;
  title: string;
  /** normalised title, unique per network */
  titleKey: string;
  description: string | null;
  /** neutral user address or free text */
  suggestedTeacher: string | null;
  proposedBy: string;
  status: TopicStatus;
  createdAt: Date;
}

export const BALLOT_METHODS = ["approval", "ranked"] as const;
export type BallotMethod = (typeof BALLOT_METHODS)[number];

export interface RankedTopic {
  topicId: string;
  title: string;
  /** approval: votes; ranked: first preferences in the first round */
  votes: number;
}

export interface BallotResult {
  method: BallotMethod;
  papers: number;
  ranking: RankedTopic[];
  /** ranked choice: the rounds that chose the first place; counts by topic id */
  rounds: Array<{ counts: Record<string, number>; eliminated: string | null }>;
}

export interface Ballot {
  id: string;
  networkId: string;
  method: BallotMethod;
  maxPicks: number;
  showRunning: boolean;
  anonymous: boolean;
  closesAt: Date;
  closedAt: Date | null;
  message: string | null;
  result: BallotResult | null;
  openedBy: string;
  /** the ballot's topics in ballot order */
  topics: Topic[];
}

export interface NewBallot {
  networkId: string;
  method: BallotMethod;
  maxPicks: number;
  showRunning: boolean;
  anonymous: boolean;
  closesAt: Date;
  openedBy: string;
  topicIds: string[];
}

export interface TopicRepository {
  list(networkId: string): Promise<Topic[]>;
  byId(id: string): Promise<Topic | undefined>;
  /** creates the topic, or returns undefined when its normalised title is taken */
  create(topic: Omit<Topic, "id" | "status" | "createdAt">): Promise<Topic | undefined>;
  setStatus(ids: string[], status: TopicStatus): Promise<void>;
}

export interface BallotRepository {
  byId(id: string): Promise<Ballot | undefined>;
  /**
   * when it closes and whether it has (the part of a ballot that changes after it opens), with its network: what a
   * vote needs to know beside the ballot's opening, in one read
   */
  closing(id: string): Promise<{ closesAt: Date; closedAt: Date | null; network: Network } | undefined>;
  /** the network's ballot that has not closed yet */
  openFor(networkId: string): Promise<Ballot | undefined>;
  latestClosed(networkId: string): Promise<Ballot | undefined>;
  /** opens a ballot; undefined when the network has an open one already (the database allows one) */
  create(ballot: NewBallot): Promise<Ballot | undefined>;
  setMessage(id: string, message: string): Promise<void>;
  setClosesAt(id: string, closesAt: Date): Promise<void>;
  /**
   * Locks the ballot for the rest of the transaction: `share` for a vote (votes go on side by side), `exclusive` for
   * the close (it waits for the votes in flight, and votes after it see it closed).
   */
  lock(id: string, mode: "share" | "exclusive"): Promise<void>;
  /** named ballots' papers, one per voter (each replacing any earlier one), in one write */
  castNamed(ballotId: string, papers: ReadonlyArray<{ voter: string; picks: string[] }>): Promise<void>;
  /** an anonymous ballot: each voter's mark with the sealed choice, replacing any earlier one, in one write */
  castSealed(ballotId: string, marks: ReadonlyArray<{ voter: string; sealed: string }>): Promise<void>;
  namedPicks(ballotId: string, voter: string): Promise<string[] | undefined>;
  sealedChoice(ballotId: string, voter: string): Promise<string | undefined>;
  /** every paper: named picks, or the sealed choices of an anonymous ballot */
  papers(ballotId: string): Promise<{ named: string[][]; sealed: string[] }>;
  voterCount(ballotId: string): Promise<number>;
  /** closes it with its result and erases the sealed choices; false when it was closed already */
  close(id: string, closedAt: Date, result: BallotResult): Promise<boolean>;
}

/** Planning sessions' topics and teachers. */
export interface CurriculumRepository {
  assign(sessionId: string, topicId: string | null, teacher: string | null): Promise<void>;
  /**
   * Puts a topic and teacher on a session only while it still has `expectedTopicId` and `expectedTeacher`; false
   * when it changed meanwhile.
   */
  assignIf(
    sessionId: string,
    expectedTopicId: string | null,
    expectedTeacher: string | null,
    topicId: string | null,
    teacher: string | null,
  ): Promise<boolean>;
  /** the session a topic is planned on, if any (scheduled sessions only) */
  sessionOfTopic(topicId: string): Promise<string | undefined>;
}
