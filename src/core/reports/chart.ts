/**
 * The report's chart, as a Vega-Lite specification: attendance per session as bars with the average as a dashed
 * line, and under it the mean of each 1–5 survey question per session (the trend), one line per question. The
 * renderer (src/charts) turns it into a PNG on the server.
 */

import { slug } from "../exports/csv";
import { dateLabel } from "../sessions/calendar";
import type { CardImage } from "../ui/model";
import type { ReportFigures } from "./figures";
import type { ChartRenderer, ChartSpec } from "./ports";

/**
 * At most this many bytes of PNG: a Teams message holds at most 28 KB (TEAMS_MESSAGE_LIMIT), and the picture travels
 * inside the card as base64 (4 bytes for every 3), beside the report's words.
 */
export const CHART_MAX_BYTES = 15_000;
const WIDTH = 560;
const LEGEND_LABEL = 60;
/** more sessions than this are drawn as a line (bars would be a pixel wide) */
const MOST_BARS = 40;

const PALETTE = ["#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777"];

export function chartSpec(figures: ReportFigures): ChartSpec {
  // the dates are calendar dates ("2026-11-04"): read, grouped and labelled as UTC, so the server's own time zone
  // never moves a session to the day or the month before
  const x = {
    field: "date",
    type: "temporal",
    title: null,
    scale: { type: "utc" },
    axis: { format: "%b %Y", labelOverlap: true },
  };
  const attendance = {
    title: { text: "Attendance per session", anchor: "start", fontSize: 14 },
    width: WIDTH,
    height: 150,
    data: { values: figures.sessions.map((s) => ({ date: s.date, present: s.present })) },
    layer: [
      figures.sessions.length > MOST_BARS
        ? {
            mark: { type: "line", color: PALETTE[0], strokeWidth: 1.5 },
            encoding: { x, y: { field: "present", type: "quantitative", title: "people" } },
          }
        : {
            mark: { type: "bar", color: PALETTE[0], width: { band: 0.7 } },
            encoding: {
              x: { ...x, timeUnit: "utcyearmonthdate" },
              y: { field: "present", type: "quantitative", title: "people" },
            },
          },
      {
        mark: { type: "rule", color: PALETTE[1], strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { y: { aggregate: "mean", field: "present", type: "quantitative" } },
      },
    ],
  };
  const points = figures.sessions.flatMap((s) =>
    [...s.means].map(([label, value]) => ({
      date: s.date,
      question: label.length > LEGEND_LABEL ? `${label.slice(0, LEGEND_LABEL - 1)}…` : label,
      mean: Math.round(value * 100) / 100,
    })),
  );
  // over many sessions, each month's mean: a line a session would be a comb the trend cannot be read from
  const monthly = figures.sessions.length > MOST_BARS;
  const survey = {
    title: {
      text: `Survey: mean score per ${monthly ? "month" : "session"} (1–5)`,
      anchor: "start",
      fontSize: 14,
    },
    width: WIDTH,
    height: 150,
    data: { values: points },
    mark: { type: "line", strokeWidth: 2, point: figures.sessions.length <= 12 },
    encoding: {
      x: monthly ? { ...x, timeUnit: "utcyearmonth" } : x,
      y: {
        field: "mean",
        type: "quantitative",
        title: "mean",
        scale: { domain: [1, 5] },
        ...(monthly ? { aggregate: "mean" } : {}),
      },
      color: {
        field: "question",
        type: "nominal",
        title: null,
        scale: { range: PALETTE.slice(2) },
        legend: { orient: "bottom", columns: 1, labelLimit: 520 },
      },
    },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    background: "#ffffff",
    padding: 12,
    config: {
      font: "DejaVu Sans",
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 11, gridColor: "#e5e7eb", domainColor: "#6b7280" },
      legend: { labelFontSize: 11 },
    },
    vconcat: points.length ? [attendance, survey] : [attendance],
  };
}

/** What the chart shows, in words, for whoever cannot see it. */
export function chartAlt(figures: ReportFigures): string {
  const { sessions, survey } = figures;
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  if (!first || !last) return "No sessions were held in this period.";
  const span =
    first === last ? `on ${dateLabel(first.date)}` : `from ${dateLabel(first.date)} to ${dateLabel(last.date)}`;
  const means = survey.questions.map((q) => `${q.label} ${q.early.toFixed(1)} to ${q.late.toFixed(1)}`).join("; ");
  return (
    `Chart of attendance at ${sessions.length} sessions ${span}, average ${figures.averagePresent.toFixed(1)}` +
    (means ? `, and the survey's mean scores from the first sessions to the latest: ${means}.` : ".")
  ).slice(0, 1000);
}

export async function reportChart(charts: ChartRenderer, figures: ReportFigures): Promise<CardImage> {
  const png = await charts.png(chartSpec(figures), CHART_MAX_BYTES);
  return {
    name: `${slug(figures.network.name)}-report-${figures.period.slug}.png`,
    mediaType: "image/png",
    content: png.content,
    alt: chartAlt(figures),
    width: png.width,
    height: png.height,
  };
}
