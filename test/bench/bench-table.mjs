// The one table `pnpm bench` prints: every figure beside its reference, the ratio, the target and
// whether it was met. Pure, so the formatting is tested without running a benchmark.

/** A target is `{ op: '<=' | '>=', value, unit }`, checked against a figure or a ratio. */
export function meets(value, target) {
  if (value === null || value === undefined || Number.isNaN(value) || !target) return null;
  return target.op === '<=' ? value <= target.value : value >= target.value;
}

export function formatNumber(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const abs = Math.abs(value);
  const d = abs >= 1000 ? 0 : abs >= 100 ? Math.min(digits, 1) : digits;
  return value.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export const formatTarget = (t) => (t ? `${t.op === '<=' ? '≤' : '≥'} ${formatNumber(t.value, t.value % 1 ? 2 : 0)}${t.unit ? ` ${t.unit}` : ''}` : '—');

/**
 * Rows: `{ id, name, measured, reference, ratio, target, checked }` where `measured`/`reference`
 * are display strings, `ratio` a number (or null) and `checked` the number the target is applied
 * to (the ratio unless said otherwise). Returns a Markdown table, one line per row.
 */
export function formatTable(rows) {
  const head = ['#', 'benchmark', 'measured', 'reference', 'ratio', 'target', 'result'];
  const lines = rows.map((r) => {
    const pass = meets(r.checked ?? r.ratio, r.target);
    return [r.id, r.name, r.measured ?? '—', r.reference ?? '—', r.ratio === null || r.ratio === undefined ? '—' : `${formatNumber(r.ratio)}×`, formatTarget(r.target), pass === null ? (r.error ? `error: ${r.error}` : 'info') : pass ? 'PASS' : 'FAIL'];
  });
  const align = ['---', '---', '---:', '---:', '---:', '---', '---'];
  return [head, align, ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The middle of a list of numbers (the mean of the two middle ones for an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
