/**
 * `export` (facilitators and admins): the network's data as CSV files, for the person who asked alone. The adapter
 * delivers them privately (Slack: their direct message; Teams: their personal chat, after they accept each file; the
 * shell: files under ./exports/) and never to the channel. Each export is an audit entry.
 */
import { channelAccess, requireManager } from "../access";
import type { Feature } from "../feature";
import { localDate } from "../sessions/calendar";
import { type Reply, text } from "../ui/model";
import { csvFile, slug } from "./csv";
import { ATTENDANCE_HEADER, attendanceRows, heldSessions, surveyRows } from "./tables";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export const exportsFeature: Feature = {
  name: "exports",
  commands: {
    export: async (deps, ctx, command): Promise<Reply> => {
      const access = await channelAccess(deps, ctx);
      requireManager(access, "export the network's data");
      const { network } = access;
      if ("args" in command && command.args.length) return text("Usage: `export` (everything, as CSV files).");
      const now = deps.clock.now();
      const held = await heldSessions(deps, network, now);
      if (held.length === 0) return text(`${network.name} has held no sessions yet: there is nothing to export.`);
      const members = await deps.store.members.everyone(network.id);
      const attendance = attendanceRows(network, members, held);
      const survey = surveyRows(network, held);
      const stem = `${slug(network.name)}-${localDate(now, network.timeZone)}`;
      const files = [
        csvFile(`${stem}-attendance.csv`, ATTENDANCE_HEADER, attendance),
        csvFile(`${stem}-survey-responses.csv`, survey.header, survey.rows),
      ];
      await deps.store.audit.record({
        networkId: network.id,
        actor: ctx.actor.user,
        action: "export",
        detail: { files: files.map((f) => f.name), sessions: held.length },
      });
      return {
        kind: "files",
        text:
          `${network.name}, ${plural(held.length, "session")} held: attendance (${plural(attendance.length, "row")}, ` +
          `one per person per session) and survey responses (${plural(survey.rows.length, "response")}, without names).`,
        files,
      };
    },
  },
};
