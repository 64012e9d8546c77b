/**
 * A network's survey questions: 1–5 scales and choices (answered with buttons) and free text (answered in a form),
 * at most 10. Facilitators edit them as lines of text, one question a line (or, where a form takes one line, as the
 * shell's does, each question after a `;`):
 *   scale: Overall, how satisfied were you with this session?
 *   choice: Will you change something in your practice? | Yes | No | I already do this
 *   text: Any other comments?
 */
export type Question =
  | { id: string; kind: "scale"; label: string }
  | { id: string; kind: "choice"; label: string; options: string[] }
  | { id: string; kind: "text"; label: string };

export const MAX_QUESTIONS = 10;
export const MAX_LABEL = 150;
export const MAX_OPTION = 40;
export const MAX_OPTIONS = 5;
export const MAX_ANSWER_TEXT = 1000;
export const SCALE_HINT = "1 = not at all, 5 = very much";

/**
 * The default ECHO evaluation set, in our own words, after the domains ECHO and CME/CPD evaluations measure:
 * satisfaction, relevance, confidence, intent to change practice, the case discussion, comments, future topics.
 */
export const DEFAULT_QUESTIONS: readonly Question[] = [
  { id: "q1", kind: "scale", label: "Overall, how satisfied are you with this session?" },
  { id: "q2", kind: "scale", label: "How relevant was it to your practice?" },
  { id: "q3", kind: "scale", label: "How confident do you feel with this topic now?" },
  {
    id: "q4",
    kind: "choice",
    label: "Will you change something in your practice because of this session?",
    options: ["Yes", "No", "I already do this"],
  },
  { id: "q5", kind: "text", label: "What will you change?" },
  { id: "q6", kind: "scale", label: "How useful was the case discussion?" },
  { id: "q7", kind: "text", label: "Any other comments?" },
  { id: "q8", kind: "text", label: "Topics you would like in future sessions" },
];

/** The questions as lines for the form. */
export function questionLines(questions: readonly Question[], separator = "\n"): string {
  return questions
    .map((q) => (q.kind === "choice" ? `choice: ${q.label} | ${q.options.join(" | ")}` : `${q.kind}: ${q.label}`))
    .join(separator);
}

export type ParsedQuestions = { ok: true; questions: Question[] } | { ok: false; message: string };

/** Reads the form's lines; the first problem found, in words for the facilitator, names its line. */
export function parseQuestionLines(textValue: string): ParsedQuestions {
  const lines = textValue
    .split(/\r?\n|;\s*(?=(?:scale|choice|text)\s*:)/i)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return { ok: false, message: "Write at least one question, one a line." };
  if (lines.length > MAX_QUESTIONS)
    return { ok: false, message: `At most ${MAX_QUESTIONS} questions (there are ${lines.length}).` };
  const questions: Question[] = [];
  for (const [i, line] of lines.entries()) {
    const where = `Line ${i + 1}`;
    const match = /^(scale|choice|text)\s*:\s*(.*)$/i.exec(line);
    if (!match) return { ok: false, message: `${where}: start it with \`scale:\`, \`choice:\` or \`text:\`.` };
    const kind = (match[1] as string).toLowerCase() as Question["kind"];
    const [label = "", ...options] = (match[2] as string).split("|").map((p) => p.trim());
    if (!label) return { ok: false, message: `${where}: the question has no words.` };
    if (label.length > MAX_LABEL)
      return { ok: false, message: `${where}: keep the question to ${MAX_LABEL} characters (it has ${label.length}).` };
    const id = `q${i + 1}`;
    if (kind !== "choice") {
      if (options.length) return { ok: false, message: `${where}: only a choice question has options after |.` };
      questions.push({ id, kind, label });
      continue;
    }
    if (options.length < 2 || options.length > MAX_OPTIONS)
      return { ok: false, message: `${where}: a choice needs 2 to ${MAX_OPTIONS} options, each after a |.` };
    const bad = options.find((o) => !o || o.length > MAX_OPTION);
    if (bad !== undefined) return { ok: false, message: `${where}: each option needs 1 to ${MAX_OPTION} characters.` };
    if (new Set(options.map((o) => o.toLowerCase())).size !== options.length)
      return { ok: false, message: `${where}: each option only once.` };
    questions.push({ id, kind, label, options });
  }
  return { ok: true, questions };
}

/** The stored questions of a network or a survey; an empty or unreadable list is the default set. */
export function storedQuestions(json: string): Question[] {
  try {
    const parsed = parseQuestionLines(questionLines(JSON.parse(json) as Question[]));
    return parsed.ok ? parsed.questions : [...DEFAULT_QUESTIONS];
  } catch {
    return [...DEFAULT_QUESTIONS];
  }
}

/** Whether a value is an answer this question takes: 1–5 for a scale, an option's index for a choice. */
export function validAnswer(question: Question, value: string): boolean {
  if (question.kind === "scale") return /^[1-5]$/.test(value);
  if (question.kind === "choice") return /^\d$/.test(value) && Number(value) < question.options.length;
  return value.length > 0 && value.length <= MAX_ANSWER_TEXT;
}

/** How an answer reads: the scale's number, the choice's option, the text. */
export function answerText(question: Question, value: string): string {
  return question.kind === "choice" ? (question.options[Number(value)] ?? "") : value;
}

/** Complete: every scale and choice question answered (free text is optional). */
export const isComplete = (questions: readonly Question[], answered: ReadonlyMap<string, string>) =>
  questions.every((q) => q.kind === "text" || answered.has(q.id));
