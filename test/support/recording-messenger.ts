import type { Messenger, SendOptions } from "../../src/core/ports";
import { type Card, cardToPlainText, type OutboundMessage } from "../../src/core/ui/model";

/**
 * A Messenger for core tests that records what would be delivered. Adapter tests exercise the real Slack and Teams
 * messengers at their HTTP boundary; this one stands where the chat platform would be.
 */
export class RecordingMessenger implements Messenger {
  readonly sent: Array<{ address: string; text: string; message: OutboundMessage; options?: SendOptions; id: string }> =
    [];
  readonly updates: Array<{ message: string; text: string }> = [];
  /** make the next sends to these addresses throw */
  failWith = new Map<string, Error>();

  async send(address: string, message: OutboundMessage, options?: SendOptions): Promise<string> {
    const failure = this.failWith.get(address);
    if (failure) throw failure;
    const id = `msg:${this.sent.length + 1}`;
    this.sent.push({
      address,
      text: "text" in message ? message.text : cardToPlainText(message.card),
      message,
      options,
      id,
    });
    return id;
  }

  async update(message: string, card: Card): Promise<void> {
    this.updates.push({ message, text: cardToPlainText(card) });
  }

  to(address: string) {
    return this.sent.filter((s) => s.address === address);
  }
}
