/**
 * `attend` and `end`, the "I'm here" button, the correction form, and the attendance feature's part in the session
 * lifecycle: the channel's start message (with the button) at each start, the facilitators' summary at each end.
 */
import { z } from "zod";
import { type Access, canManage, channelAccess, outOfDate, recordAccess, requireManager } from "../access";
import { MENTION } from "../commands/grammar";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError } from "../errors";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import type { Network, Session } from "../ports";
import { isValidDate, localDate } from "../sessions/calendar";
import { choice, idValue, text as textInput } from "../ui/inputs";
import { cardReply, type Reply, text } from "../ui/model";
import { attendanceCard, checkInButton, checkInText, correctionForm, ownRecordText, startCard } from "./cards";
import { checkIn, checkInState, sessionNow } from "./checkin";
import {
  attendanceRows,
  correctAttendance,
  endSession,
  endSummary,
  reasonProblem,
  runningSession,
  sessionOn,
  sessionToShow,
} from "./corrections";

const ATTEND_USAGE =
  "Usage: `attend` (check in, or see the list), `attend YYYY-MM-DD` (another session), or, for facilitators, " +
  "`attend [YYYY-MM-DD] @person present|absent <reason>`.";

/** The session a button or form names, with access to its network checked against where the request came from. */
async function sessionAccess(
  deps: CoreDeps,
  ctx: Ctx,
  sessionId: string,
): Promise<{ access: Access; session: Session }> {
  const session = await deps.store.sessions.byId(sessionId);
  if (!session) throw outOfDate();
  return { access: await recordAccess(deps, ctx, session.networkId), session };
}

async function listReply(deps: CoreDeps, network: Network, session: Session): Promise<Reply> {
  const card = attendanceCard(network, session, await attendanceRows(deps, network, session));
  if (checkInState(session, deps.clock.now()) === "open")
    card.blocks.push({ kind: "actions", buttons: [checkInButton(session)] });
  return cardReply(card);
}

async function attendCommand(deps: CoreDeps, ctx: Ctx, args: string[]): Promise<Reply> {
  const access = await channelAccess(deps, ctx);
  const { network } = access;
  const now = deps.clock.now();
  const rest = [...args];
  const date = rest[0] && /^\d{4}-\d{2}-\d{2}$/.test(rest[0]) ? rest.shift() : undefined;
  if (date !== undefined && !isValidDate(date)) return text(`${date} is not a date. ${ATTEND_USAGE}`);
  const session = date ? await sessionOn(deps, network, date) : undefined;
  if (date && !session) return text(`${network.name} has no session on ${date}.`);

  if (rest.length > 0) {
    requireManager(access, "correct attendance");
    const mention = MENTION.exec(rest[0] ?? "");
    const verdict = rest[1]?.toLowerCase();
    if (!mention || (verdict !== "present" && verdict !== "absent")) return text(ATTEND_USAGE);
    const reason = rest.slice(2).join(" ");
    const problem = reasonProblem(reason);
    if (problem) return text(`${problem} ${ATTEND_USAGE}`);
    const member = await deps.store.members.find(network.id, mention[1] as string);
    if (!member) return text(`${mention[2] || "That person"} is not a member of ${network.name}.`);
    const target = session ?? (await sessionToShow(deps, network, now));
    if (!target) return text(`${network.name} has had no session yet.`);
    await correctAttendance(deps, ctx, access, target, member, verdict === "present", reason);
    return text(
      `Marked ${member.displayName} ${verdict} at ${network.name} on ${localDate(target.startsAt, network.timeZone)} (${reason.trim()}).`,
    );
  }

  if (canManage(access)) {
    const shown = session ?? (await sessionToShow(deps, network, now));
    if (!shown) return text(`${network.name} has had no session yet; check-in opens 30 minutes before each start.`);
    return listReply(deps, network, shown);
  }
  if (!access.member) throw new DomainError("forbidden", `Only members of ${network.name} can check in.`);
  if (session) {
    const record = (await deps.store.attendance.findMany(session.id, [access.member.id])).get(access.member.id);
    return text(ownRecordText(network, session, record));
  }
  const current = await sessionNow(deps, network, now);
  if (!current) return text(`${network.name} has no session scheduled.`);
  if (checkInState(current, now) === "closed") {
    const record = (await deps.store.attendance.findMany(current.id, [access.member.id])).get(access.member.id);
    return text(ownRecordText(network, current, record));
  }
  return text(checkInText(await checkIn(deps, ctx, current.id)));
}

const correctionSchema = z.object({
  member: idValue.or(z.literal("")),
  present: choice(["present", "absent"], "Choose present or absent."),
  reason: textInput,
});

export const attendanceFeature: Feature = {
  name: "attendance",
  commands: {
    attend: async (deps, ctx, command) => attendCommand(deps, ctx, "args" in command ? command.args : []),
    end: async (deps, ctx, command) => {
      if ("args" in command && command.args.length)
        return text("`end` takes no words after it; it ends the session now.");
      const access = await channelAccess(deps, ctx);
      requireManager(access, "end a session");
      return text(await endSession(deps, access, await runningSession(deps, access.network, deps.clock.now())));
    },
  },
  actions: {
    // "I'm here": the session's id is the only thing the button carries; who is checking in is who clicked
    [ActionIds.checkIn]: action(idValue, async (deps, ctx, sessionId) =>
      text(checkInText(await checkIn(deps, ctx, sessionId))),
    ),
    [ActionIds.sessionEnd]: action(idValue, async (deps, ctx, sessionId) => {
      const { access, session } = await sessionAccess(deps, ctx, sessionId);
      return text(await endSession(deps, access, session));
    }),
  },
  forms: {
    [FormIds.attendance]: form({
      schema: correctionSchema,
      open: async (deps, ctx, metadata) => {
        const { access, session } = await sessionAccess(deps, ctx, metadata);
        requireManager(access, "correct attendance");
        const rows = await attendanceRows(deps, access.network, session);
        return correctionForm(
          access.network,
          session,
          rows.map((r) => r.member),
        );
      },
      submit: async (deps, ctx, metadata, values) => {
        const { access, session } = await sessionAccess(deps, ctx, metadata);
        requireManager(access, "correct attendance");
        const member = (await deps.store.members.everyone(access.network.id)).find((m) => m.id === values.member);
        const errors: Record<string, string> = {};
        if (!member) errors.member = "Choose a member of this network.";
        const problem = reasonProblem(values.reason);
        if (problem) errors.reason = problem;
        if (!member || problem) return { kind: "errors", errors };
        const present = values.present === "present";
        await correctAttendance(deps, ctx, access, session, member, present, values.reason);
        return {
          kind: "done",
          reply: await listReply(deps, access.network, session),
        };
      },
    }),
  },
  onStart: async (deps, network, session) => {
    await deps.messenger.send(
      network.channel,
      { card: startCard(network, session) },
      { dedupeKey: `attendance:${session.id}:${session.startsAt.getTime()}:start` },
    );
  },
  onEnd: endSummary,
};
