/**
 * Per-source configuration from a JSON file (HAMGAM_SOURCES_FILE), over the default sources (every
 * agency and dataset of the feed server). Later, narrower entries win: `defaults`, then an
 * agency's entry, then the agency-and-dataset entry.
 *
 *   {
 *     "defaults": { "schedule": "0 *\/15 * * * *", "format": "json" },
 *     "sources": [
 *       { "agencyId": "ncr", "format": "arrow" },
 *       { "agencyId": "ncr", "dataset": "service-metrics", "schedule": "0 5 * * * *" },
 *       { "agencyId": "mimt", "enabled": false }
 *     ]
 *   }
 *
 * A mistake in the file (an unknown agency, dataset or format, a malformed schedule) stops the
 * start with a message naming the entry: a silently ignored line would look like a silent agency.
 */
import { readFileSync } from 'node:fs';
import { DATASETS, FEED_FORMATS, type Dataset, type FeedFormat } from '@hamgam/shared';
import type { SourceConfig } from './sources.js';

export interface SourceSettings {
  schedule?: string;
  format?: FeedFormat;
  enabled?: boolean;
  /** Where this agency's feed lives, when not on the default feed server. */
  baseUrl?: string;
}

export interface SourceOverride extends SourceSettings {
  agencyId: string;
  dataset?: Dataset;
}

export interface SourcesFile {
  defaults: SourceSettings;
  sources: SourceOverride[];
}

const SETTING_KEYS = ['schedule', 'format', 'enabled', 'baseUrl'] as const;

function fail(origin: string, where: string, message: string): never {
  throw new Error(`${origin}: ${where}: ${message}`);
}

function checkSettings(value: unknown, origin: string, where: string, extraKeys: readonly string[] = []): SourceSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(origin, where, 'must be an object');
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key) && !extraKeys.includes(key)) fail(origin, where, `unknown key "${key}"`);
  }
  if (v.schedule !== undefined && (typeof v.schedule !== 'string' || !/^\S+( \S+){4,5}$/.test(v.schedule.trim()))) {
    fail(origin, where, `schedule must be a cron of 5 or 6 fields, got ${JSON.stringify(v.schedule)}`);
  }
  if (v.format !== undefined && !(FEED_FORMATS as readonly unknown[]).includes(v.format)) fail(origin, where, `format must be one of ${FEED_FORMATS.join(', ')}, got ${JSON.stringify(v.format)}`);
  if (v.enabled !== undefined && typeof v.enabled !== 'boolean') fail(origin, where, 'enabled must be true or false');
  if (v.baseUrl !== undefined && (typeof v.baseUrl !== 'string' || !/^https?:\/\//.test(v.baseUrl))) fail(origin, where, 'baseUrl must be an http(s) URL');
  const settings: SourceSettings = {};
  for (const key of SETTING_KEYS) if (v[key] !== undefined) (settings as Record<string, unknown>)[key] = key === 'schedule' ? (v[key] as string).trim() : v[key];
  return settings;
}

/** Parses and checks the file's text; `knownAgencyIds` catches a misspelt agency. */
export function parseSourcesFile(text: string, knownAgencyIds: ReadonlySet<string>, origin = 'sources file'): SourcesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(origin, 'file', `not valid JSON: ${(err as Error).message}`);
  }
  const root = checkSettingsRoot(json, origin);
  const defaults = root.defaults === undefined ? {} : checkSettings(root.defaults, origin, 'defaults');
  const list = root.sources ?? [];
  if (!Array.isArray(list)) fail(origin, 'sources', 'must be an array');
  const sources = list.map((entry: unknown, i: number): SourceOverride => {
    const where = `sources[${i}]`;
    const settings = checkSettings(entry, origin, where, ['agencyId', 'dataset']);
    const { agencyId, dataset } = entry as { agencyId?: unknown; dataset?: unknown };
    if (typeof agencyId !== 'string' || !knownAgencyIds.has(agencyId)) fail(origin, where, `agencyId ${JSON.stringify(agencyId)} is not in the registry`);
    if (dataset !== undefined && !(DATASETS as readonly unknown[]).includes(dataset)) fail(origin, where, `dataset must be one of ${DATASETS.join(', ')}, got ${JSON.stringify(dataset)}`);
    return { ...settings, agencyId, ...(dataset ? { dataset: dataset as Dataset } : {}) };
  });
  return { defaults, sources };
}

function checkSettingsRoot(json: unknown, origin: string): { defaults?: unknown; sources?: unknown } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(origin, 'file', 'must be an object with "defaults" and "sources"');
  for (const key of Object.keys(json)) if (key !== 'defaults' && key !== 'sources') fail(origin, 'file', `unknown key "${key}"`);
  return json as { defaults?: unknown; sources?: unknown };
}

/** The default sources with the file's settings applied (defaults < agency < agency and dataset). */
export function applySourceOverrides(sources: readonly SourceConfig[], file: SourcesFile): SourceConfig[] {
  return sources.map((source) => {
    const agency = file.sources.filter((o) => o.agencyId === source.agencyId && !o.dataset);
    const exact = file.sources.filter((o) => o.agencyId === source.agencyId && o.dataset === source.dataset);
    return [file.defaults, ...agency, ...exact].reduce<SourceConfig>((s, o) => ({ ...s, ...settingsOf(o) }), source);
  });
}

function settingsOf(o: SourceSettings): SourceSettings {
  const out: SourceSettings = {};
  for (const key of SETTING_KEYS) if (o[key] !== undefined) (out as Record<string, unknown>)[key] = o[key];
  return out;
}

export function loadSourcesFile(path: string, knownAgencyIds: ReadonlySet<string>): SourcesFile {
  return parseSourcesFile(readFileSync(path, 'utf8'), knownAgencyIds, path);
}
