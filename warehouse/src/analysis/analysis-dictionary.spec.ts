/** The dictionary against the migrated warehouse: every column of every analysis table described, in both languages. */
import { describe, expect, it } from 'vitest';
import { openMigratedWarehouse } from '../testing.js';
import { ANALYSIS_DICTIONARY, ANALYSIS_TABLE_NAMES } from './analysis-dictionary.js';
import { listWarehouseColumns } from './workbench.repository.js';

describe('analysis dictionary', () => {
  it('describes exactly the columns each analysis table has in the warehouse, in Persian and English', async () => {
    const warehouse = await openMigratedWarehouse();
    try {
      const columns = await listWarehouseColumns(warehouse.db, ANALYSIS_TABLE_NAMES);
      for (const table of ANALYSIS_DICTIONARY) {
        const inWarehouse = columns.filter((c) => c.table_name === table.name).map((c) => c.column_name);
        expect(inWarehouse.length, `${table.name} is not a warehouse table`).toBeGreaterThan(0);
        expect(table.columns.map((c) => c.name).sort(), `columns of ${table.name}`).toEqual([...inWarehouse].sort());
        for (const c of [table, ...table.columns]) {
          expect(c.fa, `${table.name}.${'name' in c ? c.name : ''} Persian`).toMatch(/[\u0600-\u06FF]/);
          expect(c.en.length).toBeGreaterThan(2);
        }
      }
    } finally {
      await warehouse.close();
    }
  });

  it('never lists the tables that hold secrets, bookkeeping or the workbench\'s own records', () => {
    for (const name of ['source_state', 'pipeline_run', 'rejected_row', 'restatement', 'query_audit', 'saved_query', 'kysely_migration', 'users', 'sessions', 'annotation']) {
      expect(ANALYSIS_TABLE_NAMES).not.toContain(name);
    }
  });
});
