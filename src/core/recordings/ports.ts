/** The recording library: a session's recording link, its slides and a note (a passcode), added after it is held. */

export interface Recording {
  id: string;
  sessionId: string;
  /** https, at most 2,000 characters */
  url: string;
  slidesUrl: string | null;
  /** for example a passcode; at most 300 characters */
  note: string | null;
  /** the user address of who added it */
  addedBy: string;
  createdAt: Date;
}

export type NewRecording = Omit<Recording, "id" | "createdAt">;

export interface RecordingRepository {
  /** adds one; with `replace`, the session's earlier recordings go (in the same write) */
  add(recording: NewRecording, replace: boolean): Promise<Recording>;
  /** a session's recordings, oldest first */
  ofSession(sessionId: string): Promise<Recording[]>;
  /** every recording of the network's sessions, oldest first */
  ofNetwork(networkId: string): Promise<Recording[]>;
  byId(id: string): Promise<Recording | undefined>;
  /** changes a recording's link, slides and note */
  update(id: string, fields: Pick<Recording, "url" | "slidesUrl" | "note">): Promise<Recording>;
  /** removes a session's recordings; returns how many there were */
  removeOfSession(sessionId: string): Promise<number>;
  /** whether the network's facilitators are nudged when a session has no recording two days after it (default on) */
  nudge(networkId: string): Promise<boolean>;
  setNudge(networkId: string, on: boolean): Promise<void>;
}
