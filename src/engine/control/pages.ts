import type { IncomingMessage, ServerResponse } from 'node:http';
import { METRICS_PATH, metricsText, type MetricsCtx } from './metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.js';
import type { ControlRoute } from './server.js';
import { STATUS_PAGE_HTML } from './status-page.js';

function send(req: IncomingMessage, res: ServerResponse, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** `GET /metrics`: the Prometheus scrape, built from the node's registries on each request. */
export function metricsRoute(ctx: MetricsCtx): ControlRoute {
  return { path: METRICS_PATH, get: (req, res) => send(req, res, PROMETHEUS_CONTENT_TYPE, metricsText(ctx)) };
}

/**
 * `GET /`: the read-only status page. One document, no external assets; its
 * script reads `/mi` (`cl_status`, `clusterer_list_topology`) and `/events`
 * of the same listener, so it needs what `/mi` needs.
 */
export function statusPageRoute(): ControlRoute {
  return {
    path: '/',
    get: (req, res) =>
      send(req, res, 'text/html; charset=utf-8', STATUS_PAGE_HTML, {
        // Everything is inline; nothing may be loaded from elsewhere.
        'Content-Security-Policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
        'X-Content-Type-Options': 'nosniff',
      }),
  };
}
