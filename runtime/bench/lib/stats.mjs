// Order statistics over samples.

/** Returns the q-quantile (0..1) of `values` by the nearest-rank method; NaN when empty. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));

  return sorted[rank - 1];
}

/** Returns the median, 99th percentile, minimum and maximum of `values`. */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];

  return { count: sorted.length, median: at(0.5), p99: at(0.99), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Rounds to `digits` significant digits, for figures in reports. */
export function round(value, digits = 3) {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
