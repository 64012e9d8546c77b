/**
 * `report [period] [here]` (facilitators and admins): the outcomes report for a period (default the last 12 months),
 * as a message with a chart, sent to the asker's direct message, or posted where they asked with `here`.
 * `report monthly on|off`: the report on the month before, on the first working day of each month (monthly.ts).
 */
import { channelAccess, requireManager } from "../access";
import type { Feature } from "../feature";
import { localDate } from "../sessions/calendar";
import { type Reply, text } from "../ui/model";
import { reportCard } from "./card";
import { reportChart } from "./chart";
import { reportFigures } from "./figures";
import { monthlyHandlers, monthlyJob } from "./monthly";
import { parsePeriod } from "./period";

const USAGE =
  "Usage: `report` (the last 12 months), `report 2026`, `report 2026-11`, `report 2026-09..2026-11`; add `here` to " +
  "post it in this channel instead of your direct message; `report monthly on` or `report monthly off`.";

export const reportsFeature: Feature = {
  name: "reports",
  networkJobs: (network, now) => [monthlyJob(network, now)],
  handlers: monthlyHandlers,
  commands: {
    report: async (deps, ctx, command): Promise<Reply> => {
      const access = await channelAccess(deps, ctx);
      requireManager(access, "see the outcomes report");
      const { network } = access;
      const args = "args" in command ? command.args.map((a) => a.toLowerCase()) : [];
      if (args[0] === "help") return text(USAGE);
      if (args[0] === "monthly") {
        if (args.length !== 2 || (args[1] !== "on" && args[1] !== "off"))
          return text("Usage: `report monthly on` or `report monthly off`.");
        const on = args[1] === "on";
        await deps.store.transaction(async (store) => {
          await store.reports.setMonthly(network.id, on);
          await store.audit.record({
            networkId: network.id,
            actor: ctx.actor.user,
            action: "report.monthly",
            detail: { on },
          });
        });
        return text(
          on
            ? "Facilitators get the report on the month before on the first working day of each month, at 09:00."
            : "No more monthly reports. `report` still makes one whenever you ask.",
        );
      }
      const here = args.includes("here");
      const now = deps.clock.now();
      const parsed = parsePeriod(
        args.filter((a) => a !== "here"),
        localDate(now, network.timeZone),
      );
      if (!parsed.ok) return text(parsed.message);
      const figures = await reportFigures(deps, network, parsed.period, now);
      if (figures.held === 0)
        return text(
          `${network.name} held no sessions in ${parsed.period.label}` +
            (figures.skipped + figures.cancelled
              ? ` (${figures.skipped} skipped, ${figures.cancelled} cancelled).`
              : ".") +
            " Try a longer period, such as `report 2026`.",
        );
      const card = reportCard(figures);
      const image = await reportChart(deps.charts, figures);
      await deps.store.audit.record({
        networkId: network.id,
        actor: ctx.actor.user,
        action: "report",
        detail: { period: parsed.period.slug, here },
      });
      return { kind: "image", card, image, here };
    },
  },
};
