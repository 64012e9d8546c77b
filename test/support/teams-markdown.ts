/** Reading Teams markdown in tests: as people read it, and what in it could make a link or a tag. */

/** Teams markdown as people read it: CommonMark's backslash escapes (src/teams/render.ts, teamsMarkdown) removed. */
export const teamsRead = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, "$1");

/**
 * Markdown that Teams could turn into a link or markup: an unescaped `[…](` or `[…]`, an HTML tag or autolink (`<`).
 * Empty when the text is safe.
 */
export function markdownHazards(text: string): string[] {
  const unescaped = (c: string) => new RegExp(`(?<!\\\\)(?:\\\\\\\\)*\\${c}`);
  const found: string[] = [];
  if (unescaped("[").test(text) || unescaped("]").test(text))
    found.push(`a link's brackets in ${JSON.stringify(text)}`);
  if (unescaped("<").test(text)) found.push(`an HTML tag or autolink in ${JSON.stringify(text)}`);
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
