import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { waitFor, withConvergedCluster, type Member } from '../../helpers/cluster.js';
import { httpGet } from '../../helpers/http-get.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (Debian package chromium)`;

async function withBrowser(fn: (ctx: BrowserContext) => Promise<void>): Promise<void> {
  const profile = tempDir('cl-chromium-');
  // A fresh profile each run (the persistent context's user data dir).
  const ctx = await chromium.launchPersistentContext(profile.dir, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 });
  try {
    await fn(ctx);
  } finally {
    await ctx.close();
    profile.cleanup();
  }
}

test('GET / on mi_http: the page is one document with no external assets', async () => {
  await withConvergedCluster(1, async ([n1]) => {
    const r = await httpGet({ socketPath: n1!.config.controlSocket }, '/');
    assert.equal(r.status, 200);
    assert.match(r.type, /^text\/html/);
    assert.match(r.body, /^<!doctype html>/);
    // The SVG namespace is a name, not a resource.
    assert.doesNotMatch(r.body.replaceAll("'http://www.w3.org/2000/svg'", "'svg'"), /\s(src|href)=|@import|url\(|https?:\/\//, 'nothing loaded from elsewhere');
    assert.match(r.body, /<svg|createElementNS/);
  });
});

test('status page in headless Chromium: every node, tags and capabilities; a node that stops turns Down live', { skip, timeout: 90_000 }, async () => {
  const host = loopbackHost();
  const miHttp = `${host}:${await freePort(host)}`;
  await withConvergedCluster(
    3,
    async (ms) => {
      const [n1, , n3] = ms as [Member, Member, Member];
      const base = `http://${miHttp}/`;
      await withBrowser(async (ctx) => {
        const page = ctx.pages()[0] ?? (await ctx.newPage());
        const problems: string[] = [];
        const foreign: string[] = [];
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
        page.on('request', (req) => !req.url().startsWith(base) && foreign.push(req.url()));
        await page.goto(base, { timeout: 15_000 });
        await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
        assert.equal(await page.textContent('#node'), 'node 1');
        for (const id of [1, 2, 3]) assert.equal(await page.locator(`section[data-cluster="1"] svg g[data-node="${id}"]`).count(), 1, `node ${id} in the graph`);
        for (const id of [2, 3]) {
          assert.equal(await page.getAttribute(`section[data-cluster="1"] tr[data-node="${id}"]`, 'data-state'), 'Up');
          assert.equal(await page.textContent(`section[data-cluster="1"] tr[data-node="${id}"] td.route`), 'direct');
        }
        assert.equal(await page.locator('section[data-cluster="1"] svg line[data-state="Up"]').count(), 3, 'the three links of a full mesh');
        assert.match((await page.textContent('#tags tr[data-tag="vip/1"]')) ?? '', /vip.*1.*active/);
        assert.match((await page.textContent('#caps')) ?? '', /cachedb-local-repl/);
        await page.waitForSelector('#conn.live', { timeout: 10_000 });
        assert.match((await page.textContent('#events')) ?? '', /E_CLUSTERER_NODE_STATE_CHANGED cluster_id=1 node_id=3 new_state=1/, 'the feed starts with the recent events');

        await n3.node.stop();
        await waitFor(ms, () => n1.node.api.getNodes(1).some((n) => n.nodeId === 3 && n.linkState === 'Down'), 'node 1 sees node 3 Down');
        await page.waitForSelector('section[data-cluster="1"] tr[data-node="3"][data-state="Down"]', { timeout: 15_000 });
        await page.waitForSelector('section[data-cluster="1"] svg g[data-node="3"][data-state="Down"]', { timeout: 5_000 });
        // Evaluated in the page (the tests compile without the DOM's types).
        await page.waitForFunction("/E_CLUSTERER_NODE_STATE_CHANGED .*node_id=3 new_state=0/.test(document.getElementById('events').textContent)", undefined, { timeout: 15_000 });
        assert.deepEqual(problems, []);
        assert.deepEqual(foreign, [], 'every request goes to the node itself');
      });
    },
    { fullMesh: true, extra: (id) => (id === 1 ? { mi_http: miHttp, sharing_tag: 'vip/1=active' } : {}) },
  );
});
