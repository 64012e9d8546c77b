/**
 * `recording`: a held session's recording, slides and note, added by facilitators and admins with a form or in one
 * line (`recording last <url>`, `recording YYYY-MM-DD <url>`), and told to the network's channel once.
 */
import { z } from "zod";
import { type Access, channelAccess, outOfDate, recordAccess, requireManager } from "../access";
import { sessionOn } from "../attendance/corrections";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError } from "../errors";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import type { Network, Session } from "../ports";
import { isValidDate, localDate } from "../sessions/calendar";
import { sessionsHeld } from "../sessions/lifecycle";
import { choice, jsonValue, text as textInput } from "../ui/inputs";
import { cardReply, type Reply, text } from "../ui/model";
import { editForm, MAX_NOTE, recordingCard, recordingForm } from "./cards";
import { libraryCard, libraryEntries, PAGE_SIZE, search, searchWords } from "./library";
import { checkLink } from "./links";
import { nudgeHandlers, planNudge } from "./nudge";
import type { Recording } from "./ports";

const USAGE =
  "Usage: `recording` (a form), `recording last <link>` (the last session held), `recording YYYY-MM-DD <link>`, " +
  "`recording edit YYYY-MM-DD`, `recording remove YYYY-MM-DD`, or `recording nudge on|off`.";

/** The network's sessions held so far, newest first. */
const heldSessions = async (deps: CoreDeps, network: Network): Promise<Session[]> =>
  (await sessionsHeld(deps.store, network.id, deps.clock.now())).reverse();

/** What a recording can be added to: a session of this network that has been held; in words why not otherwise. */
function heldOrWhy(network: Network, session: Session | undefined, date: string): Session {
  if (!session) throw new DomainError("invalid_input", `${network.name} has no session on ${date}.`);
  if (session.status !== "held")
    throw new DomainError(
      "invalid_input",
      `The session on ${localDate(session.startsAt, network.timeZone)} has not happened yet: a recording can be added once it has been held.`,
    );
  return session;
}

interface Adding {
  session: Session;
  url: string;
  slidesUrl: string | null;
  note: string | null;
  replace: boolean;
}

/** Stores the recording (an audit entry too) and makes the channel's one message about it. */
async function addRecording(deps: CoreDeps, ctx: Ctx, access: Access, adding: Adding) {
  const { network } = access;
  const { session } = adding;
  const recording: Recording = await deps.store.transaction(async (store) => {
    const added = await store.recordings.add(
      {
        sessionId: session.id,
        url: adding.url,
        slidesUrl: adding.slidesUrl,
        note: adding.note,
        addedBy: ctx.actor.user,
      },
      adding.replace,
    );
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: adding.replace ? "recording.replace" : "recording.add",
      detail: { sessionId: session.id, recordingId: added.id },
    });
    return added;
  });
  const teacher = session.teacherUser
    ? (await deps.store.members.find(network.id, session.teacherUser))?.displayName
    : undefined;
  return recordingCard(network, session, recording, teacher);
}

async function recordingCommand(deps: CoreDeps, ctx: Ctx, words: { session?: string; url?: string }): Promise<Reply> {
  const access = await channelAccess(deps, ctx);
  requireManager(access, "add a recording");
  const { network } = access;
  if (words.session === undefined || words.url === undefined) {
    const held = await heldSessions(deps, network);
    if (held.length === 0)
      return text(`${network.name} has held no sessions yet: a recording can be added once one has been held.`);
    return { kind: "form", form: recordingForm(network, held) };
  }
  const which = words.session.toLowerCase();
  if (which === "nudge" || which === "edit" || which === "remove")
    return manageCommand(deps, ctx, access, which, words.url);
  let session: Session | undefined;
  if (which === "last") {
    session = (await heldSessions(deps, network))[0];
    if (!session)
      return text(`${network.name} has held no sessions yet: a recording can be added once one has been held.`);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(which) && isValidDate(which))
    session = heldOrWhy(network, await sessionOn(deps, network, which), which);
  else return text(`\`${words.session.slice(0, 20)}\` is not \`last\` or a date. ${USAGE}`);
  const link = checkLink(words.url);
  if (!link.ok) return text(`Recording link: ${link.message}`);
  const card = await addRecording(deps, ctx, access, {
    session,
    url: link.url,
    slidesUrl: null,
    note: null,
    replace: false,
  });
  return cardReply(card, "public");
}

