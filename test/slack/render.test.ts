/** The Block Kit renderer keeps within Slack's limits, and the limit checker catches what it should. */
import type { Card, Form } from "../../src/core/ui/model";
import { LIMITS } from "../../src/slack/limits";
import { fieldErrors } from "../../src/slack/listeners";
import { cardMessage, clip, coreActionId, formValues, formView, mrkdwn, textMessage } from "../../src/slack/render";
import { checkBlockKit } from "../support/block-kit";
import type { Block } from "../support/slack-blocks";

function oversizedCard(): Card {
  const long = "Lorem ipsum dolor sit amet & <friends>. ".repeat(100); // 4000 characters
  return {
    title: `A title that goes on ${"and on ".repeat(40)}`,
    blocks: [
      { kind: "text", text: long },
      {
        kind: "fields",
        fields: Array.from({ length: 23 }, (_, i) => ({ label: `Field ${i}`, value: "v".repeat(2500) })),
      },
      {
        kind: "actions",
        buttons: Array.from({ length: 30 }, (_, i) => ({
          actionId: "echo.session.skip" as const,
          label: `Button ${i}: a label that is far too long for the seventy-five characters Slack allows on a button`,
          value: "x".repeat(2100),
        })),
      },
      ...Array.from({ length: 60 }, (_, i) => ({ kind: "context" as const, text: `Context ${i}` })),
    ],
    fallback: long,
  };
}

test("an oversized card is brought within Slack's limits", () => {
  const message = cardMessage(oversizedCard());
  expect(checkBlockKit(message)).toEqual([]);
  const blocks = message.blocks as unknown as Block[];
  expect(blocks).toHaveLength(LIMITS.messageBlocks);
  expect(blocks[0]?.text?.text.length).toBeLessThanOrEqual(LIMITS.headerText);
  expect(blocks[0]?.text?.text.endsWith("…")).toBe(true);
  const section = blocks[1]?.text?.text ?? "";
  expect(section.length).toBeLessThanOrEqual(LIMITS.sectionText);
  expect(section).toContain("&amp; &lt;friends&gt;");
  expect(section).toMatch(/[^&]…$/);
  expect(blocks.filter((b) => b.fields).map((b) => b.fields?.length)).toEqual([10, 10, 3]);
  const actions = blocks.filter((b) => b.type === "actions");
  expect(actions.map((b) => b.elements?.length)).toEqual([25, 5]);
  const first = actions[0]?.elements?.[0] as { text: { text: string }; value: string };
  expect(first.text.text.length).toBe(LIMITS.buttonText);
  expect(first.value.length).toBe(LIMITS.buttonValue);
  expect(blocks[blocks.length - 1]).toEqual({
    type: "context",
    elements: [{ type: "mrkdwn", text: expect.stringMatching(/more parts are not shown/) }],
  });
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
});

test("repeated action ids in one actions block are made unique, and the core's id comes back", () => {
  const message = cardMessage({
    title: "t",
    blocks: [
      {
        kind: "actions",
        buttons: [1, 2, 3].map((i) => ({ actionId: "echo.session.skip" as const, label: `${i}`, value: `${i}` })),
      },
    ],
    fallback: "f",
  });
  const ids = ((message.blocks?.[1] as unknown as Block | undefined)?.elements ?? []).map((e) => String(e.action_id));
  expect(ids).toEqual(["echo.session.skip", "echo.session.skip~1", "echo.session.skip~2"]);
  expect(ids.map(coreActionId)).toEqual(Array(3).fill("echo.session.skip"));
});

function bigForm(): Form {
  return {
    formId: "echo.setup",
    title: "A modal title longer than twenty-four characters",
    submitLabel: "Save all of these settings now",
    metadata: "",
    fields: [
      {
        id: "choice",
        label: "Pick one",
        kind: "select",
        required: true,
        initial: "o7",
        options: Array.from({ length: 120 }, (_, i) => ({
          value: `o${i}`,
          label: `Option ${i} ${"with a very long label ".repeat(5)}`,
        })),
      },
      {
        id: "notes",
        label: "Notes",
        kind: "textarea",
        required: false,
        maxLength: 5000,
        initial: "n".repeat(4000),
        placeholder: "p".repeat(200),
      },
      { id: "count", label: "How many", kind: "number", required: true, initial: "ninety" },
      { id: "day", label: "Day", kind: "date", required: true, initial: "2026-12-02" },
      { id: "at", label: "At", kind: "time", required: true, initial: "25:00" },
      { id: "link", label: "Link", kind: "url", required: true, hint: "https only" },
      ...Array.from({ length: 110 }, (_, i) => ({
        id: `extra${i}`,
        label: `Extra ${i}`,
        kind: "text" as const,
        required: false,
      })),
    ],
  };
}

