// Pan and zoom of an SVG drawing: wheel zooms about the pointer, drag pans, keyboard +/-/0. The transform is set
// as an SVG attribute (not a style), which the CSP allows.

export interface ViewBox {
  scale: number;
  tx: number;
  ty: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;

export function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
}

/** Zoom by `factor` keeping the content point under (px, py) in place. */
export function zoomAbout(v: ViewBox, factor: number, px: number, py: number): ViewBox {
  const scale = clampScale(v.scale * factor);
  const k = scale / v.scale;
  return { scale, tx: px - (px - v.tx) * k, ty: py - (py - v.ty) * k };
}

/** Whole drawing visible and centred (never enlarged beyond 1:1). */
export function fitView(contentW: number, contentH: number, viewW: number, viewH: number): ViewBox {
  const scale = clampScale(Math.min(1, viewW / Math.max(1, contentW), viewH / Math.max(1, contentH)));
  return { scale, tx: (viewW - contentW * scale) / 2, ty: (viewH - contentH * scale) / 2 };
}

/**
 * The first view of a graph: fit when that keeps text readable, else fit the width (no smaller than 60%) from the
 * top, so a 150-layer model opens readable and the user pans down, rather than opening as an unreadable speck.
 */
export function initialView(contentW: number, contentH: number, viewW: number, viewH: number): ViewBox {
  const fit = fitView(contentW, contentH, viewW, viewH);
  if (fit.scale >= 0.6) return fit;
  const scale = clampScale(Math.max(0.6, Math.min(1, viewW / Math.max(1, contentW))));
  return { scale, tx: Math.max(0, (viewW - contentW * scale) / 2), ty: 8 };
}

/** Centre content point (cx, cy) in the view at the current scale. */
export function centerOn(v: ViewBox, cx: number, cy: number, viewW: number, viewH: number): ViewBox {
  return { scale: v.scale, tx: viewW / 2 - cx * v.scale, ty: viewH / 2 - cy * v.scale };
}

export function transformOf(v: ViewBox): string {
  return `translate(${v.tx.toFixed(2)} ${v.ty.toFixed(2)}) scale(${v.scale.toFixed(4)})`;
}
