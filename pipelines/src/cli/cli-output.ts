/** Plain tables and run reports for the terminal; --json prints the same data whole. */
import type { RunResult } from '../run-source.js';

export interface Out {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

/** DuckDB timestamps arrive as Date or text; shown to the minute, in UTC, which the column says. */
export function shortTime(value: unknown): string {
  if (value === null || value === undefined) return '-';
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function runTable(results: readonly RunResult[]): string {
  return table(
    ['source', 'status', 'received', 'loaded', 'rejected', 'duplicate', 'watermark', 'run', 'error'],
    results.map((r) => [
      r.sourceId,
      r.status,
      String(r.received),
      String(r.loaded),
      String(r.rejected),
      String(r.duplicate),
      r.watermarkAfter ?? '-',
      r.runId,
      r.error ? clip(r.error, 100) : '',
    ]),
  );
}

/** Results, their warnings, and a one-line summary; returns whether any run failed. */
export function reportRuns(out: Out, results: readonly RunResult[], json: boolean): boolean {
  const failed = results.filter((r) => r.status === 'failed');
  if (json) {
    out.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    if (results.length) out.stdout.write(runTable(results));
    for (const r of results) for (const w of r.warnings ?? []) out.stdout.write(`warning: ${r.sourceId}: ${w}\n`);
    const sum = (k: 'received' | 'loaded' | 'rejected' | 'duplicate') => results.reduce((n, r) => n + r[k], 0);
    out.stdout.write(
      `${results.length} run${results.length === 1 ? '' : 's'}: ${results.length - failed.length} succeeded, ${failed.length} failed; ` +
        `received ${sum('received')}, loaded ${sum('loaded')}, rejected ${sum('rejected')}, duplicate ${sum('duplicate')}\n`,
    );
  }
  for (const r of failed) out.stderr.write(`failed: ${r.sourceId} (run ${r.runId}): ${r.error}\n`);
  return failed.length > 0;
}
