/**
 * The published contract cannot drift from the code: FEED_FIELDS is bound to the TypeScript types of
 * shared/src/feed-contract.ts by its mapped type (tsc fails on a missing or extra field), and here
 * the OpenAPI document and the prose document are checked against FEED_FIELDS, and the rows the
 * simulator serves against both.
 */
import { readFileSync } from 'node:fs';
import { DATASETS, FEED_CONTRACT_VERSION, FEED_MEDIA_TYPES, type Dataset } from '@hamgam/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgencyRegistry } from './agency-registry.js';
import { FEED_FIELDS } from './feed-schema.js';
import { OPENAPI_DOCUMENT_PATH, startSimulator, type RunningSimulator } from './simulator.server.js';

interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

const doc = JSON.parse(readFileSync(OPENAPI_DOCUMENT_PATH, 'utf8'));
const prose = readFileSync(new URL('../../../docs/feed-contract.md', import.meta.url), 'utf8');

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolve(doc.components.schemas[name]);
}

/** The row schema of a dataset as the document states it: its 200 JSON page's `data` items. */
function rowSchemaOf(dataset: Dataset): JsonSchema {
  const op = doc.paths[`/v1/${dataset}`]?.get;
  expect(op, `the document has GET /v1/${dataset}`).toBeDefined();
  const page = resolve(op.responses['200'].content['application/json'].schema);
  return resolve(page.properties!.data.items!);
}

let sim: RunningSimulator;
beforeAll(async () => {
  // By the plan week civil registration serves exchange to social security (from 2026-03-06).
  sim = await startSimulator({ seed: 1405, today: '2026-11-28', agencies: loadAgencyRegistry().filter((a) => ['ncr', 'sso'].includes(a.agencyId)) });
});
afterAll(async () => {
  await sim.close();
});

describe('the published feed contract', () => {
  it('is OpenAPI 3.1 at the contract’s version, with bearer auth', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe(FEED_CONTRACT_VERSION);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('lists every dataset, and no other, each in the three formats with the paging parameters', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(DATASETS.map((d) => `/v1/${d}`).sort());
    for (const dataset of DATASETS) {
      const op = doc.paths[`/v1/${dataset}`].get;
      expect(Object.keys(op.responses['200'].content).sort(), dataset).toEqual(Object.values(FEED_MEDIA_TYPES).sort());
      expect(op.responses['200'].headers['X-Next-Cursor'], dataset).toBeDefined();
      const params = op.parameters.map((p: { $ref: string }) => p.$ref.split('/').pop());
      expect(params.sort(), dataset).toEqual(['cursor', 'format', 'limit', 'since']);
      for (const status of ['400', '401', '404']) expect(op.responses[status], `${dataset} ${status}`).toBeDefined();
    }
  });

  for (const dataset of DATASETS) {
    it(`${dataset}: states every field of the TypeScript type, with its type, all required`, () => {
      const schema = rowSchemaOf(dataset);
      const fields = FEED_FIELDS[dataset] as Record<string, string>;
      expect(Object.keys(schema.properties!)).toEqual(Object.keys(fields));
      expect([...schema.required!].sort()).toEqual(Object.keys(fields).sort());
      for (const [name, type] of Object.entries(fields)) expect(resolve(schema.properties![name]).type, `${dataset}.${name}`).toBe(type);
    });

    it(`${dataset}: the simulator serves exactly those fields`, () => {
      const rows = sim.world.feed('ncr')![dataset] as unknown as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows.slice(0, 50)) expect(Object.keys(row)).toEqual(Object.keys(FEED_FIELDS[dataset]));
    });
  }

  it('names every dataset and field in the prose document too', () => {
    expect(prose).toContain(`Version ${FEED_CONTRACT_VERSION}`);
    for (const dataset of DATASETS) {
      expect(prose, dataset).toContain(`\`${dataset}\``);
      for (const field of Object.keys(FEED_FIELDS[dataset])) expect(prose, `${dataset}.${field}`).toMatch(new RegExp(`\\|\\s*\`${field}\`\\s*\\|`));
    }
  });

  it('is served by the simulator at GET /openapi.json', async () => {
    const res = await fetch(`${sim.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual(doc);
  });
});
