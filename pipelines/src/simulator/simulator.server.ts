/**
 * The built-in agency simulator: a real HTTP server that speaks feed contract v1 for every agency
 * of the registry, so the pipelines pull from it exactly as they would from a real agency.
 *
 *   GET /health
 *   GET /agencies                                   the registry, with each feed's base URL
 *   GET /agencies/:agencyId/v1/:dataset?since=&cursor=&limit=   Authorization: Bearer <token>
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DATASETS, FEED_CONTRACT_VERSION, tehranDay, type Agency, type Dataset, type FeedIntegrationEvent } from '@hamgam/shared';
import { loadAgencyRegistry } from './agency-registry.js';
import { BadRequest, parsePageQuery, selectPage } from './feed-paging.js';
import { buildWorld, type World } from './world.js';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** Today in Tehran (YYYY-MM-DD); defaults to the real one. */
  today?: string;
  /** Defaults to the registry CSV in `pipelines/data`. */
  agencies?: readonly Agency[];
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
  agencies: Agency[];
  tokenFor(agencyId: string): string;
  world: World;
}

export const DEFAULT_SIMULATOR_SEED = 1405;

/** Deterministic per seed and agency, so tests and demo configs can be written once. */
export function simulatorToken(seed: number, agencyId: string): string {
  return `sim_${createHmac('sha256', `hamgam-simulator:${seed}`).update(agencyId).digest('base64url').slice(0, 32)}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const sendError = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { error: { status, message } });

function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The Tehran day a row is about, for `since`; null where the contract says `since` is ignored. */
function dayOfRow(dataset: Dataset): ((row: unknown) => string) | null {
  switch (dataset) {
    case 'services':
      return null;
    case 'integration-events':
      // Events carry Tehran's offset, so the date part is the Tehran day.
      return (row) => (row as FeedIntegrationEvent).occurredAt.slice(0, 10);
    default:
      return (row) => (row as { date: string }).date;
  }
}

function handleFeed(res: ServerResponse, req: IncomingMessage, world: World, seed: number, agencyId: string, dataset: string, params: URLSearchParams): void {
  const feed = world.feed(agencyId);
  if (!feed) return sendError(res, 404, `no agency ${agencyId} in the registry`);
  const token = bearerToken(req);
  if (!token) return sendError(res, 401, 'missing bearer token: send Authorization: Bearer <token>');
  if (!sameSecret(token, simulatorToken(seed, agencyId))) return sendError(res, 401, `token is not valid for ${agencyId}`);
  if (!(DATASETS as readonly string[]).includes(dataset)) return sendError(res, 404, `no dataset ${dataset}; the feed serves ${DATASETS.join(', ')}`);
  const d = dataset as Dataset;
  const page = selectPage<unknown>(feed[d], parsePageQuery(params), dayOfRow(d));
  sendJson(res, 200, page);
}

function route(req: IncomingMessage, res: ServerResponse, ctx: { world: World; seed: number; baseUrl: () => string }): void {
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    return sendError(res, 405, `${req.method} is not allowed; the feed is read-only`);
  }
  const url = new URL(req.url ?? '/', 'http://simulator.local');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 1 && parts[0] === 'health') {
    return sendJson(res, 200, { status: 'ok', contractVersion: FEED_CONTRACT_VERSION, seed: ctx.seed, today: ctx.world.today, agencies: ctx.world.agencies.length });
  }
  if (parts.length === 1 && parts[0] === 'agencies') {
    return sendJson(
      res,
      200,
      ctx.world.agencies.map((a) => ({ ...a, baseUrl: `${ctx.baseUrl()}/agencies/${a.agencyId}` })),
    );
  }
  if (parts.length === 4 && parts[0] === 'agencies' && parts[2] === 'v1') {
    return handleFeed(res, req, ctx.world, ctx.seed, parts[1], parts[3], url.searchParams);
  }
  sendError(res, 404, `no route ${url.pathname}`);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { port = 0, host = '127.0.0.1', seed = DEFAULT_SIMULATOR_SEED, today = tehranDay() } = options;
  const agencies = [...(options.agencies ?? loadAgencyRegistry())];
  const world = buildWorld({ seed, today, agencies });
  let baseUrl = '';
  const server = createServer((req, res) => {
    try {
      route(req, res, { world, seed, baseUrl: () => baseUrl });
    } catch (err) {
      if (err instanceof BadRequest) return sendError(res, 400, err.message);
      sendError(res, 500, `simulator failed: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  // A wildcard bind is reachable locally; advertise an address a client can actually dial.
  const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${advertised}:${bound}`;
  return {
    url: baseUrl,
    port: bound,
    agencies,
    world,
    tokenFor: (agencyId) => simulatorToken(seed, agencyId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
