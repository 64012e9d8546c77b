/**
 * The outcomes report's parts: the periods `report` and `export` take; the figures, read from the database's
 * aggregates on each database and compared with what was written, counted apart; the card within Block Kit's limits
 * and Teams' with its chart at full size (three years of sessions); the monthly report, once, and not when off.
 */

import { execFileSync } from "node:child_process";
import { parse } from "csv-parse/sync";
import { drawnHere, pngCharts } from "../../src/charts/png";
import { FEATURES } from "../../src/core/app";
import { reportFiles } from "../../src/core/exports/report-tables";
import type { Network } from "../../src/core/ports";
import { reportCard } from "../../src/core/reports/card";
import { CHART_MAX_BYTES, chartSpec, reportChart } from "../../src/core/reports/chart";
import { type ReportFigures, reportFigures } from "../../src/core/reports/figures";
import { firstWorkingDay, monthlyJob } from "../../src/core/reports/monthly";
import { parsePeriod } from "../../src/core/reports/period";
import { cardMessage, cardMrkdwn, MESSAGE_TEXT } from "../../src/slack/render";
import { imageMessage, TEAMS_MESSAGE_LIMIT } from "../../src/teams/render";
import { expectValidAdaptiveCard } from "../support/adaptive-cards";
import { checkBlockKit } from "../support/block-kit";
import { PROVIDERS } from "../support/db";
import { lookAt } from "../support/png";
import { RecordingMessenger } from "../support/recording-messenger";
import { seedHistory, type Written } from "../support/report-seed";
import { type TestServices, testServices } from "../support/services";

/** A Vega-Lite specification on stdin, its SVG on stdout (as src/charts/png.ts draws it, in plain Node). */
const SVG_OF_STDIN = `
const vega = require("vega"), vl = require("vega-lite");
let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", async () => {
  const view = new vega.View(vega.parse(vl.compile(JSON.parse(text)).spec), { renderer: "none" });
  process.stdout.write(await view.toSVG()); view.finalize();
});`;

const period = (words: string[], today = "2026-12-08") => {
  const parsed = parsePeriod(words, today);
  return parsed.ok ? parsed.period : parsed.message;
};

describe("the periods a report covers", () => {
  test("nothing is the last 12 months, to today", () => {
    expect(period([])).toEqual({
      from: "2025-12-09",
      until: "2026-12-09",
      label: "the 12 months to 8 Dec 2026",
      slug: "12-months-to-2026-12-08",
    });
  });

  test("a year, a month, a day and a range of months, a past one whole and the current one so far", () => {
    expect(period(["2025"])).toMatchObject({ from: "2025-01-01", until: "2026-01-01", label: "2025" });
    expect(period(["2026"])).toMatchObject({ from: "2026-01-01", until: "2026-12-09", label: "2026 (so far)" });
    expect(period(["2026-12-08"])).toMatchObject({
      from: "2026-12-08",
      until: "2026-12-09",
      label: "8 Dec 2026 (so far)",
    });
    expect(period(["2026-02"])).toMatchObject({ from: "2026-02-01", until: "2026-03-01", label: "Feb 2026" });
    expect(period(["2026-11-19"])).toMatchObject({ from: "2026-11-19", until: "2026-11-20", label: "19 Nov 2026" });
    expect(period(["2026-09..2026-11"])).toMatchObject({
      from: "2026-09-01",
      until: "2026-12-01",
      label: "Sep 2026 to Nov 2026",
      slug: "2026-09-to-2026-11",
    });
    // the other ways people write a range
    for (const written of [["2026-09", "..", "2026-11"], ["2026-09–2026-11"], ["2026-09", "to", "2026-11"]])
      expect(period(written)).toMatchObject({ from: "2026-09-01", until: "2026-12-01" });
  });

  test("something that is not a period, one that has not started, or one backwards is refused with examples", () => {
    const examples = "Try `report` (the last 12 months), `report 2026`, `report 2026-11` or `report 2026-09..2026-11`.";
    expect(period(["last", "year"])).toBe(`“last year” is not a period. ${examples}`);
    expect(period(["2026-02-30"])).toBe(`“2026-02-30” is not a period. ${examples}`);
    expect(period(["2026-01..2026-02..2026-03"])).toBe(`“2026-01..2026-02..2026-03” is not a period. ${examples}`);
    expect(period(["2026-12-09"])).toBe(`9 Dec 2026 has not started yet, so there is nothing to report. ${examples}`);
    expect(period(["2026-11..2026-09"])).toBe(
      `That period ends before it starts: put the earlier date first. ${examples}`,
    );
  });
});

