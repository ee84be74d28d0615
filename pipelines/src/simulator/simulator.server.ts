/**
 * The built-in agency simulator: a real HTTP server that speaks feed contract v1 for every agency
 * of the registry, so the pipelines pull from it exactly as they would from a real agency.
 *
 *   GET /health
 *   GET /agencies                                   the registry, with each feed's base URL
 *   GET /agencies/:agencyId/v1/:dataset?since=&cursor=&limit=&format=   Authorization: Bearer <token>
 *   GET /openapi.json                               the published contract (docs/feed-contract.openapi.json)
 *   GET|DELETE /_faults, GET|PUT|DELETE /_faults/:agencyId   fault injection, for tests and demos
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DATASETS, FEED_CONTRACT_VERSION, type Agency, type Dataset } from '@hamgam/shared';
import { loadAgencyRegistry } from './agency-registry.js';
import { applyRowFault } from './fault-rows.js';
import { FaultBook, parseFault, type FaultEntry, type FeedFault } from './feed-faults.js';
import { chooseFormat, NotAcceptable } from './feed-formats.js';
import { BadRequest, parsePageQuery, selectRange, type PageQuery, type PageRange } from './feed-paging.js';
import { encodePage, sendPage } from './feed-response.js';
import { columnsOf, dayOfRow } from './feed-schema.js';
import { buildWorld, type World } from './world.js';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** A fixed today in Tehran (YYYY-MM-DD). Without it the world follows the clock: new days appear as they complete. */
  today?: string;
  /** The clock followed when `today` is not given; defaults to the real one. Tests advance it. */
  now?: () => Date;
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
  /** Makes one agency's feed misbehave (see feed-faults.ts); null restores it. Throws on a fault that does not parse. */
  setFault(agencyId: string, fault: FeedFault | null): FaultEntry | null;
  faults(): FaultEntry[];
  clearFaults(): void;
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

/** Another agency of the registry and one of its services, for rows that speak for someone else. */
function foreignOf(world: World, agencyId: string): { agencyId: string; serviceId: string } {
  const other = world.plans.find((p) => p.agency.agencyId !== agencyId && p.services.length > 0);
  return other ? { agencyId: other.agency.agencyId, serviceId: other.services[0].service.serviceId } : { agencyId: 'other-agency', serviceId: 'other-agency-service' };
}

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>خطای سرور</title></head>
<body><h1>سرویس موقتاً در دسترس نیست</h1><p>Service Temporarily Unavailable. Please try again later.</p>
<hr><address>gateway</address></body></html>
`;

/** Faults that answer instead of the page, before any row is read. */
function answerWithoutPage(res: ServerResponse, fault: FeedFault | null): boolean {
  switch (fault?.kind) {
    case 'timeout':
      return true; // accepted and never answered: only the client's timeout or our close() ends it
    case 'http-5xx': {
      const status = fault.status ?? 503;
      if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
      sendError(res, status, `the agency's feed is failing (simulated ${status})`);
      return true;
    }
    case 'html-200': {
      const body = Buffer.from(HTML_ERROR_PAGE, 'utf8');
      res.writeHead(200, { 'content-type': fault.contentType ?? 'text/html; charset=utf-8', 'content-length': body.length });
      res.end(body);
      return true;
    }
    default:
      return false;
  }
}

/** The page's range; duplicate-rows reaches back over the end of the previous page, as a sloppy cursor does. */
function pageRange(rows: readonly Record<string, unknown>[], query: PageQuery, dataset: Dataset, fault: FeedFault | null): PageRange {
  const range = selectRange(rows, query, dayOfRow(dataset));
  if (fault?.kind !== 'duplicate-rows') return range;
  return { ...range, from: Math.max(range.first, range.from - (fault.overlap ?? 2)) };
}

interface FeedContext {
  world: World;
  seed: number;
  faults: FaultBook;
}

async function handleFeed(res: ServerResponse, req: IncomingMessage, ctx: FeedContext, agencyId: string, dataset: string, params: URLSearchParams): Promise<void> {
  const feed = ctx.world.feed(agencyId);
  if (!feed) return sendError(res, 404, `no agency ${agencyId} in the registry`);
  const token = bearerToken(req);
  if (!token) return sendError(res, 401, 'missing bearer token: send Authorization: Bearer <token>');
  if (!sameSecret(token, simulatorToken(ctx.seed, agencyId))) return sendError(res, 401, `token is not valid for ${agencyId}`);
  if (!(DATASETS as readonly string[]).includes(dataset)) return sendError(res, 404, `no dataset ${dataset}; the feed serves ${DATASETS.join(', ')}`);
  const d = dataset as Dataset;
  const format = chooseFormat(params, req.headers.accept);
  const query = parsePageQuery(params);
  const fault = ctx.faults.take(agencyId, d, format);
  if (answerWithoutPage(res, fault)) return;

  const all = feed[d] as unknown as Record<string, unknown>[];
  const range = pageRange(all, query, d, fault);
  const positions = Array.from({ length: range.to - range.from }, (_, i) => range.from + i);
  const foreign = foreignOf(ctx.world, agencyId);
  const table = applyRowFault(fault, { columns: columnsOf(d), rows: all.slice(range.from, range.to) }, positions, {
    dataset: d,
    format,
    agencyId,
    today: ctx.world.today,
    foreignAgencyId: foreign.agencyId,
    foreignServiceId: foreign.serviceId,
  });
  await sendPage(res, format, encodePage(format, table, range.nextCursor, fault), range.nextCursor, fault);
}

