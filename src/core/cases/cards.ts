/** What the hub experts, the channel and the presenter see of a case. */
import { encodeFormRef } from "../app-refs";
import { ActionIds, FormIds } from "../ids";
import type { Network, Session } from "../ports";
import { describeSlot } from "../sessions/calendar";
import type { Button, Card, CardBlock, Form } from "../ui/model";
import { fieldLabel } from "./form";
import { CASE_FIELDS, type CaseForm } from "./ports";

const when = (network: Network, session: Session) =>
  describeSlot(session.startsAt, session.durationMinutes, network.timeZone);

export function caseCard(network: Network, session: Session, presenter: string, form: CaseForm): Card {
  const fields = CASE_FIELDS.flatMap((id) =>
    form.fields[id] ? [{ label: fieldLabel(id), value: form.fields[id] as string }] : [],
  );
  return {
    title: `Case from ${presenter} for ${network.name}`,
    blocks: [
      { kind: "context", text: `To be discussed on ${when(network, session)}.` },
      { kind: "fields", fields },
    ],
    fallback: `New case from ${presenter}: ${form.fields.question ?? ""}`.slice(0, 300),
  };
}

export function daySummaryCard(
  network: Network,
  session: Session,
  cases: Array<{ presenter: string; form: CaseForm }>,
): Card {
  const blocks: CardBlock[] = cases.map(({ presenter, form }, i) => ({
    kind: "text",
    text: `Case ${i + 1} (${presenter}): ${[form.fields.ageBand, form.fields.sex, form.fields.setting].filter(Boolean).join(", ")}.\nQuestion: ${form.fields.question ?? ""}`,
  }));
  return {
    title: `Today at ${network.name}: ${cases.length} case${cases.length === 1 ? "" : "s"}`,
    blocks: [{ kind: "context", text: `${when(network, session)}. Video room: ${network.videoLink}` }, ...blocks],
    fallback: `${cases.length} cases today at ${network.name}.`,
  };
}

export function recommendationsCard(network: Network, session: Session, form: CaseForm): Card {
  return {
    title: `The panel's recommendations on your case`,
    blocks: [
      { kind: "context", text: `${network.name}, ${when(network, session)}` },
      { kind: "text", text: form.recommendations ?? "" },
      {
        kind: "context",
        text: form.followUpDate
          ? `Follow-up: ${form.followUpDate}. I'll ask you then how things went.`
          : "No follow-up date was set.",
      },
    ],
    fallback: "The panel's recommendations on your case have arrived.",
  };
}

export function followUpCard(network: Network, session: Session, slotId: string): Card {
  return {
    title: "How did things go?",
    blocks: [
      {
        kind: "text",
        text: `It's the follow-up date for the case you presented at ${network.name} on ${when(network, session)}.`,
      },
      {
        kind: "actions",
        buttons: [
          {
            actionId: ActionIds.openForm,
            label: "Record the outcome",
            value: encodeFormRef(FormIds.outcome, slotId),
            style: "primary",
          },
        ],
      },
    ],
    fallback: "Follow-up: how did things go with your case?",
  };
}

export interface CaseListItem {
  slotId: string;
  session: Session;
  presenter: string;
  status: "none" | "draft" | "submitted";
  advised: boolean;
}

export function casesCard(network: Network, mine: CaseListItem[], toAdvise: CaseListItem[]): Card {
  const blocks: CardBlock[] = [];
  for (const item of mine) {
    blocks.push({
      kind: "text",
      text: `Your case for ${when(network, item.session)}: ${item.status === "none" ? "not started" : item.status}`,
    });
    blocks.push({
      kind: "actions",
      buttons: [
        {
          actionId: ActionIds.openForm,
          label: "Case form",
          value: encodeFormRef(FormIds.caseForm, item.slotId),
          style: "primary",
        },
      ],
    });
  }
  for (const item of toAdvise) {
    blocks.push({
      kind: "text",
      text: `${item.presenter}'s case, ${when(network, item.session)}${item.advised ? " (recommendations sent)" : ""}`,
    });
    const buttons: Button[] = [
      {
        actionId: ActionIds.openForm,
        label: "Recommendations",
        value: encodeFormRef(FormIds.recommendations, item.slotId),
      },
    ];
    blocks.push({ kind: "actions", buttons });
  }
  if (!blocks.length)
    blocks.push({ kind: "text", text: "You have no case to fill in. Claim a case slot with `present`." });
  return {
    title: `${network.name}: cases`,
    blocks,
    fallback: `${mine.length} of your cases, ${toAdvise.length} to advise on.`,
  };
}

export function recommendationsForm(slotId: string, form: CaseForm | undefined): Form {
  return {
    formId: FormIds.recommendations,
    title: "Recommendations",
    submitLabel: "Send",
    metadata: slotId,
    fields: [
      {
        id: "recommendations",
        label: "The panel's recommendations",
        kind: "textarea",
        required: true,
        maxLength: 3000,
        initial: form?.recommendations ?? undefined,
      },
      {
        id: "followUpDate",
        label: "Follow-up date",
        kind: "date",
        required: false,
        initial: form?.followUpDate ?? undefined,
        hint: "The presenter is asked for the outcome then.",
      },
    ],
  };
}

export function outcomeForm(slotId: string, form: CaseForm | undefined): Form {
  return {
    formId: FormIds.outcome,
    title: "Case outcome",
    submitLabel: "Save",
    metadata: slotId,
    fields: [
      {
        id: "outcome",
        label: "What happened after the panel's advice?",
        kind: "textarea",
        required: true,
        maxLength: 2000,
        initial: form?.outcome ?? undefined,
      },
    ],
  };
}
