/**
 * Faults the simulator can be told to inject into one agency's feed, to prove the pipelines survive
 * what real agencies do. A fault is plain JSON (the same over `PUT /_faults/:agencyId` as through
 * `setFault`), optionally limited to one dataset and to the first `times` requests it applies to,
 * so that a retry, or the next run, can succeed.
 */
import { DATASETS, type Dataset, type FeedFormat } from '@hamgam/shared';
import { BadRequest } from './feed-paging.js';

export const FAULT_KINDS = [
  'timeout',
  'slow-body',
  'http-5xx',
  'html-200',
  'truncated-json',
  'truncated-arrow',
  'schema-drift',
  'duplicate-rows',
  'csv-bom-crlf',
  'invalid-utf8',
  'huge-body',
  'bad-rows',
  'persian-digits',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type DriftChange = 'add-column' | 'remove-column' | 'change-type';

interface FaultScope {
  /** Only this dataset's requests; every dataset of the agency when absent. */
  dataset?: Dataset;
  /** Only the first N requests the fault applies to; after that the feed answers normally. */
  times?: number;
}

export type FeedFault = FaultScope &
  (
    | { kind: 'timeout' }
    | { kind: 'slow-body'; seconds?: number; chunks?: number }
    | { kind: 'http-5xx'; status?: number; retryAfterSeconds?: number }
    | { kind: 'html-200'; contentType?: string }
    | { kind: 'truncated-json'; keep?: number; reset?: boolean }
    | { kind: 'truncated-arrow'; keep?: number; at?: 'mid-message' | 'message-boundary'; reset?: boolean }
    | { kind: 'schema-drift'; change?: DriftChange; field?: string }
    | { kind: 'duplicate-rows'; every?: number; overlap?: number }
    | { kind: 'csv-bom-crlf' }
    | { kind: 'invalid-utf8'; every?: number; field?: string }
    | { kind: 'huge-body'; megabytes?: number; fill?: 'padding' | 'rows' }
    | { kind: 'bad-rows'; every?: number }
    | { kind: 'persian-digits' }
  );

/** Faults that only make sense in one or two encodings; a request in another format is served normally. */
const FORMATS_OF: Partial<Record<FaultKind, readonly FeedFormat[]>> = {
  'truncated-json': ['json'],
  'truncated-arrow': ['arrow'],
  'csv-bom-crlf': ['csv'],
  // Arrow strings are checked by the writer; a feed that emits bad bytes does so in a text format.
  'invalid-utf8': ['json', 'csv'],
};

export function faultAppliesTo(fault: FeedFault, dataset: Dataset, format: FeedFormat): boolean {
  if (fault.dataset && fault.dataset !== dataset) return false;
  const formats = FORMATS_OF[fault.kind];
  return !formats || formats.includes(format);
}

// ---------------------------------------------------------------------------------------------
// Checking a fault given as JSON: a typo in a test or a curl command should say what is wrong.

type Raw = Record<string, unknown>;

const COMMON_KEYS = ['kind', 'dataset', 'times'];
const KEYS_OF: Record<FaultKind, string[]> = {
  timeout: [],
  'slow-body': ['seconds', 'chunks'],
  'http-5xx': ['status', 'retryAfterSeconds'],
  'html-200': ['contentType'],
  'truncated-json': ['keep', 'reset'],
  'truncated-arrow': ['keep', 'at', 'reset'],
  'schema-drift': ['change', 'field'],
  'duplicate-rows': ['every', 'overlap'],
  'csv-bom-crlf': [],
  'invalid-utf8': ['every', 'field'],
  'huge-body': ['megabytes', 'fill'],
  'bad-rows': ['every'],
  'persian-digits': [],
};

function optionalNumber(raw: Raw, key: string, min: number, max: number, integer: boolean): void {
  const v = raw[key];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max)
    throw new BadRequest(`${key} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}`);
}

function optionalOneOf(raw: Raw, key: string, values: readonly unknown[]): void {
  const v = raw[key];
  if (v !== undefined && !values.includes(v)) throw new BadRequest(`${key} must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
}

function optionalString(raw: Raw, key: string): void {
  const v = raw[key];
  if (v !== undefined && (typeof v !== 'string' || !v.trim())) throw new BadRequest(`${key} must be a non-empty string, got ${JSON.stringify(v)}`);
}

/** The fault as given, checked; throws BadRequest with the first problem found. */
export function parseFault(value: unknown): FeedFault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequest('a fault is a JSON object with a kind');
  const raw = value as Raw;
  const kind = raw.kind;
  if (!(FAULT_KINDS as readonly unknown[]).includes(kind)) throw new BadRequest(`kind must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  const allowed = new Set([...COMMON_KEYS, ...KEYS_OF[kind as FaultKind]]);
  const unknown = Object.keys(raw).filter((k) => !allowed.has(k));
  if (unknown.length) throw new BadRequest(`${kind} takes ${[...allowed].join(', ')}; unknown: ${unknown.join(', ')}`);
  optionalOneOf(raw, 'dataset', DATASETS);
  optionalNumber(raw, 'times', 1, 1_000_000, true);
  optionalNumber(raw, 'seconds', 0, 600, false);
  optionalNumber(raw, 'chunks', 1, 10_000, true);
  optionalNumber(raw, 'status', 500, 599, true);
  optionalNumber(raw, 'retryAfterSeconds', 0, 86_400, true);
  optionalString(raw, 'contentType');
  optionalNumber(raw, 'keep', 0, 0.999, false);
  optionalOneOf(raw, 'reset', [true, false]);
  optionalOneOf(raw, 'at', ['mid-message', 'message-boundary']);
  optionalOneOf(raw, 'change', ['add-column', 'remove-column', 'change-type']);
  optionalString(raw, 'field');
  optionalNumber(raw, 'every', 1, 1_000_000, true);
  optionalNumber(raw, 'overlap', 0, 10_000, true);
  optionalNumber(raw, 'megabytes', 0.001, 1024, false);
  optionalOneOf(raw, 'fill', ['padding', 'rows']);
  return { ...raw } as unknown as FeedFault;
}

// ---------------------------------------------------------------------------------------------
// The faults set on a running simulator, and how often each has struck.

export interface FaultEntry {
  agencyId: string;
  fault: FeedFault;
  /** Requests the fault has been applied to so far. */
  applied: number;
  /** Requests it will still be applied to; null when it is not limited. */
  remaining: number | null;
}

export class FaultBook {
  private readonly entries = new Map<string, FaultEntry>();

  set(agencyId: string, fault: FeedFault | null): FaultEntry | null {
    if (!fault) {
      this.entries.delete(agencyId);
      return null;
    }
    const entry: FaultEntry = { agencyId, fault, applied: 0, remaining: fault.times ?? null };
    this.entries.set(agencyId, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }

  list(): FaultEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e, fault: { ...e.fault } }));
  }

  /** The fault to apply to this request, counted as applied; null to answer normally. */
  take(agencyId: string, dataset: Dataset, format: FeedFormat): FeedFault | null {
    const entry = this.entries.get(agencyId);
    if (!entry || entry.remaining === 0 || !faultAppliesTo(entry.fault, dataset, format)) return null;
    entry.applied++;
    if (entry.remaining !== null) entry.remaining--;
    return entry.fault;
  }
}
