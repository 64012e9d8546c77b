/** `present` (slots), `rotation` (who is next, away dates, spokes), their buttons and forms. */
import { z } from "zod";
import { type Access, canManage, channelAccess, recordAccess, requireManager } from "../access";
import { MENTION } from "../commands/grammar";
import type { Ctx } from "../context";
import type { CoreDeps } from "../deps";
import { DomainError } from "../errors";
import { action, type Feature, form } from "../feature";
import { ActionIds, FormIds } from "../ids";
import type { Network } from "../ports";
import { isValidDate, localDate } from "../sessions/calendar";
import { idValue, text as textInput } from "../ui/inputs";
import { cardReply, type Reply, text } from "../ui/model";
import { acceptAsk, passAsk, rotationSessionJobs } from "./asks";
import { assignForm, presentCard, rotationCard, swapForm } from "./cards";
import { presenterHandlers } from "./jobs";
import { awayOn, rotationOrder } from "./rotation";
import { assign, claim, listedSlots, release, slotContext, swap, upcomingSlots } from "./slots";

async function presentReply(deps: CoreDeps, access: Access, replaceOriginal: boolean): Promise<Reply> {
  const { network, member } = access;
  const rows = await upcomingSlots(deps, network);
  return cardReply(
    presentCard(network, rows, { memberId: member?.id ?? null, manage: canManage(access) }),
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

async function rotationCommand(deps: CoreDeps, ctx: Ctx, args: string[]): Promise<Reply> {
  const access = await channelAccess(deps, ctx);
  const { network } = access;
  const [sub, ...rest] = args;
  if (!sub) return rotationReply(deps, network);
  if (sub === "away") {
    const [from, to = from] = rest;
    if (!from || !isValidDate(from) || !to || !isValidDate(to) || to < from || rest.length > 2)
      return text("Usage: `rotation away YYYY-MM-DD [YYYY-MM-DD]` (the first and last day you are away).");
    const { member } = access;
    if (!member) throw new DomainError("forbidden", `You are not a member of ${network.name}.`);
    await deps.store.people.addAway(member.id, from, to);
    return text(`Noted: you are away from ${from} to ${to}. The rotation skips you then and keeps your place.`);
  }
  if (sub === "spoke") {
    const mention = MENTION.exec(rest[0] ?? "");
    const name = rest.slice(1).join(" ").trim();
    if (!mention || !name || name.length > 80)
      return text("Usage: `rotation spoke @person <spoke name>` (a practice, hospice or care home).");
    requireManager(access, "set spokes");
    const found = await deps.store.members.find(network.id, mention[1] as string);
    const member = found?.active ? found : undefined;
    if (!member)
      throw new DomainError("not_found", "That person is not a member yet: add them with `role @person member` first.");
    const spoke = await deps.store.people.setSpoke(network.id, member.id, name);
    return text(`${member.displayName} is at ${spoke.name}.`);
  }
  return text("Usage: `rotation`, `rotation away YYYY-MM-DD [YYYY-MM-DD]`, or `rotation spoke @person <spoke name>`.");
}

const assignSchema = z.object({ member: textInput.pipe(z.string().min(1, "Choose someone, or “Nobody”.")) });
const swapSchema = z.object({
  other: textInput
    .pipe(z.string().min(1, "Choose the slot to swap with."))
    .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}~[0-9a-f]{12}$/, "Choose one of the slots in the list.")),
});

export const presentersFeature: Feature = {
  name: "presenters",
  sessionJobs: rotationSessionJobs,
  handlers: presenterHandlers,
  commands: {
    present: async (deps, ctx) => presentReply(deps, await channelAccess(deps, ctx), false),
    rotation: async (deps, ctx, command) => rotationCommand(deps, ctx, "args" in command ? command.args : []),
  },
  actions: {
    [ActionIds.slotClaim]: action(idValue, async (deps, ctx, slotId) => {
      const result = await claim(deps, ctx, slotId);
      if (!result.ok) return text(`Sorry, that slot was just taken${result.holder ? ` by ${result.holder}` : ""}.`);
      return presentReply(deps, result.access, true);
    }),
    [ActionIds.slotRelease]: action(idValue, async (deps, ctx, slotId) =>
      presentReply(deps, await release(deps, ctx, slotId), true),
    ),
    [ActionIds.slotFree]: action(idValue, async (deps, ctx, slotId) =>
      presentReply(deps, await assign(deps, ctx, slotId, null), true),
    ),
    [ActionIds.askAccept]: action(idValue, async (deps, ctx, askId) => text(await acceptAsk(deps, ctx, askId))),
    [ActionIds.askPass]: action(idValue, async (deps, ctx, askId) => text(await passAsk(deps, ctx, askId))),
  },
  forms: {
    [FormIds.slotAssign]: form({
      schema: assignSchema,
      open: async (deps, ctx, metadata) => {
        const { network, slot } = await slotContext(deps, metadata);
        requireManager(await recordAccess(deps, ctx, network.id), "assign case slots");
        return assignForm(slot, await deps.store.members.list(network.id));
      },
      submit: async (deps, ctx, metadata, { member }) => {
        const access = await assign(deps, ctx, metadata, member === "none" ? null : member);
        return { kind: "done", reply: await presentReply(deps, access, false) };
      },
    }),
    [FormIds.slotSwap]: form({
      schema: swapSchema,
      open: async (deps, ctx, metadata) => {
        const { network, slot } = await slotContext(deps, metadata);
        requireManager(await recordAccess(deps, ctx, network.id), "swap case slots");
        return swapForm(network, slot, await listedSlots(deps, network));
      },
      submit: async (deps, ctx, metadata, { other }) => {
        const [otherId = "", token = ""] = other.split("~");
        const access = await swap(deps, ctx, metadata, otherId, token);
        return { kind: "done", reply: await presentReply(deps, access, false) };
      },
    }),
  },
};
