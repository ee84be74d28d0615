/**
 * A result file in the spool as a stream to the response, whether its sandbox worker is still
 * writing it or is done (then `finish()` comes at once): it reads only the bytes the worker has
 * said are written, waits for more when it has sent them all, and ends once it is told the file is
 * complete. It fails (and the response is cut off, never ended as if whole)
 * when it is told the query failed after all.
 *
 * The worker writes to the file at its own pace: a slow client never holds a worker, it only keeps
 * this file open. The path is unlinked as soon as it is opened, so nothing is left behind however
 * the response ends.
 */
import { closeSync, fstatSync, openSync, read, rmSync } from 'node:fs';
import { Readable } from 'node:stream';

/** Bytes read from the file at a time. */
const READ_SIZE = 4 << 20;

export class GrowingFile {
  readonly stream: Readable;
  private fd: number | null;
  private available: number;
  private sent = 0;
  private complete = false;
  /** The stream has asked for more (read() was called) and not been given it yet. */
  private wanted = false;
  /** A read of the file is in flight. */
  private reading = false;
  /** Destroyed: no more reads; the descriptor closes once none is in flight. */
  private closing = false;
  /** Ended by the server (the query failed, or the file was not sent): not the client's leaving. */
  private failed = false;

  /**
   * @param written bytes of the file the worker has already written
   * @param onAbandoned called when the stream is destroyed before its end (the client went away)
   */
  constructor(path: string, written: number, onAbandoned: () => void) {
    this.fd = openSync(path, 'r');
    rmSync(path, { force: true });
    this.available = written;
    this.stream = new Readable({
      highWaterMark: READ_SIZE,
      read: () => {
        this.wanted = true;
        this.pump();
      },
      destroy: (error, done) => {
        if (!this.failed && (!this.complete || this.sent < this.available)) onAbandoned();
        this.closing = true;
        // A read still in flight closes the descriptor when it returns (never reused under it).
        if (!this.reading) this.release();
        done(error);
      },
    });
  }

  /** Bytes of the file written so far (what it holds). */
  get size(): number {
    return this.available;
  }

  /** The worker has written this many bytes in all. */
  grow(written: number): void {
    if (written <= this.available) return;
    this.available = written;
    this.pump();
  }

  /** The worker finished the file: send the rest, then end. */
  finish(): void {
    if (this.fd === null || this.closing) return;
    this.available = fstatSync(this.fd).size;
    this.complete = true;
    this.pump();
  }

  /** The query failed after the response started: cut it off. */
  fail(error: Error): void {
    this.failed = true;
    this.stream.destroy(error);
  }

  /** Not sent after all (the result is answered whole): let the file go, quietly. */
  discard(): void {
    this.failed = true;
    this.stream.destroy();
  }

  private pump(): void {
    if (!this.wanted || this.reading || this.closing || this.fd === null) return;
    if (this.sent < this.available) {
      const length = Math.min(this.available - this.sent, READ_SIZE);
      const buffer = Buffer.allocUnsafe(length);
      this.reading = true;
      read(this.fd, buffer, 0, length, this.sent, (error, bytesRead) => {
        this.reading = false;
        if (this.closing) return this.release();
        if (error) return void this.stream.destroy(error);
        if (bytesRead === 0) return void this.stream.destroy(new Error('the result file ended before the bytes its worker reported'));
        this.sent += bytesRead;
        this.wanted = this.stream.push(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
        this.pump();
      });
    } else if (this.complete) {
      this.wanted = false;
      this.stream.push(null);
      this.release();
    }
  }

  private release(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