describe.each(PROVIDERS)("the report's figures on %s", (provider) => {
  let s: TestServices;
  let written: Written;
  let network: Network;
  let figures: ReportFigures;

  beforeAll(async () => {
    s = await testServices(provider, "2026-11-27T09:00:00Z");
    written = await seedHistory(s.database.db, {
      weeks: 26,
      members: 40,
      spokes: 3,
      attending: 15,
      answering: 6,
      firstDate: "2026-05-06",
    });
    network = (await s.store.networks.byId(written.networkId)) as Network;
    const parsed = parsePeriod(["2026-05..2026-10"], "2026-11-27");
    if (!parsed.ok) throw new Error(parsed.message);
    figures = await reportFigures(s, network, parsed.period, s.clock.now());
  });
  afterAll(() => s.close());

  // the seed's sessions in May to October (26 weekly from 6 May reach 28 Oct)
  const inPeriod = () => written.held.filter((h) => h.date <= "2026-10-31");

  test("counts the sessions held, skipped and cancelled, and who attended each", () => {
    expect(figures.held).toBe(inPeriod().length);
    expect(figures.skipped + figures.cancelled + figures.held).toBe(26);
    expect(figures.skipped).toBe(written.skipped);
    expect(figures.cancelled).toBe(written.cancelled);
    expect(figures.sessions.map((f) => [f.date, f.present])).toEqual(inPeriod().map((h) => [h.date, h.present]));
    // a person marked absent by a facilitator (one a session) is not counted
    const present = inPeriod().map((h) => h.present);
    expect(figures.averagePresent).toBeCloseTo(present.reduce((a, b) => a + b, 0) / present.length, 9);
    expect(figures.participants).toBe(written.participants.size);
  });

  test("takes the sessions whose local date is in the period, and no others", async () => {
    const parsed = parsePeriod(["2026-06..2026-09"], "2026-11-27");
    if (!parsed.ok) throw new Error(parsed.message);
    const narrower = await reportFigures(s, network, parsed.period, s.clock.now());
    const expected = written.held.filter((h) => h.date >= "2026-06-01" && h.date <= "2026-09-30");
    expect(expected.length).toBeLessThan(inPeriod().length);
    expect(narrower.sessions.map((f) => f.date)).toEqual(expected.map((h) => h.date));
  });

  test("the report's tables keep a typed formula as text, and Slack's words keep a typed mention as text", async () => {
    const typed = {
      ...figures,
      bySpoke: [{ spoke: '<!channel> =HYPERLINK("http://evil.example")', count: 1, people: 1 }],
      topics: [{ title: "=1+2", votes: 3, taught: [] }],
    };
    const files = await reportFiles(s, typed, "t");
    const table = (name: string) =>
      parse((new TextDecoder().decode(files.find((f) => f.name === name)?.content) ?? "").slice(1)) as string[][];
    expect(table("t-topics.csv")[1]?.[1]).toBe("'=1+2");
    expect(table("t-attendance-per-spoke.csv")[1]?.[1]).toBe('<!channel> =HYPERLINK("http://evil.example")');
    const words = cardMrkdwn(reportCard(typed));
    expect(words).toContain("&lt;!channel&gt;");
    expect(words).not.toContain("<!channel>");
  });

  test("counts attendance and cases by spoke, with the people with no spoke apart", () => {
    const bySpoke = new Map(figures.bySpoke.map((r) => [r.spoke ?? "No spoke set", [r.count, r.people]]));
    expect(bySpoke).toEqual(new Map([...written.bySpoke].map(([spoke, t]) => [spoke, [t.count, t.people.size]])));
    expect(new Map(figures.casesBySpoke.map((r) => [r.spoke ?? "No spoke set", r.count]))).toEqual(
      written.casesBySpoke,
    );
  });

  test("gives the response rate, each scale question's mean per session and its trend, and the votes", () => {
    expect(figures.survey.respondents).toBe(inPeriod().reduce((a, h) => a + h.respondents, 0));
    expect(figures.survey.attendees).toBe(inPeriod().reduce((a, h) => a + h.present, 0));
    const satisfied = "Overall, how satisfied are you with this session?";
    for (const [i, h] of inPeriod().entries())
      expect(figures.sessions[i]?.means.get(satisfied)).toBeCloseTo(h.q1Mean, 6);
    // the scale questions only (not the choice or the written ones), the later sessions scoring higher
    expect(figures.survey.questions.map((q) => q.label)).toEqual([
      satisfied,
      "How relevant was it to your practice?",
      "How confident do you feel with this topic now?",
      "How useful was the case discussion?",
    ]);
    const first = figures.survey.questions[0];
    expect(first && first.late > first.early).toBe(true);
    expect(new Map(figures.topics.filter((t) => t.votes).map((t) => [t.title, t.votes]))).toEqual(written.votes);
    expect(figures.topics.filter((t) => t.taught.length).length).toBeGreaterThan(5);
  });
});

