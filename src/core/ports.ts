/**
 * Ports: what the core needs from the outside. The store, the adapters and the tests implement them.
 * Domain records are plain objects owned by the core; repositories map them to and from the database.
 */
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
  reminderOffsets: string;
}

export interface Network extends NetworkSettings {
  id: string;
  channel: string;
  platform: string;
}

export interface Member {
  id: string;
  networkId: string;
  user: string;
  displayName: string;
  role: Role;
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
}

export interface NetworkRepository {
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
}

export interface SessionRepository {
  byId(id: string): Promise<Session | undefined>;
  /** sessions starting at or after `from`, earliest first */
  upcoming(networkId: string, from: Date, limit: number): Promise<Session[]>;
  /** every session whose occurrence date is on or after `fromOccurrence` */
  fromOccurrence(networkId: string, fromOccurrence: string): Promise<Session[]>;
  /** inserts the occurrences that are missing; existing rows are left alone */
  ensure(
    networkId: string,
    rows: Array<{ occurrence: string; startsAt: Date; durationMinutes: number }>,
  ): Promise<void>;
  reschedule(
    id: string,
    startsAt: Date,
    durationMinutes: number,
    moved: boolean,
    note: string | null,
  ): Promise<Session>;
  setStatus(id: string, status: SessionStatus, note: string | null): Promise<Session>;
  remove(ids: string[]): Promise<void>;
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
  /** runs `work` in one database transaction, with repositories bound to it */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
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
export interface Messenger {
  /** posts to a channel or a user (a user address means a direct message); returns the message address */
  send(address: string, message: OutboundMessage): Promise<string>;
  update(messageAddress: string, card: Card): Promise<void>;
}
