// Colour maps for Explore's heatmaps, as 256-entry RGB tables, and one painter that writes values into an ImageData
// (a whole layer's maps go into one canvas: one putImageData per layer instead of one canvas per channel).
// viridis: perceptually uniform and readable for colour-blind users (matplotlib's default); its table is the
// polynomial fit published with the colour map's shader ports (error < 1/255 per channel). diverging: blue → white →
// red for signed values (a kernel's weights, a gradient), centred on zero by the caller's min/max.

export type ColorMapName = 'viridis' | 'diverging' | 'grey';

const tables = new Map<ColorMapName, Uint8ClampedArray>();

function viridisAt(t: number): [number, number, number] {
  // Sixth-order polynomial fit of matplotlib's viridis (the constants of Matt Zucker's public shader port).
  const c0 = [0.2777273272234177, 0.005407344544966578, 0.3340998053353061];
  const c1 = [0.1050930431085774, 1.404613529898575, 1.384590162594685];
  const c2 = [-0.3308618287255563, 0.214847559468213, 0.09509516302823659];
  const c3 = [-4.634230498983486, -5.799100973351585, -19.33244095627987];
  const c4 = [6.228269936347081, 14.17993336680509, 56.69055260068105];
  const c5 = [4.776384997670288, -13.74514537774601, -65.35303263337234];
  const c6 = [-5.435455855934631, 4.645852612178535, 26.3124352495832];
  const ch = (i: number) => c0[i] + t * (c1[i] + t * (c2[i] + t * (c3[i] + t * (c4[i] + t * (c5[i] + t * c6[i])))));
  return [ch(0), ch(1), ch(2)];
}

function divergingAt(t: number): [number, number, number] {
  // Blue (#2166ac) at 0, white at 0.5, red (#b2182b) at 1 (ColorBrewer RdBu's ends), linear in between.
  const blue = [0x21 / 255, 0x66 / 255, 0xac / 255];
  const red = [0xb2 / 255, 0x18 / 255, 0x2b / 255];
  const [end, f] = t < 0.5 ? [blue, 1 - t * 2] : [red, t * 2 - 1];
  return [1 + (end[0] - 1) * f, 1 + (end[1] - 1) * f, 1 + (end[2] - 1) * f];
}

/** The 256×RGB table of a colour map (built once). */
export function colorTable(name: ColorMapName): Uint8ClampedArray {
  let table = tables.get(name);
  if (!table) {
    table = new Uint8ClampedArray(256 * 3);
    for (let i = 0; i < 256; i++) {
      const t = i / 255;
      const rgb = name === 'viridis' ? viridisAt(t) : name === 'diverging' ? divergingAt(t) : [t, t, t];
      for (let c = 0; c < 3; c++) table[i * 3 + c] = Math.round(rgb[c] * 255);
    }
    tables.set(name, table);
  }
  return table;
}

/** The table index of `value` on [min, max] (a flat range maps to the middle). */
export function colorIndex(value: number, min: number, max: number): number {
  if (!(max > min)) return 128;
  const i = Math.round(((value - min) / (max - min)) * 255);
  return i < 0 ? 0 : i > 255 ? 255 : i;
}

export interface PaintOptions {
  /** The map's size in values. */
  width: number;
  height: number;
  /** Values are `[height, width, channels]` row-major; paint channel `channel` (defaults: 1 channel, channel 0). */
  channels?: number;
  channel?: number;
  min: number;
  max: number;
  map: ColorMapName;
  /** Where the map's top-left value goes in the image, and how many image pixels one value takes (integer zoom). */
  x0?: number;
  y0?: number;
  zoom?: number;
}

/** Writes one map of `values` into `image` (opaque pixels). */
export function paintValues(image: ImageData, values: ArrayLike<number>, o: PaintOptions): void {
  const table = colorTable(o.map);
  const channels = o.channels ?? 1;
  const channel = o.channel ?? 0;
  const zoom = o.zoom ?? 1;
  const x0 = o.x0 ?? 0;
  const y0 = o.y0 ?? 0;
  const data = image.data;
  const stride = image.width;
  for (let y = 0; y < o.height; y++) {
    for (let x = 0; x < o.width; x++) {
      const k = colorIndex(values[(y * o.width + x) * channels + channel], o.min, o.max) * 3;
      for (let dy = 0; dy < zoom; dy++) {
        let p = ((y0 + y * zoom + dy) * stride + x0 + x * zoom) * 4;
        for (let dx = 0; dx < zoom; dx++, p += 4) {
          data[p] = table[k];
          data[p + 1] = table[k + 1];
          data[p + 2] = table[k + 2];
          data[p + 3] = 255;
        }
      }
    }
  }
}
