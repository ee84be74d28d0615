// An in-process HTTP feed serving the national world under the feed contract (CSV pages, cursor in
// X-Next-Cursor, `since`), on loopback: the pipelines pull it exactly as they pull an agency.
import { createServer } from 'node:http';
import { renderPage } from './national-world.mjs';

export async function startNationalFeed(world) {
  const index = new Map(world.agencies.map((a, i) => [a.agencyId, i]));
  const stats = { requests: 0, rows: 0, renderMs: 0 };
  const server = createServer((req, res) => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://feed.local');
    const match = /^\/agencies\/([^/]+)\/v1\/([a-z-]+)$/.exec(url.pathname);
    const a = match ? index.get(match[1]) : undefined;
    if (a === undefined || !['services', 'service-metrics', 'exchange', 'integration-events'].includes(match[2])) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"error":"no such feed"}');
    }
    if ((url.searchParams.get('format') ?? 'json') !== 'csv') {
      res.writeHead(406, { 'content-type': 'application/json' });
      return res.end('{"error":"this feed serves csv only"}');
    }
    const t0 = performance.now();
    const page = renderPage(world, a, match[2], {
      since: url.searchParams.get('since'),
      cursor: Number(url.searchParams.get('cursor') ?? 0),
      limit: Number(url.searchParams.get('limit') ?? 5000),
    });
    stats.renderMs += performance.now() - t0;
    stats.rows += page.rows;
    const headers = { 'content-type': 'text/csv' };
    if (page.nextCursor) headers['x-next-cursor'] = page.nextCursor;
    res.writeHead(200, headers);
    res.end(page.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
