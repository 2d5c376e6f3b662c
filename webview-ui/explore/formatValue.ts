// An activation, probability or weight as text: 4 significant digits, exponent notation outside [1e-3, 1e5).
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

/** A weight or activation in a caption: 4 significant digits, a real minus sign. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Number(v.toPrecision(4)).toString().replace('-', '−');
}
