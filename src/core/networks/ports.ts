/** A network: one channel's ECHO programme, its calendar and its settings. */

export const CADENCES = ["weekly", "every_n_weeks", "monthly_weekday"] as const;
export type Cadence = (typeof CADENCES)[number];

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
  /** the workspace or tenant it belongs to (see `Ctx.workspace`); "" when made before these were recorded */
  workspace: string;
  /** a rotation ask with no answer moves on after this many hours */
  askTimeoutHours: number;
}

export interface NetworkRepository {
  /** every network, for the scheduler's upkeep */
  all(): Promise<Network[]>;
  byChannel(channel: string): Promise<Network | undefined>;
  /** which of these channels are a network's home, in one read */
  homes(channels: readonly string[]): Promise<Set<string>>;
  byId(id: string): Promise<Network | undefined>;
  create(channel: string, platform: string, workspace: string, settings: NetworkSettings): Promise<Network>;
  setWorkspace(id: string, workspace: string): Promise<Network>;
  update(id: string, settings: NetworkSettings): Promise<Network>;
  /**
   * Locks the network for the rest of the transaction, so that changes that must see each other (two facilitators
   * changing roles at once) run one after the other.
   */
  lock(id: string): Promise<void>;
}
