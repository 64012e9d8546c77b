/** Reading Block Kit payloads in Slack adapter tests. */
export type Json = Record<string, unknown>;

export interface SlackOption {
  text: { type: string; text: string; emoji?: boolean };
  value: string;
}

/** A block of a message or modal, with the parts the tests read. */
export interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: unknown[];
  elements?: Json[];
  element?: Json;
  optional?: boolean;
}

export interface InputBlock {
  type: string;
  block_id: string;
  label?: { text: string };
  optional?: boolean;
  element: Json & {
    type: string;
    action_id: string;
    options?: SlackOption[];
    initial_options?: SlackOption[];
    initial_value?: string;
    initial_option?: SlackOption;
  };
}

export const allText = (body: unknown) => JSON.stringify(body);

/** The blocks of a message or modal (none when it has only text). */
export const blocksOf = (message: Json) => (message.blocks ?? []) as Block[];

export const inputs = (view: Json) => (view.blocks as InputBlock[]).filter((b) => b.type === "input");

export const input = (view: Json, id: string) => {
  const found = inputs(view).find((b) => b.block_id === id);
  if (!found) throw new Error(`the modal has no input ${id}`);
  return found;
};

/** The visible labels of a list of options, in order. */
export const labels = (options: SlackOption[] | undefined) => (options ?? []).map((o) => o.text.text);

/** The value of the option with this label in a select input; throws if there is none. */
export const optionValue = (block: InputBlock, label: string) => {
  const found = (block.element.options ?? []).find((o) => o.text.text === label);
  if (!found) throw new Error(`no option ${label} in ${block.block_id}`);
  return found.value;
};

/** The text of a message's header block, if it has one. */
export const header = (message: Json) => blocksOf(message).find((b) => b.type === "header")?.text?.text;

/** The text of each section block of a message. */
export const sections = (message: Json) =>
  blocksOf(message)
    .filter((b) => b.type === "section")
    .map((b) => b.text?.text ?? "");

/** The text of each context block of a message, its elements joined with spaces. */
export const contexts = (message: Json) =>
  blocksOf(message)
    .filter((b) => b.type === "context")
    .map((b) => (b.elements ?? []).map((e) => e.text).join(" "));

/**
 * Every text in a Slack payload that Slack parses as mrkdwn (mrkdwn elements, and a message's `text`, which is mrkdwn
 * by default) holding a raw `<`: the start of a mention, a channel or @here ping, or a link. The renderer escapes every
 * one, so any found is a hazard. `plain_text` is never parsed and is left out. Blocks sent form-encoded arrive as JSON
 * strings and are read too.
 */
export function mrkdwnHazards(payload: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, parsed = false): void => {
    if (typeof value === "string") {
      if (!parsed && /^[[{]/.test(value.trim()))
        try {
          walk(JSON.parse(value), true);
        } catch {
          // not JSON: a plain value
        }
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const o = value as Json;
    // a message body (chat.postMessage, a response_url post) has no type; its text is mrkdwn
    const parsesText = o.type === "mrkdwn" || o.type === undefined;
    if (parsesText && typeof o.text === "string" && o.text.includes("<")) found.push(o.text);
    for (const [key, v] of Object.entries(o)) if (!(key === "text" && o.type === "plain_text")) walk(v);
  };
  walk(payload);
  return found;
}
