/**
 * Seeded randomness for the simulator. Every agency and service draws from its own stream, keyed by
 * the world seed and its id, so that generating one agency lazily never depends on which other
 * agencies were generated before it.
 */

export type Random = () => number;

/** mulberry32: tiny, fast and good enough for synthetic data; not for anything secret. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the joined parts: a stable 32-bit seed from a world seed and names. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function streamFor(...parts: (string | number)[]): Random {
  return mulberry32(hashSeed(...parts));
}

export const between = (rand: Random, lo: number, hi: number) => lo + (hi - lo) * rand();

export const intBetween = (rand: Random, lo: number, hi: number) => Math.floor(between(rand, lo, hi + 1));

export const chance = (rand: Random, p: number) => rand() < p;

/** Fisher–Yates on a copy. */
export function shuffled<T>(rand: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
