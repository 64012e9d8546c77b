/**
 * Ports: what the core needs from the outside. The store, the adapters and the tests implement them. Each feature
 * declares its own repositories in its `ports.ts`; the `Store` is all of them together, plus the few the platform
 * plumbing needs (the request ledger, conversation references, the audit log, the health check).
 */

import type { AttendanceRepository } from "./attendance/ports";
import type { CaseRepository } from "./cases/ports";
import type { BallotRepository, CurriculumRepository, TopicRepository } from "./curriculum/ports";
import type { JobQueue } from "./jobs/ports";
import type { MemberRepository, Person } from "./members/ports";
import type { NetworkRepository } from "./networks/ports";
import type { AskRepository, PeopleRepository, SlotRepository } from "./presenters/ports";
import type { RecordingRepository } from "./recordings/ports";
import type { FanOutRepository } from "./reminders/ports";
import type { ReportRepository } from "./reports/ports";
import type { SessionRepository } from "./sessions/ports";
import type { SurveyRepository } from "./surveys/ports";
import type { Card, ExportFile, OutboundMessage } from "./ui/model";

export type { AttendanceRecord, AttendanceRepository } from "./attendance/ports";
export type { Member, MemberRepository, Person, Role } from "./members/ports";
export { ROLES } from "./members/ports";
export type { Cadence, Network, NetworkRepository, NetworkSettings } from "./networks/ports";
export type { Presenter } from "./presenters/ports";
export type { FanOut, FanOutRepository } from "./reminders/ports";
export type { Session, SessionRepository, SessionStatus } from "./sessions/ports";

export interface AuditLog {
  record(entry: {
    networkId: string | null;
    actor: string;
    action: string;
    detail: Record<string, unknown>;
  }): Promise<void>;
}

/** Platform retries and double deliveries: the first call for an id returns true, every later one false. */
export interface RequestLedger {
  /** true the first time this id is seen (by any copy sharing the store), false after */
  firstTime(id: string): Promise<boolean>;
  /** the ids of these seen now for the first time, in one write (several answers stored together record theirs) */
  firstTimes(ids: readonly string[]): Promise<Set<string>>;
  /** forgets ids seen before `before`; returns how many */
  prune(before: Date): Promise<number>;
}

/** Where adapters keep what they need to reach an address later (a Teams conversation reference). */
export interface ConversationRefs {
  save(address: string, platform: string, reference: string): Promise<void>;
  find(address: string): Promise<string | undefined>;
}

/**
 * Where an adapter keeps its installation in each workspace (a Slack OAuth install's tokens), already sealed by the
 * adapter: the store sees only the sealed text.
 */
export interface Installations {
  save(platform: string, key: string, sealed: string): Promise<void>;
  find(platform: string, key: string): Promise<string | undefined>;
  /** true when there was one to remove */
  remove(platform: string, key: string): Promise<boolean>;
}

/**
 * Files offered to one person and kept until they take them: Teams asks the person before a bot may send a file, so
 * an export waits here (never in memory, so any copy of the bot can finish it) until they accept, decline, or it
 * expires.
 */
export interface PendingFiles {
  /** keeps a file for `owner` (a user address) until `expiresAt`; returns its unguessable id (or puts one back by its id) */
  put(owner: string, file: ExportFile, expiresAt: Date, id?: string): Promise<string>;
  /** the file, whom it is for and until when, while it has not expired */
  find(id: string, now: Date): Promise<{ owner: string; file: ExportFile; expiresAt: Date } | undefined>;
  /** true when there was one to remove: of two at once, only one gets true (taking a file claims it) */
  remove(id: string): Promise<boolean>;
  /** forgets the files that expired before `now`; returns how many */
  prune(now: Date): Promise<number>;
}

/** Whether the store answers: `GET /healthz`. */
export interface HealthCheck {
  /** which database this is ("sqlite", "postgresql") */
  readonly provider: string;
  /** resolves when a trivial query succeeds; rejects with the driver's error otherwise */
  check(): Promise<void>;
}

export interface Store {
  requests: RequestLedger;
  conversations: ConversationRefs;
  installations: Installations;
  pendingFiles: PendingFiles;
  health: HealthCheck;
  networks: NetworkRepository;
  members: MemberRepository;
  sessions: SessionRepository;
  audit: AuditLog;
  jobs: JobQueue;
  fanOuts: FanOutRepository;
  topics: TopicRepository;
  ballots: BallotRepository;
  curriculum: CurriculumRepository;
  slots: SlotRepository;
  asks: AskRepository;
  people: PeopleRepository;
  cases: CaseRepository;
  attendance: AttendanceRepository;
  surveys: SurveyRepository;
  recordings: RecordingRepository;
  reports: ReportRepository;
  /** runs `work` in one database transaction, with repositories bound to it */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}

/**
 * Seals short secrets (an anonymous voter's choice) with a key kept outside the database, bound to a context (the
 * ballot), so that the database alone cannot link a member to a choice.
 */
export interface Sealer {
  seal(context: string, plaintext: string): string;
  /** throws when the sealed text was not made by this key for this context */
  open(context: string, sealed: string): string;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Sends proactively, outside a request: the scheduler's way out. Every call is awaited by its caller. */
export interface SendOptions {
  /**
   * A key unique to this delivery (the job's key). After a crash between sending and recording, a retry carries
   * `retry: true`; a messenger that can find what it already sent by this key (Slack: message metadata) answers
   * with that message instead of sending again.
   */
  dedupeKey?: string;
  retry?: boolean;
}

/**
 * Who is in a channel, as the platform lists it: Slack's channel members, a Teams team's roster. Pages are yielded as
 * they arrive, within the platform's rate limits.
 */
export interface Directory {
  /** everyone in the channel now, page by page; undefined when this platform keeps no list (the shell) */
  members(channel: string): AsyncIterable<Person[]> | undefined;
}

/** A directory for platforms that keep no list: membership comes from `role` alone. */
export const noDirectory: Directory = { members: () => undefined };

export interface Messenger {
  /** posts to a channel or a user (a user address means a direct message); returns the message address */
  send(address: string, message: OutboundMessage, options?: SendOptions): Promise<string>;
  update(messageAddress: string, card: Card): Promise<void>;
}
