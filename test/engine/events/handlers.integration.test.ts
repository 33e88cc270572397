import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { withConvergedCluster, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

function script(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const withCluster = (dir: string, handlers: (id: number) => Record<string, unknown>, fn: (ms: Member[]) => Promise<void>): Promise<void> =>
  withConvergedCluster(2, fn, { dir, extra: handlers });

test('exec handler: env vars and stdin JSON in, stdout back as the reply; slow and failing handlers are logged, never block', async () => {
  const { dir, cleanup } = tempDir();
  const where = script(dir, 'where.sh', [
    `cat > "${dir}/$CL_TAG.json"`,
    `env | grep "^CL_" | sort > "${dir}/$CL_TAG.env"`,
    '[ "$CL_MSG" = "where alice" ] && echo "alice is here"',
    'exit 0',
  ].join('\n'));
  const slow = script(dir, 'slow.sh', 'exec sleep 30');
  const failing = script(dir, 'fail.sh', 'echo "boom" >&2; exit 3');
  try {
    await withCluster(
      dir,
      (id) => (id === 2 ? {
        log_level: 'warn',
        event_handlers: [
          { event: 'E_CLUSTERER_REQ_RECEIVED', exec: where, timeout: '2s', concurrency: 4 },
          { event: 'E_CLUSTERER_REQ_RECEIVED', exec: slow, timeout: '200ms', filter: { msg: 'slow' } },
          { event: 'E_CLUSTERER_REQ_RECEIVED', exec: failing, filter: { msg: 'fail' } },
        ],
      } : {}),
      async ([a, b]) => {
        const m = a!.node.messaging.messenger;
        const r = await m.request(1, 2, 'where alice', 5000);
        assert.equal(r.reply?.msg, 'alice is here');
        const stdin = JSON.parse(readFileSync(join(dir, `${r.tag}.json`), 'utf8')) as { event: string; params: Record<string, unknown> };
        assert.deepEqual([stdin.event, stdin.params], ['E_CLUSTERER_REQ_RECEIVED', { cluster_id: 1, src_id: 1, msg: 'where alice', tag: r.tag }]);
        const env = readFileSync(join(dir, `${r.tag}.env`), 'utf8');
        for (const line of ['CL_EVENT=E_CLUSTERER_REQ_RECEIVED', 'CL_CLUSTER_ID=1', 'CL_SRC_ID=1', 'CL_MSG=where alice', `CL_TAG=${r.tag}`]) assert.ok(env.includes(`${line}\n`), line);

        const silent = await m.request(1, 2, 'where bob', 400);
        assert.equal(silent.code, 1);
        assert.equal(silent.reply, undefined, 'empty stdout sends no reply');

        const t0 = Date.now();
        await m.sendReq(1, 2, 'slow');
        await m.sendReq(1, 2, 'fail');
        const meanwhile = await m.request(1, 2, 'where alice', 3000);
        assert.equal(meanwhile.reply?.msg, 'alice is here', 'a slow handler does not hold up the others');
        await eventually(() => b!.logs.some((l) => /slow\.sh\) for E_CLUSTERER_REQ_RECEIVED failed: killed after 200 ms/.test(l.msg)), { what: 'timeout logged' });
        await eventually(() => b!.logs.some((l) => /fail\.sh\) for E_CLUSTERER_REQ_RECEIVED failed: exit 3: boom/.test(l.msg)), { what: 'failure logged' });
        assert.ok(Date.now() - t0 < 5000);
        assert.equal(b!.node.eventHandlers.running, 0, 'the slow handler was killed');
      },
    );
  } finally {
    cleanup();
  }
});

test('webhook handler: POSTs the event JSON, retries on 5xx, a text/plain answer becomes the reply', async () => {
  const { dir, cleanup } = tempDir();
  const bodies: string[] = [];
  let calls = 0;
  const srv = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      calls++;
      if (calls === 1) {
        res.writeHead(503).end('busy');
        return;
      }
      bodies.push(body);
      const ev = JSON.parse(body) as { params: { msg: string } };
      res.writeHead(200, { 'content-type': 'text/plain' }).end(ev.params.msg === 'where bob' ? 'bob is here\n' : '');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  try {
    await withCluster(
      dir,
      (id) => (id === 2 ? { event_handlers: [{ event: 'E_CLUSTERER_REQ_RECEIVED', url: `http://127.0.0.1:${port}/hook`, retries: 2, timeout: '1s' }] } : {}),
      async ([a]) => {
        const r = await a!.node.messaging.messenger.request(1, 2, 'where bob', 5000);
        assert.equal(r.reply?.msg, 'bob is here');
        assert.equal(calls, 2, 'one retry after the 503');
        const ev = JSON.parse(bodies[0]!) as Record<string, unknown>;
        assert.deepEqual(Object.keys(ev), ['event', 'params', 'time']);
        assert.deepEqual(ev.params, { cluster_id: 1, src_id: 1, msg: 'where bob', tag: r.tag });
      },
    );
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((r) => srv.close(() => r()));
    cleanup();
  }
});
