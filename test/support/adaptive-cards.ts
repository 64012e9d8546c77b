/**
 * Offline Adaptive Card checks with Microsoft's own `adaptivecards` package (PLATFORM-FACTS.md): parse against schema
 * 1.5, then `validateProperties()`. Catches unknown element types, bad enum values, missing or duplicate input ids and
 * elements newer than 1.5. It does not check size, so the size is checked here too.
 */

interface ValidationEvent {
  message: string;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
  };
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(index: number): ValidationEvent };
  Versions: { v1_5: unknown };
}

// The package's lib/ build does not load on Node 20; the dist bundle does. It ships no typings for this path.
const AC = require("adaptivecards/dist/adaptivecards.js") as AdaptiveCardsModule;

/** Teams' general message limit. */
export const TEAMS_CARD_LIMIT_BYTES = 28 * 1024;

/** Every problem with a card: parse warnings, validation failures, wrong version, or too big. Empty means valid. */
export function adaptiveCardProblems(json: unknown): string[] {
  const problems: string[] = [];
  if (typeof json !== "object" || json === null) return ["not an object"];
  const card = json as Record<string, unknown>;
  if (card.type !== "AdaptiveCard") problems.push(`type is ${String(card.type)}`);
  if (card.version !== "1.5") problems.push(`version is ${String(card.version)}, not 1.5`);
  if (typeof card.$schema !== "string") problems.push("no $schema");
  const size = Buffer.byteLength(JSON.stringify(json), "utf8");
  if (size > TEAMS_CARD_LIMIT_BYTES) problems.push(`${size} bytes, over Teams' 28 KB`);
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}

export function expectValidAdaptiveCard(json: unknown): void {
  expect(adaptiveCardProblems(json)).toEqual([]);
}
