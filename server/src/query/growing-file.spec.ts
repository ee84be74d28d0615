/** GrowingFile over a real file that grows while it is read. */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GrowingFile } from './growing-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hamgam-growing-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function drain(file: GrowingFile): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of file.stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('GrowingFile', () => {
  it('sends only what was reported written, waits for more, and ends once finished', async () => {
    const path = join(dir, 'r.arrow');
    // The writer (the worker) keeps its own descriptor: the path is gone once the reader opens it.
    const writer = openSync(path, 'w');
    writeSync(writer, 'abc');
    // Bytes on disk beyond what was reported are not sent until they are reported.
    writeSync(writer, 'def');
    const file = new GrowingFile(path, 3, () => undefined);
    expect(existsSync(path)).toBe(false);
    const parts: string[] = [];
    file.stream.on('data', (part: Buffer) => parts.push(part.toString()));
    const ended = new Promise((r) => file.stream.once('end', r));
    await tick();
    expect(parts.join('')).toBe('abc');
    file.grow(6);
    await tick();
    expect(parts.join('')).toBe('abcdef');
    writeSync(writer, 'ghi');
    closeSync(writer);
    await tick();
    expect(parts.join('')).toBe('abcdef');
    // finish() sends the file to its end, whatever the last report said.
    file.finish();
    await ended;
    expect(parts.join('')).toBe('abcdefghi');
  });

  it('fails the stream when the query fails, and tells nobody it was abandoned', async () => {
    const path = join(dir, 'r.arrow');
    writeFileSync(path, 'x'.repeat(1000));
    let abandoned = 0;
    const file = new GrowingFile(path, 1000, () => abandoned++);
    const received = drain(file);
    await tick();
    file.fail(new Error('boom'));
    await expect(received).rejects.toThrow('boom');
    // A failure is the query's, not the client's leaving: its job is over already.
    expect(abandoned).toBe(0);
  });

  it('calls back when the client goes away before the end, not after a whole send', async () => {
    const path = join(dir, 'r.arrow');
    writeFileSync(path, 'abc');
    let abandoned = 0;
    const early = new GrowingFile(path, 3, () => abandoned++);
    early.stream.destroy();
    await tick();
    expect(abandoned).toBe(1);

    writeFileSync(path, 'abc');
    const whole = new GrowingFile(path, 3, () => abandoned++);
    const received = drain(whole);
    whole.finish();
    expect((await received).toString()).toBe('abc');
    whole.stream.destroy();
    expect(abandoned).toBe(1);
  });

  it('lets the file go without an error nobody listens for when it is not sent after all', async () => {
    const path = join(dir, 'r.arrow');
    writeFileSync(path, 'abc');
    let abandoned = 0;
    const file = new GrowingFile(path, 3, () => abandoned++);
    // An 'error' with no listener would throw here and bring the server down.
    file.discard();
    await tick();
    expect(file.stream.destroyed).toBe(true);
    expect(abandoned).toBe(0);
  });
});
