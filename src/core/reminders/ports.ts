/** A reminder sent to many people: how many, and the facilitator's "sent n of N" message. */

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
