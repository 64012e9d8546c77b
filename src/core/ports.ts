/**
 * Ports: what the core needs from the outside. The store, the adapters and the tests implement them.
 * Domain records are plain objects owned by the core; repositories map them to and from the database.
 */

import type { CaseRepository } from "./cases/ports";
import type { BallotRepository, CurriculumRepository, TopicRepository } from "./curriculum/ports";
import type { JobQueue } from "./jobs/ports";
import type { AskRepository, PeopleRepository, SlotRepository } from "./presenters/ports";
import type { Card, OutboundMessage } from "./ui/model";

export type Role = "facilitator" | "hub_expert" | "member" | "admin" | "it";
export const ROLES: readonly Role[] = ["facilitator", "hub_expert", "member", "admin", "it"];

export type Cadence = "weekly" | "every_n_weeks" | "monthly_weekday";

export interface NetworkSettings {
  name: string;
  timeZone: string;
  cadence: Cadence;
  intervalWeeks: number;
  /** 1..4, or 5 meaning "last"; only for monthly_weekday */
  weekOfMonth: number | null;
  /** ISO weekday, 1 = Monday */
  weekday: number;
  /** YYYY-MM-DD, local */
  firstDate: string;
  /** HH:mm, local */
  startTime: string;
  durationMinutes: number;
  teachingMinutes: number;
  casesPerSession: number;
  videoLink: string;
  /** "starting soon" reminders, e.g. "1d, 15m" (see networks/settings.ts) */
  reminderOffsets: string;
  agendaOffsets: string;
  itOffsets: string;
  warningOffsets: string;
  /** the case form is due this many days before the session */
  caseDueDays: number;
  /** an open slot is offered through the rotation this many days before the session */
  rotationAskDays: number;
}

export interface Network extends NetworkSettings {
  id: string;
  channel: string;
  platform: string;
  /** a rotation ask with no answer moves on after this many hours */
  askTimeoutHours: number;
}

export interface Member {
  id: string;
  networkId: string;
  user: string;
  displayName: string;
  role: Role;
  spokeId: string | null;
  /** reminder kinds this member turned off */
  mutedKinds: string[];
}

export type SessionStatus = "scheduled" | "skipped" | "held" | "cancelled";

export interface Session {
  id: string;
  networkId: string;
  occurrence: string;
  startsAt: Date;
  durationMinutes: number;
  status: SessionStatus;
  note: string | null;
  moved: boolean;
  topicTitle: string | null;
  teacherUser: string | null;
  topicId: string | null;
}

/** Who holds a session's case slot, and how far their case form is. */
export interface Presenter {
  position: number;
  user: string;
  name: string;
  caseStatus: "none" | "draft" | "submitted";
}

export interface FanOut {
  id: string;
  networkId: string;
  total: number;
  /** address of the progress message, once posted */
  message: string | null;
}

export interface FanOutRepository {
  /** records a fan-out once; later calls for the same id change nothing */
  create(id: string, networkId: string, total: number): Promise<void>;
  get(id: string): Promise<FanOut | undefined>;
  setMessage(id: string, message: string): Promise<void>;
}

export interface NetworkRepository {
  /** every network, for the scheduler's upkeep */
  all(): Promise<Network[]>;
  byChannel(channel: string): Promise<Network | undefined>;
  byId(id: string): Promise<Network | undefined>;
  create(channel: string, platform: string, settings: NetworkSettings): Promise<Network>;
  update(id: string, settings: NetworkSettings): Promise<Network>;
}

export interface MemberRepository {
  find(networkId: string, user: string): Promise<Member | undefined>;
  list(networkId: string): Promise<Member[]>;
  /** creates the member or changes its role; the display name is refreshed */
  upsert(networkId: string, user: string, displayName: string, role: Role): Promise<Member>;
  setMuted(memberId: string, kinds: string[]): Promise<Member>;
}

export interface SessionRepository {
  byId(id: string): Promise<Session | undefined>;
  /** sessions starting at or after `from`, earliest first */
  upcoming(networkId: string, from: Date, limit: number): Promise<Session[]>;
  /** every session whose occurrence date is on or after `fromOccurrence` */
  fromOccurrence(networkId: string, fromOccurrence: string): Promise<Session[]>;
  /** inserts the occurrences that are missing and returns them; existing rows are left alone */
  ensure(
    networkId: string,
    rows: Array<{ occurrence: string; startsAt: Date; durationMinutes: number }>,
  ): Promise<Session[]>;
  reschedule(
    id: string,
    startsAt: Date,
    durationMinutes: number,
    moved: boolean,
    note: string | null,
  ): Promise<Session>;
  setStatus(id: string, status: SessionStatus, note: string | null): Promise<Session>;
  remove(ids: string[]): Promise<void>;
  presenters(sessionId: string): Promise<Presenter[]>;
}

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
  firstTime(id: string): Promise<boolean>;
}

/** Where adapters keep what they need to reach an address later (a Teams conversation reference). */
export interface ConversationRefs {
  save(address: string, platform: string, reference: string): Promise<void>;
  find(address: string): Promise<string | undefined>;
}

export interface Store {
  requests: RequestLedger;
  conversations: ConversationRefs;
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

export interface Messenger {
  /** posts to a channel or a user (a user address means a direct message); returns the message address */
  send(address: string, message: OutboundMessage, options?: SendOptions): Promise<string>;
  update(messageAddress: string, card: Card): Promise<void>;
}
