/** Reading Teams markdown in tests: as people read it, and what in it could make a link or a tag. */

/** Teams markdown as people read it: CommonMark's backslash escapes (src/teams/render.ts, teamsMarkdown) removed. */
export const teamsRead = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, "$1");

/** A pattern found where no backslash escapes it (an even run of backslashes before it escapes only themselves). */
const unescaped = (pattern: string) => new RegExp(`(?<!\\\\)(?:\\\\\\\\)*(?:${pattern})`, "i");

/**
 * What in Teams markdown could make a link, a mention or a tag, read as a client that shows no code spans would
 * read it: an unescaped "](" (a markdown link or image), or an unescaped "<" that starts an address (<https:…>), an
 * HTML anchor (<a …>), a Slack-style mention or ping (<@…>, <!…>, <#…>) or a Teams mention tag (<at>). Empty when safe.
 */
export function markdownHazards(text: string): string[] {
  const found: string[] = [];
  if (unescaped("\\]\\s*\\(").test(text)) found.push(`a markdown link in ${JSON.stringify(text)}`);
  if (unescaped("<(?:[a-z][a-z0-9+.-]*:|/?a[\\s>]|at>|[@!#])").test(text))
    found.push(`a tag, address or mention in angle brackets in ${JSON.stringify(text)}`);
  return found;
}

/**
 * Every markdown text in what the bot sent Teams or answered with (TextBlocks, FactSets, message text) that could
 * make a link or a tag (see `markdownHazards`). Empty when all is escaped.
 */
export function teamsHazards(payload: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const o = value as Record<string, unknown>;
    const markdown: unknown[] = [];
    if (o.type === "TextBlock") markdown.push(o.text);
    if (o.type === "FactSet")
      for (const fact of (o.facts as Array<{ title?: unknown; value?: unknown }> | undefined) ?? [])
        markdown.push(fact.title, fact.value);
    if (o.type === "message" && o.textFormat === "markdown") markdown.push(o.text);
    for (const text of markdown) if (typeof text === "string") found.push(...markdownHazards(text));
    for (const v of Object.values(o)) walk(v);
  };
  walk(payload);
  return found;
}
