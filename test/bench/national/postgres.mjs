// A throwaway PostgreSQL 15 for the benchmark: Debian's binaries, initdb into a temp folder as the
// postgres user, listening on loopback only, stopped (and the folder removed) at the end.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_INDEXES, PG_TABLES } from './aggregate-sql.mjs';

export function postgresBin() {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : null;
  if (!version) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  return { version, bin: join(root, version, 'bin') };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function asPostgres(cmd, args) {
  // initdb and pg_ctl refuse to run as root.
  return execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

export async function startPostgres() {
  const { version, bin } = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'hamgam-pg-'));
  chmodSync(dir, 0o755);
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // Durability off (fsync, synchronous commit, full pages): the load is throwaway, and it would
  // only slow the copy; reads, which are what is compared, are unaffected.
  const options = [
    `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c shared_buffers=1GB', '-c work_mem=128MB',
    '-c maintenance_work_mem=512MB', '-c effective_cache_size=4GB', '-c max_parallel_workers_per_gather=2',
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c timezone=Asia/Tehran', '-c jit=off',
  ].join(' ');
  asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '120', 'start']);
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  return {
    version,
    port,
    dir,
    client,
    async stop() {
      await client.end().catch(() => undefined);
      try {
        asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Copies the national tables from DuckDB (a read-only connection) to PostgreSQL through CSV files
 * in the server's folder (COPY on both sides), then builds keys and indexes and ANALYZEs.
 */
export async function copyFromDuckDB(duck, pgServer, log = () => undefined) {
  const { client, dir } = pgServer;
  const seconds = {};
  for (const [table, columns] of Object.entries(PG_TABLES)) {
    const t0 = performance.now();
    const file = join(dir, `${table}.csv`);
    const names = columns.split(/,(?![^(]*\))/).map((c) => c.trim().split(/\s+/)[0]).join(', ');
    await duck.run(`copy (select ${names} from ${table}) to '${file}' (format csv, header false)`);
    chmodSync(file, 0o644);
    await client.query(`drop table if exists ${table}; create table ${table} (${columns})`);
    await client.query(`copy ${table} (${names}) from '${file}' with (format csv)`);
    rmSync(file, { force: true });
    seconds[table] = (performance.now() - t0) / 1000;
    log(`postgres: ${table} copied in ${seconds[table].toFixed(1)} s`);
  }
  const t1 = performance.now();
  for (const statement of PG_INDEXES) await client.query(statement);
  await client.query('vacuum analyze');
  seconds.indexes = (performance.now() - t1) / 1000;
  log(`postgres: keys, indexes and analyze in ${seconds.indexes.toFixed(1)} s`);
  return seconds;
}