const MAX_CONTROL_BODY = 64 * 1024;

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CONTROL_BODY) throw new BadRequest(`the body must be at most ${MAX_CONTROL_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest('the body must be JSON: a fault such as {"kind":"http-5xx","status":503}');
  }
}

/** `/_faults`: the control routes tests and demos use to make an agency misbehave. */
async function handleFaults(req: IncomingMessage, res: ServerResponse, ctx: FeedContext, agencyId: string | undefined): Promise<void> {
  if (agencyId === undefined) {
    if (req.method === 'GET') return sendJson(res, 200, { faults: ctx.faults.list() });
    if (req.method === 'DELETE') {
      ctx.faults.clear();
      return void res.writeHead(204).end();
    }
    res.setHeader('allow', 'GET, DELETE');
    return sendError(res, 405, `${req.method} is not allowed on /_faults`);
  }
  if (!ctx.world.feed(agencyId)) return sendError(res, 404, `no agency ${agencyId} in the registry`);
  if (req.method === 'PUT') return sendJson(res, 200, ctx.faults.set(agencyId, parseFault(await readJsonBody(req))));
  if (req.method === 'DELETE') {
    ctx.faults.set(agencyId, null);
    return void res.writeHead(204).end();
  }
  if (req.method === 'GET') {
    const entry = ctx.faults.list().find((e) => e.agencyId === agencyId);
    return entry ? sendJson(res, 200, entry) : sendError(res, 404, `no fault is set for ${agencyId}`);
  }
  res.setHeader('allow', 'GET, PUT, DELETE');
  return sendError(res, 405, `${req.method} is not allowed on /_faults/${agencyId}`);
}

export const OPENAPI_DOCUMENT_PATH = fileURLToPath(new URL('../../../docs/feed-contract.openapi.json', import.meta.url));

function sendOpenApi(res: ServerResponse): void {
  const text = readFileSync(OPENAPI_DOCUMENT_PATH);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': text.length });
  res.end(text);
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: FeedContext & { baseUrl: () => string }): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator.local');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === '_faults' && parts.length <= 2) return handleFaults(req, res, ctx, parts[1]);
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    return sendError(res, 405, `${req.method} is not allowed; the feed is read-only`);
  }
  if (parts.length === 1 && parts[0] === 'health') {
    return sendJson(res, 200, { status: 'ok', contractVersion: FEED_CONTRACT_VERSION, seed: ctx.seed, today: ctx.world.today, agencies: ctx.world.agencies.length });
  }
  if (parts.length === 1 && parts[0] === 'openapi.json') return sendOpenApi(res);
  if (parts.length === 1 && parts[0] === 'agencies') {
    return sendJson(
      res,
      200,
      ctx.world.agencies.map((a) => ({ ...a, baseUrl: `${ctx.baseUrl()}/agencies/${a.agencyId}` })),
    );
  }
  if (parts.length === 4 && parts[0] === 'agencies' && parts[2] === 'v1') {
    return handleFeed(res, req, ctx, parts[1], parts[3], url.searchParams);
  }
  sendError(res, 404, `no route ${url.pathname}`);
}

function sendFailure(res: ServerResponse, err: unknown): void {
  if (res.headersSent) return void res.destroy();
  if (err instanceof BadRequest) return sendError(res, 400, err.message);
  if (err instanceof NotAcceptable) return sendError(res, 406, err.message);
  sendError(res, 500, `simulator failed: ${(err as Error).message}`);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { port = 0, host = '127.0.0.1', seed = DEFAULT_SIMULATOR_SEED, today, now } = options;
  const agencies = [...(options.agencies ?? loadAgencyRegistry())];
  const world = buildWorld({ seed, today, now, agencies });
  let baseUrl = '';
  const faults = new FaultBook();
  const server = createServer((req, res) => {
    route(req, res, { world, seed, faults, baseUrl: () => baseUrl }).catch((err) => sendFailure(res, err));
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
    setFault(agencyId, fault) {
      if (!world.feed(agencyId)) throw new Error(`no agency ${agencyId} in the registry`);
      return faults.set(agencyId, fault === null ? null : parseFault(fault));
    },
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