/** Only the network's members see its library (what it holds, and that it holds anything). */
function requireLibraryMember(access: Access): void {
  if (!access.member) throw new DomainError("forbidden", "Only the network's members can see its library.");
}

/** A page of the library, or of the sessions that match the words. */
async function libraryReply(deps: CoreDeps, network: Network, query: string, page: number, replace = false) {
  const held = await heldSessions(deps, network);
  if (held.length === 0) return text(`${network.name} has held no sessions yet: its library starts with the first.`);
  const entries = libraryEntries(
    network,
    held,
    await deps.store.recordings.ofNetwork(network.id),
    await deps.store.members.everyone(network.id),
  );
  const found = search(entries, searchWords(query));
  if (found.length === 0)
    return text(
      `Nothing found for “${query}” in ${network.name}'s library. Try a topic, a teacher, a month (\`november\`, \`2026-11\`) or a date.`,
    );
  const last = Math.max(0, Math.ceil(found.length / PAGE_SIZE) - 1);
  return cardReply(libraryCard(network, found, query, Math.min(page, last)), "private", replace);
}

const pageButton = jsonValue(
  z.object({
    n: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    q: z.string().max(200),
    p: z.number().int().min(0).max(10_000),
  }),
);

/** `recording nudge on|off`, `recording edit <date>`, `recording remove <date>`. */
async function manageCommand(deps: CoreDeps, ctx: Ctx, access: Access, which: string, arg: string): Promise<Reply> {
  const { network } = access;
  if (which === "nudge") {
    const on = arg.toLowerCase();
    if (on !== "on" && on !== "off") return text("Usage: `recording nudge on` or `recording nudge off`.");
    await deps.store.recordings.setNudge(network.id, on === "on");
    return text(
      on === "on"
        ? "Facilitators get one reminder when a session has no recording two days after it."
        : "No more reminders about sessions without a recording.",
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(arg) || !isValidDate(arg))
    return text(`\`${arg.slice(0, 20)}\` is not a date. ${USAGE}`);
  const session = heldOrWhy(network, await sessionOn(deps, network, arg), arg);
  const recordings = await deps.store.recordings.ofSession(session.id);
  const latest = recordings.at(-1);
  if (!latest) return text(`The session on ${arg} has no recording.`);
  if (which === "edit") return { kind: "form", form: editForm(network, session, latest) };
  const removed = await deps.store.transaction(async (store) => {
    const count = await store.recordings.removeOfSession(session.id);
    await store.audit.record({
      networkId: network.id,
      actor: ctx.actor.user,
      action: "recording.remove",
      detail: { sessionId: session.id, recordings: count },
    });
    return count;
  });
  return text(`Removed ${removed === 1 ? "the recording" : `${removed} recordings`} of the session on ${arg}.`);
}

const editSchema = z.object({ url: textInput, slides: textInput, note: textInput });

/** A link, slides and note as typed in a form: each problem on its field. */
function linkFields(values: { url: string; slides: string; note: string }) {
  const errors: Record<string, string> = {};
  const url = checkLink(values.url);
  if (!values.url) errors.url = "Paste the recording's link.";
  else if (!url.ok) errors.url = url.message;
  const slides = values.slides ? checkLink(values.slides) : undefined;
  if (slides && !slides.ok) errors.slides = slides.message;
  if (values.note.length > MAX_NOTE)
    errors.note = `Keep the note to ${MAX_NOTE} characters (this one has ${values.note.length}).`;
  const ok = url.ok && (!slides || slides.ok);
  return {
    errors,
    fields: ok ? { url: url.url, slidesUrl: slides?.ok ? slides.url : null, note: values.note || null } : undefined,
  };
}

const recordingSchema = z.object({
  session: textInput,
  url: textInput,
  slides: textInput,
  note: textInput,
  existing: choice(["keep", "replace"], "Choose whether to keep the earlier recording or replace it."),
});

/** The recording an edit form names, with access to its network checked against where the request came from. */
async function managedRecording(deps: CoreDeps, ctx: Ctx, id: string) {
  const recording = await deps.store.recordings.byId(id);
  const session = recording && (await deps.store.sessions.byId(recording.sessionId));
  if (!recording || !session) throw outOfDate();
  const access = await recordAccess(deps, ctx, session.networkId);
  requireManager(access, "change a recording");
  return { access, session, recording };
}

export const recordingsFeature: Feature = {
  name: "recordings",
  handlers: nudgeHandlers,
  onEnd: planNudge,
  commands: {
    recording: (deps, ctx, command) => recordingCommand(deps, ctx, command.name === "recording" ? command : {}),
    library: async (deps, ctx, command) => {
      const access = await channelAccess(deps, ctx);
      requireLibraryMember(access);
      const query = command.name === "library" ? command.words.trim().slice(0, 200) : "";
      return libraryReply(deps, access.network, query, 0);
    },
  },
  actions: {
    // the network a page names is checked against where the click came from, and the clicker must be its member
    [ActionIds.libraryPage]: action(pageButton, async (deps, ctx, { n, q, p }) => {
      const access = await recordAccess(deps, ctx, n);
      requireLibraryMember(access);
      return libraryReply(deps, access.network, q, p, true);
    }),
  },
  forms: {
    [FormIds.recordingEdit]: form({
      schema: editSchema,
      open: async (deps, ctx, metadata) => {
        const { access, session, recording } = await managedRecording(deps, ctx, metadata);
        return editForm(access.network, session, recording);
      },
      submit: async (deps, ctx, metadata, values) => {
        const { access, session, recording } = await managedRecording(deps, ctx, metadata);
        const links = linkFields(values);
        if (!links.fields) return { kind: "errors", errors: links.errors };
        const { fields } = links;
        await deps.store.transaction(async (store) => {
          await store.recordings.update(recording.id, fields);
          await store.audit.record({
            networkId: access.network.id,
            actor: ctx.actor.user,
            action: "recording.edit",
            detail: { sessionId: session.id, recordingId: recording.id },
          });
        });
        return {
          kind: "done",
          reply: text(`Saved the recording of ${localDate(session.startsAt, access.network.timeZone)}.`),
        };
      },
    }),
    [FormIds.recording]: form({
      schema: recordingSchema,
      open: async (deps, ctx, metadata) => {
        const access = await recordAccess(deps, ctx, metadata);
        requireManager(access, "add a recording");
        return recordingForm(access.network, await heldSessions(deps, access.network));
      },
      submit: async (deps, ctx, metadata, values) => {
        const access = await recordAccess(deps, ctx, metadata);
        requireManager(access, "add a recording");
        const { network } = access;
        const errors: Record<string, string> = {};
        // the session is checked on the server: one of this network's, and held
        const session = values.session ? await deps.store.sessions.byId(values.session) : undefined;
        if (!session || session.networkId !== network.id) errors.session = "Choose one of the sessions in the list.";
        else if (session.status !== "held")
          errors.session = "That session has not happened yet: a recording can be added once it has been held.";
        const links = linkFields(values);
        Object.assign(errors, links.errors);
        if (Object.keys(errors).length || !session || !links.fields) return { kind: "errors", errors };
        const card = await addRecording(deps, ctx, access, {
          session,
          ...links.fields,
          replace: values.existing === "replace",
        });
        return { kind: "done", reply: cardReply(card, "public") };
      },
    }),
  },
};
