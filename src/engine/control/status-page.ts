/**
 * The read-only status page served at `GET /` (docs/control.md): one HTML
 * document with its CSS and script inline, no external assets. The script
 * polls `cl_status` and `clusterer_list_topology` on `mi` of the same
 * listener, draws each cluster as an SVG graph, starts its event feed with
 * the node's recent events and follows `events` (server-sent events),
 * refreshing at once when an event arrives. Everything from the
 * node is set as text (never as markup).
 */

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232a}
header{background:#1d232a;color:#fff;padding:10px 16px;display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:17px;margin:0}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px;padding:14px}
section{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:10px 14px}
h2{font-size:15px;margin:4px 0 8px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:3px 8px 3px 0;border-bottom:1px solid #eef0f3;font-variant-numeric:tabular-nums}
.Up,.synced,.active{color:#1a7f37}.Down,.not-synced{color:#c62828}.Probe,.sync-pending,.sync-in-progress{color:#9a6700}
#conn.live{color:#7ee787}#conn.lost{color:#ff7b72}
#events{list-style:none;margin:0;padding:0;max-height:320px;overflow:auto;font:12px/1.5 ui-monospace,monospace}
#events li{border-bottom:1px solid #eef0f3}
svg text{font:12px system-ui,sans-serif}
.muted{color:#6a737d}
`;

const SCRIPT = `
'use strict';
const COLOURS = { Up: '#2da44e', Down: '#d32f2f', Probe: '#bf8700', self: '#0969da' };
const SVG = 'http://www.w3.org/2000/svg';
let rpcId = 0;
function el(tag, attrs, ...kids) {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
async function rpc(method, params) {
  const r = await fetch('mi', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method, params: params || [], id: ++rpcId }) });
  if (!r.ok) throw new Error(method + ': HTTP ' + r.status);
  const j = await r.json();
  if (j.error) throw new Error(method + ': ' + j.error.message);
  return j.result;
}
function ago(ms) { return ms === null ? '-' : ms < 1000 ? ms + ' ms ago' : (ms / 1000).toFixed(1) + ' s ago'; }
function table(head, rows, rowAttrs) {
  if (rows.length === 0) return el('p', { class: 'muted' }, 'none');
  return el('table', {}, el('tr', {}, ...head.map((h) => el('th', {}, h))), ...rows.map((r, i) => el('tr', rowAttrs ? rowAttrs(i) : {}, ...r)));
}
function cell(text, cls) { return el('td', cls ? { class: cls } : {}, text); }
function graph(c, topo) {
  const ids = [c.self, ...c.nodes.map((n) => n.node_id)];
  const w = 400, h = 260, r = Math.min(w, h) / 2 - 40;
  const pos = new Map(ids.map((id, i) => [id, [w / 2 + r * Math.cos((2 * Math.PI * i) / ids.length - Math.PI / 2), h / 2 + r * Math.sin((2 * Math.PI * i) / ids.length - Math.PI / 2)]]));
  const svg = el('svg:svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', role: 'img', 'aria-label': 'topology of cluster ' + c.cluster_id });
  const line = (a, b, state, direct) => {
    const p = pos.get(a), q = pos.get(b);
    if (!p || !q) return;
    svg.append(el('svg:line', { x1: p[0], y1: p[1], x2: q[0], y2: q[1], stroke: COLOURS[state] || '#999', 'stroke-width': direct ? 3 : 1.5, 'stroke-dasharray': state === 'Up' ? '' : '6 4', 'data-link': a + '-' + b, 'data-state': state }));
  };
  for (const n of c.nodes) line(c.self, n.node_id, n.link_state, true);
  // Links between other nodes, as far as this node knows them; none to a node it cannot reach.
  const reachable = new Set(c.nodes.filter((n) => n.next_hop !== null).map((n) => n.node_id));
  const seen = new Set();
  for (const t of topo) for (const nb of t.Neighbours || []) {
    const key = Math.min(t.node_id, nb) + '-' + Math.max(t.node_id, nb);
    if (t.node_id === c.self || nb === c.self || seen.has(key) || !reachable.has(t.node_id) || !reachable.has(nb)) continue;
    seen.add(key);
    line(t.node_id, nb, 'Up', false);
  }
  for (const id of ids) {
    const n = c.nodes.find((x) => x.node_id === id);
    const state = n ? n.link_state : 'self';
    const [x, y] = pos.get(id);
    svg.append(el('svg:g', { 'data-node': id, 'data-state': state }, el('svg:circle', { cx: x, cy: y, r: 17, fill: COLOURS[state] || '#999' }), el('svg:text', { x, y: y + 4, 'text-anchor': 'middle', fill: '#fff' }, id), el('svg:text', { x, y: y + 32, 'text-anchor': 'middle' }, n ? state : 'this node')));
  }
  return svg;
}
function render(s, topo) {
  document.getElementById('node').textContent = 'node ' + s.node_id;
  document.getElementById('meta').textContent = 'cl ' + s.version + '  pid ' + s.pid + '  up ' + Math.round(s.uptime_ms / 1000) + ' s  db_mode ' + s.db_mode;
  const clusters = document.getElementById('clusters');
  clusters.replaceChildren(...s.clusters.map((c) => {
    const t = (topo.find((x) => x.cluster_id === c.cluster_id) || { Nodes: [] }).Nodes;
    const cc = Object.assign({ self: s.node_id }, c);
    const rows = c.nodes.map((n) => [cell(n.node_id), cell(n.url), cell(n.link_state, n.link_state + ' link'), cell(n.next_hop === null ? 'unreachable' : n.next_hop === n.node_id ? 'direct' : 'via ' + n.next_hop, 'route'), cell(ago(n.last_pong_ms_ago)), cell(n.enabled ? 'enabled' : 'disabled')]);
    return el('section', { 'data-cluster': c.cluster_id }, el('h2', {}, 'cluster ' + c.cluster_id + ' ', el('span', { class: 'muted' }, c.url + (c.enabled ? '' : ' (disabled)'))), graph(cc, t),
      table(['node', 'url', 'link', 'route', 'last pong', 'state'], rows, (i) => ({ 'data-node': c.nodes[i].node_id, 'data-state': c.nodes[i].link_state })));
  }));
  document.getElementById('tags').replaceChildren(table(['tag', 'cluster', 'state', 'since', 'reason'], s.sharing_tags.map((t) => [cell(t.tag), cell(t.cluster_id), cell(t.state, t.state), cell(new Date(t.since).toLocaleTimeString()), cell(t.reason)]), (i) => ({ 'data-tag': s.sharing_tags[i].tag + '/' + s.sharing_tags[i].cluster_id })));
  const caps = s.capabilities || [];
  document.getElementById('caps').replaceChildren(table(['capability', 'cluster', 'state', 'donor', 'received', 'synced nodes'], caps.map((k) => [cell(k.capability), cell(k.cluster_id), cell(k.state, k.state.replace(/ /g, '-')), cell(k.donor === null ? '-' : k.donor), cell(k.expected > 0 ? k.received + '/' + k.expected : k.received), cell(k.synced_nodes.join(', ') || '-')])));
}
function setConn(text, cls) { const c = document.getElementById('conn'); c.textContent = text; c.className = cls; }
let busy = false;
async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const [s, t] = await Promise.all([rpc('cl_status'), rpc('clusterer_list_topology').catch(() => ({ Clusters: [] }))]);
    render(s, t.Clusters || []);
    // The feed starts with the node's recent events (oldest first), then follows the stream.
    if (document.body.dataset.loaded !== 'true') for (const e of s.events) addEvent({ event: e.event, params: e.params, time: e.time });
    document.body.dataset.loaded = 'true';
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    setConn(String(e.message || e), 'lost');
  } finally {
    busy = false;
  }
}
const shown = new Set();
function addEvent(ev) {
  // The recent events of cl_status and the stream can overlap at start.
  const key = new Date(ev.time).getTime() + ' ' + ev.event + ' ' + JSON.stringify(ev.params);
  if (shown.has(key)) return;
  shown.add(key);
  const list = document.getElementById('events');
  const params = Object.entries(ev.params || {}).map(([k, v]) => k + '=' + v).join(' ');
  list.prepend(el('li', {}, new Date(ev.time).toLocaleTimeString() + ' ' + ev.event + ' ' + params));
  while (list.children.length > 200) list.lastChild.remove();
}
function follow() {
  const es = new EventSource('events');
  es.onopen = () => setConn('live', 'live');
  es.onmessage = (m) => { try { addEvent(JSON.parse(m.data)); } catch (e) { return; } void refresh(); };
  es.onerror = () => setConn('event stream lost, retrying', 'lost');
}
follow();
void refresh();
setInterval(refresh, 2000);
`;

export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cl status</title>
<style>${CSS}</style>
</head>
<body>
<header><h1 id="node">cl node</h1><span id="meta"></span><span id="conn">connecting</span><span id="updated" class="muted"></span></header>
<main>
<div id="clusters"></div>
<section><h2>sharing tags</h2><div id="tags"></div></section>
<section><h2>capabilities</h2><div id="caps"></div></section>
<section><h2>events</h2><ul id="events"></ul></section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
