/**
 * Results written for clients that have not read them to the end: the spool keeps each one (in
 * memory when it is on tmpfs) until its response is done. A client that stops reading would let an
 * analyst pile them up, query after query (the worker is free again once a result is written), so
 * new queries wait while a user, or everyone together, holds more than their share.
 */
import type { Readable } from 'node:stream';

const MB = 1024 * 1024;

export class HeldResults {
  private readonly held = new Map<Readable, { userId: string; bytes: () => number }>();

  constructor(
    private readonly perUserBytes: number,
    private readonly totalBytes: number,
  ) {}

  /** Counts the result's bytes against its user until its stream closes (sent, failed or abandoned). */
  hold(stream: Readable, userId: string, bytes: () => number): void {
    this.held.set(stream, { userId, bytes });
    stream.once('close', () => this.held.delete(stream));
  }

  /** Why a new query of this user must wait, or null when it may run. */
  refusal(userId: string): { message: string; scope: 'user' | 'total' } | null {
    let mine = 0;
    let total = 0;
    for (const h of this.held.values()) {
      const bytes = h.bytes();
      total += bytes;
      if (h.userId === userId) mine += bytes;
    }
    if (mine >= this.perUserBytes) {
      return {
        scope: 'user',
        message: `Your earlier results (${Math.round(mine / MB)} MB) are still being downloaded, and the workbench holds at most ${Math.round(this.perUserBytes / MB)} MB of them for you: let them finish or close them, then run this one.`,
      };
    }
    if (total >= this.totalBytes) {
      return {
        scope: 'total',
        message: `The workbench is holding ${Math.round(total / MB)} MB of results not yet downloaded, its limit; try again in a moment.`,
      };
    }
    return null;
  }
}
