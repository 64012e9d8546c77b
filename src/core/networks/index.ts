/** The networks feature: `setup` and `schedule`, skipping, restoring and moving sessions. */
import { z } from "zod";
import { type Access, canManage, channelAccess } from "../access";
import type { CoreDeps } from "../deps";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import { isValidDate, isValidTime } from "../sessions/calendar";
import { dateText, idValue, timeText } from "../ui/inputs";
import { cardReply, type Reply, text } from "../ui/model";
import { moveForm, networkSummaryCard, scheduleCard, setupForm } from "./cards";
import { managedSession, moveSession, saveSetup, skipSession } from "./service";
import { setupSchema } from "./settings";

const SCHEDULE_DEFAULT = 6;

async function scheduleReply(deps: CoreDeps, access: Access, count: number, replaceOriginal: boolean): Promise<Reply> {
  const { network } = access;
  const now = deps.clock.now();
  await deps.sessions.ensure(deps.store, network, now, Math.max(count + 6, 12));
  const sessions = await deps.store.sessions.upcoming(
    network.id,
    new Date(now.getTime() - network.durationMinutes * 60_000),
    count,
  );
  const names = new Map((await deps.store.members.everyone(network.id)).map((m) => [m.user, m.displayName]));
  const viewer = { manage: canManage(access), member: access.member !== undefined, names };
  return cardReply(scheduleCard(network, sessions, viewer, count), "private", replaceOriginal);
}

const moveSchema = z.object({
  date: dateText.pipe(z.string().refine(isValidDate, "Give the new date as YYYY-MM-DD.")),
  time: timeText.pipe(z.string().refine(isValidTime, "Give the new start time as HH:MM, 24-hour.")),
});

export const networksFeature: Feature = {
  name: "networks",
  commands: {
    setup: async (deps, ctx) => ({
      kind: "form",
      form: setupForm(await deps.store.networks.byChannel(ctx.channel), deps.clock.now()),
    }),
    schedule: async (deps, ctx, command) =>
      scheduleReply(
        deps,
        await channelAccess(deps, ctx),
        command.name === "schedule" ? command.count : SCHEDULE_DEFAULT,
        false,
      ),
  },
  actions: {
    [ActionIds.sessionSkip]: action(idValue, async (deps, ctx, sessionId) =>
      scheduleReply(deps, await skipSession(deps, ctx, sessionId, true), SCHEDULE_DEFAULT, true),
    ),
    [ActionIds.sessionUnskip]: action(idValue, async (deps, ctx, sessionId) =>
      scheduleReply(deps, await skipSession(deps, ctx, sessionId, false), SCHEDULE_DEFAULT, true),
    ),
  },
  forms: {
    [FormIds.setup]: form({
      schema: setupSchema,
      open: async (deps, ctx) => setupForm(await deps.store.networks.byChannel(ctx.channel), deps.clock.now()),
      submit: async (deps, ctx, _metadata, settings) => {
        const { network, created, changed } = await saveSetup(deps, ctx, settings);
        if (!changed)
          return { kind: "done", reply: text(`Nothing changed: ${network.name}'s settings are as they were.`) };
        const next = await deps.store.sessions.upcoming(network.id, deps.clock.now(), 1);
        return { kind: "done", reply: cardReply(networkSummaryCard(network, created, next), "public") };
      },
    }),
    [FormIds.sessionMove]: form({
      schema: moveSchema,
      open: async (deps, ctx, metadata) => {
        const { access, session } = await managedSession(deps, ctx, metadata, "move a session");
        return moveForm(access.network, session);
      },
      submit: async (deps, ctx, metadata, { date, time }) => {
        const moved = await moveSession(deps, ctx, metadata, date, time);
        if (!moved.ok) return { kind: "errors", errors: moved.errors };
        return { kind: "done", reply: await scheduleReply(deps, moved.access, SCHEDULE_DEFAULT, false) };
      },
    }),
  },
};
