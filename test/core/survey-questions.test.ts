import {
  answerText,
  DEFAULT_QUESTIONS,
  isComplete,
  parseQuestionLines,
  questionLines,
  storedQuestions,
  validAnswer,
} from "../../src/core/surveys/questions";

describe("survey questions as lines of text", () => {
  it("reads the default set back from its own lines, and from one line with each question after a semicolon", () => {
    expect(parseQuestionLines(questionLines(DEFAULT_QUESTIONS))).toEqual({ ok: true, questions: DEFAULT_QUESTIONS });
    expect(parseQuestionLines(questionLines(DEFAULT_QUESTIONS, "; "))).toEqual({
      ok: true,
      questions: DEFAULT_QUESTIONS,
    });
  });

  it("keeps a semicolon inside a question's words", () => {
    const parsed = parseQuestionLines("text: Anything else; for example a topic?\nscale: Overall");
    expect(parsed).toEqual({
      ok: true,
      questions: [
        { id: "q1", kind: "text", label: "Anything else; for example a topic?" },
        { id: "q2", kind: "scale", label: "Overall" },
      ],
    });
  });

  it.each([
    ["", "Write at least one question, one a line."],
    ["rating: How was it?", "Line 1: start it with `scale:`, `choice:` or `text:`."],
    ["scale: Fine\nchoice: Pick | only one", "Line 2: a choice needs 2 to 5 options, each after a |."],
    ["choice: Pick | a | b | c | d | e | f", "Line 1: a choice needs 2 to 5 options, each after a |."],
    ["choice: Pick | Yes | yes", "Line 1: each option only once."],
    ["scale: Fine | extra", "Line 1: only a choice question has options after |."],
    [`text: ${"x".repeat(151)}`, "Line 1: keep the question to 150 characters (it has 151)."],
  ])("refuses %j: %s", (input, message) => {
    expect(parseQuestionLines(input)).toEqual({ ok: false, message });
  });

  it("takes only the answers its buttons carry, and counts a response complete without the written ones", () => {
    const [q1, , , q4] = DEFAULT_QUESTIONS;
    if (!q1 || !q4) throw new Error("the default set changed");
    expect(["1", "5"].map((v) => validAnswer(q1, v))).toEqual([true, true]);
    expect(["0", "6", "4.5", ""].map((v) => validAnswer(q1, v))).toEqual([false, false, false, false]);
    expect(["0", "2", "3"].map((v) => validAnswer(q4, v))).toEqual([true, true, false]);
    expect(answerText(q4, "2")).toBe("I already do this");
    const answered = new Map([
      ["q1", "5"],
      ["q2", "4"],
      ["q3", "3"],
      ["q4", "0"],
    ]);
    expect(isComplete(DEFAULT_QUESTIONS, answered)).toBe(false);
    expect(isComplete(DEFAULT_QUESTIONS, new Map([...answered, ["q6", "5"]]))).toBe(true);
  });

  it("reads an empty or damaged stored list as the default set", () => {
    expect(storedQuestions("[]")).toEqual(DEFAULT_QUESTIONS);
    expect(storedQuestions("not json")).toEqual(DEFAULT_QUESTIONS);
  });
});