test("an oversized form is brought within a modal's limits", () => {
  const view = formView(bigForm(), JSON.stringify({ c: "slack:T1:C1", m: "" }));
  expect(checkBlockKit(view)).toEqual([]);
  expect(view.title.text).toHaveLength(LIMITS.viewTitle);
  expect(view.submit?.text).toHaveLength(LIMITS.viewSubmit);
  const blocks = view.blocks as unknown as Block[];
  expect(blocks).toHaveLength(LIMITS.modalBlocks);
  const select = blocks[0]?.element as {
    options: Array<{ text: { text: string } }>;
    initial_option: { value: string };
  };
  expect(select.options).toHaveLength(LIMITS.selectOptions);
  expect(select.options[0]?.text.text.length).toBe(LIMITS.optionText);
  expect(select.initial_option.value).toBe("o7");
  expect(blocks[1]?.element).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
  expect(String(blocks[1]?.element?.initial_value)).toHaveLength(3000);
  expect(blocks[2]?.element).toEqual({ type: "number_input", action_id: "count", is_decimal_allowed: false });
  expect(blocks[3]?.element).toMatchObject({ type: "datepicker", initial_date: "2026-12-02" });
  expect(blocks[4]?.element).toEqual({ type: "timepicker", action_id: "at" });
  expect(blocks[5]).toMatchObject({
    optional: false,
    hint: { type: "plain_text", text: "https only" },
    element: { type: "url_text_input" },
  });
  expect(blocks[6]).toMatchObject({ optional: true });
});

test("a modal's state values are flattened back to one string per field", () => {
  expect(
    formValues({
      name: { name: { type: "plain_text_input", value: "Pain ECHO" } },
      cadence: { cadence: { type: "static_select", selected_option: { value: "every:2" } } },
      firstDate: { firstDate: { type: "datepicker", selected_date: "2026-12-02" } },
      startTime: { startTime: { type: "timepicker", selected_time: "12:30" } },
      durationMinutes: { durationMinutes: { type: "number_input", value: "90" } },
      reminderOffsets: { reminderOffsets: { type: "plain_text_input", value: null } },
      casesPerSession: { casesPerSession: { type: "static_select", selected_option: null } },
    }),
  ).toEqual({
    name: "Pain ECHO",
    cadence: "every:2",
    firstDate: "2026-12-02",
    startTime: "12:30",
    durationMinutes: "90",
    reminderOffsets: "",
    casesPerSession: "",
  });
});

test("field errors for fields the modal lacks go on its first input", () => {
  const blocks = [
    { type: "input", block_id: "date" },
    { type: "input", block_id: "time" },
  ];
  expect(fieldErrors({ time: "Bad time.", session: "Gone." }, blocks)).toEqual({ time: "Bad time.", date: "Gone." });
});

test("core text is escaped for mrkdwn, and the core's mentions read as @name without pinging anyone", () => {
  expect(mrkdwn("<!channel> & <@slack:T1:U2|Bob> and <@teams:29:abc|Ann>")).toBe(
    "&lt;!channel&gt; &amp; @Bob and @Ann",
  );
  expect(mrkdwn("<@U123> <!here> <https://evil.example|click> <#C1> <!subteam^S1>")).toBe(
    "&lt;@U123&gt; &lt;!here&gt; &lt;https://evil.example|click&gt; &lt;#C1&gt; &lt;!subteam^S1&gt;",
  );
  expect(textMessage("").text).toBe("teleecho");
  expect(clip("ab😀cd", 4)).toBe("ab…");
});

describe("checkBlockKit", () => {
  test("finds the violations in a payload that breaks the limits", () => {
    const violations = checkBlockKit({
      text: "",
      blocks: [
        { type: "header", text: { type: "mrkdwn", text: "x".repeat(151) } },
        { type: "section", fields: Array(11).fill({ type: "mrkdwn", text: "f" }) },
        {
          type: "actions",
          block_id: "a",
          elements: [
            { type: "button", action_id: "b", text: { type: "plain_text", text: "x" } },
            {
              type: "button",
              action_id: "b",
              text: { type: "plain_text", text: "y".repeat(76) },
              value: "v".repeat(2001),
            },
          ],
        },
        { type: "actions", block_id: "a", elements: [] },
        { type: "video" },
      ],
    });
    expect(violations).toEqual(
      expect.arrayContaining([
        "message.text: shorter than 1",
        "message.blocks[0].text: text type must be plain_text",
        "message.blocks[0].text.text: 151 characters, over 150",
        "message.blocks[1].fields: 11 fields; 1 to 10 allowed",
        "message.blocks[2].elements[1]: duplicate action_id b in one block",
        "message.blocks[2].elements[1].text.text: 76 characters, over 75",
        "message.blocks[2].elements[1].value: 2001 characters, over 2000",
        "message.blocks[3]: duplicate block_id a",
        "message.blocks[3].elements: 0 elements; 1 to 25 allowed",
        "message.blocks[4]: unknown or unsupported block type video",
      ]),
    );
  });

  test("checks modals: title, metadata, options and initial values", () => {
    const violations = checkBlockKit({
      trigger_id: "t",
      view: {
        type: "modal",
        title: { type: "plain_text", text: "t".repeat(25) },
        private_metadata: "m".repeat(3001),
        blocks: [
          {
            type: "input",
            block_id: "s",
            label: { type: "plain_text", text: "S" },
            element: {
              type: "static_select",
              action_id: "s",
              options: [{ text: { type: "plain_text", text: "A" }, value: "a" }],
              initial_option: { text: { type: "plain_text", text: "B" }, value: "b" },
            },
          },
        ],
      },
    });
    expect(violations).toEqual([
      "view.title.text: 25 characters, over 24",
      "view.private_metadata: 3001 characters, over 3000",
      "view: a modal with inputs needs a submit button",
      "view.blocks[0].element.initial_option: is not one of the options",
    ]);
  });

  test("checks view_submission acknowledgements", () => {
    expect(checkBlockKit({ response_action: "errors", errors: { date: "Bad." } })).toEqual([]);
    expect(checkBlockKit({ response_action: "errors", errors: {} })).toEqual(["errors: no field errors"]);
  });
});
