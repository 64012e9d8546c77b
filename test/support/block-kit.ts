/**
 * A checker that lists every Block Kit violation in a payload: a message (chat.postMessage, chat.update, a
 * response_url body), a views.open call, a view, or a view_submission acknowledgement, against Slack's limits
 * (src/slack/limits.ts). Tests run it on every payload the adapter sends.
 */
import { LIMITS } from "../../src/slack/limits";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

class Checker {
  readonly violations: string[] = [];
  private blockIds = new Set<string>();

  fail(path: string, message: string) {
    this.violations.push(`${path}: ${message}`);
  }

  text(path: string, value: unknown, max: number, kinds: readonly string[] = ["plain_text", "mrkdwn"]) {
    if (!isObject(value)) return this.fail(path, "missing text object");
    if (!kinds.includes(String(value.type))) this.fail(path, `text type must be ${kinds.join(" or ")}`);
    this.string(`${path}.text`, value.text, max);
  }

  string(path: string, value: unknown, max: number, min = 1) {
    if (typeof value !== "string") return this.fail(path, "must be a string");
    if (value.length < min) this.fail(path, `shorter than ${min}`);
    if (value.length > max) this.fail(path, `${value.length} characters, over ${max}`);
  }

  optionalString(path: string, value: unknown, max: number) {
    if (value !== undefined) this.string(path, value, max);
  }

  blocks(path: string, value: unknown, max: number) {
    if (!Array.isArray(value)) return this.fail(path, "blocks must be an array");
    if (value.length > max) this.fail(path, `${value.length} blocks, over ${max}`);
    value.forEach((block, i) => {
      this.block(`${path}[${i}]`, block);
    });
  }

  private block(path: string, block: unknown) {
    if (!isObject(block)) return this.fail(path, "not an object");
    if (block.block_id !== undefined) {
      this.string(`${path}.block_id`, block.block_id, LIMITS.id);
      if (this.blockIds.has(String(block.block_id))) this.fail(path, `duplicate block_id ${String(block.block_id)}`);
      this.blockIds.add(String(block.block_id));
    }
    switch (block.type) {
      case "header":
        return this.text(`${path}.text`, block.text, LIMITS.headerText, ["plain_text"]);
      case "divider":
        return;
      case "section": {
        if (block.text === undefined && block.fields === undefined) this.fail(path, "section needs text or fields");
        if (block.text !== undefined) this.text(`${path}.text`, block.text, LIMITS.sectionText);
        if (block.fields !== undefined) {
          const fields = asArray(block.fields);
          if (fields.length === 0 || fields.length > LIMITS.sectionFields)
            this.fail(`${path}.fields`, `${fields.length} fields; 1 to ${LIMITS.sectionFields} allowed`);
          fields.forEach((f, i) => {
            this.text(`${path}.fields[${i}]`, f, LIMITS.fieldText);
          });
        }
        return;
      }
      case "context": {
        const elements = asArray(block.elements);
        if (elements.length === 0 || elements.length > LIMITS.contextElements)
          this.fail(`${path}.elements`, `${elements.length} elements; 1 to ${LIMITS.contextElements} allowed`);
        elements.forEach((e, i) => {
          this.text(`${path}.elements[${i}]`, e, LIMITS.contextText);
        });
        return;
      }
      case "actions": {
        const elements = asArray(block.elements);
        if (elements.length === 0 || elements.length > LIMITS.actionsElements)
          this.fail(`${path}.elements`, `${elements.length} elements; 1 to ${LIMITS.actionsElements} allowed`);
        const ids = new Set<string>();
        elements.forEach((e, i) => {
          const at = `${path}.elements[${i}]`;
          this.element(at, e);
          const id = isObject(e) ? String(e.action_id) : "";
          if (ids.has(id)) this.fail(at, `duplicate action_id ${id} in one block`);
          ids.add(id);
        });
        return;
      }
      case "input":
        this.text(`${path}.label`, block.label, LIMITS.inputLabel, ["plain_text"]);
        if (block.hint !== undefined) this.text(`${path}.hint`, block.hint, LIMITS.inputHint, ["plain_text"]);
        if (block.optional !== undefined && typeof block.optional !== "boolean")
          this.fail(path, "optional must be boolean");
        return this.element(`${path}.element`, block.element);
      default:
        return this.fail(path, `unknown or unsupported block type ${String(block.type)}`);
    }
  }

