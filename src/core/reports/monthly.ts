/**
 * The monthly report: on the first working day (Monday to Friday) of each month at 09:00 in the network's time zone,
 * its facilitators get the report on the month before in a direct message. One durable job per network and month,
 * keyed by both, so it is planned and sent exactly once however often the upkeep runs; `report monthly off` stops it.
 */
import { z } from "zod";
import type { JobHandler } from "../deps";
import type { JobSpec } from "../jobs/ports";
import type { Network } from "../ports";
import { addDaysTo, addMonthsTo, instantOf, localDate, weekdayOf } from "../sessions/calendar";
import { reportCard } from "./card";
import { reportFigures } from "./figures";
import { parsePeriod } from "./period";

export const REPORT_MONTHLY = "report.monthly";
const SEND_AT = "09:00";

/** The first Monday-to-Friday date of the month a YYYY-MM-DD date is in. */
export function firstWorkingDay(date: string): string {
  let day = `${date.slice(0, 7)}-01`;
  while (weekdayOf(day) > 5) day = addDaysTo(day, 1);
  return day;
}

/** The next monthly report still to come: this month's while its time has not passed, else next month's. */
export function monthlyJob(network: Network, now: Date): JobSpec {
  const today = localDate(now, network.timeZone);
  let day = firstWorkingDay(today);
  if (instantOf(day, SEND_AT, network.timeZone) <= now)
    day = firstWorkingDay(addMonthsTo(`${today.slice(0, 7)}-01`, 1));
  const month = day.slice(0, 7);
  return {
    key: `report:${network.id}:${month}`,
    kind: REPORT_MONTHLY,
    dueAt: instantOf(day, SEND_AT, network.timeZone),
    networkId: network.id,
    payload: { networkId: network.id, month },
  };
}

const monthly: JobHandler = async (deps, job) => {
  const { networkId, month } = z
    .object({ networkId: z.string(), month: z.string().regex(/^\d{4}-\d{2}$/) })
    .parse(job.payload);
  const network = await deps.store.networks.byId(networkId);
  if (!network || !(await deps.store.reports.monthly(network.id))) return;
  const previous = addMonthsTo(`${month}-01`, -1).slice(0, 7);
  const parsed = parsePeriod([previous], localDate(deps.clock.now(), network.timeZone));
  if (!parsed.ok) return;
  const figures = await reportFigures(deps, network, parsed.period, deps.clock.now());
  // a month with nothing held and nothing skipped or cancelled (a network between terms) sends nothing
  if (figures.held + figures.skipped + figures.cancelled === 0) return;
  const card = reportCard(figures);
  card.title = `Monthly report: ${network.name}`;
  card.blocks.push({
    kind: "context",
    text: `Type \`report ${previous}\` in the network's channel for the chart. \`report monthly off\` stops these.`,
  });
  const facilitators = (await deps.store.members.list(network.id)).filter(
    (m) => m.role === "facilitator" || m.role === "admin",
  );
  for (const f of facilitators)
    await deps.messenger.send(f.user, { card }, { dedupeKey: `${job.key}|${f.user}`, retry: job.attempts > 1 });
};

export const monthlyHandlers: Readonly<Record<string, JobHandler>> = { [REPORT_MONTHLY]: monthly };
