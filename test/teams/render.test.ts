/** The Adaptive Card renderer, checked with Microsoft's adaptivecards package (schema 1.5) and against Teams' size limit. */
import { helpCard } from "../../src/core/help";
import { ActionIds, FormIds } from "../../src/core/ids";
import { moveForm, networkSummaryCard, scheduleCard, setupForm } from "../../src/core/networks/cards";
import type { Network, Session } from "../../src/core/ports";
import type { Card, Form } from "../../src/core/ui/model";
import {
  CARD_BYTE_BUDGET,
  cardMessage,
  dialogResponse,
  formLauncher,
  formValues,
  renderCard,
  renderForm,
  teamsMarkdown,
  textMessage,
  typedValues,
} from "../../src/teams/render";
import { adaptiveCardProblems, expectValidAdaptiveCard, TEAMS_CARD_LIMIT_BYTES } from "../support/adaptive-cards";
import { cardActions, cardInputs, cardText, teamsHazards } from "../support/teams";

const NETWORK: Network = {
  id: "net-1",
  channel: "teams:19:general@thread.tacv2",
  platform: "teams",
  workspace: "teams:tenant-1",
  name: "Palliative Care ECHO",
  timeZone: "Europe/London",
  cadence: "weekly",
  intervalWeeks: 1,
  weekOfMonth: null,
  weekday: 3,
  firstDate: "2026-12-02",
  startTime: "12:30",
  durationMinutes: 90,
  teachingMinutes: 25,
  casesPerSession: 2,
  videoLink: "https://zoom.us/j/123456789",
  reminderOffsets: "15m",
  agendaOffsets: "1d",
  itOffsets: "30m",
  warningOffsets: "2d",
  caseDueDays: 2,
  rotationAskDays: 7,
  askTimeoutHours: 48,
};

const session = (n: number, status: Session["status"] = "scheduled"): Session => ({
  id: `s-${n}`,
  networkId: NETWORK.id,
  occurrence: `2026-12-${String(2 + 7 * n).padStart(2, "0")}`,
  startsAt: new Date(Date.UTC(2026, 11, 2 + 7 * n, 12, 30)),
  durationMinutes: 90,
  status,
  note: null,
  moved: false,
  topicTitle: n === 0 ? "Breathlessness" : null,
  teacherUser: null,
  topicId: null,
});

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

