import type { Ctx } from "../context";
import type { CoreDeps, Feature } from "../feature";
import { ActionIds, FormIds } from "../ids";
import type { Network } from "../ports";
import { canManage } from "../roles";
import { cardReply, type Reply } from "../ui/model";
import { moveForm, networkSummaryCard, scheduleCard, setupForm } from "./cards";
import { ensureSessions, loadSession, moveSession, networkFor, saveSetup, skipSession } from "./service";
import { parseSetup } from "./settings";

const SCHEDULE_DEFAULT = 6;

async function scheduleReply(
  deps: CoreDeps,
  ctx: Ctx,
  network: Network,
  count: number,
  replaceOriginal: boolean,
): Promise<Reply> {
  const now = deps.clock.now();
  await ensureSessions(deps.store, network, now, Math.max(count + 6, 12));
  const sessions = await deps.store.sessions.upcoming(
    network.id,
    new Date(now.getTime() - network.durationMinutes * 60_000),
    count,
  );
  const member = await deps.store.members.find(network.id, ctx.actor.user);
  const names = new Map((await deps.store.members.list(network.id)).map((m) => [m.user, m.displayName]));
  const viewer = { manage: canManage(ctx, member), member: member !== undefined, names };
  return cardReply(scheduleCard(network, sessions, viewer, count), "private", replaceOriginal);
}

export const networksFeature: Feature = {
  commands: {
    setup: async (deps, ctx) => ({ kind: "form", form: setupForm(await deps.store.networks.byChannel(ctx.channel)) }),
    schedule: async (deps, ctx, command) =>
      scheduleReply(
        deps,
        ctx,
        await networkFor(deps.store, ctx),
        command.name === "schedule" ? command.count : SCHEDULE_DEFAULT,
        false,
      ),
  },
  actions: {
    [ActionIds.sessionSkip]: async (deps, ctx, value) =>
      scheduleReply(deps, ctx, await skipSession(deps, ctx, value, true), SCHEDULE_DEFAULT, true),
    [ActionIds.sessionUnskip]: async (deps, ctx, value) =>
      scheduleReply(deps, ctx, await skipSession(deps, ctx, value, false), SCHEDULE_DEFAULT, true),
  },
  forms: {
    [FormIds.setup]: {
      open: async (deps, ctx) => setupForm(await deps.store.networks.byChannel(ctx.channel)),
      submit: async (deps, ctx, _metadata, values) => {
        const parsed = parseSetup(values);
        if (!parsed.ok) return { kind: "errors", errors: parsed.errors };
        const { network, created } = await saveSetup(deps, ctx, parsed.settings);
        const next = await deps.store.sessions.upcoming(network.id, deps.clock.now(), 1);
        const card = networkSummaryCard(network, created, next);
        return { kind: "done", reply: cardReply(card, "public") };
      },
    },
    [FormIds.sessionMove]: {
      open: async (deps, ctx, metadata) => {
        const { network, session } = await loadSession(deps, ctx, metadata);
        return moveForm(network, session);
      },
      submit: async (deps, ctx, metadata, values) => {
        const moved = await moveSession(deps, ctx, metadata, values.date ?? "", values.time ?? "");
        if (!moved.ok) return { kind: "errors", errors: moved.errors };
        return { kind: "done", reply: await scheduleReply(deps, ctx, moved.network, SCHEDULE_DEFAULT, false) };
      },
    },
  },
};
