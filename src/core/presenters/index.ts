/** `present` (slots), `rotation` (who is next, away dates, spokes), their buttons and forms. */
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import type { CoreDeps, Feature } from "../feature";
import { ActionIds, FormIds } from "../ids";
import { isValidDate, localDate } from "../networks/schedule";
import { networkFor } from "../networks/service";
import type { Network } from "../ports";
import { canManage, requireManager } from "../roles";
import { cardReply, type Reply, text } from "../ui/model";
import { acceptAsk, passAsk } from "./asks";
import { assignForm, presentCard, rotationCard, swapForm } from "./cards";
import { awayOn, rotationOrder } from "./rotation";
import { assign, claim, release, slotContext, swap, upcomingSlots } from "./slots";

async function presentReply(deps: CoreDeps, ctx: Ctx, network: Network, replaceOriginal: boolean): Promise<Reply> {
  const member = await deps.store.members.find(network.id, ctx.actor.user);
  const rows = await upcomingSlots(deps, network);
  return cardReply(
    presentCard(network, rows, { memberId: member?.id ?? null, manage: canManage(ctx, member) }),
    "private",
    replaceOriginal,
  );
}

async function rotationReply(deps: CoreDeps, network: Network): Promise<Reply> {
  const now = deps.clock.now();
  const members = await deps.store.members.list(network.id);
  const queue = rotationOrder(members, await deps.store.slots.history(network.id, now), 5);
  const away = await deps.store.people.awayFor(network.id);
  const [next] = (await upcomingSlots(deps, network)).map((r) => r.session);
  const day = next ? localDate(next.startsAt, network.timeZone) : "";
  const awayIds = new Set(queue.filter((e) => day && awayOn(away, e.member.id, day)).map((e) => e.member.id));
  return cardReply(rotationCard(network, queue, await deps.store.people.spokes(network.id), awayIds));
}

const MENTION = /^<@([^>|]+)(?:\|([^>]*))?>$/;

async function rotationCommand(deps: CoreDeps, ctx: Ctx, args: string[]): Promise<Reply> {
  const network = await networkFor(deps.store, ctx);
  const [sub, ...rest] = args;
  if (!sub) return rotationReply(deps, network);
  if (sub === "away") {
    const [from, to = from] = rest;
    if (!from || !isValidDate(from) || !to || !isValidDate(to) || to < from || rest.length > 2)
      return text("Usage: `rotation away YYYY-MM-DD [YYYY-MM-DD]` (the first and last day you are away).");
    const member = await deps.store.members.find(network.id, ctx.actor.user);
    if (!member) throw new DomainError("forbidden", `You are not a member of ${network.name}.`);
    await deps.store.people.addAway(member.id, from, to);
    return text(`Noted: you are away from ${from} to ${to}. The rotation skips you then and keeps your place.`);
  }
  if (sub === "spoke") {
    const mention = MENTION.exec(rest[0] ?? "");
    const name = rest.slice(1).join(" ").trim();
    if (!mention || !name || name.length > 80)
      return text("Usage: `rotation spoke @person <spoke name>` (a practice, hospice or care home).");
    requireManager(ctx, await deps.store.members.find(network.id, ctx.actor.user), "set spokes");
    const member = await deps.store.members.find(network.id, mention[1] as string);
    if (!member)
      throw new DomainError("not_found", "That person is not a member yet: add them with `role @person member` first.");
    const spoke = await deps.store.people.setSpoke(network.id, member.id, name);
    return text(`${member.displayName} is at ${spoke.name}.`);
  }
  return text("Usage: `rotation`, `rotation away YYYY-MM-DD [YYYY-MM-DD]`, or `rotation spoke @person <spoke name>`.");
}

export const presentersFeature: Feature = {
  commands: {
    present: async (deps, ctx) => presentReply(deps, ctx, await networkFor(deps.store, ctx), false),
    rotation: async (deps, ctx, command) => rotationCommand(deps, ctx, "args" in command ? command.args : []),
  },
  actions: {
    [ActionIds.slotClaim]: async (deps, ctx, value) => {
      const result = await claim(deps, ctx, value);
      const { network } = await slotContext(deps, value);
      if (!result.ok) return text(`Sorry, that slot was just taken${result.holder ? ` by ${result.holder}` : ""}.`);
      return presentReply(deps, ctx, network, true);
    },
    [ActionIds.slotRelease]: async (deps, ctx, value) => presentReply(deps, ctx, await release(deps, ctx, value), true),
    [ActionIds.slotFree]: async (deps, ctx, value) =>
      presentReply(deps, ctx, await assign(deps, ctx, value, null), true),
    [ActionIds.askAccept]: async (deps, ctx, value) => text(await acceptAsk(deps, ctx, value)),
    [ActionIds.askPass]: async (deps, ctx, value) => text(await passAsk(deps, ctx, value)),
  },
  forms: {
    [FormIds.slotAssign]: {
      open: async (deps, ctx, metadata) => {
        const { network, slot } = await slotContext(deps, metadata);
        requireManager(ctx, await deps.store.members.find(network.id, ctx.actor.user), "assign case slots");
        return assignForm(slot, await deps.store.members.list(network.id));
      },
      submit: async (deps, ctx, metadata, values) => {
        const chosen = (values.member ?? "").trim();
        if (!chosen) return { kind: "errors", errors: { member: "Choose someone, or “Nobody”." } };
        const network = await assign(deps, ctx, metadata, chosen === "none" ? null : chosen);
        return { kind: "done", reply: await presentReply(deps, ctx, network, false) };
      },
    },
    [FormIds.slotSwap]: {
      open: async (deps, ctx, metadata) => {
        const { network, slot } = await slotContext(deps, metadata);
        requireManager(ctx, await deps.store.members.find(network.id, ctx.actor.user), "swap case slots");
        return swapForm(network, slot, await upcomingSlots(deps, network));
      },
      submit: async (deps, ctx, metadata, values) => {
        const other = (values.other ?? "").trim();
        if (!other) return { kind: "errors", errors: { other: "Choose the slot to swap with." } };
        const network = await swap(deps, ctx, metadata, other);
        return { kind: "done", reply: await presentReply(deps, ctx, network, false) };
      },
    },
  },
};
