/**
 * A progress bar for long operator commands, written to stderr so stdout stays the result. On a
 * terminal one line is redrawn in place (done/total, percent, elapsed, ETA); anywhere else (a log
 * file, CI, a pipe) each step is its own line, since carriage returns make logs unreadable.
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export class ProgressBar {
  #done = 0;
  readonly #started: number;

  constructor(
    readonly label: string,
    readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.#started = now();
    if (stream.isTTY) this.#draw('');
  }

  get done(): number {
    return this.#done;
  }

  /** One step finished; `note` names it (a source, a week…). */
  tick(note = ''): void {
    this.#done = Math.min(this.total, this.#done + 1);
    this.#draw(note);
  }

  /** Ends the redrawn line so what follows starts on its own. */
  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }

  line(note: string): string {
    const elapsed = this.now() - this.#started;
    const pct = this.total ? Math.floor((this.#done / this.total) * 100) : 100;
    // The ETA assumes the remaining steps take as long as the finished ones on average.
    const eta = this.#done ? formatDuration((elapsed / this.#done) * (this.total - this.#done)) : '?';
    const counts = `${this.#done}/${this.total} ${String(pct).padStart(3)}%  elapsed ${formatDuration(elapsed)}  eta ${eta}`;
    if (!this.stream.isTTY) return `${this.label} ${counts}${note ? `  ${note}` : ''}`;
    const width = 20;
    const filled = this.total ? Math.round((this.#done / this.total) * width) : width;
    return `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${counts}${note ? `  ${note}` : ''}`;
  }

  #draw(note: string): void {
    const text = this.line(note);
    if (!this.stream.isTTY) {
      this.stream.write(`${text}\n`);
      return;
    }
    const max = (this.stream.columns ?? 100) - 1;
    this.stream.write(`\r\x1b[2K${text.length > max ? text.slice(0, max) : text}`);
  }
}
