/** Cards of the presenter rotation: the slots, the rotation queue, an ask. */
import { encodeFormRef } from "../app-refs";
import { ActionIds, FormIds } from "../ids";
import type { Member, Network, Session } from "../ports";
import { describeSlot, localDate } from "../sessions/calendar";
import type { Button, Card, CardBlock, Form } from "../ui/model";
import type { Slot, Spoke } from "./ports";
import type { RotationEntry } from "./rotation";
import { type SessionSlots, swapChoice } from "./slots";

const caseWords = {
  none: "case form not started",
  draft: "case form in draft",
  submitted: "case form submitted",
} as const;

export function presentCard(
  network: Network,
  rows: SessionSlots[],
  viewer: { memberId: string | null; manage: boolean },
): Card {
  const blocks: CardBlock[] = [];
  for (const { session, slots } of rows) {
    blocks.push({ kind: "text", text: describeSlot(session.startsAt, session.durationMinutes, network.timeZone) });
    for (const slot of slots) {
      const mine = slot.memberId !== null && slot.memberId === viewer.memberId;
      const who = slot.memberId ? `${slot.name}${mine ? " (you)" : ""}, ${caseWords[slot.caseStatus]}` : "open";
      blocks.push({ kind: "context", text: `Case ${slot.position}: ${who}` });
      const buttons: Button[] = [];
      if (!slot.memberId)
        buttons.push({
          actionId: ActionIds.slotClaim,
          label: `Claim case ${slot.position}`,
          value: slot.id,
          style: "primary",
        });
      if (mine) {
        buttons.push({
          actionId: ActionIds.openForm,
          label: "Case form",
          value: encodeFormRef(FormIds.caseForm, slot.id),
        });
        buttons.push({ actionId: ActionIds.slotRelease, label: "Release", value: slot.id });
      }
      if (viewer.manage) {
        buttons.push({
          actionId: ActionIds.openForm,
          label: "Assign",
          value: encodeFormRef(FormIds.slotAssign, slot.id),
        });
        if (slot.memberId)
          buttons.push({ actionId: ActionIds.slotFree, label: "Free", value: slot.id, style: "danger" });
        buttons.push({ actionId: ActionIds.openForm, label: "Swap", value: encodeFormRef(FormIds.slotSwap, slot.id) });
      }
      if (buttons.length) blocks.push({ kind: "actions", buttons });
    }
  }
  if (!rows.length) blocks.push({ kind: "text", text: "No sessions are scheduled." });
  const open = rows.reduce((n, r) => n + r.slots.filter((s) => !s.memberId).length, 0);
  return {
    title: `${network.name}: case slots`,
    blocks,
    fallback: `${open} open case slots in the next ${rows.length} sessions.`,
  };
}

const since = (network: Network, d: Date | null) =>
  d ? `last presented ${localDate(d, network.timeZone)}` : "never presented";

export function rotationCard(network: Network, queue: RotationEntry[], spokes: Spoke[], away: Set<string>): Card {
  const spokeName = (m: Member) => spokes.find((s) => s.id === m.spokeId)?.name;
  const lines = queue.map((e, i) => {
    const spoke = spokeName(e.member);
    const why = spoke
      ? `${spoke} ${since(network, e.spokeLast)}; ${e.member.displayName} ${since(network, e.memberLast)}`
      : `no spoke; ${since(network, e.memberLast)}`;
    return `${i + 1}. ${e.member.displayName}${away.has(e.member.id) ? " (away for the next session: skipped, keeps this place)" : ""}: ${why}`;
  });
  return {
    title: `${network.name}: who presents next`,
    blocks: [
      { kind: "text", text: lines.join("\n") || "No members to rotate yet." },
      {
        kind: "context",
        text: "The spoke that presented least recently goes first, then its member who presented least recently; never-presented first. Record time away with `rotation away YYYY-MM-DD YYYY-MM-DD`.",
      },
    ],
    fallback: `Next to present: ${queue[0]?.member.displayName ?? "nobody"}`,
  };
}

export function askCard(network: Network, session: Session, slot: Slot, askId: string): Card {
  const when = describeSlot(session.startsAt, session.durationMinutes, network.timeZone);
  return {
    title: `Could you present a case at ${network.name}?`,
    blocks: [
      { kind: "text", text: `Case ${slot.position} on ${when} is still open and it is your turn in the rotation.` },
      {
        kind: "actions",
        buttons: [
          { actionId: ActionIds.askAccept, label: "Accept", value: askId, style: "primary" },
          { actionId: ActionIds.askPass, label: "Pass", value: askId },
        ],
      },
    ],
    fallback: `Could you present case ${slot.position} at ${network.name} on ${when}?`,
  };
}

export function assignForm(slot: Slot, members: Member[]): Form {
  return {
    formId: FormIds.slotAssign,
    title: "Assign a case slot",
    submitLabel: "Assign",
    metadata: slot.id,
    fields: [
      {
        id: "member",
        label: `Case ${slot.position} presenter`,
        kind: "select",
        required: true,
        options: [
          { value: "none", label: "Nobody (free the slot)" },
          ...members.map((m) => ({ value: m.id, label: m.displayName })),
        ],
        initial: slot.memberId ?? "none",
      },
    ],
  };
}

export function swapForm(network: Network, slot: Slot, rows: SessionSlots[]): Form {
  const options = rows.flatMap(({ session, slots }) =>
    slots
      .filter((s) => s.id !== slot.id)
      .map((s) => ({
        value: swapChoice(slot, s),
        label: `${localDate(session.startsAt, network.timeZone)} case ${s.position}: ${s.name ?? "open"}`,
      })),
  );
  return {
    formId: FormIds.slotSwap,
    title: "Swap case slots",
    submitLabel: "Swap",
    metadata: slot.id,
    fields: [{ id: "other", label: "Swap with", kind: "select", required: true, options }],
  };
}
