/** Proposing topics: one per title, near-identical titles included. */
import { distance } from "fastest-levenshtein";
import { type Access, requireMember } from "../access";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError } from "../errors";
import type { Topic } from "./ports";

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 1000;
export const TEACHER_MAX = 120;

/** Lower case, no punctuation or accents, single spaces: "Delirium — in care homes!" → "delirium in care homes". */
export function titleKey(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Near-identical: the normalised titles differ by at most one edit in ten characters (typos, plurals). */
export function nearDuplicate(key: string, topics: Topic[]): Topic | undefined {
  return topics.find((t) => {
    if (t.status === "withdrawn") return false;
    if (t.titleKey === key) return true;
    const longest = Math.max(t.titleKey.length, key.length);
    return longest >= 8 && distance(t.titleKey, key) <= Math.floor(longest / 10);
  });
}

export type TitleCheck = { ok: true; title: string } | { ok: false; message: string };

export function checkTitle(raw: string): TitleCheck {
  const title = raw.trim().replace(/\s+/g, " ");
  if (!title || !titleKey(title)) return { ok: false, message: "Give the topic a title." };
  if (title.length > TITLE_MAX)
    return { ok: false, message: `Keep the title to ${TITLE_MAX} characters (it has ${title.length}).` };
  return { ok: true, title };
}

export type ProposeResult =
  | { ok: true; topic: Topic }
  | { ok: false; field: "title" | "description" | "suggestedTeacher"; message: string };

export async function proposeTopic(
  deps: CoreDeps,
  ctx: Ctx,
  access: Access,
  input: { title: string; description?: string; suggestedTeacher?: string },
): Promise<ProposeResult> {
  const checked = checkTitle(input.title);
  if (!checked.ok) return { ok: false, field: "title", message: checked.message };
  const description = input.description?.trim() || null;
  if (description && description.length > DESCRIPTION_MAX)
    return { ok: false, field: "description", message: `Keep the description to ${DESCRIPTION_MAX} characters.` };
  const suggestedTeacher = input.suggestedTeacher?.trim() || null;
  if (suggestedTeacher && suggestedTeacher.length > TEACHER_MAX)
    return { ok: false, field: "suggestedTeacher", message: `Keep the teacher's name to ${TEACHER_MAX} characters.` };
  requireMember(access, ctx, "propose topics");
  const { network } = access;
  const key = titleKey(checked.title);
  const existing = nearDuplicate(key, await deps.store.topics.list(network.id));
  const duplicate = (t: Topic) =>
    ({
      ok: false,
      field: "title",
      message: `“${t.title}” is already proposed (${statusWords(t)}). Vote for it instead.`,
    }) as const;
  if (existing) return duplicate(existing);
  const topic = await deps.store.topics.create({
    networkId: network.id,
    title: checked.title,
    titleKey: key,
    description,
    suggestedTeacher,
    proposedBy: ctx.actor.user,
  });
  if (!topic) {
    // someone proposed the same title at the same moment
    const raced = (await deps.store.topics.list(network.id)).find((t) => t.titleKey === key);
    if (raced) return duplicate(raced);
    throw new DomainError("conflict", "That title was just proposed by someone else.");
  }
  await deps.store.audit.record({
    networkId: network.id,
    actor: ctx.actor.user,
    action: "topic.propose",
    detail: { topicId: topic.id },
  });
  return { ok: true, topic };
}

export function statusWords(topic: Topic): string {
  switch (topic.status) {
    case "proposed":
      return "proposed";
    case "on_ballot":
      return "on the ballot";
    case "planned":
      return "planned";
    case "taught":
      return "taught";
    case "withdrawn":
      return "withdrawn";
  }
}