describe("cards", () => {
  test("every card the core makes renders as a valid Adaptive Card 1.5 under 28 KB", () => {
    const cards: Card[] = [
      helpCard(),
      helpCard("schedule"),
      networkSummaryCard(NETWORK, true, [session(0)]),
      scheduleCard(NETWORK, [session(0), session(1, "skipped"), session(2)], { manage: true, member: true }, 3),
      scheduleCard(
        NETWORK,
        Array.from({ length: 20 }, (_, i) => session(i)),
        { manage: true, member: true },
        20,
      ),
      scheduleCard(NETWORK, [], { manage: false, member: false }, 6),
      formLauncher(setupForm(undefined, new Date())),
    ];
    for (const card of cards) {
      const rendered = renderCard(card);
      expectValidAdaptiveCard(json(rendered));
      expect(size(cardMessage(card))).toBeLessThan(TEAMS_CARD_LIMIT_BYTES);
      expect(rendered.fallbackText).toBe(card.fallback);
    }
  });

  test("the title is a bold wrapping heading, fields a FactSet, context small and subtle", () => {
    const card = renderCard(networkSummaryCard(NETWORK, true, [session(0)]));
    expect(card).toMatchObject({
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      type: "AdaptiveCard",
      version: "1.5",
    });
    expect(card.body[0]).toMatchObject({
      type: "TextBlock",
      weight: "bolder",
      wrap: true,
      text: "Palliative Care ECHO is set up in this channel",
    });
    expect(card.body[1]).toMatchObject({
      type: "FactSet",
      facts: expect.arrayContaining([{ title: "Video room", value: NETWORK.videoLink }]),
    });
    expect(card.body[2]).toMatchObject({ type: "TextBlock", size: "small", isSubtle: true, wrap: true });
  });

  test("buttons are Action.Execute with the action id as verb, except form buttons, which open a dialog", () => {
    const actions = cardActions(
      json(renderCard(scheduleCard(NETWORK, [session(0)], { manage: true, member: false }, 1))),
    );
    expect(actions).toEqual([
      {
        type: "Action.Execute",
        title: "Skip",
        verb: ActionIds.sessionSkip,
        data: { value: "s-0" },
        style: "destructive",
      },
      {
        type: "Action.Submit",
        title: "Move",
        data: {
          msteams: { type: "task/fetch" },
          verb: ActionIds.openForm,
          value: JSON.stringify({ f: FormIds.sessionMove, m: "s-0" }),
        },
      },
    ]);
  });

  test("a divider becomes a separator on the element after it", () => {
    const card = renderCard({
      title: "T",
      blocks: [{ kind: "text", text: "a" }, { kind: "divider" }, { kind: "text", text: "b\nc" }, { kind: "divider" }],
      fallback: "T",
    });
    expectValidAdaptiveCard(json(card));
    expect(card.body.map((e) => [e.text, e.separator ?? false])).toEqual([
      ["T", false],
      ["a", false],
      ["b", true],
      ["c", false],
    ]);
  });

  test("a card too big for Teams is shortened to fit and says so", () => {
    const huge: Card = {
      title: "Library",
      blocks: Array.from({ length: 400 }, (_, i) => ({
        kind: "text" as const,
        text: `Session ${i}: ${"recording notes ".repeat(12)}`,
      })),
      fallback: "Library results",
    };
    const card = renderCard(huge);
    expect(size(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expectValidAdaptiveCard(json(card));
    expect(cardText(json(card))).toContain("too long for a Teams card");
    expect(card.body[0]?.text).toBe("Library");
  });

  test("every message carries fallback text", () => {
    expect(cardMessage(helpCard())).toMatchObject({
      type: "message",
      summary: expect.stringContaining("teleecho commands"),
    });
    expect(textMessage("Saved.")).toEqual({ type: "message", text: "Saved.", textFormat: "markdown" });
  });

  test("the card checker catches what Teams would reject", () => {
    expect(
      adaptiveCardProblems({ type: "AdaptiveCard", version: "1.5", $schema: "x", body: [{ type: "Bogus" }] }),
    ).not.toEqual([]);
    expect(
      adaptiveCardProblems({
        type: "AdaptiveCard",
        version: "1.5",
        $schema: "x",
        body: [
          { type: "Input.Text", id: "a" },
          { type: "Input.Text", id: "a" },
        ],
      }),
    ).toEqual(['validate: Duplicate Id "a".']);
    expect(
      adaptiveCardProblems({
        type: "AdaptiveCard",
        version: "1.5",
        $schema: "x",
        body: [{ type: "TextBlock", text: "x", size: "huge" }],
      }),
    ).not.toEqual([]);
  });
});

describe("text in Teams markdown", () => {
  test("what people typed is escaped so it links nowhere, and web addresses stay as they are", () => {
    expect(teamsMarkdown("[Verify your NHS login](https://evil.example)")).toBe(
      "\\[Verify your NHS login\\](https://evil.example)",
    );
    expect(teamsMarkdown("<a href=x>click</a> *bold* _it_ ~x~ \\ ![img](y)")).toBe(
      "\\<a href=x\\>click\\</a\\> \\*bold\\* \\_it\\_ \\~x\\~ \\\\ !\\[img\\](y)",
    );
    expect(teamsMarkdown("# not a heading")).toBe("\\# not a heading");
    expect(teamsMarkdown("Join at https://teams.microsoft.com/l/meetup-join/19%3ameeting_Nj%40thread.v2/0 now")).toBe(
      "Join at https://teams.microsoft.com/l/meetup-join/19%3ameeting_Nj%40thread.v2/0 now",
    );
  });

  test("the core's code spans stay code, unless what is inside could make a link if read as markdown", () => {
    expect(teamsMarkdown("Type `help` or `role @you member` (roles: hub_expert)")).toBe(
      "Type `help` or `role @you member` (roles: hub\\_expert)",
    );
    expect(teamsMarkdown("I don't know `[x](https://evil.example)`.")).toBe(
      "I don't know \\`\\[x\\](https://evil.example)\\`.",
    );
    expect(teamsMarkdown("Usage: `propose <title>`, `rotation away YYYY-MM-DD [YYYY-MM-DD]`")).toBe(
      "Usage: `propose <title>`, `rotation away YYYY-MM-DD [YYYY-MM-DD]`",
    );
    expect(teamsMarkdown("`<https://evil.example>` `<a href=x>`")).toBe(
      "\\`\\<https://evil.example\\>\\` \\`\\<a href=x\\>\\`",
    );
  });

  test("the core's mentions read as @name, and a typed Teams tag is escaped", () => {
    expect(teamsMarkdown("<@teams:abc|Ana Patel> and <at>Boss</at>")).toBe("@Ana Patel and \\<at\\>Boss\\</at\\>");
  });

  test("the help card keeps its code spans, in a valid card", () => {
    const card = renderCard(helpCard());
    expectValidAdaptiveCard(card);
    const texts = card.body.map((e) => String(e.text ?? ""));
    expect(texts).toContain("`help [command]`: what teleecho can do");
    expect(texts).toContain(
      "`recording [last|YYYY-MM-DD <link>]`: add a held session's recording (a form, or in one line)",
    );
    expect(teamsHazards(card)).toEqual([]);
  });
});

describe("forms", () => {
  test("the setup form becomes a dialog with one input of the right kind per field", () => {
    const card = json(renderForm(setupForm(undefined, new Date("2026-12-03T12:00:00Z"))));
    expectValidAdaptiveCard(card);
    const inputs = cardInputs(card);
    expect(inputs.get("name")).toMatchObject({
      type: "Input.Text",
      label: "Network name",
      isRequired: true,
      maxLength: 80,
      placeholder: "Palliative care ECHO",
    });
    expect(inputs.get("cadence")).toMatchObject({ type: "Input.ChoiceSet", style: "compact", value: "weekly" });
    expect(inputs.get("cadence")?.choices).toHaveLength(6);
    expect(inputs.get("firstDate")).toMatchObject({ type: "Input.Date" });
    // a new network's first session defaults to a week from today, so a newcomer can accept the defaults
    expect(inputs.get("firstDate")?.value).toBe("2026-12-10");
    expect(inputs.get("startTime")).toMatchObject({ type: "Input.Time", value: "12:30" });
    expect(inputs.get("durationMinutes")).toMatchObject({ type: "Input.Number", value: 90 });
    expect(inputs.get("videoLink")).toMatchObject({ type: "Input.Text", style: "url", maxLength: 500 });
    expect(inputs.get("reminderOffsets")).toMatchObject({ type: "Input.Text", isRequired: false });
    expect(cardText(card)).toContain("A name such as Europe/London");
    expect(cardActions(card)).toEqual([
      { type: "Action.Submit", title: "Save", style: "positive", data: { formId: FormIds.setup, metadata: "" } },
    ]);
  });

  test("a textarea is a multiline Input.Text", () => {
    const form: Form = {
      formId: FormIds.setup,
      title: "Case",
      submitLabel: "Submit",
      metadata: "m",
      fields: [{ id: "history", label: "Relevant history", kind: "textarea", required: false, maxLength: 3000 }],
    };
    const card = json(renderForm(form));
    expectValidAdaptiveCard(card);
    expect(cardInputs(card).get("history")).toMatchObject({ type: "Input.Text", isMultiline: true, maxLength: 3000 });
  });

  test("a dialog shown again keeps what was typed and puts each message under its field", () => {
    const form = moveForm(NETWORK, session(1));
    const response = dialogResponse(form, {
      values: { date: "2026-12-01", time: "25:99" },
      errors: {
        date: "The new date and time must be in the future.",
        time: "Give the new start time as HH:MM, 24-hour.",
      },
    });
    const card = json(response.task.type === "continue" ? response.task.value.card.content : {});
    expectValidAdaptiveCard(card);
    const body = card.body as Array<Record<string, unknown>>;
    const dateAt = body.findIndex((e) => e.id === "date");
    expect(body[dateAt]).toMatchObject({
      type: "Input.Date",
      value: "2026-12-01",
      errorMessage: "The new date and time must be in the future.",
    });
    expect(body[dateAt + 1]).toMatchObject({
      type: "TextBlock",
      color: "attention",
      text: "The new date and time must be in the future.",
    });
    const timeAt = body.findIndex((e) => e.id === "time");
    expect(body[timeAt]?.value).toBeUndefined(); // not a time the picker can show
    expect(body[timeAt + 1]).toMatchObject({ color: "attention", text: "Give the new start time as HH:MM, 24-hour." });
    expect(body[0]).toMatchObject({ color: "attention" });
  });

  test("submitted values come back as one string per field", () => {
    const fields = setupForm(undefined, new Date()).fields;
    const values = typedValues(
      formValues({
        formId: FormIds.setup,
        metadata: "",
        msteams: {},
        name: "Net",
        durationMinutes: 90,
        firstDate: "2026-12-02T00:00:00.000Z",
        startTime: "12:30:00",
        cadence: "weekly",
        extra: "ignored",
      }),
      fields,
    );
    expect(values).toEqual({
      ...Object.fromEntries(fields.map((f) => [f.id, ""])),
      name: "Net",
      cadence: "weekly",
      firstDate: "2026-12-02",
      startTime: "12:30",
      durationMinutes: "90",
    });
  });

  test("the dialog's submit data goes to the core without the adapter's own keys, numbers left as numbers", () => {
    expect(
      formValues({ formId: FormIds.setup, metadata: "m", msteams: {}, verb: "v", value: "x", durationMinutes: 90 }),
    ).toEqual({
      durationMinutes: 90,
    });
  });

  test("a form field may not use an id that the dialog's submit data needs", () => {
    const form: Form = {
      formId: FormIds.setup,
      title: "x",
      submitLabel: "x",
      metadata: "",
      fields: [{ id: "metadata", label: "x", kind: "text", required: false }],
    };
    expect(() => renderForm(form)).toThrow('form field id "metadata" is reserved');
  });

  test("a form command is answered by a card whose one button opens the form", () => {
    const card = json(renderCard(formLauncher(setupForm(NETWORK, new Date()))));
    expectValidAdaptiveCard(card);
    expect(cardActions(card)).toEqual([
      expect.objectContaining({
        type: "Action.Submit",
        data: {
          msteams: { type: "task/fetch" },
          verb: ActionIds.openForm,
          value: JSON.stringify({ f: FormIds.setup, m: "net-1" }),
        },
      }),
    ]);
  });
});
