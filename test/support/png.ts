/** A PNG as a reader sees it (decoded by pngjs, not by what made it): its size and whether anything is drawn. */
import { PNG } from "pngjs";

export interface PngLook {
  width: number;
  height: number;
  /** different colours among its pixels */
  colours: number;
  /** the share of pixels that are not white (what is drawn) */
  inked: number;
}

export function lookAt(bytes: Uint8Array): PngLook {
  const png = PNG.sync.read(Buffer.from(bytes));
  const colours = new Set<number>();
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 235 || g < 235 || b < 235) inked += 1;
  }
  return { width: png.width, height: png.height, colours: colours.size, inked: inked / (png.width * png.height) };
}