describe("the report as a message, with a busy network's three years", () => {
  let figures: ReportFigures;
  let s: TestServices;

  beforeAll(async () => {
    s = await testServices("sqlite", "2026-11-27T09:00:00Z");
    const written = await seedHistory(s.database.db, {
      weeks: 156,
      members: 60,
      spokes: 12,
      attending: 20,
      answering: 5,
      firstDate: "2023-12-06",
    });
    const network = (await s.store.networks.byId(written.networkId)) as Network;
    const parsed = parsePeriod(["2023..2026"], "2026-11-27");
    if (!parsed.ok) throw new Error(parsed.message);
    figures = await reportFigures(s, network, parsed.period, s.clock.now());
  });
  afterAll(() => s.close());

  test("fits Block Kit's limits, and one Slack message text with the upload", () => {
    const card = reportCard(figures);
    expect(checkBlockKit(cardMessage(card))).toEqual([]);
    expect(cardMrkdwn(card).length).toBeLessThanOrEqual(MESSAGE_TEXT);
    // a list is capped, the rest counted
    expect(JSON.stringify(card)).toContain("more in `export`");
  });

  test("draws a chart under 15,000 bytes, and the Teams card with it is valid and under 28 KB", async () => {
    const image = await reportChart(pngCharts, figures);
    expect(image.content.byteLength).toBeLessThanOrEqual(CHART_MAX_BYTES);
    const look = lookAt(image.content);
    expect([look.width, look.height]).toEqual([image.width, image.height]);
    expect(look.colours).toBeGreaterThan(8);
    expect(look.inked).toBeGreaterThan(0.02);
    const message = imageMessage(reportCard(figures), image);
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    const content = message.attachments[0]?.content;
    expectValidAdaptiveCard(content);
    expect(JSON.stringify(content)).toContain('"type":"Image","url":"data:image/png;base64,');
  });

  test("draws the same chart whatever the server's time zone", () => {
    // Vega in a process of its own for each zone (a time zone is the process's, read when it starts)
    const svgIn = (zone: string) =>
      execFileSync(process.execPath, ["-e", SVG_OF_STDIN], {
        input: JSON.stringify(chartSpec(figures)),
        env: { ...process.env, TZ: zone },
        encoding: "utf8",
      });
    const utc = svgIn("UTC");
    expect(utc).toContain("<svg");
    expect(svgIn("America/New_York")).toBe(utc);
    expect(svgIn("Pacific/Auckland")).toBe(utc);
  });

  test("the bot draws the chart in a worker thread: the same PNG as drawn here, and a failed drawing refused", async () => {
    const spec = chartSpec(figures);
    const [there, here] = await Promise.all([
      pngCharts.png(spec, CHART_MAX_BYTES),
      drawnHere.png(spec, CHART_MAX_BYTES),
    ]);
    expect(Buffer.from(there.content).equals(Buffer.from(here.content))).toBe(true);
    await expect(pngCharts.png({ mark: "no-such-mark" }, CHART_MAX_BYTES)).rejects.toThrow(
      /^the chart could not be drawn: /,
    );
    // the worker is still there for the next chart
    expect((await pngCharts.png(spec, CHART_MAX_BYTES)).width).toBe(there.width);
  });

  test("in Teams, a picture too large for a message is left out, and the card says so", async () => {
    const image = await reportChart(pngCharts, figures);
    const huge = { ...image, content: new Uint8Array(30_000).fill(7) };
    const message = imageMessage(reportCard(figures), huge);
    const json = JSON.stringify(message);
    expect(Buffer.byteLength(json)).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    expect(json).not.toContain("data:image/png");
    expect(json).toContain("The chart was too large for a Teams message.");
    expectValidAdaptiveCard(message.attachments[0]?.content);
  });
});

