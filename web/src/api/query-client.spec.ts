import { describe, expect, it } from 'vitest';
import { exportHref, newQueryId } from './query-client';

describe('the query client', () => {
  it('makes query ids the server accepts (UUIDs, version 4), a new one each time', () => {
    const ids = Array.from({ length: 200 }, newQueryId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('links an export of a query by its id and format', () => {
    expect(exportHref('0f8fad5b-d9cb-469f-a165-70867728950e', 'parquet')).toBe('/api/v1/query/0f8fad5b-d9cb-469f-a165-70867728950e/export?format=parquet');
  });
});
