/**
 * The string and buffer machinery of the Arrow IPC writer (arrow-ipc.ts): growable typed arrays,
 * Arrow's Utf8 layout, and a batch's dictionary of distinct strings. Every VARCHAR moves as bytes,
 * out of DuckDB's 16-byte string records (`duckdb_string_t`: a length, then the bytes when they fit
 * in 12, else a 4-byte prefix and a pointer; the long ones are read by LongStrings,
 * dialect/duckdb-strings.ts), and is never decoded into a JavaScript string and encoded again.
 */

const utf8 = new TextEncoder();

/** A growable typed array; its memory is kept when it is emptied (`length = 0`). */
class Growable<T extends Uint8Array<ArrayBuffer> | Int32Array<ArrayBuffer>> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}

  ensure(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = this.make(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A growable byte buffer. */
export class Bytes extends Growable<Uint8Array<ArrayBuffer>> {
  // Never a tiny array where it is filled: V8 keeps those on its heap, and a loop that meets both kinds runs slower.
  constructor(capacity = 1 << 16) {
    super(new Uint8Array(capacity), (size) => new Uint8Array(size));
  }
  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.data.set(bytes, this.length);
    this.length += bytes.length;
  }
  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

/** A growable Int32Array. */
export class Int32s extends Growable<Int32Array<ArrayBuffer>> {
  constructor(capacity = 1 << 14) {
    super(new Int32Array(capacity), (size) => new Int32Array(size));
  }
  push(value: number): void {
    this.ensure(1);
    this.data[this.length++] = value;
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.data.buffer, 0, this.length * 4);
  }
}

/** Arrow's Utf8 layout: offsets (one more than the strings) and the bytes of every string. */
export class Utf8Values {
  readonly offsets: Int32s;
  readonly data: Bytes;

  constructor(capacity = 1 << 16) {
    this.offsets = new Int32s(capacity / 4);
    this.data = new Bytes(capacity);
    this.clear();
  }

  clear(): void {
    this.data.length = 0;
    this.offsets.length = 0;
    this.offsets.push(0);
  }

  /** The bytes `raw[from, from + length)`, as the next string. */
  addBytes(raw: Uint8Array, from: number, length: number): void {
    this.data.ensure(length);
    const out = this.data.data;
    let to = this.data.length;
    if (length > 32) {
      out.set(raw.subarray(from, from + length), to);
      to += length;
    } else {
      // A byte loop: a subarray per value costs an object each, a million times over.
      for (let j = from, end = from + length; j < end; j++) out[to++] = raw[j];
    }
    this.data.length = to;
    this.offsets.push(to);
  }

  addText(text: string): void {
    this.data.ensure(text.length * 3);
    this.data.length += utf8.encodeInto(text, this.data.data.subarray(this.data.length)).written;
    this.offsets.push(this.data.length);
  }

  /** A NULL: no bytes, its offset repeated. */
  addEmpty(): void {
    this.offsets.push(this.data.length);
  }

  get byteLength(): number {
    return this.offsets.length * 4 + this.data.length;
  }

  buffers(): Uint8Array[] {
    return [this.offsets.bytes(), this.data.view()];
  }
}

/** Slots of the open-addressing table at first; it doubles whenever it is half full. */
const DICTIONARY_SLOTS = 1 << 12;

/**
 * `INLINE_MASKS[3 * length + k]`: the bits of word k + 1 of a DuckDB string record (its 12 inline
 * bytes, as three little-endian words) that belong to a string of `length` bytes, so bytes past
 * the end, whatever DuckDB left there, never tell two equal strings apart.
 */
const INLINE_MASKS = Int32Array.from({ length: 13 * 3 }, (_, i) => {
  const inWord = Math.min(4, Math.max(0, Math.floor(i / 3) - 4 * (i % 3)));
  return inWord === 4 ? -1 : (1 << (8 * inWord)) - 1;
});

/** A hash of an inline string's length and its three masked words. */
function hashWords(length: number, a: number, b: number, c: number): number {
  let h = Math.imul(length ^ a, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The distinct VARCHAR values of one record batch, each with its index in the batch's dictionary.
 * A string of at most 12 bytes lies whole in DuckDB's 16-byte record, so it is looked up by the
 * record's words in a table of integers (no string made, no byte hashed); a longer one by its
 * bytes in a Map. The table starts small, so a few thousand distinct values stay in the cache.
 */
export class StringDictionary {
  readonly values = new Utf8Values();
  /**
   * Four words a slot: a tag, (index + 1) << 4 | length, 0 while the slot is empty; then the
   * string's three words, its bytes with the padding masked off.
   */
  private table = new Int32Array(4 * DICTIONARY_SLOTS);
  private inlineCount = 0;
  /** Two words a slot for the longer strings: index + 1 (0 while empty), then the hash of its bytes. */
  private longTable = new Int32Array(2 * DICTIONARY_SLOTS);
  private longCount = 0;

  /** Distinct strings so far: the values' count, each added once. */
  get size(): number {
    return this.values.offsets.length - 1;
  }

  clear(): void {
    if (this.inlineCount > 0) this.table.fill(0);
    if (this.longCount > 0) this.longTable.fill(0);
    this.values.clear();
    this.inlineCount = 0;
    this.longCount = 0;
  }

  /** The index of the inline string whose record starts at word `w` of `records` (`raw`: the same memory as bytes). */
  inline(records: Int32Array, raw: Uint8Array, w: number): number {
    const length = records[w];
    const m = 3 * length;
    const a = records[w + 1] & INLINE_MASKS[m];
    const b = records[w + 2] & INLINE_MASKS[m + 1];
    const c = records[w + 3] & INLINE_MASKS[m + 2];
    const table = this.table;
    const mask = table.length - 4;
    for (let s = (hashWords(length, a, b, c) << 2) & mask; ; s = (s + 4) & mask) {
      const tag = table[s];
      if (tag === 0) return this.addInline(s, length, a, b, c, raw, 4 * w + 4);
      if ((tag & 15) === length && table[s + 1] === a && table[s + 2] === b && table[s + 3] === c) return (tag >>> 4) - 1;
    }
  }

  /** The index of the string `bytes[from, from + length)` (any length), by its bytes. */
  bytes(bytes: Uint8Array, from: number, length: number): number {
    let h = Math.imul(length, 0x9e3779b1);
    for (let j = from, end = from + length; j < end; j++) h = Math.imul(h ^ bytes[j], 0x01000193);
    const table = this.longTable;
    const mask = table.length - 2;
    for (let s = (h << 1) & mask; ; s = (s + 2) & mask) {
      const tag = table[s];
      if (tag === 0) {
        const index = this.size;
        table[s] = index + 1;
        table[s + 1] = h;
        this.values.addBytes(bytes, from, length);
        if (4 * ++this.longCount > table.length) this.longTable = rehashed(table, 2);
        return index;
      }
      if (table[s + 1] === h && this.holds(tag - 1, bytes, from, length)) return tag - 1;
    }
  }

  /** Whether entry `index` is the string `bytes[from, from + length)`. */
  private holds(index: number, bytes: Uint8Array, from: number, length: number): boolean {
    const offsets = this.values.offsets.data;
    const start = offsets[index];
    if (offsets[index + 1] - start !== length) return false;
    const data = this.values.data.data;
    for (let j = 0; j < length; j++) if (data[start + j] !== bytes[from + j]) return false;
    return true;
  }

  private addInline(slot: number, length: number, a: number, b: number, c: number, raw: Uint8Array, from: number): number {
    const index = this.size;
    const table = this.table;
    table[slot] = ((index + 1) << 4) | length;
    table[slot + 1] = a;
    table[slot + 2] = b;
    table[slot + 3] = c;
    this.values.addBytes(raw, from, length);
    if (8 * ++this.inlineCount > table.length) this.table = rehashed(table, 4, (t, at) => hashWords(t[at] & 15, t[at + 1], t[at + 2], t[at + 3]));
    return index;
  }
}

/**
 * An open-addressing table of `width` words a slot (0 in the first word: empty) with twice the
 * slots, every entry placed again by `hashOf` (of the table and an entry's first word's position).
 */
function rehashed(old: Int32Array, width: number, hashOf: (table: Int32Array, at: number) => number = (t, at) => t[at + 1]): Int32Array<ArrayBuffer> {
  const table = new Int32Array(old.length * 2);
  const mask = table.length - width;
  for (let from = 0; from < old.length; from += width) {
    if (old[from] === 0) continue;
    let s = (hashOf(old, from) * width) & mask;
    while (table[s] !== 0) s = (s + width) & mask;
    table.set(old.subarray(from, from + width), s);
  }
  return table;
}
