/**
 * DuckDB's VARCHAR vectors read out of its memory: the validity bits and the long strings. A
 * string is a 16-byte record (`duckdb_string_t`): a length, then the bytes themselves when they fit
 * in 12, else a 4-byte prefix and a pointer to them. Used by the Kysely driver's column reader
 * (duckdb-columns.ts) and the workbench's Arrow writer (analysis/arrow-ipc.ts).
 */
import duckdb from '@duckdb/node-bindings';

export const TWO_32 = 4_294_967_296;

/** DuckDB's string record: 4 bytes of length, then the string itself when it is at most this long, else a 4-byte prefix and an 8-byte pointer. */
export const INLINE_MAX = 12;

/**
 * The bytes of one chunk's long strings (over 12 bytes, which DuckDB keeps outside the 16-byte
 * record, behind a pointer), read out of DuckDB's memory a run at a time: rows whose strings lie end
 * to end come in one native call, and a string met again in the chunk (the same pointer: a join
 * repeating one agency's name on many rows) is not read again. Pointers are only valid while their
 * chunk is, so nothing here outlives it (`reset` for each chunk).
 *
 * The chunk's pointers are kept in an open-addressing table of integers (a Map of numbers this
 * large would box each one); a slot belongs to this chunk when its stamp is the chunk's.
 */
export class LongStrings {
  /** After `locate`: the bytes holding the row's string, and where in them it starts. */
  bytes: Buffer = Buffer.alloc(0);
  from = 0;
  private readonly runs: Buffer[] = [];
  private slots = 0;
  private low = new Int32Array(0);
  private high = new Int32Array(0);
  private length = new Int32Array(0);
  private stamp = new Int32Array(0);
  /** The run holding the slot's string (-1 until it is read), and where in the run it starts. */
  private runOf = new Int32Array(0);
  private fromOf = new Int32Array(0);
  /** Free for the caller: the string's index in a dictionary, -1 until it is set. */
  private indexOf = new Int32Array(0);
  private generation = 0;
  private view: DataView = new DataView(new ArrayBuffer(0));
  private valid: Validity = null;
  private count = 0;

  reset(view: DataView, count: number, valid: Validity): void {
    this.view = view;
    this.count = count;
    this.valid = valid;
    this.runs.length = 0;
    if (this.slots < 2 * count || this.generation === 0x7fffffff) this.allocate(Math.max(4096, 2 ** Math.ceil(Math.log2(2 * count))));
    this.generation++;
  }

  /**
   * Row i's slot: the one its string (pointer and length: a substring may share its parent's
   * memory) already has in this chunk, or a new one.
   */
  slot(i: number): number {
    const view = this.view;
    const length = view.getInt32(i * 16, true);
    const low = view.getInt32(i * 16 + 8, true);
    const high = view.getInt32(i * 16 + 12, true);
    const mask = this.slots - 1;
    let s = Math.imul(low ^ Math.imul(high ^ length, 0x9e3779b1), 0x85ebca6b);
    s = (s ^ (s >>> 15)) & mask;
    for (; this.stamp[s] === this.generation; s = (s + 1) & mask) {
      if (this.low[s] === low && this.high[s] === high && this.length[s] === length) return s;
    }
    this.stamp[s] = this.generation;
    this.low[s] = low;
    this.high[s] = high;
    this.length[s] = length;
    this.runOf[s] = -1;
    this.indexOf[s] = -1;
    return s;
  }

  index(slot: number): number {
    return this.indexOf[slot];
  }

  setIndex(slot: number, index: number): void {
    this.indexOf[slot] = index;
  }

  /** Finds the string of row i, whose slot is `slot`: `bytes` from `from`. */
  locate(i: number, slot = this.slot(i)): void {
    if (this.runOf[slot] < 0) this.fetchRun(i);
    this.bytes = this.runs[this.runOf[slot]];
    this.from = this.fromOf[slot];
  }

  /** Row i's pointer (x86-64 and arm64 addresses are below 2⁴⁸: a number holds them exactly). */
  private pointerOf(i: number): number {
    return this.view.getUint32(i * 16 + 12, true) * TWO_32 + this.view.getUint32(i * 16 + 8, true);
  }

  /** Reads the run of adjacent long strings that starts at row i, and notes where each one is. */
  private fetchRun(i: number): void {
    const view = this.view;
    const start = this.pointerOf(i);
    let end = start + view.getUint32(i * 16, true);
    let last = i + 1;
    while (last < this.count && isValid(this.valid, last)) {
      const length = view.getUint32(last * 16, true);
      if (length <= INLINE_MAX || this.pointerOf(last) !== end) break;
      end += length;
      last++;
    }
    const run = duckdb.get_data_from_pointer(view.buffer as ArrayBuffer, view.byteOffset + i * 16 + 8, end - start);
    const index = this.runs.length;
    this.runs.push(Buffer.from(run.buffer, run.byteOffset, run.byteLength));
    for (let r = i; r < last; r++) {
      const slot = this.slot(r);
      if (this.runOf[slot] >= 0) continue;
      this.runOf[slot] = index;
      this.fromOf[slot] = this.pointerOf(r) - start;
    }
  }

  private allocate(slots: number): void {
    this.slots = slots;
    this.low = new Int32Array(slots);
    this.high = new Int32Array(slots);
    this.length = new Int32Array(slots);
    this.stamp = new Int32Array(slots);
    this.runOf = new Int32Array(slots);
    this.fromOf = new Int32Array(slots);
    this.indexOf = new Int32Array(slots);
    this.generation = 0;
  }
}

/** A vector's validity bits (DuckDB's and Arrow's layout: bit r of byte r >> 3), or null when every row is valid. */
export type Validity = Uint8Array | null;

export const isValid = (validity: Validity, i: number): boolean => validity === null || (validity[i >> 3] & (1 << (i & 7))) !== 0;
