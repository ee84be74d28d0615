/**
 * Starts the real Hamgam server in-process on a real port, over a fresh DuckDB file, pulling from
 * the real simulator; the test drives the pipelines (schedules off) so it knows when data is in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HamgamConfig, type RunningHamgam, loadConfig, startHamgam } from '@hamgam/server';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface TestHamgam {
  hamgam: RunningHamgam;
  get<T>(path: string): Promise<{ status: number; body: T; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestHamgam(overrides: Partial<HamgamConfig> = {}): Promise<TestHamgam> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hamgam-test-'));
  const hamgam = await startHamgam(
    {
      ...loadConfig({}),
      port: 0,
      host: '127.0.0.1',
      warehousePath: join(dataDir, 'hamgam.duckdb'),
      simulator: { enabled: true, port: 0, seed: 1405 },
      schedulesEnabled: false,
      pullOnStart: false,
      webDist: join(repoRoot, 'web/dist'),
      ...overrides,
    },
    { logLevels: ['error'] },
  );
  return {
    hamgam,
    async get<T>(path: string) {
      const res = await fetch(`${hamgam.url}${path}`);
      const type = res.headers.get('content-type') ?? '';
      const body = (type.includes('json') ? await res.json() : type.startsWith('text/') ? await res.text() : Buffer.from(await res.arrayBuffer())) as T;
      return { status: res.status, body, headers: res.headers };
    },
    async stop() {
      await hamgam.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
