import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { toCsv } from '../pipelines/dist/testing/test-feed.js';
const ROWS = 1_000_000, SERVICES = 1000;
const day = (d) => new Date(Date.UTC(2026, 10, 27) - d * 86_400_000).toISOString().slice(0, 10);
const fields = ['date','serviceId','requests','completed','failed','availabilityPct','latencyP50Ms','latencyP95Ms','satisfactionSum','satisfactionCount','docsAsked','docsFetched'];
const rows = Array.from({ length: ROWS }, (_, n) => ({ date: day(Math.floor(n / SERVICES)), serviceId: `ncr-${n % SERVICES}`, requests: 100 + (n % 7), completed: 90, failed: 5, availabilityPct: 99.5, latencyP50Ms: 120.5, latencyP95Ms: 480.25, satisfactionSum: 40, satisfactionCount: 10, docsAsked: 2, docsFetched: 6 }));
const dir = mkdtempSync(join(tmpdir(), 'mb-'));
const files = [];
for (let p = 0; p < 10; p++) { const f = join(dir, `p${p}.csv`); writeFileSync(f, toCsv(rows.slice(p * 100000, (p + 1) * 100000), { columns: fields })); files.push(f); }
const db = await DuckDBInstance.create(join(dir, 'x.duckdb'));
const c = await db.connect();
const T = () => performance.now();
const vc = fields.map((f, i) => `'c${i}': 'VARCHAR'`).join(', ');
const tc = fields.map((f, i) => `'c${i}': '${i === 0 ? 'VARCHAR' : i === 1 ? 'VARCHAR' : 'DOUBLE'}'`).join(', ');
for (const v of process.argv.slice(2)) {
  const [order, typ] = v.split('-');
  await c.run(`set preserve_insertion_order=${order}`);
  const cols = typ === 'typed' ? tc : vc;
  await c.run(`create or replace temp table raw as select null::bigint row_number, null::varchar raw, null::varchar parse_error, * from read_csv('${files[0]}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, ${typ === 'typed' ? '' : 'all_varchar = true,'} columns = {${cols}}) limit 0`);
  const cpu0 = process.cpuUsage(); const t0 = T();
  for (const f of files) await c.run(`insert into raw select null, null, null, * from read_csv('${f}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, ${typ === 'typed' ? '' : 'all_varchar = true,'} columns = {${cols}})`);
  const cpu = process.cpuUsage(cpu0);
  console.log(v.padEnd(14), 'wall', ((T() - t0) / 1000).toFixed(2), 'cpu', ((cpu.user + cpu.system) / 1e6).toFixed(2), 'load', loadavg()[0].toFixed(1));
}
c.closeSync(); db.closeSync();
rmSync(dir, { recursive: true, force: true });