  private element(path: string, e: unknown) {
    if (!isObject(e)) return this.fail(path, "not an object");
    this.string(`${path}.action_id`, e.action_id, LIMITS.id);
    if (e.placeholder !== undefined)
      this.text(`${path}.placeholder`, e.placeholder, LIMITS.placeholder, ["plain_text"]);
    switch (e.type) {
      case "button":
        this.text(`${path}.text`, e.text, LIMITS.buttonText, ["plain_text"]);
        this.optionalString(`${path}.value`, e.value, LIMITS.buttonValue);
        if (e.style !== undefined && e.style !== "primary" && e.style !== "danger")
          this.fail(path, "style must be primary or danger");
        return;
      case "static_select": {
        const options = asArray(e.options);
        if (options.length === 0 || options.length > LIMITS.selectOptions)
          this.fail(`${path}.options`, `${options.length} options; 1 to ${LIMITS.selectOptions} allowed`);
        options.forEach((o, i) => {
          this.option(`${path}.options[${i}]`, o);
        });
        if (e.initial_option !== undefined) {
          this.option(`${path}.initial_option`, e.initial_option);
          const wanted = JSON.stringify(e.initial_option);
          if (!options.some((o) => JSON.stringify(o) === wanted))
            this.fail(`${path}.initial_option`, "is not one of the options");
        }
        return;
      }
      case "checkboxes":
      case "multi_static_select": {
        const max = e.type === "checkboxes" ? LIMITS.checkboxOptions : LIMITS.selectOptions;
        const options = asArray(e.options);
        if (options.length === 0 || options.length > max)
          this.fail(`${path}.options`, `${options.length} options; 1 to ${max} allowed`);
        options.forEach((o, i) => {
          this.option(`${path}.options[${i}]`, o);
        });
        const known = new Set(options.map((o) => JSON.stringify(o)));
        asArray(e.initial_options).forEach((o, i) => {
          if (!known.has(JSON.stringify(o))) this.fail(`${path}.initial_options[${i}]`, "is not one of the options");
        });
        return;
      }
      case "plain_text_input":
        if (
          e.max_length !== undefined &&
          !(
            Number.isInteger(e.max_length) &&
            Number(e.max_length) >= 1 &&
            Number(e.max_length) <= LIMITS.inputMaxLength
          )
        )
          this.fail(`${path}.max_length`, `must be 1..${LIMITS.inputMaxLength}`);
        if (e.initial_value !== undefined && typeof e.initial_value !== "string")
          this.fail(path, "initial_value must be a string");
        if (
          typeof e.initial_value === "string" &&
          typeof e.max_length === "number" &&
          e.initial_value.length > e.max_length
        )
          this.fail(`${path}.initial_value`, "longer than max_length");
        return;
      case "url_text_input":
        if (e.initial_value !== undefined && typeof e.initial_value !== "string")
          this.fail(path, "initial_value must be a string");
        return;
      case "number_input":
        if (typeof e.is_decimal_allowed !== "boolean") this.fail(path, "is_decimal_allowed is required");
        if (
          e.initial_value !== undefined &&
          !(typeof e.initial_value === "string" && /^-?\d+(\.\d+)?$/.test(e.initial_value))
        )
          this.fail(`${path}.initial_value`, "must be a number as a string");
        return;
      case "datepicker":
        if (e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(e.initial_date)))
          this.fail(`${path}.initial_date`, "must be YYYY-MM-DD");
        return;
      case "timepicker":
        if (e.initial_time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(e.initial_time)))
          this.fail(`${path}.initial_time`, "must be HH:mm");
        return;
      default:
        return this.fail(path, `unknown or unsupported element type ${String(e.type)}`);
    }
  }

  private option(path: string, o: unknown) {
    if (!isObject(o)) return this.fail(path, "not an object");
    this.text(`${path}.text`, o.text, LIMITS.optionText, ["plain_text"]);
    this.string(`${path}.value`, o.value, LIMITS.optionValue);
  }

  message(path: string, m: Json) {
    this.string(`${path}.text`, m.text, LIMITS.messageText);
    if (m.blocks !== undefined) this.blocks(`${path}.blocks`, m.blocks, LIMITS.messageBlocks);
  }

  view(path: string, v: unknown) {
    if (!isObject(v)) return this.fail(path, "view must be an object");
    if (v.type !== "modal") return this.fail(path, `view type ${String(v.type)} is not checked here`);
    this.text(`${path}.title`, v.title, LIMITS.viewTitle, ["plain_text"]);
    if (v.submit !== undefined) this.text(`${path}.submit`, v.submit, LIMITS.viewSubmit, ["plain_text"]);
    if (v.close !== undefined) this.text(`${path}.close`, v.close, LIMITS.viewClose, ["plain_text"]);
    if (v.callback_id !== undefined) this.string(`${path}.callback_id`, v.callback_id, LIMITS.id);
    if (v.private_metadata !== undefined)
      this.string(`${path}.private_metadata`, v.private_metadata, LIMITS.privateMetadata, 0);
    const blocks = asArray(v.blocks);
    if (blocks.some((b) => isObject(b) && b.type === "input") && v.submit === undefined)
      this.fail(path, "a modal with inputs needs a submit button");
    this.blocks(`${path}.blocks`, v.blocks, LIMITS.modalBlocks);
  }
}

/** Every Block Kit limit this payload breaks; empty when Slack would accept it. */
export function checkBlockKit(payload: unknown): string[] {
  const c = new Checker();
  if (!isObject(payload)) {
    c.fail("payload", "not an object");
    return c.violations;
  }
  if (payload.response_action !== undefined) {
    if (payload.response_action === "errors") {
      const errors = isObject(payload.errors) ? Object.entries(payload.errors) : [];
      if (errors.length === 0) c.fail("errors", "no field errors");
      for (const [blockId, message] of errors) {
        c.string(`errors key ${blockId}`, blockId, LIMITS.id);
        c.string(`errors.${blockId}`, message, LIMITS.errorText);
      }
    } else if (payload.response_action === "update" || payload.response_action === "push") c.view("view", payload.view);
    else if (payload.response_action !== "clear")
      c.fail("response_action", `unknown ${String(payload.response_action)}`);
  } else if (payload.type === "modal") c.view("view", payload);
  else if (payload.view !== undefined) c.view("view", payload.view);
  else c.message("message", payload);
  return c.violations;
}
