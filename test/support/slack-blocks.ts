/** Reading Block Kit payloads in Slack adapter tests. */
export type Json = Record<string, unknown>;

export interface SlackOption {
  text: { type: string; text: string; emoji?: boolean };
  value: string;
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

export const inputs = (view: Json) => (view.blocks as InputBlock[]).filter((b) => b.type === "input");

export const input = (view: Json, id: string) => {
  const found = inputs(view).find((b) => b.block_id === id);
  if (!found) throw new Error(`the modal has no input ${id}`);
  return found;
};

/** The text of each section block of a message. */
export const sections = (message: Json) =>
  ((message.blocks ?? []) as Array<{ type: string; text?: { text: string } }>)
    .filter((b) => b.type === "section")
    .map((b) => b.text?.text ?? "");
