/**
 * Charts as PNG on the server, with no browser and no native canvas: Vega-Lite compiles the specification to Vega,
 * Vega draws it as SVG (its headless renderer), resvg turns the SVG into pixels with DejaVu Sans from the
 * dejavu-fonts-ttf package (system fonts are never loaded, so every machine draws the same picture), and UPNG writes
 * the pixels as an indexed-colour PNG: a chart has few colours, so 256 or fewer keep it sharp at a third of the
 * size, and fewer colours, then a smaller picture, bring it under the size asked for.
 */
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import UPNG from "upng-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ChartRenderer, ChartSpec } from "../core/reports/ports";
import { chartWorker } from "./worker-pool";

const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const CHART_FONTS = [path.join(FONT_DIR, "DejaVuSans.ttf"), path.join(FONT_DIR, "DejaVuSans-Bold.ttf")];

// 64 colours keep a chart's antialiased lines and words smooth; fewer, then smaller, only when it must shrink
const COLOURS = [64, 32, 16];
const SCALES = [1, 0.85, 0.7, 0.55];

/** The chart as SVG text (Vega's own renderer, no DOM). */
export async function chartSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Draws the chart in this thread (the worker's way, and the tests'); `pngCharts` draws it off the main thread. */
export const drawnHere: ChartRenderer = {
  async png(spec, maxBytes) {
    const svg = await chartSvg(spec);
    let last: { content: Uint8Array; width: number; height: number } | undefined;
    for (const scale of SCALES) {
      const rendered = new Resvg(svg, {
        fitTo: { mode: "zoom", value: scale },
        font: { fontFiles: CHART_FONTS, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
        shapeRendering: 2,
        textRendering: 1,
      }).render();
      const { width, height } = rendered;
      const rgba = Uint8Array.from(rendered.pixels).buffer;
      for (const colours of COLOURS) {
        last = { content: new Uint8Array(UPNG.encode([rgba], width, height, colours)), width, height };
        if (last.content.byteLength <= maxBytes) return last;
      }
    }
    if (!last) throw new Error("the chart could not be drawn");
    return last;
  },
};

/**
 * The renderer the bot uses: the chart is drawn in a worker thread (src/charts/worker.ts), so the half second or so
 * of drawing (Vega's layout, resvg and UPNG all run without yielding) never holds up the acknowledgements of clicks
 * arriving meanwhile.
 */
export const pngCharts: ChartRenderer = chartWorker(path.join(__dirname, "worker.ts"));
