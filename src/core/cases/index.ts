/** `case`: the presenter's case form; for hub experts and facilitators, the cases to advise on. */

import { z } from "zod";
import { type Access, canAdvise, channelAccess } from "../access";
import type { CoreDeps } from "../deps";
import { type Feature, form } from "../feature";
import { FormIds } from "../ids";
import { dateText, text as textInput } from "../ui/inputs";
import { cardReply, type Reply, text } from "../ui/model";
import { type CaseListItem, casesCard, outcomeForm, recommendationsForm } from "./cards";
import { caseForm } from "./form";
import { caseHandlers } from "./jobs";
import { CASE_FIELDS } from "./ports";
import {
  adviseCase,
  caseSessionJobs,
  ownCase,
  presenterOfCase,
  saveCase,
  saveOutcome,
  saveRecommendations,
} from "./service";

const RECENT_DAYS = 30;

async function casesReply(deps: CoreDeps, access: Access): Promise<Reply> {
  const { network, member } = access;
  const now = deps.clock.now();
  const mine: CaseListItem[] = [];
  if (member)
    for (const slot of await deps.store.slots.heldBy(member.id, now)) {
      const session = await deps.store.sessions.byId(slot.sessionId);
      if (session)
        mine.push({ slotId: slot.id, session, presenter: slot.name ?? "", status: slot.caseStatus, advised: false });
    }
  if (mine.length === 1 && !canAdvise(access)) {
    const [only] = mine;
    if (only)
      return {
        kind: "form",
        form: caseForm(only.slotId, (await deps.store.cases.bySlot(only.slotId))?.fields ?? {}, network.name),
      };
  }
  const toAdvise: CaseListItem[] = [];
  if (canAdvise(access)) {
    const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
    // held sessions too: recommendations are written after the session that discussed the case
    const until = new Date(now.getTime() + 366 * 86_400_000);
    for (const session of (await deps.store.sessions.between(network.id, since, until)).slice(0, 30))
      for (const slot of await deps.store.slots.forSession(session.id)) {
        const form = await deps.store.cases.bySlot(slot.id);
        if (form?.status === "submitted")
          toAdvise.push({
            slotId: slot.id,
            session,
            presenter: slot.name ?? "",
            status: "submitted",
            advised: Boolean(form.recommendations),
          });
      }
  }
  return cardReply(casesCard(network, mine, toAdvise));
}

const caseSchema = z.object(Object.fromEntries([...CASE_FIELDS, "action"].map((id) => [id, textInput])));
const recommendationsSchema = z.object({ recommendations: textInput, followUpDate: dateText });
const outcomeSchema = z.object({ outcome: textInput });

export const casesFeature: Feature = {
  name: "cases",
  sessionJobs: caseSessionJobs,
  handlers: caseHandlers,
  commands: {
    case: async (deps, ctx) => casesReply(deps, await channelAccess(deps, ctx)),
  },
  forms: {
    [FormIds.caseForm]: form({
      schema: caseSchema,
      open: async (deps, ctx, metadata) => {
        const { slot, network } = await ownCase(deps, ctx, metadata);
        return caseForm(slot.id, (await deps.store.cases.bySlot(slot.id))?.fields ?? {}, network.name);
      },
      submit: async (deps, ctx, metadata, values) => {
        const saved = await saveCase(deps, ctx, metadata, values);
        if (!saved.ok) return { kind: "errors", errors: saved.errors };
        return {
          kind: "done",
          reply: text(
            saved.saved.status === "submitted"
              ? "Your case is submitted: the hub experts have it now, and the channel gets a summary on the day."
              : "Draft saved. Open it again with `case` to finish it.",
          ),
        };
      },
    }),
    [FormIds.recommendations]: form({
      schema: recommendationsSchema,
      open: async (deps, ctx, metadata) => {
        const { slot } = await adviseCase(deps, ctx, metadata);
        return recommendationsForm(slot.id, await deps.store.cases.bySlot(slot.id));
      },
      submit: async (deps, ctx, metadata, values) => {
        const saved = await saveRecommendations(deps, ctx, metadata, values);
        if (!saved.ok) return { kind: "errors", errors: saved.errors };
        return { kind: "done", reply: text("Recommendations saved; the presenter gets them now.") };
      },
    }),
    [FormIds.outcome]: form({
      schema: outcomeSchema,
      open: async (deps, ctx, metadata) =>
        outcomeForm(metadata, await deps.store.cases.bySlot((await presenterOfCase(deps, ctx, metadata)).slot.id)),
      submit: async (deps, ctx, metadata, values) => {
        const saved = await saveOutcome(deps, ctx, metadata, values);
        if (!saved.ok) return { kind: "errors", errors: saved.errors };
        return { kind: "done", reply: text("Thank you: the outcome is recorded with the case.") };
      },
    }),
  },
};
