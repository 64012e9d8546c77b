/**
 * `export [period]` (facilitators and admins): the network's data as CSV files, for the person who asked alone. The
 * adapter delivers them privately (Slack: their direct message; Teams: their personal chat, after they accept each
 * file; the shell: files under ./exports/) and never to the channel. Each export is an audit entry. Without a period,
 * everything since the network began; with one (`export 2026`, `export 2026-09..2026-11`), the sessions in it.
 */
import { channelAccess, requireManager } from "../access";
import type { Feature } from "../feature";
import { reportFigures } from "../reports/figures";
import { type Period, parsePeriod } from "../reports/period";
import { addDaysTo, instantOf, localDate } from "../sessions/calendar";
import { type Reply, text } from "../ui/model";
import { plural } from "../ui/words";
import { csvFile, slug } from "./csv";
import { reportFiles } from "./report-tables";
import { ATTENDANCE_HEADER, attendanceRows, heldSessions, surveyRows } from "./tables";

/** Everything up to today: the period `export` covers when none is given. */
const allTime = (today: string): Period => ({
  from: "2000-01-01",
  until: addDaysTo(today, 1),
  label: "since it began",
  slug: today,
});

export const exportsFeature: Feature = {
  name: "exports",
  commands: {
    export: async (deps, ctx, command): Promise<Reply> => {
      const access = await channelAccess(deps, ctx);
      requireManager(access, "export the network's data");
      const { network } = access;
      const now = deps.clock.now();
      const today = localDate(now, network.timeZone);
      const args = "args" in command ? command.args.map((a) => a.toLowerCase()) : [];
      let period = allTime(today);
      if (args.length) {
        const parsed = parsePeriod(args, today, "export");
        if (!parsed.ok) return text(parsed.message);
        period = parsed.period;
      }
      const from = instantOf(period.from, "00:00", network.timeZone);
      const until = instantOf(period.until, "00:00", network.timeZone);
      const held = (await heldSessions(deps, network, now)).filter(
        (h) => h.session.startsAt >= from && h.session.startsAt < until,
      );
      if (held.length === 0)
        return text(
          args.length
            ? `${network.name} held no sessions in ${period.label}: there is nothing to export.`
            : `${network.name} has held no sessions yet: there is nothing to export.`,
        );
      const members = await deps.store.members.everyone(network.id);
      const attendance = attendanceRows(network, members, held);
      const survey = surveyRows(network, held);
      const stem = `${slug(network.name)}-${period.slug}`;
      const figures = await reportFigures(deps, network, period, now);
      const files = [
        csvFile(`${stem}-attendance.csv`, ATTENDANCE_HEADER, attendance),
        csvFile(`${stem}-survey-responses.csv`, survey.header, survey.rows),
        ...(await reportFiles(deps, figures, stem)),
      ];
      await deps.store.audit.record({
        networkId: network.id,
        actor: ctx.actor.user,
        action: "export",
        detail: { files: files.map((f) => f.name), sessions: held.length, period: period.slug },
      });
      return {
        kind: "files",
        text:
          `${network.name}, ${plural(held.length, "session")} held${args.length ? ` in ${period.label}` : ""}: ` +
          `attendance (${plural(attendance.length, "row")}, one per person per session), survey responses ` +
          `(${plural(survey.rows.length, "response")}, without names), and the outcomes report's tables (sessions, ` +
          "attendance per session and per spoke, cases per spoke, topics).",
        files,
      };
    },
  },
};