describe.each(PROVIDERS)("the monthly report on %s", (provider) => {
  let s: TestServices;
  let written: Written;

  beforeAll(async () => {
    s = await testServices(provider, "2026-11-27T09:00:00Z");
    written = await seedHistory(s.database.db, {
      weeks: 30,
      members: 20,
      spokes: 2,
      attending: 8,
      answering: 3,
      firstDate: "2026-05-06",
      timeZone: "America/Chicago",
    });
  });
  afterAll(() => s.close());

  test("the first working day of a month is its first Monday to Friday", () => {
    expect(firstWorkingDay("2026-12-15")).toBe("2026-12-01");
    expect(firstWorkingDay("2026-11-30")).toBe("2026-11-02");
    expect(firstWorkingDay("2027-05-20")).toBe("2027-05-03");
  });

  test("goes to the facilitators once, on the first working day at 09:00 local time, about the month before", async () => {
    const network = (await s.store.networks.byId(written.networkId)) as Network;
    // 09:00 in Chicago is 15:00 UTC in December
    expect(monthlyJob(network, s.clock.now())).toMatchObject({
      key: `report:${network.id}:2026-12`,
      dueAt: new Date("2026-12-01T15:00:00Z"),
    });
    await s.core.upkeep();
    const messenger = new RecordingMessenger();
    const monthly = () => messenger.to("shell:m0").filter((m) => m.text.startsWith("Monthly report"));
    s.clock.set("2026-12-01T14:59:00Z");
    await s.core.runJobs(messenger, { worker: "t" });
    expect(monthly()).toEqual([]);
    s.clock.set("2026-12-01T15:00:30Z");
    await s.core.runJobs(messenger, { worker: "t" });
    await s.core.upkeep();
    await s.core.runJobs(messenger, { worker: "t" });
    expect(monthly()).toHaveLength(1);
    const [sent] = monthly();
    expect(sent?.text).toContain("Nov 2026");
    expect(sent?.text).toContain("Type `report 2026-11` in the network's channel for the chart.");
    expect(sent?.options?.dedupeKey).toBe(`report:${network.id}:2026-12|shell:m0`);
    // nobody else (the members are not facilitators)
    expect(messenger.sent.filter((m) => m.text.startsWith("Monthly report")).map((m) => m.address)).toEqual([
      "shell:m0",
    ]);
    // the next one is planned for January, and does not go when the setting is off
    expect((await s.store.jobs.byKey(`report:${network.id}:2027-01`))?.dueAt).toEqual(new Date("2027-01-01T15:00:00Z"));
    await s.store.reports.setMonthly(network.id, false);
    s.clock.set("2027-01-01T15:01:00Z");
    await s.core.runJobs(messenger, { worker: "t" });
    expect(monthly()).toHaveLength(1);
    expect((await s.store.jobs.byKey(`report:${network.id}:2027-01`))?.state).toBe("done");
  });

  test("is a job every network has, by the reports feature", () => {
    expect(FEATURES.some((f) => f.name === "reports" && f.networkJobs)).toBe(true);
  });
});
