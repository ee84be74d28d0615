/** HeldResults over real streams: counted until they close. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HeldResults } from './held-results.js';

const MB = 1024 * 1024;
const stream = () => new Readable({ read() {} });

describe('HeldResults', () => {
  it('refuses a user over their share, then everyone over the total, until the streams close', async () => {
    const held = new HeldResults(10 * MB, 15 * MB);
    const a = stream();
    held.hold(a, 'ana', () => 10 * MB);
    expect(held.refusal('ana')).toMatchObject({ scope: 'user' });
    expect(held.refusal('bahar')).toBeNull();
    const b = stream();
    let grown = 2 * MB;
    // A streamed result counts what is written so far.
    held.hold(b, 'bahar', () => grown);
    expect(held.refusal('bahar')).toBeNull();
    grown = 6 * MB;
    expect(held.refusal('bahar')).toMatchObject({ scope: 'total' });
    a.destroy();
    await new Promise((r) => setImmediate(r));
    expect(held.refusal('ana')).toBeNull();
    expect(held.refusal('bahar')).toBeNull();
  });
});
