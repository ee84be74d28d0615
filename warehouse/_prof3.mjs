import { DuckDBInstance } from '@duckdb/node-api';
import { ArrowIpcWriter } from './dist/analysis/arrow-ipc.js';
import { openSync, writevSync, closeSync, rmSync } from 'node:fs';
const ROWS = 1_000_000;
const SQL = `select i as id, i % 55 as agency_no, 'service-' || (i % 3000) as service_id,
  date '2024-01-01' + (i % 2000)::integer as day, (i * 7 % 1000) / 10 as latency_ms, i % 3 = 0 as key_service
  from range(${ROWS}) t(i)`;
const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const c = await inst.connect();
for (let k = 0; k < 4; k++) {
  for (const overlap of [false, true]) {
    const t0 = performance.now();
    const r = await c.stream(SQL);
    const types = r.columnTypes(); const names = r.columnNames();
    const w = new ArrowIpcWriter(names.map((n, i) => ({ name: n, type: types[i] })));
    const fd = openSync('/tmp/x.arrow', 'w');
    writevSync(fd, w.schema());
    let next = r.fetchChunk();
    for (;;) {
      const ch = await next;
      if (!ch || ch.rowCount === 0) break;
      if (overlap) next = r.fetchChunk();
      const parts = w.append(ch);
      if (parts.length) writevSync(fd, parts);
      if (!overlap) next = r.fetchChunk();
    }
    writevSync(fd, w.finish()); closeSync(fd);
    const t1 = performance.now();
    await c.run(`copy (${SQL}) to '/tmp/x.parquet' (format parquet)`);
    const t2 = performance.now();
    console.log(`overlap ${overlap}: arrow file ${(t1 - t0).toFixed(0)} ms, parquet ${(t2 - t1).toFixed(0)} ms`);
  }
}
